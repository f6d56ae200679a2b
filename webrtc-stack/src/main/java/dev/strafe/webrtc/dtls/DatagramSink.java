package dev.strafe.webrtc.dtls;

/**
 * Where a {@link DtlsSession} puts the datagrams it wants sent to the peer. Always called on the session's
 * owner thread (see {@link DtlsSession} for the threading contract). The bytes are valid only during the
 * call: copy them if they are sent later.
 */
@FunctionalInterface
public interface DatagramSink {
    void send(byte[] datagram, int offset, int length);
}
