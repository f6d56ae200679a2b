package dev.strafe.server.cluster;

import dev.strafe.server.room.RoomState;
import io.vertx.core.Future;

/**
 * Durable room state: where a room's committed transactions live, so that a new owner can restore the room
 * after its node dies. A room replies to a transaction only after {@link #save} succeeded (commit = saved).
 *
 * <p>Contract: {@code save} copies or serializes the state before returning (the room keeps mutating its
 * instance); a failed save leaves the previous saved state in place. Futures may complete on any thread; the
 * room hops back to its own context. Implementations: {@link InMemoryRoomStateStore} (one node), a Hazelcast
 * {@code IMap} with backups next.
 */
public interface RoomStateStore {

    /** The saved state of {@code roomId}, or an empty {@link RoomState} when none was saved. */
    Future<RoomState> load(String roomId);

    /** Saves {@code state} as the state of {@code roomId}. */
    Future<Void> save(String roomId, RoomState state);
}
