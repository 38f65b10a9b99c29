package dev.jobhub.stack.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line: {@code [--quick] [--email | --email-pairs 3] [--only W1,…] [--connections 1000,10000]
 * [--connection-cap 20000] [--webhook-jobs 5000]}.
 *
 * @param quick            smaller and shorter workloads, for CI and a first look
 * @param faults           the fault run only: 20 jobs/s for 3 minutes while each process of the stack is killed in turn
 * @param email            the workloads' users carry an {@code email} claim, so every job also sends an email
 * @param workloads        the workloads to run, in the order of {@link #ALL}
 * @param connectionLevels W5: the numbers of WebSocket connections at which delivery latency is measured, ascending
 * @param connectionCap    W5: the capacity probe opens connections up to this many (or the first refusals)
 * @param webhookJobs      W7: the no-op jobs whose completions go to the webhook endpoints in its throughput phase
 * @param emailPairs       0, or how many times each of W1, W2 and W3 runs without and with email in alternating
 *                         pairs, to compare the two ({@link EmailComparison})
 */
record BenchOptions(boolean quick, boolean faults, boolean email, Set<String> workloads,
        List<Integer> connectionLevels, int connectionCap, int webhookJobs, int emailPairs) {

    static final List<String> ALL = List.of("idle", "W1", "W2", "W3", "W4", "W5", "W6", "W7");
    static final List<String> COMPARED_WITH_EMAIL = List.of("W1", "W2", "W3");
    static final List<Integer> CONNECTION_LEVELS = List.of(1_000, 10_000);
    static final List<Integer> QUICK_CONNECTION_LEVELS = List.of(200, 1_000);
    static final int CONNECTION_CAP = 20_000;
    static final int QUICK_CONNECTION_CAP = 2_000;
    static final int WEBHOOK_JOBS = 5_000;
    static final int QUICK_WEBHOOK_JOBS = 500;

    static final String USAGE = """
            usage: deploy/local/bench [--quick] [--email | --email-pairs 3] [--only W1,W2,W3,W4,W5,W6,W7,idle]
                                      [--connections 1000,10000] [--connection-cap 20000]
                                      [--webhook-jobs 5000] | --faults
              --quick           2,000 jobs for W1, 5 s of W2, 100 jobs for W3, a 3 s burst for W4, 200 and 1,000
                                connections for W5 (probe to 2,000), 200 emails for W6, 500 webhook jobs and 5 s
                                of W2 for W7
              --email           the users of every workload carry an email claim: each job also sends an email
              --email-pairs N   W1, W2 and W3 (or those of --only) each run N times without and N times with email,
                                in pairs alternating which goes first, after one unmeasured W1 batch; the report
                                gives the median change of each figure and whether it is within 10 %
              --only            run only these workloads (default: all)
              --connections     W5's connection levels (default 1000,10000; --quick 200,1000)
              --connection-cap  W5's capacity probe stops at this many connections (default 20000; --quick 2000)
              --webhook-jobs    W7's jobs for its 100 webhook endpoints (default 5000; --quick 500)
              --faults          only the fault run: 20 jobs/s for 3 minutes while worker-service, Kafka, api-service
                                and notification-service are killed (SIGKILL) in turn and PostgreSQL is stopped
                                immediately""";

    static BenchOptions parse(String... args) {
        boolean quick = false;
        boolean faults = false;
        boolean email = false;
        Set<String> only = null;
        List<Integer> levels = null;
        Integer cap = null;
        Integer webhookJobs = null;
        int emailPairs = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--faults" -> faults = true;
                case "--email" -> email = true;
                case "--email-pairs" -> emailPairs = count("--email-pairs",
                        value(args, ++i, "--email-pairs needs a number, e.g. --email-pairs 3"));
                case "--only" -> only = selection(value(args, ++i, "--only needs a list, e.g. --only W1,W2"));
                case "--connections" -> levels = levels(value(args, ++i,
                        "--connections needs a list, e.g. --connections 1000,10000"));
                case "--connection-cap" -> cap = count("--connection-cap",
                        value(args, ++i, "--connection-cap needs a number, e.g. --connection-cap 20000"));
                case "--webhook-jobs" -> webhookJobs = count("--webhook-jobs",
                        value(args, ++i, "--webhook-jobs needs a number, e.g. --webhook-jobs 5000"));
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'\n" + USAGE);
            }
        }
        if (emailPairs > 0) {
            only = comparable(only, email, faults);
        }
        if (only == null) {
            only = faults ? Set.of() : new LinkedHashSet<>(ALL);
        }
        if (levels == null) {
            levels = quick ? QUICK_CONNECTION_LEVELS : CONNECTION_LEVELS;
        }
        if (cap == null) {
            cap = Math.max(quick ? QUICK_CONNECTION_CAP : CONNECTION_CAP, levels.get(levels.size() - 1));
        } else if (cap < levels.get(levels.size() - 1)) {
            throw new IllegalArgumentException("--connection-cap " + cap + " is below the last connection level "
                    + levels.get(levels.size() - 1));
        }
        if (webhookJobs == null) {
            webhookJobs = quick ? QUICK_WEBHOOK_JOBS : WEBHOOK_JOBS;
        }
        return new BenchOptions(quick, faults, email, only, levels, cap, webhookJobs, emailPairs);
    }

    /** The workloads an email comparison runs: W1, W2 and W3, or those of them {@code --only} names. */
    private static Set<String> comparable(Set<String> only, boolean email, boolean faults) {
        if (email || faults) {
            throw new IllegalArgumentException("--email-pairs runs both sides itself: without --email and --faults");
        }
        if (only == null) {
            return new LinkedHashSet<>(COMPARED_WITH_EMAIL);
        }
        if (!COMPARED_WITH_EMAIL.containsAll(only)) {
            throw new IllegalArgumentException("--email-pairs compares " + String.join(", ", COMPARED_WITH_EMAIL)
                    + " only, not " + only.stream().filter(w -> !COMPARED_WITH_EMAIL.contains(w)).toList());
        }
        return only;
    }

    private static String value(String[] args, int i, String missing) {
        if (i >= args.length) {
            throw new IllegalArgumentException(missing);
        }
        return args[i];
    }

    private static List<Integer> levels(String list) {
        List<Integer> levels = new ArrayList<>();
        for (String item : list.split(",")) {
            int level = count("--connections", item.trim().replace("_", ""));
            if (!levels.isEmpty() && level <= levels.get(levels.size() - 1)) {
                throw new IllegalArgumentException("--connections must ascend: " + list);
            }
            levels.add(level);
        }
        return List.copyOf(levels);
    }

    private static int count(String option, String text) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not a positive number");
        }
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
