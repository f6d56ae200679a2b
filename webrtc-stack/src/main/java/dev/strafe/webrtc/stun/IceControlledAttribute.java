package dev.strafe.webrtc.stun;

/**
 * ICE-CONTROLLED (RFC 8445 §7.1.3, §16.1, type 0x8029): the sender believes it is controlled; the value is its
 * 64-bit tie-breaker for role-conflict resolution (§7.3.1.1).
 */
public record IceControlledAttribute(long tieBreaker) implements StunAttribute {

    public static final int TYPE = 0x8029;
    public static final int LENGTH = 8;

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
        Bytes.putLong(buf, offset, tieBreaker);
    }
}
