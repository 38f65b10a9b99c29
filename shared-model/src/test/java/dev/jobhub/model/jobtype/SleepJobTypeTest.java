package dev.jobhub.model.jobtype;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.JobJsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
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
    void zeroStepsIsANoOpJobThatCannotFail() {
        assertThat(sleep.validateJson(json("{\"steps\":0,\"stepMillis\":0}"))).isEmpty();
        assertThat(sleep.validateJson(json("{\"steps\":0,\"stepMillis\":0,\"failAtStep\":1}")))
                .extracting(PayloadViolation::field)
                .containsExactly("payload.failAtStep");
        assertThat(sleep.validateJson(json("{\"steps\":100001,\"stepMillis\":0}")))
                .extracting(PayloadViolation::message)
                .containsExactly("must be between 0 and 100000");
    }

    @Test
    void theContractSchemaStatesTheSameLimits() throws IOException {
        JsonNode payload;
        try (InputStream in = getClass().getResourceAsStream("/contract/sleep-job.schema.json")) {
            assertThat(in).isNotNull();
            payload = JobJsonCodec.mapper().readTree(in).at("/$defs/SleepPayload/properties");
        }

        assertThat(payload.at("/steps/minimum").asInt()).isZero();
        assertThat(payload.at("/steps/maximum").asInt()).isEqualTo(SleepJobType.MAX_STEPS);
        assertThat(payload.at("/stepMillis/maximum").asLong()).isEqualTo(SleepJobType.MAX_STEP_MILLIS);
        List<String> declared = new ArrayList<>();
        payload.fieldNames().forEachRemaining(declared::add);
        assertThat(declared).containsExactlyInAnyOrder(java.util.Arrays.stream(SleepPayload.class.getRecordComponents())
                .map(RecordComponent::getName).toArray(String[]::new));
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
    void failTimesLimitsTheFailingAttempts() {
        SleepPayload payload = new SleepPayload(3, 1, 2, 2);

        assertThat(payload.failsOnAttempt(1)).isTrue();
        assertThat(payload.failsOnAttempt(2)).isTrue();
        assertThat(payload.failsOnAttempt(3)).isFalse();
        assertThat(new SleepPayload(3, 1, 2).failsOnAttempt(9)).isTrue();
        assertThat(new SleepPayload(3, 1, null).failsOnAttempt(1)).isFalse();
        assertThat(sleep.validateJson(json("{\"steps\":2,\"stepMillis\":1,\"failAtStep\":1,\"failTimes\":0}")))
                .extracting(PayloadViolation::field).containsExactly("payload.failTimes");
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
