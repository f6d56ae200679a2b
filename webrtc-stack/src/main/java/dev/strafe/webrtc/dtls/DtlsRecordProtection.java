package dev.strafe.webrtc.dtls;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.SecurityParameters;

/**
 * DTLS 1.2 record protection of the connected state (epoch 1) for the AEAD suites we negotiate
 * ({@link HandshakeChecks#CIPHER_SUITES}), with the JDK's {@link Cipher}s (AES-GCM on AES-NI/CLMUL): keys are
 * built once per session and each record costs one {@code Cipher.init} + {@code updateAAD} + {@code doFinal}
 * into preallocated arrays. The handshake, and its retransmissions after completion, stay Bouncy Castle's.
 * <pre>
 *   DTLSCiphertext (RFC 6347 §4.1):  type(1) version(2: FE FD) epoch(2) sequence_number(6) length(2) fragment
 *
 *   AES-GCM (RFC 5288 §3, RFC 6347 §4.1.2.1):
 *     fragment = nonce_explicit(8) || ciphertext || tag(16)
 *     nonce    = salt(4: client/server_write_IV) || nonce_explicit; we send nonce_explicit = epoch || seq
 *   ChaCha20-Poly1305 (RFC 7905 §2):
 *     fragment = ciphertext || tag(16)
 *     nonce    = write_IV(12) XOR (0000 || epoch || seq)
 *   additional_data (RFC 5246 §6.2.3.3) = epoch || seq (8) || type || version || plaintext length (2)
 * </pre>
 * A record whose (epoch, seq) was seen is dropped before decryption ({@link AntiReplayWindow}); a record
 * that fails authentication is dropped without touching the window. Not thread-safe: owner thread only.
 */
final class DtlsRecordProtection {

    static final int HEADER_LENGTH = DtlsRecords.HEADER_LENGTH;
    static final int TAG_LENGTH = 16;
    static final int GCM_EXPLICIT_NONCE_LENGTH = 8;
    /** RFC 6347 §4.1 / RFC 5246 §6.2.3: DTLSCiphertext.length MUST NOT exceed 2^14 + 2048. */
    static final int MAX_CIPHERTEXT_LENGTH = (1 << 14) + 2048;
    static final int MAX_PLAINTEXT_LENGTH = 1 << 14;
    static final long MAX_SEQUENCE_NUMBER = (1L << 48) - 1;
    static final int EPOCH = 1;


    /** {@link #open} results below zero. */
    static final int MALFORMED = -1;
    static final int REPLAYED = -2;
    static final int UNAUTHENTICATED = -3;

    private final boolean gcm;
    private final int explicitNonceLength;
    private final Cipher encryptCipher;
    private final Cipher decryptCipher;
    private final SecretKeySpec writeKey;
    private final SecretKeySpec readKey;
    private final byte[] writeIv;
    private final byte[] readIv;
    private final byte[] nonce = new byte[12];
    private final byte[] aad = new byte[13];
    private final AntiReplayWindow window = new AntiReplayWindow();
    private final int cipherSuite;
    private long writeSeq;

    /**
     * @param firstWriteSeq the first sequence number of epoch 1 we may use: above every one Bouncy Castle used
     */
    DtlsRecordProtection(KeyBlock keys, DtlsRole role, long firstWriteSeq) {
        boolean client = role == DtlsRole.CLIENT;
        this.cipherSuite = keys.cipherSuite();
        this.gcm = keys.cipherSuite() != CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256;
        this.explicitNonceLength = gcm ? GCM_EXPLICIT_NONCE_LENGTH : 0;
        String keyAlgorithm = gcm ? "AES" : "ChaCha20";
        this.writeKey = new SecretKeySpec(client ? keys.clientWriteKey() : keys.serverWriteKey(), keyAlgorithm);
        this.readKey = new SecretKeySpec(client ? keys.serverWriteKey() : keys.clientWriteKey(), keyAlgorithm);
        this.writeIv = (client ? keys.clientWriteIv() : keys.serverWriteIv()).clone();
        this.readIv = (client ? keys.serverWriteIv() : keys.clientWriteIv()).clone();
        this.encryptCipher = newCipher();
        this.decryptCipher = newCipher();
        this.writeSeq = firstWriteSeq;
    }

    private Cipher newCipher() {
        try {
            return Cipher.getInstance(gcm ? "AES/GCM/NoPadding" : "ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK cipher unavailable", e);
        }
    }

    /** Bytes a record adds to its plaintext: header, explicit nonce (GCM) and tag. */
    int overhead() {
        return HEADER_LENGTH + explicitNonceLength + TAG_LENGTH;
    }

    int cipherSuite() {
        return cipherSuite;
    }

    /** The sequence number the next {@link #seal} uses. */
    long nextWriteSeq() {
        return writeSeq;
    }

