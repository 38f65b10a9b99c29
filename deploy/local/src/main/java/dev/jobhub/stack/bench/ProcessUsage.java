package dev.jobhub.stack.bench;

/**
 * What one process (PostgreSQL: the postmaster and all its backends) used during a workload.
 *
 * @param stackPart   false for the benchmark's own JVM, which is shown but not charged to the stack
 * @param peakRssMiB  the largest resident set sampled during the workload; for PostgreSQL the private memory of all
 *                    its processes plus their shared memory once
 * @param lifetimePeakRssMiB VmHWM of the (main) process at the end: its peak since it started
 */
record ProcessUsage(String name, boolean stackPart, double cpuSeconds, double peakRssMiB, double lifetimePeakRssMiB) {
}
