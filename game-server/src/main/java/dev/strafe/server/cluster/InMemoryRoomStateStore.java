package dev.strafe.server.cluster;

import dev.strafe.server.room.RoomState;
import io.vertx.core.Future;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link RoomStateStore} in this JVM's heap (one node: survives a room being reaped and reopened, not a node
 * failure). Thread-safe without locks. Saves deep copies. {@link #failNextSaves} simulates an unavailable store.
 */
public final class InMemoryRoomStateStore implements RoomStateStore {

    private final ConcurrentHashMap<String, RoomState> states = new ConcurrentHashMap<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger saves = new AtomicInteger();

    @Override
    public Future<RoomState> load(String roomId) {
        RoomState saved = states.get(roomId);
        return Future.succeededFuture(saved == null ? new RoomState() : saved.copy());
    }

    @Override
    public Future<Void> save(String roomId, RoomState state) {
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return Future.failedFuture(new IllegalStateException("store unavailable (simulated)"));
        }
        states.put(roomId, state.copy());
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
