package dev.strafe.server.room;

import dev.strafe.protocol.pos.Input;
import dev.strafe.protocol.pos.InputCodec;
import dev.strafe.protocol.tx.RoomEvent;
import dev.strafe.protocol.tx.TxRequest;
import dev.strafe.protocol.tx.TxResult;
import dev.strafe.server.cluster.RoomDirectory;
import dev.strafe.server.cluster.RoomInfo;
import dev.strafe.server.room.RoomMessages.JoinCommand;
import dev.strafe.server.room.RoomMessages.JoinedRoom;
import dev.strafe.server.room.RoomMessages.LeaveCommand;
import dev.strafe.server.room.RoomMessages.PlayerInput;
import dev.strafe.server.room.RoomMessages.TxCommand;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.Arrays;
import java.util.List;

/**
 * What the edge (signaling API, UDP peers) calls to reach rooms, wherever their owner runs: everything goes over
 * the event bus (same path on one node and in a cluster). Thread-safe; call from any context. Failures are
 * {@link ReplyException}s: branch with {@link RoomError#of(Throwable)}.
 *
 * <pre>{@code
 * gateway.join("lobby", "ada", playerKeyOrNull)          // -> JoinedRoom(playerId, config, playerKey, ...)
 * gateway.subscribeState("lobby", frame -> ...)          // every tick: WorldFrame
 * gateway.subscribeEvents("lobby", event -> ...)         // RoomEvent for the tx channel
 * gateway.sendInput("lobby", playerId, bytes, 0, n)      // pos Input message as received, fire-and-forget
 * gateway.transact("lobby", playerId, txRequest)         // -> TxResult (committed / rejected / failed)
 * gateway.leave("lobby", playerId)
 * }</pre>
 */
public final class RoomGateway {

