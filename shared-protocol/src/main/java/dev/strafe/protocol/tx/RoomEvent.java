package dev.strafe.protocol.tx;

import com.fasterxml.jackson.annotation.JsonProperty;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Server to client: something happened in the room (a committed transaction's effect, a player joined,
 * a chat line). Broadcast to every member in {@code stateVersion} order.
 *
 * @param kind         game-defined event kind, 1..64 chars {@code [A-Za-z0-9._:-]}
 * @param data         a JSON object
 * @param stateVersion room state version this event produced
 * @param txId         id of the transaction that caused it, absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoomEvent(String kind, ObjectNode data, @JsonProperty(required = true) long stateVersion, String txId) implements TxMessage {

    public static final String TYPE = "room.event";

    public RoomEvent {
        Checks.token("kind", kind, TxRequest.MAX_KIND_LENGTH);
        Checks.present("data", data);
        Checks.nonNegative("stateVersion", stateVersion);
        if (txId != null) {
            Checks.token("txId", txId, TxRequest.MAX_ID_LENGTH);
        }
    }
}
