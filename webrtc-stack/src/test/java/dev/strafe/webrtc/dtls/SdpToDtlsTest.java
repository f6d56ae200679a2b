package dev.strafe.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strafe.webrtc.sdp.Fingerprint;
import dev.strafe.webrtc.sdp.IceCandidate;
import dev.strafe.webrtc.sdp.SdpAnswer;
import dev.strafe.webrtc.sdp.SdpAnswerer;
import dev.strafe.webrtc.sdp.SdpOfferer;
import dev.strafe.webrtc.sdp.SdpParser;
import dev.strafe.webrtc.sdp.SessionDescription;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The path the peer layer takes: offer/answer text decides the DTLS roles and the pinned fingerprints. */
class SdpToDtlsTest {

    @Test
    void javaClientOfferAndServerAnswerLeadToAnAuthenticatedDtlsSession() throws Exception {
        DtlsCertificate serverCert = DtlsSessionTest.SERVER_CERT;
        DtlsCertificate clientCert = DtlsSessionTest.CLIENT_CERT;
        SecureRandom random = new SecureRandom();
        SdpParser parser = new SdpParser();

        SdpOfferer.LocalOffer offer = new SdpOfferer(new Fingerprint(Fingerprint.SHA_256, clientCert.sha256Fingerprint()),
                65536, random).createOffer(List.of(IceCandidate.host("1", "127.0.0.1", 40000)));
        SessionDescription remoteOffer = parser.parseOffer(offer.sdp());
        SdpAnswer answer = new SdpAnswerer(new Fingerprint(Fingerprint.SHA_256, serverCert.sha256Fingerprint()),
                List.of(IceCandidate.host("1", "127.0.0.1", 50000)), 262144, random).answer(remoteOffer);
        SessionDescription remoteAnswer = parser.parseAnswer(answer.sdp());

        assertTrue(answer.dtlsServer());
        assertEquals("sha-256 " + serverCert.sdpFingerprint(), remoteAnswer.fingerprint().toSdpValue());
        try (DatagramBridge b = new DatagramBridge(
                new DtlsEngine(serverCert, DtlsSessionTest.FAST), remoteOffer.fingerprint().value(),
                new DtlsEngine(clientCert, DtlsSessionTest.FAST), remoteAnswer.fingerprint().value())) {
            b.start();
            b.server.connected.get(10, TimeUnit.SECONDS);
            b.client.connected.get(10, TimeUnit.SECONDS);
            assertEquals(List.of(), b.threadViolations);
        }
    }
}
