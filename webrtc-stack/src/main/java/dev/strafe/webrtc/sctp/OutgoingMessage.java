package dev.strafe.webrtc.sctp;

/**
 * One user message queued for sending, from {@link SendQueue#enqueue} until it is acknowledged or abandoned.
 * The data array is owned (the queue copied the user's bytes, or took ownership); DATA chunks reference it
 * as {@code (data(), offset, length)} slices, so retransmissions never copy. The association keeps a
 * reference per in-flight DATA chunk and reads the PR-SCTP policy from here (RFC 3758 §4.1 TR4: "Before
 * transmitting or retransmitting a message for which a TSN is already assigned, the SCTP sender MUST
 * evaluate the lifetime of the message").
 */
final class OutgoingMessage {

    final int streamId;
    final int ppid;
    final boolean unordered;
    final byte[] data;
    /** {@link SctpTransport#RELIABLE} or >= 0. */
    final int maxRetransmits;
    /** Absolute deadline; {@link Long#MAX_VALUE} when the message has no lifetime. */
    final long expiresAtNanos;

    int ssn;
    /** Bytes already handed out as fragments (TSNs assigned). */
    int sentBytes;
    boolean abandoned;
    OutgoingMessage next; // per-stream FIFO link

    OutgoingMessage(int streamId, int ppid, boolean unordered, byte[] data, int maxRetransmits, long expiresAtNanos) {
        this.streamId = streamId;
        this.ppid = ppid;
        this.unordered = unordered;
        this.data = data;
        this.maxRetransmits = maxRetransmits;
        this.expiresAtNanos = expiresAtNanos;
    }

    int streamId() {
        return streamId;
    }

    int ppid() {
        return ppid;
    }

    boolean unordered() {
        return unordered;
    }

    /** The message bytes (shared by all its fragments; never modified). */
    byte[] data() {
        return data;
    }

    int length() {
        return data.length;
    }

    /** Stream Sequence Number, assigned when the first fragment is handed out (0 for unordered messages). */
    int ssn() {
        return ssn;
    }

    int maxRetransmits() {
        return maxRetransmits;
    }

    long expiresAtNanos() {
        return expiresAtNanos;
    }

    /** Whether the message is fully reliable (no max-retransmits and no lifetime policy). */
    boolean reliable() {
        return maxRetransmits == SctpTransport.RELIABLE && expiresAtNanos == Long.MAX_VALUE;
    }

    /** RFC 3758 timed reliability: lifetime over. */
    boolean isExpired(long nowNanos) {
        return nowNanos >= expiresAtNanos;
    }

    /**
     * RFC 3758 "rtx" policy: may a fragment that was already transmitted {@code transmissions} times
     * (>= 1) be sent once more?
     */
    boolean mayRetransmit(int transmissions) {
        return maxRetransmits == SctpTransport.RELIABLE || transmissions <= maxRetransmits;
    }

    /** Whether every fragment has been handed out (TSNs assigned). */
    boolean fullySent() {
        return sentBytes == data.length;
    }

    boolean abandoned() {
        return abandoned;
    }

    @Override
    public String toString() {
        return "OutgoingMessage[stream=" + streamId + ", ssn=" + ssn + ", ppid=" + ppid + ", length=" + data.length
                + (unordered ? ", unordered" : "") + ", sent=" + sentBytes + (abandoned ? ", abandoned" : "") + "]";
    }
}
