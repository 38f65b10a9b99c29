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
            // a workload that fails (e.g. the notifier does not answer) costs its own figures, not the others'
            Map<String, Supplier<WorkloadResult>> workloads = new LinkedHashMap<>();
            workloads.put("idle", () -> IdleWorkload.run(run));
            workloads.put("W1", () -> ThroughputWorkload.run(run, true));
            workloads.put("W1 single", () -> ThroughputWorkload.run(run, false));
            workloads.put("W2", () -> LatencyWorkload.run(run));
            workloads.put("W3", () -> ProgressWorkload.run(run));
            workloads.put("W4", () -> BurstWorkload.run(run));
            workloads.put("W5", () -> ConnectionsWorkload.run(run));
            workloads.put("W6", () -> EmailWorkload.run(run));
            workloads.put("W7", () -> WebhookWorkload.run(run));
            workloads.forEach((name, workload) -> {
                if (options.runs(name.equals("W1 single") ? "W1" : name)) {
                    attempt(name, workload, results, failed);
                }
            });
            if (options.faults()) {
                attempt("faults", () -> FaultsWorkload.run(run, stack), results, failed);
            }
            machine.put("loadAverageAfter", loadAverage());
            report = new Report(stamp, options.quick(), options.email(), machine, results, failed);
        }
        System.out.print(report.text());
        Path file = report.write(root.resolve(".local/bench"), stamp);
        System.out.println("JSON: " + root.relativize(file) + " (and .local/bench/latest.json)");
        System.exit(report.correct() ? 0 : 1);
    }

    private static void attempt(String name, Supplier<WorkloadResult> workload, List<WorkloadResult> results,
            List<String> failed) {
        try {
            results.add(workload.get());
        } catch (RuntimeException e) {
            System.out.println("bench: " + name + " failed: " + e);
            failed.add(name + ": " + e);
        }
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
