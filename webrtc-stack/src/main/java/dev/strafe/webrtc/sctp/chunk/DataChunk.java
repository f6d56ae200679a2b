package dev.strafe.webrtc.sctp.chunk;

import java.util.Optional;

/**
 * Payload Data (DATA, type 0, RFC 9260 §3.3.1):
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 0    |  Res  |I|U|B|E|          Length               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                              TSN                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Stream Identifier S      |   Stream Sequence Number n    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Payload Protocol Identifier                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                 User Data (seq n of Stream S)                 \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Decoding copies only the user data. The send path encodes fragments straight from the message with
 * {@link #encode(byte[], int, int, long, int, int, int, byte[], int, int)} (no chunk object).
 */
public record DataChunk(int flags, long tsn, int streamId, int ssn, int ppid, byte[] userData) implements Chunk {
    public static final int FLAG_END = 0x01;
    public static final int FLAG_BEGINNING = 0x02;
    public static final int FLAG_UNORDERED = 0x04;
    public static final int FLAG_IMMEDIATE = 0x08;
    /** Chunk header plus TSN, stream id, SSN, PPID. */
    public static final int DATA_HEADER_LENGTH = 16;

    static DataChunk decode(byte[] b, int off, int len, int flags) throws MalformedChunkException {
        Chunks.require("DATA", len, 12);
        byte[] data = new byte[len - 12];
        System.arraycopy(b, off + 12, data, 0, data.length);
        return new DataChunk(flags, ByteIo.u32(b, off), ByteIo.u16(b, off + 4), ByteIo.u16(b, off + 6), ByteIo.i32(b, off + 8), data);
    }

    /** Writes a whole DATA chunk (header + padding) from {@code src}; returns bytes written incl. padding. */
    public static int encode(byte[] dst, int off, int flags, long tsn, int streamId, int ssn, int ppid,
                             byte[] src, int srcOff, int len) {
        int length = DATA_HEADER_LENGTH + len;
        dst[off] = 0;
        dst[off + 1] = (byte) flags;
        ByteIo.u16(dst, off + 2, length);
        ByteIo.u32(dst, off + 4, tsn);
        ByteIo.u16(dst, off + 8, streamId);
        ByteIo.u16(dst, off + 10, ssn);
        ByteIo.u32(dst, off + 12, ppid);
        System.arraycopy(src, srcOff, dst, off + DATA_HEADER_LENGTH, len);
        return ByteIo.pad(dst, off, length);
    }

    // Flyweight accessors on an encoded DATA chunk starting at {@code off} (hot path, no allocation).

    public static int flags(byte[] b, int off) {
        return b[off + 1] & 0xFF;
    }

    public static int length(byte[] b, int off) {
        return ByteIo.u16(b, off + 2);
    }

    public static int tsn(byte[] b, int off) {
        return ByteIo.i32(b, off + 4);
    }

    public static int streamId(byte[] b, int off) {
        return ByteIo.u16(b, off + 8);
    }

    public static int ssn(byte[] b, int off) {
        return ByteIo.u16(b, off + 10);
    }

    public static int ppid(byte[] b, int off) {
        return ByteIo.i32(b, off + 12);
    }

    public boolean unordered() {
        return (flags & FLAG_UNORDERED) != 0;
    }

    public boolean beginning() {
        return (flags & FLAG_BEGINNING) != 0;
    }

    public boolean end() {
        return (flags & FLAG_END) != 0;
    }

    public int type() {
        return 0;
    }

    public int valueLength() {
        return 12 + userData.length;
    }

    public void encodeValue(byte[] dst, int off) {
        ByteIo.u32(dst, off, tsn);
        ByteIo.u16(dst, off + 4, streamId);
        ByteIo.u16(dst, off + 6, ssn);
        ByteIo.u32(dst, off + 8, ppid);
        System.arraycopy(userData, 0, dst, off + 12, userData.length);
    }

    /** RFC 9260 §6.2: a DATA chunk with no user data MUST be answered with ABORT (No User Data). */
    @Override
    public Optional<Violation> check() {
        return userData.length == 0 ? Optional.of(new Violation(true, "DATA chunk with no user data, TSN " + tsn)) : Optional.empty();
    }

    @Override
    public String toString() {
        return "DATA{tsn=" + tsn + ", stream=" + streamId + ", ssn=" + ssn + ", ppid=" + ppid + ", flags=" + flags + ", len=" + userData.length + "}";
    }
}
