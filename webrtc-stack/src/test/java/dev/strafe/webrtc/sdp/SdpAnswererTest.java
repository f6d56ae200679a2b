package dev.strafe.webrtc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SdpAnswererTest {

    private static final Fingerprint OURS = new Fingerprint("sha-256", HexFormat.of().parseHex(
            "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF"));
    private static final IceCredentials LOCAL = new IceCredentials("srvUfrag", "ServerPasswordOf24Chars");
    private final SdpParser parser = new SdpParser();
    private final SdpAnswerer answerer = new SdpAnswerer(OURS,
            List.of(IceCandidate.host("1", "127.0.0.1", 50000)), 262144, new SplittableRandom(7));

    @Test
    void answersChromiumOfferAsIceLiteDtlsServer() throws SdpException {
        SdpAnswer answer = answerer.answer(parser.parseOffer(Offers.CHROMIUM), LOCAL, 1234);
        assertEquals("""
                v=0\r
                o=- 1234 2 IN IP4 127.0.0.1\r
                s=-\r
                t=0 0\r
                a=group:BUNDLE 0\r
                a=ice-lite\r
                m=application 50000 UDP/DTLS/SCTP webrtc-datachannel\r
                c=IN IP4 127.0.0.1\r
                a=mid:0\r
                a=ice-ufrag:srvUfrag\r
                a=ice-pwd:ServerPasswordOf24Chars\r
                a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\r
                a=setup:passive\r
                a=sctp-port:5000\r
                a=max-message-size:262144\r
                a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host\r
                a=end-of-candidates\r
                """, answer.sdp());
        assertTrue(answer.dtlsServer());
        assertEquals(LOCAL, answer.localIce());
    }

    @Test
    void answersLegacyOfferInLegacyForm() throws SdpException {
        String sdp = answerer.answer(parser.parseOffer(Offers.LEGACY), LOCAL, 1).sdp();
        assertTrue(sdp.contains("m=application 50000 DTLS/SCTP 5000\r\n"), sdp);
        assertTrue(sdp.contains("a=sctpmap:5000 webrtc-datachannel 1024\r\n"), sdp);
        assertTrue(sdp.contains("a=mid:data\r\n"), sdp);
        assertFalse(sdp.contains("a=sctp-port"), sdp);
        assertFalse(sdp.contains("a=group:BUNDLE"), sdp);
    }

    @Test
    void rejectsAudioAndVideoWithPortZeroAndKeepsOnlyTheDataMidInBundle() throws SdpException {
        String sdp = answerer.answer(parser.parseOffer(Offers.WITH_MEDIA), LOCAL, 1).sdp();
        assertTrue(sdp.contains("a=group:BUNDLE 2\r\n"), sdp);
        int audio = sdp.indexOf("m=audio 0 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n");
        int video = sdp.indexOf("m=video 0 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\n");
        int data = sdp.indexOf("m=application 50000 UDP/DTLS/SCTP webrtc-datachannel\r\n");
        assertTrue(audio > 0 && video > audio && data > video, sdp);
    }

    @Test
    void becomesDtlsClientWhenTheOfferIsPassive() throws SdpException {
        SdpAnswer answer = answerer.answer(parser.parseOffer(Offers.CHROMIUM.replace("actpass", "passive")), LOCAL, 1);
        assertEquals(SetupRole.ACTIVE, answer.localSetup());
        assertFalse(answer.dtlsServer());
        assertTrue(answer.sdp().contains("a=setup:active\r\n"));
    }

    @Test
    void generatesFreshValidCredentials() throws SdpException {
        SessionDescription offer = parser.parseOffer(Offers.CHROMIUM);
        SdpAnswer a = answerer.answer(offer);
        SdpAnswer b = answerer.answer(offer);
        assertNotEquals(a.localIce(), b.localIce());
        assertEquals(IceCredentials.GENERATED_UFRAG, a.localIce().ufrag().length());
        assertEquals(IceCredentials.GENERATED_PWD, a.localIce().pwd().length());
    }

    @Test
    void answerParsesBackAsAnAnswer() throws SdpException {
        SessionDescription answer = parser.parseAnswer(answerer.answer(parser.parseOffer(Offers.FIREFOX)).sdp());
        assertTrue(answer.iceLite());
        assertEquals(SetupRole.PASSIVE, answer.setup());
        assertEquals(OURS, answer.fingerprint());
        assertEquals(262144, answer.maxMessageSize());
        assertTrue(answer.endOfCandidates());
        assertEquals(50000, answer.candidates().getFirst().port());
    }

    @Test
    void javaClientOfferRoundTripsThroughTheServer() throws SdpException {
        SdpOfferer offerer = new SdpOfferer(OURS, 65536, new SplittableRandom(3));
        SdpOfferer.LocalOffer local = offerer.createOffer(List.of(IceCandidate.host("7", "127.0.0.1", 40000)));
        SessionDescription offer = parser.parseOffer(local.sdp());
        assertEquals(local.localIce(), offer.ice());
        assertEquals(SetupRole.ACTPASS, offer.setup());
        assertEquals(List.of("trickle"), offer.iceOptions());
        assertEquals(40000, offer.candidates().getFirst().port());
        SdpAnswer answer = answerer.answer(offer);
        SessionDescription parsed = parser.parseAnswer(answer.sdp());
        assertEquals(answer.localIce(), parsed.ice());
        assertEquals("0", parsed.mid());
    }

    @Test
    void refusesNonSha256LocalFingerprint() {
        assertThrows(IllegalArgumentException.class, () -> new SdpAnswerer(new Fingerprint("sha-1", new byte[20]),
                List.of(), 1, new SplittableRandom()));
    }

    @Test
    void answersIpv6CandidateWithIp6ConnectionLine() throws SdpException {
        SdpAnswerer v6 = new SdpAnswerer(OURS, List.of(IceCandidate.host("1", "::1", 50000)), 65536, new SplittableRandom());
        assertTrue(v6.answer(parser.parseOffer(Offers.CHROMIUM)).sdp().contains("c=IN IP6 ::1\r\n"));
    }
}
