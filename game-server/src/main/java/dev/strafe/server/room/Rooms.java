package dev.strafe.server.room;

import dev.strafe.server.cluster.InMemoryRoomStateStore;
import dev.strafe.server.cluster.LocalRoomDirectory;
import dev.strafe.server.cluster.RoomDirectory;
import dev.strafe.server.cluster.RoomStateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;

/**
 * The room side of a node, wired: directory, state store, {@link RoomVerticle} and the {@link RoomGateway} the
 * edge uses. {@code Main} deploys it next to the HTTP verticle.
 *
 * @param gateway   what the edge calls
 * @param verticle  the deployed room role
 * @param directory room ownership
 * @param store     durable room state
 * @param metrics   the room meters
 */
public record Rooms(RoomGateway gateway, RoomVerticle verticle, RoomDirectory directory, RoomStateStore store, RoomMetrics metrics) {

    /**
     * Deploys the room role on {@code vertx} with single-node implementations ({@link LocalRoomDirectory},
     * {@link InMemoryRoomStateStore}).
     *
     * @param section the {@code rooms} config section (may be null: defaults); validated here
     */
    public static Future<Rooms> deploy(Vertx vertx, String nodeId, Map<String, ?> section, MeterRegistry registry) {
        RoomSettings defaults = RoomSettings.fromMap(section);
        return deploy(vertx, nodeId, id -> RoomSettings.forRoom(section, defaults, id), new LocalRoomDirectory(),
                new InMemoryRoomStateStore(), new RoomMetrics(registry));
    }

    public static Future<Rooms> deploy(Vertx vertx, String nodeId, java.util.function.Function<String, RoomSettings> settingsFor,
                                       RoomDirectory directory, RoomStateStore store, RoomMetrics metrics) {
        RoomVerticle verticle = new RoomVerticle(nodeId, settingsFor, directory, store, metrics);
        return vertx.deployVerticle(verticle)
                .map(id -> new Rooms(new RoomGateway(vertx, directory, nodeId), verticle, directory, store, metrics));
    }
}
