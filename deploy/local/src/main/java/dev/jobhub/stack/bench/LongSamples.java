package dev.jobhub.stack.bench;

import java.util.Arrays;

/** A growable list of measurements (nanoseconds or microseconds) that several threads add to. */
final class LongSamples {

    private long[] values = new long[1024];
    private int size;

    synchronized void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    synchronized int size() {
        return size;
    }

    synchronized long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
