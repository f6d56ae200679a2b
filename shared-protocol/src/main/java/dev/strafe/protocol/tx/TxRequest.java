package dev.strafe.protocol.tx;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Client to server: a transaction request.
 *
 * @param id      client-chosen idempotency key, 1..64 chars {@code [A-Za-z0-9._:-]}; a retried id never applies twice
 * @param kind    game-defined transaction kind ("buy", "trade", "pickup", "chat"), same charset, 1..64 chars
 * @param payload a JSON object, interpreted by the room's handler for {@code kind}
 */
public record TxRequest(String id, String kind, ObjectNode payload) implements TxMessage {

    public static final String TYPE = "tx.request";
    public static final int MAX_ID_LENGTH = 64;
    public static final int MAX_KIND_LENGTH = 64;

    public TxRequest {
        Checks.token("id", id, MAX_ID_LENGTH);
        Checks.token("kind", kind, MAX_KIND_LENGTH);
        Checks.present("payload", payload);
    }
}
