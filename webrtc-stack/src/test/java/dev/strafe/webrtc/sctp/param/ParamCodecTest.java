package dev.strafe.webrtc.sctp.param;

import dev.strafe.webrtc.sctp.chunk.MalformedChunkException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Golden-byte table per parameter: success rows round-trip byte-exact (list encoding, padding between). */
class ParamCodecTest {
    static final HexFormat HEX = HexFormat.of();

    static String encode(List<Param> params) {
        byte[] out = new byte[Params.encodedLength(params)];
        assertEquals(out.length, Params.encodeAll(params, out, 0));
        return HEX.formatHex(out);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "Heartbeat Info,                   HeartbeatInfoParam,           0001000801020304",
            "State Cookie,                     StateCookieParam,             00070007c0ffee",
            "Unrecognized Parameter,           UnrecognizedParam,            0008000880010004",
            "Forward-TSN-Supported,            ForwardTsnSupportedParam,     c0000004",
            "Supported Extensions,             SupportedExtensionsParam,     8008000682c0",
            "Outgoing SSN Reset Request,       OutgoingSsnResetRequestParam, 000d0012000000010000000000000063 0007",
            "Outgoing SSN Reset Request all,   OutgoingSsnResetRequestParam, 000d0010000000010000000000000063",
            "Incoming SSN Reset Request,       IncomingSsnResetRequestParam, 000e000a000000020005",
            "Re-configuration Response,        ReconfigurationResponseParam, 0010000c0000000100000001",
            "Re-configuration Response TSNs,   ReconfigurationResponseParam, 001000140000000100000001000000640000006 5",
            "Zero Checksum Acceptable (unknown), UnknownParam,               8001000800000001",
            "unknown stop-and-report,          UnknownParam,                 40010005aa",
    })
    void roundTripsByteExact(String name, String kind, String hex) throws MalformedChunkException {
        byte[] b = HEX.parseHex(hex.replace(" ", ""));
        List<Param> params = Params.decodeAll(b, 0, b.length);
        assertEquals(1, params.size(), name);
        assertEquals(kind, params.getFirst().getClass().getSimpleName(), name);
        assertEquals(hex.replace(" ", ""), encode(params), name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "header truncated              | 000100   | parameter header: 3 bytes (expected: >= 4) at offset 0",
            "length below header           | 00010003 | parameter length: 3 (expected: >= 4) at offset 0",
            "length beyond chunk           | 0001000901 | parameter length: 9 (expected: <= 5) at offset 0",
            "Forward-TSN-Supported value   | c000000500 | Forward-TSN-Supported parameter length: 5 (expected: 4)",
            "Incoming reset odd streams    | 000e0009000000020 0 | Incoming SSN Reset Request parameter length: 9 (expected: 8 + 2 * N)",
            "Outgoing reset too short      | 000d000c0000000100000000 | Outgoing SSN Reset Request parameter length: 12 (expected: 16 + 2 * N)",
            "Response with 3 words         | 001000100000000100000001000000ff | Re-configuration Response parameter length: 16 (expected: 12 or 20)",
    })
    void rejectsMalformedParameter(String name, String hex, String message) {
        byte[] b = HEX.parseHex(hex.replace(" ", ""));
        MalformedChunkException e = assertThrows(MalformedChunkException.class, () -> Params.decodeAll(b, 0, b.length), name);
        assertEquals(message, e.getMessage(), name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "two params padded between, 00070005aa000000c0000004",
    })
    void padsBetweenParametersButNotAfterTheLast(String name, String hex) throws MalformedChunkException {
        byte[] b = HEX.parseHex(hex);
        List<Param> params = Params.decodeAll(b, 0, b.length);
        assertEquals(2, params.size());
        assertEquals(hex, encode(params));
    }
}
