package dev.jobhub.stack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the local stack keeps its state and which ports it uses; every port can be moved with an environment
 * variable, since another process may hold a default one.
 *
 * @param samplePgPort the demo's sample PostgreSQL, a server of its own: the platform refuses its own database as a
 *                     registered connection
 * @param smtpPort     the mail catcher's SMTP port (GreenMail), where the notifier sends its emails
 * @param mailApiPort  the mail catcher's REST API, where {@code stack mails} reads them
 */
public record StackConfig(Path projectRoot, Path home, int pgPort, int kafkaPort, int kafkaControllerPort,
        int apiPort, int workerPort, int notifyPort, int samplePgPort, int smtpPort, int mailApiPort) {

    public static StackConfig fromEnvironment(Path projectRoot) {
        Map<String, String> env = System.getenv();
        Path home = Path.of(env.getOrDefault("JOBHUB_STACK_HOME", projectRoot.resolve(".local/stack").toString()));
        int kafkaPort = port(env, "JOBHUB_KAFKA_PORT", 59092);
        return new StackConfig(projectRoot, home.toAbsolutePath(),
                port(env, "JOBHUB_PG_PORT", 55432),
                kafkaPort,
                port(env, "JOBHUB_KAFKA_CONTROLLER_PORT", kafkaPort + 1),
                port(env, "API_PORT", 8080),
                port(env, "WORKER_PORT", 8081),
                port(env, "NOTIFY_PORT", 8082),
                port(env, "JOBHUB_SAMPLE_PG_PORT", 55433),
                port(env, "JOBHUB_SMTP_PORT", 2525),
                port(env, "JOBHUB_MAIL_API_PORT", 8025));
    }

    private static int port(Map<String, String> env, String name, int defaultPort) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number (1-65535), not '" + value + "'");
        }
    }

    public Path kafkaLibs() {
        return projectRoot.resolve("deploy/kafka/target/libs");
    }

    /** GreenMail standalone, copied there by deploy/local's build. */
    public Path greenmailJar() {
        return projectRoot.resolve("deploy/local/target/greenmail/greenmail-standalone.jar");
    }

    public Path devKeys() {
        return projectRoot.resolve("deploy/local/dev-keys");
    }
}
