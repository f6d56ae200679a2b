package dev.strafe.webrtc.stun;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A STUN message as objects (RFC 8489 §5), for the control path and tests. The hot path uses
 * {@link StunMessageView} (no allocation) and {@link StunWriter}.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |0 0|     STUN Message Type     |         Message Length        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Magic Cookie                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Transaction ID (96 bits)                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param method        12-bit method ({@link StunMethod#BINDING})
 * @param messageClass  request, indication, success or error response
 * @param transactionId 96-bit transaction ID
 * @param attributes    in wire order; a decoded message keeps MESSAGE-INTEGRITY and FINGERPRINT (the encoder
 *                      recomputes them and always writes them last)
 */
public record StunMessage(int method, StunClass messageClass, TransactionId transactionId,
                          List<StunAttribute> attributes) {

    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    static final int MAGIC_COOKIE_OFFSET = 4;
    static final int TRANSACTION_ID_OFFSET = 8;
    static final int LENGTH_OFFSET = 2;

    public StunMessage {
        if (method < 0 || method > StunMethod.MAX) {
            throw new IllegalArgumentException("method: " + method + " (expected: 0.." + StunMethod.MAX + ")");
        }
        attributes = List.copyOf(attributes);
    }

    public StunMessage(int method, StunClass messageClass, TransactionId transactionId, StunAttribute... attributes) {
        this(method, messageClass, transactionId, List.of(attributes));
    }

    /**
     * Quick RFC 7983 / RFC 8489 §6.3 test used by the demultiplexer: at least a header, first byte 0..3 (RFC 7983
     * §7: STUN occupies [0..3]; DTLS [20..63] also has the top two bits zero, so the RFC 8489 bit test alone is not
     * enough), the magic cookie, and a length that is a multiple of 4 matching the datagram.
     */
    public static boolean isStun(byte[] buf, int offset, int length) {
        return length >= HEADER_LENGTH
                && (buf[offset] & 0xFF) <= 3
                && Bytes.getInt(buf, offset + MAGIC_COOKIE_OFFSET) == MAGIC_COOKIE
                && Bytes.getShort(buf, offset + LENGTH_OFFSET) == length - HEADER_LENGTH
                && (length & 3) == 0;
    }

    /** First attribute of a kind. */
    public <T extends StunAttribute> Optional<T> attribute(Class<T> kind) {
        for (StunAttribute a : attributes) {
            if (kind.isInstance(a)) {
                return Optional.of(kind.cast(a));
            }
        }
        return Optional.empty();
    }

    /** Types of comprehension-required attributes this codec does not know (RFC 8489 §6.3.1.1 → 420). */
    public List<Integer> unknownComprehensionRequired() {
        List<Integer> types = new ArrayList<>();
        for (StunAttribute a : attributes) {
            if (a instanceof UnknownAttribute u && StunAttribute.isComprehensionRequired(u.type())) {
                types.add(u.type());
            }
        }
        return types;
    }

    @Override
    public String toString() {
        return "StunMessage[" + StunMethod.name(method) + " " + messageClass + " " + transactionId + " " + attributes + "]";
    }
}
