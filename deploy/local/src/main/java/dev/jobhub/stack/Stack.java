package dev.jobhub.stack;

import dev.jobhub.stack.infra.KafkaBroker;
import dev.jobhub.stack.infra.MailCatcher;
import dev.jobhub.stack.infra.Mailbox;
import dev.jobhub.stack.infra.PostgresServer;
import dev.jobhub.stack.infra.ProcessFiles;
import dev.jobhub.stack.infra.ServiceProcess;
import dev.jobhub.stack.token.CredentialsKey;
import dev.jobhub.stack.token.JwtSigner;
import dev.jobhub.stack.token.PemKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The local stack: PostgreSQL, a KRaft Kafka broker, an SMTP mail catcher (GreenMail) and the three services as plain
 * processes, no Docker. Run through {@code deploy/local/stack}: up | down | status | logs &lt;component&gt; |
 * token &lt;user&gt; [--admin] | mails &lt;address&gt; | demo.
 */
public final class Stack {

    private final StackConfig config;
    private final PostgresServer postgres;
    private final PostgresServer samplePostgres;
    private final KafkaBroker kafka;
    private final MailCatcher mail;
    private final List<Component> services;

    /** A service process and the variable that moves its port. */
    record Component(ServiceProcess process, String portVariable) {
    }

    /** The stack of this project root, as {@code deploy/local/stack} sees it (ports and home from the environment). */
    public static Stack of(Path projectRoot) {
        return new Stack(StackConfig.fromEnvironment(projectRoot));
    }

