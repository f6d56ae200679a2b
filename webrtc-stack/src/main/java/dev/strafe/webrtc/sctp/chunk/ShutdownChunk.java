package dev.strafe.webrtc.sctp.chunk;

/** Shutdown Association (SHUTDOWN, type 7, RFC 9260 §3.3.8): carries the Cumulative TSN Ack. Length 8. */
public record ShutdownChunk(long cumulativeTsnAck) implements Chunk {
    static ShutdownChunk decode(byte[] b, int off, int len) throws MalformedChunkException {
        if (len != 4) {
            throw new MalformedChunkException("SHUTDOWN chunk length: " + (len + 4) + " (expected: 8)");
        }
        return new ShutdownChunk(ByteIo.u32(b, off));
    }

    public int type() {
        return 7;
    }

    public int valueLength() {
        return 4;
    }

    public void encodeValue(byte[] dst, int off) {
        ByteIo.u32(dst, off, cumulativeTsnAck);
    }
}
