package dev.jobhub.system;

import dev.jobhub.stack.PlatformServices;
import dev.jobhub.stack.infra.Ports;
import dev.jobhub.stack.infra.ProcessFiles;
import dev.jobhub.stack.infra.ServiceProcess;
import dev.jobhub.testing.SharedInfra;
import dev.jobhub.testing.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole platform for the system tests: the JVM's real PostgreSQL and Kafka, and the three services started
 * from their built jars exactly as the local stack starts them. Started once per test JVM, stopped at exit.
 */
public final class RunningPlatform {

    private static RunningPlatform instance;

    private final ServiceProcess api;
    private final ServiceProcess worker;
    private final ServiceProcess notifier;

    private RunningPlatform(ServiceProcess api, ServiceProcess worker, ServiceProcess notifier) {
        this.api = api;
        this.worker = worker;
        this.notifier = notifier;
    }

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
                publicKey, Map.of("JOBHUB_OUTBOX_POLL_INTERVAL", "200ms"));
        RunningPlatform platform = new RunningPlatform(
                PlatformServices.api(root, home, Ports.freePort(), wiring),
                PlatformServices.worker(root, home, Ports.freePort(), wiring, 4),
                PlatformServices.notifier(root, home, Ports.freePort(), wiring));
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
        return List.of(api, worker, notifier);
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
