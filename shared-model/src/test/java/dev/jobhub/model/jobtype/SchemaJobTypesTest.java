package dev.jobhub.model.jobtype;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.model.JobJsonCodec;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SchemaJobTypesTest {

    private final JobType<?> rebuild = JobTypes.byName(SchemaJobTypes.REBUILD).orElseThrow();
    private final JobType<?> train = JobTypes.byName(SchemaJobTypes.TRAIN).orElseThrow();

    @Test
    void schemaJobsAreSubmittedOnlyThroughTheirEndpoints() {
        assertThat(rebuild.internal()).isTrue();
        assertThat(train.internal()).isTrue();
        assertThat(JobTypes.byName(SleepJobType.NAME).orElseThrow().internal()).isFalse();
    }

    @Test
    void aRebuildNeedsItsConnection() {
        assertThat(rebuild.validateJson(JobJsonCodec.mapper().createObjectNode()))
                .extracting(PayloadViolation::field).containsExactly("payload.connectionId");
        assertThat(rebuild.validateJson(JobJsonCodec.mapper().createObjectNode()
                .put("connectionId", UUID.randomUUID().toString()))).isEmpty();
    }

    @Test
    void trainingDefaultsToEverythingAndRefusesControlCharacters() {
        SchemaTrainPayload payload = JobJsonCodec.fromJson(
                "{\"connectionId\":\"" + UUID.randomUUID() + "\",\"include\":{\"indexes\":false}}",
                SchemaTrainPayload.class);
        assertThat(payload.schemas()).isEmpty();
        assertThat(payload.include()).isEqualTo(new SchemaInclude(true, true, true, false, true));

        var bad = JobJsonCodec.mapper().createObjectNode().put("connectionId", UUID.randomUUID().toString());
        bad.putArray("tables").add("public.orders\u0000");
        assertThat(train.validateJson(bad)).extracting(PayloadViolation::field).containsExactly("payload.tables");
        bad.putArray("tables").add("public.orders");
        assertThat(train.validateJson(bad)).isEmpty();
    }

    @Test
    void aConnectionHasOneSingletonKeyForBothJobTypes() {
        UUID connection = UUID.randomUUID();
        assertThat(SchemaJobTypes.singletonKey(connection)).isEqualTo("schema:" + connection);
        assertThat(List.of(SchemaJobTypes.REBUILD, SchemaJobTypes.TRAIN)).allMatch(JobTypes.names()::contains);
    }
}
