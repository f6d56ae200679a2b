package dev.strafe.server;

import dev.strafe.server.edge.EdgeService;
import dev.strafe.server.edge.EdgeSettings;
import dev.strafe.server.edge.UdpEdgeVerticle;
import dev.strafe.server.http.RoomListing;
import dev.strafe.server.room.Rooms;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts one Strafe node with embedded defaults. Config: {@code --config FILE} or {@code STRAFE_CONFIG},
 * then {@code STRAFE_*} env overrides (see {@link ServerConfig}). SIGTERM drains the node gracefully
 * ({@link Node#drain()}) before Vert.x closes.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        ServerConfig config;
        try {
            config = ServerConfig.load(configFile(args), System.getenv());
            edgeSettings(config); // the stack's own checks (address literals, networks) also stop the node here
        } catch (RuntimeException e) {
            System.err.println("strafe: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("configuration:\n{}", config.describe());
        // native transport: SO_REUSEPORT lets the UDP edge bind one socket per event loop on the shared port
        Vertx vertx = Vertx.vertx(ServerMetrics.vertxOptions().setPreferNativeTransport(true));
        start(vertx, config)
                .onSuccess(node -> {
                    installShutdownHook(vertx, node);
                    LOG.info("Strafe node up: http://localhost:{}/ (health: /health/live, /health/ready; metrics: /metrics)", node.httpPort());
                })
                .onFailure(e -> {
                    LOG.error("start failed: {}", e.getMessage(), e);
                    vertx.close();
                    System.exit(1);
                });
    }

    /**
     * Deploys a node's verticles on {@code vertx} (rooms, the UDP edge, then the HTTP API); completes once it is ready.
     * Meters go to {@link ServerMetrics#registry()}.
     */
    public static Future<Node> start(Vertx vertx, ServerConfig config) {
        String nodeId = UUID.randomUUID().toString();
        Set<String> before = new HashSet<>(vertx.deploymentIDs());
        EdgeSettings edgeSettings;
        try {
            edgeSettings = edgeSettings(config);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return Rooms.deploy(vertx, nodeId, config.roomsSection(), ServerMetrics.registry())
                .compose(rooms -> UdpEdgeVerticle.deploy(vertx, edgeSettings, rooms.gateway(), ServerMetrics.registry())
                        .compose(edge -> {
                            List<String> owned = vertx.deploymentIDs().stream().filter(id -> !before.contains(id)).toList();
                            return Node.start(vertx, config, edge, rooms.directory()::list, ServerMetrics.registry(), owned);
                        }))
                .onFailure(e -> undeployNew(vertx, before));
    }

    /** The edge's settings from {@code udp.*} and {@code limits.maxPlayers}; what the WebRTC stack refuses names {@code udp}. */
    static EdgeSettings edgeSettings(ServerConfig config) {
        try {
            return EdgeSettings.from(config.udp(), config.limits().maxPlayers());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("udp: " + e.getMessage(), e);
        }
    }

    /** A start that failed half-way leaves nothing of its own deployed. */
    private static void undeployNew(Vertx vertx, Set<String> before) {
        for (String id : vertx.deploymentIDs()) {
            if (!before.contains(id)) {
                vertx.undeploy(id);
            }
        }
    }

    /** A node with a given edge and room listing and no rooms of its own (HTTP-level tests use fakes). */
    public static Future<Node> start(Vertx vertx, ServerConfig config, EdgeService edge, RoomListing rooms) {
        return Node.start(vertx, config, edge, rooms, ServerMetrics.registry(), List.of());
    }

    /** SIGTERM (and a normal exit): drain, undeploy, close Vert.x; bounded by the grace period plus 10 s. */
    static void installShutdownHook(Vertx vertx, Node node) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.warn("shutdown signal: draining (drain.graceMillis={})", node.config().drain().grace().toMillis());
            CountDownLatch closed = new CountDownLatch(1);
            node.stop().eventually(() -> vertx.close()).onComplete(ar -> closed.countDown());
            try {
                if (!closed.await(node.config().drain().grace().toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
                    LOG.error("shutdown: node did not stop in time; exiting anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "strafe-drain"));
    }

    private static Path configFile(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--config")) {
                return Path.of(args[i + 1]);
            }
        }
        String env = System.getenv("STRAFE_CONFIG");
        return env == null || env.isBlank() ? null : Path.of(env);
    }
}
