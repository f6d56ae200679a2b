package dev.strafe.server.http;

import dev.strafe.server.cluster.RoomInfo;
import io.vertx.core.Future;

import java.util.List;

/**
 * What {@code GET /v1/rooms} lists: {@code Main} passes {@code RoomDirectory::list}; tests pass a lambda.
 */
@FunctionalInterface
public interface RoomListing {

    RoomListing EMPTY = () -> Future.succeededFuture(List.of());

    /** All rooms, sorted by id. */
    Future<List<RoomInfo>> list();
}
