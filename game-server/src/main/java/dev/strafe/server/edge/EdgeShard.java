package dev.strafe.server.edge;

import dev.strafe.protocol.tx.RoomEvent;
import dev.strafe.protocol.tx.TxJson;
import dev.strafe.server.room.RoomGateway;
import dev.strafe.server.room.WorldFrame;
import io.vertx.core.Context;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The edge's part of one event loop: the players whose peers live on that loop, grouped by room, and one
 * subscription per room to the room's state ({@link WorldFrame}s, published every tick) and events. A frame is
 * fanned out to the loop's members of the room; an event is serialized once and sent to each. Every method runs
 * on {@link #context} (the subscriptions were registered there, so Vert.x delivers to it): no locks.
 */
final class EdgeShard {

    /** The members of one room on this loop and the room's subscriptions. */
    private static final class RoomMembers {
        final List<PlayerSession> sessions = new ArrayList<>();
        MessageConsumer<WorldFrame> state;
        MessageConsumer<RoomEvent> events;
        int snapshotEvery = 1;
    }

    final Context context;
    private final RoomGateway gateway;
    private final InterestView interest = new InterestView();
    private final EdgeMetrics metrics;
    /** Per-frame outcome counts by {@code PlayerSession.SENT_*}/{@code DROPPED_*}: one meter update per frame, not per player. */
    private final int[] outcomes = new int[5];
    private final Map<String, RoomMembers> rooms = new HashMap<>();

    EdgeShard(Context context, RoomGateway gateway, EdgeMetrics metrics) {
        this.context = context;
        this.gateway = gateway;
        this.metrics = metrics;
    }

    /** Adds {@code session} to its room on this loop, subscribing to the room on its first member here. */
    void attach(PlayerSession session) {
        RoomMembers members = rooms.get(session.roomId);
        if (members == null) {
            RoomMembers m = new RoomMembers();
            int tickRate = session.config.tickRate();
            int snapshotRate = session.config.snapshotRate();
            m.snapshotEvery = snapshotRate > 0 && snapshotRate < tickRate ? Math.max(1, tickRate / snapshotRate) : 1;
            m.state = gateway.subscribeState(session.roomId, frame -> onFrame(m, frame));
            m.events = gateway.subscribeEvents(session.roomId, event -> onEvent(m, event));
            rooms.put(session.roomId, m);
            members = m;
        }
        members.sessions.add(session);
        session.shard = this;
    }

    /** Removes {@code session}; the room's subscriptions go with its last member on this loop. */
    void detach(PlayerSession session) {
        RoomMembers members = rooms.get(session.roomId);
        if (members == null || !members.sessions.remove(session)) {
            return;
        }
        if (members.sessions.isEmpty()) {
            rooms.remove(session.roomId);
            members.state.unregister();
            members.events.unregister();
        }
    }

    private void onFrame(RoomMembers members, WorldFrame frame) {
        if (members.snapshotEvery > 1 && frame.tick() % members.snapshotEvery != 0) {
            return;
        }
        List<PlayerSession> sessions = members.sessions;
        int[] counts = outcomes;
        java.util.Arrays.fill(counts, 0);
        for (int i = 0, n = sessions.size(); i < n; i++) {
            counts[sessions.get(i).sendSnapshot(frame, interest)]++;
        }
        metrics.snapshotsCounted(counts[PlayerSession.SENT_FULL], counts[PlayerSession.SENT_DELTA],
                counts[PlayerSession.DROPPED_CONGESTION], counts[PlayerSession.DROPPED_SEND_FAILED]);
    }

    private void onEvent(RoomMembers members, RoomEvent event) {
        String json = TxJson.writeTx(event);
        for (PlayerSession s : members.sessions.toArray(PlayerSession[]::new)) { // sendTx may close a slow player
            s.sendTx(json);
        }
    }

    /** Sends {@code json} on every member's {@code tx} channel (drain). */
    void broadcast(String json) {
        List<PlayerSession> all = new ArrayList<>();
        rooms.values().forEach(m -> all.addAll(m.sessions));
        all.forEach(s -> s.sendTx(json));
    }

    /** Members on this loop (all rooms). */
    int members() {
        int n = 0;
        for (RoomMembers m : rooms.values()) {
            n += m.sessions.size();
        }
        return n;
    }

    /** Unregisters every subscription (verticle stop). */
    void close() {
        for (RoomMembers m : rooms.values()) {
            m.state.unregister();
            m.events.unregister();
        }
        rooms.clear();
    }
}
