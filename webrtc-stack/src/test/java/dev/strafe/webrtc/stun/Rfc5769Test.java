package dev.strafe.webrtc.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 5769 "Test Vectors for STUN" §2.1-2.3, the bytes verbatim from the RFC text (Copyright (c) 2010 IETF Trust
 * and the persons identified as the document authors; Simplified BSD License). The vectors pad USERNAME and
 * SOFTWARE with spaces (0x20), so re-encoding uses padding byte 0x20 to come out byte for byte.
 */
class Rfc5769Test {

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
    static final TransactionId TID = new TransactionId(0xb7e7a701bc34d686L, 0xfa87dfae);

    /** §2.1 Sample Request. */
    static final byte[] REQUEST = hex("""
            00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
            00 24 00 04 6e 00 01 ff
            80 29 00 08 93 2f f9 b1 51 26 3b 36
            00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
            00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
            80 28 00 04 e5 7a 3b cf""");

    /** §2.2 Sample IPv4 Response. */
    static final byte[] IPV4_RESPONSE = hex("""
            01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
            00 20 00 08 00 01 a1 47 e1 12 a6 43
            00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
            80 28 00 04 c0 7d 4c 96""");

    /** §2.3 Sample IPv6 Response. */
    static final byte[] IPV6_RESPONSE = hex("""
            01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
            00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
            00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
            80 28 00 04 c8 fb 0b 4c""");

    /** §2.4 Sample Request with Long-Term Authentication (no FINGERPRINT; USERNAME and REALM padded with zeros). */
    static final byte[] LONG_TERM_REQUEST = hex("""
            00 01 00 60 21 12 a4 42 78 ad 34 33 c6 ad 72 c0 29 da 41 2e
            00 06 00 12 e3 83 9e e3 83 88 e3 83 aa e3 83 83 e3 82 af e3 82 b9 00 00
            00 15 00 1c 66 2f 2f 34 39 39 6b 39 35 34 64 36 4f 4c 33 34 6f 4c 39 46 53 54 76 79 36 34 73 41
            00 14 00 0b 65 78 61 6d 70 6c 65 2e 6f 72 67 00
            00 08 00 14 f6 70 24 65 6d d6 4a 3e 02 b8 e0 71 2e 85 c9 a2 8c a8 96 66""");

    private final StunDecoder decoder = new StunDecoder();
    private final StunEncoder encoder = new StunEncoder().paddingByte(0x20);
    private final IntegrityKey key = IntegrityKey.shortTerm(PASSWORD);

    @Test
    void decodesSampleRequest() throws Exception {
        StunMessage m = decoder.decode(REQUEST);
        assertEquals(StunMethod.BINDING, m.method());
        assertEquals(StunClass.REQUEST, m.messageClass());
        assertEquals(TID, m.transactionId());
        assertEquals(new SoftwareAttribute("STUN test client"), m.attributes().get(0));
        assertEquals(new PriorityAttribute(0x6e0001ff), m.attributes().get(1));
        assertEquals(new IceControlledAttribute(0x932ff9b151263b36L), m.attributes().get(2));
        assertEquals(new UsernameAttribute("evtj:h6vY"), m.attributes().get(3));
        assertTrue(m.unknownComprehensionRequired().isEmpty());
    }

    @Test
    void sampleRequestIntegrityVerifiesWithPasswordOnly() throws Exception {
        StunMessageView view = new StunMessageView().wrap(REQUEST, 0, REQUEST.length);
        assertTrue(view.isBindingRequest());
        assertTrue(view.hasFingerprint());
        assertTrue(view.verifyIntegrity(key));
        assertFalse(view.verifyIntegrity(IntegrityKey.shortTerm("VOkJxbRl1RmTxUk/WvJxBu")));
        assertEquals("evtj:h6vY", new String(REQUEST, view.usernameOffset(), view.usernameLength()));
        assertTrue(view.iceControlled());
        assertEquals(0x6e0001ff, view.priority());
    }

    @Test
    void reencodesSampleRequestByteForByte() throws Exception {
        assertArrayEquals(REQUEST, encoder.encode(decoder.decode(REQUEST), key, true));
    }

    @Test
    void decodesIpv4ResponseMappedAddress() throws Exception {
        StunMessage m = decoder.decode(IPV4_RESPONSE);
        assertEquals(StunClass.SUCCESS_RESPONSE, m.messageClass());
        assertEquals(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853),
                m.attribute(XorMappedAddressAttribute.class).orElseThrow().address());
        assertTrue(new StunMessageView().wrap(IPV4_RESPONSE, 0, IPV4_RESPONSE.length).verifyIntegrity(key));
    }

    @Test
    void decodesIpv6ResponseMappedAddress() throws Exception {
        StunMessage m = decoder.decode(IPV6_RESPONSE);
        assertEquals(new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853),
                m.attribute(XorMappedAddressAttribute.class).orElseThrow().address());
        assertTrue(new StunMessageView().wrap(IPV6_RESPONSE, 0, IPV6_RESPONSE.length).verifyIntegrity(key));
    }

    @Test
    void buildsIpv4ResponseByteForByteFromParts() throws Exception {
        StunMessage m = new StunMessage(StunMethod.BINDING, StunClass.SUCCESS_RESPONSE, TID, List.of(
                new SoftwareAttribute("test vector"),
                new XorMappedAddressAttribute(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853))));
        assertArrayEquals(IPV4_RESPONSE, encoder.encode(m, key, true));
    }

    @Test
    void buildsIpv6ResponseByteForByteFromParts() throws Exception {
        StunMessage m = new StunMessage(StunMethod.BINDING, StunClass.SUCCESS_RESPONSE, TID, List.of(
                new SoftwareAttribute("test vector"),
                new XorMappedAddressAttribute(new InetSocketAddress(
                        InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853))));
        assertArrayEquals(IPV6_RESPONSE, encoder.encode(m, key, true));
    }

    @Test
    void longTermRequestVerifiesAndReencodesByteForByte() throws Exception {
        // password "The<U+00AD>M<U+00AA>tr<U+2168>" after SASLprep is "TheMatrIX" (RFC 5769 §2.4)
        IntegrityKey longTerm = IntegrityKey.longTerm("\u30de\u30c8\u30ea\u30c3\u30af\u30b9", "example.org", "TheMatrIX");
        StunMessageView view = new StunMessageView().wrap(LONG_TERM_REQUEST, 0, LONG_TERM_REQUEST.length);
        assertFalse(view.hasFingerprint());
        assertTrue(view.verifyIntegrity(longTerm));
        assertFalse(view.verifyIntegrity(IntegrityKey.longTerm("\u30de\u30c8\u30ea\u30c3\u30af\u30b9", "example.org", "thematrix")));
        StunMessage m = decoder.decode(LONG_TERM_REQUEST);
        assertEquals(new UsernameAttribute("\u30de\u30c8\u30ea\u30c3\u30af\u30b9"), m.attributes().get(0));
        assertEquals(List.of(0x0015, 0x0014), m.unknownComprehensionRequired()); // NONCE, REALM: kept raw
        assertArrayEquals(LONG_TERM_REQUEST, new StunEncoder().encode(m, longTerm, false));
    }

    @Test
    void sampleRequestIsStunForTheDemux() {
        assertTrue(StunMessage.isStun(REQUEST, 0, REQUEST.length));
        assertFalse(StunMessage.isStun(REQUEST, 0, REQUEST.length - 4));
        byte[] dtls = REQUEST.clone();
        dtls[0] = 22;
        assertFalse(StunMessage.isStun(dtls, 0, dtls.length));
    }
}
