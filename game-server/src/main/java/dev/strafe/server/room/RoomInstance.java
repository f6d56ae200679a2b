package dev.strafe.server.room;

import dev.strafe.protocol.ProtocolException;
import dev.strafe.protocol.pos.Input;
import dev.strafe.protocol.pos.InputCodec;
import dev.strafe.protocol.pos.PosHeader;
import dev.strafe.protocol.pos.SnapshotLayout;
import dev.strafe.protocol.tx.RoomConfig;
import dev.strafe.protocol.tx.RoomEvent;
import dev.strafe.protocol.tx.TxJson;
import dev.strafe.protocol.tx.TxResult;
import dev.strafe.protocol.tx.TxStatus;
import dev.strafe.protocol.tx.WorldConfig;
import dev.strafe.server.cluster.RoomDirectory;
import dev.strafe.server.cluster.RoomStateStore;
import dev.strafe.server.room.RoomMessages.JoinCommand;
import dev.strafe.server.room.RoomMessages.JoinedRoom;
import dev.strafe.server.room.RoomMessages.LeaveCommand;
import dev.strafe.server.room.RoomMessages.PlayerInput;
import dev.strafe.server.room.RoomMessages.TxCommand;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;

/**
 * One open room on its owner's {@link RoomVerticle} context: the simulation, the durable state, the event-bus
 * consumers and the tick timer. Every method runs on that one context (STYLE #19), so nothing here locks.
 *
 * <h2>Transactions: commit = saved</h2>
 * Transactions of a room go through one queue (bounded, {@link RoomSettings#maxPendingTx()}), one at a time:
 * look the id up (a retry replies the first result, nothing applied) → {@link RoomLedger#execute} mutates the
 * state → {@link RoomStateStore#save} → on success the simulation effect (a picked coin disappears), the reply
 * and the {@code RoomEvent}; on failure the state is restored from the checkpoint and the reply is
 * {@code failed} ({@code storage_unavailable}, nothing applied, safe to retry). Serializing per room gives
 * per-player order and first-claim-wins for coins.
 */
final class RoomInstance {

    private static final Logger LOG = LoggerFactory.getLogger(RoomInstance.class);
    private static final SecureRandom KEYS = new SecureRandom();

    private final String roomId;
    private final String nodeId;
    private final RoomSettings settings;
    private final Vertx vertx;
    private final Context context;
    private final RoomVerticle owner;
    private final RoomDirectory directory;
    private final RoomStateStore store;
    private final RoomMetrics metrics;
    private final RoomSimulation simulation;
    private final RoomLedger ledger;
    private final RoomState state;
    private final RoomConfig config;
    private final Input input = new Input();
    private final HashMap<Integer, String> keyOfEntity = new HashMap<>();
    private final HashMap<String, Integer> entityOfKey = new HashMap<>();
    private final ArrayDeque<PendingTx> pending = new ArrayDeque<>();
    private final List<MessageConsumer<?>> consumers;
    private final String stateAddress;
    private final String eventsAddress;
    private final TickClock clock;

    private final Thread eventLoopThread = Thread.currentThread();
    private long timerId = -1;
    private boolean committing;
    private boolean pumping;
    private boolean draining;
    private boolean closed;
    private long emptySinceNanos;

    private record PendingTx(Message<TxCommand> message, String playerKey, int playerId, long receivedNanos) {
    }

