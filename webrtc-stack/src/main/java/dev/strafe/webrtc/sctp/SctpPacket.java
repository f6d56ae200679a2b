package dev.strafe.webrtc.sctp;

import dev.strafe.webrtc.sctp.chunk.ByteIo;
import dev.strafe.webrtc.sctp.chunk.Chunk;
import dev.strafe.webrtc.sctp.chunk.Chunks;
import dev.strafe.webrtc.sctp.chunk.MalformedChunkException;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An SCTP packet: common header and chunks (RFC 9260 §3.1).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Source Port Number        |     Destination Port Number   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Verification Tag                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           Checksum                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The checksum is CRC32c (RFC 9260 Appendix A) over the whole packet with the checksum field zeroed.
 * Quirk: the 32-bit CRC value is stored least significant byte first (the reflected CRC's natural
 * byte order), i.e. little-endian, unlike every other field of the packet.
 *
 * <p>The static accessors read a packet in place (hot path, no allocation); the record form is for
 * tests and control paths.
 */
public record SctpPacket(int sourcePort, int destinationPort, long verificationTag, List<Chunk> chunks) {
    public static final int HEADER_LENGTH = 12;
    public static final int SOURCE_PORT_OFFSET = 0;
    public static final int DESTINATION_PORT_OFFSET = 2;
    public static final int VERIFICATION_TAG_OFFSET = 4;
    public static final int CHECKSUM_OFFSET = 8;

    public static int sourcePort(byte[] b, int off) {
        return ByteIo.u16(b, off + SOURCE_PORT_OFFSET);
    }

    public static int destinationPort(byte[] b, int off) {
        return ByteIo.u16(b, off + DESTINATION_PORT_OFFSET);
    }

    public static long verificationTag(byte[] b, int off) {
        return ByteIo.u32(b, off + VERIFICATION_TAG_OFFSET);
    }

    /** Writes the common header with a zero checksum. */
    public static void writeHeader(byte[] b, int off, int sourcePort, int destinationPort, long verificationTag) {
        ByteIo.u16(b, off, sourcePort);
        ByteIo.u16(b, off + 2, destinationPort);
        ByteIo.u32(b, off + 4, verificationTag);
        ByteIo.u32(b, off + 8, 0);
    }

    /** CRC32c of the packet with the checksum field taken as zero. */
    public static int computeChecksum(CRC32C crc, byte[] b, int off, int len) {
        crc.reset();
        crc.update(b, off, CHECKSUM_OFFSET);
        crc.update(ZEROES, 0, 4);
        crc.update(b, off + HEADER_LENGTH, len - HEADER_LENGTH);
        return (int) crc.getValue();
    }

    /** Computes and stores the checksum (little-endian, see class doc) of a packet of {@code len} bytes. */
    public static void writeChecksum(CRC32C crc, byte[] b, int off, int len) {
        int c = computeChecksum(crc, b, off, len);
        b[off + CHECKSUM_OFFSET] = (byte) c;
        b[off + CHECKSUM_OFFSET + 1] = (byte) (c >>> 8);
        b[off + CHECKSUM_OFFSET + 2] = (byte) (c >>> 16);
        b[off + CHECKSUM_OFFSET + 3] = (byte) (c >>> 24);
    }

    /** True if {@code len >= 12} and the stored checksum matches. */
    public static boolean checksumValid(CRC32C crc, byte[] b, int off, int len) {
        if (len < HEADER_LENGTH) {
            return false;
        }
        int stored = (b[off + 8] & 0xFF) | (b[off + 9] & 0xFF) << 8 | (b[off + 10] & 0xFF) << 16 | (b[off + 11] & 0xFF) << 24;
        return stored == computeChecksum(crc, b, off, len);
    }

    private static final byte[] ZEROES = new byte[4];

    /**
     * Decodes a whole packet, verifying the checksum.
     *
     * @throws MalformedChunkException for a short packet, a bad checksum or any malformed chunk
     */
    public static SctpPacket decode(byte[] b, int off, int len) throws MalformedChunkException {
        if (off < 0 || len < 0 || off + len > b.length) {
            throw new MalformedChunkException("packet bounds: offset " + off + ", length " + len + " (expected: within " + b.length + " bytes)");
        }
        if (len < HEADER_LENGTH) {
            throw new MalformedChunkException("packet length: " + len + " (expected: >= 12)");
        }
        if (!checksumValid(new CRC32C(), b, off, len)) {
            throw new MalformedChunkException("packet checksum: mismatch (expected: CRC32c of the packet)");
        }
        List<Chunk> chunks = new ArrayList<>(2);
        Chunks.decodeAll(b, off + HEADER_LENGTH, len - HEADER_LENGTH, chunks);
        return new SctpPacket(sourcePort(b, off), destinationPort(b, off), verificationTag(b, off), List.copyOf(chunks));
    }

    /** Bytes {@link #encode()} produces. */
    public int encodedLength() {
        int n = HEADER_LENGTH;
        for (Chunk c : chunks) {
            n += Chunks.paddedLength(c);
        }
        return n;
    }

    /** Encodes header, chunks (padded) and checksum. */
    public byte[] encode() {
        byte[] out = new byte[encodedLength()];
        writeHeader(out, 0, sourcePort, destinationPort, verificationTag);
        int pos = HEADER_LENGTH;
        for (Chunk c : chunks) {
            pos += Chunks.encode(c, out, pos);
        }
        writeChecksum(new CRC32C(), out, 0, out.length);
        return out;
    }
}
