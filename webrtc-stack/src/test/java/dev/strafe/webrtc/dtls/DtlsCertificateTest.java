package dev.strafe.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class DtlsCertificateTest {

    private static final DtlsCertificate CERT = DtlsSessionTest.SERVER_CERT;

    @Test
    void generatesSelfSignedEcdsaP256Certificate() throws Exception {
        X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(CERT.der()));
        assertEquals("SHA256withECDSA", x509.getSigAlgName());
        assertEquals("EC", x509.getPublicKey().getAlgorithm());
        assertTrue(x509.getPublicKey().toString().contains("secp256r1"), x509.getPublicKey().toString());
        x509.verify(x509.getPublicKey());
        assertEquals(x509.getSubjectX500Principal(), x509.getIssuerX500Principal());
    }

    @Test
    void formatsSha256FingerprintForSdp() {
        String fp = CERT.sdpFingerprint();
        assertTrue(fp.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), fp);
        assertArrayEquals(DtlsCertificate.sha256(CERT.der()), CERT.sha256Fingerprint());
    }

    @Test
    void roundTripsThroughPem() {
        String pem = CERT.toPem();
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"), pem);
        int key = pem.indexOf("-----BEGIN ");
        key = pem.indexOf("-----BEGIN ", key + 1);
        DtlsCertificate loaded = DtlsCertificate.fromPem(pem.substring(0, key), pem.substring(key));
        assertEquals(CERT.sdpFingerprint(), loaded.sdpFingerprint());
        assertEquals(CERT.privateKey(), loaded.privateKey());
    }

    @Test
    void refusesPemWithoutCertificate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DtlsCertificate.fromPem("nothing", "nothing"));
        assertEquals("certificatePem: no CERTIFICATE block", e.getMessage());
    }
}
