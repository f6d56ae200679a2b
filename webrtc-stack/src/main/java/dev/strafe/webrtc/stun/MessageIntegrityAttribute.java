package dev.strafe.webrtc.stun;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * MESSAGE-INTEGRITY (RFC 8489 §14.5, type 0x0008): HMAC-SHA1 (20 bytes) over the message up to this attribute,
 * with the header length "adjusted to point to the end of the MESSAGE-INTEGRITY attribute". With short-term
 * credentials (ICE) the key is the password (RFC 8489 §9.1.1 after OpaqueString; ICE passwords are ASCII).
 *
 * <p>On encode the {@link StunEncoder} computes it; this record carries a received value.
 */
public record MessageIntegrityAttribute(byte[] hmac) implements StunAttribute {

    public static final int TYPE = 0x0008;
    public static final int LENGTH = 20;

    public MessageIntegrityAttribute {
        if (hmac.length != LENGTH) {
            throw new IllegalArgumentException("MESSAGE-INTEGRITY length: " + hmac.length + " (expected: " + LENGTH + ")");
        }
        hmac = hmac.clone();
    }

    @Override
    public byte[] hmac() {
        return hmac.clone();
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
        System.arraycopy(hmac, 0, buf, offset, LENGTH);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageIntegrityAttribute m && Arrays.equals(hmac, m.hmac);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hmac);
    }

    @Override
    public String toString() {
        return "MessageIntegrityAttribute[" + HexFormat.of().formatHex(hmac) + "]";
    }
}
