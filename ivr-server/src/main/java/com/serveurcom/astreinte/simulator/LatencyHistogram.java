package com.serveurcom.astreinte.simulator;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-bucket latency histogram in the spirit of HdrHistogram (which is not a dependency):
 * microsecond resolution, log-linear buckets with 32 sub-buckets per power of two above 64 µs, so
 * any recorded value is known within about 3 %, up to about 2^40 µs. Recording is one array
 * increment and two atomic updates and allocates nothing, so thousands of call threads can record
 * into one instance without disturbing what they measure. Thread-safe; {@link #snapshot()} is not
 * atomic with respect to concurrent recording (good enough for percentiles over millions of values).
 */
public final class LatencyHistogram {

    /** Values below this many µs get a bucket each. */
    private static final int LINEAR = 64;
    private static final int SUB = 32;
    private static final int SUB_BITS = 5;
    private static final int MAX_SHIFT = 36;
    private static final int BUCKETS = LINEAR + MAX_SHIFT * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong maxMicros = new AtomicLong();
    private final AtomicLong sumMicros = new AtomicLong();

    /** Records one value given in nanoseconds (negative values count as zero). */
    public void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        counts.incrementAndGet(index(micros));
        sumMicros.addAndGet(micros);
        long m = maxMicros.get();
        while (micros > m && !maxMicros.compareAndSet(m, micros)) {
            m = maxMicros.get();
        }
    }

    /** Forgets everything recorded so far, e.g. at the end of a warm-up. */
    public void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            counts.set(i, 0);
        }
        maxMicros.set(0);
        sumMicros.set(0);
    }

    public Snapshot snapshot() {
        long[] c = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            c[i] = counts.get(i);
            total += c[i];
        }
        return new Snapshot(c, total, sumMicros.get(), maxMicros.get());
    }

    static int index(long micros) {
        if (micros < LINEAR) {
            return (int) micros;
        }
        // micros >= 64: the top SUB_BITS+1 bits give the sub-bucket, the rest the shift.
        int shift = (63 - Long.numberOfLeadingZeros(micros)) - SUB_BITS;
        if (shift > MAX_SHIFT) {
            return BUCKETS - 1;
        }
        int sub = (int) (micros >>> shift) - SUB;
        return LINEAR + (shift - 1) * SUB + sub;
    }

    /** Highest value (µs) that lands in bucket {@code i}: percentiles are reported conservatively. */
    static long upperBound(int i) {
        if (i < LINEAR) {
            return i;
        }
        int shift = (i - LINEAR) / SUB + 1;
        long sub = (i - LINEAR) % SUB + SUB;
        return ((sub + 1) << shift) - 1;
    }

    /** An immutable copy of the counts. */
    public static final class Snapshot {
        private final long[] counts;
        private final long count;
        private final long sumMicros;
        private final long maxMicros;

        Snapshot(long[] counts, long count, long sumMicros, long maxMicros) {
            this.counts = counts;
            this.count = count;
            this.sumMicros = sumMicros;
            this.maxMicros = maxMicros;
        }

        public long count() {
            return count;
        }

        public long maxMicros() {
            return maxMicros;
        }

        public double meanMicros() {
            return count == 0 ? 0 : (double) sumMicros / count;
        }

        /** The value (µs, bucket upper bound, capped at the max seen) at or below which {@code p} % of values lie. */
        public long percentileMicros(double p) {
            if (count == 0) {
                return 0;
            }
            long rank = (long) Math.ceil(p / 100.0 * count);
            rank = Math.max(1, Math.min(count, rank));
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return Math.min(upperBound(i), maxMicros);
                }
            }
            return maxMicros;
        }
    }
}
