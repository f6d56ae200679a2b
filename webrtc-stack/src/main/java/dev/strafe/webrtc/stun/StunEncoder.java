package dev.strafe.webrtc.stun;

/**
 * Encodes a {@link StunMessage} into a caller buffer. MESSAGE-INTEGRITY and FINGERPRINT entries of the
 * attribute list are not copied: they are computed and appended last when a key / the flag is given, so a
 * decoded message re-encodes byte for byte. Not thread-safe; one per event loop.
 */
public final class StunEncoder {

    private final StunWriter writer = new StunWriter();

    /** Padding byte for attribute values (0 by default; RFC 5769 vectors use 0x20). */
    public StunEncoder paddingByte(int value) {
        writer.paddingByte(value);
        return this;
    }

    /**
     * @param integrityKey key for MESSAGE-INTEGRITY, or {@code null} for none
     * @param fingerprint  whether to append FINGERPRINT
     * @return bytes written
     * @throws IllegalArgumentException if the message does not fit in {@code capacity}
     */
    public int encode(StunMessage message, IntegrityKey integrityKey, boolean fingerprint,
                      byte[] buf, int offset, int capacity) {
        writer.begin(buf, offset, capacity, message.method(), message.messageClass(), message.transactionId());
        for (StunAttribute a : message.attributes()) {
            if (!(a instanceof MessageIntegrityAttribute) && !(a instanceof FingerprintAttribute)) {
                writer.attribute(a);
            }
        }
        if (integrityKey != null) {
            writer.integrity(integrityKey);
        }
        if (fingerprint) {
            writer.fingerprint();
        }
        return writer.length();
    }

    /** Encodes into a fresh array of the exact size (control path, tests). */
    public byte[] encode(StunMessage message, IntegrityKey integrityKey, boolean fingerprint) {
        long size = StunMessage.HEADER_LENGTH;
        for (StunAttribute a : message.attributes()) {
            if (!(a instanceof MessageIntegrityAttribute) && !(a instanceof FingerprintAttribute)) {
                size += StunAttribute.HEADER_LENGTH + StunAttribute.padded(a.valueLength());
            }
        }
        size += integrityKey != null ? StunAttribute.HEADER_LENGTH + MessageIntegrityAttribute.LENGTH : 0;
        size += fingerprint ? StunAttribute.HEADER_LENGTH + FingerprintAttribute.LENGTH : 0;
        int max = StunMessage.HEADER_LENGTH + 0xFFFC;
        if (size > max) {
            throw new IllegalArgumentException("message length: " + size + " (expected: <= " + max + ")");
        }
        byte[] buf = new byte[(int) size];
        encode(message, integrityKey, fingerprint, buf, 0, buf.length);
        return buf;
    }
}