    RoomInstance(String roomId, String nodeId, RoomSettings settings, RoomState state, Vertx vertx, Context context,
                 RoomVerticle owner, RoomDirectory directory, RoomStateStore store, RoomMetrics metrics) {
        if (!Context.isOnEventLoopThread() || Vertx.currentContext() == null) {
            throw new IllegalStateException("a room is created on its verticle's event loop");
        }
        this.roomId = roomId;
        this.nodeId = nodeId;
        this.settings = settings;
        this.state = state;
        this.vertx = vertx;
        this.context = context;
        this.owner = owner;
        this.directory = directory;
        this.store = store;
        this.metrics = metrics;
        this.simulation = new RoomSimulation(settings, settings.seed() * 0x9E3779B97F4A7C15L ^ roomId.hashCode());
        this.ledger = new RoomLedger(settings);
        // world: the client predicts (and draws) with the room's own arena, speed and pickup radius
        this.config = new RoomConfig(roomId, settings.tickRate(), settings.tickRate(), settings.capacity(),
                PosHeader.SCHEMA_VERSION, SnapshotLayout.MAX_SNAPSHOT_BYTES,
                new WorldConfig(settings.worldWidthCm(), settings.worldHeightCm(), settings.maxSpeedCmPerSecond(),
                        settings.pickupRadiusCm()));
        this.stateAddress = RoomAddresses.state(roomId);
        this.eventsAddress = RoomAddresses.events(roomId);
        long now = System.nanoTime();
        this.clock = new TickClock(settings.tickRate(), now);
        this.emptySinceNanos = now;
        EventBus bus = vertx.eventBus();
        this.consumers = List.of(
                bus.<PlayerInput>consumer(RoomAddresses.input(roomId), this::onInput),
                bus.<TxCommand>consumer(RoomAddresses.tx(roomId), this::onTx),
                bus.<JoinCommand>consumer(RoomAddresses.join(roomId), this::onJoin),
                bus.<LeaveCommand>consumer(RoomAddresses.leave(roomId), this::onLeave),
                bus.<Object>consumer(RoomAddresses.roster(roomId), this::onRoster));
    }

