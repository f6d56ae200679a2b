package dev.strafe.webrtc.dtls;

import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Locale;
import org.bouncycastle.jcajce.util.DefaultJcaJceHelper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * JDK providers for everything, except that ECDSA <em>verification</em> runs on Bouncy Castle's provider: on
 * P-256 the JDK signs fast (fixed-base comb) but verifies about 2x slower than Bouncy Castle's
 * custom-curve arithmetic (measured 418 µs vs 207 µs, see docs/benchmarks.md). Each handshake
 * verifies one peer signature, so this is the largest single CPU saving of a WebRTC setup. Signing stays on
 * the JDK. The Bouncy Castle provider is a private instance, not registered in {@link java.security.Security}.
 */
final class EcdsaSplitHelper extends DefaultJcaJceHelper {

    private static final Provider BC = new BouncyCastleProvider();

    @Override
    public Signature createSignature(String algorithm) throws NoSuchAlgorithmException {
        if (algorithm.toUpperCase(Locale.ROOT).contains("ECDSA")) {
            return new SplitSignature(algorithm);
        }
        return super.createSignature(algorithm);
    }

    /** Delegates to a JDK Signature after {@code initSign} and to a Bouncy Castle one after {@code initVerify}. */
    private static final class SplitSignature extends Signature {
        private Signature active;
        private AlgorithmParameterSpec parameters;

        SplitSignature(String algorithm) {
            super(algorithm);
        }

        private Signature create(Provider provider) throws InvalidKeyException {
            try {
                Signature s = provider == null ? Signature.getInstance(getAlgorithm())
                        : Signature.getInstance(getAlgorithm(), provider);
                if (parameters != null) {
                    s.setParameter(parameters);
                }
                return s;
            } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
                throw new InvalidKeyException(e);
            }
        }

        @Override
        protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
            active = create(BC);
            active.initVerify(publicKey);
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
            active = create(null);
            active.initSign(privateKey);
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey, SecureRandom random) throws InvalidKeyException {
            active = create(null);
            active.initSign(privateKey, random);
        }

        @Override
        protected void engineUpdate(byte b) throws SignatureException {
            active.update(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
            active.update(b, off, len);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            return active.sign();
        }

        @Override
        protected boolean engineVerify(byte[] signature) throws SignatureException {
            return active.verify(signature);
        }

        @Override
        protected void engineSetParameter(AlgorithmParameterSpec params) {
            this.parameters = params;
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new UnsupportedOperationException("engineSetParameter(String, Object)");
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new UnsupportedOperationException("engineGetParameter(String)");
        }
    }
}
