package dev.strafe.webrtc.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.EncryptionAlgorithm;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsAgreement;
import org.bouncycastle.tls.crypto.TlsCipher;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipher;
import org.bouncycastle.tls.crypto.TlsECConfig;
import org.bouncycastle.tls.crypto.TlsECDomain;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * Bouncy Castle's JCA crypto (JDK providers: AES-GCM on the AES-NI/CLMUL intrinsics, ECDSA P-256 signing in
 * SunEC) with substitutions: X25519 key agreement uses Bouncy Castle's RFC 7748 field arithmetic instead of
 * the JDK's {@code XDH} KeyAgreement, which costs about 2.5x more CPU per handshake here (measured: 114 µs vs
 * 298 µs for key generation + agreement, see docs/benchmarks.md); P-256 ECDHE uses Bouncy Castle's custom
 * secp256r1 curve instead of SunEC's {@code ECDH} (key generation + agreement ~235 µs vs ~630 µs, warm, thread
 * CPU); and ChaCha20-Poly1305 records use the JDK's
 * cipher ({@link JdkChaCha20Poly1305}), which Bouncy Castle's JCA crypto cannot find on JDK providers. Immutable
 * and thread-safe.
 */
final class StrafeTlsCrypto extends JcaTlsCrypto {

    StrafeTlsCrypto(SecureRandom random) {
        super(new EcdsaSplitHelper(), random, random);
    }

    @Override
    public boolean hasEncryptionAlgorithm(int encryptionAlgorithm) {
        return encryptionAlgorithm == EncryptionAlgorithm.CHACHA20_POLY1305 || super.hasEncryptionAlgorithm(encryptionAlgorithm);
    }

    /** ChaCha20-Poly1305 on the JDK's cipher ({@link JdkChaCha20Poly1305}); the rest as Bouncy Castle does it. */
    @Override
    public TlsCipher createCipher(TlsCryptoParameters parameters, int encryptionAlgorithm, int macAlgorithm)
            throws IOException {
        if (encryptionAlgorithm != EncryptionAlgorithm.CHACHA20_POLY1305) {
            return super.createCipher(parameters, encryptionAlgorithm, macAlgorithm);
        }
        try {
            return new TlsAEADCipher(parameters, new JdkChaCha20Poly1305(true), new JdkChaCha20Poly1305(false),
                    32, 16, TlsAEADCipher.AEAD_CHACHA20_POLY1305);
        } catch (java.security.GeneralSecurityException e) {
            throw new org.bouncycastle.tls.crypto.TlsCryptoException("cannot create ChaCha20-Poly1305", e);
        }
    }

    @Override
    public TlsECDomain createECDomain(TlsECConfig config) {
        if (config.getNamedGroup() == NamedGroup.x25519) {
            return () -> new Rfc7748X25519Agreement(this);
        }
        if (config.getNamedGroup() == NamedGroup.secp256r1) {
            return () -> new Secp256r1Agreement(this);
        }
        return super.createECDomain(config);
    }

    /** One ephemeral X25519 exchange (RFC 8422 §5.11 / RFC 7748 §6.1). */
    private static final class Rfc7748X25519Agreement implements TlsAgreement {
        private final StrafeTlsCrypto crypto;
        private final byte[] privateKey = new byte[X25519.SCALAR_SIZE];
        private byte[] peerPublicKey;

        Rfc7748X25519Agreement(StrafeTlsCrypto crypto) {
            this.crypto = crypto;
        }

        @Override
        public byte[] generateEphemeral() {
            X25519.generatePrivateKey(crypto.getSecureRandom(), privateKey);
            byte[] publicKey = new byte[X25519.POINT_SIZE];
            X25519.generatePublicKey(privateKey, 0, publicKey, 0);
            return publicKey;
        }

        @Override
        public void receivePeerValue(byte[] peerValue) throws IOException {
            if (peerValue == null || peerValue.length != X25519.POINT_SIZE) {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter, "X25519 public key length");
            }
            peerPublicKey = peerValue.clone();
        }

        @Override
        public TlsSecret calculateSecret() throws IOException {
            byte[] shared = new byte[X25519.POINT_SIZE];
            try {
                // RFC 7748 §6.1: an all-zero result (small-order peer point) MUST be rejected
                if (!X25519.calculateAgreement(privateKey, 0, peerPublicKey, 0, shared, 0)) {
                    throw new TlsFatalAlert(AlertDescription.illegal_parameter, "X25519 agreement is all zero");
                }
                return crypto.createSecret(shared);
            } finally {
                Arrays.fill(shared, (byte) 0);
                Arrays.fill(privateKey, (byte) 0);
            }
        }
    }

    private static final org.bouncycastle.crypto.params.ECDomainParameters SECP256R1 =
        new org.bouncycastle.crypto.params.ECDomainParameters(
            org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("secp256r1"));

    /**
     * One ephemeral ECDHE exchange on P-256 (RFC 8422 §5.10-5.11): uncompressed points only, the peer's point
     * validated (on the curve, not infinity, right order) before use, the shared secret is the x-coordinate as
     * 32 bytes. The variable-base multiplication is not constant-time; the private key is used for exactly one
     * multiplication and then dropped, which leaves a timing observer one sample per key.
     */
    private static final class Secp256r1Agreement implements TlsAgreement {
        private final StrafeTlsCrypto crypto;
        private org.bouncycastle.crypto.params.ECPrivateKeyParameters privateKey;
        private org.bouncycastle.crypto.params.ECPublicKeyParameters peerKey;

        Secp256r1Agreement(StrafeTlsCrypto crypto) {
            this.crypto = crypto;
        }

        @Override
        public byte[] generateEphemeral() {
            org.bouncycastle.crypto.generators.ECKeyPairGenerator generator = new org.bouncycastle.crypto.generators.ECKeyPairGenerator();
            generator.init(new org.bouncycastle.crypto.params.ECKeyGenerationParameters(SECP256R1, crypto.getSecureRandom()));
            org.bouncycastle.crypto.AsymmetricCipherKeyPair pair = generator.generateKeyPair();
            privateKey = (org.bouncycastle.crypto.params.ECPrivateKeyParameters) pair.getPrivate();
            return ((org.bouncycastle.crypto.params.ECPublicKeyParameters) pair.getPublic()).getQ().getEncoded(false);
        }

        @Override
        public void receivePeerValue(byte[] peerValue) throws IOException {
            if (peerValue == null || peerValue.length != 65 || peerValue[0] != 0x04) {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter, "P-256 public key: not an uncompressed point");
            }
            try {
                org.bouncycastle.math.ec.ECPoint q = SECP256R1.validatePublicPoint(SECP256R1.getCurve().decodePoint(peerValue));
                peerKey = new org.bouncycastle.crypto.params.ECPublicKeyParameters(q, SECP256R1);
            } catch (RuntimeException e) {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter, "P-256 public key: " + e.getMessage(), e);
            }
        }

        @Override
        public TlsSecret calculateSecret() throws IOException {
            if (privateKey == null || peerKey == null) {
                throw new TlsFatalAlert(AlertDescription.internal_error, "P-256 agreement before both keys");
            }
            org.bouncycastle.crypto.agreement.ECDHBasicAgreement agreement = new org.bouncycastle.crypto.agreement.ECDHBasicAgreement();
            agreement.init(privateKey);
            byte[] shared = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, agreement.calculateAgreement(peerKey));
            privateKey = null;
            try {
                return crypto.createSecret(shared);
            } finally {
                Arrays.fill(shared, (byte) 0);
            }
        }
    }
}
