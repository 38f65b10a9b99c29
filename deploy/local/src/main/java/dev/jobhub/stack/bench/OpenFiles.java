package dev.jobhub.stack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A process's open file descriptors and its limit ({@code /proc/<pid>/fd}, {@code /proc/<pid>/limits}): every
 * socket takes one, so a process started under a low {@code ulimit -n} refuses connections long before its memory
 * or CPU would.
 *
 * @param open      descriptors open now; -1 if unreadable
 * @param softLimit "Max open files", the limit that applies; -1 if unreadable or unlimited
 */
record OpenFiles(long open, long softLimit) {

    static OpenFiles of(long pid) {
        long open;
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            open = fds.count();
        } catch (IOException | SecurityException e) {
            open = -1;
        }
        long limit;
        try {
            limit = softLimit(Files.readString(Path.of("/proc", Long.toString(pid), "limits")));
        } catch (IOException e) {
            limit = -1;
        }
        return new OpenFiles(open, limit);
    }

    /** The soft "Max open files" of a {@code /proc/<pid>/limits} text; -1 if absent or unlimited. */
    static long softLimit(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] columns = line.substring("Max open files".length()).trim().split("\\s+");
                return columns[0].equals("unlimited") ? -1 : Long.parseLong(columns[0]);
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return String.format("%,d open of %,d", open, softLimit);
    }
}
