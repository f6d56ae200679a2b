package dev.strafe.webrtc.sctp.chunk;

import dev.strafe.webrtc.sctp.param.ErrorCause;

import java.util.List;

/** Operation Error (ERROR, type 9, RFC 9260 §3.3.10): one or more error causes, association stays up. */
public record ErrorChunk(List<ErrorCause> causes) implements Chunk {
    static ErrorChunk decode(byte[] b, int off, int len) throws MalformedChunkException {
        return new ErrorChunk(ErrorCause.decodeAll(b, off, len));
    }

    public int type() {
        return 9;
    }

    public int valueLength() {
        return ErrorCause.encodedLength(causes);
    }

    public void encodeValue(byte[] dst, int off) {
        ErrorCause.encodeAll(causes, dst, off);
    }
}
