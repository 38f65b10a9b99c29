package dev.jobhub.notify.event;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.LongSupplier;

/**
 * How many job events this instance has taken in lately: the load of the live path (storing notifications and
 * feeding every WebSocket and SSE client), to which background work such as the email sender gives way.
 *
 * <p>Counts per whole second; the rate is the larger of the last full second's count and the current one's, so a
 * burst shows at once and is forgotten a second after it ends. Called once per Kafka poll and once per sender round,
 * so a monitor costs nothing worth a lock-free design.
 */
@ApplicationScoped
public class EventIntake {

    private static final long SECOND = 1_000_000_000L;

    private final LongSupplier nanoClock;
    private long window;
    private long current;
    private long previous;

    public EventIntake() {
        this(System::nanoTime);
    }

    EventIntake(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.window = nanoClock.getAsLong() / SECOND;
    }

    /** {@code count} job events were just taken in. */
    public synchronized void tookIn(int count) {
        roll();
        current += count;
    }

    /** Events per second lately (see the class comment). */
    public synchronized long perSecond() {
        roll();
        return Math.max(previous, current);
    }

    private void roll() {
        long now = nanoClock.getAsLong() / SECOND;
        if (now == window) {
            return;
        }
        previous = now == window + 1 ? current : 0;
        current = 0;
        window = now;
    }
}
