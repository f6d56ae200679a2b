package dev.strafe.server.edge;

import dev.strafe.protocol.tx.RoomEvent;
import dev.strafe.protocol.tx.TxJson;
import dev.strafe.protocol.tx.TxMessage;
import dev.strafe.protocol.tx.TxResult;
import dev.strafe.protocol.tx.TxStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlayerSessionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown property keeps the id | {\"type\":\"tx.request\",\"id\":\"a-1\",\"kind\":\"buy\",\"payload\":{},\"x\":1} | a-1",
            "missing payload keeps the id  | {\"type\":\"tx.request\",\"id\":\"a-2\",\"kind\":\"buy\"}                     | a-2",
    })
    void answersAMalformedRequestWithARejectedResultWhenItsIdIsReadable(String name, String json, String id) {
        TxMessage m = TxJson.readTx(PlayerSession.malformed(json, "tx json: bad"));
        TxResult r = assertInstanceOf(TxResult.class, m);
        assertEquals(id, r.id());
        assertEquals(TxStatus.REJECTED, r.status());
        assertEquals("malformed: tx json: bad", r.error());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json           | {oops",
            "id not a token     | {\"type\":\"tx.request\",\"id\":\"a b\"}",
            "id not a string    | {\"type\":\"tx.request\",\"id\":7}",
            "an array           | [1,2]",
    })
    void answersUnreadableMessagesWithATxErrorEvent(String name, String json) {
        RoomEvent e = assertInstanceOf(RoomEvent.class, TxJson.readTx(PlayerSession.malformed(json, "tx json: bad")));
        assertEquals("tx.error", e.kind());
        assertEquals("malformed", e.data().get("error").textValue());
        assertTrue(e.data().get("detail").textValue().startsWith("tx json"));
    }

    @org.junit.jupiter.api.Test
    void truncatesLongDetailsToTheResultsLimit() {
        TxResult r = (TxResult) TxJson.readTx(PlayerSession.malformed("{\"id\":\"z\"}", "x".repeat(1000)));
        assertEquals(TxResult.MAX_ERROR_LENGTH, r.error().length());
    }
}
