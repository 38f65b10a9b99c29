package dev.jobhub.system;

import dev.jobhub.stack.PlatformServices;
import dev.jobhub.stack.infra.Ports;
import dev.jobhub.stack.infra.ProcessFiles;
import dev.jobhub.stack.infra.ServiceProcess;
import dev.jobhub.testing.RealInfraResource;
import dev.jobhub.testing.SharedInfra;
import dev.jobhub.testing.TestSmtp;
import dev.jobhub.testing.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole platform for the system tests: the JVM's real PostgreSQL, Kafka and SMTP server, and the three services
 * started from their built jars exactly as the local stack starts them. Started once per test JVM, stopped at exit.
 */
public final class RunningPlatform {

    private static RunningPlatform instance;

    private final ServiceProcess api;
    private final ServiceProcess secondApi;
    private final ServiceProcess worker;
    private final ServiceProcess secondWorker;
    private final ServiceProcess notifier;
    private final Path root;
    private final Path home;
    private final PlatformServices.Wiring wiring;

    private RunningPlatform(Path root, Path home, PlatformServices.Wiring wiring, ServiceProcess api,
            ServiceProcess secondApi, ServiceProcess worker, ServiceProcess secondWorker, ServiceProcess notifier) {
        this.root = root;
        this.home = home;
        this.wiring = wiring;
        this.api = api;
        this.secondApi = secondApi;
        this.worker = worker;
        this.secondWorker = secondWorker;
        this.notifier = notifier;
    }

    /** Timers of the platform under test: stall detection and dispatch in seconds, not the production minutes. */
    static final Map<String, String> SHORT_TIMERS = Map.of(
            "JOBHUB_OUTBOX_POLL_INTERVAL", "200ms",
            "JOB_STALL_TIMEOUT", "10s",
            "JOB_STALL_CHECK_INTERVAL", "1s",
            "WORKER_HEARTBEAT_INTERVAL", "2s",
            "JOB_CANCEL_ESCALATION", "10s",
            "DIGEST_POLL_INTERVAL", "1s",
            // a killed notifier's claimed emails are sent again by its successor once the lease runs out
            "EMAIL_LEASE", "10s",
            // and its webhook deliveries in flight likewise
            "WEBHOOK_LEASE", "10s");

    public static synchronized RunningPlatform get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static RunningPlatform start() {
        SharedInfra infra = SharedInfra.get();
        Path root = Path.of(System.getProperty("jobhub.project.root", "..")).toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("user.dir"), "target", "system-test").toAbsolutePath();
        Path publicKey = home.resolve("publicKey.pem");
        try {
            Files.createDirectories(home);
            Files.writeString(publicKey, TestTokens.publicKeyPem());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // short intervals so that the tests do not wait on production-sized timers
        PlatformServices.Wiring wiring = new PlatformServices.Wiring(infra.postgres().port(), infra.kafkaBootstrap(),
                publicKey, RealInfraResource.TEST_CREDENTIALS_KEY, SHORT_TIMERS);
        // two api-service replicas (schedules must fire once) and two workers (one may be killed)
        int[] ports = Ports.freePorts(5);
        RunningPlatform platform = new RunningPlatform(root, home, wiring,
                PlatformServices.api(root, home, ports[0], wiring, ports[4]),
                PlatformServices.api(root, home.resolve("replica"), ports[1], wiring, ports[4]),
                PlatformServices.worker(root, home, ports[2], wiring, 4),
                PlatformServices.worker(root, home.resolve("replica"), ports[3], wiring, 4),
                // the JVM's SMTP server: without it the notifier mails whatever listens on localhost:2525, such as
                // the local stack's mailbox (every token carries an email claim)
                PlatformServices.notifier(root, home, ports[4], wiring, TestSmtp.get().port()));
        Runtime.getRuntime().addShutdownHook(new Thread(platform::stop, "platform-shutdown"));
        long began = System.nanoTime();
        platform.services().forEach(service -> service.start(false, "(random port)"));
        platform.services().forEach(service -> service.awaitReady(Duration.ofSeconds(120)));
        System.out.printf("platform: api %s, worker %s, notifications %s, ready in %.1f s; logs in %s%n",
                platform.api.baseUrl(), platform.worker.baseUrl(), platform.notifier.baseUrl(),
                (System.nanoTime() - began) / 1e9, home);
        return platform;
    }

    private List<ServiceProcess> services() {
        return List.of(api, secondApi, worker, secondWorker, notifier);
    }

    /** The worker whose process id is in {@code workerId} (workers name themselves hostname-pid). */
    public ServiceProcess workerNamed(String workerId) {
        return List.of(worker, secondWorker).stream()
                .filter(candidate -> candidate.process().map(p -> workerId.endsWith("-" + p.pid())).orElse(false))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no running worker is " + workerId));
    }

    /** The platform's notification-service. */
    public ServiceProcess notifier() {
        return notifier;
    }

    /** Both api-service replicas. */
    public List<ServiceProcess> apis() {
        return List.of(api, secondApi);
    }

    /**
     * One more notification-service, on a free port and with a home of its own, wired as the platform's notifier is
     * (same database, broker, consumer groups and SMTP server); not started: the caller starts and stops it.
     */
    public ServiceProcess notifierReplica() {
        return PlatformServices.notifier(root, home.resolve("notifier-replica"), Ports.freePort(), wiring,
                TestSmtp.get().port());
    }

    /** Starts a worker again after a test killed it, and waits until it is ready. */
    public void restart(ServiceProcess service) {
        service.start(false, "(random port)");
        service.awaitReady(Duration.ofSeconds(120));
    }

    private void stop() {
        services().forEach(service -> service.stop(Duration.ofSeconds(20)));
    }

    public String apiUrl() {
        return api.baseUrl();
    }

    public String notifierUrl() {
        return notifier.baseUrl();
    }

    public URI webSocket() {
        return URI.create(notifier.baseUrl().replace("http://", "ws://") + "/ws");
    }

    /** The last lines of every service log, for failure messages. */
    public String logs() {
        StringBuilder logs = new StringBuilder();
        services().forEach(service -> logs.append(ProcessFiles.tail(service.logFile(), 40)).append('\n'));
        return logs.toString();
    }
}
