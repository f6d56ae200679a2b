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
     * @param resumeKey the key of a previous {@link JoinedRoom} to resume that player (balance, pending tx
     *                  results), or null for a new player; an unknown key is ignored (a new key is issued)
     */
    public record JoinCommand(String roomId, String name, String resumeKey) {
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
     * @param resumeKey the player's stable key: present it on the next join to resume (secret; 22 chars)
     * @param ownerNode node that runs the room
     * @param resumed   true when {@code resumeKey} was known (balance and tx results carried over)
     */
    public record JoinedRoom(String roomId, int playerId, RoomConfig config, String resumeKey, String ownerNode, boolean resumed) {
    }
}
