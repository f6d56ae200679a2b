package dev.strafe.webrtc.dtls;

import java.io.IOException;
import java.util.Vector;
import org.bouncycastle.util.Arrays;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * DTLS 1.2 server side of a WebRTC peer: ECDHE-ECDSA AEAD suites, x25519/P-256, extended master secret
 * required (RFC 7627), client certificate required and matched to the SDP fingerprint. Extensions it does not
 * implement are ignored, not refused: Chromium's {@code use_srtp} (RFC 5764) is simply not echoed, which makes
 * the session data-only; Chromium's DTLS 1.3 {@code supported_versions}/{@code key_share} (X25519MLKEM768)
 * are ignored and DTLS 1.2 is negotiated.
 */
final class WebRtcTlsServer extends DefaultTlsServer {

    private final JcaTlsCrypto jca;
    private final DtlsCertificate certificate;
    private final HandshakeChecks checks;
    private final DtlsSettings settings;
    private final long deadlineMillis;
    /** Offered/accepted suites; tests force one. */
    int[] cipherSuites = HandshakeChecks.CIPHER_SUITES;
    int[] groups = HandshakeChecks.GROUPS;
    /** Set by {@link #notifyHandshakeComplete()} when {@link DtlsSettings#ownRecordLayer()}; handshake thread. */
    DtlsRecordProtection.KeyBlock keyBlock;

    WebRtcTlsServer(JcaTlsCrypto crypto, DtlsCertificate certificate, HandshakeChecks checks, DtlsSettings settings,
                    long deadlineMillis) {
        super(crypto);
        this.jca = crypto;
        this.certificate = certificate;
        this.checks = checks;
        this.settings = settings;
        this.deadlineMillis = deadlineMillis;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return HandshakeChecks.VERSIONS;
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return cipherSuites.clone();
    }

    /** Derives our record layer's keys while the connection's security parameters are at hand. */
    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        if (settings.ownRecordLayer()) {
            keyBlock = DtlsRecordProtection.KeyBlock.derive(context.getSecurityParametersConnection());
        }
    }

    /**
     * Our order, not the client's: OpenSSL-based clients (libdatachannel) list AES-256-GCM/SHA-384 first,
     * browsers AES-128-GCM/SHA-256; one suite for everyone keeps the per-record and PRF code paths the same
     * (and AES-128 with a SHA-256 PRF is the cheaper of the two).
     */
    @Override
    protected boolean preferLocalCipherSuites() {
        return true;
    }

    /**
     * Our group list is an allow-list, in our order (X25519 first: the cheapest key exchange we have, ~0.1 ms of
     * server CPU on Bouncy Castle's RFC 7748 arithmetic against ~0.25 ms for P-256, see {@link StrafeTlsCrypto}); a
     * client that offers only P-256 (libdatachannel's OpenSSL client) still gets P-256. Bouncy Castle's DTLS 1.2
     * server would take the client's first group of enough bits and ignore {@link #getSupportedGroups()} (only its
     * TLS 1.3 code reads it): a client could pick P-384 or P-521, several times the CPU of X25519 per handshake.
     * Without a supported_groups extension the client is taken to support P-256 (RFC 8422 §4).
     */
    @Override
    protected int selectECDH(int minimumCurveBits) {
        int[] offered = context.getSecurityParametersHandshake().getClientSupportedGroups();
        for (int group : groups) {
            if (NamedGroup.getCurveBits(group) >= minimumCurveBits
                    && (offered == null ? group == NamedGroup.secp256r1 : Arrays.contains(offered, group))) {
                selectedGroup = group;
                return group;
            }
        }
        return -1;
    }

    /** The group {@link #selectECDH} chose last (a {@link NamedGroup} code), -1 before (tests). */
    int selectedGroup = -1; // handshake thread only; DtlsSession copies it there

    @Override
    public int[] getSupportedGroups() {
        return groups.clone();
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return (int) Math.max(1, deadlineMillis - System.currentTimeMillis());
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return settings.initialResendMillis();
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        TlsCertificate tlsCertificate = jca.createCertificate(certificate.der());
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), jca, certificate.privateKey(),
                new Certificate(new TlsCertificate[] {tlsCertificate}), HandshakeChecks.ECDSA_SHA256);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public CertificateRequest getCertificateRequest() {
        Vector algorithms = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                algorithms, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        checks.verifyPeerCertificate(clientCertificate);
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertLevel == org.bouncycastle.tls.AlertLevel.fatal) {
            checks.fail(DtlsCloseReason.ALERT_RECEIVED, "peer sent fatal alert "
                    + org.bouncycastle.tls.AlertDescription.getText(alertDescription));
        }
    }
}
