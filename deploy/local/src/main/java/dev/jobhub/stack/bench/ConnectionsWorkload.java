package dev.jobhub.stack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobhub.stack.infra.ServiceProcess;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * W5: WebSocket connections to one notifier, each a distinct user. At each level (1,000 then 10,000), once all are
 * open, no-op jobs are offered at 100/s for 20 s (open loop) for randomly chosen connected users, and each
 * {@code job.completed} is timed from its {@code occurredAt} (the worker's event on Kafka) to its receipt at that
 * user's socket. Then a capacity probe opens more, up to the cap, a run of refused handshakes or the notifier no
 * longer answering its readiness check, and reports how many were held at once with the notifier's memory, CPU and
 * descriptors. A notifier the probe left unready or out of memory is restarted, so that later workloads measure a
 * sound one.
 */
final class ConnectionsWorkload {

    static final double RATE = 100;
    /** Handshakes in flight at once: enough to open thousands a second, few enough not to look like a flood. */
    static final int PARALLEL_HANDSHAKES = 64;
    /** The probe stops after this many failed handshakes: the limit is found, more would only repeat it. */
    static final int PROBE_MAX_FAILURES = 100;
    /** Sockets opened between two looks at progress (and, in the probe, at the notifier's readiness). */
    private static final int STEP = 1_000;
    /** The server registers a socket in its open callback, after the upgrade the client sees: let it finish. */
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration LEVEL_STALL = Duration.ofSeconds(30);
    private static final Duration RECOVERY = Duration.ofSeconds(30);
    private static final String NOTIFIER = "notification-service";
    private static final String BENCH = "bench (client)";
    private static final String POSTGRES = "postgres";

    private final BenchRun run;
    private final WorkloadScope scope;
    private final ServiceProcess notifier;
    private final Map<String, String> ownerOf = new ConcurrentHashMap<>();
    private final AtomicLong misdelivered = new AtomicLong();
    private final SocketFleet fleet;
    private final String userPrefix;
    private volatile EventDelays delays = new EventDelays();
    private int nextUser;

    private ConnectionsWorkload(BenchRun run) {
        this.run = run;
        this.notifier = run.stack().services().stream().filter(s -> s.name().equals(NOTIFIER)).findFirst()
                .orElseThrow();
        this.scope = new WorkloadScope(run, "w5", "W5");
        this.userPrefix = run.user("w5") + "-";
        this.fleet = new SocketFleet(run.stack().notifyUrl(), this::onEvent);
    }

    static WorkloadResult run(BenchRun run) {
        return new ConnectionsWorkload(run).measure();
    }

    private void onEvent(String user, EventFrame event, long receivedNanos, Instant receivedAt) {
        delays.add(event.type(), event.occurredAt(), receivedAt);
        String owner = ownerOf.get(event.jobId());
        if (owner != null && !owner.equals(user)) {
            misdelivered.incrementAndGet();
        }
        scope.tracker().onEvent(event.id(), event.type(), event.jobId(), event.occurredAt(), receivedNanos,
                receivedAt);
    }

    private WorkloadResult measure() {
        BenchOptions options = run.options();
        Duration offer = Duration.ofSeconds(run.quick() ? 10 : 20);
        List<ConnectionLevel> levels = new ArrayList<>();
        ConnectionProbe probe;
        long logStart = logLength();
        try (fleet) {
            for (int level : options.connectionLevels()) {
                levels.add(level(level, offer));
            }
            probe = probe(options.connectionCap(), logStart);
        }
        String notifierAfter = recover(probe.notifierOutOfMemory());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("offeredPerSecond", RATE);
        figures.put("offerSeconds", offer.toSeconds());
        figures.put("levels", levels);
        figures.put("probe", probe);
        figures.put("notifierAfterProbe", notifierAfter);
        figures.put("misdelivered", misdelivered.get());
        figures.put("messagesByType", fleet.messagesByType());
        figures.put("unreadableFrames", fleet.unreadable());
        figures.put("ephemeralPorts", Bench.firstLine("/proc/sys/net/ipv4/ip_local_port_range"));
        return scope.finish("W5", String.format("WebSockets of distinct users at %s, %.0f no-op jobs/s for %d s at "
                        + "each; then connections up to %,d", options.connectionLevels(), RATE, offer.toSeconds(),
                options.connectionCap()), figures);
    }

    private ConnectionLevel level(int connections, Duration offer) {
        long openStart = System.nanoTime();
        openUpTo(connections, Integer.MAX_VALUE, false);
        double openSeconds = WorkloadScope.seconds(openStart, System.nanoTime());
        System.out.printf("  W5        %,d sockets held of %,d (this step opened in %.1f s; handshake failures %s)%n",
                fleet.held(), connections, openSeconds, fleet.failures());
        WorkloadScope.sleep(SETTLE);
        EventDelays levelDelays = new EventDelays();
        delays = levelDelays;
        ProcessSampler.Measurement measurement = run.sampler().start();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        List<SocketFleet.Member> connected = List.copyOf(fleet.connected());
        int held = fleet.held();
        long notSentBefore = scope.counts().notSentCount();
        OpenLoop.run(RATE, offer, scope.counts(), () -> submitFor(
                connected.get(ThreadLocalRandom.current().nextInt(connected.size())), ids));
        scope.awaitAnswers();
        scope.awaitCompletion(() -> ids, LEVEL_STALL);
        List<ProcessUsage> usage = measurement.stop();
        List<String> accepted = List.copyOf(ids);
        return new ConnectionLevel(connections, held, WorkloadScope.round(openSeconds, 2),
                Math.round(RATE * offer.toMillis() / 1000.0), scope.counts().notSentCount() - notSentBefore,
                accepted.size(),
                scope.tracker().completedAmong(accepted), levelDelays.of("job.completed"), levelDelays.all(),
                Percentiles.ofNanos(scope.tracker().latencies(accepted)), misdelivered.get(), usageOf(usage, NOTIFIER));
    }

    private void submitFor(SocketFleet.Member member, Set<String> ids) {
        BenchClient client = run.clientWith(member.token());
        long started = scope.counts().calling();
        client.submitAsync(BenchClient.NO_OP_JOB).thenAccept(answer -> {
            answer.jobIds().forEach(id -> ownerOf.put(id, member.user()));
            scope.ownedBy(answer.jobIds(), client);
            scope.tracker().accepted(answer, started);
            ids.addAll(answer.jobIds());
            scope.counts().answered(answer);
        });
    }

    private ConnectionProbe probe(int cap, long logStart) {
        ProcessSampler.Measurement measurement = run.sampler().start();
        long openStart = System.nanoTime();
        String stoppedBy = openUpTo(cap, PROBE_MAX_FAILURES, true);
        double openSeconds = WorkloadScope.seconds(openStart, System.nanoTime());
        WorkloadScope.sleep(SETTLE);
        int held = fleet.held();
        Integer notifierCount = notifierConnections();
        List<ProcessUsage> usage = measurement.stop();
        ConnectionProbe probe = new ConnectionProbe(cap, held, stoppedBy, notifierCount,
                WorkloadScope.round(openSeconds, 2), fleet.failures(), fleet.drops(), usageOf(usage, NOTIFIER),
                usageOf(usage, POSTGRES), notifier.process().map(p -> OpenFiles.of(p.pid())).orElse(null),
                OpenFiles.of(ProcessHandle.current().pid()), logSince(logStart).contains("OutOfMemoryError"));
        System.out.printf("  W5        probe: %s; bench %.0f MiB%n", probe, usageOf(usage, BENCH).peakRssMiB());
        return probe;
    }

    /**
     * Opens sockets for new users until {@code target} are held, {@code maxFailures} handshakes failed or, when
     * {@code watchNotifier}, the notifier stops answering its readiness check; returns which of these ended it.
     */
    private String openUpTo(int target, int maxFailures, boolean watchNotifier) {
        long failuresBefore = fleet.failureCount();
        while (true) {
            long failed = fleet.failureCount() - failuresBefore;
            if (fleet.held() >= target) {
                return "the cap";
            }
            if (failed >= maxFailures) {
                return String.format("%,d failed handshakes", failed);
            }
            if (watchNotifier && !notifier.isReady()) {
                return "the notifier not answering its readiness check within 2 s";
            }
            int count = Math.min(STEP, target - fleet.held());
            int first = nextUser;
            nextUser += count;
            // an RS256 signature per user costs milliseconds: on every core, before the handshakes start
            List<SocketFleet.Member> members = IntStream.range(first, first + count).parallel()
                    .mapToObj(i -> new SocketFleet.Member(userPrefix + i, run.token(userPrefix + i))).toList();
            int opened = fleet.open(members, PARALLEL_HANDSHAKES,
                    (int) Math.min(Integer.MAX_VALUE, maxFailures - failed));
            System.out.printf("  W5        %,d sockets held (%,d failed handshakes so far)%n", fleet.held(),
                    fleet.failureCount());
            if (opened == 0) {
                return "no handshake succeeding";
            }
        }
    }

    /**
     * After the probe's sockets are gone: a notifier that ran out of memory (some of its threads may have died
     * with it) or does not get ready again is killed and started again, as the fault run does.
     */
    private String recover(boolean outOfMemory) {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (!outOfMemory && !notifier.isReady() && System.nanoTime() < deadline) {
            WorkloadScope.sleep(Duration.ofSeconds(1));
        }
        if (!outOfMemory && notifier.isReady()) {
            return "ready";
        }
        String why = outOfMemory ? "it ran out of memory" : "not ready " + RECOVERY.toSeconds() + " s after";
        System.out.println("  ! W5: restarting notification-service: " + why);
        long began = System.nanoTime();
        try {
            notifier.kill();
            run.stack().start();
            return String.format("restarted (%s), back in %.1f s", why,
                    WorkloadScope.seconds(began, System.nanoTime()));
        } catch (RuntimeException e) {
            return "NOT brought back (" + why + "): " + e.getMessage();
        }
    }

    /** The notifier's own count of its connections, from its readiness check; null if it did not say. */
    private Integer notifierConnections() {
        JsonNode health = new BenchClient(BenchClient.newHttpClient(), notifier.baseUrl(), null)
                .getJson("/q/health/ready");
        if (health == null) {
            return null;
        }
        for (JsonNode check : health.path("checks")) {
            if (check.path("data").has("connections")) {
                return check.path("data").path("connections").asInt();
            }
        }
        return null;
    }

    private long logLength() {
        return notifier.logFile().toFile().length();
    }

    /** What the notifier logged since {@code offset} (at most the last 4 MiB of it). */
    private String logSince(long offset) {
        try (RandomAccessFile log = new RandomAccessFile(notifier.logFile().toFile(), "r")) {
            long from = Math.max(offset, log.length() - 4 * 1024 * 1024);
            byte[] text = new byte[(int) Math.max(0, log.length() - from)];
            log.seek(from);
            log.readFully(text);
            return new String(text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static ProcessUsage usageOf(List<ProcessUsage> usage, String name) {
        return usage.stream().filter(u -> u.name().equals(name)).findFirst()
                .orElse(new ProcessUsage(name, false, 0, 0, 0));
    }
}
