package dev.strafe.webrtc.sctp.param;

/**
 * Unrecognized Parameter (type 8, RFC 9260 §3.3.3.1): in an INIT ACK, carries the unrecognized
 * parameter(s) of the INIT whose type had the "report" bit (0x4000) set, TLV and all.
 */
public record UnrecognizedParam(byte[] unrecognized) implements Param {
    public int type() {
        return UNRECOGNIZED_PARAMETER;
    }

    public int valueLength() {
        return unrecognized.length;
    }

    public void encodeValue(byte[] dst, int off) {
        System.arraycopy(unrecognized, 0, dst, off, unrecognized.length);
    }
}
