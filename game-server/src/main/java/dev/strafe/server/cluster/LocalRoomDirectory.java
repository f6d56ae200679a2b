package dev.strafe.server.cluster;

import io.vertx.core.Future;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** {@link RoomDirectory} of a single node: a concurrent map, no locks, safe from any event loop. */
public final class LocalRoomDirectory implements RoomDirectory {

    private final ConcurrentHashMap<String, RoomInfo> rooms = new ConcurrentHashMap<>();

    @Override
    public Future<String> claim(String roomId, String candidateNode) {
        return Future.succeededFuture(rooms.computeIfAbsent(roomId, id -> new RoomInfo(id, 0, 0, candidateNode)).ownerNode());
    }

    @Override
    public Future<String> owner(String roomId) {
        RoomInfo info = rooms.get(roomId);
        return Future.succeededFuture(info == null ? null : info.ownerNode());
    }

    @Override
    public Future<Void> update(String roomId, String ownerNode, int players, int capacity) {
        rooms.computeIfPresent(roomId, (id, info) -> info.ownerNode().equals(ownerNode)
                ? new RoomInfo(id, players, capacity, ownerNode) : info);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> release(String roomId, String ownerNode) {
        rooms.computeIfPresent(roomId, (id, info) -> info.ownerNode().equals(ownerNode) ? null : info);
        return Future.succeededFuture();
    }

    @Override
    public Future<List<RoomInfo>> list() {
        return Future.succeededFuture(rooms.values().stream().sorted(Comparator.comparing(RoomInfo::id)).toList());
    }
}
