package dev.jobhub.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.worker.sleep.SleepJobHandler;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobHandlersTest {

    @Test
    void findsHandlersByJobType() {
        JobHandlers handlers = new JobHandlers(List.of(new SleepJobHandler()));

        assertThat(handlers.forType("sleep")).containsInstanceOf(SleepJobHandler.class);
        assertThat(handlers.forType("vectorize")).isEmpty();
        assertThat(handlers.forType(null)).isEmpty();
        assertThat(handlers.types()).containsExactly("sleep");
    }

    @Test
    void refusesTwoHandlersOfOneType() {
        assertThatThrownBy(() -> new JobHandlers(List.of(new SleepJobHandler(), new SleepJobHandler())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two handlers for job type 'sleep'");
    }

    @Test
    void refusesAHandlerOfATypeSharedModelDoesNotDefine() {
        JobHandler stray = new JobHandler() {
            @Override
            public String jobType() {
                return "teleport";
            }

            @Override
            public JsonNode run(JobContext context) {
                return null;
            }
        };

        assertThatThrownBy(() -> new JobHandlers(List.of(stray)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'teleport'");
    }
}
