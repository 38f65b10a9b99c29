package dev.jobhub.stack.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack with nothing submitted: the CPU its five processes use anyway, as a share of one core. It is measured
 * after a settling time: a stack that has just started is still compiling its hot code and joining consumer groups,
 * which is start-up cost, not what an idle stack costs.
 */
final class IdleWorkload {

    private IdleWorkload() {
    }

    static WorkloadResult run(BenchRun run) {
        Duration settle = Duration.ofSeconds(20);
        Duration window = Duration.ofSeconds(30);
        System.out.printf("idle: letting the stack settle for %d s, then measuring it for %d s with nothing"
                + " submitted%n", settle.toSeconds(), window.toSeconds());
        WorkloadScope.sleep(settle);
        ProcessSampler.Measurement measurement = run.sampler().start();
        WorkloadScope.sleep(window);
        List<ProcessUsage> processes = measurement.stop();
        WorkloadResult result = new WorkloadResult("idle", "nothing submitted for " + window.toSeconds() + " s",
                window.toSeconds(), new LinkedHashMap<>(), null, null, processes, null);
        Map<String, Object> figures = result.figures();
        figures.put("stackCpuSeconds", WorkloadScope.round(result.stackCpuSeconds(), 2));
        figures.put("percentOfOneCore", WorkloadScope.round(result.stackCpuSeconds() / window.toSeconds() * 100, 1));
        return result;
    }
}
