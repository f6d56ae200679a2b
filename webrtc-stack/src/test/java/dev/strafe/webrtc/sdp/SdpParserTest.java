package dev.strafe.webrtc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SdpParserTest {

    private final SdpParser parser = new SdpParser();
    private static final byte[] FP_BYTES = HexFormat.ofDelimiter(":").parseHex(Offers.FP);

    @Test
    void parsesChromiumOffer() throws SdpException {
        SessionDescription offer = parser.parseOffer(Offers.crlf(Offers.CHROMIUM));
        assertEquals(SdpType.OFFER, offer.type());
        assertEquals(new IceCredentials("Odg3", "Z8VgBjNzyrN0RxpxlW8nn+xm"), offer.ice());
        assertEquals(List.of("trickle"), offer.iceOptions());
        assertFalse(offer.iceLite());
        assertEquals("sha-256", offer.fingerprint().hashFunction());
        assertArrayEquals(FP_BYTES, offer.fingerprint().value());
        assertEquals(SetupRole.ACTPASS, offer.setup());
        assertEquals("0", offer.mid());
        assertEquals(5000, offer.sctpPort());
        assertEquals(262144, offer.maxMessageSize());
        assertFalse(offer.legacySctpmap());
        assertEquals(List.of("0"), offer.bundleGroup());
        assertEquals(2, offer.candidates().size());
        IceCandidate udp = offer.candidates().get(0);
        assertEquals("1545565737", udp.foundation());
        assertEquals(1, udp.component());
        assertEquals("udp", udp.transport());
        assertEquals(2122260223L, udp.priority());
        assertEquals("127.0.0.1", udp.connectionAddress());
        assertEquals(48484, udp.port());
        assertEquals("host", udp.type());
        assertEquals("0", udp.extensions().get("generation"));
        assertEquals("50", udp.extensions().get("network-cost"));
        IceCandidate tcp = offer.candidates().get(1);
        assertEquals("tcp", tcp.transport());
        assertEquals("active", tcp.tcpType());
        assertEquals(9, tcp.port());
        assertFalse(offer.endOfCandidates());
        assertEquals(1, offer.mediaSections().size());
        assertEquals(8, offer.applicationSection().lineNumber());
    }

    @Test
    void parsesFirefoxOfferWithSessionLevelFingerprint() throws SdpException {
        SessionDescription offer = parser.parseOffer(Offers.crlf(Offers.FIREFOX));
        assertEquals(new IceCredentials("5d7e2f1a", "6f3d9a1c2e7b4f0a8d5c3b2a1e0f9d8c"), offer.ice());
        assertArrayEquals(FP_BYTES, offer.fingerprint().value());
        assertEquals(1073741823L, offer.maxMessageSize());
        assertTrue(offer.endOfCandidates());
        assertEquals(3, offer.candidates().size());
        IceCandidate srflx = offer.candidates().get(2);
        assertEquals("srflx", srflx.type());
        assertEquals("127.0.0.1", srflx.relatedAddress());
        assertEquals(54321, srflx.relatedPort());
        assertEquals("udp", srflx.transport());
    }

    @Test
    void parsesSafariOfferWithoutMaxMessageSizeUsingRfc8841Default() throws SdpException {
        SessionDescription offer = parser.parseOffer(Offers.SAFARI);
        assertEquals(SessionDescription.DEFAULT_MAX_MESSAGE_SIZE, offer.maxMessageSize());
        assertEquals("2ee7e2f0-5a21-4d0c-9d3a-3f3c4b1d5e6f.local", offer.candidates().getFirst().connectionAddress());
        assertEquals(new IceCredentials("kd1X", "wqB8xPUTnT0Qo4KV3f2wWgHy"), offer.ice());
    }

    @Test
    void parsesLegacySctpmapOfferWithSessionLevelIceAndSeveralFingerprints() throws SdpException {
        SessionDescription offer = parser.parseOffer(Offers.LEGACY);
        assertTrue(offer.legacySctpmap());
        assertEquals(5000, offer.sctpPort());
        assertEquals("data", offer.mid());
        assertEquals(new IceCredentials("leGacy12", "ABCDEFGHIJKLMNOPQRSTUVWX"), offer.ice());
        assertEquals(2, offer.fingerprints().size());
        assertEquals("sha-256", offer.fingerprint().hashFunction());
        assertEquals(SessionDescription.DEFAULT_MAX_MESSAGE_SIZE, offer.maxMessageSize());
    }

    @Test
    void keepsAudioAndVideoSectionsAsRejected() throws SdpException {
        SessionDescription offer = parser.parseOffer(Offers.WITH_MEDIA);
        assertEquals(3, offer.mediaSections().size());
        assertEquals("2", offer.mid());
        assertFalse(offer.mediaSections().get(0).usable());
        assertFalse(offer.mediaSections().get(1).usable());
        assertTrue(offer.mediaSections().get(2).usable());
        assertEquals(List.of("0", "1", "2"), offer.bundleGroup());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CHROMIUM", "FIREFOX", "SAFARI", "LEGACY", "WITH_MEDIA"})
    void lfAndCrlfGiveTheSameDescription(String name) throws Exception {
        String sdp = (String) Offers.class.getDeclaredField(name).get(null);
        assertEquals(parser.parseOffer(sdp).toString(), parser.parseOffer(Offers.crlf(sdp)).toString());
    }

    @Test
    void ignoresUnknownAttributesAndLines() throws SdpException {
        String sdp = Offers.CHROMIUM.replace("a=mid:0\n", "a=mid:0\na=x-custom:whatever 1 2\nz=unknown\nb=AS:30\na=rtcp-mux\n");
        assertEquals("0", parser.parseOffer(sdp).mid());
    }

    @Test
    void parsesAnAnswerWithActiveOrPassiveSetup() throws SdpException {
        String answer = Offers.CHROMIUM.replace("a=setup:actpass", "a=setup:passive");
        assertEquals(SetupRole.PASSIVE, parser.parseAnswer(answer).setup());
    }

    @Test
    void defaultsMissingSetupToActivePerRfc4145() throws SdpException {
        assertEquals(SetupRole.ACTIVE, parser.parseOffer(Offers.CHROMIUM.replace("a=setup:actpass\n", "")).setup());
    }

    static Stream<Arguments> refusedOffers() {
        String c = Offers.CHROMIUM;
        return Stream.of(
                Arguments.of("empty", "", 0, "sdp: empty"),
                Arguments.of("no version line", c.replace("v=0\n", ""), 1, "expected: v=0 as the first line"),
                Arguments.of("not type=value", c.replace("s=-", "s-"), 3, "expected: <type>=<value>"),
                Arguments.of("upper-case type", c.replace("s=-", "S=-"), 3, "expected: <type>=<value>"),
                Arguments.of("no m= line", c.substring(0, c.indexOf("m=")), 0, "no m= section"),
                Arguments.of("audio only", Offers.WITH_MEDIA.substring(0, Offers.WITH_MEDIA.indexOf("m=application")), 0,
                        "no m=application section: this endpoint serves data channels only (got: audio, video)"),
                Arguments.of("rejected application", c.replace("m=application 48484", "m=application 0"), 8,
                        "m=application port 0"),
                Arguments.of("TCP proto", c.replace("UDP/DTLS/SCTP", "TCP/DTLS/SCTP"), 8,
                        "m=application TCP/DTLS/SCTP webrtc-datachannel is not supported"),
                Arguments.of("legacy without sctpmap", Offers.LEGACY.replace("a=sctpmap:5000 webrtc-datachannel 1024\n", ""), 8,
                        "DTLS/SCTP 5000 is not supported"),
                Arguments.of("m= port out of range", c.replace("m=application 48484", "m=application 70000"), 8,
                        "m= port: 70000 (expected: 0..65535)"),
                Arguments.of("m= too short", c.replace("m=application 48484 UDP/DTLS/SCTP webrtc-datachannel", "m=application 48484"), 8,
                        "expected: m=<media> <port> <proto> <fmt>"),
                Arguments.of("no ufrag", c.replace("a=ice-ufrag:Odg3\n", ""), 8, "no a=ice-ufrag"),
                Arguments.of("no pwd", c.replace("a=ice-pwd:Z8VgBjNzyrN0RxpxlW8nn+xm\n", ""), 8, "no a=ice-pwd"),
                Arguments.of("short ufrag", c.replace("a=ice-ufrag:Odg3", "a=ice-ufrag:Od"), 12,
                        "a=ice-ufrag length: 2 (expected: 4..256)"),
                Arguments.of("short pwd", c.replace("a=ice-pwd:Z8VgBjNzyrN0RxpxlW8nn+xm", "a=ice-pwd:short"), 13,
                        "a=ice-pwd length: 5 (expected: 22..256)"),
                Arguments.of("bad ufrag char", c.replace("a=ice-ufrag:Odg3", "a=ice-ufrag:Od;3"), 12, "character ';'"),
                Arguments.of("duplicate ufrag", c.replace("a=ice-ufrag:Odg3", "a=ice-ufrag:Odg3\na=ice-ufrag:Odg4"), 13,
                        "a=ice-ufrag appears twice"),
                Arguments.of("no fingerprint", c.replaceAll("a=fingerprint:.*\n", ""), 8, "no a=fingerprint"),
                Arguments.of("sha-1 only", c.replaceAll("a=fingerprint:.*\n",
                        "a=fingerprint:sha-1 01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14\n"), 8,
                        "no sha-256 fingerprint (got: sha-1"),
                Arguments.of("short sha-256", c.replace(":AA:3A", ""), 15, "sha-256 length: 30 bytes (expected: 32)"),
                Arguments.of("fingerprint not hex", c.replace("CB:20", "CB:2G"), 15, "not a hex byte"),
                Arguments.of("fingerprint separator", c.replace("CB:20", "CB-20"), 15, "expected ':'"),
                Arguments.of("fingerprint without hash", c.replaceAll("a=fingerprint:.*\n", "a=fingerprint:CB\n"), 15,
                        "expected: <hash-func> <XX:XX:...>"),
                Arguments.of("holdconn", c.replace("a=setup:actpass", "a=setup:holdconn"), 16, "holdconn"),
                Arguments.of("bad setup", c.replace("a=setup:actpass", "a=setup:server"), 16,
                        "a=setup: 'server' (expected: actpass, active, passive or holdconn)"),
                Arguments.of("bad sctp-port", c.replace("a=sctp-port:5000", "a=sctp-port:five"), 18,
                        "a=sctp-port: 'five' is not a number"),
                Arguments.of("sctp-port too big", c.replace("a=sctp-port:5000", "a=sctp-port:65536"), 18,
                        "a=sctp-port: 65536 (expected: 0..65535)"),
                Arguments.of("negative max-message-size", c.replace("a=max-message-size:262144", "a=max-message-size:-1"), 19,
                        "a=max-message-size: '-1' is not a number"),
                Arguments.of("empty mid", c.replace("a=mid:0", "a=mid:"), 17, "a=mid: '' (expected: a token"),
                Arguments.of("candidate too short", c.replace("typ host generation 0 network-id 1 network-cost 50\na=candidate:2729",
                        "\na=candidate:2729"), 10, "a=candidate: 6 fields (expected: 8..64)"),
                Arguments.of("candidate bad priority", c.replace("udp 2122260223", "udp 99999999999"), 10,
                        "a=candidate: priority '99999999999'"),
                Arguments.of("candidate bad port", c.replace("127.0.0.1 48484 typ", "127.0.0.1 484840 typ"), 10,
                        "a=candidate: port: 484840 (expected: 0..65535)"),
                Arguments.of("candidate without typ", c.replace("48484 typ host", "48484 type host"), 10,
                        "a=candidate: 'type' (expected: typ)"),
                Arguments.of("candidate odd extension", c.replace("network-cost 50\na=candidate:2729", "network-cost\na=candidate:2729"), 10,
                        "extension 'network-cost' has no value"),
                Arguments.of("answer with actpass", null, 16, "a=setup:actpass in an answer"),
                Arguments.of("too large", c + "a=x:" + "y".repeat(64 * 1024) + "\n", 0,
                        "sdp length: " + (c.length() + 5 + 64 * 1024) + " (expected: <= 65536)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedOffers")
    void refusesWithLineAndReason(String name, String sdp, int line, String message) {
        SdpException e = assertThrows(SdpException.class,
                () -> {
                    if (sdp == null) {
                        parser.parseAnswer(Offers.CHROMIUM);
                    } else {
                        parser.parseOffer(sdp);
                    }
                });
        assertTrue(e.getMessage().contains(message), () -> "message: " + e.getMessage());
        assertEquals(line, e.lineNumber(), e::getMessage);
        if (line > 0) {
            assertTrue(e.getMessage().startsWith("line " + line + ": "), e::getMessage);
        }
    }

    @Test
    void boundsCandidatesAndMediaSections() {
        SdpParser small = new SdpParser(64 * 1024, 2, 1);
        SdpException candidates = assertThrows(SdpException.class, () -> small.parseOffer(Offers.CHROMIUM));
        assertEquals("line 11: a=candidate count: 2 (expected: <= 1)", candidates.getMessage());
        SdpException sections = assertThrows(SdpException.class, () -> small.parseOffer(Offers.WITH_MEDIA));
        assertEquals("line 21: m= sections: 3 (expected: <= 2)", sections.getMessage());
    }

    /** Random line-level mutations of real offers: the only failure is SdpException, never a hang or another exception. */
    @Test
    void mutatedOffersFailOnlyWithSdpException() {
        Random random = new Random(0x5D9);
        List<String[]> seeds = List.of(Offers.CHROMIUM.split("\n"), Offers.FIREFOX.split("\n"),
                Offers.LEGACY.split("\n"), Offers.WITH_MEDIA.split("\n"));
        String alphabet = "a=:/ \t\r0123456789-.mvcxyz\u0000\u00e9ABCDEF";
        int parsed = 0;
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            List<String> lines = new ArrayList<>(Arrays.asList(seeds.get(random.nextInt(seeds.size()))));
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations && !lines.isEmpty(); m++) {
                int at = random.nextInt(lines.size());
                String line = lines.get(at);
                switch (random.nextInt(7)) {
                    case 0 -> lines.remove(at);
                    case 1 -> lines.add(at, line);
                    case 2 -> lines.set(at, line.substring(0, random.nextInt(line.length() + 1)));
                    case 3 -> {
                        StringBuilder b = new StringBuilder(line);
                        b.insert(random.nextInt(b.length() + 1), alphabet.charAt(random.nextInt(alphabet.length())));
                        lines.set(at, b.toString());
                    }
                    case 4 -> {
                        if (!line.isEmpty()) {
                            StringBuilder b = new StringBuilder(line);
                            b.setCharAt(random.nextInt(b.length()), alphabet.charAt(random.nextInt(alphabet.length())));
                            lines.set(at, b.toString());
                        }
                    }
                    case 5 -> lines.set(at, lines.get(random.nextInt(lines.size())));
                    default -> lines.add(at, line.replace(":", " : ").repeat(1 + random.nextInt(3)));
                }
            }
            try {
                parser.parseOffer(String.join(random.nextBoolean() ? "\n" : "\r\n", lines));
                parsed++;
            } catch (SdpException expected) {
                refused++;
            } catch (RuntimeException e) {
                fail("mutation " + i + " threw " + e + " for:\n" + String.join("\n", lines), e);
            }
        }
        assertTrue(parsed > 1000 && refused > 1000, "parsed " + parsed + ", refused " + refused);
    }

    @Test
    void absentMidIsNull() throws SdpException {
        assertNull(parser.parseOffer(Offers.CHROMIUM.replace("a=mid:0\n", "")).mid());
    }

    private static void assertArrayEquals(byte[] expected, byte[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }
}