    /**
     * Writes one protected epoch-1 record of {@code contentType} holding {@code in[off..off+len)} at
     * {@code out[outOff..]} ({@code len + overhead()} bytes must fit) and returns its length.
     *
     * @throws IllegalStateException when epoch 1's sequence numbers are exhausted (RFC 6347 §4.1: never wrap)
     */
    int seal(int contentType, byte[] in, int off, int len, byte[] out, int outOff) {
        if (len > MAX_PLAINTEXT_LENGTH) {
            throw new IllegalArgumentException("plaintext length: " + len + " (expected: <= " + MAX_PLAINTEXT_LENGTH + ")");
        }
        if (writeSeq > MAX_SEQUENCE_NUMBER) {
            throw new IllegalStateException("sequence_number: " + writeSeq + " (expected: <= " + MAX_SEQUENCE_NUMBER + ")");
        }
        long seq = writeSeq++;
        long epochSeq = (long) EPOCH << 48 | seq;
        int fragmentLength = explicitNonceLength + len + TAG_LENGTH;
        out[outOff] = (byte) contentType;
        out[outOff + 1] = (byte) 0xFE;
        out[outOff + 2] = (byte) 0xFD;
        putLong(out, outOff + 3, epochSeq);
        out[outOff + 11] = (byte) (fragmentLength >> 8);
        out[outOff + 12] = (byte) fragmentLength;
        int body = outOff + HEADER_LENGTH;
        if (gcm) {
            putLong(out, body, epochSeq); // nonce_explicit = epoch || seq, as Bouncy Castle and browsers do
        }
        setAad(epochSeq, contentType, len);
        try {
            initCipher(encryptCipher, Cipher.ENCRYPT_MODE, writeKey, writeIv, epochSeq);
            encryptCipher.updateAAD(aad, 0, aad.length);
            encryptCipher.doFinal(in, off, len, out, body + explicitNonceLength);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("record encryption failed", e); // a bug: keys and sizes are ours
        }
        return HEADER_LENGTH + fragmentLength;
    }

    /**
     * Authenticates and decrypts the epoch-1 record at {@code buf[at..at+recordLength)} (one whole record:
     * header included) into {@code out[outOff..]} and returns the plaintext length, or {@link #MALFORMED},
     * {@link #REPLAYED} or {@link #UNAUTHENTICATED}. Never throws because of the record's content.
     * {@code out} must hold {@code recordLength} bytes.
     */
    int open(byte[] buf, int at, int recordLength, byte[] out, int outOff) {
        if (recordLength < HEADER_LENGTH || at < 0 || at + recordLength > buf.length) {
            return MALFORMED;
        }
        int fragmentLength = DtlsRecords.fragmentLength(buf, at);
        if (fragmentLength != recordLength - HEADER_LENGTH || fragmentLength > MAX_CIPHERTEXT_LENGTH
                || (buf[at + 1] & 0xFF) != 0xFE || (buf[at + 2] & 0xFF) != 0xFD) {
            return MALFORMED;
        }
        int plaintextLength = fragmentLength - explicitNonceLength - TAG_LENGTH;
        if (plaintextLength < 0 || plaintextLength > MAX_PLAINTEXT_LENGTH || out.length - outOff < recordLength) {
            return MALFORMED;
        }
        long epochSeq = getLong(buf, at + 3);
        if ((int) (epochSeq >>> 48) != EPOCH) {
            return MALFORMED;
        }
        long seq = epochSeq & MAX_SEQUENCE_NUMBER;
        if (!window.isFresh(seq)) {
            return REPLAYED;
        }
        int contentType = buf[at] & 0xFF;
        setAad(epochSeq, contentType, plaintextLength);
        int body = at + HEADER_LENGTH;
        try {
            initCipher(decryptCipher, Cipher.DECRYPT_MODE, readKey, readIv, gcm ? getLong(buf, body) : epochSeq);
            decryptCipher.updateAAD(aad, 0, aad.length);
            int n = decryptCipher.doFinal(buf, body + explicitNonceLength, fragmentLength - explicitNonceLength, out, outOff);
            if (n != plaintextLength) {
                return UNAUTHENTICATED;
            }
        } catch (GeneralSecurityException | IllegalStateException e) {
            return UNAUTHENTICATED; // AEADBadTagException for a forged or corrupted record
        }
        window.accept(seq);
        return plaintextLength;
    }

