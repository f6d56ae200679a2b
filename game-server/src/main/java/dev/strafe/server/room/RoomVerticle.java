package dev.strafe.server.room;

import dev.strafe.server.cluster.RoomDirectory;
import dev.strafe.server.cluster.RoomStateStore;
import dev.strafe.server.room.RoomMessages.JoinCommand;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The room role of a node (STYLE #6): owns the rooms this node runs, all on this verticle's one context
 * (STYLE #17/#19: no locks). Listens on {@code strafe.node.<nodeId>.rooms.open}: opens a room (loads its durable
 * state from the {@link RoomStateStore}, registers its addresses, starts its tick timer) and joins the player.
 * An empty room is closed after {@link RoomSettings#reapGraceMillis()} and released in the {@link RoomDirectory}.
 */
public final class RoomVerticle extends VerticleBase {

    /** Room ids: safe in event-bus addresses and URLs. */
    public static final Pattern ROOM_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String nodeId;
    private final Function<String, RoomSettings> settingsFor;
    private final RoomDirectory directory;
    private final RoomStateStore store;
    private final RoomMetrics metrics;
    private final Map<String, RoomInstance> rooms = new HashMap<>();
    private final Map<String, List<Message<JoinCommand>>> opening = new HashMap<>();
    private MessageConsumer<JoinCommand> openConsumer;
    private boolean draining;

    /**
     * @param nodeId      this node's id (the directory's owner id)
     * @param settingsFor settings of a room by id (defaults plus {@code rooms.custom.<id>})
     */
    public RoomVerticle(String nodeId, Function<String, RoomSettings> settingsFor, RoomDirectory directory,
                        RoomStateStore store, RoomMetrics metrics) {
        this.nodeId = nodeId;
        this.settingsFor = settingsFor;
        this.directory = directory;
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        RoomCodecs.register(vertx, null);
        openConsumer = vertx.eventBus().consumer(RoomAddresses.open(nodeId), this::onOpen);
        return openConsumer.completion();
    }

    @Override
    public Future<?> stop() {
        List<Future<Void>> closing = new ArrayList<>();
        for (RoomInstance room : List.copyOf(rooms.values())) {
            closing.add(room.close().compose(v -> directory.release(room.id(), nodeId)));
        }
        rooms.clear();
        for (String roomId : List.copyOf(opening.keySet())) {
            failWaiting(roomId, RoomError.UNAVAILABLE, "node " + nodeId + " stopping");
        }
        return Future.join(closing).compose(v -> openConsumer.unregister());
    }

    public String nodeId() {
        return nodeId;
    }

    /**
     * Joins fail with {@link RoomError#DRAINING} from now on; each room publishes a {@code room.draining} event
     * (the edge tells its players to reconnect elsewhere). Transactions and inputs keep working.
     */
    public Future<Void> drain() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            draining = true;
            rooms.values().forEach(RoomInstance::drain);
            done.complete();
        });
        return done.future();
    }

    /** Rooms open on this verticle (read on its context, or in tests after the fact). */
    public int roomCount() {
        return rooms.size();
    }

    private void onOpen(Message<JoinCommand> message) {
        String roomId = message.body().roomId();
        if (!ROOM_ID.matcher(roomId).matches()) {
            message.fail(RoomError.BAD_REQUEST.code(), "room id: '" + roomId + "' (expected: [A-Za-z0-9._-]{1,64})");
            return;
        }
        if (draining) {
            message.fail(RoomError.DRAINING.code(), "node " + nodeId + " is draining (expected: join another node)");
            return;
        }
        RoomInstance room = rooms.get(roomId);
        if (room != null) {
            room.onJoin(message);
            return;
        }
        List<Message<JoinCommand>> waiting = opening.get(roomId);
        if (waiting != null) {
            if (waiting.size() >= 1024) {
                message.fail(RoomError.OVERLOADED.code(), "room " + roomId + ": 1024 joins waiting for it to open (expected: fewer)");
            } else {
                waiting.add(message);
            }
            return;
        }
        waiting = new ArrayList<>();
        waiting.add(message);
        opening.put(roomId, waiting);
        RoomSettings settings;
        try {
            settings = settingsFor.apply(roomId);
        } catch (IllegalArgumentException e) {
            failWaiting(roomId, RoomError.BAD_REQUEST, e.getMessage());
            return;
        }
        Promise<RoomInstance> opened = Promise.promise();
        store.load(roomId).onComplete(ar -> context.runOnContext(v -> {
            if (ar.failed()) {
                opened.fail(ar.cause());
                return;
            }
            RoomInstance created = new RoomInstance(roomId, nodeId, settings, ar.result(), vertx, context, this,
                    directory, store, metrics);
            created.start().onComplete(s -> {
                if (s.succeeded()) {
                    opened.complete(created);
                } else {
                    created.close();
                    opened.fail(s.cause());
                }
            });
        }));
        opened.future().onComplete(ar -> {
            if (ar.failed()) {
                failWaiting(roomId, RoomError.UNAVAILABLE, "room " + roomId + " could not open: " + ar.cause().getMessage());
                return;
            }
            RoomInstance created = ar.result();
            rooms.put(roomId, created);
            directory.claim(roomId, nodeId); // re-claims if a reaped instance released it while this one opened
            directory.update(roomId, nodeId, 0, settings.capacity());
            if (draining) {
                created.drain();
            }
            for (Message<JoinCommand> m : opening.remove(roomId)) {
                created.onJoin(m);
            }
        });
    }

    private void failWaiting(String roomId, RoomError error, String text) {
        for (Message<JoinCommand> m : opening.remove(roomId)) {
            m.fail(error.code(), text);
        }
    }

    /** Called by an empty room after its grace period (on this context). */
    void reap(RoomInstance room) {
        if (rooms.remove(room.id(), room)) {
            room.close().onComplete(v -> {
                // in a cluster unregistering takes a while: a join may have reopened the room meanwhile
                if (!rooms.containsKey(room.id()) && !opening.containsKey(room.id())) {
                    directory.release(room.id(), nodeId);
                }
            });
        }
    }

    /** Test and tool hook: runs {@code query} on this verticle's context against room {@code roomId} (null if not open). */
    <T> Future<T> inspect(String roomId, Function<RoomInstance, T> query) {
        Promise<T> result = Promise.promise();
        context.runOnContext(v -> {
            try {
                result.complete(query.apply(rooms.get(roomId)));
            } catch (RuntimeException e) {
                result.fail(e);
            }
        });
        return result.future();
    }
}
