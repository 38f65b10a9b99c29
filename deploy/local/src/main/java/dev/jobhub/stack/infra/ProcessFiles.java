package dev.jobhub.stack.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Pid files and log tails of the processes a stack or a test run started, so it stops exactly those. */
public final class ProcessFiles {

    private ProcessFiles() {
    }

    public static void writePid(Path pidFile, long pid) {
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, Long.toString(pid), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + pidFile, e);
        }
    }

    /** The live process recorded in the pid file, if there is one. */
    public static Optional<ProcessHandle> livePid(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim().split("\\s+")[0]);
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(handle -> !isZombie(pid));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * True if the process has died and waits to be reaped by its parent: it still has a pid, and "is alive" to
     * {@link ProcessHandle}, but serves nothing. A component SIGKILLed by a tool that started it shows up like this
     * until that tool reaps it, and must be started again, not reported as running.
     */
    static boolean isZombie(long pid) {
        return state(Path.of("/proc", Long.toString(pid), "stat")).map(state -> state == 'Z' || state == 'X')
                .orElse(false);
    }

    /** The state letter of /proc/<pid>/stat: the first field after the command name, which may hold spaces. */
    static Optional<Character> state(Path stat) {
        try {
            String line = Files.readString(stat, StandardCharsets.UTF_8);
            int end = line.lastIndexOf(')');
            return end < 0 || end + 2 >= line.length() ? Optional.empty() : Optional.of(line.charAt(end + 2));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** SIGTERM, then SIGKILL after the grace period; removes the pid file. */
    public static boolean stop(Path pidFile, Duration grace) {
        Optional<ProcessHandle> process = livePid(pidFile);
        process.ifPresent(handle -> terminate(handle, grace));
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is harmless: livePid checks that the process is alive
        }
        return process.isPresent();
    }

    public static void terminate(ProcessHandle handle, Duration grace) {
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
            handle.onExit().join();
        }
    }

    /** The last lines of a log file, for error messages. */
    public static String tail(Path log, int lines) {
        try {
            if (!Files.exists(log)) {
                return "(no log at " + log + ")";
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "--- last lines of " + log + " ---\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    public static boolean logContains(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}
