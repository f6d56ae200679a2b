package dev.strafe.webrtc.stun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A MESSAGE-INTEGRITY key for short-term credentials (RFC 8489 §9.1.1: {@code key = OpaqueString(password)};
 * ICE passwords are ice-chars, i.e. ASCII, so OpaqueString leaves them unchanged). Immutable and thread-safe: it
 * holds the two 64-byte HMAC pads (RFC 2104) precomputed, so checking a message costs no key setup.
 */
public final class IntegrityKey {

    static final int BLOCK = 64;

    final byte[] innerPad = new byte[BLOCK];
    final byte[] outerPad = new byte[BLOCK];

    private IntegrityKey(byte[] key) {
        byte[] k = key;
        if (k.length > BLOCK) {
            k = sha1().digest(k);
        }
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5C);
        }
    }

    /** Short-term key from an ICE password. */
    public static IntegrityKey shortTerm(String password) {
        return new IntegrityKey(password.getBytes(StandardCharsets.UTF_8));
    }

    /** Key from raw bytes (e.g. a long-term MD5 key, RFC 8489 §9.2.2). */
    public static IntegrityKey ofBytes(byte[] key) {
        return new IntegrityKey(key.clone());
    }

    /**
     * Long-term key (RFC 8489 §9.2.2, MD5 algorithm): {@code MD5(username ":" realm ":" password)}. The realm and
     * password must already be OpaqueString-prepared (RFC 8265); this codec does not implement PRECIS/SASLprep.
     * Not used by ICE; here for TURN-style peers and the RFC 5769 §2.4 vector.
     */
    public static IntegrityKey longTerm(String username, String realm, String password) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5")
                    .digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
            return new IntegrityKey(md5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is mandatory in every JDK", e);
        }
    }

    static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is mandatory in every JDK", e);
        }
    }
}
