package dev.jobhub.stack.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A single-node KRaft Kafka broker (combined broker and controller) run from the Maven Central jars that
 * {@code deploy/kafka} copies, as a process of its own. Formatted once; restarts keep its data.
 */
public record KafkaBroker(Path home, Path libs, int port, int controllerPort) {

    private static final String STARTED_MARKER = "Kafka Server started";

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path logFile() {
        return home.resolve("kafka.log");
    }

    private Path pidFile() {
        return home.resolve("kafka.pid");
    }

    private Path dataDir() {
        return home.resolve("data");
    }

    private Path log4jFile() {
        return home.resolve("log4j2.properties");
    }

    /** Kafka 4 logs through log4j2, which without a configuration prints errors only. */
    private static final String LOG4J_CONFIG = String.join("\n",
            "status = warn",
            "appender.out.type = Console",
            "appender.out.name = OUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.out.ref = OUT",
            "logger.noisy.name = org.apache.kafka.storage.internals.log",
            "logger.noisy.level = WARN",
            "");

    private Path configFile() {
        return home.resolve("server.properties");
    }

    public Optional<ProcessHandle> process() {
        return ProcessFiles.livePid(pidFile());
    }

    public boolean isRunning() {
        return process().isPresent();
    }

    /** Formats the storage on first start and starts the broker, returning when it accepts clients. */
    public void start() {
        if (isRunning()) {
            return;
        }
        if (!Files.isDirectory(libs) || !Files.exists(libs.resolve("kafka_2.13-" + version() + ".jar"))) {
            throw new IllegalStateException("Kafka broker jars not found in " + libs
                    + "; build them with: ./mvnw -pl deploy/kafka package");
        }
        Ports.requireFree(port, "Kafka", "JOBHUB_KAFKA_PORT");
        Ports.requireFree(controllerPort, "Kafka controller", "JOBHUB_KAFKA_CONTROLLER_PORT");
        try {
            Files.createDirectories(home);
            Files.writeString(configFile(), serverProperties(), StandardCharsets.UTF_8);
            Files.writeString(log4jFile(), LOG4J_CONFIG, StandardCharsets.UTF_8);
            if (!Files.exists(dataDir().resolve("meta.properties"))) {
                String clusterId = Commands.run(java("kafka.tools.StorageTool", "random-uuid"), Duration.ofMinutes(1))
                        .lines().reduce((first, last) -> last).orElseThrow().trim();
                Commands.run(java("kafka.tools.StorageTool", "format", "--standalone", "-t", clusterId, "-c",
                        configFile().toString()), Duration.ofMinutes(1));
            }
            Files.deleteIfExists(logFile());
            Process process = new ProcessBuilder(java("kafka.Kafka", configFile().toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(logFile().toFile())
                    .start();
            ProcessFiles.writePid(pidFile(), process.pid());
            Ports.await("Kafka broker on port " + port, Duration.ofSeconds(60), process::isAlive,
                    () -> ProcessFiles.logContains(logFile(), STARTED_MARKER) && Ports.isListening(port),
                    () -> ProcessFiles.tail(logFile(), 30));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start Kafka in " + home + ": " + e.getMessage(), e);
        }
    }

    /** Stops the broker (SIGTERM: a controlled shutdown, about 2-3 s). */
    public void stop() {
        ProcessFiles.stop(pidFile(), Duration.ofSeconds(30));
    }

    /** Kills the broker without a controlled shutdown, as a crash would. */
    public void kill() {
        process().ifPresent(handle -> {
            handle.destroyForcibly();
            handle.onExit().join();
        });
    }

    private String version() {
        try (var jars = Files.list(libs)) {
            return jars.map(jar -> jar.getFileName().toString())
                    .filter(name -> name.startsWith("kafka_2.13-") && name.endsWith(".jar"))
                    .map(name -> name.substring("kafka_2.13-".length(), name.length() - 4))
                    .findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private List<String> java(String mainClass, String... args) {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(javaBin, "-Xms256m", "-Xmx256m",
                "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4jFile().toUri(), "-cp", libs.resolve("*").toString(), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private String serverProperties() {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "log.dirs=" + dataDir(),
                // topics are created explicitly with their partition counts (TopicProvisioner)
                "auto.create.topics.enable=false",
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=6",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                "") ;
    }
}
