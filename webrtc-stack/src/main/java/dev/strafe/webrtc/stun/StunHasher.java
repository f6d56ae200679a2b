package dev.strafe.webrtc.stun;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.zip.CRC32;

/**
 * HMAC-SHA1 (RFC 2104) and CRC-32 over message bytes without allocating: one per event loop (not thread-safe),
 * reused for every message. {@code javax.crypto.Mac#doFinal} allocates on each call; a plain {@link MessageDigest}
 * writing into a caller buffer does not.
 */
final class StunHasher {

    private final MessageDigest sha1 = IntegrityKey.sha1();
    private final CRC32 crc = new CRC32();
    private final byte[] inner = new byte[20];
    private final byte[] header = new byte[StunMessage.HEADER_LENGTH];

    /**
     * HMAC-SHA1 for MESSAGE-INTEGRITY (RFC 8489 §14.5): over the message from {@code offset} to the attribute at
     * {@code integrityOffset}, with the header length field replaced by {@code adjustedLength}.
     */
    void messageIntegrity(IntegrityKey key, byte[] buf, int offset, int integrityOffset, int adjustedLength,
                          byte[] out, int outOffset) {
        System.arraycopy(buf, offset, header, 0, StunMessage.HEADER_LENGTH);
        Bytes.putShort(header, 2, adjustedLength);
        sha1.update(key.innerPad);
        sha1.update(header, 0, StunMessage.HEADER_LENGTH);
        sha1.update(buf, offset + StunMessage.HEADER_LENGTH, integrityOffset - offset - StunMessage.HEADER_LENGTH);
        try {
            sha1.digest(inner, 0, 20);
            sha1.update(key.outerPad);
            sha1.update(inner, 0, 20);
            sha1.digest(out, outOffset, 20);
        } catch (DigestException e) {
            throw new IllegalStateException(e); // buffers are sized above
        }
    }

    /** FINGERPRINT value (RFC 8489 §14.7) of {@code length} bytes. */
    int fingerprint(byte[] buf, int offset, int length) {
        crc.reset();
        crc.update(buf, offset, length);
        return (int) crc.getValue() ^ FingerprintAttribute.XOR;
    }
}
