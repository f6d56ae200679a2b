package dev.strafe.server;

import dev.strafe.protocol.tx.JoinRequest;
import dev.strafe.protocol.tx.TxJson;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real node as {@code Main.main} starts it (rooms, metrics options; no edge yet): {@code GET /metrics},
 * {@code GET /v1/rooms} from the real directory, {@link Node#stop()}.
 */
@ExtendWith(VertxExtension.class)
class MetricsIT {

    private Vertx metered;
    private WebClient client;
    private Node node;

    @BeforeEach
    void startNode(VertxTestContext ctx) {
        metered = Vertx.vertx(ServerMetrics.vertxOptions());
        client = WebClient.create(metered);
        Main.start(metered, SignalingApiIT.config(new JsonObject()))
                .onComplete(ctx.succeeding(n -> {
                    node = n;
                    ctx.completeNow();
                }));
    }

    @AfterEach
    void closeVertx() throws Exception {
        client.close();
        metered.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void listsTheRoomDirectoryOfARealNode(VertxTestContext ctx) {
        client.get(node.httpPort(), "127.0.0.1", "/v1/rooms").send().onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
            assertEquals(200, resp.statusCode());
            assertEquals(new JsonObject().put("rooms", new io.vertx.core.json.JsonArray()), resp.bodyAsJsonObject());
            ctx.completeNow();
        })));
    }

    @Test
    void stopUndeploysRoomsAndHttp(VertxTestContext ctx) {
        assertFalse(metered.deploymentIDs().isEmpty());
        node.stop().onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            assertTrue(metered.deploymentIDs().isEmpty(), metered.deploymentIDs().toString());
            ctx.completeNow();
        })));
    }

    @Test
    void scrapeHasHttpServerJoinAndNodeMeters(VertxTestContext ctx) {
        String body = TxJson.write(new JoinRequest(SignalingApiIT.OFFER, "m", null, null));
        metered.eventBus().consumer("metrics-it", msg -> msg.reply("pong"));
        metered.eventBus().request("metrics-it", "ping")
                .compose(pong -> client.post(node.httpPort(), "127.0.0.1", "/v1/rooms/arena/join").sendBuffer(Buffer.buffer(body))
                        .compose(refused -> client.get(node.httpPort(), "127.0.0.1", "/metrics").send()))
                .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
                    String text = resp.bodyAsString();
                    assertTrue(resp.getHeader("content-type").startsWith("text/plain"), resp.getHeader("content-type"));
                    assertTrue(text.contains("strafe_join_requests_total{outcome=\"unauthorized\"} 1.0"), text);
                    assertTrue(text.contains("strafe_join_requests_total{outcome=\"rate-limited\"} 0.0"), text);
                    assertTrue(text.contains("strafe_node_ready 1.0"), text);
                    assertTrue(text.contains("strafe_join_limiter_clients"), text);
                    assertTrue(text.contains("vertx_http_server_requests_total"), "Vert.x HTTP server metrics");
                    assertTrue(text.contains("vertx_eventbus_processed_total"), "Vert.x event bus metrics");
                    assertTrue(text.contains("jvm_memory_used_bytes"), "JVM metrics");
                    assertTrue(text.contains("strafe_rooms "), "room meters share the registry");
                    ctx.completeNow();
                })));
    }
}
