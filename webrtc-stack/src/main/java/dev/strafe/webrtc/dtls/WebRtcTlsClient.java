package dev.strafe.webrtc.dtls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/** DTLS 1.2 client side of a WebRTC peer (Java test/load client, or when the remote offer is {@code passive}). */
final class WebRtcTlsClient extends DefaultTlsClient {

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
    private final boolean offerUseSrtp;

    WebRtcTlsClient(JcaTlsCrypto crypto, DtlsCertificate certificate, HandshakeChecks checks, DtlsSettings settings,
                    long deadlineMillis, boolean offerUseSrtp) {
        super(crypto);
        this.offerUseSrtp = offerUseSrtp;
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

    @Override
    @SuppressWarnings("rawtypes")
    protected Vector getSupportedGroups(Vector namedGroupRoles) {
        return HandshakeChecks.groups(groups);
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
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = super.getClientExtensions();
        if (offerUseSrtp) {
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {
                SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM, SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80},
                new byte[0]));
        }
        return extensions;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                checks.verifyPeerCertificate(serverCertificate.getCertificate());
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                TlsCertificate tlsCertificate = jca.createCertificate(certificate.der());
                return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), jca,
                        certificate.privateKey(), new Certificate(new TlsCertificate[] {tlsCertificate}),
                        HandshakeChecks.ECDSA_SHA256);
            }
        };
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertLevel == org.bouncycastle.tls.AlertLevel.fatal) {
            checks.fail(DtlsCloseReason.ALERT_RECEIVED, "peer sent fatal alert "
                    + org.bouncycastle.tls.AlertDescription.getText(alertDescription));
        }
    }
}
