package dev.strafe.webrtc.stun;

/**
 * PRIORITY (RFC 8445 §7.1.1, §16.1, type 0x0024): the 32-bit priority the sender would give a peer-reflexive
 * candidate learned from this check. Unsigned on the wire; held as the raw 32 bits.
 */
public record PriorityAttribute(int priority) implements StunAttribute {

    public static final int TYPE = 0x0024;
    public static final int LENGTH = 4;

    /** The priority as an unsigned value. */
    public long unsignedPriority() {
        return priority & 0xFFFF_FFFFL;
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return LENGTH;
    }

    @Override
    public void writeValue(byte[] buf, int offset, TransactionId transactionId) {
        Bytes.putInt(buf, offset, priority);
    }
}
