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
 * SunEC) with one substitution: X25519 key agreement uses Bouncy Castle's RFC 7748 field arithmetic instead of
 * the JDK's {@code XDH} KeyAgreement, which costs about 2.5x more CPU per handshake here (measured: 114 µs vs
 * 298 µs for key generation + agreement, see docs/benchmarks.md); and ChaCha20-Poly1305 records use the JDK's
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
}