    Stack(StackConfig config) {
        this.config = config;
        this.postgres = new PostgresServer(config.home().resolve("postgres"), config.pgPort(), true);
        // demo data only: not durable
        this.samplePostgres = new PostgresServer(config.home().resolve("sample-postgres"), config.samplePgPort(),
                false);
        this.kafka = new KafkaBroker(config.home().resolve("kafka"), config.kafkaLibs(), config.kafkaPort(),
                config.kafkaControllerPort());
        this.mail = new MailCatcher(config.home().resolve("greenmail"), config.greenmailJar(), config.smtpPort(),
                config.mailApiPort());
        PlatformServices.Wiring wiring = new PlatformServices.Wiring(config.pgPort(), kafka.bootstrapServers(),
                config.devKeys().resolve("publicKey.pem"), CredentialsKey.load(config.home().resolve("credentials.key")),
                Map.of());
        Path logs = config.home().resolve("services");
        this.services = List.of(
                new Component(PlatformServices.api(config.projectRoot(), logs, config.apiPort(), wiring,
                        config.notifyPort()), "API_PORT"),
                new Component(PlatformServices.worker(config.projectRoot(), logs, config.workerPort(), wiring,
                        Integer.parseInt(System.getenv().getOrDefault("WORKER_CONCURRENCY", "8"))), "WORKER_PORT"),
                new Component(PlatformServices.notifier(config.projectRoot(), logs, config.notifyPort(), wiring,
                        config.smtpPort()), "NOTIFY_PORT"));
    }

    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("jobhub.project.root", ".")).toAbsolutePath().normalize();
        String command = args.length == 0 ? "help" : args[0];
        try {
            Stack stack = of(root);
            switch (command) {
                case "up" -> stack.up();
                case "down" -> stack.down();
                case "status" -> stack.status();
                case "logs" -> stack.logs(args.length > 1 ? args[1] : "");
                case "token" -> stack.token(args);
                case "mails" -> stack.mails(args);
                case "demo" -> {
                    stack.up();
                    stack.startSampleDatabase();
                    new Demo(stack.apiUrl(), stack.notifyUrl(), stack.signer(), stack.mail(), stack.pgPort(),
                            stack.config().samplePgPort(), root.resolve("README.md")).run();
                }
                default -> usage();
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("stack: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void usage() {
        System.out.println("""
                usage: deploy/local/stack <command>
                  up                      start PostgreSQL, Kafka, the mail catcher and the three services (idempotent)
                  down                    stop what 'up' started
                  status                  what runs, where
                  logs <component>        the log of postgres | kafka | greenmail | api-service | worker-service | notification-service
                  token <user> [--admin]  print a JWT for that user (sub=<user>, groups=user[,admin])
                  mails <address>         the emails that address received, as JSON [{subject, to, from, text, html, receivedAt}]
                  demo                    'up', then a sleep job and a sample database's schema rebuild, followed live
                ports: JOBHUB_PG_PORT (55432) JOBHUB_KAFKA_PORT (59092) API_PORT (8080) WORKER_PORT (8081) NOTIFY_PORT (8082)
                       JOBHUB_SMTP_PORT (2525) JOBHUB_MAIL_API_PORT (8025, the mailbox's REST API)
                       JOBHUB_SAMPLE_PG_PORT (55433, the demo's sample database)""");
    }

    /**
     * Starts what does not run (PostgreSQL, Kafka, then the three services in parallel) and waits until each is ready:
     * {@code up} without its banner, also how the benchmark brings back a process it killed.
     */
    public void start() {
        step("PostgreSQL", "127.0.0.1:" + config.pgPort(), postgres.isRunning(), () -> {
            postgres.start();
            postgres.ensureDatabase(PlatformServices.DATABASE, PlatformServices.DB_USER, PlatformServices.DB_PASSWORD);
        });
        step("Kafka (KRaft)", kafka.bootstrapServers(), kafka.isRunning(), kafka::start);
        step("SMTP (GreenMail)", mail.smtpHost() + ":" + mail.smtpPort(), mail.isRunning(), mail::start);
        List<Component> toStart = services.stream().filter(c -> !c.process().isRunning()).toList();
        services.stream().filter(c -> c.process().isRunning())
                .forEach(c -> System.out.printf("  = %-22s %s (already running)%n", c.process().name(),
                        c.process().baseUrl()));
        // start all, then wait for each: the services boot in parallel
        toStart.forEach(c -> c.process().start(true, c.portVariable()));
        for (Component component : toStart) {
            step(component.process().name(), component.process().baseUrl(), false,
                    () -> component.process().awaitReady(Duration.ofSeconds(120)));
        }
    }

    /**
     * Starts the demo's sample PostgreSQL (a server of its own: the platform does not connect to its own database)
     * with the sample database {@link Demo#SAMPLE_DATABASE} in it.
     */
    void startSampleDatabase() {
        step("sample PostgreSQL", "127.0.0.1:" + config.samplePgPort(), samplePostgres.isRunning(),
                samplePostgres::start);
        Demo.createSampleDatabase(samplePostgres);
    }

    void up() {
        System.out.println("jobhub local stack, state in " + config.home());
        start();
        String token = signer().token("demo", false, Duration.ofHours(12));
        System.out.printf("""

                ready.
                  REST API        %s/api/jobs           (OpenAPI: %s/q/swagger-ui)
                  documents       %s/api/documents
                  notifications   %s/api/notifications
                  WebSocket       ws://127.0.0.1:%d/ws?access_token=<token>
                  mailbox         %s/api/user/<address>/messages/  (SMTP %s:%d; or: deploy/local/stack mails <address>)
                  worker health   %s/q/health
                  logs            deploy/local/stack logs <api-service|worker-service|notification-service|kafka|postgres|greenmail>
                  token for user 'demo' (12 h; more with: deploy/local/stack token <user> [--admin]):
                %s

                try:
                  curl -s -X POST %s/api/jobs -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
                       -d '{"type":"sleep","payload":{"steps":5,"stepMillis":1000}}'
                  curl -s %s/api/documents -H "Authorization: Bearer $TOKEN" -F file=@README.md
                  curl -s %s/api/documents/search -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
                       -d '{"query":"which file types can be uploaded?"}'
                """, apiUrl(), apiUrl(), apiUrl(), notifyUrl(), config.notifyPort(), mail.apiUrl(), mail.smtpHost(),
                mail.smtpPort(), services.get(1).process().baseUrl(), token, apiUrl(), apiUrl(), apiUrl());
    }

    private static void step(String name, String where, boolean alreadyRunning, Runnable start) {
        if (alreadyRunning) {
            System.out.printf("  = %-22s %s (already running)%n", name, where);
            return;
        }
        System.out.printf("  … %-22s %s starting%n", name, where);
        long began = System.nanoTime();
        start.run();
        System.out.printf("  ✓ %-22s %s up in %.1f s%n", name, where, (System.nanoTime() - began) / 1e9);
    }

    void down() {
        for (int i = services.size() - 1; i >= 0; i--) {
            ServiceProcess process = services.get(i).process();
            report(process.name(), process.stop(Duration.ofSeconds(30)));
        }
        report("GreenMail", mail.stop());
        boolean kafkaRan = kafka.isRunning();
        kafka.stop();
        report("Kafka", kafkaRan);
        boolean pgRan = Files.exists(postgres.dataDir().resolve("postmaster.pid"));
        postgres.stop();
        report("PostgreSQL", pgRan);
        if (Files.exists(samplePostgres.dataDir().resolve("postmaster.pid"))) {
            samplePostgres.stop();
            report("sample PostgreSQL", true);
        }
    }

    private static void report(String name, boolean stopped) {
        System.out.printf("  %s %-22s %s%n", stopped ? "✓" : "-", name, stopped ? "stopped" : "was not running");
    }

    void status() {
        line("PostgreSQL", "127.0.0.1:" + config.pgPort(), postgres.isRunning());
        line("Kafka", kafka.bootstrapServers(), kafka.isRunning());
        line("greenmail", "smtp " + mail.smtpHost() + ":" + mail.smtpPort() + ", mailbox " + mail.apiUrl(),
                mail.isRunning());
        line("sample-postgres", "127.0.0.1:" + config.samplePgPort() + " (started by demo)",
                samplePostgres.isRunning());
        for (Component component : services) {
            ServiceProcess process = component.process();
            String health = process.isRunning() ? (process.isReady() ? "ready" : "starting or unhealthy") : "";
            line(process.name(), process.baseUrl() + " " + health, process.isRunning());
        }
    }

    private static void line(String name, String where, boolean running) {
        System.out.printf("  %-8s %-22s %s%n", running ? "running" : "stopped", name, where);
    }

    void logs(String component) {
        Path log = switch (component) {
            case "postgres" -> postgres.logFile();
            case "sample-postgres" -> samplePostgres.logFile();
            case "kafka" -> kafka.logFile();
            case "greenmail" -> mail.logFile();
            default -> services.stream().map(Component::process).filter(p -> p.name().equals(component))
                    .map(ServiceProcess::logFile).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown component '" + component
                            + "'; one of postgres, sample-postgres, kafka, greenmail, api-service, worker-service, "
                            + "notification-service"));
        };
        System.out.println(ProcessFiles.tail(log, 200));
    }

    void token(String[] args) {
        if (args.length < 2 || args[1].isBlank() || args[1].startsWith("-")) {
            throw new IllegalArgumentException("usage: deploy/local/stack token <user> [--admin]");
        }
        boolean admin = List.of(args).contains("--admin");
        System.out.println(signer().token(args[1], admin, Duration.ofHours(12)));
    }

    /** Prints what the address received, as a JSON array, oldest first ({@code []} if nothing). */
    void mails(String[] args) {
        if (args.length < 2 || args[1].isBlank() || args[1].startsWith("-")) {
            throw new IllegalArgumentException("usage: deploy/local/stack mails <address>");
        }
        if (!mail.isRunning()) {
            throw new IllegalStateException("the mail catcher is not running: deploy/local/stack up");
        }
        System.out.println(Mailbox.toJson(mail.mails(args[1])));
    }

    public JwtSigner signer() {
        return new JwtSigner(PemKeys.readPrivateKey(config.devKeys().resolve("privateKey.pem")),
                PlatformServices.ISSUER);
    }

    public String apiUrl() {
        return services.get(0).process().baseUrl();
    }

    int pgPort() {
        return config.pgPort();
    }

    public String notifyUrl() {
        return services.get(2).process().baseUrl();
    }

    public StackConfig config() {
        return config;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public MailCatcher mail() {
        return mail;
    }

    /** api-service, worker-service and notification-service, in that order. */
    public List<ServiceProcess> services() {
        return services.stream().map(Component::process).toList();
    }
}
