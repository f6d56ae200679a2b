package dev.strafe.webrtc.sctp.param;

/** Heartbeat Info (type 1, RFC 9260 §3.3.5): opaque sender-specific info echoed in HEARTBEAT ACK. */
public record HeartbeatInfoParam(byte[] info) implements Param {
    public int type() {
        return HEARTBEAT_INFO;
    }

    public int valueLength() {
        return info.length;
    }

    public void encodeValue(byte[] dst, int off) {
        System.arraycopy(info, 0, dst, off, info.length);
    }
}
