package dev.strafe.server.room;

import dev.strafe.protocol.tx.RoomConfig;
import dev.strafe.protocol.tx.TxRequest;

import java.util.Objects;

/**
 * The immutable records the edge and the room exchange on the event bus (see {@link RoomAddresses}); each has
 * a codec in {@link RoomCodecs}.
 */
public final class RoomMessages {

    private RoomMessages() {
    }

    /**
     * Request on {@code strafe.room.<id>.join} and {@code strafe.node.<node>.rooms.open}.
     *
     * @param roomId    room id
     * @param name      display name
     * @param playerKey the player's stable identity, established by the edge (token subject, or the
     *                  {@link JoinedRoom#playerKey()} of an earlier join carried in its signed resume token);
     *                  balance, inventory and tx results are keyed by it, so a retried tx id after a reconnect
     *                  returns its first result. Null: the room issues a fresh random key. Trusted: the edge
     *                  must only pass keys it has verified. 1..64 chars {@code [A-Za-z0-9._:-]}
     */
    public record JoinCommand(String roomId, String name, String playerKey) {
        public JoinCommand {
            Objects.requireNonNull(roomId, "roomId");
            Objects.requireNonNull(name, "name");
        }
    }

    /** Request on {@code strafe.room.<id>.leave}; replies {@code null}. */
    public record LeaveCommand(int playerId) {
    }

    /** Request on {@code strafe.room.<id>.tx}; replies a {@code TxResult}. */
    public record TxCommand(int playerId, TxRequest request) {
        public TxCommand {
            Objects.requireNonNull(request, "request");
        }
    }

    /**
     * One-way on {@code strafe.room.<id>.input}: a player's {@code pos} Input message as received (the bytes
     * {@code InputCodec} decodes; the room decodes and validates again).
     *
     * @param playerId the player's entity id
     * @param message  the encoded Input, at most {@code InputCodec.MAX_INPUT_BYTES}; not modified after sending
     */
    public record PlayerInput(int playerId, byte[] message) {
        public PlayerInput {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Reply to {@link JoinCommand}.
     *
     * @param roomId    room id
     * @param playerId  the player's entity id in frames and snapshots (u16)
     * @param config    what the client needs (tick rate, capacity, ...)
     * @param playerKey the player's stable key (the one given, or a fresh random one, 22 chars base64url):
     *                  pass it on the next join to resume; keep it secret (put it in the signed resume token)
     * @param ownerNode node that runs the room
     * @param resumed   true when the room knew {@code playerKey} (balance and tx results carried over)
     */
    public record JoinedRoom(String roomId, int playerId, RoomConfig config, String playerKey, String ownerNode, boolean resumed) {
    }
}
