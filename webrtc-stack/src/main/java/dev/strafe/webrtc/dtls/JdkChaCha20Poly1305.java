package dev.strafe.webrtc.dtls;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;

/**
 * ChaCha20-Poly1305 (RFC 8439) for Bouncy Castle's handshake records, on the JDK's {@code "ChaCha20-Poly1305"}
 * cipher: Bouncy Castle's JCA crypto asks the provider for {@code "ChaCha7539"} and a {@code "Poly1305"} MAC,
 * which only the Bouncy Castle provider has, so without this a peer that prefers
 * TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 fails the handshake at the first encrypted record.
 */
final class JdkChaCha20Poly1305 implements TlsAEADCipherImpl {

    private static final int TAG_LENGTH = 16;

    private final boolean encrypt;
    private final Cipher cipher;
    private SecretKeySpec key;

    JdkChaCha20Poly1305(boolean encrypt) throws GeneralSecurityException {
        this.encrypt = encrypt;
        this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
    }

    @Override
    public void setKey(byte[] key, int keyOff, int keyLen) {
        this.key = new SecretKeySpec(key, keyOff, keyLen, "ChaCha20");
    }

    @Override
    public void init(byte[] nonce, int macSize) throws TlsFatalAlert {
        if (macSize != TAG_LENGTH || nonce.length != 12) {
            throw new TlsFatalAlert(AlertDescription.internal_error, "ChaCha20-Poly1305 nonce/tag size");
        }
        try {
            cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, e);
        }
    }

    @Override
    public int getOutputSize(int inputLength) {
        return encrypt ? inputLength + TAG_LENGTH : Math.max(0, inputLength - TAG_LENGTH);
    }

    @Override
    public int doFinal(byte[] additionalData, byte[] input, int inputOffset, int inputLength, byte[] output,
                       int outputOffset) throws TlsFatalAlert {
        try {
            if (additionalData != null && additionalData.length > 0) {
                cipher.updateAAD(additionalData);
            }
            return cipher.doFinal(input, inputOffset, inputLength, output, outputOffset);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new TlsFatalAlert(AlertDescription.bad_record_mac, e);
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, e);
        }
    }
}
