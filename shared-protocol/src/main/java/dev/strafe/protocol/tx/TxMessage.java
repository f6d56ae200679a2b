package dev.strafe.protocol.tx;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A message on the reliable, ordered {@code tx} channel (JSON text). The {@code "type"} property selects the
 * record; an unknown or missing type is rejected by {@link TxJson} with a {@link dev.strafe.protocol.ProtocolException}.
 *
 * <pre>
 * {"type":"tx.request","id":"c1-42","kind":"buy","payload":{"item":"sword"}}
 * {"type":"tx.result","id":"c1-42","status":"committed","stateVersion":17}
 * {"type":"room.event","kind":"item.bought","data":{...},"stateVersion":17,"txId":"c1-42"}
 * </pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = TxRequest.class, name = TxRequest.TYPE),
        @JsonSubTypes.Type(value = TxResult.class, name = TxResult.TYPE),
        @JsonSubTypes.Type(value = RoomEvent.class, name = RoomEvent.TYPE)
})
public sealed interface TxMessage permits TxRequest, TxResult, RoomEvent {
}
