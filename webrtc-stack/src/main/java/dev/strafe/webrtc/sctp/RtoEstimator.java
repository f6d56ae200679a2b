package dev.strafe.webrtc.sctp;

/**
 * Retransmission timeout of one destination (RFC 9260 §6.3.1, RFC 6298), in nanoseconds.
 *
 * <ul>
 *   <li>C1: "Until an RTT measurement has been made for a packet sent to the given destination transport
 *       address, set RTO to the protocol parameter 'RTO.Initial'."</li>
 *   <li>C2: "When the first RTT measurement R is made, set SRTT &lt;- R, RTTVAR &lt;- R/2, and
 *       RTO &lt;- SRTT + 4 * RTTVAR."</li>
 *   <li>C3: "When a new RTT measurement R' is made, set RTTVAR &lt;- (1 - RTO.Beta) * RTTVAR + RTO.Beta *
 *       |SRTT - R'| and SRTT &lt;- (1 - RTO.Alpha) * SRTT + RTO.Alpha * R'" with RTO.Alpha = 1/8, RTO.Beta
 *       = 1/4 ("The value of SRTT used in the update to RTTVAR is its value before updating SRTT itself").
 *       RFC 6298 §2: "RTO &lt;- SRTT + max (G, K*RTTVAR)" where G is the clock granularity and K = 4.</li>
 *   <li>C5 (Karn): RTT measurements must not use chunks that were retransmitted, and RFC 9260 adds that
 *       they should only use a chunk with TSN r "if no chunk with TSN less than or equal to r was
 *       retransmitted since r was first sent" — otherwise a sample includes the time a hole took to fill
 *       and SRTT/RTTVAR inflate (seen on the 30 % loss bridge runs: SRTT 650 ms on a 20 ms path). Both
 *       are the caller's checks before {@link #measure}.</li>
 *   <li>C6: "Whenever RTO is computed, if it is less than RTO.Min seconds, then it is rounded up to
 *       RTO.Min seconds." C7: "A maximum value MAY be placed on RTO provided it is at least RTO.max
 *       seconds."</li>
 *   <li>§6.3.3 E2: "set RTO &lt;- RTO * 2 ('back off the timer'). The maximum value discussed in rule C7
 *       above (RTO.max) MAY be used to provide an upper bound to this doubling operation." — {@link #backOff()}.
 *       The next measurement recomputes RTO from SRTT and RTTVAR.</li>
 * </ul>
 *
 * RFC 9260 §16 defaults: RTO.Initial 1 s, RTO.Min 1 s, RTO.Max 60 s; WebRTC stacks commonly lower
 * RTO.Min and RTO.Initial; they are constructor parameters (from {@code StackSettings}).
 */
final class RtoEstimator {

    /** RFC 9260 §16 RTO.Initial. */
    static final long DEFAULT_INITIAL_NANOS = 1_000_000_000L;
    /** RFC 9260 §16 RTO.Min. */
    static final long DEFAULT_MIN_NANOS = 1_000_000_000L;
    /** RFC 9260 §16 RTO.Max. */
    static final long DEFAULT_MAX_NANOS = 60_000_000_000L;
    /** Measurements are clamped to this so that the fixed-point updates cannot overflow (~3.3 years). */
    private static final long MAX_MEASUREMENT_NANOS = 1L << 56;

    private final long initialNanos;
    private final long minNanos;
    private final long maxNanos;
    private final long granularityNanos;

    private boolean measured;
    private long srttNanos;
    private long rttvarNanos;
    private long rtoNanos;
    private long measurements;

    /**
     * @param initialNanos     RTO.Initial, {@code [minNanos, maxNanos]}
     * @param minNanos         RTO.Min, > 0
     * @param maxNanos         RTO.Max, >= minNanos
     * @param granularityNanos clock granularity G, >= 0
     */
    RtoEstimator(long initialNanos, long minNanos, long maxNanos, long granularityNanos) {
        if (minNanos <= 0) {
            throw new IllegalArgumentException("rtoMinNanos: " + minNanos + " (expected: > 0)");
        }
        if (maxNanos < minNanos) {
            throw new IllegalArgumentException("rtoMaxNanos: " + maxNanos + " (expected: >= rtoMinNanos " + minNanos + ")");
        }
        if (initialNanos < minNanos || initialNanos > maxNanos) {
            throw new IllegalArgumentException("rtoInitialNanos: " + initialNanos + " (expected: rtoMinNanos "
                    + minNanos + " <= rtoInitialNanos <= rtoMaxNanos " + maxNanos + ")");
        }
        if (granularityNanos < 0) {
            throw new IllegalArgumentException("granularityNanos: " + granularityNanos + " (expected: >= 0)");
        }
        this.initialNanos = initialNanos;
        this.minNanos = minNanos;
        this.maxNanos = maxNanos;
        this.granularityNanos = granularityNanos;
        this.rtoNanos = initialNanos;
    }

    /** RFC 9260 defaults (1 s / 1 s / 60 s) with 1 ms granularity. */
    static RtoEstimator withRfcDefaults() {
        return new RtoEstimator(DEFAULT_INITIAL_NANOS, DEFAULT_MIN_NANOS, DEFAULT_MAX_NANOS, 1_000_000L);
    }

    /**
     * Feeds one RTT measurement (a chunk sent once and acknowledged: Karn's rule is the caller's).
     *
     * @param rttNanos measured round trip, >= 0
     */
    void measure(long rttNanos) {
        if (rttNanos < 0) {
            throw new IllegalArgumentException("rttNanos: " + rttNanos + " (expected: >= 0)");
        }
        long r = Math.min(rttNanos, MAX_MEASUREMENT_NANOS);
        if (!measured) {
            srttNanos = r;
            rttvarNanos = r / 2;
            measured = true;
        } else {
            long delta = Math.abs(srttNanos - r);
            rttvarNanos = rttvarNanos - (rttvarNanos >> 2) + (delta >> 2);  // (1 - 1/4) RTTVAR + 1/4 |SRTT - R'|
            srttNanos = srttNanos - (srttNanos >> 3) + (r >> 3);            // (1 - 1/8) SRTT + 1/8 R'
        }
        measurements++;
        rtoNanos = clamp(srttNanos + Math.max(granularityNanos, 4 * rttvarNanos));
    }

    /** T3-rtx expired (RFC 9260 §6.3.3 E2): doubles the RTO, capped at RTO.Max. */
    void backOff() {
        rtoNanos = rtoNanos > maxNanos / 2 ? maxNanos : Math.max(minNanos, rtoNanos * 2);
    }

    /** Current RTO, always within {@code [RTO.Min, RTO.Max]}. */
    long rtoNanos() {
        return rtoNanos;
    }

    /** Smoothed RTT; 0 before the first measurement. */
    long srttNanos() {
        return srttNanos;
    }

    /** RTT variation; 0 before the first measurement. */
    long rttvarNanos() {
        return rttvarNanos;
    }

    boolean hasMeasurement() {
        return measured;
    }

    long measurements() {
        return measurements;
    }

    long initialNanos() {
        return initialNanos;
    }

    long minNanos() {
        return minNanos;
    }

    long maxNanos() {
        return maxNanos;
    }

    private long clamp(long rto) {
        return Math.min(maxNanos, Math.max(minNanos, rto));
    }

    @Override
    public String toString() {
        return "RtoEstimator[rto=" + rtoNanos + "ns, srtt=" + srttNanos + "ns, rttvar=" + rttvarNanos + "ns]";
    }
}
