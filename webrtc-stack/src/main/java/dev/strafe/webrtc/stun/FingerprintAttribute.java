package dev.strafe.webrtc.stun;

/**
 * FINGERPRINT (RFC 8489 §14.7, type 0x8028): "the CRC-32 of the STUN message up to (but excluding) the
 * FINGERPRINT attribute itself, XOR'ed with the 32-bit value 0x5354554e". MUST be the last attribute.
 * The {@link StunEncoder} computes it; this record carries a received value.
 */
public record FingerprintAttribute(int crc) implements StunAttribute {

    public static final int TYPE = 0x8028;
    public static final int LENGTH = 4;
    public static final int XOR = 0x5354554E;

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
        Bytes.putInt(buf, offset, crc);
    }

    @Override
    public String toString() {
        return "FingerprintAttribute[0x" + Integer.toHexString(crc) + "]";
    }
}
