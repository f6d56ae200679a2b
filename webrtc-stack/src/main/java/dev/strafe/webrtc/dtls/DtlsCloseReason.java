package dev.strafe.webrtc.dtls;

/** Why a {@link DtlsSession} ended. Only {@link #LOCAL_CLOSE} and {@link #PEER_CLOSE_NOTIFY} are orderly. */
public enum DtlsCloseReason {
    /** {@link DtlsSession#close()} was called. */
    LOCAL_CLOSE,
    /** The peer sent close_notify (RFC 5246 §7.2.1). */
    PEER_CLOSE_NOTIFY,
    /** The peer's certificate does not hash to the fingerprint of its SDP (RFC 8122 §5). */
    FINGERPRINT_MISMATCH,
    /** The peer sent no certificate; WebRTC requires mutual authentication (RFC 8827 §6.5). */
    NO_PEER_CERTIFICATE,
    /** No completed handshake within {@link DtlsSettings#handshakeTimeoutMillis()}. */
    HANDSHAKE_TIMEOUT,
    /** The peer sent a fatal alert. */
    ALERT_RECEIVED,
    /** Handshake or record failure on our side (e.g. no common cipher suite, decode error). */
    PROTOCOL_ERROR
}
