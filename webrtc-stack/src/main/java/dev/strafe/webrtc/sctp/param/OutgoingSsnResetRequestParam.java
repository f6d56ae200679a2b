package dev.strafe.webrtc.sctp.param;

import dev.strafe.webrtc.sctp.chunk.ByteIo;
import dev.strafe.webrtc.sctp.chunk.MalformedChunkException;

/**
 * Outgoing SSN Reset Request Parameter (type 13, RFC 6525 §4.1):
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Parameter Type = 13       | Parameter Length = 16 + 2 * N |
 * |           Re-configuration Request Sequence Number            |
 * |           Re-configuration Response Sequence Number           |
 * |                Sender's Last Assigned TSN                     |
 * |  Stream Number 1 (optional)   |    Stream Number 2 (optional) |
 * |  Stream Number N-1 (optional) |    Stream Number N (optional) |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * No stream numbers means "all streams".
 */
public record OutgoingSsnResetRequestParam(long requestSequenceNumber, long responseSequenceNumber,
                                           long sendersLastAssignedTsn, int[] streamIds) implements Param {
    static OutgoingSsnResetRequestParam decode(byte[] b, int off, int len) throws MalformedChunkException {
        if (len < 12 || (len - 12) % 2 != 0) {
            throw new MalformedChunkException("Outgoing SSN Reset Request parameter length: " + (len + 4) + " (expected: 16 + 2 * N)");
        }
        int[] streams = new int[(len - 12) / 2];
        for (int i = 0; i < streams.length; i++) {
            streams[i] = ByteIo.u16(b, off + 12 + 2 * i);
        }
        return new OutgoingSsnResetRequestParam(ByteIo.u32(b, off), ByteIo.u32(b, off + 4), ByteIo.u32(b, off + 8), streams);
    }

    public int type() {
        return OUTGOING_SSN_RESET_REQUEST;
    }

    public int valueLength() {
        return 12 + 2 * streamIds.length;
    }

    public void encodeValue(byte[] dst, int off) {
        ByteIo.u32(dst, off, requestSequenceNumber);
        ByteIo.u32(dst, off + 4, responseSequenceNumber);
        ByteIo.u32(dst, off + 8, sendersLastAssignedTsn);
        for (int i = 0; i < streamIds.length; i++) {
            ByteIo.u16(dst, off + 12 + 2 * i, streamIds[i]);
        }
    }
}
