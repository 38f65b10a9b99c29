package dev.jobhub.stack.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jobhub.model.JobJsonCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's output: a block per workload, then a summary table and the CPU and memory per process (both as
 * Markdown tables, ready for the README), and the same as JSON under {@code .local/bench/}.
 *
 * @param email   the run's users carried an email claim ({@code --email}): every job also sent an email, so its
 *                figures compare with a run without
 * @param machine cores, memory, Java, the load average before and after
 * @param failed  the workloads that ended with an error instead of figures, with the error
 * @param emailComparison null unless {@code --email-pairs}: the workloads ran without and with email in pairs
 */
record Report(String startedAt, boolean quick, boolean email, Map<String, Object> machine,
        List<WorkloadResult> workloads, List<String> failed, EmailComparison emailComparison) {

    Report(String startedAt, boolean quick, boolean email, Map<String, Object> machine,
            List<WorkloadResult> workloads, List<String> failed) {
        this(startedAt, quick, email, machine, workloads, failed, null);
    }

    @JsonProperty("correct")
    boolean correct() {
        return failed.isEmpty() && workloads.stream().allMatch(WorkloadResult::correct);
    }

    String text() {
        StringBuilder out = new StringBuilder();
        for (WorkloadResult workload : workloads) {
            out.append(String.format("%n%s — %s (%.1f s)%n", workload.name(), workload.description(),
                    workload.seconds()));
            workload.figures().forEach((key, value) -> out.append(String.format("  %-32s %s%n", key, value)));
            if (workload.correctness() != null) {
                out.append("  correctness: ").append(workload.correctness().summary()).append('\n');
                if (!workload.correctness().lostIds().isEmpty()) {
                    out.append("    lost, e.g. ").append(workload.correctness().lostIds()).append('\n');
                }
                if (!workload.correctness().duplicatedIds().isEmpty()) {
                    out.append("    duplicated, e.g. ").append(workload.correctness().duplicatedIds()).append('\n');
                }
            }
            if (workload.socket() != null) {
                out.append("  websocket: ").append(workload.socket()).append('\n');
            }
        }
        out.append("\nSummary (").append(quick ? "--quick" : "full run")
                .append(email ? ", --email: every job also sent an email" : "").append(", ").append(startedAt)
                .append(")\n\n").append(summaryTable()).append('\n').append(resourceTable())
                .append(emailComparison == null ? "" : "\n" + emailComparison.table())
                .append("\nload average before: ").append(machine.get("loadAverageBefore"))
                .append("; after: ").append(machine.get("loadAverageAfter")).append('\n')
                .append(failed.isEmpty() ? "" : "FAILED: " + String.join("; ", failed) + "\n")
                .append(correct() ? "correct: every accepted job completed exactly once\n"
                        : "NOT CORRECT: a workload lost or duplicated jobs or mails, or lost webhooks (see above)\n");
        return out.toString();
    }

    /** The headline figures, one row per workload. */
    String summaryTable() {
        StringBuilder table = new StringBuilder("| workload | figures | lost / duplicated | WebSocket disconnects |\n"
                + "| --- | --- | --- | --- |\n");
        for (WorkloadResult workload : workloads) {
            Correctness correctness = workload.correctness();
            table.append("| ").append(workload.name()).append(" | ").append(headline(workload)).append(" | ")
                    .append(correctness == null ? "" : correctness.lost() + " / " + correctness.duplicated()
                            + (correctness.notChecked() > 0 ? " (" + correctness.notChecked() + " not checked)" : ""))
                    .append(" | ").append(workload.socket() == null ? ""
                            : ((List<?>) workload.socket().get("disconnects")).size())
                    .append(" |\n");
        }
        return table.toString();
    }

    private static String headline(WorkloadResult workload) {
        Map<String, Object> f = workload.figures();
        return switch (workload.workload()) {
            case "W1 batch", "W1 single" -> String.format("submit %s jobs/s, drain %s jobs/s (%s of %s seen)",
                    f.get("submitJobsPerSecond"), f.get("drainJobsPerSecond"), f.get("completedSeen"),
                    f.get("accepted"));
            case "W2" -> f.get("latencyMs") + String.format(" (%s of %s seen)",
                    f.get("completedSeen"), f.get("accepted"));
            case "W3" -> String.format("%s progress events/s (%s of %s seen), delay p50 %s / p99 %s ms",
                    f.get("progressEventsPerSecond"), f.get("progressSeen"), f.get("progressExpected"),
                    Percentiles.format(((Percentiles) f.get("progressDelayMs")).p50()),
                    Percentiles.format(((Percentiles) f.get("progressDelayMs")).p99()));
            case "W4" -> (Boolean.TRUE.equals(f.get("burstDrained"))
                    ? String.format("burst backlog drained %s s after the burst", f.get("burstDrainedSecondsAfterBurst"))
                    : String.format("burst backlog NOT drained (%s of %s seen)", f.get("burstCompletedSeen"),
                            f.get("burstAccepted")))
                    + String.format("; after it %s (%s of %s seen); once drained %s (%s jobs)",
                            f.get("afterLatencyMs"), f.get("afterCompletedSeen"), f.get("afterAccepted"),
                            f.get("afterDrainedLatencyMs"), f.get("afterDrainedAccepted"));
            case "W5" -> connections(f);
            case "W6" -> String.format("%s mails/s (first submit → last mail; notifier: %s sent/s), submit → mail %s; "
                            + "%s of %s mails, %s missing, %s duplicated", f.get("mailsPerSecond"),
                    f.get("sentPerSecond"), f.get("submitToMailMs"), f.get("mailsReceived"), f.get("mailsExpected"),
                    f.get("mailsMissing"), f.get("mailsDuplicated"));
            case "W7" -> String.format("%s deliveries/s (%s from the first submit), Kafka → receiver %s; %s of %s "
                            + "delivered, %s duplicates, %s bad signatures; W2 plain (both runs) %s, subscribed %s (added %s)",
                    f.get("deliveriesPerSecond"), f.get("deliveriesPerSecondFromFirstSubmit"),
                    f.get("deliveryDelayMs"), f.get("deliveriesReceived"), f.get("deliveriesExpected"),
                    f.get("duplicates"), f.get("badSignaturesAll"), f.get("w2PlainLatencyMs"),
                    f.get("w2SubscribedLatencyMs"), f.get("w2AddedMs"));
            case "faults" -> String.format("%s of %s accepted seen completed; %s", f.get("completedSeen"),
                    f.get("accepted"), f.get("faults"));
            case "idle" -> f.get("percentOfOneCore") + " % of one core";
            default -> f.toString();
        };
    }

    /** W5: the delivery delay at each level, then the most connections held. */
    private static String connections(Map<String, Object> f) {
        StringBuilder line = new StringBuilder();
        for (Object item : (List<?>) f.get("levels")) {
            ConnectionLevel level = (ConnectionLevel) item;
            line.append(String.format("%,d sockets: Kafka → socket p50 %s / p99 %s ms (%,d of %,d seen%s); ",
                    level.held(), Percentiles.format(level.completedDelayMs().p50()),
                    Percentiles.format(level.completedDelayMs().p99()), level.completedSeen(), level.accepted(),
                    level.notSent() == 0 ? "" : String.format(", %,d offers not sent", level.notSent())));
        }
        ConnectionProbe probe = (ConnectionProbe) f.get("probe");
        return line.append(String.format("held %,d at once (cap %,d, stopped by %s), notifier %.0f MiB%s",
                probe.held(), probe.cap(), probe.stoppedBy(), probe.notifier().peakRssMiB(),
                probe.notifierOutOfMemory() ? " and out of memory" : "")).toString();
    }

    /** CPU seconds and peak RSS of each process, per workload. */
    String resourceTable() {
        if (workloads.isEmpty()) {
            return "";
        }
        List<String> names = new ArrayList<>();
        workloads.get(0).processes().forEach(p -> names.add(p.name()));
        StringBuilder table = new StringBuilder("| CPU s (peak RSS MiB) | ").append(String.join(" | ", names))
                .append(" | stack total | stack CPU ms/job | PostgreSQL WAL MB (full page images, checkpoints) |\n|")
                .append(" --- |".repeat(names.size() + 4))
                .append('\n');
        for (WorkloadResult workload : workloads) {
            table.append("| ").append(workload.name());
            for (ProcessUsage usage : workload.processes()) {
                table.append(String.format(" | %.1f (%.0f)", usage.cpuSeconds(), usage.peakRssMiB()));
            }
            table.append(String.format(" | %.1f | %s | %s |%n", workload.stackCpuSeconds(),
                    workload.cpuMsPerJob() == null ? "" : String.format("%.1f", workload.cpuMsPerJob()),
                    wal(workload.figures().get(PostgresWal.FIGURE))));
        }
        return table.toString();
    }

    private static String wal(Object figure) {
        if (!(figure instanceof Map<?, ?> wal)) {
            return "";
        }
        return String.format("%s (%,d, %s)", wal.get("megabytes"), ((Number) wal.get("fullPageImages")).longValue(),
                wal.get("checkpoints"));
    }

    /** Writes {@code <dir>/<stamp>.json} and a copy as {@code latest.json}; returns the first. */
    Path write(Path dir, String stamp) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(stamp + ".json");
            Files.writeString(file, json());
            Files.copy(file, dir.resolve("latest.json"), StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
    }

    String json() {
        try {
            return JobJsonCodec.mapper().writer(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the report", e);
        }
    }
}
