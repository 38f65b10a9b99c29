package dev.jobhub.model.jobtype;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;
import org.junit.jupiter.api.Test;

class SleepJobTypeTest {

    private static JsonNode json(String text) {
        return JobJsonCodec.fromJson(text, JsonNode.class);
    }

    private final JobType<?> sleep = JobTypes.byName("sleep").orElseThrow();

    @Test
    void acceptsAValidPayload() {
        assertThat(sleep.validateJson(json("{\"steps\":3,\"stepMillis\":100,\"failAtStep\":2}"))).isEmpty();
    }

    @Test
    void namesEachFieldThatIsWrong() {
        assertThat(sleep.validateJson(json("{\"steps\":-1,\"stepMillis\":-5}")))
                .extracting(PayloadViolation::field)
                .containsExactly("payload.steps", "payload.stepMillis");
        assertThat(sleep.validateJson(json("{\"steps\":2,\"stepMillis\":1,\"failAtStep\":3}")))
                .extracting(PayloadViolation::field)
                .containsExactly("payload.failAtStep");
    }

    @Test
    void rejectsPayloadsThatDoNotBind() {
        assertThat(sleep.validateJson(json("{\"steps\":\"many\"}"))).extracting(PayloadViolation::field)
                .containsExactly("payload");
        assertThat(sleep.validateJson(json("[1,2]"))).isNotEmpty();
        assertThat(sleep.validateJson(null)).isNotEmpty();
    }

    @Test
    void unknownTypesAreNotRegistered() {
        assertThat(JobTypes.byName("mine-bitcoin")).isEmpty();
        assertThat(JobTypes.names()).contains("sleep");
    }
}
