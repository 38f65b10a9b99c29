package dev.jobhub.stack.bench;

import dev.jobhub.stack.Stack;
import dev.jobhub.stack.infra.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * CPU time and resident memory of the stack's processes from {@code /proc}, found through the stack's own pid files.
 * CPU of a process tree is its root's own and reaped children's time plus its live descendants' time, so PostgreSQL
 * backends that come and go are counted exactly once.
 */
final class ProcessSampler {

    private static final long SAMPLE_MILLIS = 1000;

    /**
     * A process to measure; {@code root} is looked up at every sample, since a process may be restarted.
     *
     * @param tree the root's children count too (PostgreSQL: the postmaster forks a process per connection)
     */
    record Target(String name, Supplier<Optional<ProcessHandle>> root, boolean tree, boolean stackPart) {
    }

    private final List<Target> targets;
    private final ScheduledExecutorService scheduler;
    private final double ticksPerSecond;

    ProcessSampler(List<Target> targets, ScheduledExecutorService scheduler) {
        this.targets = targets;
        this.scheduler = scheduler;
        this.ticksPerSecond = ClockTicks.perSecond();
    }

    static List<Target> targetsOf(Stack stack) {
        List<Target> targets = new ArrayList<>();
        targets.add(new Target("postgres", stack.postgres()::process, true, true));
        targets.add(new Target("kafka", stack.kafka()::process, false, true));
        for (ServiceProcess service : stack.services()) {
            targets.add(new Target(service.name(), service::process, false, true));
        }
        // the local SMTP server stands for a mail relay elsewhere: shown, since it shares these cores, but not
        // charged to the stack
        targets.add(new Target("greenmail (SMTP)", stack.mail()::process, false, false));
        targets.add(new Target("bench (client)", () -> Optional.of(ProcessHandle.current()), false, false));
        return targets;
    }

    List<String> missing() {
        return targets.stream().filter(t -> t.stackPart() && t.root().get().isEmpty()).map(Target::name).toList();
    }

    Measurement start() {
        return new Measurement();
    }

    /** One workload's measurement: CPU from its start to {@link #stop()}, memory sampled every second. */
    final class Measurement {

        /** per target and root pid: tree ticks at the first sample and at the latest one */
        private final Map<String, Map<Long, long[]>> ticks = new HashMap<>();
        private final Map<String, Long> peakRssKib = new HashMap<>();
        private final Map<String, Long> hwmKib = new HashMap<>();
        private final ScheduledFuture<?> sampling;
        private boolean first = true;

        private Measurement() {
            sample();
            first = false;
            sampling = scheduler.scheduleAtFixedRate(this::sample, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        }

        private synchronized void sample() {
            for (Target target : targets) {
                Optional<ProcessHandle> root = target.root().get();
                if (root.isEmpty()) {
                    continue;
                }
                Tree tree = readTree(root.get().pid(), target.tree());
                if (tree == null) {
                    continue;
                }
                // a process started during the workload (a restart) counts from zero
                ticks.computeIfAbsent(target.name(), n -> new HashMap<>())
                        .computeIfAbsent(root.get().pid(), pid -> new long[] {first ? tree.ticks() : 0, 0})[1] =
                        tree.ticks();
                peakRssKib.merge(target.name(), tree.memoryKib(), Math::max);
                hwmKib.put(target.name(), tree.rootHwmKib());
            }
        }

        synchronized List<ProcessUsage> stop() {
            sampling.cancel(false);
            sample();
            List<ProcessUsage> usage = new ArrayList<>();
            for (Target target : targets) {
                long used = ticks.getOrDefault(target.name(), Map.of()).values().stream()
                        .mapToLong(t -> t[1] - t[0]).sum();
                usage.add(new ProcessUsage(target.name(), target.stackPart(), used / ticksPerSecond,
                        peakRssKib.getOrDefault(target.name(), 0L) / 1024.0,
                        hwmKib.getOrDefault(target.name(), 0L) / 1024.0));
            }
            return usage;
        }
    }

    /** @param memoryKib VmRSS of a single process; of a tree, see {@link #readTree} */
    private record Tree(long ticks, long memoryKib, long rootHwmKib) {
    }

    /**
     * Reads a process, or a process and its descendants. A tree's memory is each process's private memory
     * (RssAnon) plus the largest shared part (RssFile + RssShmem) once: PostgreSQL's shared buffers are mapped by
     * every backend, and summing VmRSS would count them once per backend. (PSS from smaps_rollup would be exact,
     * but walking every backend's page tables each second costs the benchmark a tenth of a core.)
     */
    private static Tree readTree(long root, boolean tree) {
        try {
            ProcStat rootStat = ProcStat.parse(read(root, "stat"));
            String rootStatus = read(root, "status");
            long hwm = ProcStat.statusKib(rootStatus, "VmHWM");
            long ticks = rootStat.ownTicks() + rootStat.childTicks();
            if (!tree) {
                return new Tree(ticks, ProcStat.statusKib(rootStatus, "VmRSS"), hwm);
            }
            long privateKib = ProcStat.statusKib(rootStatus, "RssAnon");
            long sharedKib = shared(rootStatus);
            for (long child : descendants(root)) {
                try {
                    ticks += ProcStat.parse(read(child, "stat")).ownTicks();
                    String status = read(child, "status");
                    privateKib += ProcStat.statusKib(status, "RssAnon");
                    sharedKib = Math.max(sharedKib, shared(status));
                } catch (IOException ended) {
                    // a backend that ended since the listing: its time is in its parent's reaped-children time
                }
            }
            return new Tree(ticks, privateKib + sharedKib, hwm);
        } catch (IOException | RuntimeException ended) {
            return null;
        }
    }

    private static long shared(String status) {
        return ProcStat.statusKib(status, "RssFile") + ProcStat.statusKib(status, "RssShmem");
    }

    /** Children from {@code /proc/<pid>/task/<pid>/children}: cheaper than scanning all of /proc each sample. */
    private static List<Long> descendants(long pid) {
        List<Long> found = new ArrayList<>();
        List<Long> pending = new ArrayList<>(List.of(pid));
        while (!pending.isEmpty() && found.size() < 10_000) {
            long parent = pending.remove(pending.size() - 1);
            try {
                for (String child : read(parent, "task/" + parent + "/children").trim().split("\\s+")) {
                    if (!child.isEmpty()) {
                        found.add(Long.parseLong(child));
                        pending.add(Long.parseLong(child));
                    }
                }
            } catch (IOException ended) {
                // gone meanwhile
            }
        }
        return found;
    }

    private static String read(long pid, String file) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid), file));
    }
}
