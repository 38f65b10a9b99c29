package dev.jobhub.stack;

import dev.jobhub.stack.infra.ServiceProcess;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The three services as processes, configured through the environment variables their application.properties
 * read. The local stack and the system tests start them the same way. Everything runs on this machine, users'
 * databases and webhook receivers included, so every service may dial loopback addresses
 * ({@code JOBHUB_EGRESS_ALLOW_LOOPBACK}); the platform's own database and broker stay refused.
 */
public final class PlatformServices {

    public static final String DATABASE = "jobhub";
    public static final String DB_USER = "jobhub";
    public static final String DB_PASSWORD = "jobhub";
    public static final String ISSUER = "jobhub-local";

    private PlatformServices() {
    }

    /**
     * Connection settings every service gets.
     *
     * @param credentialsKey the AES-256 key (base64) that seals connection passwords: api-service and worker-service
     */
    public record Wiring(int pgPort, String kafkaBootstrap, Path publicKey, String credentialsKey,
            Map<String, String> extra) {
    }

    /**
     * @param notifierPort where notification-service listens on this machine: api-service forwards
     *        {@code /api/notifications/**} there (its gateway), so that a frontend needs one origin
     */
    public static ServiceProcess api(Path projectRoot, Path home, int port, Wiring wiring, int notifierPort) {
        // the embedding model (search queries) and uploads of up to 20 MB
        return service("api-service", projectRoot, home, port, wiring, "384m",
                Map.of("JOBHUB_CREDENTIALS_KEY", wiring.credentialsKey(), "JOBHUB_EGRESS_ALLOW_LOOPBACK", "true",
                        "NOTIFIER_URL", "http://127.0.0.1:" + notifierPort));
    }

    public static ServiceProcess worker(Path projectRoot, Path home, int port, Wiring wiring, int concurrency) {
        // the embedding model, and a 20 MB document's bytes, text and PDF structures while it is extracted
        return service("worker-service", projectRoot, home, port, wiring, "512m",
                Map.of("WORKER_CONCURRENCY", Integer.toString(concurrency),
                        "JOBHUB_CREDENTIALS_KEY", wiring.credentialsKey(), "JOBHUB_EGRESS_ALLOW_LOOPBACK", "true"));
    }

    /**
     * The notifier holds the WebSocket and SSE connections, about 22 KiB of heap each (measured by the benchmark's W5):
     * 256 MiB ran out at about 10,600 connections, and well before that the collector's work delayed every message.
     */
    private static final String NOTIFIER_HEAP = "1g";

    /**
     * The notifier seals webhook secrets with the same credentials key; webhook receivers run on this machine too, so
     * it may dial loopback addresses as well.
     */
    public static ServiceProcess notifier(Path projectRoot, Path home, int port, Wiring wiring) {
        return service("notification-service", projectRoot, home, port, wiring, NOTIFIER_HEAP,
                Map.of("JOBHUB_CREDENTIALS_KEY", wiring.credentialsKey(), "JOBHUB_EGRESS_ALLOW_LOOPBACK", "true"));
    }

    /** The notifier sending its emails to the SMTP server on 127.0.0.1:{@code smtpPort} (the stack's GreenMail). */
    public static ServiceProcess notifier(Path projectRoot, Path home, int port, Wiring wiring, int smtpPort) {
        return service("notification-service", projectRoot, home, port, wiring, NOTIFIER_HEAP,
                Map.of("SMTP_HOST", "127.0.0.1", "SMTP_PORT", Integer.toString(smtpPort),
                        "JOBHUB_CREDENTIALS_KEY", wiring.credentialsKey(), "JOBHUB_EGRESS_ALLOW_LOOPBACK", "true"));
    }

    private static ServiceProcess service(String name, Path projectRoot, Path home, int port, Wiring wiring,
            String maxHeap, Map<String, String> own) {
        Map<String, String> env = new HashMap<>();
        env.put("DB_HOST", "127.0.0.1");
        env.put("DB_PORT", Integer.toString(wiring.pgPort()));
        env.put("DB_NAME", DATABASE);
        env.put("DB_USER", DB_USER);
        env.put("DB_PASSWORD", DB_PASSWORD);
        env.put("KAFKA_BOOTSTRAP_SERVERS", wiring.kafkaBootstrap());
        env.put("JWT_PUBLIC_KEY_LOCATION", wiring.publicKey().toUri().toString());
        env.put("JWT_ISSUER", ISSUER);
        env.putAll(own);
        env.putAll(wiring.extra());
        Path jar = projectRoot.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        // small heaps: three services, a broker and PostgreSQL share a 2-core machine
        return new ServiceProcess(name, jar, port, home, env, List.of("-Xms64m", "-Xmx" + maxHeap,
                "-XX:+UseSerialGC"));
    }
}
