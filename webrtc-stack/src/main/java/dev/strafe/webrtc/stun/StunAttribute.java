package dev.strafe.webrtc.stun;

/**
 * One STUN attribute (RFC 8489 §14): a TLV with a 16-bit type, 16-bit value length and the value padded to a
 * multiple of 4 bytes.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Type                  |            Length             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Value (variable)                ....
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Types 0x0000-0x7FFF are comprehension-required, 0x8000-0xFFFF comprehension-optional (RFC 8489 §14).
 * An attribute this codec does not know is kept as {@link UnknownAttribute}.
 */
public sealed interface StunAttribute
        permits XorMappedAddressAttribute, UsernameAttribute, MessageIntegrityAttribute, FingerprintAttribute,
        PriorityAttribute, UseCandidateAttribute, IceControllingAttribute, IceControlledAttribute,
        ErrorCodeAttribute, UnknownAttributesAttribute, SoftwareAttribute, UnknownAttribute {

    /** Attribute header size (type + length). */
    int HEADER_LENGTH = 4;

    /** The 16-bit attribute type. */
    int type();

    /** Value length before padding. */
    int valueLength();

    /**
     * Writes the value (without padding) at {@code offset}; {@code transactionId} is needed by XOR'ed values.
     * The caller has checked that {@link #valueLength()} bytes fit.
     */
    void writeValue(byte[] buf, int offset, TransactionId transactionId);

    /** RFC 8489 §14: types below 0x8000 MUST be understood by the receiver. */
    static boolean isComprehensionRequired(int type) {
        return (type & 0x8000) == 0;
    }

    /** Length padded up to a multiple of 4. */
    static int padded(int length) {
        return (length + 3) & ~3;
    }
}
