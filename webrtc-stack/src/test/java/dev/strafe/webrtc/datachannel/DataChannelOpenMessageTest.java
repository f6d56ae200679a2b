package dev.strafe.webrtc.datachannel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Golden bytes for DATA_CHANNEL_OPEN / DATA_CHANNEL_ACK (RFC 8832 §5): success rows round-trip byte-exact. */
class DataChannelOpenMessageTest {

    /**
     * What Chromium's libwebrtc writes (pc/sctp_utils WriteDataChannelOpenMessage, RFC 8832 §5.1 layout)
     * for {@code createDataChannel('pos', {ordered: false, maxRetransmits: 0})}: type 0x81 unordered rexmit,
     * reliability parameter 0 retransmissions, label "pos", no protocol. libwebrtc writes priority 0 when the
     * application sets none; a build that passes the W3C default "low" writes 0x0100 (second row).
     */
    static final String CHROMIUM_POS = "03 81 0000 00000000 0003 0000 706f73";
    /** {@code createDataChannel('tx')}: reliable ordered (0x00), parameter 0, label "tx". */
    static final String CHROMIUM_TX = "03 00 0000 00000000 0002 0000 7478";

    static Stream<Arguments> validMessages() {
        return Stream.of(
                Arguments.of("chromium pos: ordered false, maxRetransmits 0", CHROMIUM_POS,
                        DataChannelOpenMessage.of(ChannelType.PARTIAL_RELIABLE_REXMIT_UNORDERED, 0, 0, "pos", "")),
                Arguments.of("chromium pos with priority low (256)", "03 81 0100 00000000 0003 0000 706f73",
                        DataChannelOpenMessage.of(ChannelType.PARTIAL_RELIABLE_REXMIT_UNORDERED, 256, 0, "pos", "")),
                Arguments.of("chromium tx: reliable ordered", CHROMIUM_TX,
                        DataChannelOpenMessage.of(ChannelType.RELIABLE, 0, 0, "tx", "")),
                Arguments.of("reliable unordered with protocol", "03 80 0200 00000000 0001 0004 61 6a736f6e",
                        DataChannelOpenMessage.of(ChannelType.RELIABLE_UNORDERED, 512, 0, "a", "json")),
                Arguments.of("rexmit ordered, 5 retransmissions", "03 01 0080 00000005 0000 0000",
                        DataChannelOpenMessage.of(ChannelType.PARTIAL_RELIABLE_REXMIT, 128, 5, "", "")),
                Arguments.of("timed ordered, 3000 ms", "03 02 0400 00000bb8 0001 0000 74",
                        DataChannelOpenMessage.of(ChannelType.PARTIAL_RELIABLE_TIMED, 1024, 3000, "t", "")),
                Arguments.of("timed unordered, largest fields", "03 82 ffff ffffffff 0000 0001 70",
                        DataChannelOpenMessage.of(ChannelType.PARTIAL_RELIABLE_TIMED_UNORDERED, 0xFFFF, 0xFFFF_FFFFL, "", "p")),
                Arguments.of("empty label and protocol", "03 00 0000 00000000 0000 0000",
                        DataChannelOpenMessage.of(ChannelType.RELIABLE, 0, 0, "", "")),
                Arguments.of("UTF-8 label (2- and 4-byte sequences)", "03 00 0000 00000000 0006 0000 c3a9 f09f8eae",
                        DataChannelOpenMessage.of(ChannelType.RELIABLE, 0, 0, "é\uD83C\uDFAE", "")),
                Arguments.of("unassigned channel type 0x7f decodes as UNKNOWN and round-trips",
                        "03 7f 0000 00000000 0000 0000", new DataChannelOpenMessage(0x7f, 0, 0, "", "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validMessages")
    void decodesAndEncodesByteExact(String name, String hex, DataChannelOpenMessage expected) throws Exception {
        byte[] wire = Hex.bytes(hex);
        DcepMessage decoded = DcepMessage.decode(wire, 0, wire.length);
        assertEquals(expected, decoded);
        assertArrayEquals(wire, expected.encode(), "encode");
    }

    @Test
    void decodesAtAnOffsetInsideALargerBuffer() throws Exception {
        byte[] wire = Hex.bytes("ffff " + CHROMIUM_TX + " eeee");
        DcepMessage decoded = DcepMessage.decode(wire, 2, wire.length - 4);
        assertEquals(DataChannelOpenMessage.of(ChannelType.RELIABLE, 0, 0, "tx", ""), decoded);
    }

    @Test
    void mapsUnassignedChannelTypeToUnknown() throws Exception {
        byte[] wire = Hex.bytes("03 7f 0000 00000000 0000 0000");
        DataChannelOpenMessage open = (DataChannelOpenMessage) DcepMessage.decode(wire, 0, wire.length);
        assertSame(ChannelType.UNKNOWN, open.channelType());
        assertTrue(open.toString().contains("UNKNOWN(0x7f)"), open.toString());
    }

    @Test
    void decodesAndEncodesAck() throws Exception {
        byte[] wire = Hex.bytes("02");
        assertSame(DataChannelAckMessage.INSTANCE, DcepMessage.decode(wire, 0, 1));
        assertArrayEquals(wire, DataChannelAckMessage.INSTANCE.encode());
        assertEquals("DATA_CHANNEL_ACK", DataChannelAckMessage.INSTANCE.toString());
    }

    static Stream<Arguments> malformedMessages() {
        return Stream.of(
                Arguments.of("empty", "", "DCEP message length: 0 (expected: >= 1)"),
                Arguments.of("reserved message type 0x00", "00", "message type: 0x00 (expected: 0x02 DATA_CHANNEL_ACK or 0x03 DATA_CHANNEL_OPEN)"),
                Arguments.of("reserved message type 0xff", "ff 00", "message type: 0xff"),
                Arguments.of("unknown message type 0x04", "04 00 0000 00000000 0000 0000", "message type: 0x04"),
                Arguments.of("ack with a trailing byte", "02 00", "DATA_CHANNEL_ACK length: 2 (expected: 1)"),
                Arguments.of("open header truncated", "03 00 0000 0000", "DATA_CHANNEL_OPEN length: 6 (expected: >= 12)"),
                Arguments.of("open of one byte", "03", "DATA_CHANNEL_OPEN length: 1 (expected: >= 12)"),
                Arguments.of("label longer than the buffer", "03 00 0000 00000000 0005 0000 6162",
                        "DATA_CHANNEL_OPEN length: 14 (expected: 12 + label length 5 + protocol length 0 = 17)"),
                Arguments.of("protocol longer than the buffer", "03 00 0000 00000000 0001 0003 61 62",
                        "DATA_CHANNEL_OPEN length: 14 (expected: 12 + label length 1 + protocol length 3 = 16)"),
                Arguments.of("largest declared lengths, tiny buffer", "03 00 0000 00000000 ffff ffff 61",
                        "DATA_CHANNEL_OPEN length: 13 (expected: 12 + label length 65535 + protocol length 65535 = 131082)"),
                Arguments.of("trailing bytes after the protocol", "03 00 0000 00000000 0001 0000 61 00",
                        "DATA_CHANNEL_OPEN length: 14 (expected: 12 + label length 1 + protocol length 0 = 13)"),
                Arguments.of("label not UTF-8", "03 00 0000 00000000 0001 0000 ff", "label: not valid UTF-8"),
                Arguments.of("protocol with an overlong UTF-8 NUL", "03 00 0000 00000000 0000 0002 c080", "protocol: not valid UTF-8"),
                Arguments.of("label with a lone surrogate encoded in UTF-8", "03 00 0000 00000000 0003 0000 eda080",
                        "label: not valid UTF-8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedMessages")
    void rejectsMalformedMessage(String name, String hex, String expectedMessage) {
        byte[] wire = Hex.bytes(hex);
        MalformedDcepException e = assertThrows(MalformedDcepException.class, () -> DcepMessage.decode(wire, 0, wire.length));
        assertTrue(e.getMessage().startsWith(expectedMessage), () -> "message: " + e.getMessage());
    }

    @Test
    void rejectsLabelLongerThan65535BytesWhenBuilt() {
        String label = "é".repeat(32768); // 65,536 bytes of UTF-8
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataChannelOpenMessage.of(ChannelType.RELIABLE, 0, 0, label, ""));
        assertEquals("label length: 65536 (expected: <= 65535 bytes of UTF-8)", e.getMessage());
    }

    @Test
    void encodesLabelOfExactly65535Bytes() throws Exception {
        String label = "a".repeat(65535);
        byte[] wire = DataChannelOpenMessage.of(ChannelType.RELIABLE, 0, 0, label, "").encode();
        assertEquals(12 + 65535, wire.length);
        assertEquals(label, ((DataChannelOpenMessage) DcepMessage.decode(wire, 0, wire.length)).label());
    }

    @Test
    void rejectsUnpairedSurrogateInLabel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataChannelOpenMessage.of(ChannelType.RELIABLE, 0, 0, "a\uD800", ""));
        assertEquals("label: unpaired surrogate at index 1 (not encodable as UTF-8)", e.getMessage());
    }

    @Test
    void rejectsOutOfRangeFieldsWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> new DataChannelOpenMessage(256, 0, 0, "", ""));
        assertThrows(IllegalArgumentException.class, () -> new DataChannelOpenMessage(0, 65536, 0, "", ""));
        assertThrows(IllegalArgumentException.class, () -> new DataChannelOpenMessage(0, 0, 0x1_0000_0000L, "", ""));
        assertThrows(IllegalArgumentException.class, () -> DataChannelOpenMessage.of(ChannelType.UNKNOWN, 0, 0, "", ""));
    }

    @Test
    void decodeReturnsOpenForTypeThree() throws Exception {
        byte[] wire = Hex.bytes(CHROMIUM_POS);
        DataChannelOpenMessage open = assertInstanceOf(DataChannelOpenMessage.class, DcepMessage.decode(wire, 0, wire.length));
        assertEquals(ChannelType.PARTIAL_RELIABLE_REXMIT_UNORDERED, open.channelType());
        assertEquals("pos", open.label());
        assertEquals(3, open.messageType());
    }
}
