package dev.strafe.protocol.pos;

import dev.strafe.protocol.ProtocolException;

/**
 * Binary codec of the client-to-server {@link Input} message. Big-endian; offsets below are relative to
 * the message start:
 *
 * <pre>
 * offset size field              since
 *      0    4 header (type=1 INPUT, schemaVersion, blockLength=17)
 *      4    4 sequence         u32 v1
 *      8    4 ackTick          u32 v1
 *     12    4 clientTimeMillis u32 v1
 *     16    1 moveX            i8  v1  [-127, 127]
 *     17    1 moveY            i8  v1  [-127, 127]
 *     18    1 buttons          u8  v1
 *     19    2 aim              u16 v1  2*PI/65536 rad
 *     21      end (v1: 21 bytes)
 * </pre>
 *
 * A decoder honours a longer {@code blockLength} (fields appended by a newer schema) and skips the part it
 * does not know. Bytes after the root block are rejected ("trailing bytes"). Stateless and allocation-free:
 * all methods are static.
 */
public final class InputCodec {

    public static final int SEQUENCE_OFFSET = 4;
    public static final int ACK_TICK_OFFSET = 8;
    public static final int CLIENT_TIME_OFFSET = 12;
    public static final int MOVE_X_OFFSET = 16;
    public static final int MOVE_Y_OFFSET = 17;
    public static final int BUTTONS_OFFSET = 18;
    public static final int AIM_OFFSET = 19;

    /** Root block length written by schema v1. */
    public static final int BLOCK_LENGTH = 17;
    /** Encoded length of a v1 input message. */
    public static final int ENCODED_LENGTH = PosHeader.HEADER_LENGTH + BLOCK_LENGTH;
    /** Largest input message accepted (room for fields appended by later versions). */
    public static final int MAX_INPUT_BYTES = 64;

    private InputCodec() {
    }

    /**
     * Writes {@code input} at {@code dst[offset]}.
     *
     * @return the number of bytes written, {@link #ENCODED_LENGTH}
     * @throws IllegalArgumentException when fewer than {@link #ENCODED_LENGTH} bytes are available
     */
    public static int encode(Input input, byte[] dst, int offset) {
        if (offset < 0 || dst.length - offset < ENCODED_LENGTH) {
            throw new IllegalArgumentException("buffer: " + (dst.length - offset) + " bytes at offset " + offset
                    + " (expected: >= " + ENCODED_LENGTH + ")");
        }
        PosHeader.write(dst, offset, PosMessageType.INPUT, BLOCK_LENGTH);
        BigEndian.putUint32(dst, offset + SEQUENCE_OFFSET, input.sequence());
        BigEndian.putUint32(dst, offset + ACK_TICK_OFFSET, input.ackTick());
        BigEndian.putUint32(dst, offset + CLIENT_TIME_OFFSET, input.clientTimeMillis());
        BigEndian.putUint8(dst, offset + MOVE_X_OFFSET, input.moveX());
        BigEndian.putUint8(dst, offset + MOVE_Y_OFFSET, input.moveY());
        BigEndian.putUint8(dst, offset + BUTTONS_OFFSET, input.buttons());
        BigEndian.putUint16(dst, offset + AIM_OFFSET, input.aim());
        return ENCODED_LENGTH;
    }

    /**
     * Decodes the message {@code src[offset, offset + length)} into {@code into}. On failure {@code into} is
     * left unchanged.
     *
     * @return the schema version of the sender
     * @throws ProtocolException for any malformed input
     */
    public static int decode(byte[] src, int offset, int length, Input into) {
        int blockLength = PosHeader.check(src, offset, length, PosMessageType.INPUT, MAX_INPUT_BYTES, BLOCK_LENGTH);
        int end = PosHeader.HEADER_LENGTH + blockLength;
        if (length != end) {
            throw ProtocolException.outOfRange("trailing bytes", length - end, "0", end);
        }
        int moveX = BigEndian.getInt8(src, offset + MOVE_X_OFFSET);
        if (moveX < Input.MOVE_MIN) {
            throw ProtocolException.outOfRange("move x", moveX, Input.MOVE_MIN + ".." + Input.MOVE_MAX, MOVE_X_OFFSET);
        }
        int moveY = BigEndian.getInt8(src, offset + MOVE_Y_OFFSET);
        if (moveY < Input.MOVE_MIN) {
            throw ProtocolException.outOfRange("move y", moveY, Input.MOVE_MIN + ".." + Input.MOVE_MAX, MOVE_Y_OFFSET);
        }
        into.set(BigEndian.getUint32(src, offset + SEQUENCE_OFFSET),
                BigEndian.getUint32(src, offset + ACK_TICK_OFFSET),
                BigEndian.getUint32(src, offset + CLIENT_TIME_OFFSET),
                moveX, moveY,
                BigEndian.getUint8(src, offset + BUTTONS_OFFSET),
                BigEndian.getUint16(src, offset + AIM_OFFSET));
        return BigEndian.getUint8(src, offset + PosHeader.SCHEMA_VERSION_OFFSET);
    }
}
