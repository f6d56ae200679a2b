package dev.strafe.webrtc.sctp.chunk;

import java.util.Arrays;

/**
 * A chunk type this implementation does not know; keeps the type, flags and value so it can be
 * reported whole in an "Unrecognized Chunk Type" error cause. See {@link ChunkType} for the meaning of
 * the two high bits of the type.
 */
public record UnknownChunk(int type, int flags, byte[] value) implements Chunk {
    static UnknownChunk decode(byte[] b, int off, int length) {
        return new UnknownChunk(ByteIo.u8(b, off), ByteIo.u8(b, off + 1), Arrays.copyOfRange(b, off + 4, off + length));
    }

    /** High bit 0: stop processing the packet (discard this and all further chunks). */
    public boolean stopsProcessing() {
        return (type & 0x80) == 0;
    }

    /** Second-highest bit 1: report in an ERROR with "Unrecognized Chunk Type". */
    public boolean reported() {
        return (type & 0x40) != 0;
    }

    /** The whole chunk (header + value, unpadded), as carried in the Unrecognized Chunk Type cause. */
    public byte[] wholeChunk() {
        byte[] out = new byte[encodedLength()];
        ByteIo.u8(out, 0, type);
        ByteIo.u8(out, 1, flags);
        ByteIo.u16(out, 2, out.length);
        System.arraycopy(value, 0, out, 4, value.length);
        return out;
    }

    public int valueLength() {
        return value.length;
    }

    public void encodeValue(byte[] dst, int off) {
        System.arraycopy(value, 0, dst, off, value.length);
    }
}
