package dev.strafe.webrtc.stun;

/**
 * STUN message class (RFC 8489 §5): two bits C1 C0 interleaved into the message type.
 *
 * <pre>
 *   0                 1
 *   2  3  4 5 6 7 8 9 0 1 2 3 4 5
 *  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
 *  |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
 *  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public enum StunClass {
    REQUEST(0b00),
    INDICATION(0b01),
    SUCCESS_RESPONSE(0b10),
    ERROR_RESPONSE(0b11);

    private static final StunClass[] BY_BITS = values();

    private final int bits;

    StunClass(int bits) {
        this.bits = bits;
    }

    /** The two class bits C1 C0. */
    public int bits() {
        return bits;
    }

    /** The class for bits C1 C0 (every 2-bit value is a class). */
    public static StunClass ofBits(int bits) {
        return BY_BITS[bits & 0b11];
    }
}
