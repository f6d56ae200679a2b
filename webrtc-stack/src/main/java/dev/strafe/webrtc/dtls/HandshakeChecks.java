package dev.strafe.webrtc.dtls;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsFatalAlert;

/**
 * What both roles negotiate and verify, and the first failure reason of one handshake (written by the
 * handshake thread, read by it when the handshake throws).
 */
final class HandshakeChecks {

    /** ECDHE-ECDSA AEAD suites only: our certificate is ECDSA P-256 (RFC 8827 §6.5 requires ECDHE). */
    static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    };
    static final int[] GROUPS = {NamedGroup.x25519, NamedGroup.secp256r1};
    static final ProtocolVersion[] VERSIONS = ProtocolVersion.DTLSv12.only();
    static final SignatureAndHashAlgorithm ECDSA_SHA256 = SignatureAndHashAlgorithm.getInstance(
            org.bouncycastle.tls.HashAlgorithm.sha256, org.bouncycastle.tls.SignatureAlgorithm.ecdsa);

    private final byte[] expectedSha256;
    private volatile DtlsClosed failure;

    HandshakeChecks(byte[] expectedSha256) {
        this.expectedSha256 = expectedSha256;
    }

    DtlsClosed failure() {
        return failure;
    }

    void fail(DtlsCloseReason reason, String detail) {
        if (failure == null) {
            failure = new DtlsClosed(reason, detail);
        }
    }

    /**
     * RFC 8122 §5 / RFC 8842 §5.1: the end-entity certificate MUST match the SDP fingerprint; compared
     * in constant time ({@link MessageDigest#isEqual}).
     */
    void verifyPeerCertificate(Certificate certificate) throws IOException {
        if (certificate == null || certificate.isEmpty()) {
            fail(DtlsCloseReason.NO_PEER_CERTIFICATE, "the peer sent no certificate");
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no peer certificate");
        }
        byte[] actual = DtlsCertificate.sha256(certificate.getCertificateAt(0).getEncoded());
        if (!MessageDigest.isEqual(actual, expectedSha256)) {
            HexFormat hex = HexFormat.ofDelimiter(":").withUpperCase();
            fail(DtlsCloseReason.FINGERPRINT_MISMATCH, "certificate sha-256 " + hex.formatHex(actual)
                    + " (expected: " + hex.formatHex(expectedSha256) + " from the SDP)");
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "fingerprint mismatch");
        }
    }

    static Vector<Integer> groups(int[] groups) {
        Vector<Integer> v = new Vector<>();
        for (int g : groups) {
            v.add(g);
        }
        return v;
    }
}
