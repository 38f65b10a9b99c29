package dev.jobhub.notify.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventIntakeTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(10 * SECOND);
    private final EventIntake intake = new EventIntake(now::get);

    @Test
    void aBurstShowsAtOnceAndIsForgottenASecondAfterItEnds() {
        assertThat(intake.perSecond()).isZero();

        intake.tookIn(300);
        intake.tookIn(200);
        assertThat(intake.perSecond()).as("within the second").isEqualTo(500);

        now.addAndGet(SECOND);
        intake.tookIn(50);
        assertThat(intake.perSecond()).as("the last full second still counts").isEqualTo(500);

        now.addAndGet(SECOND);
        assertThat(intake.perSecond()).as("the second after: only what came then").isEqualTo(50);

        now.addAndGet(SECOND);
        assertThat(intake.perSecond()).isZero();
    }

    @Test
    void aLongPauseForgetsEverything() {
        intake.tookIn(1_000);
        now.addAndGet(5 * SECOND);
        assertThat(intake.perSecond()).isZero();
        intake.tookIn(7);
        assertThat(intake.perSecond()).isEqualTo(7);
    }
}
