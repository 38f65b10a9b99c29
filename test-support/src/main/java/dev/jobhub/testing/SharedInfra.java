package dev.jobhub.testing;

import dev.jobhub.stack.PlatformServices;
import dev.jobhub.stack.infra.KafkaBroker;
import dev.jobhub.stack.infra.Ports;
import dev.jobhub.stack.infra.PostgresServer;
import dev.jobhub.support.kafka.TopicProvisioner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One real PostgreSQL and one real Kafka broker for the whole test JVM, started on first use on free ports under
 * {@code target/test-infra}, shared by every test class, and stopped when the JVM exits.
 */
public final class SharedInfra {

    private static SharedInfra instance;

    private final Path home;
    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private PostgresServer targetPostgres;

    private SharedInfra(Path home, PostgresServer postgres, KafkaBroker kafka) {
        this.home = home;
        this.postgres = postgres;
        this.kafka = kafka;
    }

    public static synchronized SharedInfra get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static SharedInfra start() {
        Path home = Path.of(System.getProperty("user.dir"), "target", "test-infra").toAbsolutePath();
        deleteRecursively(home);
        Path libs = Path.of(System.getProperty("jobhub.kafka.libs",
                Path.of(System.getProperty("jobhub.project.root", "..")).resolve("deploy/kafka/target/libs").toString()));
        int[] ports = Ports.freePorts(3);
        PostgresServer postgres = new PostgresServer(home.resolve("postgres"), ports[0], false);
        KafkaBroker kafka = new KafkaBroker(home.resolve("kafka"), libs, ports[1], ports[2]);
        SharedInfra infra = new SharedInfra(home, postgres, kafka);
        Runtime.getRuntime().addShutdownHook(new Thread(infra::stopAll, "test-infra-shutdown"));
        long began = System.nanoTime();
        postgres.start();
        postgres.ensureDatabase(PlatformServices.DATABASE, PlatformServices.DB_USER, PlatformServices.DB_PASSWORD);
        kafka.start();
        TopicProvisioner.ensureTopics(kafka.bootstrapServers(), (short) 1, 30_000);
        System.out.printf("test infra: PostgreSQL on %d, Kafka on %s, up in %.1f s%n", postgres.port(),
                kafka.bootstrapServers(), (System.nanoTime() - began) / 1e9);
        return infra;
    }

    private void stopAll() {
        try {
            kafka.stop();
        } finally {
            try {
                postgres.stop();
            } finally {
                synchronized (this) {
                    if (targetPostgres != null) {
                        targetPostgres.stop();
                    }
                }
            }
        }
    }

    /**
     * A PostgreSQL server of its own for the databases tests register as users' connections, started on first use.
     * The platform's own database is refused as a target (EgressGuard), so registered databases live elsewhere, as
     * they do in production; tests reach it on 127.0.0.1, which their profiles allow.
     */
    public synchronized PostgresServer targetPostgres() {
        if (targetPostgres == null) {
            PostgresServer started = new PostgresServer(home.resolve("target-postgres"), Ports.freePorts(1)[0], false);
            long began = System.nanoTime();
            started.start();
            targetPostgres = started;
            System.out.printf("test infra: PostgreSQL for registered databases on %d, up in %.1f s%n", started.port(),
                    (System.nanoTime() - began) / 1e9);
        }
        return targetPostgres;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl(PlatformServices.DATABASE);
    }

    public String reactiveUrl() {
        return postgres.reactiveUrl(PlatformServices.DATABASE);
    }

    /** Stops the broker (same port and data on restart), to test what happens while Kafka is away. */
    public void stopKafka() {
        kafka.stop();
    }

    public void startKafka() {
        kafka.start();
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException("cannot clean " + dir, e);
        }
    }
}
