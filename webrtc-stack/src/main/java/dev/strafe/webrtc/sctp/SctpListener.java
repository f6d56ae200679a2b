package dev.strafe.webrtc.sctp;

/**
 * Events from an SCTP association, delivered synchronously on the association's thread from inside
 * {@code handle(...)} / {@code onTimeout(...)}. Implementations must not block and must not re-enter
 * {@code handle}; calling {@link SctpTransport#send} from a callback is allowed.
 */
public interface SctpListener {

    /** COOKIE-ECHO/COOKIE-ACK done: user messages may flow. */
    void onAssociationEstablished();

    /**
     * One complete user message. {@code message} is a fresh array owned by the listener from now on
     * (the message itself is the only per-message allocation on the receive path).
     */
    void onMessage(int streamId, int ppid, byte[] message, boolean unordered);

    /** The peer reset these incoming streams (RFC 6525): the data channels on them are closing. */
    void onIncomingStreamsReset(int[] streamIds);

    /** Our outgoing reset request for these streams was performed by the peer. */
    void onOutgoingStreamsReset(int[] streamIds);

    /** The stream's buffered amount fell to or below its low threshold. */
    void onBufferedAmountLow(int streamId);

    /** ABORT received/sent, or the peer is unreachable (retransmission or heartbeat limit). */
    void onAssociationLost(String reason);

    /** SHUTDOWN sequence completed. */
    void onAssociationClosed();

    /**
     * The peer restarted the association (RFC 9260 §5.2.4 case A: a new INIT and COOKIE ECHO with new tags
     * while we were established). The association goes on with the new tags; what was queued, in flight or
     * partly received was dropped, buffered amounts are 0 and every stream's sequence numbers start at 0
     * again (as dcsctp does; WebRTC's data-channel transport only notes the event). Default: nothing.
     */
    default void onAssociationRestarted() {
    }
}
