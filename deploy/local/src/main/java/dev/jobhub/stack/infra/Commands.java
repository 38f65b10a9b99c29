package dev.jobhub.stack.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short external commands (initdb, pg_ctl, psql, chown) to completion and fails with their output. */
public final class Commands {

    private Commands() {
    }

    /** True if this JVM runs as root, in which case PostgreSQL must be driven as the {@code postgres} user. */
    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The command, run as the {@code postgres} user when we are root (PostgreSQL refuses to run as root). */
    public static List<String> asPostgresUser(List<String> command) {
        if (!runningAsRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    public static String run(List<String> command, Duration timeout) {
        try {
            Path output = Files.createTempFile("jobhub-cmd", ".out");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .directory(Path.of(System.getProperty("java.io.tmpdir")).toFile())
                        .start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command));
                }
                String text = Files.readString(output, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("failed (exit " + process.exitValue() + "): "
                            + String.join(" ", command) + "\n" + text);
                }
                return text;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** Gives the {@code postgres} user a directory of its own (only needed when we are root). */
    public static void ownByPostgres(Path dir) {
        if (runningAsRoot()) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), Duration.ofSeconds(30));
        }
    }
}
