package dev.strafe.webrtc.testing;

/**
 * A sans-IO datagram protocol endpoint as the {@link DatagramBridge} drives it. The SCTP association (and
 * any other sans-IO core: DTLS record layer, ICE) implements these four method shapes, so tests adapt it
 * with a few lines.
 */
public interface DatagramEndpoint {

    /** One datagram arrived from the peer at {@code nowNanos}. The array is only valid during the call. */
    void handle(byte[] packet, int offset, int length, long nowNanos);

    /**
     * Writes the next datagram to send into {@code dst} starting at {@code offset} (at most
     * {@code dst.length - offset} bytes).
     *
     * @return bytes written; 0 when there is nothing to send now
     */
    int poll(byte[] dst, int offset, long nowNanos);

    /** The earliest time at which {@link #onTimeout} must run, or {@link Long#MAX_VALUE} for none. */
    long nextDeadline();

    /** Called when the clock reached {@link #nextDeadline()}. */
    void onTimeout(long nowNanos);
}
