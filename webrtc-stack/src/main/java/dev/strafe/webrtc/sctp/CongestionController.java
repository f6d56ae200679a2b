package dev.strafe.webrtc.sctp;

/**
 * Congestion window of the (single) destination: cwnd, ssthresh, partial_bytes_acked and Fast Recovery
 * (RFC 9260 §7.2). Sans-IO and allocation-free; the association reports SACK outcomes, retransmissions and
 * sends, and asks {@link #canSend(long, int)} before each new DATA packet. Byte counts are DATA chunk user
 * data sizes, as in the RFC's flightsize.
 *
 * <ul>
 *   <li>§7.2.1: "The initial cwnd before data transmission MUST be set to min(4*MTU, max (2*MTU, 4380
 *       bytes))." "The initial cwnd after a retransmission timeout MUST be no more than 1*MTU." "The initial
 *       value of ssthresh SHOULD be arbitrarily high (e.g., the size of the largest possible advertised
 *       window)."</li>
 *   <li>§7.2.1 slow start (RFC 4960 wording; RFC 9260 keeps the rule and adds the limit L): "When cwnd is
 *       less than or equal to ssthresh, an SCTP endpoint MUST use the slow-start algorithm to increase cwnd
 *       only if the current congestion window is being fully utilized, an incoming SACK advances the
 *       Cumulative TSN Ack Point, and the data sender is not in Fast Recovery. Only when these three
 *       conditions are met can the cwnd be increased" — by at most the lesser of the bytes newly
 *       acknowledged and L * MTU (L = 1 here). "Fully utilized" is taken as: before the SACK, the flight
 *       size left no room for another full-MTU packet.</li>
 *   <li>§7.2.1/§7.2.2 idle: "When the endpoint does not transmit data on a given transport address, the
 *       cwnd of the transport address SHOULD be adjusted to max(cwnd/2, 4*MTU) per RTO" (applied only when
 *       it lowers cwnd; see {@link #onIdleCheck}).</li>
 *   <li>§7.2.2 congestion avoidance (RFC 4960 wording): "increase partial_bytes_acked by the total number
 *       of bytes of all new chunks acknowledged in that SACK including chunks acknowledged by the new
 *       Cumulative TSN Ack and by Gap Ack Blocks"; "When partial_bytes_acked is equal to or greater than cwnd
 *       and before the arrival of the SACK the sender had cwnd or more bytes of data outstanding (i.e., before
 *       arrival of the SACK, flightsize was greater than or equal to cwnd), increase cwnd by MTU, and reset
 *       partial_bytes_acked to (partial_bytes_acked - cwnd)"; "When all of the data transmitted by the sender
 *       has been acknowledged by the receiver, partial_bytes_acked is initialized to 0." Here bytes are
 *       counted on every SACK and cwnd grows only on a SACK that advances the Cumulative TSN Ack Point.</li>
 *   <li>§7.2.3: on loss detected by SACKs "ssthresh = max(cwnd/2, 4*MTU), cwnd = ssthresh,
 *       partial_bytes_acked = 0"; on T3-rtx expiry "ssthresh = max(cwnd/2, 4*MTU), cwnd = 1*MTU".</li>
 *   <li>§7.2.4: "If not in Fast Recovery, adjust the ssthresh and cwnd of the destination address(es) to
 *       which the missing DATA chunks were last sent, according to the formula described in Section 7.2.3.
 *       ... enter Fast Recovery and mark the highest outstanding TSN as the Fast Recovery exit point. When
 *       a SACK acknowledges all TSNs up to and including this exit point, Fast Recovery is exited. While in
 *       Fast Recovery, the ssthresh and cwnd SHOULD NOT change for any destinations due to a subsequent Fast
 *       Recovery event."</li>
 *   <li>§6.1 B: "At any given time, the sender MUST NOT transmit new data to a given transport address if it
 *       has cwnd + (PMTU - 1) or more bytes of data outstanding to that transport address. If data is
 *       available, the sender SHOULD exceed cwnd by up to (PMTU - 1) bytes on a new data transmission if the
 *       flightsize does not currently reach cwnd. The breach of cwnd MUST constitute one packet only."</li>
 * </ul>
 *
 * The peer's receive window (§6.1 A) lives in {@link PeerReceiveWindow}.
 */
