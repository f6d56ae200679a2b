package dev.strafe.webrtc.sctp;

/**
 * The peer's receiver window as the data sender tracks it (RFC 9260 §6.2.1 and §6.1 A).
 *
 * <ul>
 *   <li>§6.2.1: "Whenever a SACK chunk is received ... the endpoint ... set[s] rwnd equal to the newly
 *       received a_rwnd minus the number of bytes still outstanding after processing the Cumulative TSN Ack
 *       and the Gap Ack Blocks."</li>
 *   <li>§6.2.1: "Any time a DATA chunk is transmitted (or retransmitted) to a peer, the endpoint subtracts the
 *       data size of the chunk from the rwnd of that peer." and "Any time a DATA chunk is marked for
 *       retransmission, either via T3-rtx timer expiration or via Fast Retransmit, add the data size of those
 *       chunks to the rwnd."</li>
 *   <li>§6.1 A: "At any given time, the data sender MUST NOT transmit new data to any destination transport
 *       address if its peer's rwnd indicates that the peer has no buffer space (i.e., rwnd is smaller than
 *       the size of the data to be transmitted) ... However, regardless of the value of rwnd (including if
 *       it is 0), the data sender can always have one DATA chunk in flight to the receiver if allowed by
 *       cwnd" (zero window probe).</li>
 * </ul>
 */
final class PeerReceiveWindow {

    /** a_rwnd is a 32-bit unsigned field. */
    static final long MAX_A_RWND = 0xFFFF_FFFFL;

    private long rwnd;

    /** @param initialARwnd the a_rwnd of the peer's INIT / INIT-ACK, {@code [0, 2^32 - 1]} */
    PeerReceiveWindow(long initialARwnd) {
        this.rwnd = checkARwnd(initialARwnd);
    }

    long rwnd() {
        return rwnd;
    }

    /** Whether the peer advertised no room (zero window: only a probe may be sent). */
    boolean isZeroWindow() {
        return rwnd == 0;
    }

    /**
     * @param aRwnd            the SACK's a_rwnd
     * @param outstandingBytes bytes still outstanding after processing the SACK
     */
    void onSack(long aRwnd, long outstandingBytes) {
        checkARwnd(aRwnd);
        rwnd = Math.max(0, aRwnd - Math.max(0, outstandingBytes));
    }

    /** A DATA chunk of {@code bytes} was transmitted or retransmitted. */
    void onDataSent(int bytes) {
        rwnd = Math.max(0, rwnd - bytes);
    }

    /** DATA chunks of {@code bytes} in total were marked for retransmission (T3-rtx or fast retransmit). */
    void onMarkedForRetransmission(long bytes) {
        rwnd = Math.min(MAX_A_RWND, rwnd + Math.max(0, bytes));
    }

    /**
     * Whether new DATA of {@code bytes} may go out: it fits into rwnd, or nothing is in flight (the one
     * zero-window probe chunk).
     */
    boolean canSend(int bytes, long flightSize) {
        return bytes <= rwnd || flightSize == 0;
    }

    private static long checkARwnd(long aRwnd) {
        if (aRwnd < 0 || aRwnd > MAX_A_RWND) {
            throw new IllegalArgumentException("a_rwnd: " + aRwnd + " (expected: 0 <= a_rwnd <= 4294967295)");
        }
        return aRwnd;
    }

    @Override
    public String toString() {
        return "PeerReceiveWindow[rwnd=" + rwnd + "]";
    }
}