    /**
     * Completes when the consumers are registered (cluster-wide in a cluster); then the tick timer starts, so the
     * joins that opened the room are in before the first reaping check.
     */
    Future<Void> start() {
        metrics.roomOpened();
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).<Void>mapEmpty().onSuccess(v -> {
            if (!closed) {
                emptySinceNanos = System.nanoTime();
                timerId = vertx.setPeriodic(TickClock.timerPeriodMillis(settings.tickRate()), id -> onTimer(System.nanoTime()));
            }
        });
    }

    /**
     * Unregisters, stops ticking; pending transactions fail as {@code UNAVAILABLE} (not applied). The verticle
     * releases the room in the directory afterwards (unless it has reopened meanwhile).
     */
    Future<Void> close() {
        if (closed) {
            return Future.succeededFuture();
        }
        closed = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        metrics.roomClosed();
        metrics.playersChanged(-simulation.playerCount());
        for (PendingTx p : pending) {
            p.message().fail(RoomError.UNAVAILABLE.code(), "room " + roomId + " closed");
        }
        pending.clear();
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
    }

    String id() {
        return roomId;
    }

    RoomSimulation simulation() {
        return simulation;
    }

    RoomState state() {
        return state;
    }

    int players() {
        return simulation.playerCount();
    }

    void drain() {
        if (!draining) {
            draining = true;
            publishEvent("room.draining", TxJson.mapper().createObjectNode().put("node", nodeId), null);
        }
    }

    // ------------------------------------------------------------------ tick

    void onTimer(long nowNanos) {
        if (closed) {
            return;
        }
        int due = clock.due(nowNanos);
        long skipped = clock.skipped();
        for (int i = 0; i < due; i++) {
            long t0 = System.nanoTime();
            simulation.tick();
            vertx.eventBus().publish(stateAddress, simulation.frame());
            long took = System.nanoTime() - t0;
            metrics.tick(took);
            if (took > clock.periodNanos()) {
                metrics.overrun(1);
            }
        }
        if (clock.skipped() != skipped) {
            metrics.overrun((int) (clock.skipped() - skipped));
        }
        if (simulation.playerCount() > 0 || !pending.isEmpty() || committing) {
            emptySinceNanos = nowNanos;
        } else if (nowNanos - emptySinceNanos >= settings.reapGraceMillis() * 1_000_000L) {
            owner.reap(this);
        }
    }

    // ------------------------------------------------------------------ input

    private void onInput(Message<PlayerInput> message) {
        PlayerInput in = message.body();
        byte[] bytes = in.message();
        InputDrop drop;
        try {
            InputCodec.decode(bytes, 0, bytes.length, input);
            drop = simulation.offerInput(in.playerId(), input.sequence(), input.moveX(), input.moveY(), input.aim());
        } catch (ProtocolException e) {
            drop = simulation.drop(InputDrop.MALFORMED);
        }
        if (drop != RoomSimulation.ACCEPTED) {
            metrics.dropped(drop);
        }
    }

    // ------------------------------------------------------------------ join / leave

    void onJoin(Message<JoinCommand> message) {
        JoinCommand cmd = message.body();
        if (closed) {
            message.fail(RoomError.UNAVAILABLE.code(), "room " + roomId + " closed (expected: retry the join)");
            return;
        }
        if (draining) {
            message.fail(RoomError.DRAINING.code(), "node " + nodeId + " is draining (expected: join another node)");
            return;
        }
        if (cmd.playerKey() != null && !RoomGateway.PLAYER_KEY.matcher(cmd.playerKey()).matches()) {
            message.fail(RoomError.BAD_REQUEST.code(), "player key: length " + cmd.playerKey().length()
                    + " (expected: 1..64 chars [A-Za-z0-9._:-])");
            return;
        }
        if (cmd.name().isBlank() || cmd.name().length() > 32) {
            message.fail(RoomError.BAD_REQUEST.code(), "name: length " + cmd.name().length() + " (expected: 1..32 chars, not blank)");
            return;
        }
        String key = cmd.playerKey() != null ? cmd.playerKey() : newKey();
        boolean resumed = state.knows(key);
        Integer present = entityOfKey.get(key);
        if (present != null) { // the same player again (a new connection before the old one left): take over
            simulation.restartInputs(present);
            state.register(key, cmd.name());
            message.reply(new JoinedRoom(roomId, present, config, key, nodeId, true));
            return;
        }
        if (simulation.isFull()) {
            message.fail(RoomError.ROOM_FULL.code(), "room " + roomId + ": " + simulation.playerCount()
                    + " players (expected: < " + settings.capacity() + ")");
            return;
        }
        if (!resumed && state.knownPlayers() >= settings.maxKnownPlayers()
                && !state.evictOne(k -> !entityOfKey.containsKey(k))) {
            message.fail(RoomError.ROOM_FULL.code(), "room " + roomId + ": ledger holds " + state.knownPlayers()
                    + " players with coins (expected: < " + settings.maxKnownPlayers() + ")");
            return;
        }
        // a new record is saved with the player's first transaction: until then it holds nothing to lose
        state.register(key, cmd.name());
        int entity = simulation.join();
        keyOfEntity.put(entity, key);
        entityOfKey.put(key, entity);
        metrics.playersChanged(1);
        directory.update(roomId, nodeId, simulation.playerCount(), settings.capacity());
        message.reply(new JoinedRoom(roomId, entity, config, key, nodeId, resumed));
        var joinedEvent = TxJson.mapper().createObjectNode().put("player", entity).put("name", cmd.name());
        if (resumed) { // a returning player (its entity id may be new): the others learn its coins and items
            joinedEvent.put("balance", state.balance(key));
            joinedEvent.set("items", TxJson.mapper().valueToTree(state.player(key).inventory()));
        }
        publishEvent(RoomLedger.PLAYER_JOINED, joinedEvent, null);
    }

    private void onLeave(Message<LeaveCommand> message) {
        int entity = message.body().playerId();
        String key = keyOfEntity.remove(entity);
        if (key == null) {
            message.fail(RoomError.UNKNOWN_PLAYER.code(), "player " + entity + " (expected: a player of room " + roomId + ")");
            return;
        }
        entityOfKey.remove(key);
        simulation.leave(entity);
        metrics.playersChanged(-1);
        directory.update(roomId, nodeId, simulation.playerCount(), settings.capacity());
        message.reply(null);
        publishEvent(RoomLedger.PLAYER_LEFT, TxJson.mapper().createObjectNode().put("player", entity), null);
    }

    /**
     * Who is in the room now: {@code room.state {players: [{player, name, balance, items}]}} in entity order. The
     * edge sends it to a player whose channels just opened (it missed the {@code player.joined} of everyone before).
     */
    private void onRoster(Message<Object> message) {
        var players = TxJson.mapper().createArrayNode();
        new java.util.TreeMap<>(keyOfEntity).forEach((entity, key) -> {
            RoomState.PlayerRecord record = state.player(key);
            var p = players.addObject().put("player", entity).put("name", record == null ? "" : record.name())
                    .put("balance", state.balance(key));
            p.set("items", TxJson.mapper().valueToTree(record == null ? java.util.Map.of() : record.inventory()));
        });
        var data = TxJson.mapper().createObjectNode();
        data.set("players", players);
        message.reply(new RoomEvent(ROOM_STATE, data, state.stateVersion(), null));
    }

    // ------------------------------------------------------------------ transactions

    private void onTx(Message<TxCommand> message) {
        TxCommand cmd = message.body();
        String key = keyOfEntity.get(cmd.playerId());
        if (key == null) {
            message.fail(RoomError.UNKNOWN_PLAYER.code(), "player " + cmd.playerId() + " (expected: a player of room " + roomId + ")");
            return;
        }
        if (pending.size() >= settings.maxPendingTx()) {
            message.fail(RoomError.OVERLOADED.code(), "room " + roomId + ": " + pending.size()
                    + " pending transactions (expected: < " + settings.maxPendingTx() + ")");
            return;
        }
        pending.add(new PendingTx(message, key, cmd.playerId(), System.nanoTime()));
        pump();
    }

    /** Runs queued transactions one at a time; loops instead of recursing when saves complete synchronously. */
    private void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            while (!committing && !pending.isEmpty() && !closed) {
                PendingTx p = pending.poll();
                TxCommand cmd = p.message().body();
                TxOutcome outcome;
                try {
                    outcome = ledger.execute(state, simulation, p.playerKey(), p.playerId(), cmd.request(), keyOfEntity::get);
                } catch (RuntimeException bug) { // never an exception out of the room: reply, log, go on
                    LOG.error("room {}: transaction {} failed", roomId, cmd.request().id(), bug);
                    finish(p, new TxResult(cmd.request().id(), TxStatus.FAILED, "internal_error", state.stateVersion()), false);
                    continue;
                }
                if (outcome.replay()) {
                    finish(p, outcome.result(), true);
                    continue;
                }
                committing = true;
                RoomState.Changes changes = state.takeChanges();
                Future<Void> save;
                try {
                    save = store.save(roomId, changes);
                } catch (RuntimeException e) {
                    save = Future.failedFuture(e);
                }
                save.onComplete(ar -> onContext(() -> saved(p, outcome, changes, ar)));
            }
        } finally {
            pumping = false;
        }
    }

    private void saved(PendingTx p, TxOutcome outcome, RoomState.Changes changes, AsyncResult<Void> ar) {
        committing = false;
        if (ar.succeeded()) {
            if (outcome.removedCoin() >= 0) {
                simulation.removeCoin(outcome.removedCoin());
            }
            finish(p, outcome.result(), false);
            if (outcome.event() != null) {
                vertx.eventBus().publish(eventsAddress, outcome.event());
            }
        } else {
            LOG.warn("room {}: saving transaction {} failed: {}", roomId, outcome.result().id(), ar.cause().toString());
            state.requeue(changes);
            state.restore(outcome.undo());
            finish(p, new TxResult(outcome.result().id(), TxStatus.FAILED, "storage_unavailable", state.stateVersion()), false);
        }
        pump();
    }

    private void finish(PendingTx p, TxResult result, boolean replayed) {
        p.message().reply(result);
        metrics.tx(p.message().body().request().kind(), result.status(), replayed, System.nanoTime() - p.receivedNanos());
    }

    /** Runs {@code action} now when on the room's event-loop thread (a store that completed synchronously), else hops. */
    private void onContext(Runnable action) {
        if (Thread.currentThread() == eventLoopThread) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    private void publishEvent(String kind, com.fasterxml.jackson.databind.node.ObjectNode data, String txId) {
        vertx.eventBus().publish(eventsAddress, new RoomEvent(kind, data, state.stateVersion(), txId));
    }

    /** Kind of the roster event ({@link #onRoster}). */
    static final String ROOM_STATE = "room.state";

    private static String newKey() {
        byte[] b = new byte[16];
        KEYS.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
