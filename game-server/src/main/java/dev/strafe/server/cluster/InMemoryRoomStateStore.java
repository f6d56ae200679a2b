package dev.strafe.server.cluster;

import dev.strafe.server.room.RoomState;
import io.vertx.core.Future;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link RoomStateStore} in this JVM's heap (one node: survives a room being reaped and reopened, not a node
 * failure). Thread-safe without locks (one {@code compute} per save applies the changes atomically). {@link #failNextSaves} simulates an unavailable store.
 */
public final class InMemoryRoomStateStore implements RoomStateStore {

    private final ConcurrentHashMap<String, RoomState> states = new ConcurrentHashMap<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger saves = new AtomicInteger();

    @Override
    public Future<RoomState> load(String roomId) {
        RoomState saved = states.get(roomId);
        RoomState copy = saved == null ? new RoomState() : saved.copy();
        copy.takeChanges(); // the loaded state is the saved one: nothing pending
        return Future.succeededFuture(copy);
    }

    @Override
    public Future<Void> save(String roomId, RoomState.Changes changes) {
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return Future.failedFuture(new IllegalStateException("store unavailable (simulated)"));
        }
        states.compute(roomId, (id, saved) -> (saved == null ? new RoomState() : saved).apply(changes));
        saves.incrementAndGet();
        return Future.succeededFuture();
    }

    /** The next {@code n} saves fail (tests). */
    public void failNextSaves(int n) {
        failures.set(n);
    }

    /** Successful saves so far. */
    public int saves() {
        return saves.get();
    }

    /** The saved state of {@code roomId} (a copy), or null. */
    public RoomState peek(String roomId) {
        RoomState s = states.get(roomId);
        return s == null ? null : s.copy();
    }
}
