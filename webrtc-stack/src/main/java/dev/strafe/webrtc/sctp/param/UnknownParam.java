package dev.strafe.webrtc.sctp.param;

/**
 * A parameter type this implementation does not know (e.g. Zero Checksum Acceptable 0x8001). The two
 * high bits of the type say what to do (RFC 9260 §3.2.1):
 * <pre>
 * 00 - Stop processing this parameter and do not process any further parameters within this chunk.
 * 01 - Stop processing this parameter, do not process any further parameters within this chunk, and
 *      report the unrecognized parameter, as described in Section 3.2.2.
 * 10 - Skip this parameter and continue processing.
 * 11 - Skip this parameter and continue processing but report the unrecognized parameter.
 * </pre>
 */
public record UnknownParam(int type, byte[] value) implements Param {
    public int valueLength() {
        return value.length;
    }

    public void encodeValue(byte[] dst, int off) {
        System.arraycopy(value, 0, dst, off, value.length);
    }

    /** High bit 0: stop processing further parameters of the chunk. */
    public boolean stopsProcessing() {
        return (type & 0x8000) == 0;
    }

    /** Second-highest bit 1: report in an Unrecognized Parameter / error cause. */
    public boolean reported() {
        return (type & 0x4000) != 0;
    }
}
