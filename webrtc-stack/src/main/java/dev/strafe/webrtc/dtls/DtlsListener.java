package dev.strafe.webrtc.dtls;

/** Events of one {@link DtlsSession}, all delivered on its owner thread. */
public interface DtlsListener {

    /** The handshake finished and the peer's certificate matched its fingerprint; {@link DtlsSession#send} works now. */
    void onHandshakeComplete(DtlsSession session);

    /** One decrypted application_data record (an SCTP packet, RFC 8261). The bytes are valid only during the call. */
    void onApplicationData(DtlsSession session, byte[] data, int offset, int length);

    /** The session ended (once); nothing is sent or delivered after this. */
    void onClosed(DtlsSession session, DtlsClosed closed);
}