    /**
     * Re-protects an epoch-1 record Bouncy Castle wrote after the handshake (a retransmitted Finished, an
     * alert) with our next sequence number, so that both writers share one monotonic sequence space and no
     * (epoch, seq) — no AEAD nonce — is used twice. Rare path: allocates. Returns the new record's length,
     * or -1 when the record is not one of ours (never expected).
     */
    int reseal(byte[] record, int at, int recordLength, byte[] out, int outOff) {
        if (recordLength < HEADER_LENGTH) {
            return -1;
        }
        int fragmentLength = DtlsRecords.fragmentLength(record, at);
        int plaintextLength = fragmentLength - explicitNonceLength - TAG_LENGTH;
        if (fragmentLength != recordLength - HEADER_LENGTH || plaintextLength < 0) {
            return -1;
        }
        long epochSeq = getLong(record, at + 3);
        int contentType = record[at] & 0xFF;
        byte[] plaintext = new byte[plaintextLength];
        try {
            Cipher decrypt = newCipher();
            setAad(epochSeq, contentType, plaintextLength);
            int body = at + HEADER_LENGTH;
            initCipher(decrypt, Cipher.DECRYPT_MODE, writeKey, writeIv, gcm ? getLong(record, body) : epochSeq);
            decrypt.updateAAD(aad, 0, aad.length);
            decrypt.doFinal(record, body + explicitNonceLength, fragmentLength - explicitNonceLength, plaintext, 0);
        } catch (GeneralSecurityException e) {
            return -1;
        }
        return seal(contentType, plaintext, 0, plaintextLength, out, outOff);
    }

    private void initCipher(Cipher cipher, int mode, SecretKeySpec key, byte[] iv, long nonceSeq)
            throws GeneralSecurityException {
        if (gcm) {
            System.arraycopy(iv, 0, nonce, 0, 4);
            putLong(nonce, 4, nonceSeq);
            cipher.init(mode, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
        } else {
            System.arraycopy(iv, 0, nonce, 0, 12);
            for (int i = 0; i < 8; i++) {
                nonce[4 + i] ^= (byte) (nonceSeq >>> (56 - 8 * i));
            }
            cipher.init(mode, key, new IvParameterSpec(nonce));
        }
    }

    private void setAad(long epochSeq, int contentType, int plaintextLength) {
        putLong(aad, 0, epochSeq);
        aad[8] = (byte) contentType;
        aad[9] = (byte) 0xFE;
        aad[10] = (byte) 0xFD;
        aad[11] = (byte) (plaintextLength >> 8);
        aad[12] = (byte) plaintextLength;
    }

    static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[at + i] & 0xFF);
        }
        return v;
    }

    static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    /**
     * The AEAD part of the key block (RFC 5246 §6.3): {@code PRF(master_secret, "key expansion",
     * server_random + client_random)} split into client_write_key, server_write_key, client_write_IV,
     * server_write_IV (no MAC keys for AEAD suites). IV: 4-byte salt for AES-GCM (RFC 5288 §3), 12 bytes for
     * ChaCha20-Poly1305 (RFC 7905 §2).
     */
    record KeyBlock(int cipherSuite, byte[] clientWriteKey, byte[] serverWriteKey, byte[] clientWriteIv,
                    byte[] serverWriteIv) {

        static boolean supports(int cipherSuite) {
            return cipherSuite == CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
                    || cipherSuite == CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
                    || cipherSuite == CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256;
        }

        /**
         * Derives the key block from a completed handshake's parameters without destroying Bouncy Castle's
         * master secret (the derived secret is extracted, the master secret is only read). Null when the suite
         * is not one of ours.
         */
        static KeyBlock derive(SecurityParameters parameters) {
            int suite = parameters.getCipherSuite();
            if (!supports(suite)) {
                return null;
            }
            int keyLength = suite == CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ? 16 : 32;
            int ivLength = suite == CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 ? 12 : 4;
            byte[] seed = new byte[64];
            System.arraycopy(parameters.getServerRandom(), 0, seed, 0, 32);
            System.arraycopy(parameters.getClientRandom(), 0, seed, 32, 32);
            byte[] block = parameters.getMasterSecret()
                    .deriveUsingPRF(parameters.getPRFAlgorithm(), "key expansion", seed, 2 * keyLength + 2 * ivLength)
                    .extract();
            try {
                int at = 0;
                byte[] clientKey = Arrays.copyOfRange(block, at, at += keyLength);
                byte[] serverKey = Arrays.copyOfRange(block, at, at += keyLength);
                byte[] clientIv = Arrays.copyOfRange(block, at, at += ivLength);
                byte[] serverIv = Arrays.copyOfRange(block, at, at + ivLength);
                return new KeyBlock(suite, clientKey, serverKey, clientIv, serverIv);
            } finally {
                Arrays.fill(block, (byte) 0);
            }
        }

        /** Overwrites the key material once the ciphers hold their own copies. */
        void destroy() {
            Arrays.fill(clientWriteKey, (byte) 0);
            Arrays.fill(serverWriteKey, (byte) 0);
            Arrays.fill(clientWriteIv, (byte) 0);
            Arrays.fill(serverWriteIv, (byte) 0);
        }

        @Override
        public String toString() {
            return "KeyBlock[cipherSuite=0x" + Integer.toHexString(cipherSuite) + "]"; // never print keys
        }
    }
}
