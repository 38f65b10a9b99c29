package dev.jobhub.stack.bench;

import dev.jobhub.stack.Stack;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PostgreSQL's write-ahead log counters ({@code pg_stat_wal}, {@code pg_stat_bgwriter}) of the local stack's
 * server, read before and after a workload: the WAL it wrote, how much of it were full page images (the first change
 * to a page after each checkpoint logs the whole 8 KiB page), and the checkpoints it caused. On this machine the
 * disk, not the CPU, is what PostgreSQL waits on under W1, and WAL volume is what fills it.
 *
 * @param bytes          WAL written since the server started
 * @param fullPageImages full page images among them
 * @param checkpoints    checkpoints since the statistics were reset, timed and requested (WAL size) alike
 */
record PostgresWal(long bytes, long fullPageImages, long checkpoints) {

    /** The workload figure that holds {@link #since}. */
    static final String FIGURE = "postgresWal";

    static final String QUERY = "SELECT wal_bytes::bigint, wal_fpi, (SELECT checkpoints_timed + checkpoints_req "
            + "FROM pg_stat_bgwriter) FROM pg_stat_wal";

    /** The counters now, or null if the server could not be asked (the workload then reports no WAL figures). */
    static PostgresWal read(Stack stack) {
        try {
            return parse(stack.postgres().psql("jobhub", QUERY));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code psql -At}'s line: {@code bytes|fpi|checkpoints}. */
    static PostgresWal parse(String line) {
        String[] fields = line.trim().split("\\|");
        if (fields.length != 3) {
            throw new IllegalArgumentException("not a pg_stat_wal line: " + line);
        }
        return new PostgresWal(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2]));
    }

    /** What was written between {@code earlier} and this reading, per job too when there were jobs. */
    Map<String, Object> since(PostgresWal earlier, long jobs) {
        Map<String, Object> figures = new LinkedHashMap<>();
        double megabytes = (bytes - earlier.bytes) / 1e6;
        figures.put("megabytes", WorkloadScope.round(megabytes, 1));
        figures.put("fullPageImages", fullPageImages - earlier.fullPageImages);
        figures.put("checkpoints", checkpoints - earlier.checkpoints);
        figures.put("kilobytesPerJob", jobs == 0 ? null : WorkloadScope.round(megabytes * 1000 / jobs, 1));
        return figures;
    }
}
