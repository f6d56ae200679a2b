package dev.strafe.webrtc.sctp.param;

import dev.strafe.webrtc.sctp.chunk.ByteIo;
import dev.strafe.webrtc.sctp.chunk.MalformedChunkException;

/**
 * Re-configuration Response Parameter (type 16, RFC 6525 §4.4): length 12, or 20 with the optional
 * Sender's/Receiver's Next TSN (only for SSN/TSN reset responses; {@code -1} when absent).
 */
public record ReconfigurationResponseParam(long responseSequenceNumber, long result,
                                           long sendersNextTsn, long receiversNextTsn) implements Param {
    public static final long SUCCESS_NOTHING_TO_DO = 0;
    public static final long SUCCESS_PERFORMED = 1;
    public static final long DENIED = 2;
    public static final long ERROR_WRONG_SSN = 3;
    public static final long ERROR_REQUEST_ALREADY_IN_PROGRESS = 4;
    public static final long ERROR_BAD_SEQUENCE_NUMBER = 5;
    public static final long IN_PROGRESS = 6;

    public static ReconfigurationResponseParam of(long responseSequenceNumber, long result) {
        return new ReconfigurationResponseParam(responseSequenceNumber, result, -1, -1);
    }

    static ReconfigurationResponseParam decode(byte[] b, int off, int len) throws MalformedChunkException {
        if (len != 8 && len != 16) {
            throw new MalformedChunkException("Re-configuration Response parameter length: " + (len + 4) + " (expected: 12 or 20)");
        }
        return new ReconfigurationResponseParam(ByteIo.u32(b, off), ByteIo.u32(b, off + 4),
                len == 16 ? ByteIo.u32(b, off + 8) : -1, len == 16 ? ByteIo.u32(b, off + 12) : -1);
    }

    public boolean hasNextTsns() {
        return sendersNextTsn >= 0;
    }

    public int type() {
        return RECONFIGURATION_RESPONSE;
    }

    public int valueLength() {
        return hasNextTsns() ? 16 : 8;
    }

    public void encodeValue(byte[] dst, int off) {
        ByteIo.u32(dst, off, responseSequenceNumber);
        ByteIo.u32(dst, off + 4, result);
        if (hasNextTsns()) {
            ByteIo.u32(dst, off + 8, sendersNextTsn);
            ByteIo.u32(dst, off + 12, receiversNextTsn);
        }
    }
}
