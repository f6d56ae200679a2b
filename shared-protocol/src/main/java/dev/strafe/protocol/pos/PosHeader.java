package dev.strafe.protocol.pos;

import dev.strafe.protocol.ProtocolException;

/**
 * The 4-byte header in front of every {@code pos} channel message (all fields big-endian):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     type      | schemaVersion |          blockLength          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <ul>
 *   <li>{@code type} (u8): {@link PosMessageType} code.</li>
 *   <li>{@code schemaVersion} (u8): the sender's schema version, {@code >= 1}. Versions only ever
 *       <em>append</em> fields (tagged "since vN"), so a decoder accepts any version {@code >= 1} and reads
 *       the fields it knows. An incompatible change gets a new {@code type} code, never a version bump.</li>
 *   <li>{@code blockLength} (u16): length of the fixed root block that follows the header. Decoders honour
 *       the sender's value: they read their known fields from the block and skip the rest, so a v1 decoder
 *       reads a v2 message whose root block grew. A block shorter than the v1 block is rejected.</li>
 * </ul>
 */
public final class PosHeader {

    public static final int TYPE_OFFSET = 0;
    public static final int SCHEMA_VERSION_OFFSET = 1;
    public static final int BLOCK_LENGTH_OFFSET = 2;
    public static final int HEADER_LENGTH = 4;

    /** The schema version this code writes. */
    public static final int SCHEMA_VERSION = 1;

    private PosHeader() {
    }

    /** The message type of the first byte, or {@link PosMessageType#UNKNOWN} (also for an empty message). */
    public static PosMessageType peekType(byte[] src, int offset, int length) {
        if (length < 1) {
            return PosMessageType.UNKNOWN;
        }
        return PosMessageType.of(BigEndian.getUint8(src, offset));
    }

    static void write(byte[] dst, int offset, PosMessageType type, int blockLength) {
        BigEndian.putUint8(dst, offset + TYPE_OFFSET, type.code());
        BigEndian.putUint8(dst, offset + SCHEMA_VERSION_OFFSET, SCHEMA_VERSION);
        BigEndian.putUint16(dst, offset + BLOCK_LENGTH_OFFSET, blockLength);
    }

    /**
     * Checks the array bounds, the total length, the header and the root block presence.
     *
     * @return the sender's block length
     */
    static int check(byte[] src, int offset, int length, PosMessageType expected, int maxLength, int minBlockLength) {
        if (src == null) {
            throw new ProtocolException("message: null", 0);
        }
        if (offset < 0 || length < 0 || offset > src.length - length) {
            throw new ProtocolException("message bounds: offset " + offset + " length " + length
                    + " (expected: within array of " + src.length + ")", 0);
        }
        if (length < HEADER_LENGTH) {
            throw ProtocolException.outOfRange("message length", length, ">= " + HEADER_LENGTH + " for the header", 0);
        }
        if (length > maxLength) {
            throw ProtocolException.outOfRange("message length", length, "<= " + maxLength, 0);
        }
        int type = BigEndian.getUint8(src, offset + TYPE_OFFSET);
        if (type != expected.code()) {
            throw ProtocolException.outOfRange("message type", type, expected.code() + " " + expected.name(), TYPE_OFFSET);
        }
        int version = BigEndian.getUint8(src, offset + SCHEMA_VERSION_OFFSET);
        if (version < 1) {
            throw ProtocolException.outOfRange("schema version", version, ">= 1", SCHEMA_VERSION_OFFSET);
        }
        int blockLength = BigEndian.getUint16(src, offset + BLOCK_LENGTH_OFFSET);
        if (blockLength < minBlockLength) {
            throw ProtocolException.outOfRange("block length", blockLength, ">= " + minBlockLength, BLOCK_LENGTH_OFFSET);
        }
        int available = length - HEADER_LENGTH;
        if (available < blockLength) {
            throw new ProtocolException("root block: " + available + " bytes (expected: " + blockLength + ")", HEADER_LENGTH);
        }
        return blockLength;
    }
}
