package dev.jobhub.stack.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One of the platform's services run from its built jar ({@code target/quarkus-app/quarkus-run.jar}), not in dev
 * mode, with its configuration in environment variables. Ready when {@code /q/health/ready} answers 200.
 */
public record ServiceProcess(String name, Path jar, int port, Path home, Map<String, String> environment,
        List<String> jvmOptions) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public Path logFile() {
        return home.resolve(name + ".log");
    }

    private Path pidFile() {
        return home.resolve(name + ".pid");
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Optional<ProcessHandle> process() {
        return ProcessFiles.livePid(pidFile());
    }

    public boolean isRunning() {
        return process().isPresent();
    }

    /** Starts the service unless it runs already; with {@code detached}, it outlives this JVM (the stack CLI). */
    public void start(boolean detached, String portVariable) {
        if (isRunning()) {
            return;
        }
        if (!Files.exists(jar)) {
            throw new IllegalStateException(name + " is not built: " + jar + " is missing (run ./mvnw package)");
        }
        Ports.requireFree(port, name, portVariable);
        try {
            Files.createDirectories(home);
            String javaBin = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>();
            if (detached) {
                command.add("setsid");
            }
            command.add(javaBin);
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .directory(home.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("HTTP_PORT", Integer.toString(port));
            Process process = builder.start();
            ProcessFiles.writePid(pidFile(), process.pid());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    public void awaitReady(Duration timeout) {
        Ports.await(name + " on port " + port, timeout, this::isRunning, this::isReady,
                () -> ProcessFiles.tail(logFile(), 40));
    }

    public boolean isReady() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM (graceful shutdown), SIGKILL after the grace period. */
    public boolean stop(Duration grace) {
        return ProcessFiles.stop(pidFile(), grace);
    }

    /** SIGKILL, as a crash would. */
    public void kill() {
        process().ifPresent(handle -> {
            handle.destroyForcibly();
            handle.onExit().join();
        });
    }
}
