package dev.jobhub.stack.bench;

import dev.jobhub.stack.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The core-path benchmark, run by {@code deploy/local/bench}: workloads through the public REST API and the
 * WebSocket of a running local stack, the CPU and memory of its processes from {@code /proc}, a table, and JSON
 * under {@code .local/bench/}. Exits 1 if a workload lost or duplicated a job; speed never fails it.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path root = Path.of(System.getProperty("jobhub.project.root", ".")).toAbsolutePath().normalize();
        Stack stack = Stack.of(root);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Report report;
        try (BenchRun run = new BenchRun(stack, options, stamp)) {
            List<String> missing = run.sampler().missing();
            if (!missing.isEmpty()) {
                System.err.println("bench: the local stack is not running (" + String.join(", ", missing)
                        + "): deploy/local/stack up");
                System.exit(2);
                return;
            }
            Map<String, Object> machine = machine();
            List<WorkloadResult> results = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            Map<String, Function<BenchRun, WorkloadResult>> workloads = new LinkedHashMap<>();
            workloads.put("idle", IdleWorkload::run);
            workloads.put("W1 batch", r -> ThroughputWorkload.run(r, true));
            workloads.put("W1 single", r -> ThroughputWorkload.run(r, false));
            workloads.put("W2", LatencyWorkload::run);
            workloads.put("W3", ProgressWorkload::run);
            workloads.put("W4", BurstWorkload::run);
            workloads.put("W5", ConnectionsWorkload::run);
            workloads.put("W6", EmailWorkload::run);
            workloads.put("W7", WebhookWorkload::run);
            workloads.keySet().removeIf(name -> !options.runs(name.startsWith("W1") ? "W1" : name));
            EmailComparison comparison = null;
            if (options.emailPairs() > 0) {
                comparison = compareEmail(run, workloads, results, failed);
            } else {
                workloads.forEach((name, workload) -> record(name, () -> workload.apply(run), "", results, failed));
            }
            if (options.faults()) {
                record("faults", () -> FaultsWorkload.run(run, stack), "", results, failed);
            }
            machine.put("loadAverageAfter", loadAverage());
            report = new Report(stamp, options.quick(), options.email(), machine, results, failed, comparison);
        }
        System.out.print(report.text());
        Path file = report.write(root.resolve(".local/bench"), stamp);
        System.out.println("JSON: " + root.relativize(file) + " (and .local/bench/latest.json)");
        System.exit(report.correct() ? 0 : 1);
    }

    /**
     * Runs a workload and adds its result to {@code results}, under {@code label} if one is given. A workload that
     * fails (e.g. the notifier does not answer) costs its own figures, not the others': it goes to {@code failed},
     * and the result returned is null.
     */
    private static WorkloadResult record(String name, Supplier<WorkloadResult> workload, String label,
            List<WorkloadResult> results, List<String> failed) {
        String labelled = label.isEmpty() ? name : name + " · " + label;
        try {
            WorkloadResult result = workload.get();
            results.add(label.isEmpty() ? result : result.labelled(label));
            return result;
        } catch (RuntimeException e) {
            System.out.println("bench: " + labelled + " failed: " + e);
            failed.add(labelled + ": " + e);
            return null;
        }
    }

    /**
     * {@code --email-pairs}: one W1 batch to warm up (the first run after a start is the slowest: the JIT, cold
     * caches, fresh statistics), then pair after pair of each workload without and with email, alternating which
     * side goes first.
     */
    private static EmailComparison compareEmail(BenchRun run, Map<String, Function<BenchRun, WorkloadResult>> workloads,
            List<WorkloadResult> results, List<String> failed) {
        int pairs = run.options().emailPairs();
        BenchRun without = run.withEmail(false);
        BenchRun with = run.withEmail(true);
        record("W1 batch", () -> ThroughputWorkload.run(without, true), "warm-up, not compared", results, failed);
        List<EmailComparison.Side> sides = new ArrayList<>();
        for (int pair = 1; pair <= pairs; pair++) {
            for (Map.Entry<String, Function<BenchRun, WorkloadResult>> workload : workloads.entrySet()) {
                for (boolean email : EmailComparison.withoutFirst(pair) ? List.of(false, true) : List.of(true, false)) {
                    String label = (email ? "with email" : "without email") + " · pair " + pair + " of " + pairs;
                    System.out.printf("%n%s · %s%n", workload.getKey(), label);
                    WorkloadResult result = record(workload.getKey(),
                            () -> workload.getValue().apply(email ? with : without), label, results, failed);
                    sides.add(new EmailComparison.Side(workload.getKey(), pair, email, result));
                }
            }
        }
        return EmailComparison.of(pairs, sides);
    }

    private static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memory", firstLine("/proc/meminfo"));
        machine.put("java", System.getProperty("java.version"));
        machine.put("postgres", "the local stack's: durable (fsync and synchronous commit on), max_connections=200");
        machine.put("loadAverageBefore", loadAverage());
        System.out.println("load average before: " + machine.get("loadAverageBefore")
                + " (other processes on this machine count too)");
        return machine;
    }

    static String loadAverage() {
        return firstLine("/proc/loadavg");
    }

    static String firstLine(String file) {
        try {
            return Files.readAllLines(Path.of(file)).get(0).trim();
        } catch (IOException | IndexOutOfBoundsException e) {
            return "unknown";
        }
    }
}