final class CongestionController {

    /** Largest number of per-RTO idle decays applied at once (cwnd reaches its floor long before). */
    private static final int MAX_IDLE_DECAYS = 64;

    private final int mtu;
    private long cwnd;
    private long ssthresh;
    private long partialBytesAcked;
    private boolean fastRecovery;
    private int fastRecoveryExitTsn;
    private long idleSinceNanos = Long.MIN_VALUE;

    private long fastRecoveries;
    private long t3Timeouts;

    /**
     * @param mtu             path MTU in bytes (the SCTP packet size, e.g. 1200), >= 1
     * @param initialSsthresh initial ssthresh, >= 1 (the peer's a_rwnd from INIT / INIT-ACK is customary)
     */
    CongestionController(int mtu, long initialSsthresh) {
        if (mtu < 1) {
            throw new IllegalArgumentException("mtu: " + mtu + " (expected: >= 1)");
        }
        if (initialSsthresh < 1) {
            throw new IllegalArgumentException("initialSsthresh: " + initialSsthresh + " (expected: >= 1)");
        }
        this.mtu = mtu;
        this.cwnd = initialCwnd(mtu);
        this.ssthresh = initialSsthresh;
    }

    /** RFC 9260 §7.2.1: min(4*MTU, max(2*MTU, 4380)). */
    static long initialCwnd(int mtu) {
        return Math.min(4L * mtu, Math.max(2L * mtu, 4380L));
    }

    int mtu() {
        return mtu;
    }

    long cwnd() {
        return cwnd;
    }

    long ssthresh() {
        return ssthresh;
    }

    long partialBytesAcked() {
        return partialBytesAcked;
    }

    boolean inFastRecovery() {
        return fastRecovery;
    }

    /** Fast Recovery exit point (meaningful while {@link #inFastRecovery()}). */
    int fastRecoveryExitTsn() {
        return fastRecoveryExitTsn;
    }

    boolean inSlowStart() {
        return cwnd <= ssthresh;
    }

    long fastRecoveries() {
        return fastRecoveries;
    }

    long t3Timeouts() {
        return t3Timeouts;
    }

    // ------------------------------------------------------------------ sending

    /**
     * Bytes of new DATA that may be sent now (§6.1 B): 0 when the flight size reaches cwnd, otherwise up to
     * {@code cwnd + MTU - 1 - flightSize} (one packet may breach cwnd).
     */
    long availableWindow(long flightSize) {
        return flightSize >= cwnd ? 0 : cwnd + mtu - 1 - flightSize;
    }

    /** Whether a new packet carrying {@code bytes} of DATA may be sent with {@code flightSize} outstanding. */
    boolean canSend(long flightSize, int bytes) {
        return flightSize < cwnd && flightSize + bytes <= cwnd + mtu - 1;
    }

    /** DATA was sent (new or retransmitted): restarts the idle clock of {@link #onIdleCheck}. */
    void onDataSent(long nowNanos) {
        idleSinceNanos = nowNanos;
    }

    /**
     * §7.2.1 idle decay: for each full RTO without DATA sent since the last send (or last decay),
     * cwnd = max(cwnd/2, 4*MTU), never raising cwnd. Call before sending after a pause (cheap; idempotent).
     */
    void onIdleCheck(long nowNanos, long rtoNanos) {
        if (idleSinceNanos == Long.MIN_VALUE || rtoNanos <= 0 || nowNanos - idleSinceNanos < rtoNanos) {
            return;
        }
        long periods = (nowNanos - idleSinceNanos) / rtoNanos;
        for (int i = 0; i < Math.min(periods, MAX_IDLE_DECAYS); i++) {
            long decayed = Math.max(cwnd / 2, 4L * mtu);
            if (decayed >= cwnd) {
                break;
            }
            cwnd = decayed;
        }
        idleSinceNanos += periods * rtoNanos;
    }