    /** Request timeout of join/tx/leave. */
    public static final long REQUEST_TIMEOUT_MILLIS = 5_000;
    /** Player keys: like tx ids, {@code [A-Za-z0-9._:-]{1,64}} (base64url keys the room issues fit). */
    public static final java.util.regex.Pattern PLAYER_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final Vertx vertx;
    private final RoomDirectory directory;
    private final String nodeId;
    private final DeliveryOptions options = new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MILLIS);

    /**
     * @param nodeId the node that opens a room nobody owns yet (this node)
     */
    public RoomGateway(Vertx vertx, RoomDirectory directory, String nodeId) {
        this.vertx = vertx;
        this.directory = directory;
        this.nodeId = nodeId;
        RoomCodecs.register(vertx, null);
    }

    /**
     * Joins {@code roomId}, opening it (on this node, through the directory) when no node runs it.
     *
     * @param playerKey the player's verified stable identity (token subject, or {@link JoinedRoom#playerKey()} of
     *                  an earlier join from a signed resume token), or null for an anonymous player (a random key
     *                  is issued)
     * @return the player's entity id, the room config and its key; fails {@code ROOM_FULL},
     *         {@code DRAINING}, {@code BAD_REQUEST} (room id, name), {@code UNAVAILABLE}
     */
    public Future<JoinedRoom> join(String roomId, String playerName, String playerKey) {
        if (roomId == null || !RoomVerticle.ROOM_ID.matcher(roomId).matches()) {
            return badRequest("room id: '" + roomId + "' (expected: [A-Za-z0-9._-]{1,64})");
        }
        if (playerName == null || playerName.isBlank() || playerName.length() > 32) {
            return badRequest("name: '" + playerName + "' (expected: 1..32 chars, not blank)");
        }
        if (playerKey != null && !PLAYER_KEY.matcher(playerKey).matches()) {
            return badRequest("player key: length " + playerKey.length() + " (expected: 1..64 chars [A-Za-z0-9._:-])");
        }
        JoinCommand cmd = new JoinCommand(roomId, playerName, playerKey);
        return vertx.eventBus().<JoinedRoom>request(RoomAddresses.join(roomId), cmd, options)
                .map(Message::body)
                .recover(failure -> {
                    // no room (never opened, or reaped), or a room that closed while the join was on its way: open it
                    if (failure instanceof ReplyException re && (re.failureType() == ReplyFailure.NO_HANDLERS
                            || re.failureType() == ReplyFailure.RECIPIENT_FAILURE && re.failureCode() == RoomError.UNAVAILABLE.code())) {
                        return directory.claim(roomId, nodeId)
                                .compose(owner -> vertx.eventBus().<JoinedRoom>request(RoomAddresses.open(owner), cmd, options))
                                .map(Message::body);
                    }
                    return Future.failedFuture(failure);
                });
    }

    /** Sends one input (encoded here with {@link InputCodec}); fire-and-forget. */
    public void sendInput(String roomId, int playerId, Input input) {
        vertx.eventBus().send(RoomAddresses.input(roomId), PlayerInputCodec.of(playerId, input));
    }

    /**
     * Hot-path variant for the edge: {@code inputAddress} from {@link RoomAddresses#input} (computed once per
     * session) and a whole {@code pos} Input message the caller hands over (the data channel's fresh array, not
     * used by the caller afterwards), so nothing is copied or concatenated per input; fire-and-forget.
     */
    public void sendOwnedInput(String inputAddress, int playerId, byte[] message) {
        if (message.length > InputCodec.MAX_INPUT_BYTES) {
            throw new IllegalArgumentException("input length: " + message.length + " (expected: <= " + InputCodec.MAX_INPUT_BYTES + ")");
        }
        vertx.eventBus().send(inputAddress, new PlayerInput(playerId, message));
    }

    /** Sends a {@code pos} Input message as received from the player (copied); fire-and-forget. */
    public void sendInput(String roomId, int playerId, byte[] message, int offset, int length) {
        if (length > InputCodec.MAX_INPUT_BYTES) {
            throw new IllegalArgumentException("input length: " + length + " (expected: <= " + InputCodec.MAX_INPUT_BYTES + ")");
        }
        vertx.eventBus().send(RoomAddresses.input(roomId), new PlayerInput(playerId, Arrays.copyOfRange(message, offset, offset + length)));
    }

    /**
     * Runs a transaction. Completes with the {@link TxResult} (also for rule refusals: {@code rejected} with an
     * error code; a store failure: {@code failed}, safe to retry with the same id); fails {@code UNKNOWN_PLAYER},
     * {@code OVERLOADED}, {@code UNAVAILABLE}.
     */
    public Future<TxResult> transact(String roomId, int playerId, TxRequest request) {
        return vertx.eventBus().<TxResult>request(RoomAddresses.tx(roomId), new TxCommand(playerId, request), options)
                .map(Message::body);
    }

    /** Removes the player; fails {@code UNKNOWN_PLAYER}. */
    public Future<Void> leave(String roomId, int playerId) {
        return vertx.eventBus().request(RoomAddresses.leave(roomId), new LeaveCommand(playerId), options).mapEmpty();
    }

    /**
     * The room's roster now, as the event a newly connected player gets first: {@code room.state {players:
     * [{player, name, balance, items}]}}.
     */
    public Future<RoomEvent> roster(String roomId) {
        return vertx.eventBus().<RoomEvent>request(RoomAddresses.roster(roomId), null, options).map(m -> m.body());
    }

    /** Every tick's world of {@code roomId}. Unregister the consumer when the last member leaves. */
    public MessageConsumer<WorldFrame> subscribeState(String roomId, Handler<WorldFrame> handler) {
        return vertx.eventBus().<WorldFrame>consumer(RoomAddresses.state(roomId), m -> handler.handle(m.body()));
    }

    /** The room's events ({@code player.joined}, {@code coin.picked}, ...) in state-version order. */
    public MessageConsumer<RoomEvent> subscribeEvents(String roomId, Handler<RoomEvent> handler) {
        return vertx.eventBus().<RoomEvent>consumer(RoomAddresses.events(roomId), m -> handler.handle(m.body()));
    }

    /** The room directory ({@code GET /v1/rooms}). */
    public Future<List<RoomInfo>> rooms() {
        return directory.list();
    }

    private static <T> Future<T> badRequest(String text) {
        return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, RoomError.BAD_REQUEST.code(), text));
    }
}
