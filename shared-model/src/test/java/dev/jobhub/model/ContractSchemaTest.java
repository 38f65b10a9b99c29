package dev.jobhub.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.model.jobtype.SchemaInclude;
import dev.jobhub.model.jobtype.SchemaRebuildPayload;
import dev.jobhub.model.jobtype.SchemaRebuildResult;
import dev.jobhub.model.jobtype.SchemaTrainPayload;
import dev.jobhub.model.jobtype.VectorizePayload;
import dev.jobhub.model.jobtype.VectorizeResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The published JSON Schemas and the records must not drift apart. */
class ContractSchemaTest {

    private static JsonNode schema(String name) throws IOException {
        try (InputStream in = ContractSchemaTest.class.getResourceAsStream("/contract/" + name)) {
            assertThat(in).as(name).isNotNull();
            return JobJsonCodec.mapper().readTree(in);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    @Test
    void eventSchemaListsEveryEventTypeAndState() throws IOException {
        JsonNode properties = schema("job-event.schema.json").get("properties");

        assertThat(texts(properties.get("type").get("enum")))
                .containsExactlyInAnyOrderElementsOf(List.of(java.util.Arrays.stream(JobEventType.values())
                        .map(JobEventType::wireName).toArray(String[]::new)));
        assertThat(texts(properties.get("state").get("enum")))
                .containsExactlyInAnyOrderElementsOf(List.of(java.util.Arrays.stream(JobState.values())
                        .map(JobState::wireName).toArray(String[]::new)));
    }

    @Test
    void serialisedMessagesCarryEveryRequiredFieldAndOnlyKnownOnes() throws IOException {
        JobCommand command = JobCommand.run(UUID.randomUUID(), "bob", "sleep", Priority.NORMAL,
                JobJsonCodec.mapper().createObjectNode().put("steps", 1), 0, 1, 3, null);
        JobEvent failed = JobEvent.failed(command, 2, JobError.of("handler_error", "x"), "w");

        assertConforms(JobJsonCodec.mapper().valueToTree(command), schema("job-command.schema.json"));
        assertConforms(JobJsonCodec.mapper().valueToTree(failed), schema("job-event.schema.json"));
        assertConforms(JobJsonCodec.mapper().valueToTree(JobHeartbeat.of(command, "w")), schema("job-heartbeat.schema.json"));
        assertConforms(JobJsonCodec.mapper().valueToTree(JobControl.of(JobControl.Action.CANCEL, command.jobId(), "bob", 1,
                "user asked")), schema("job-control.schema.json"));
        assertConforms(JobJsonCodec.mapper().valueToTree(DeadLetter.of(command.jobId(), "bob", 9, "sleep", Priority.LOW,
                command.payload(), 3, 3, List.of(new DeadLetter.AttemptError(1, "handler_error", "x", java.time.Instant.now())))),
                schema("dead-letter.schema.json"));
    }

    @Test
    void schemaJobPayloadsAndResultMatchTheirSchemas() throws IOException {
        JsonNode defs = schema("schema-jobs.schema.json").get("$defs");
        UUID connection = UUID.randomUUID();

        assertConforms(JobJsonCodec.mapper().valueToTree(new SchemaRebuildPayload(connection, true)),
                defs.get("SchemaRebuildPayload"));
        assertConforms(JobJsonCodec.mapper().valueToTree(new SchemaTrainPayload(connection, List.of("public"),
                List.of("public.orders"), SchemaInclude.ALL)), defs.get("SchemaTrainPayload"));
        assertConforms(JobJsonCodec.mapper().valueToTree(new SchemaRebuildResult(1, 2, 3, 4, 5, 6, false, "f",
                java.time.Instant.now())), defs.get("SchemaRebuildResult"));
        List<String> flags = new ArrayList<>();
        JobJsonCodec.mapper().valueToTree(SchemaInclude.ALL).fieldNames().forEachRemaining(flags::add);
        List<String> declared = new ArrayList<>();
        defs.at("/SchemaTrainPayload/properties/include/properties").fieldNames().forEachRemaining(declared::add);
        assertThat(declared).containsExactlyInAnyOrderElementsOf(flags);
    }

    @Test
    void documentJobPayloadAndResultMatchTheirSchemas() throws IOException {
        JsonNode defs = schema("document-jobs.schema.json").get("$defs");

        assertConforms(JobJsonCodec.mapper().valueToTree(new VectorizePayload(UUID.randomUUID(), 1000, 100)),
                defs.get("VectorizePayload"));
        assertConforms(JobJsonCodec.mapper().valueToTree(new VectorizeResult(3, 3, 384, "all-minilm-l6-v2-q", 42)),
                defs.get("VectorizeResult"));
        DocumentProcessed processed = new DocumentProcessed(UUID.randomUUID(), DocumentProcessed.TYPE, 1,
                Instant.now(), "alice", UUID.randomUUID(), UUID.randomUUID(), "a.pdf", "failed", "no text", null, null,
                Instant.now());
        assertConforms(JobJsonCodec.mapper().valueToTree(processed), defs.get("DocumentProcessed"));
        assertThat(texts(defs.get("DocumentProcessed").get("required"))).allSatisfy(field ->
                assertThat(DocumentProcessed.class.getRecordComponents()).extracting("name").contains(field));
    }

    @Test
    void aNotificationRequestMatchesItsSchema() throws IOException {
        JsonNode schema = schema("notification-request.schema.json");
        NotificationRequest request = new NotificationRequest(UUID.randomUUID(), NotificationRequest.TYPE, 1,
                Instant.now(), "invitation", java.util.List.of("alice"), false, "Join the team", "Ada invites you",
                JobJsonCodec.mapper().createObjectNode().put("acceptUrl", "https://app.example/accept/1"));

        assertConforms(JobJsonCodec.mapper().valueToTree(request), schema);
        assertThat(texts(schema.get("required"))).allSatisfy(field ->
                assertThat(NotificationRequest.class.getRecordComponents()).extracting("name").contains(field));
    }

    @Test
    void aQueuedEventCarriesThePerJobWebhookOnlyWhenTheJobHasOne() throws IOException {
        JsonNode schema = schema("job-event.schema.json");
        UUID job = UUID.randomUUID();
        JsonNode withWebhook = JobJsonCodec.mapper().valueToTree(
                JobEvent.queued(job, "bob", "sleep", 1, 1, "https://hooks.example.com/jobs?k=1"));
        JsonNode without = JobJsonCodec.mapper().valueToTree(JobEvent.queued(job, "bob", "sleep", 1, 1));

        assertConforms(withWebhook, schema);
        assertThat(withWebhook.get("webhookUrl").asText()).isEqualTo("https://hooks.example.com/jobs?k=1");
        assertThat(without.has("webhookUrl")).as("no key at all for a job without a webhook").isFalse();
        assertThat(schema.at("/properties/webhookUrl/type").asText()).isEqualTo("string");
        assertThat(schema.at("/properties/webhookUrl/format").asText()).isEqualTo("uri");
        assertThat(texts(schema.get("required"))).doesNotContain("webhookUrl");
        assertThat(JobJsonCodec.fromBytes(JobJsonCodec.toBytes(JobEvent.queued(job, "bob", "sleep", 1, 1,
                "http://hooks.example.com/")), JobEvent.class).webhookUrl()).isEqualTo("http://hooks.example.com/");
    }

    @Test
    void aJobWatchersMessageMatchesItsSchemaAndTheAsyncApiDocumentNamesIt() throws IOException {
        JsonNode schema = schema("job-watchers.schema.json");
        JobWatchers watchers = JobWatchers.of(UUID.randomUUID(), "alice", 3, List.of("bob", "carol"));

        assertConforms(JobJsonCodec.mapper().valueToTree(watchers), schema);
        assertThat(texts(schema.get("required"))).allSatisfy(field ->
                assertThat(JobWatchers.class.getRecordComponents()).extracting("name").contains(field));
        assertThat(schema.at("/properties/type/const").asText()).isEqualTo(JobWatchers.TYPE);
        assertThat(schema.at("/properties/watchers/maxItems").asInt()).isEqualTo(JobWatchers.MAX_WATCHERS);
        assertThat(schema.at("/properties/watchers/items/maxLength").asInt())
                .isEqualTo(JobWatchers.MAX_USER_ID_LENGTH);
        try (InputStream in = ContractSchemaTest.class.getResourceAsStream("/contract/asyncapi.yaml")) {
            String asyncApi = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(asyncApi).contains("$ref: './job-watchers.schema.json'")
                    .contains("$ref: '#/components/messages/JobWatchers'");
        }
    }

    @Test
    void aJobWatchersMessageTravelsAsACloudEventOfItsJobAndOwner() {
        JobWatchers watchers = JobWatchers.of(UUID.randomUUID(), "alice", 1, List.of("bob"));

        var headers = CloudEventHeaders.of(watchers, "/jobhub/api-service");

        assertThat(new String(headers.get("ce_type"))).isEqualTo(JobWatchers.TYPE);
        assertThat(new String(headers.get("ce_subject"))).isEqualTo(watchers.jobId().toString());
        assertThat(new String(headers.get(CloudEventHeaders.USER_ID))).isEqualTo("alice");
        assertThat(JobJsonCodec.fromBytes(JobJsonCodec.toBytes(watchers), JobWatchers.class)).isEqualTo(watchers);
    }

    @Test
    void aFailedAttemptIsRetryingUnlessItIsTheLastOrPermanent() {
        JobCommand first = JobCommand.run(UUID.randomUUID(), "bob", "sleep", Priority.NORMAL,
                JobJsonCodec.mapper().createObjectNode(), 1, 1, 3, null);
        JobCommand last = JobCommand.run(first.jobId(), "bob", "sleep", Priority.NORMAL,
                JobJsonCodec.mapper().createObjectNode(), 5, 3, 3, null);

        assertThat(JobEvent.attemptFailed(first, 2, JobError.of("handler_error", "x"), "w").type())
                .isEqualTo(JobEventType.RETRYING);
        assertThat(JobEvent.attemptFailed(first, 2, JobError.permanent("invalid_payload", "x"), "w").type())
                .isEqualTo(JobEventType.FAILED);
        assertThat(JobEvent.attemptFailed(last, 6, JobError.of("handler_error", "x"), "w").type())
                .isEqualTo(JobEventType.FAILED);
        assertThat(JobEvent.attemptFailed(first, 2, JobError.of("handler_error", "x"), "w").state())
                .isEqualTo(JobState.RETRYING);
    }

    private static void assertConforms(JsonNode message, JsonNode schema) {
        List<String> fields = new ArrayList<>();
        message.fieldNames().forEachRemaining(fields::add);
        List<String> declared = new ArrayList<>();
        schema.get("properties").fieldNames().forEachRemaining(declared::add);

        assertThat(fields).containsAll(texts(schema.get("required")));
        assertThat(declared).containsAll(fields);
    }

    @Test
    void cloudEventHeadersMirrorTheEnvelope() {
        JobEvent event = JobEvent.queued(UUID.randomUUID(), "carol", "sleep", 1, 1);

        var headers = CloudEventHeaders.of(event, "/jobhub/api-service");

        assertThat(new String(headers.get("ce_specversion"))).isEqualTo("1.0");
        assertThat(new String(headers.get("ce_id"))).isEqualTo(event.id().toString());
        assertThat(new String(headers.get("ce_type"))).isEqualTo("job.queued");
        assertThat(new String(headers.get("ce_subject"))).isEqualTo(event.jobId().toString());
        assertThat(new String(headers.get("ce_source"))).isEqualTo("/jobhub/api-service");
        assertThat(new String(headers.get("content-type"))).isEqualTo("application/json");
    }
}
