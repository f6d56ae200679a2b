package dev.strafe.server.room;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strafe.protocol.tx.RoomEvent;
import dev.strafe.protocol.tx.TxJson;
import dev.strafe.protocol.tx.TxRequest;
import dev.strafe.protocol.tx.TxResult;

import java.util.function.IntFunction;

/**
 * The demo economy's rules: validates a {@link TxRequest} against the {@link RoomState} and the
 * {@link RoomSimulation} (server positions), applies it to the state in one step and says what to publish.
 * Plain Java, deterministic, never throws because of a client: an unknown kind or a malformed payload is a
 * {@code rejected} result with a machine-readable {@code error} ({@code code} or {@code code: detail}).
 *
 * <table>
 *   <caption>transaction kinds</caption>
 *   <tr><th>kind</th><th>payload</th><th>effect</th><th>event</th><th>errors</th></tr>
 *   <tr><td>{@code pickup}</td><td>{@code {"coinId": u16}}</td><td>coin removed, +1 coin (minted)</td>
 *       <td>{@code coin.picked}</td><td>{@code coin_gone, too_far}</td></tr>
 *   <tr><td>{@code buy}</td><td>{@code {"item": "hat"}}</td><td>-price (spent), item +1</td>
 *       <td>{@code shop.bought}</td><td>{@code unknown_item, insufficient_funds}</td></tr>
 *   <tr><td>{@code transfer}</td><td>{@code {"to": playerId, "amount": n}}</td><td>moves n coins</td>
 *       <td>{@code coins.transferred}</td><td>{@code unknown_recipient, self_transfer, invalid_amount,
 *       insufficient_funds}</td></tr>
 * </table>
 * Any kind: {@code unknown_kind}, {@code bad_payload}.
 *
 * <p>Idempotency: the first result of an id is remembered per player key (last
 * {@link RoomSettings#txResultWindow()} ids); a retry returns it and applies nothing. Rejections are remembered
 * too (a retry does not turn a rejected transfer into a committed one later).
 */
public final class RoomLedger {

    public static final String PICKUP = "pickup";
    public static final String BUY = "buy";
    public static final String TRANSFER = "transfer";

    public static final String COIN_PICKED = "coin.picked";
    public static final String SHOP_BOUGHT = "shop.bought";
    public static final String COINS_TRANSFERRED = "coins.transferred";
    public static final String PLAYER_JOINED = "player.joined";
    public static final String PLAYER_LEFT = "player.left";

    /** A coin's value. */
    public static final int COIN_VALUE = 1;

    private final RoomSettings settings;

    public RoomLedger(RoomSettings settings) {
        this.settings = settings;
    }

    /**
     * Decides and applies one transaction of player {@code playerKey} (entity {@code playerEntity}).
     *
     * @param keyOfEntity the player key of a player entity in the room, or null (transfer recipients)
     */
    public TxOutcome execute(RoomState state, RoomSimulation world, String playerKey, int playerEntity,
                             TxRequest request, IntFunction<String> keyOfEntity) {
        if (!state.knows(playerKey)) {
            throw new IllegalArgumentException("player key not registered (a caller bug: register on join)");
        }
        TxResult first = state.recentResult(playerKey, request.id());
        if (first != null) {
            return new TxOutcome(first, null, -1, true, null);
        }
        return switch (request.kind()) {
            case PICKUP -> pickup(state, world, playerKey, playerEntity, request);
            case BUY -> buy(state, playerKey, playerEntity, request);
            case TRANSFER -> transfer(state, playerKey, playerEntity, request, keyOfEntity);
            default -> reject(state, playerKey, request, "unknown_kind: '" + request.kind() + "' (expected: one of pickup, buy, transfer)");
        };
    }

