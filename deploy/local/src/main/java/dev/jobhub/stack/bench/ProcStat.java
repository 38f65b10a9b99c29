package dev.jobhub.stack.bench;

/**
 * The figures of {@code /proc/<pid>/stat} and {@code /proc/<pid>/status} the benchmark reads: CPU time in clock
 * ticks, the parent, and memory in KiB.
 *
 * @param childTicks CPU time of children that ended and were waited for (cutime + cstime): for PostgreSQL, the
 *                   backends that exited during the measurement
 */
record ProcStat(long pid, long parentPid, long ownTicks, long childTicks) {

    /**
     * Parses one {@code stat} line. The command name (field 2) is in parentheses and may hold spaces and
     * parentheses itself, so the fields are counted from its last closing parenthesis.
     */
    static ProcStat parse(String statLine) {
        int open = statLine.indexOf('(');
        int close = statLine.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + statLine);
        }
        long pid = Long.parseLong(statLine.substring(0, open).trim());
        // after the name: state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17)
        String[] fields = statLine.substring(close + 1).trim().split("\\s+");
        return new ProcStat(pid, Long.parseLong(fields[1]),
                Long.parseLong(fields[11]) + Long.parseLong(fields[12]),
                Long.parseLong(fields[13]) + Long.parseLong(fields[14]));
    }

    /** A {@code VmRSS:} or {@code VmHWM:} line of {@code /proc/<pid>/status} in KiB; 0 when absent (a zombie). */
    static long statusKib(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key + ":")) {
                String[] parts = line.substring(key.length() + 1).trim().split("\\s+");
                return Long.parseLong(parts[0]);
            }
        }
        return 0;
    }
}
