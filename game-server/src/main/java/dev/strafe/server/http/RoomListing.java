package dev.strafe.server.http;

import io.vertx.core.Future;

import java.util.List;

/**
 * SEAM(rooms): what {@code GET /v1/rooms} lists. Until the room directory ({@code dev.strafe.server.cluster.RoomDirectory})
 * is merged, {@link #EMPTY} lists nothing; {@code Main} then adapts the directory's {@code list()} to this.
 */
@FunctionalInterface
public interface RoomListing {

    RoomListing EMPTY = () -> Future.succeededFuture(List.of());

    /** All rooms, sorted by id. */
    Future<List<Entry>> list();

    /**
     * One line of the directory.
     *
     * @param id        room id
     * @param players   players in the room now
     * @param capacity  maximum players
     * @param ownerNode id of the node that runs the room
     */
    record Entry(String id, int players, int capacity, String ownerNode) {
    }
}
