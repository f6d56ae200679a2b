package dev.strafe.webrtc.sctp.param;

/** Forward-TSN-Supported (0xC000, RFC 3758 §3.1): the sender supports PR-SCTP. Empty value. */
public enum ForwardTsnSupportedParam implements Param {
    INSTANCE;

    public int type() {
        return FORWARD_TSN_SUPPORTED;
    }

    public int valueLength() {
        return 0;
    }

    public void encodeValue(byte[] dst, int off) {
    }
}
