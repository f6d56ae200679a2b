package dev.strafe.webrtc.sctp.chunk;

import dev.strafe.webrtc.sctp.param.ErrorCause;
import dev.strafe.webrtc.sctp.param.ForwardTsnSupportedParam;
import dev.strafe.webrtc.sctp.param.IncomingSsnResetRequestParam;
import dev.strafe.webrtc.sctp.param.OutgoingSsnResetRequestParam;
import dev.strafe.webrtc.sctp.param.ReconfigurationResponseParam;
import dev.strafe.webrtc.sctp.param.StateCookieParam;
import dev.strafe.webrtc.sctp.param.SupportedExtensionsParam;
import dev.strafe.webrtc.sctp.param.UnknownParam;
import dev.strafe.webrtc.sctp.param.UnrecognizedParam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Golden-byte tables: every success row decodes to the named chunk and re-encodes byte-exact. */
class ChunkCodecTest {
    static final HexFormat HEX = HexFormat.of();

    /** Chromium (dcsctp) INIT as seen in WebRTC: a_rwnd 5,242,880, 65,535 streams, PR-SCTP + RE-CONFIG. */
    static final String CHROMIUM_INIT = "0100001e" + "12345678" + "00500000" + "ffffffff" + "9abcdef0"
            + "c0000004" + "80080006" + "82c00000";

    static List<Chunk> decode(String hex) throws MalformedChunkException {
        byte[] b = HEX.parseHex(hex);
        List<Chunk> out = new ArrayList<>();
        Chunks.decodeAll(b, 0, b.length, out);
        return out;
    }

