package dev.strafe.webrtc.stun;

import java.nio.charset.StandardCharsets;

/**
 * SOFTWARE (RFC 8489 §14.14, type 0x8022): "a UTF-8-encoded sequence of fewer than 128 characters (which can be
 * as long as 509 when encoding them and as long as 763 bytes when decoding them)".
 */
public record SoftwareAttribute(String description) implements StunAttribute {

    public static final int TYPE = 0x8022;
    public static final int MAX_LENGTH = 763;

    public SoftwareAttribute {
        int length = description.getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException("software length: " + length + " (expected: <= " + MAX_LENGTH + ")");
        }
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return description.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public void writeValue(byte[] buf, int offset, TransactionId transactionId) {
        byte[] b = description.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, buf, offset, b.length);
    }

    static SoftwareAttribute decode(byte[] buf, int offset, int length, int at) throws MalformedStunException {
        if (length > MAX_LENGTH) {
            throw StunMessageView.malformed(StunViolation.BAD_ATTRIBUTE_VALUE,
                    "SOFTWARE length: " + length + " (expected: <= " + MAX_LENGTH + ") at offset " + at);
        }
        return new SoftwareAttribute(new String(buf, offset, length, StandardCharsets.UTF_8));
    }
}
