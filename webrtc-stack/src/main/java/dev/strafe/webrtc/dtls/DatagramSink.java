package dev.strafe.webrtc.dtls;

/**
 * Where a {@link DtlsSession} puts the datagrams it wants sent to the peer. Always called on the session's
 * owner thread (see {@link DtlsSession} for the threading contract). The bytes are valid only during the
 * call: the session reuses the array for its next record (one per session with the own record layer), so
 * an implementation copies them before returning if they are sent later — {@code SocketLoop.send} copies
 * into a Netty direct buffer at once.
 */
@FunctionalInterface
public interface DatagramSink {
    void send(byte[] datagram, int offset, int length);
}
