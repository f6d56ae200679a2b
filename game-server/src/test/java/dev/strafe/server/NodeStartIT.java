package dev.strafe.server;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starts a real node on a free loopback port and talks HTTP to it. */
@ExtendWith(VertxExtension.class)
class NodeStartIT {

    private WebClient client;
    private int port;

    @BeforeEach
    void startNode(Vertx vertx, VertxTestContext ctx) {
        ServerConfig config = ServerConfig.fromJson(new JsonObject()
                .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                .put("udp", new JsonObject().put("host", "127.0.0.1").put("port", 0)));
        client = WebClient.create(vertx);
        Main.start(vertx, config).onComplete(ctx.succeeding(node -> {
            port = node.httpPort();
            ctx.completeNow();
        }));
    }

    @Test
    void answersLivenessProbe(VertxTestContext ctx) {
        client.get(port, "127.0.0.1", "/health/live").send().onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertEquals(200, resp.statusCode());
            assertEquals("UP", resp.bodyAsJsonObject().getString("status"));
            ctx.completeNow();
        })));
    }

    @Test
    void servesTheWebClientPageAtRoot(VertxTestContext ctx) {
        client.get(port, "127.0.0.1", "/").send().onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertEquals(200, resp.statusCode());
            assertTrue(resp.getHeader("content-type").startsWith("text/html"), resp.getHeader("content-type"));
            assertTrue(resp.bodyAsString().contains("<title>Strafe"), "index.html from the web-client module");
            ctx.completeNow();
        })));
    }

    @Test
    void answers404ForUnknownPaths(VertxTestContext ctx) {
        client.get(port, "127.0.0.1", "/no-such-thing").send().onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertEquals(404, resp.statusCode());
            ctx.completeNow();
        })));
    }
}
