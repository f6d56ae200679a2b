package dev.strafe.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strafe.protocol.ProtocolException;
import dev.strafe.protocol.pos.Input;
import dev.strafe.protocol.pos.InputCodec;
import dev.strafe.protocol.pos.SnapshotDecoder;
import dev.strafe.protocol.pos.SnapshotEncoder;
import dev.strafe.protocol.pos.SnapshotState;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The golden vectors in {@code shared-protocol/vectors/} (also run by the JS codec tests in web-client):
 * success rows are checked in both directions, byte-exact; error rows must fail with exactly the recorded
 * {@link ProtocolException} message.
 */
class GoldenVectorTest {

    static Stream<Arguments> inputCases() {
        return cases("pos-input.json");
    }

    static Stream<Arguments> snapshotCases() {
        return cases("pos-snapshot.json");
    }

    static Stream<Arguments> errorCases() {
        return cases("pos-errors.json");
    }

    private static Stream<Arguments> cases(String file) {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : VectorJson.readFile(file).get("cases")) {
            out.add(Arguments.of(Named.of(c.get("name").asText(), c)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputCases")
    void inputEncodesToVectorBytes(JsonNode c) {
        if (c.path("decodeOnly").asBoolean()) {
            return;
        }
        byte[] dst = new byte[InputCodec.ENCODED_LENGTH + 8];
        int n = InputCodec.encode(VectorJson.input(c.get("input")), dst, 3);
        assertEquals(c.get("hex").asText(), VectorJson.hex(dst, 3, n));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputCases")
    void inputDecodesToVectorValues(JsonNode c) {
        byte[] bytes = VectorJson.bytes(c.get("hex"));
        Input decoded = new Input();
        InputCodec.decode(bytes, 0, bytes.length, decoded);
        assertEquals(VectorJson.input(c.get("input")), decoded);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshotCases")
    void snapshotEncodesToVectorBytes(JsonNode c) {
        if (c.path("decodeOnly").asBoolean()) {
            return;
        }
        SnapshotEncoder encoder = new SnapshotEncoder();
        byte[] dst = new byte[c.get("maxBytes").asInt() + 5];
        int n = encoder.encode(VectorJson.state(c.get("baseline")), VectorJson.state(c.get("current")),
                VectorJson.lastInputSequence(c.get("current")), dst, 5, c.get("maxBytes").asInt());
        assertEquals(c.get("hex").asText(), VectorJson.hex(dst, 5, n));
        assertEquals(c.get("entitiesWritten").asInt(), encoder.entitiesWritten());
        assertTrue(n <= c.get("maxBytes").asInt());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshotCases")
    void snapshotDecodesOntoBaselineToVectorResult(JsonNode c) {
        byte[] bytes = VectorJson.bytes(c.get("hex"));
        SnapshotState baseline = VectorJson.state(c.get("baseline"));
        SnapshotState before = baseline == null ? null : new SnapshotState().copyFrom(baseline);
        SnapshotState out = new SnapshotState();
        SnapshotDecoder decoder = new SnapshotDecoder().decode(bytes, 0, bytes.length, baseline, out);
        assertEquals(VectorJson.state(c.get("result")), out);
        assertEquals(VectorJson.lastInputSequence(c.get("result")), decoder.lastInputSequence());
        assertEquals(before, baseline, "baseline must not change");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorCases")
    void malformedMessageFailsWithTheRecordedError(JsonNode c) {
        byte[] bytes = VectorJson.bytes(c.get("hex"));
        // Place the message at a non-zero array offset: error offsets stay relative to the message start.
        byte[] shifted = new byte[bytes.length + 7];
        System.arraycopy(bytes, 0, shifted, 7, bytes.length);
        ProtocolException e = assertThrows(ProtocolException.class, () -> {
            if (c.get("decoder").asText().equals("input")) {
                InputCodec.decode(shifted, 7, bytes.length, new Input());
            } else {
                new SnapshotDecoder().decode(shifted, 7, bytes.length, VectorJson.state(c.get("baseline")), new SnapshotState());
            }
        });
        assertEquals(c.get("error").asText(), e.getMessage());
    }

    @Test
    void vectorFilesCoverTheRequiredCases() {
        assertTrue(VectorJson.readFile("pos-input.json").get("cases").size() >= 4);
        assertTrue(VectorJson.readFile("pos-snapshot.json").get("cases").size() >= 10);
        assertTrue(VectorJson.readFile("pos-errors.json").get("cases").size() >= 30);
        assertArrayEquals(new byte[] {1, 2}, VectorJson.bytes(new com.fasterxml.jackson.databind.node.TextNode("0102")));
    }
}
