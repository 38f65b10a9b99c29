package dev.jobhub.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventFrameTest {

    @Test
    void readsAJobEventAndSkipsItsData() {
        EventFrame frame = EventFrame.parse("{\"id\":\"m1\",\"type\":\"job.completed\",\"data\":{\"jobId\":\"inner\","
                + "\"list\":[1,{\"a\":2}]},\"jobId\":\"j1\",\"occurredAt\":\"2026-12-02T10:00:00.123Z\"}");

        assertThat(frame).isEqualTo(new EventFrame("m1", "job.completed", "j1",
                Instant.parse("2026-12-02T10:00:00.123Z")));
        assertThat(frame.isJobEvent()).isTrue();
        assertThat(frame.readable()).isTrue();
    }

    @Test
    void theStreamsOwnMessagesAreReadableButNoJobEvents() {
        EventFrame heartbeat = EventFrame.parse("{\"id\":\"m2\",\"type\":\"heartbeat\"}");

        assertThat(heartbeat.isJobEvent()).isFalse();
        assertThat(heartbeat.readable()).isTrue();
        assertThat(heartbeat.occurredAt()).isNull();
    }

    @Test
    void whatCannotBeTrackedIsUnreadable() {
        assertThat(EventFrame.parse("not json")).isNull();
        assertThat(EventFrame.parse("[1,2]")).isNull();
        assertThat(EventFrame.parse("{\"type\":\"job.completed\",\"occurredAt\":\"yesterday\"}")).isNull();
        assertThat(EventFrame.parse("{\"type\":\"job.completed\"}").readable()).isFalse();
        assertThat(EventFrame.parse("{\"id\":\"m3\"}").readable()).isFalse();
    }
}
