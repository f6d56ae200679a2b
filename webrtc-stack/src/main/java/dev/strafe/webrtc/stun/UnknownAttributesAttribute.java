package dev.strafe.webrtc.stun;

import java.util.ArrayList;
import java.util.List;

/**
 * UNKNOWN-ATTRIBUTES (RFC 8489 §14.9, type 0x000A): the 16-bit types of the comprehension-required attributes
 * a server did not understand, sent in a 420 error response.
 */
public record UnknownAttributesAttribute(List<Integer> types) implements StunAttribute {

    public static final int TYPE = 0x000A;
    /** Bound on listed types (a 420 response must not be larger than needed). */
    public static final int MAX_TYPES = 32;

    public UnknownAttributesAttribute {
        types = List.copyOf(types);
        if (types.size() > MAX_TYPES) {
            throw new IllegalArgumentException("unknown attribute types: " + types.size() + " (expected: <= " + MAX_TYPES + ")");
        }
        for (int t : types) {
            if (t < 0 || t > 0xFFFF) {
                throw new IllegalArgumentException("attribute type: " + t + " (expected: 0..65535)");
            }
        }
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return 2 * types.size();
    }

    @Override
    public void writeValue(byte[] buf, int offset, TransactionId transactionId) {
        for (int i = 0; i < types.size(); i++) {
            Bytes.putShort(buf, offset + 2 * i, types.get(i));
        }
    }

    static UnknownAttributesAttribute decode(byte[] buf, int offset, int length, int at) throws MalformedStunException {
        if ((length & 1) != 0 || length / 2 > MAX_TYPES) {
            throw StunMessageView.malformed(StunViolation.BAD_ATTRIBUTE_VALUE, "UNKNOWN-ATTRIBUTES length: " + length
                    + " (expected: even, <= " + 2 * MAX_TYPES + ") at offset " + at);
        }
        List<Integer> types = new ArrayList<>(length / 2);
        for (int i = 0; i < length; i += 2) {
            types.add(Bytes.getShort(buf, offset + i));
        }
        return new UnknownAttributesAttribute(types);
    }
}
