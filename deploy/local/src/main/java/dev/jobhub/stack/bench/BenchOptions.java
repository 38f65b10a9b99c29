package dev.jobhub.stack.bench;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line: {@code [--quick] [--only W1,W2,W3,W4,idle]}.
 *
 * @param quick     smaller and shorter workloads (about 2 minutes in all), for CI and a first look
 * @param faults    the fault run only: 20 jobs/s for 3 minutes while each process of the stack is killed in turn
 * @param workloads the workloads to run, in the order of {@link #ALL}
 */
record BenchOptions(boolean quick, boolean faults, Set<String> workloads) {

    static final List<String> ALL = List.of("idle", "W1", "W2", "W3", "W4");

    static final String USAGE = """
            usage: deploy/local/bench [--quick] [--only W1,W2,W3,W4,idle] | --faults
              --quick   2,000 jobs for W1, 5 s of W2, 100 jobs for W3, a 3 s burst for W4 (about 2 minutes)
              --only    run only these workloads (default: all)
              --faults  only the fault run: 20 jobs/s for 3 minutes while worker-service, Kafka, api-service and
                        notification-service are killed (SIGKILL) in turn and PostgreSQL is stopped immediately""";

    static BenchOptions parse(String... args) {
        boolean quick = false;
        boolean faults = false;
        Set<String> only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--faults" -> faults = true;
                case "--only" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--only needs a list, e.g. --only W1,W2");
                    }
                    only = selection(args[++i]);
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'\n" + USAGE);
            }
        }
        if (only == null) {
            only = faults ? Set.of() : new LinkedHashSet<>(ALL);
        }
        return new BenchOptions(quick, faults, only);
    }

    private static Set<String> selection(String list) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String item : list.split(",")) {
            String name = item.trim();
            String match = ALL.stream().filter(w -> w.equalsIgnoreCase(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown workload '" + name + "'; one of "
                            + String.join(", ", ALL)));
            wanted.add(match);
        }
        // keep the canonical order whatever the order given
        Set<String> ordered = new LinkedHashSet<>();
        ALL.stream().filter(wanted::contains).forEach(ordered::add);
        return ordered;
    }

    boolean runs(String workload) {
        return workloads.contains(workload);
    }
}
