package dev.strafe.webrtc.dtls;

/** How a session ended: a typed reason and a human-readable detail for the log. */
public record DtlsClosed(DtlsCloseReason reason, String detail) {

    public boolean orderly() {
        return reason == DtlsCloseReason.LOCAL_CLOSE || reason == DtlsCloseReason.PEER_CLOSE_NOTIFY;
    }

    @Override
    public String toString() {
        return reason + ": " + detail;
    }
}
