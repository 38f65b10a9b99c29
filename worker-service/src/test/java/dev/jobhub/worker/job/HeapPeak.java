package dev.jobhub.worker.job;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap a benchmark's run uses: the baseline after a GC, then the highest heap use sampled every 10 ms until
 * {@link #close()}. The peak includes garbage not yet collected, so it is an upper bound of what the run holds.
 */
public final class HeapPeak implements AutoCloseable {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final long baseline;
    private final AtomicLong peak;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread sampler;

    public HeapPeak() {
        System.gc();
        baseline = memory.getHeapMemoryUsage().getUsed();
        peak = new AtomicLong(baseline);
        sampler = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        sampler.join();
    }

    public long baselineMiB() {
        return baseline >> 20;
    }

    public long peakMiB() {
        return peak.get() >> 20;
    }

    public long maxMiB() {
        return memory.getHeapMemoryUsage().getMax() >> 20;
    }
}
