package dev.strafe.webrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RtoEstimatorTest {

    private static final long MS = 1_000_000L;

    private static RtoEstimator estimator() {
        return new RtoEstimator(1_000 * MS, 100 * MS, 60_000 * MS, MS);
    }

    @Test
    void usesRtoInitialUntilTheFirstMeasurement() {
        RtoEstimator rto = estimator();
        assertFalse(rto.hasMeasurement());
        assertEquals(1_000 * MS, rto.rtoNanos());
    }

    @Test
    void firstMeasurementSetsSrttToRAndRttvarToHalfR() {
        RtoEstimator rto = estimator();
        rto.measure(200 * MS);
        assertEquals(200 * MS, rto.srttNanos());
        assertEquals(100 * MS, rto.rttvarNanos());
        assertEquals(600 * MS, rto.rtoNanos(), "SRTT + 4 * RTTVAR");
    }

    @Test
    void laterMeasurementsUseAlphaOneEighthAndBetaOneQuarterWithTheOldSrtt() {
        RtoEstimator rto = estimator();
        rto.measure(200 * MS);
        rto.measure(120 * MS);
        // RTTVAR = 3/4 * 100 + 1/4 * |200 - 120| = 95; SRTT = 7/8 * 200 + 1/8 * 120 = 190
        assertEquals(95 * MS, rto.rttvarNanos());
        assertEquals(190 * MS, rto.srttNanos());
        assertEquals(570 * MS, rto.rtoNanos());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "rounds up to RTO.Min (3 ms computed), 1,      100",
            "within bounds (50 + 4 * 25),          50,     150",
            "caps at RTO.Max (300 s computed),     100000, 60000",
    })
    void clampsTheComputedRtoToMinAndMax(String name, long rttMs, long expectedMs) {
        RtoEstimator rto = estimator();
        rto.measure(rttMs * MS);
        assertEquals(expectedMs * MS, rto.rtoNanos(), name);
    }

    @Test
    void usesTheClockGranularityWhenRttvarIsTiny() {
        RtoEstimator rto = new RtoEstimator(1_000 * MS, MS, 60_000 * MS, 10 * MS);
        for (int i = 0; i < 100; i++) {
            rto.measure(50 * MS);
        }
        assertTrue(rto.rttvarNanos() < MS);
        assertEquals(60 * MS, rto.rtoNanos(), "SRTT + max(G, 4 * RTTVAR)");
    }

    @Test
    void backOffDoublesUpToRtoMaxAndTheNextMeasurementRecomputes() {
        RtoEstimator rto = new RtoEstimator(1_000 * MS, 100 * MS, 5_000 * MS, MS);
        rto.backOff();
        assertEquals(2_000 * MS, rto.rtoNanos());
        rto.backOff();
        assertEquals(4_000 * MS, rto.rtoNanos());
        rto.backOff();
        assertEquals(5_000 * MS, rto.rtoNanos());
        rto.backOff();
        assertEquals(5_000 * MS, rto.rtoNanos());
        rto.measure(100 * MS);
        assertEquals(300 * MS, rto.rtoNanos());
    }

    @Test
    void backOffNeverOverflowsWithAHugeRtoMax() {
        RtoEstimator rto = new RtoEstimator(1, 1, Long.MAX_VALUE, 0);
        for (int i = 0; i < 100; i++) {
            rto.backOff();
            assertTrue(rto.rtoNanos() > 0);
        }
        assertEquals(Long.MAX_VALUE, rto.rtoNanos());
    }

    @Test
    void convergesToAStableRttWithinBounds() {
        RtoEstimator rto = estimator();
        SplittableRandom random = new SplittableRandom(6298);
        for (int i = 0; i < 1_000; i++) {
            rto.measure((180 + random.nextInt(41)) * MS);
            assertTrue(rto.rtoNanos() >= 100 * MS && rto.rtoNanos() <= 60_000 * MS);
        }
        assertTrue(Math.abs(rto.srttNanos() - 200 * MS) < 15 * MS, rto.toString());
        assertTrue(rto.rtoNanos() > rto.srttNanos() && rto.rtoNanos() < 300 * MS, rto.toString());
        assertEquals(1_000, rto.measurements());
    }

    @Test
    void rejectsInconsistentParametersWithClearMessages() {
        assertEquals("rtoMinNanos: 0 (expected: > 0)",
                assertThrows(IllegalArgumentException.class, () -> new RtoEstimator(1, 0, 10, 0)).getMessage());
        assertEquals("rtoMaxNanos: 5 (expected: >= rtoMinNanos 10)",
                assertThrows(IllegalArgumentException.class, () -> new RtoEstimator(10, 10, 5, 0)).getMessage());
        assertEquals("rtoInitialNanos: 20 (expected: rtoMinNanos 1 <= rtoInitialNanos <= rtoMaxNanos 10)",
                assertThrows(IllegalArgumentException.class, () -> new RtoEstimator(20, 1, 10, 0)).getMessage());
        assertEquals("granularityNanos: -1 (expected: >= 0)",
                assertThrows(IllegalArgumentException.class, () -> new RtoEstimator(1, 1, 10, -1)).getMessage());
        assertEquals("rttNanos: -1 (expected: >= 0)",
                assertThrows(IllegalArgumentException.class, () -> estimator().measure(-1)).getMessage());
    }

    @Test
    void rfcDefaultsAreOneSecondOneSecondSixtySeconds() {
        RtoEstimator rto = RtoEstimator.withRfcDefaults();
        assertEquals(1_000 * MS, rto.rtoNanos());
        assertEquals(1_000 * MS, rto.minNanos());
        assertEquals(60_000 * MS, rto.maxNanos());
    }
}
