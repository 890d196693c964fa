package com.serveurcom.astreinte.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesAreWithinTheBucketPrecision() {
        LatencyHistogram h = new LatencyHistogram();
        for (long us = 1; us <= 10_000; us++) {
            h.recordNanos(us * 1000);
        }
        LatencyHistogram.Snapshot s = h.snapshot();
        assertThat(s.count()).isEqualTo(10_000);
        assertThat(s.maxMicros()).isEqualTo(10_000);
        assertThat((double) s.percentileMicros(50)).isCloseTo(5_000, within(5_000 * 0.035));
        assertThat((double) s.percentileMicros(99)).isCloseTo(9_900, within(9_900 * 0.035));
        assertThat(s.percentileMicros(100)).isEqualTo(10_000);
        assertThat(s.meanMicros()).isCloseTo(5_000.5, within(0.01));
    }

    @Test
    void everyValueLandsInABucketThatHoldsIt() {
        for (long v = 0; v < 5_000_000; v += 37) {
            int i = LatencyHistogram.index(v);
            assertThat(LatencyHistogram.upperBound(i)).isGreaterThanOrEqualTo(v);
            if (i > 0) {
                assertThat(LatencyHistogram.upperBound(i - 1)).isLessThan(v);
            }
        }
    }

    @Test
    void resetForgetsTheWarmUp() {
        LatencyHistogram h = new LatencyHistogram();
        h.recordNanos(5_000_000);
        h.reset();
        h.recordNanos(2_000);
        assertThat(h.snapshot().maxMicros()).isEqualTo(2);
        assertThat(h.snapshot().percentileMicros(99.9)).isEqualTo(2);
    }

    @Test
    void theRecorderIsOffByDefaultAndCarriedByTheWithers() {
        ThinkTimeRecorder r = (c, n) -> { };
        assertThat(SimulatorSettings.defaults().thinkTimes()).isSameAs(ThinkTimeRecorder.NONE);
        assertThat(SimulatorSettings.defaults().withThinkTimes(r).withMediaDelay(java.time.Duration.ofMillis(100))
                .thinkTimes()).isSameAs(r);
    }
}
