package dev.jobhub.notify.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobhub.model.JobEvent;
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

    private double malformed() {
        return meters.counter("jobhub.notify.events.malformed", "consumer", "test").count();
    }

    private static ConsumerRecord<String, byte[]> record(byte[] value) {
        return new ConsumerRecord<>("jobs.events", 0, 42, "key", value);
    }
}
