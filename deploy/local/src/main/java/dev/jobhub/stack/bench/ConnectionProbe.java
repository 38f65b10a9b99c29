package dev.jobhub.stack.bench;

import java.util.Map;

/**
 * W5's capacity probe: connections opened past the last level until the cap or the first run of refusals.
 *
 * @param cap                 how many it tried to hold at most
 * @param held                sockets open at once at the end of the probe, as this client counts them
 * @param stoppedBy           what ended it: the cap, failed handshakes, the notifier no longer answering
 * @param notifierConnections the notifier's own count (its readiness check); null if it did not answer
 * @param handshakeFailures   refused or timed-out upgrades, by cause
 * @param drops               open sockets closed by the server or broken, by close code or error, over the workload
 * @param notifier            the notifier's CPU during the probe and its peak memory
 * @param postgres            PostgreSQL's CPU during the probe: a socket of a user without an email claim costs no
 *                            query (with one, the notifier records the address once per user)
 * @param notifierFiles       its descriptors at the end, against its limit
 * @param benchFiles          the benchmark's, against its limit
 * @param notifierOutOfMemory the notifier logged an OutOfMemoryError during the workload
 */
record ConnectionProbe(int cap, int held, String stoppedBy, Integer notifierConnections, double openSeconds,
        Map<String, Long> handshakeFailures, Map<String, Long> drops, ProcessUsage notifier, ProcessUsage postgres,
        OpenFiles notifierFiles,
        OpenFiles benchFiles, boolean notifierOutOfMemory) {

    @Override
    public String toString() {
        return String.format("held %,d at once of a cap of %,d, stopped by %s (notifier counts %s; opened in %.1f s); "
                        + "failures %s; drops %s; notifier %.0f MiB%s, %.1f CPU s, files %s; PostgreSQL %.1f CPU s; "
                        + "bench files %s", held, cap, stoppedBy, notifierConnections, openSeconds, handshakeFailures,
                drops, notifier.peakRssMiB(), notifierOutOfMemory ? " and OUT OF MEMORY" : "", notifier.cpuSeconds(),
                notifierFiles, postgres.cpuSeconds(), benchFiles);
    }
}
