package dev.strafe.server;

import dev.strafe.server.auth.Tokens;
import dev.strafe.server.edge.EdgeService;
import dev.strafe.server.http.NodeState;
import dev.strafe.server.http.RoomListing;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running node: its verticles, its lifecycle ({@link NodeState}) and the graceful drain.
 *
 * <p>Drain ({@link #drain()}, run by the SIGTERM hook in {@link Main}, callable from tests): the readiness probe
 * turns 503 and joins get 503 {@code draining}; {@link EdgeService#drain()} sends every connected player a
 * {@code draining} event on {@code tx} (the SDK reconnects elsewhere); then the node waits until its players
 * are gone or {@code drain.graceMillis} has passed. {@link #stop()} drains, then undeploys the verticles.
 */
public final class Node {

    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    private static final long PLAYER_POLL_MILLIS = 100;

    private final Vertx vertx;
    private final ServerConfig config;
    private final EdgeService edge;
    private final NodeState state;
    private final HttpVerticle http;
    private final List<String> deployments;
    private final AtomicReference<Promise<Void>> drained = new AtomicReference<>();
    private final AtomicReference<Promise<Void>> stopped = new AtomicReference<>();

    private Node(Vertx vertx, ServerConfig config, EdgeService edge, NodeState state, HttpVerticle http, List<String> deployments) {
        this.vertx = vertx;
        this.config = config;
        this.edge = edge;
        this.state = state;
        this.http = http;
        this.deployments = deployments;
    }

    /**
     * Deploys the HTTP verticle on {@code vertx}, then marks the node ready. {@code edge} and {@code rooms} are the
     * node's edge and room directory; {@code owned} the deployments (rooms, edge) {@link #stop()} undeploys after
     * the HTTP verticle, newest first.
     */
    static Future<Node> start(Vertx vertx, ServerConfig config, EdgeService edge, RoomListing rooms, MeterRegistry registry,
                              List<String> owned) {
        NodeState state = new NodeState();
        Tokens tokens = Tokens.create(vertx, config.auth());
        HttpVerticle http = new HttpVerticle(config, new HttpVerticle.Services(edge, rooms, state, tokens, registry));
        List<String> deployments = new ArrayList<>(owned);
        return vertx.deployVerticle(http).map(id -> {
            deployments.add(id);
            Node node = new Node(vertx, config, edge, state, http, deployments);
            state.markReady();
            return node;
        });
    }

    public int httpPort() {
        return http.actualPort();
    }

    public NodeState state() {
        return state;
    }

    public ServerConfig config() {
        return config;
    }

    /**
     * Starts draining (idempotent: later calls return the same future). Completes when the node's players are
     * gone or the grace period is over; it never fails (an edge that cannot send the event is logged).
     */
    public Future<Void> drain() {
        Promise<Void> done = Promise.promise();
        if (!drained.compareAndSet(null, done)) {
            return drained.get().future();
        }
        state.markDraining();
        Duration grace = config.drain().grace();
        LOG.warn("draining: readiness 503, joins refused; telling {} players to move, waiting up to {} ms",
                edge.connectedPlayers(), grace.toMillis());
        long deadline = System.nanoTime() + grace.toNanos();
        edge.drain()
                .onFailure(e -> LOG.error("draining: edge could not notify every player: {}", e.toString(), e))
                .onComplete(ar -> waitForPlayers(deadline, done));
        return done.future();
    }

    private void waitForPlayers(long deadlineNanos, Promise<Void> done) {
        int players = edge.connectedPlayers();
        if (players == 0) {
            LOG.info("draining: no players left");
            done.complete();
            return;
        }
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            LOG.warn("draining: grace period over with {} players still connected", players);
            done.complete();
            return;
        }
        vertx.setTimer(Math.max(1, Math.min(PLAYER_POLL_MILLIS, left / 1_000_000)), t -> waitForPlayers(deadlineNanos, done));
    }

    /** Drains, then undeploys the node's verticles (newest first). Idempotent. Does not close {@code vertx}. */
    public Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        if (!stopped.compareAndSet(null, done)) {
            return stopped.get().future();
        }
        drain().compose(v -> {
            Future<Void> chain = Future.succeededFuture();
            for (String id : deployments.reversed()) {
                chain = chain.compose(x -> vertx.undeploy(id).recover(e -> {
                    LOG.warn("undeploy {} failed: {}", id, e.toString());
                    return Future.succeededFuture();
                }));
            }
            return chain;
        }).onComplete(ar -> {
            state.markStopped();
            LOG.info("node stopped");
            done.complete();
        });
        return done.future();
    }
}
