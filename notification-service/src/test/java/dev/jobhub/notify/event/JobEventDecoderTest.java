package dev.jobhub.notify.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.model.JobEvent;
import dev.jobhub.model.JobEventType;
import dev.jobhub.model.JobJsonCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class JobEventDecoderTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final JobEventDecoder decoder = new JobEventDecoder(meters);

    @Test
    void readsAnEvent() {
        JobEvent event = JobEvent.queued(UUID.randomUUID(), "alice", "sleep", 1, 1);

        assertThat(decoder.decode(record(JobJsonCodec.toBytes(event)), "test")).contains(event);
        assertThat(malformed()).isZero();
    }

    @Test
    void skipsWhatIsNotAnEventAndCountsIt() {
        assertThat(decoder.decode(record("not json".getBytes(StandardCharsets.UTF_8)), "test")).isEmpty();
        assertThat(decoder.decode(record(null), "test")).isEmpty();
        assertThat(decoder.decode(record("{\"type\":\"job.exploded\"}".getBytes(StandardCharsets.UTF_8)), "test"))
                .isEmpty();
        assertThat(malformed()).isEqualTo(3);
    }

    @Test
    void skipsAnEventWithoutUser() {
        JobEvent event = JobEvent.queued(UUID.randomUUID(), null, "sleep", 1, 1);

        assertThat(decoder.decode(record(JobJsonCodec.toBytes(event)), "test")).isEmpty();
    }

    @Test
    void readsTheHeadOfAnEventWithoutTheRest() {
        JobEvent event = JobEvent.queued(UUID.randomUUID(), "alice", "sleep", 7, 3);

        assertThat(decoder.decodeHead(record(JobJsonCodec.toBytes(event)), "test"))
                .contains(new JobEventHead(event.jobId(), JobEventType.QUEUED, 3, 7));
        // fields in any order, nested values skipped
        String json = "{\"progress\":{\"current\":1,\"deep\":[{\"attempt\":99}]},\"sequence\":5,"
                + "\"attempt\":2,\"type\":\"job.started\",\"jobId\":\"" + event.jobId() + "\"}";
        assertThat(decoder.decodeHead(record(json.getBytes(StandardCharsets.UTF_8)), "test"))
                .contains(new JobEventHead(event.jobId(), JobEventType.STARTED, 2, 5));
        assertThat(malformed()).isZero();
    }

    @Test
    void skipsAHeadThatIsNotAnEventsAndCountsIt() {
        for (String value : new String[] { "not json", "[1]", "{\"type\":\"job.started\"}",
                "{\"jobId\":\"" + UUID.randomUUID() + "\"}", "{\"type\":\"job.exploded\",\"jobId\":\"x\"}",
                "{\"type\":\"job.started\",\"jobId\":\"not-a-uuid\"}" }) {
            assertThat(decoder.decodeHead(record(value.getBytes(StandardCharsets.UTF_8)), "test")).as(value)
                    .isEmpty();
        }
        assertThat(decoder.decodeHead(record(null), "test")).isEmpty();
        assertThat(malformed()).isEqualTo(7);
    }

    private double malformed() {
        return meters.counter("jobhub.notify.events.malformed", "consumer", "test").count();
    }

    private static ConsumerRecord<String, byte[]> record(byte[] value) {
        return new ConsumerRecord<>("jobs.events", 0, 42, "key", value);
    }
}
