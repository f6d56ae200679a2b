package dev.strafe.webrtc.sctp;

/**
 * What the data-channel layer needs from an SCTP association (RFC 8831 §6): send user messages on a
 * stream with a reliability mode, observe buffered bytes, reset outgoing streams (RFC 6525) to close a
 * channel. Implemented by {@code SctpAssociation}; events come back through {@link SctpListener}.
 *
 * <p>All methods are called on the association's own thread (one Vert.x context); none blocks.
 */
public interface SctpTransport {

    /** {@code maxRetransmits} value meaning "fully reliable". */
    int RELIABLE = -1;
    /** {@code lifetimeNanos} value meaning "no lifetime limit". */
    long NO_LIFETIME = -1L;

    /**
     * Queues one user message. The bytes are copied or retained until acknowledged; the caller may reuse
     * {@code data} after the call only if the implementation documents a copy (SctpAssociation copies).
     *
     * @param maxRetransmits {@link #RELIABLE} or >= 0 (RFC 3758 PR-SCTP "rtx" policy; 0 = never retransmit)
     * @param lifetimeNanos  {@link #NO_LIFETIME} or >= 0 (RFC 3758 "timed" policy)
     * @return {@link SendStatus#ACCEPTED} or why the message was refused; a refused message was not queued
     */
    SendStatus send(int streamId, int ppid, byte[] data, int offset, int length,
                    boolean unordered, int maxRetransmits, long lifetimeNanos, long nowNanos);

    /**
     * Queues {@code data} as one user message, taking ownership of the array: after
     * {@link SendStatus#ACCEPTED} the caller must neither modify nor reuse it (it is sent, and retransmitted,
     * from that array until acknowledged). A refused message was not queued and the array stays the
     * caller's. Saves the copy {@link #send} makes; the default implementation simply copies.
     */
    default SendStatus sendOwned(int streamId, int ppid, byte[] data, boolean unordered, int maxRetransmits,
                                 long lifetimeNanos, long nowNanos) {
        return send(streamId, ppid, data, 0, data.length, unordered, maxRetransmits, lifetimeNanos, nowNanos);
    }

    /** Bytes queued on {@code streamId} and not yet acknowledged (or abandoned). */
    long bufferedAmount(int streamId);

    /** {@link SctpListener#onBufferedAmountLow} fires when the stream's buffered amount falls to or below this. */
    void bufferedAmountLowThreshold(int streamId, long bytes);

    /** Requests an RFC 6525 outgoing SSN reset of these streams (closes the data channels using them). */
    void resetOutgoingStreams(int... streamIds);

    /** Largest user message this association accepts to send (the peer's advertised max-message-size). */
    int maxMessageSize();
}
