package dev.strafe.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strafe.protocol.ProtocolException;
import dev.strafe.protocol.tx.JoinRequest;
import dev.strafe.protocol.tx.JoinResponse;
import dev.strafe.protocol.tx.Problem;
import dev.strafe.protocol.tx.TxJson;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code vectors/tx.json}: canonical JSON round-trips byte for byte; bad JSON fails with ProtocolException. */
class TxVectorTest {

    static Stream<Arguments> valid() {
        return cases(false);
    }

    static Stream<Arguments> invalid() {
        return cases(true);
    }

    private static Stream<Arguments> cases(boolean errors) {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : VectorJson.readFile("tx.json").get("cases")) {
            if (c.has("error") == errors) {
                out.add(Arguments.of(Named.of(c.get("name").asText(), c)));
            }
        }
        return out.stream();
    }

    private static String roundTrip(String dto, String json) {
        return switch (dto) {
            case "tx" -> TxJson.writeTx(TxJson.readTx(json));
            case "JoinRequest" -> TxJson.write(TxJson.read(json, JoinRequest.class));
            case "JoinResponse" -> TxJson.write(TxJson.read(json, JoinResponse.class));
            case "Problem" -> TxJson.write(TxJson.read(json, Problem.class));
            default -> throw new IllegalArgumentException("dto: " + dto);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void canonicalJsonRoundTripsByteForByte(JsonNode c) {
        String json = c.get("json").asText();
        assertEquals(json, roundTrip(c.get("dto").asText(), json));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void badJsonFailsWithProtocolException(JsonNode c) {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> roundTrip(c.get("dto").asText(), c.get("json").asText()));
        assertTrue(e.getMessage().contains(c.get("error").asText()), e.getMessage());
    }
}
