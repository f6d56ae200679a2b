package dev.strafe.server.edge;

import dev.strafe.protocol.tx.JoinRequest;
import dev.strafe.server.Main;
import dev.strafe.server.Node;
import dev.strafe.server.ServerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The signaling API in front of the real UDP edge and rooms, as {@link Main#start(Vertx, ServerConfig)} wires a
 * node (loopback only): a Java WebRTC client joins over HTTP, resumes with the signed resume token, sees the
 * real edge's SDP refusal as a problem, and gets the {@code draining} event when the node drains.
 */
class SignalingEdgeIT {

    private Vertx serverVertx;
    private Vertx clientVertx;
    private WebClient http;
    private Node node;

    @BeforeEach
    void startNode() throws Exception {
        serverVertx = Vertx.vertx();
        clientVertx = Vertx.vertx();
        http = WebClient.create(clientVertx);
        ServerConfig config = ServerConfig.fromJson(new JsonObject()
                .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                .put("udp", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                .put("auth", new JsonObject().put("enabled", false)));
        node = Main.start(serverVertx, config).await(20, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        http.close();
        clientVertx.close().await(20, TimeUnit.SECONDS);
        serverVertx.close().await(20, TimeUnit.SECONDS);
    }

    @Test
    void joinsOverHttpThenTheResumeTokenTakesOverTheSamePlayer() throws Exception {
        try (GameTestClient first = GameTestClient.join(clientVertx, http, node.httpPort(), "arena", "ann", null)) {
            String resume = first.join.resumeToken();
            assertTrue(resume.startsWith("r1."), "the HTTP layer signs the resume token: " + resume);
            try (GameTestClient second = GameTestClient.join(clientVertx, http, node.httpPort(), "arena", "ann", resume)) {
                assertEquals(first.playerId(), second.playerId(), "same player key: the room hands back the same player");
            }
        }
    }

    @Test
    void theRealEdgesSdpRefusalIsA400Problem() {
        GameTestClient.JoinRefused refused = assertThrows(GameTestClient.JoinRefused.class, () -> GameTestClient.post(http,
                node.httpPort(), "arena", new JoinRequest("v=0\r\nthis is not an offer\r\n", "bob", null, null)));
        assertEquals(400, refused.status);
        assertEquals("urn:strafe:problem:malformed-sdp", refused.problem.type());
    }

    @Test
    void drainSendsTheDrainingEventAndRefusesNewJoins() throws Exception {
        try (GameTestClient c = GameTestClient.join(clientVertx, http, node.httpPort(), "arena", "cy", null)) {
            node.drain(); // players stay connected here: the drain waits out its grace period in the background
            EdgeIT.nextEvent(c, "draining");
            GameTestClient.JoinRefused refused = assertThrows(GameTestClient.JoinRefused.class,
                    () -> GameTestClient.join(clientVertx, http, node.httpPort(), "arena", "late", null));
            assertEquals(503, refused.status);
            assertEquals("urn:strafe:problem:draining", refused.problem.type());
        }
    }
}
