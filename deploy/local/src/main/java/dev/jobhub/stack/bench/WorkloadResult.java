package dev.jobhub.stack.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What one workload measured.
 *
 * @param figures      its own figures (rates, latencies, counts), in the order they are printed
 * @param correctness  null for a workload without jobs (idle)
 * @param socket       what the WebSocket delivered: events by type, disconnects; null without one
 * @param cpuMsPerJob  the stack's CPU time (all five processes, not the benchmark) per accepted job
 */
record WorkloadResult(String name, String description, double seconds, Map<String, Object> figures,
        Correctness correctness, Map<String, Object> socket, List<ProcessUsage> processes, Double cpuMsPerJob) {

    private static final String LABEL = " · ";

    /**
     * No job lost or duplicated and, where mails were checked (W6), every job brought exactly one; where webhooks
     * were (W7), every job's completion arrived, correctly signed (a duplicate delivery is allowed: at least once).
     */
    boolean correct() {
        return (correctness == null || correctness.ok())
                && !Boolean.FALSE.equals(figures.get(MailLedger.EXACTLY_ONCE))
                && !Boolean.FALSE.equals(figures.get(WebhookLedger.ALL_DELIVERED));
    }

    /** The same result under a longer name, {@code "W1 batch · with email · pair 2"}: see {@link #workload}. */
    WorkloadResult labelled(String label) {
        return new WorkloadResult(name + LABEL + label, description, seconds, figures, correctness, socket,
                processes, cpuMsPerJob);
    }

    /** The workload's own name, without a label. */
    String workload() {
        int label = name.indexOf(LABEL);
        return label < 0 ? name : name.substring(0, label);
    }

    @JsonProperty("stackCpuSeconds")
    double stackCpuSeconds() {
        return processes.stream().filter(ProcessUsage::stackPart).mapToDouble(ProcessUsage::cpuSeconds).sum();
    }
}
