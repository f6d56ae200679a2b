package dev.strafe.server.cluster;

/**
 * One line of the room directory ({@code GET /v1/rooms}).
 *
 * @param id        room id
 * @param players   players in the room now
 * @param capacity  maximum players
 * @param ownerNode id of the node whose {@code RoomVerticle} runs the room
 */
public record RoomInfo(String id, int players, int capacity, String ownerNode) {
}
