package dev.jobhub.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobMessagesJsonTest {

    private static JobCommand aCommand() {
        ObjectNode payload = JobJsonCodec.mapper().createObjectNode().put("steps", 3).put("stepMillis", 10);
        return JobCommand.run(UUID.randomUUID(), "alice", "sleep", Priority.HIGH, payload, 1, 2, 3, 60_000L);
    }

    @Test
    void commandSurvivesARoundTrip() {
        JobCommand command = aCommand();

        JobCommand read = JobJsonCodec.fromBytes(JobJsonCodec.toBytes(command), JobCommand.class);

        assertThat(read).isEqualTo(command);
    }

    @Test
    void everyEventTypeSurvivesARoundTrip() {
        JobCommand command = aCommand();
        JsonNode result = JobJsonCodec.mapper().createObjectNode().put("slept", 30);
        JobEvent[] events = {
            JobEvent.queued(command.jobId(), "alice", "sleep", 1, 1),
            JobEvent.started(command, 2, "worker-1"),
            JobEvent.progress(command, 3, Progress.of(1, 3, "step 1 of 3"), "worker-1"),
            JobEvent.completed(command, 4, result, "worker-1"),
            JobEvent.failed(command, 4, JobError.of("handler_error", "boom"), "worker-1"),
            JobEvent.attemptFailed(command, 4, JobError.permanent("invalid_payload", "no"), "worker-1"),
            JobEvent.cancelled(command, 4, "worker-1"),
        };

        for (JobEvent event : events) {
            assertThat(JobJsonCodec.fromBytes(JobJsonCodec.toBytes(event), JobEvent.class)).isEqualTo(event);
        }
    }

    @Test
    void eventWireFormatUsesContractNames() {
        JobCommand command = aCommand();
        JobEvent event = JobEvent.progress(command, 7, Progress.of(1, 3, "step 1 of 3"), "worker-1");

        JsonNode json = JobJsonCodec.mapper().valueToTree(event);

        assertThat(json.get("type").asText()).isEqualTo("job.progress");
        assertThat(json.get("state").asText()).isEqualTo("active");
        assertThat(json.get("sequence").asLong()).isEqualTo(7);
        assertThat(json.get("occurredAt").isTextual()).as("instants are ISO strings").isTrue();
        assertThat(json.get("progress").get("percentage").asDouble()).isEqualTo(33.3);
        assertThat(json.has("result")).as("absent values are left out").isFalse();
        assertThat(json.has("typeName")).isFalse();
    }

    @Test
    void controlHeartbeatAndDeadLetterSurviveARoundTrip() {
        JobCommand command = aCommand();
        JobControl control = JobControl.of(JobControl.Action.DROP, command.jobId(), "alice", 2, "cancel not acknowledged");
        JobHeartbeat heartbeat = JobHeartbeat.of(command, "worker-1");
        DeadLetter dead = DeadLetter.of(command.jobId(), "alice", 8, "sleep", Priority.HIGH, command.payload(), 3, 3,
                java.util.List.of(new DeadLetter.AttemptError(1, "timeout", "over 30 s", java.time.Instant.now())));

        assertThat(JobJsonCodec.fromBytes(JobJsonCodec.toBytes(control), JobControl.class)).isEqualTo(control);
        assertThat(JobJsonCodec.fromBytes(JobJsonCodec.toBytes(heartbeat), JobHeartbeat.class)).isEqualTo(heartbeat);
        assertThat(JobJsonCodec.fromBytes(JobJsonCodec.toBytes(dead), DeadLetter.class)).isEqualTo(dead);
        assertThat(JobJsonCodec.toJson(control)).contains("\"action\":\"drop\"");
    }

    @Test
    void unknownFieldsAreIgnoredSoANewerProducerDoesNotBreakAnOlderConsumer() {
        ObjectNode json = JobJsonCodec.mapper().valueToTree(JobEvent.started(aCommand(), 2, "worker-1"));
        json.put("fieldFromTheFuture", "x");
        json.putObject("nested").put("also", "new");
        ((ObjectNode) JobJsonCodec.mapper().createObjectNode()).put("ignored", true);

        JobEvent read = JobJsonCodec.fromJson(json.toString(), JobEvent.class);

        assertThat(read.type()).isEqualTo(JobEventType.STARTED);
        assertThat(read.sequence()).isEqualTo(2);
    }

    @Test
    void malformedMessageIsRejectedWithAReason() {
        assertThatThrownBy(() -> JobJsonCodec.fromBytes("{\"type\":\"job.exploded\"}".getBytes(StandardCharsets.UTF_8),
                JobEvent.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JobEvent");
    }
}
