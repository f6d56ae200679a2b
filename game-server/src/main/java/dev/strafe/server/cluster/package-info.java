/**
 * Cluster-shaped abstractions the rooms depend on, with single-node implementations for now:
 * {@link dev.strafe.server.cluster.RoomDirectory} (which node owns a room; {@code LocalRoomDirectory}) and
 * {@link dev.strafe.server.cluster.RoomStateStore} (durable room state; {@code InMemoryRoomStateStore}).
 * The Hazelcast implementations (a map of owners with first-claim-wins, an IMap with backups) replace them without
 * touching the room code. Both are {@code Future}-based and safe to call from any context.
 */
package dev.strafe.server.cluster;
