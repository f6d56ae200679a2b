package dev.strafe.webrtc.sctp.chunk;

import dev.strafe.webrtc.sctp.param.ErrorCause;

import java.util.List;

/**
 * Abort Association (ABORT, type 6, RFC 9260 §3.3.7). T bit: "set to 0 if the sender filled in the
 * Verification Tag expected by the peer... set to 1 if the sender filled in the Verification Tag
 * received from the peer" (§8.5.1).
 */
public record AbortChunk(boolean tBit, List<ErrorCause> causes) implements Chunk {
    public static final int FLAG_T = 0x01;

    static AbortChunk decode(byte[] b, int off, int len, int flags) throws MalformedChunkException {
        return new AbortChunk((flags & FLAG_T) != 0, ErrorCause.decodeAll(b, off, len));
    }

    public int type() {
        return 6;
    }

    @Override
    public int flags() {
        return tBit ? FLAG_T : 0;
    }

    public int valueLength() {
        return ErrorCause.encodedLength(causes);
    }

    public void encodeValue(byte[] dst, int off) {
        ErrorCause.encodeAll(causes, dst, off);
    }
}
