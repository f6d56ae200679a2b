package dev.strafe.webrtc.stun;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An attribute this codec does not interpret, kept with its raw value so a message round-trips. A
 * comprehension-required one ({@link StunAttribute#isComprehensionRequired}) in a request makes the server answer
 * 420 (RFC 8489 §6.3.1.1); optional ones are ignored.
 */
public record UnknownAttribute(int type, byte[] value) implements StunAttribute {

    public UnknownAttribute {
        if (type < 0 || type > 0xFFFF) {
            throw new IllegalArgumentException("attribute type: " + type + " (expected: 0..65535)");
        }
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("attribute length: " + value.length + " (expected: <= 65535)");
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public int valueLength() {
        return value.length;
    }

    @Override
    public void writeValue(byte[] buf, int offset, TransactionId transactionId) {
        System.arraycopy(value, 0, buf, offset, value.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownAttribute u && u.type == type && Arrays.equals(value, u.value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "UnknownAttribute[type=0x" + Integer.toHexString(type) + ", value=" + HexFormat.of().formatHex(value) + "]";
    }
}
