package dev.strafe.server.edge;

import dev.strafe.protocol.tx.JoinRequest;
import dev.strafe.protocol.tx.JoinResponse;
import dev.strafe.protocol.tx.RoomEvent;
import dev.strafe.protocol.tx.TxJson;
import dev.strafe.server.room.RoomError;
import dev.strafe.server.room.RoomGateway;
import dev.strafe.server.room.RoomMessages.JoinedRoom;
import dev.strafe.webrtc.peer.PeerConnection;
import dev.strafe.webrtc.peer.UdpEndpoint;
import dev.strafe.webrtc.sdp.SdpException;
import dev.strafe.webrtc.sdp.SdpParser;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The UDP edge of a node: owns the WebRTC {@link UdpEndpoint} (one shared UDP port, one socket per event loop)
 * and every player's peer, and implements {@link EdgeService} for the signaling API.
 *
 * <h2>Where a player's traffic goes</h2>
 * <pre>
 *  browser ──pos (Input)──▶ PlayerSession.onInput ─ InputGate (rate, syntax, sequence) ─▶ RoomGateway.sendInput ─▶ room owner
 *  browser ◀─pos (Snapshot)─ PlayerSession.sendSnapshot ◀─ InterestView ◀─ EdgeShard ◀─ publish WorldFrame ── room owner
 *  browser ──tx (TxRequest)─▶ PlayerSession.onTx ─ one at a time ─▶ RoomGateway.transact ─▶ TxResult ─▶ tx
 *  browser ◀─tx (RoomEvent)─ EdgeShard (serialized once per loop) ◀─ publish RoomEvent ── room owner
 * </pre>
 *
 * <h2>Threading</h2>
 * A peer lives on the event loop whose socket received its first ICE check ({@link UdpEndpoint}); its
 * {@link PlayerSession} is attached to that loop's {@link EdgeShard}, which subscribes to the rooms of its
 * members, so frames and events are delivered on the same loop as the peer: the tick path takes no lock and
 * hops no thread. {@link #join} may be called from any context; it touches only concurrent maps and counters.
 *
 * <h2>Bounds</h2>
 * Sessions are bounded by {@link EdgeSettings#maxPlayers()} (reserved before the room join, released when the
 * peer is closed or fails, including a peer that never connects: the stack's handshake timeout fails it); per
 * player: the SCTP send buffer, the {@code pos} congestion budget, the {@code tx} buffer limit and the pending
 * transaction queue.
 */
public final class UdpEdgeVerticle extends VerticleBase implements EdgeService {

    private static final Logger LOG = LoggerFactory.getLogger(UdpEdgeVerticle.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EdgeSettings settings;
    private final RoomGateway gateway;
    private final EdgeMetrics metrics;
    private final Map<String, PlayerSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, PlayerSession> byPlayer = new ConcurrentHashMap<>();
    private final Map<Context, EdgeShard> shards = new ConcurrentHashMap<>();
    private final AtomicInteger reserved = new AtomicInteger();
    private volatile UdpEndpoint endpoint;
    private volatile boolean draining;

    public UdpEdgeVerticle(EdgeSettings settings, RoomGateway gateway, MeterRegistry registry) {
        this.settings = settings;
        this.gateway = gateway;
        this.metrics = new EdgeMetrics(registry);
    }

    /** Deploys an edge on {@code vertx}; completes once its UDP port is bound. */
    public static Future<UdpEdgeVerticle> deploy(Vertx vertx, EdgeSettings settings, RoomGateway gateway, MeterRegistry registry) {
        UdpEdgeVerticle edge = new UdpEdgeVerticle(settings, gateway, registry);
        return vertx.deployVerticle(edge).map(id -> edge);
    }

    @Override
    public Future<?> start() {
        return UdpEndpoint.bind(vertx, settings.stack()).onSuccess(ep -> {
            endpoint = ep;
            metrics.bind(ep);
            LOG.info("edge: UDP {}:{} ({} socket(s), native transport {}), advertised {}", settings.stack().bindHost(),
                    ep.localPort(), ep.socketCount(), ep.nativeTransport(), settings.stack().advertisedAddress());
        });
    }

    @Override
    public Future<?> stop() {
        List<Future<Void>> closing = new ArrayList<>();
        for (PlayerSession s : sessions.values()) {
            closing.add(s.pc.close());
        }
        return Future.join(closing).eventually(() -> {
            List<Future<Void>> shardsClosed = new ArrayList<>();
            for (EdgeShard shard : shards.values()) {
                Promise<Void> p = Promise.promise();
                shard.context.runOnContext(v -> {
                    shard.close();
                    p.complete();
                });
                shardsClosed.add(p.future());
            }
            return Future.join(shardsClosed);
        }).eventually(() -> endpoint == null ? Future.succeededFuture() : endpoint.close());
    }

    /** The UDP port every peer uses (the answer's candidate port). */
    public int udpPort() {
        return endpoint.localPort();
    }

    public UdpEndpoint endpoint() {
        return endpoint;
    }

    public EdgeSettings settings() {
        return settings;
    }

    // ------------------------------------------------------------------------------------------ EdgeService

    @Override
    public Future<JoinResponse> join(String roomId, JoinRequest request, String playerKey) {
        if (draining) {
            return refuse(JoinError.DRAINING, "node draining: join another node");
        }
        UdpEndpoint ep = endpoint;
        if (ep == null) {
            return refuse(JoinError.OVERLOADED, "edge not started");
        }
        try {
            new SdpParser().parseOffer(request.offer()); // refuse a bad offer before the room sees the player
        } catch (SdpException e) {
            return refuse(JoinError.MALFORMED_SDP, e.getMessage());
        }
        int held = reserved.incrementAndGet();
        if (held > settings.maxPlayers()) {
            reserved.decrementAndGet();
            return refuse(JoinError.OVERLOADED, "players: " + held + " (expected: <= edge.players.max " + settings.maxPlayers() + ")");
        }
        metrics.sessions.incrementAndGet();
        return gateway.join(roomId, request.name(), playerKey)
                .recover(failure -> Future.failedFuture(joinFailure(failure)))
                .compose(joined -> answer(ep, request.offer(), joined))
                .onFailure(e -> {
                    reserved.decrementAndGet();
                    metrics.sessions.decrementAndGet();
                });
    }

    private Future<JoinResponse> answer(UdpEndpoint ep, String offer, JoinedRoom joined) {
        PeerConnection pc;
        try {
            pc = PeerConnection.answer(ep, offer);
        } catch (SdpException e) {
            leaveUnlessConnected(joined);
            return refuse(JoinError.MALFORMED_SDP, e.getMessage());
        } catch (IllegalStateException e) {
            leaveUnlessConnected(joined);
            return refuse(JoinError.OVERLOADED, e.getMessage());
        }
        String sessionId = HexFormat.of().formatHex(randomBytes());
        PlayerSession session = new PlayerSession(sessionId, joined.roomId(), joined.playerId(), joined.config(), pc,
                settings, gateway, metrics);
        sessions.put(sessionId, session);
        PlayerSession previous = byPlayer.put(playerKey(session), session);
        if (previous != null) { // the same player resumed on a new peer: the old one goes, the player stays
            previous.superseded = true;
            previous.pc.close();
        }
        pc.onDataChannel(channel -> {
            if (session.onChannel(channel) && !session.isClosed()) {
                EdgeShard shard = shards.computeIfAbsent(pc.context(), ctx -> new EdgeShard(ctx, gateway, metrics));
                shard.attach(session);
                metrics.players.incrementAndGet();
                // the newcomer missed the player.joined of everyone before it: send the roster first
                Context loop = pc.context();
                gateway.roster(session.roomId).onComplete(ar -> {
                    if (ar.succeeded()) {
                        String json = TxJson.writeTx(ar.result());
                        loop.runOnContext(v -> session.sendTx(json));
                    } else {
                        LOG.debug("roster of {}: {}", session.roomId, ar.cause().getMessage());
                    }
                });
            }
        });
        pc.closed().onComplete(ar -> onPeerClosed(session));
        // resumeToken: the room's player key; the signaling API replaces it with a signed resume token
        return Future.succeededFuture(new JoinResponse(pc.localDescription(), sessionId, joined.playerKey(),
                joined.playerId(), joined.config()));
    }

    /** Undoes a room join whose peer could not be created, unless it took over a player still connected here. */
    private void leaveUnlessConnected(JoinedRoom joined) {
        if (!byPlayer.containsKey(joined.roomId() + '/' + joined.playerId())) {
            gateway.leave(joined.roomId(), joined.playerId());
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String playerKey(PlayerSession s) {
        return s.roomId + '/' + s.playerId;
    }

    /** The peer is gone (closed, failed, or never connected): leave the room and release every bound. */
    private void onPeerClosed(PlayerSession session) {
        Context ctx = session.pc.context();
        if (ctx != null && Vertx.currentContext() != ctx) {
            ctx.runOnContext(v -> release(session));
        } else {
            release(session);
        }
    }

    private void release(PlayerSession session) {
        if (!session.markClosed()) {
            return;
        }
        if (session.shard != null) {
            session.shard.detach(session);
            metrics.players.decrementAndGet();
        }
        sessions.remove(session.sessionId, session);
        byPlayer.remove(playerKey(session), session);
        reserved.decrementAndGet();
        metrics.sessions.decrementAndGet();
        if (!session.superseded) {
            gateway.leave(session.roomId, session.playerId)
                    .onFailure(e -> LOG.debug("leave {} player {}: {}", session.roomId, session.playerId, e.getMessage()));
        }
    }

    @Override
    public Future<Void> drain() {
        draining = true;
        String json = TxJson.writeTx(new RoomEvent("draining", TxJson.mapper().createObjectNode()
                .put("reason", "node draining: reconnect through the HTTP endpoint"), 0, null));
        List<Future<Void>> sent = new ArrayList<>();
        for (EdgeShard shard : shards.values()) {
            Promise<Void> p = Promise.promise();
            shard.context.runOnContext(v -> {
                shard.broadcast(json);
                p.complete();
            });
            sent.add(p.future());
        }
        return Future.join(sent).mapEmpty();
    }

    @Override
    public boolean dropSession(String sessionId) {
        PlayerSession session = sessions.get(sessionId);
        if (session == null) {
            return false;
        }
        LOG.info("edge: dropping session {} (room {}, player {}) on request", sessionId, session.roomId, session.playerId);
        session.pc.close();
        return true;
    }

    @Override
    public int connectedPlayers() {
        return metrics.players.get();
    }

    /** Sessions held (joining, connecting, connected). */
    public int sessions() {
        return reserved.get();
    }

    EdgeMetrics metrics() {
        return metrics;
    }

    // ------------------------------------------------------------------------------------------ errors

    private static JoinException joinFailure(Throwable failure) {
        RoomError error = RoomError.of(failure);
        String text = failure.getMessage();
        return switch (error) {
            case ROOM_FULL -> new JoinException(JoinError.ROOM_FULL, text);
            case DRAINING -> new JoinException(JoinError.DRAINING, text);
            case BAD_REQUEST -> new JoinException(JoinError.MALFORMED_REQUEST, text);
            case OVERLOADED, UNAVAILABLE -> new JoinException(JoinError.OVERLOADED, "room unavailable: " + text);
            case UNKNOWN_PLAYER, UNKNOWN -> new JoinException(JoinError.INTERNAL, "room join failed: " + text);
        };
    }

    private static <T> Future<T> refuse(JoinError error, String detail) {
        return Future.failedFuture(new JoinException(error, detail));
    }
}