    static String encode(Chunk c) {
        byte[] out = new byte[Chunks.paddedLength(c)];
        assertEquals(out.length, Chunks.encode(c, out, 0));
        return HEX.formatHex(out);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "DATA single fragment,           DataChunk,            00030011000000010002000300000033ab000000",
            "DATA unordered middle fragment, DataChunk,            00040014ffffffff0000ffff00000035aabbccdd",
            "INIT minimal,                   InitChunk,            01000014000000010000ffff00010001000000ff",
            "INIT from Chromium,             InitChunk,            " + CHROMIUM_INIT,
            "INIT with Zero Checksum Acceptable, InitChunk,        0100001c0000000100500000ffffffff000000018001000800000001",
            "INIT ACK with cookie,           InitAckChunk,         0200001c0000000200020000000a000a0000006400070008c0ffee00",
            "SACK no gaps,                   SackChunk,            03000010000000640001000000000000",
            "SACK two gaps one dup,          SackChunk,            0300001c000000640001000000020001000100020003000500000007",
            "HEARTBEAT,                      HeartbeatChunk,       0400000c0001000801020304",
            "HEARTBEAT ACK,                  HeartbeatAckChunk,    0500000b0001000701020300",
            "ABORT user initiated T bit,     AbortChunk,           0601000b000c000762796500",
            "ABORT empty,                    AbortChunk,           06000004",
            "SHUTDOWN,                       ShutdownChunk,        0700000800000064",
            "SHUTDOWN ACK,                   ShutdownAckChunk,     08000004",
            "ERROR unrecognized chunk type,  ErrorChunk,           0900000c0006000866000004",
            "COOKIE ECHO,                    CookieEchoChunk,      0a000007c0ffee00",
            "COOKIE ACK,                     CookieAckChunk,       0b000004",
            "SHUTDOWN COMPLETE T bit,        ShutdownCompleteChunk,0e010004",
            "FORWARD TSN two streams,        ForwardTsnChunk,      c00000100000006400010002000300ff",
            "FORWARD TSN no streams,         ForwardTsnChunk,      c000000800000064",
            "RE-CONFIG outgoing reset,       ReConfigChunk,        82000018000d001400000001000000000000006300010002",
            "RE-CONFIG incoming reset,       ReConfigChunk,        8200000e000e000a0000000200050000",
            "RE-CONFIG response short,       ReConfigChunk,        820000100010000c0000000100000006",
            "RE-CONFIG response with TSNs,   ReConfigChunk,        820000180010001400000001000000010000006400000065",
            "unknown chunk skip,             UnknownChunk,         81020006abcd0000",
    })
    void roundTripsByteExact(String name, String kind, String hex) throws MalformedChunkException {
        List<Chunk> chunks = decode(hex);
        assertEquals(1, chunks.size(), name);
        Chunk c = chunks.getFirst();
        assertEquals(kind, c.getClass().getSimpleName(), name);
        assertEquals(hex, encode(c), name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "header truncated             | 000000            | chunk header: 3 bytes (expected: >= 4) at offset 0",
            "chunk length below header    | 00000003          | chunk length: 3 (expected: >= 4) at offset 0",
            "chunk length beyond packet   | 0b000008          | chunk length: 8 (expected: <= 4) at offset 0",
            "second chunk length too short| 0b0000040b000002  | chunk length: 2 (expected: >= 4) at offset 4",
            "DATA without TSN fields      | 00030008000000ff  | DATA chunk length: 8 (expected: >= 16)",
            "INIT too short               | 0100000800000001  | INIT chunk length: 8 (expected: >= 20)",
            "SACK counts exceed length    | 030000100000006400010000000100000000000000 | SACK chunk length: 16 (expected: 20 for 1 gap blocks and 0 duplicate TSNs)",
            "SHUTDOWN wrong length        | 07000004          | SHUTDOWN chunk length: 4 (expected: 8)",
            "COOKIE ACK with value        | 0b00000800000000  | COOKIE ACK chunk length: 8 (expected: 4)",
            "SHUTDOWN COMPLETE with value | 0e00000800000000  | SHUTDOWN COMPLETE chunk length: 8 (expected: 4)",
            "FORWARD TSN odd pairs        | c000000a000000640001 | FORWARD TSN chunk length: 10 (expected: 8 + 4 * N)",
            "HEARTBEAT without info       | 04000004          | HEARTBEAT chunk length: 4 (expected: >= 8)",
            "HEARTBEAT wrong param        | 0400000800070004  | HEARTBEAT parameters: 1 (expected: one Heartbeat Info)",
            "param length below header    | 0400000800010002  | parameter length: 2 (expected: >= 4) at offset 0",
            "param length beyond chunk    | 0400000800010009  | parameter length: 9 (expected: <= 4) at offset 0",
            "error cause too long         | 0600000800010009  | error cause length: 9 (expected: >= 4 and <= 4) at offset 0",
            "Forward-TSN-Supported with value | 0100001c0000000100500000ffffffff00000001c000000800000000 | Forward-TSN-Supported parameter length: 8 (expected: 4)",
            "reset request odd length     | 82000013000d000f000000010000000000000063000100 | Outgoing SSN Reset Request parameter length: 15 (expected: 16 + 2 * N)",
            "reconfig response bad length | 8200001400100010000000010000000600000000 | Re-configuration Response parameter length: 16 (expected: 12 or 20)",
    })
    void rejectsMalformedChunk(String name, String hex, String message) {
        MalformedChunkException e = assertThrows(MalformedChunkException.class, () -> decode(hex.replace(" ", "")), name);
        assertEquals(message, e.getMessage(), name);
    }

    @Test
    void decodesChromiumInitFields() throws MalformedChunkException {
        InitChunk init = (InitChunk) decode(CHROMIUM_INIT).getFirst();
        assertEquals(0x12345678L, init.initiateTag());
        assertEquals(5_242_880L, init.advertisedReceiverWindowCredit());
        assertEquals(65_535, init.outboundStreams());
        assertEquals(65_535, init.inboundStreams());
        assertEquals(0x9abcdef0L, init.initialTsn());
        assertEquals(ForwardTsnSupportedParam.INSTANCE, init.params().get(0));
        SupportedExtensionsParam ext = (SupportedExtensionsParam) init.params().get(1);
        assertTrue(ext.supports(ChunkType.RE_CONFIG.code()));
        assertTrue(ext.supports(ChunkType.FORWARD_TSN.code()));
        assertTrue(init.check().isEmpty());
    }

    @Test
    void keepsZeroChecksumAcceptableAsSkippableUnknownParam() throws MalformedChunkException {
        InitChunk init = (InitChunk) decode("0100001c0000000100500000ffffffff000000018001000800000001").getFirst();
        UnknownParam p = (UnknownParam) init.params().getFirst();
        assertEquals(0x8001, p.type());
        assertFalse(p.stopsProcessing());
        assertFalse(p.reported());
    }

    @Test
    void decodesSackGapBlocksAndDuplicates() throws MalformedChunkException {
        SackChunk sack = (SackChunk) decode("0300001c000000640001000000020001000100020003000500000007").getFirst();
        assertEquals(100, sack.cumulativeTsnAck());
        assertArrayEquals(new int[]{1, 2, 3, 5}, sack.gapAckBlocks());
        assertArrayEquals(new long[]{7}, sack.duplicateTsns());
    }

    @Test
    void stopsAtUnknownChunkWhoseHighBitIsZero() throws MalformedChunkException {
        List<Chunk> chunks = decode("0b000004" + "7f000004" + "0b000004");
        assertEquals(2, chunks.size());
        UnknownChunk u = (UnknownChunk) chunks.get(1);
        assertTrue(u.stopsProcessing());
        assertTrue(u.reported());
    }

    @Test
    void skipsPaddingAndAcceptsUnpaddedLastChunk() throws MalformedChunkException {
        List<Chunk> chunks = decode("0a000005aa000000" + "0a000005bb");
        assertEquals(2, chunks.size());
        assertArrayEquals(new byte[]{(byte) 0xbb}, ((CookieEchoChunk) chunks.get(1)).cookie());
    }

    @Test
    void flagsViolationsInCheck() throws MalformedChunkException {
        assertTrue(decode("00030010000000010002000300000033").getFirst().check().orElseThrow().abort(), "empty DATA");
        assertFalse(decode("01000014000000000000ffff00010001000000ff").getFirst().check().orElseThrow().abort(), "zero tag INIT");
        assertTrue(decode("0200001400000002000200000000000000000064").getFirst().check().isPresent(), "INIT ACK zero streams");
        assertTrue(decode("0300001400000064000100000001000000030001").getFirst().check().isPresent(), "gap start > end");
    }

    @Test
    void encodesParamsForReconfigAndErrorCauses() throws MalformedChunkException {
        ReConfigChunk rc = new ReConfigChunk(List.of(new OutgoingSsnResetRequestParam(1, 0, 99, new int[]{1, 2})));
        assertEquals("82000018000d001400000001000000000000006300010002", encode(rc));
        assertEquals("8200000e000e000a0000000200050000", encode(new ReConfigChunk(List.of(new IncomingSsnResetRequestParam(2, new int[]{5})))));
        assertEquals("820000100010000c0000000100000006", encode(new ReConfigChunk(List.of(ReconfigurationResponseParam.of(1, 6)))));
        assertEquals("0601000b000c000762796500", encode(new AbortChunk(true, List.of(ErrorCause.userInitiatedAbort("bye")))));
        assertEquals("User-Initiated Abort: bye", ((AbortChunk) decode("0601000b000c000762796500").getFirst()).causes().getFirst().toString());
        InitAckChunk ack = new InitAckChunk(2, 0x20000, 10, 10, 100,
                List.of(new StateCookieParam(HEX.parseHex("c0ffee")), new UnrecognizedParam(HEX.parseHex("80010008"))));
        assertEquals(HEX.formatHex(new byte[]{(byte) 0xc0, (byte) 0xff, (byte) 0xee}), HEX.formatHex(ack.stateCookie().orElseThrow().cookie()));
        InitAckChunk back = (InitAckChunk) decode(encode(ack)).getFirst();
        assertInstanceOf(UnrecognizedParam.class, back.params().get(1));
        assertEquals(encode(ack), encode(back));
    }
}
