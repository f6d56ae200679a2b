package dev.strafe.webrtc.stun;

/**
 * STUN methods (RFC 8489 §18.2). Only Binding is used by ICE; other 12-bit values are carried as plain ints and
 * print as {@code UNKNOWN(0x...)}.
 */
public final class StunMethod {

    /** Binding (RFC 8489 §18.2), 0x001. */
    public static final int BINDING = 0x001;
    /** Largest 12-bit method value. */
    public static final int MAX = 0xFFF;

    private StunMethod() {
    }

    /** RFC name of a method value. */
    public static String name(int method) {
        return method == BINDING ? "BINDING" : "UNKNOWN(0x" + Integer.toHexString(method) + ")";
    }

    /** Message type for a method and class (RFC 8489 §5 bit interleaving). */
    public static int messageType(int method, StunClass messageClass) {
        if (method < 0 || method > MAX) {
            throw new IllegalArgumentException("method: " + method + " (expected: 0.." + MAX + ")");
        }
        int c = messageClass.bits();
        return (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2)
                | ((c & 0b01) << 4) | ((c & 0b10) << 7);
    }

    /** The 12-bit method of a 14-bit message type. */
    public static int methodOf(int messageType) {
        return (messageType & 0x000F) | ((messageType >>> 1) & 0x0070) | ((messageType >>> 2) & 0x0F80);
    }

    /** The class of a 14-bit message type. */
    public static StunClass classOf(int messageType) {
        return StunClass.ofBits(((messageType >>> 4) & 0b01) | ((messageType >>> 7) & 0b10));
    }
}
