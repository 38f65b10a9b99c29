package dev.jobhub.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobhub.model.JobCommand;
import dev.jobhub.model.JobJsonCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How the intake reads records; the hand-over itself runs against real Kafka in {@code JobExecutionTest}. */
class JobIntakeTest {

    @Test
    void readsACommand() {
        JobCommand command = JobCommands.sleep(1, 1, null);

        JobCommand read = JobIntake.decode(JobJsonCodec.toBytes(command));

        // compared as JSON: a parsed payload holds ints where the built one holds longs
        assertThat(JobJsonCodec.toJson(read)).isEqualTo(JobJsonCodec.toJson(command));
    }

    @Test
    void refusesWhatIsNotACommand() {
        assertThatThrownBy(() -> JobIntake.decode(null)).hasMessage("empty record");
        assertThatThrownBy(() -> JobIntake.decode(bytes("{not json"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobIntake.decode(bytes("{\"type\":\"job.run\",\"jobType\":\"sleep\"}")))
                .hasMessage("no jobId");
        assertThatThrownBy(() -> JobIntake.decode(
                bytes("{\"type\":\"job.progress\",\"jobId\":\"8d1f5a36-3f5e-4c1e-9a47-0d7b1c2e3f40\"}")))
                .hasMessageContaining("not job.run");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
