package dev.strafe.server.cluster;

import dev.strafe.server.room.RoomState;
import io.vertx.core.Future;

/**
 * Durable room state: where a room's committed transactions live, so that a new owner can restore the room
 * after its node dies. A room replies to a transaction only after {@link #save} succeeded (commit = saved).
 *
 * <p>Contract: {@code save} receives the changes since the previous successful save of this room (totals and
 * copies of the changed player records, {@link RoomState.Changes}) and applies them atomically: after a failed
 * save the stored state is the previous one (the room re-sends those changes with its next save). Saves of one
 * room are never concurrent (the room waits for each). Futures may complete on any thread; the room hops back
 * to its own context. Implementations: {@link InMemoryRoomStateStore} (one node), a Hazelcast
 * {@code IMap} with backups next.
 */
public interface RoomStateStore {

    /** The saved state of {@code roomId}, or an empty {@link RoomState} when none was saved. */
    Future<RoomState> load(String roomId);

    /** Applies {@code changes} to the saved state of {@code roomId} (creating it when absent), atomically. */
    Future<Void> save(String roomId, RoomState.Changes changes);
}
