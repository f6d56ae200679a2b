package dev.strafe.server;

import dev.strafe.server.edge.EdgeService;
import dev.strafe.server.edge.JoinError;
import dev.strafe.server.edge.JoinException;
import dev.strafe.server.http.RoomListing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
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
        } catch (RuntimeException e) {
            System.err.println("strafe: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("configuration:\n{}", config.describe());
        Vertx vertx = Vertx.vertx(vertxOptions());
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

    /** Vert.x options of a node: Micrometer metrics (HTTP server, event bus, pools, JVM) in a Prometheus registry. */
    public static VertxOptions vertxOptions() {
        return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
                .setJvmMetricsEnabled(true)
                .setEnabled(true));
    }

    /** Deploys a node's verticles on {@code vertx}; completes once it is ready. */
    public static Future<Node> start(Vertx vertx, ServerConfig config) {
        // SEAM(edge): the UDP edge verticles are deployed here once the edge exists; until then joins answer 503.
        // SEAM(rooms): the room directory's list() is adapted to RoomListing here.
        return start(vertx, config, NO_EDGE, RoomListing.EMPTY);
    }

    /** As {@link #start(Vertx, ServerConfig)} with a given edge and room directory (tests use fakes). */
    public static Future<Node> start(Vertx vertx, ServerConfig config, EdgeService edge, RoomListing rooms) {
        return Node.start(vertx, config, edge, rooms, registry());
    }

    /**
     * The Micrometer registry Vert.x created from {@link #vertxOptions()}; a fresh Prometheus registry when Vert.x
     * runs without metrics (some tests).
     */
    static MeterRegistry registry() {
        MeterRegistry vertxRegistry = BackendRegistries.getDefaultNow();
        return vertxRegistry != null ? vertxRegistry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
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

    /** SEAM(edge): stands in until the UDP edge is deployed by {@link #start(Vertx, ServerConfig)}. */
    private static final EdgeService NO_EDGE = new EdgeService() {
        @Override
        public Future<dev.strafe.protocol.tx.JoinResponse> join(String roomId, dev.strafe.protocol.tx.JoinRequest request, String playerKey) {
            return Future.failedFuture(new JoinException(JoinError.OVERLOADED, "no UDP edge on this node"));
        }

        @Override
        public Future<Void> drain() {
            return Future.succeededFuture();
        }

        @Override
        public int connectedPlayers() {
            return 0;
        }
    };

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
