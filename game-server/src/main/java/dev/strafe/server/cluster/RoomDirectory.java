package dev.strafe.server.cluster;

import io.vertx.core.Future;

import java.util.List;

/**
 * Which node owns which room. The owner runs the room's simulation and is the only writer of its state; every
 * other node reaches it over the event bus. Implementations: {@link LocalRoomDirectory} (one node), a Hazelcast
 * map with {@code putIfAbsent} claims and member-removal listeners next.
 */
public interface RoomDirectory {

    /**
     * The owner of {@code roomId}; when it has none, {@code candidateNode} becomes the owner (first claim wins).
     * Completes with the owner's node id.
     */
    Future<String> claim(String roomId, String candidateNode);

    /** The owner of {@code roomId}, or null. */
    Future<String> owner(String roomId);

    /** Records the player count and capacity of a room {@code ownerNode} owns. */
    Future<Void> update(String roomId, String ownerNode, int players, int capacity);

    /** Removes {@code roomId} if {@code ownerNode} still owns it (the room was reaped). */
    Future<Void> release(String roomId, String ownerNode);

    /** All rooms, sorted by id. */
    Future<List<RoomInfo>> list();
}
