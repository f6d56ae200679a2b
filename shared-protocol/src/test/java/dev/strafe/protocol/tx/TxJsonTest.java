package dev.strafe.protocol.tx;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strafe.protocol.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TxJsonTest {

    private static ObjectNode obj(String key, int value) {
        return JsonNodeFactory.instance.objectNode().put(key, value);
    }

    @Test
    void txRequestRoundTripsWithTypeDiscriminator() {
        TxRequest req = new TxRequest("c1-42", "buy", (ObjectNode) TxJson.mapper().valueToTree(java.util.Map.of("item", "sword", "qty", 2)));
        String json = TxJson.writeTx(req);
        assertTrue(json.startsWith("{\"type\":\"tx.request\""), json);
        assertEquals(req, TxJson.readTx(json));
    }

    @Test
    void txResultOmitsAbsentErrorAndRoundTrips() {
        TxResult ok = TxResult.committed("c1-42", 17);
        String json = TxJson.writeTx(ok);
        assertEquals("{\"type\":\"tx.result\",\"id\":\"c1-42\",\"status\":\"committed\",\"stateVersion\":17}", json);
        assertEquals(ok, TxJson.readTx(json));
        TxResult rejected = TxResult.rejected("c1-43", "insufficient_funds", 17);
        assertEquals(rejected, TxJson.readTx(TxJson.writeTx(rejected)));
    }

    @Test
    void roomEventRoundTrips() {
        RoomEvent event = new RoomEvent("item.bought", obj("player", 3), 18, "c1-42");
        TxMessage back = TxJson.readTx(TxJson.writeTx(event));
        assertEquals(event, back);
        // sealed: the switch needs no default
        String kind = switch (back) {
            case TxRequest r -> r.kind();
            case TxResult r -> r.status().name();
            case RoomEvent e -> e.kind();
        };
        assertEquals("item.bought", kind);
    }

    @Test
    void signalingDtosRoundTrip() {
        JoinRequest join = new JoinRequest("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n", "ada", null, "resume-abc");
        String json = TxJson.write(join);
        assertFalse(json.contains("token"), json);
        assertEquals(join, TxJson.read(json, JoinRequest.class));

        JoinResponse resp = new JoinResponse("v=0\r\n", "s-1", "rt-1", 12,
                new RoomConfig("lobby-1", 60, 30, 16, 1, 1100));
        assertEquals(resp, TxJson.read(TxJson.write(resp), JoinResponse.class));

        JoinResponse withWorld = new JoinResponse("v=0\r\n", "s-1", "rt-1", 12,
                new RoomConfig("lobby-1", 20, 20, 32, 1, 1100, new WorldConfig(4000, 3000, 600, 150)));
        String worldJson = TxJson.write(withWorld);
        assertTrue(worldJson.contains("\"world\":{\"width\":4000,\"height\":3000,\"maxSpeed\":600,\"pickupRadius\":150}"), worldJson);
        assertEquals(withWorld, TxJson.read(worldJson, JoinResponse.class));
        assertFalse(TxJson.write(resp).contains("world"), "absent world is omitted");

        Problem problem = Problem.of(409, "Room full", "room lobby-1 has 16 of 16 players");
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Room full\",\"status\":409,\"detail\":\"room lobby-1 has 16 of 16 players\"}",
                TxJson.write(problem));
        assertEquals(problem, TxJson.read(TxJson.write(problem), Problem.class));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown type          | {\"type\":\"tx.bogus\",\"id\":\"a\"}                                   | unknown type 'tx.bogus'",
            "missing type          | {\"id\":\"a\",\"kind\":\"buy\",\"payload\":{}}                          | missing type",
            "payload not an object | {\"type\":\"tx.request\",\"id\":\"a\",\"kind\":\"buy\",\"payload\":[1]} | tx json:",
            "missing payload       | {\"type\":\"tx.request\",\"id\":\"a\",\"kind\":\"buy\"}                 | payload",
            "id with spaces        | {\"type\":\"tx.request\",\"id\":\"a b\",\"kind\":\"buy\",\"payload\":{}} | id: 'a b'",
            "empty id              | {\"type\":\"tx.request\",\"id\":\"\",\"kind\":\"buy\",\"payload\":{}}   | id: length 0",
            "unknown property      | {\"type\":\"tx.result\",\"id\":\"a\",\"status\":\"committed\",\"stateVersion\":1,\"x\":1} | x",
            "unknown status        | {\"type\":\"tx.result\",\"id\":\"a\",\"status\":\"maybe\",\"stateVersion\":1} | maybe",
            "negative version      | {\"type\":\"tx.result\",\"id\":\"a\",\"status\":\"committed\",\"stateVersion\":-1} | stateVersion: -1",
            "truncated json        | {\"type\":\"tx.result\",\"id\":                                         | tx json:",
            "trailing garbage      | {\"type\":\"tx.result\",\"id\":\"a\",\"status\":\"committed\",\"stateVersion\":1} x | tx json:",
            "not an object         | 42                                                                     | tx json:",
            "missing stateVersion  | {\"type\":\"tx.result\",\"id\":\"a\",\"status\":\"committed\"}  | stateVersion",
    })
    void rejectsBadTxMessageWithProtocolException(String name, String json, String fragment) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> TxJson.readTx(json));
        assertTrue(e.getMessage().contains(fragment), name + ": " + e.getMessage());
        assertEquals(-1, e.offset());
    }

    @Test
    void rejectsOversizedInputBeforeParsing() {
        String big = "{\"type\":\"tx.request\",\"id\":\"a\",\"kind\":\"chat\",\"payload\":{\"text\":\"" + "x".repeat(TxJson.MAX_MESSAGE_BYTES) + "\"}}";
        ProtocolException e = assertThrows(ProtocolException.class, () -> TxJson.readTx(big));
        assertTrue(e.getMessage().contains("(expected: <= " + TxJson.MAX_MESSAGE_BYTES + ")"), e.getMessage());
    }

    @Test
    void rejectsDeepNesting() {
        String deep = "{\"type\":\"tx.request\",\"id\":\"a\",\"kind\":\"k\",\"payload\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "}";
        ProtocolException e = assertThrows(ProtocolException.class, () -> TxJson.readTx(deep));
        assertInstanceOf(Exception.class, e.getCause());
        assertTrue(e.getMessage().toLowerCase().contains("nesting depth"), e.getMessage());
    }

    @Test
    void rejectsJoinRequestWithoutName() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> TxJson.read("{\"offer\":\"v=0\"}", JoinRequest.class));
        assertTrue(e.getMessage().contains("name"), e.getMessage());
    }

    @Test
    void rejectsWorldConfigWithZeroWidth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WorldConfig(0, 3000, 600, 150));
        assertTrue(e.getMessage().startsWith("width: 0"), e.getMessage());
    }

    @Test
    void rejectsRoomConfigWithZeroTickRate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RoomConfig("r", 0, 1, 1, 1, 1100));
        assertEquals("tickRate: 0 (expected: 1..128)", e.getMessage());
    }
}