    // ------------------------------------------------------------------ feedback

    /**
     * A SACK was processed.
     *
     * @param bytesNewlyAcked      user-data bytes of chunks acknowledged for the first time by this SACK
     *                             (cumulative ack and gap blocks)
     * @param cumTsnAdvanced       whether the SACK advanced the Cumulative TSN Ack Point
     * @param cumulativeTsnAck     the SACK's Cumulative TSN Ack (for the Fast Recovery exit point)
     * @param flightSizeBeforeSack bytes outstanding before this SACK was processed
     * @param allDataAcked         whether nothing is outstanding after this SACK
     */
    void onSack(long bytesNewlyAcked, boolean cumTsnAdvanced, int cumulativeTsnAck, long flightSizeBeforeSack,
                boolean allDataAcked) {
        if (bytesNewlyAcked < 0) {
            throw new IllegalArgumentException("bytesNewlyAcked: " + bytesNewlyAcked + " (expected: >= 0)");
        }
        boolean wasInFastRecovery = fastRecovery;
        if (fastRecovery && SerialNumbers.tsnGe(cumulativeTsnAck, fastRecoveryExitTsn)) {
            fastRecovery = false;
        }
        if (cwnd <= ssthresh) {
            // Slow start: the window must have been fully used (no room for another full packet).
            boolean fullyUtilized = flightSizeBeforeSack + mtu > cwnd;
            if (cumTsnAdvanced && fullyUtilized && !wasInFastRecovery && bytesNewlyAcked > 0) {
                cwnd += Math.min(bytesNewlyAcked, mtu);
            }
        } else if (!wasInFastRecovery) {
            partialBytesAcked += bytesNewlyAcked;
            if (partialBytesAcked >= cwnd && flightSizeBeforeSack >= cwnd && cumTsnAdvanced) {
                partialBytesAcked -= cwnd;
                cwnd += mtu;
            }
        }
        if (allDataAcked) {
            partialBytesAcked = 0;
        }
    }

    /**
     * Loss detected by SACKs, chunks marked for fast retransmit (§7.2.4). Outside Fast Recovery: ssthresh =
     * max(cwnd/2, 4*MTU), cwnd = ssthresh, partial_bytes_acked = 0, enter Fast Recovery with
     * {@code highestOutstandingTsn} as exit point. Inside Fast Recovery: no change.
     *
     * @return whether the window was reduced (false while already in Fast Recovery)
     */
    boolean onFastRetransmit(int highestOutstandingTsn) {
        if (fastRecovery) {
            return false;
        }
        ssthresh = Math.max(cwnd / 2, 4L * mtu);
        cwnd = ssthresh;
        partialBytesAcked = 0;
        fastRecovery = true;
        fastRecoveryExitTsn = highestOutstandingTsn;
        fastRecoveries++;
        return true;
    }

    /** T3-rtx expired (§7.2.3): ssthresh = max(cwnd/2, 4*MTU), cwnd = 1*MTU; leaves Fast Recovery. */
    void onT3Timeout() {
        ssthresh = Math.max(cwnd / 2, 4L * mtu);
        cwnd = mtu;
        partialBytesAcked = 0;
        fastRecovery = false;
        t3Timeouts++;
    }

    @Override
    public String toString() {
        return "CongestionController[cwnd=" + cwnd + ", ssthresh=" + ssthresh + ", pba=" + partialBytesAcked
                + (fastRecovery ? ", fastRecovery until " + SerialNumbers.tsnToString(fastRecoveryExitTsn) : "") + "]";
    }
}
