package dev.strafe.webrtc.sctp.param;

import dev.strafe.webrtc.sctp.chunk.ByteIo;
import dev.strafe.webrtc.sctp.chunk.MalformedChunkException;

/**
 * Incoming SSN Reset Request Parameter (type 14, RFC 6525 §4.2): asks the peer to reset its outgoing
 * streams. Length = 8 + 2 * N.
 */
public record IncomingSsnResetRequestParam(long requestSequenceNumber, int[] streamIds) implements Param {
    static IncomingSsnResetRequestParam decode(byte[] b, int off, int len) throws MalformedChunkException {
        if (len < 4 || (len - 4) % 2 != 0) {
            throw new MalformedChunkException("Incoming SSN Reset Request parameter length: " + (len + 4) + " (expected: 8 + 2 * N)");
        }
        int[] streams = new int[(len - 4) / 2];
        for (int i = 0; i < streams.length; i++) {
            streams[i] = ByteIo.u16(b, off + 4 + 2 * i);
        }
        return new IncomingSsnResetRequestParam(ByteIo.u32(b, off), streams);
    }

    public int type() {
        return INCOMING_SSN_RESET_REQUEST;
    }

    public int valueLength() {
        return 4 + 2 * streamIds.length;
    }

    public void encodeValue(byte[] dst, int off) {
        ByteIo.u32(dst, off, requestSequenceNumber);
        for (int i = 0; i < streamIds.length; i++) {
            ByteIo.u16(dst, off + 4 + 2 * i, streamIds[i]);
        }
    }
}
