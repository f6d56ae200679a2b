package dev.strafe.server.edge;

import dev.strafe.protocol.ProtocolException;
import dev.strafe.protocol.tx.JoinRequest;
import dev.strafe.protocol.tx.Problem;
import dev.strafe.protocol.tx.TxJson;
import dev.strafe.server.room.Rooms;
import dev.strafe.webrtc.peer.StackSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real node on loopback for the edge's integration tests: the rooms, the UDP edge and a signaling route
 * {@code POST /v1/rooms/{room}/join} that hands the body to {@link EdgeService#join} and maps a
 * {@link JoinException} to its problem status, like the signaling API does.
 */
final class TestNode implements AutoCloseable {

    final Vertx vertx;
    final Rooms rooms;
    final UdpEdgeVerticle edge;
    final MeterRegistry registry;
    private final HttpServer http;

    private TestNode(Vertx vertx, Rooms rooms, UdpEdgeVerticle edge, MeterRegistry registry, HttpServer http) {
        this.vertx = vertx;
        this.rooms = rooms;
        this.edge = edge;
        this.registry = registry;
        this.http = http;
    }

    /** Starts a node on {@code vertx} with the {@code rooms} config section and edge settings edited by {@code edit}. */
    static TestNode start(Vertx vertx, Map<String, ?> roomsSection, UnaryOperator<EdgeSettings> edit) throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        StackSettings stack = StackSettings.builder().bindHost("127.0.0.1").sockets(2).build();
        EdgeSettings settings = edit.apply(EdgeSettings.defaults(stack));
        Rooms rooms = Rooms.deploy(vertx, UUID.randomUUID().toString(), roomsSection, registry).await(20, TimeUnit.SECONDS);
        UdpEdgeVerticle edge = UdpEdgeVerticle.deploy(vertx, settings, rooms.gateway(), registry).await(20, TimeUnit.SECONDS);
        Router router = Router.router(vertx);
        router.post("/v1/rooms/:room/join").handler(BodyHandler.create().setBodyLimit(TxJson.MAX_MESSAGE_BYTES)).handler(ctx -> {
            JoinRequest request;
            try {
                request = TxJson.read(ctx.body().asString(), JoinRequest.class);
            } catch (ProtocolException e) {
                problem(ctx, JoinError.MALFORMED_REQUEST, e.getMessage());
                return;
            }
            edge.join(ctx.pathParam("room"), request, request.resume()).onComplete(ar -> {
                if (ar.succeeded()) {
                    ctx.response().putHeader("content-type", "application/json").end(TxJson.write(ar.result()));
                } else if (ar.cause() instanceof JoinException je) {
                    problem(ctx, je.error(), je.getMessage());
                } else {
                    problem(ctx, JoinError.INTERNAL, String.valueOf(ar.cause()));
                }
            });
        });
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        return new TestNode(vertx, rooms, edge, registry, server);
    }

    private static void problem(io.vertx.ext.web.RoutingContext ctx, JoinError error, String detail) {
        Problem p = new Problem("https://strafe.dev/problems/" + error.slug(), error.slug(), error.httpStatus(), detail, null);
        ctx.response().setStatusCode(error.httpStatus()).putHeader("content-type", Problem.MEDIA_TYPE).end(TxJson.write(p));
    }

    int httpPort() {
        return http.actualPort();
    }

    @Override
    public void close() throws Exception {
        http.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(20, TimeUnit.SECONDS);
    }
}
