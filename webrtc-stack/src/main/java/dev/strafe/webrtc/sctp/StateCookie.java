package dev.strafe.webrtc.sctp;

import dev.strafe.webrtc.sctp.chunk.ByteIo;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.random.RandomGenerator;

/**
 * The State Cookie (RFC 9260 §5.1.3): everything needed to create the association when the COOKIE ECHO
 * arrives, so a listener keeps no per-association state before that ("the cookie [...] MUST contain a
 * MAC"). Layout (big-endian), followed by HMAC-SHA256 over those bytes with a per-endpoint secret:
 * <pre>
 * created nanos (8) | local tag (4) | peer tag (4) | local initial TSN (4) | peer initial TSN (4) |
 * peer a_rwnd (4) | outbound streams (2) | inbound streams (2) | flags (1: PR-SCTP, RE-CONFIG) | MAC (32)
 * </pre>
 */
record StateCookie(long createdNanos, int localTag, int peerTag, int localInitialTsn, int peerInitialTsn,
                   long peerRwnd, int outboundStreams, int inboundStreams, boolean peerForwardTsn,
                   boolean peerReconfig) {
    static final int BODY_LENGTH = 33;
    static final int MAC_LENGTH = 32;
    static final int LENGTH = BODY_LENGTH + MAC_LENGTH;

    /** Signs and verifies cookies with one secret; confined to the association's thread. */
    static final class Signer {
        private final Mac mac;
        private final byte[] expected = new byte[MAC_LENGTH];

        Signer(RandomGenerator random) {
            byte[] key = new byte[32];
            for (int i = 0; i < key.length; i++) {
                key[i] = (byte) random.nextInt(256);
            }
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        }

        byte[] sign(StateCookie c) {
            byte[] out = new byte[LENGTH];
            ByteIo.u32(out, 0, c.createdNanos >>> 32);
            ByteIo.u32(out, 4, c.createdNanos & 0xFFFF_FFFFL);
            ByteIo.u32(out, 8, c.localTag);
            ByteIo.u32(out, 12, c.peerTag);
            ByteIo.u32(out, 16, c.localInitialTsn);
            ByteIo.u32(out, 20, c.peerInitialTsn);
            ByteIo.u32(out, 24, c.peerRwnd);
            ByteIo.u16(out, 28, c.outboundStreams);
            ByteIo.u16(out, 30, c.inboundStreams);
            out[32] = (byte) ((c.peerForwardTsn ? 1 : 0) | (c.peerReconfig ? 2 : 0));
            mac.update(out, 0, BODY_LENGTH);
            try {
                mac.doFinal(out, BODY_LENGTH);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            return out;
        }

        /** The cookie if its length and MAC are right, else null (no exception: peer input). */
        StateCookie verify(byte[] b) {
            if (b.length != LENGTH) {
                return null;
            }
            mac.update(b, 0, BODY_LENGTH);
            try {
                mac.doFinal(expected, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            if (!MessageDigest.isEqual(expected, java.util.Arrays.copyOfRange(b, BODY_LENGTH, LENGTH))) {
                return null;
            }
            long created = ByteIo.u32(b, 0) << 32 | ByteIo.u32(b, 4);
            return new StateCookie(created, ByteIo.i32(b, 8), ByteIo.i32(b, 12), ByteIo.i32(b, 16), ByteIo.i32(b, 20),
                    ByteIo.u32(b, 24), ByteIo.u16(b, 28), ByteIo.u16(b, 30), (b[32] & 1) != 0, (b[32] & 2) != 0);
        }
    }
}