    private TxOutcome pickup(RoomState state, RoomSimulation world, String key, int player, TxRequest request) {
        int coin = intField(request.payload(), "coinId", 1, 0xFFFF);
        if (coin < 0) {
            return reject(state, key, request, "bad_payload: coinId (expected: an integer 1..65535)");
        }
        String invalid = world.checkPickup(player, coin);
        if (invalid != null) {
            return reject(state, key, request, invalid);
        }
        RoomState.Checkpoint undo = state.checkpoint(key);
        state.credit(key, COIN_VALUE, true);
        long version = state.bumpVersion();
        ObjectNode data = data().put("player", player).put("coin", coin).put("value", COIN_VALUE)
                .put("balance", state.balance(key));
        return commit(state, key, request, version, COIN_PICKED, data, coin, undo);
    }

    private TxOutcome buy(RoomState state, String key, int player, TxRequest request) {
        JsonNode itemNode = request.payload().get("item");
        if (itemNode == null || !itemNode.isTextual()) {
            return reject(state, key, request, "bad_payload: item (expected: a string)");
        }
        String item = itemNode.textValue();
        Integer price = settings.prices().get(item);
        if (price == null) {
            return reject(state, key, request, "unknown_item");
        }
        if (state.balance(key) < price) {
            return reject(state, key, request, "insufficient_funds");
        }
        RoomState.Checkpoint undo = state.checkpoint(key);
        state.debit(key, price, true);
        state.addItem(key, item);
        long version = state.bumpVersion();
        ObjectNode data = data().put("player", player).put("item", item).put("price", price.intValue());
        return commit(state, key, request, version, SHOP_BOUGHT, data, -1, undo);
    }

    private TxOutcome transfer(RoomState state, String key, int player, TxRequest request, IntFunction<String> keyOfEntity) {
        int to = intField(request.payload(), "to", 0, 0xFFFF);
        if (to < 0) {
            return reject(state, key, request, "bad_payload: to (expected: a player id 0..65535)");
        }
        int amount = intField(request.payload(), "amount", 1, Integer.MAX_VALUE);
        if (amount < 0) {
            return reject(state, key, request, "invalid_amount: (expected: an integer >= 1)");
        }
        if (to == player) {
            return reject(state, key, request, "self_transfer");
        }
        String toKey = keyOfEntity.apply(to);
        if (toKey == null || !state.knows(toKey)) {
            return reject(state, key, request, "unknown_recipient");
        }
        if (state.balance(key) < amount) {
            return reject(state, key, request, "insufficient_funds");
        }
        RoomState.Checkpoint undo = state.checkpoint(key, toKey);
        state.debit(key, amount, false);
        state.credit(toKey, amount, false);
        long version = state.bumpVersion();
        ObjectNode data = data().put("from", player).put("to", to).put("amount", amount);
        return commit(state, key, request, version, COINS_TRANSFERRED, data, -1, undo);
    }

    private TxOutcome commit(RoomState state, String key, TxRequest request, long version, String kind, ObjectNode data,
                             int removedCoin, RoomState.Checkpoint undo) {
        TxResult result = TxResult.committed(request.id(), version);
        state.remember(key, result, settings.txResultWindow());
        return new TxOutcome(result, new RoomEvent(kind, data, version, request.id()), removedCoin, false, undo);
    }

    private TxOutcome reject(RoomState state, String key, TxRequest request, String error) {
        RoomState.Checkpoint undo = state.checkpoint(key);
        TxResult result = TxResult.rejected(request.id(), error, state.stateVersion());
        state.remember(key, result, settings.txResultWindow());
        return new TxOutcome(result, null, -1, false, undo);
    }

    /** The integer field {@code name} in {@code [min, max]}, or -1 when absent, not an integer or out of range. */
    private static int intField(ObjectNode payload, String name, int min, int max) {
        JsonNode n = payload.get(name);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
            return -1;
        }
        int v = n.intValue();
        return v < min || v > max ? -1 : v;
    }

    private static ObjectNode data() {
        return TxJson.mapper().createObjectNode();
    }
}
