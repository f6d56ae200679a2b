package dev.strafe.webrtc.sctp.chunk;

/**
 * Forward Cumulative TSN (FORWARD TSN, type 192, RFC 3758 §3.2):
 * <pre>
 * |   Type = 192  |  Flags = 0x00 |        Length = Variable      |
 * |                      New Cumulative TSN                       |
 * |         Stream-1              |       Stream Sequence-1       |
 * ...
 * |         Stream-N              |       Stream Sequence-N       |
 * </pre>
 * {@code streamSequences} is flattened {@code [stream1, ssn1, stream2, ssn2, ...]}.
 */
public record ForwardTsnChunk(long newCumulativeTsn, int[] streamSequences) implements Chunk {
    static ForwardTsnChunk decode(byte[] b, int off, int len) throws MalformedChunkException {
        if (len < 4 || len % 4 != 0) {
            throw new MalformedChunkException("FORWARD TSN chunk length: " + (len + 4) + " (expected: 8 + 4 * N)");
        }
        int[] pairs = new int[(len - 4) / 2];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = ByteIo.u16(b, off + 4 + 2 * i);
        }
        return new ForwardTsnChunk(ByteIo.u32(b, off), pairs);
    }

    public int streamCount() {
        return streamSequences.length / 2;
    }

    public int type() {
        return 192;
    }

    public int valueLength() {
        return 4 + 2 * streamSequences.length;
    }

    public void encodeValue(byte[] dst, int off) {
        ByteIo.u32(dst, off, newCumulativeTsn);
        for (int i = 0; i < streamSequences.length; i++) {
            ByteIo.u16(dst, off + 4 + 2 * i, streamSequences[i]);
        }
    }
}
