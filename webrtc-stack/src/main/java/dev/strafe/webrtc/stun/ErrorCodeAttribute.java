package dev.strafe.webrtc.stun;

import java.nio.charset.StandardCharsets;

/**
 * ERROR-CODE (RFC 8489 §14.8, type 0x0009): class (hundreds digit, 3-6) and number (0-99), then a UTF-8 reason
 * phrase "fewer than 128 characters (which can be as long as 509 bytes when encoding them or 763 bytes when
 * decoding them)".
 *
 * <pre>
 *  |           Reserved, should be 0         |Class|     Number    |
 *  |      Reason Phrase (variable)                                ..
 * </pre>
 */
public record ErrorCodeAttribute(int code, String reason) implements StunAttribute {

    public static final int TYPE = 0x0009;
    public static final int MAX_REASON_LENGTH = 763;

    /** 400 Bad Request. */
    public static final int BAD_REQUEST = 400;
    /** 401 Unauthenticated. */
    public static final int UNAUTHENTICATED = 401;
    /** 420 Unknown Attribute: response carries UNKNOWN-ATTRIBUTES. */
    public static final int UNKNOWN_ATTRIBUTE = 420;
    /** 487 Role Conflict (RFC 8445 §7.3.1.1). */
    public static final int ROLE_CONFLICT = 487;

    public ErrorCodeAttribute {
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("error code: " + code + " (expected: 300..699)");
        }
        int length = reason.getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("reason length: " + length + " (expected: <= " + MAX_REASON_LENGTH + ")");
        }
    }

    public static ErrorCodeAttribute roleConflict() {
        return new ErrorCodeAttribute(ROLE_CONFLICT, "Role Conflict");
    }

    public static ErrorCodeAttribute unknownAttribute() {
        return new ErrorCodeAttribute(UNKNOWN_ATTRIBUTE, "Unknown Attribute");
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return 4 + reason.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public void writeValue(byte[] buf, int offset, TransactionId transactionId) {
        buf[offset] = 0;
        buf[offset + 1] = 0;
        buf[offset + 2] = (byte) (code / 100);
        buf[offset + 3] = (byte) (code % 100);
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, buf, offset + 4, b.length);
    }

    static ErrorCodeAttribute decode(byte[] buf, int offset, int length, int at) throws MalformedStunException {
        if (length < 4 || length > 4 + MAX_REASON_LENGTH) {
            throw StunMessageView.malformed(StunViolation.BAD_ATTRIBUTE_VALUE, "ERROR-CODE length: " + length
                    + " (expected: 4.." + (4 + MAX_REASON_LENGTH) + ") at offset " + at);
        }
        int cls = buf[offset + 2] & 0x07;
        int number = buf[offset + 3] & 0xFF;
        if (cls < 3 || cls > 6 || number > 99) {
            throw StunMessageView.malformed(StunViolation.BAD_ATTRIBUTE_VALUE, "ERROR-CODE class: " + cls
                    + ", number: " + number + " (expected: 3..6, 0..99) at offset " + at);
        }
        return new ErrorCodeAttribute(cls * 100 + number,
                new String(buf, offset + 4, length - 4, StandardCharsets.UTF_8));
    }
}
