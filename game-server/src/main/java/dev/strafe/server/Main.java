package dev.strafe.server;

import io.vertx.core.Future;
import dev.strafe.server.room.Rooms;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Starts one Strafe node with embedded defaults. Config: {@code --config FILE} or {@code STRAFE_CONFIG},
 * then {@code STRAFE_*} env overrides (see {@link ServerConfig}).
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
        Vertx vertx = Vertx.vertx(ServerMetrics.vertxOptions());
        start(vertx, config)
                .onSuccess(http -> LOG.info("Strafe node up: http://localhost:{}/ (health: /health/live)", http.actualPort()))
                .onFailure(e -> {
                    LOG.error("start failed: {}", e.getMessage(), e);
                    vertx.close();
                    System.exit(1);
                });
    }

    /** Deploys the node's verticles on {@code vertx}; completes with the HTTP verticle once it listens. */
    public static Future<HttpVerticle> start(Vertx vertx, ServerConfig config) {
        HttpVerticle http = new HttpVerticle(config);
        // rooms first: the edge (HttpVerticle, UDP) reaches them through rooms.gateway()
        return Rooms.deploy(vertx, UUID.randomUUID().toString(), config.roomsSection(), ServerMetrics.registry())
                .compose(rooms -> vertx.deployVerticle(http))
                .map(id -> http);
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
