package dev.strafe.server.edge;

import dev.strafe.server.Main;
import dev.strafe.server.Node;
import dev.strafe.server.ServerConfig;
import dev.strafe.server.room.Rooms;
import dev.strafe.webrtc.peer.StackSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real node on loopback for the edge's integration tests, wired like {@code Main.start}: the rooms, the UDP
 * edge and the signaling API ({@code POST /v1/rooms/{room}/join} through {@link dev.strafe.server.HttpVerticle}),
 * with auth in local-development mode (no join token; resume tokens signed as in production) and a join rate
 * limit high enough for fifty joins from one address.
 */
final class TestNode implements AutoCloseable {

    final Vertx vertx;
    final Rooms rooms;
    final UdpEdgeVerticle edge;
    final MeterRegistry registry;
    private final Node node;

    private TestNode(Vertx vertx, Rooms rooms, UdpEdgeVerticle edge, MeterRegistry registry, Node node) {
        this.vertx = vertx;
        this.rooms = rooms;
        this.edge = edge;
        this.registry = registry;
        this.node = node;
    }

    /** Starts a node on {@code vertx} with the {@code rooms} config section and edge settings edited by {@code edit}. */
    static TestNode start(Vertx vertx, Map<String, ?> roomsSection, UnaryOperator<EdgeSettings> edit) throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        StackSettings stack = StackSettings.builder().bindHost("127.0.0.1").sockets(2).build();
        EdgeSettings settings = edit.apply(EdgeSettings.defaults(stack));
        ServerConfig config = ServerConfig.fromJson(new JsonObject()
                .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                .put("auth", new JsonObject().put("enabled", false).put("secret", "edge-it-secret-0123456789abcdefghijkl"))
                .put("limits", new JsonObject().put("maxPlayers", settings.maxPlayers())
                        .put("joinRatePerSecond", 10_000.0).put("joinBurst", 10_000)));
        Rooms rooms = Rooms.deploy(vertx, UUID.randomUUID().toString(), roomsSection, registry).await(20, TimeUnit.SECONDS);
        UdpEdgeVerticle edge = UdpEdgeVerticle.deploy(vertx, settings, rooms.gateway(), registry).await(20, TimeUnit.SECONDS);
        Node node = Main.start(vertx, config, edge, rooms.directory()::list).await(20, TimeUnit.SECONDS);
        return new TestNode(vertx, rooms, edge, registry, node);
    }

    int httpPort() {
        return node.httpPort();
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(20, TimeUnit.SECONDS);
    }
}
