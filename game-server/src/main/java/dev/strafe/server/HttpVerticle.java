package dev.strafe.server;

import dev.strafe.protocol.ProtocolException;
import dev.strafe.protocol.tx.JoinRequest;
import dev.strafe.protocol.tx.JoinResponse;
import dev.strafe.protocol.tx.TxJson;
import dev.strafe.server.auth.InvalidTokenException;
import dev.strafe.server.auth.Tokens;
import dev.strafe.server.edge.EdgeService;
import dev.strafe.server.edge.JoinError;
import dev.strafe.server.edge.JoinException;
import dev.strafe.server.http.JoinRateLimiter;
import dev.strafe.server.http.NodeState;
import dev.strafe.server.http.Problems;
import dev.strafe.server.http.RoomListing;
import dev.strafe.server.http.SignalingMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The HTTP side of a node: signaling ({@code POST /v1/rooms/{room}/join}), guest tokens, the room directory,
 * probes, Prometheus metrics and the web client (classpath {@code webroot/}, packaged by {@code web-client}).
 * Every error is an RFC 9457 problem ({@link Problems}); see {@code game-server/README.md}, "HTTP API".
 *
 * <p>One instance, one event loop: the join rate limiter is plain state of this verticle.
 */
public final class HttpVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);

    /** Room ids: the same charset and length the rooms accept. */
    public static final Pattern ROOM_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Minimum spacing of "limit hit" log lines of one kind; the suppressed count is logged with the next. */
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    /**
     * What the HTTP verticle talks to.
     *
     * @param edge     the UDP edge (joins, drain)
     * @param rooms    the room directory ({@code RoomDirectory::list})
     * @param state    the node's lifecycle (readiness, draining)
     * @param tokens   join, guest and resume tokens
     * @param registry where meters go; {@code GET /metrics} scrapes it when it is a Prometheus registry
     */
    public record Services(EdgeService edge, RoomListing rooms, NodeState state, Tokens tokens, MeterRegistry registry) {
    }

    private final ServerConfig config;
    private final Services services;
    private final ServerConfig.Limits limits;
    private final boolean trustForwardedFor;
    private JoinRateLimiter joinLimiter;
    private JoinRateLimiter guestLimiter;
    private SignalingMetrics metrics;
    private HttpServer server;
    private final Map<String, long[]> logThrottle = new HashMap<>();

    public HttpVerticle(ServerConfig config, Services services) {
        this.config = config;
        this.services = services;
        this.limits = config.limits();
        this.trustForwardedFor = config.trustForwardedFor();
    }

    @Override
    public Future<?> start() {
        joinLimiter = new JoinRateLimiter(limits.joinRatePerSecond(), limits.joinBurst(), limits.trackedClients());
        guestLimiter = new JoinRateLimiter(limits.joinRatePerSecond(), limits.joinBurst(), limits.trackedClients());
        metrics = new SignalingMetrics(services.registry(), services.state());
        Gauge.builder("strafe.join.limiter.clients", joinLimiter, JoinRateLimiter::trackedClients)
                .description("Client IPs the join rate limiter remembers").register(services.registry());

        Router router = Router.router(vertx);
        List<String> origins = config.corsOrigins();
        if (!origins.isEmpty()) {
            CorsHandler cors = CorsHandler.create()
                    .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST))
                    .allowedHeader("content-type")
                    .exposedHeader("retry-after")
                    .maxAgeSeconds(600);
            origins.forEach(cors::addOrigin);
            router.route("/v1/*").handler(cors);
        }
        router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(this::ready);
        router.get("/metrics").handler(this::metrics);
        router.get("/v1/rooms").handler(this::listRooms);

        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.maxBodyBytes());
        // two routes: the checks that need no body refuse before it is read (Vert.x wants the body handler first on a route)
        router.post("/v1/rooms/:room/join").handler(this::joinPrecheck);
        router.post("/v1/rooms/:room/join").handler(body).handler(this::join).failureHandler(this::failure);
        router.post("/v1/auth/guest").handler(body).handler(this::guest).failureHandler(this::failure);
        if (config.debugSessionDrop()) {
            DebugRoutes.mount(router, services.edge());
        }
        router.route("/v1/*").handler(ctx -> Problems.send(ctx,
                Problems.of(404, "not-found", "Not found", "no such endpoint: " + ctx.request().method() + " " + ctx.request().path(), null)));

        router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(config.httpPort(), config.httpHost())
                .onSuccess(s -> server = s);
    }

    /** The bound port (useful when configured as 0). */
    public int actualPort() {
        return server.actualPort();
    }

    // ---- probes, metrics, directory

    private void ready(RoutingContext ctx) {
        NodeState.Phase phase = services.state().phase();
        JsonObject body = new JsonObject().put("status", phase == NodeState.Phase.READY ? "UP" : "DOWN").put("phase", phase.label());
        ctx.response().setStatusCode(phase == NodeState.Phase.READY ? 200 : 503)
                .putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
                .end(body.encode());
    }

    private void metrics(RoutingContext ctx) {
        if (!(services.registry() instanceof PrometheusMeterRegistry prometheus)) {
            Problems.send(ctx, Problems.of(404, "metrics-disabled", "Metrics disabled",
                    "this node has no Prometheus registry", null));
            return;
        }
        ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(prometheus.scrape());
    }

    private void listRooms(RoutingContext ctx) {
        services.rooms().list().onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
                        .end(TxJson.write(Map.of("rooms", ar.result())));
            } else {
                internal(ctx, "room directory", ar.cause());
            }
        });
    }

    // ---- join

    /** Checks that need no body: draining, room id, rate limit, node capacity. Refuses before reading the body. */
    private void joinPrecheck(RoutingContext ctx) {
        ctx.put("startNanos", System.nanoTime());
        if (!services.state().ready()) {
            NodeState.Phase phase = services.state().phase();
            ctx.response().putHeader("retry-after", "1");
            joinProblem(ctx, JoinError.DRAINING, phase == NodeState.Phase.STARTING
                    ? "node is starting; retry shortly"
                    : "node is draining; join another node");
            return;
        }
        String room = ctx.pathParam("room");
        if (room == null || !ROOM_ID.matcher(room).matches()) {
            joinProblem(ctx, JoinError.MALFORMED_REQUEST, "room: '" + truncate(room) + "' (expected: 1..64 chars [A-Za-z0-9._-])");
            return;
        }
        String client = clientAddress(ctx);
        long waitNanos = joinLimiter.tryAcquire(JoinRateLimiter.clientKey(client), System.nanoTime());
        if (waitNanos > 0) {
            long retryAfter = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            logLimit("join-rate", "join rate limit hit by {} (retry after {} s; limits.joinRatePerSecond={}, limits.joinBurst={})",
                    client, retryAfter, limits.joinRatePerSecond(), limits.joinBurst());
            ctx.response().putHeader("retry-after", Long.toString(retryAfter));
            joinProblem(ctx, JoinError.RATE_LIMITED, "too many joins from this address; retry after " + retryAfter + " s");
            return;
        }
        int players = services.edge().connectedPlayers();
        if (players >= limits.maxPlayers()) {
            logLimit("max-players", "node full: {} players (limits.maxPlayers={})", players, limits.maxPlayers());
            ctx.response().putHeader("retry-after", "5");
            joinProblem(ctx, JoinError.OVERLOADED, "node at capacity: " + players + " players (expected: < " + limits.maxPlayers() + ")");
            return;
        }
        ctx.next();
    }

    private void join(RoutingContext ctx) {
        String room = ctx.pathParam("room");
        JoinRequest request;
        try {
            request = TxJson.read(bodyBytes(ctx), JoinRequest.class);
        } catch (ProtocolException e) {
            joinProblem(ctx, JoinError.MALFORMED_REQUEST, e.getMessage());
            return;
        }
        long start = ctx.get("startNanos");
        identify(room, request)
                .compose(playerKey -> services.edge().join(room, request, playerKey).map(answer -> withResumeToken(answer, room, playerKey)))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        metrics.joined(System.nanoTime() - start);
                        ctx.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
                                .end(TxJson.write(ar.result()));
                    } else if (ar.cause() instanceof InvalidTokenException e) {
                        joinProblem(ctx, JoinError.UNAUTHORIZED, e.getMessage());
                    } else if (ar.cause() instanceof JoinException e) {
                        if (e.error() == JoinError.INTERNAL) {
                            internal(ctx, "join " + room, e);
                        } else {
                            if (e.error() == JoinError.ROOM_FULL) {
                                logLimit("room-full", "join refused: room {} full", room);
                            }
                            joinProblem(ctx, e.error(), e.getMessage());
                        }
                    } else {
                        internal(ctx, "join " + room, ar.cause());
                    }
                });
    }

    /**
     * The player key of this join: the one a valid resume token carries; else the join token's subject; else
     * (auth disabled) a fresh one. A resume token that does not verify (expired, other room, other secret) falls
     * back to the join token when there is one, so a client holding both is not locked out; with neither, the
     * resume token's reason is the 401 detail.
     */
    private Future<String> identify(String room, JoinRequest request) {
        Tokens tokens = services.tokens();
        InvalidTokenException resumeRefused = null;
        if (request.resume() != null) {
            try {
                return Future.succeededFuture(tokens.resume().verify(request.resume(), room, System.currentTimeMillis()));
            } catch (InvalidTokenException e) {
                resumeRefused = e;
                LOG.debug("join {}: {}; trying the join token", room, e.getMessage());
            }
        }
        if (!tokens.enabled()) {
            return Future.succeededFuture(Tokens.anonymousPlayerKey());
        }
        if (request.token() == null || request.token().isEmpty()) {
            return Future.failedFuture(resumeRefused != null ? resumeRefused
                    : new InvalidTokenException("token: missing (expected: a join token, e.g. from POST /v1/auth/guest)"));
        }
        return tokens.verifyJoinToken(request.token());
    }

    private JoinResponse withResumeToken(JoinResponse answer, String room, String playerKey) {
        String resume = services.tokens().resume().mint(room, playerKey, System.currentTimeMillis());
        return new JoinResponse(answer.answer(), answer.sessionId(), resume, answer.playerId(), answer.room());
    }

    // ---- guest tokens

    /** {@code POST /v1/auth/guest {"name": "..."}} -> {@code {token, playerKey, expiresIn}}. */
    private void guest(RoutingContext ctx) {
        String client = clientAddress(ctx);
        long waitNanos = guestLimiter.tryAcquire(JoinRateLimiter.clientKey(client), System.nanoTime());
        if (waitNanos > 0) {
            long retryAfter = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            logLimit("guest-rate", "guest token rate limit hit by {} (retry after {} s)", client, retryAfter);
            metrics.guestRefused();
            ctx.response().putHeader("retry-after", Long.toString(retryAfter));
            Problems.send(ctx, Problems.of(JoinError.RATE_LIMITED, "too many guest tokens from this address; retry after " + retryAfter + " s", null));
            return;
        }
        GuestRequest request;
        try {
            request = TxJson.read(bodyBytes(ctx), GuestRequest.class);
        } catch (ProtocolException e) {
            metrics.guestRefused();
            Problems.send(ctx, Problems.of(JoinError.MALFORMED_REQUEST, e.getMessage(), null));
            return;
        }
        metrics.guestIssued();
        ctx.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
                .end(TxJson.write(services.tokens().issueGuest(request.name())));
    }

    /**
     * Body of {@code POST /v1/auth/guest}.
     *
     * @param name display name, 1..32 chars (as in a join)
     */
    public record GuestRequest(String name) {
        public GuestRequest {
            if (name == null) {
                throw new IllegalArgumentException("name: missing");
            }
            if (name.isBlank() || name.length() > JoinRequest.MAX_NAME_LENGTH) {
                throw new IllegalArgumentException("name: length " + name.length() + " (expected: 1.." + JoinRequest.MAX_NAME_LENGTH + ", not blank)");
            }
        }
    }

    // ---- errors

    /** Failures raised by handlers (the body handler's 413, a bug): always a problem, never a stack trace. */
    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode();
        boolean isJoin = ctx.request().path().endsWith("/join");
        if (status == 413) {
            if (isJoin) {
                metrics.joinTooLarge();
            }
            logLimit("body-size", "request body above http.maxBodyBytes={} refused from {}", config.maxBodyBytes(),
                    clientAddress(ctx));
            Problems.send(ctx, Problems.of(413, "payload-too-large", "Payload too large",
                    "body above " + config.maxBodyBytes() + " bytes (expected: <= " + config.maxBodyBytes() + ")", ctx.request().path()));
            return;
        }
        if (status >= 400 && status < 500 && ctx.failure() == null) {
            Problems.send(ctx, Problems.of(status, "http-" + status, "HTTP " + status, null, ctx.request().path()));
            return;
        }
        internal(ctx, ctx.request().method() + " " + ctx.request().path(), ctx.failure());
    }

    private void joinProblem(RoutingContext ctx, JoinError error, String detail) {
        metrics.joinFailed(error);
        Problems.send(ctx, Problems.of(error, detail, ctx.request().path()));
    }

    /** 500 with a reference the operator finds in the log; the cause stays in the log. */
    private void internal(RoutingContext ctx, String what, Throwable cause) {
        String ref = UUID.randomUUID().toString();
        LOG.error("{} failed (ref {})", what, ref, cause);
        if (ctx.request().path().endsWith("/join")) {
            metrics.joinFailed(JoinError.INTERNAL);
        }
        Problems.send(ctx, Problems.of(JoinError.INTERNAL, "internal error (ref " + ref + ")", ctx.request().path()));
    }

    /** Logs a limit hit at most once per {@link #LOG_INTERVAL_NANOS} per kind, with the count suppressed since. */
    private void logLimit(String kind, String format, Object... args) {
        long now = System.nanoTime();
        long[] slot = logThrottle.computeIfAbsent(kind, k -> new long[] {now - LOG_INTERVAL_NANOS, 0});
        if (now - slot[0] >= LOG_INTERVAL_NANOS) {
            if (slot[1] > 0) {
                LOG.warn("[{}] {} similar refusals not logged in the last {} s", kind, slot[1], LOG_INTERVAL_NANOS / 1_000_000_000L);
            }
            LOG.warn("[" + kind + "] " + format, args);
            slot[0] = now;
            slot[1] = 0;
        } else {
            slot[1]++;
        }
    }

    /** The client's IP: the peer address, or the last {@code X-Forwarded-For} entry when {@code http.trustForwardedFor}. */
    private String clientAddress(RoutingContext ctx) {
        if (trustForwardedFor) {
            String forwarded = ctx.request().getHeader("x-forwarded-for");
            if (forwarded != null) {
                String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).trim();
                if (!last.isEmpty() && last.length() <= 64) {
                    return last;
                }
            }
        }
        return ctx.request().remoteAddress().hostAddress();
    }

    private static byte[] bodyBytes(RoutingContext ctx) {
        Buffer buffer = ctx.body().buffer();
        return buffer == null ? new byte[0] : buffer.getBytes();
    }

    private static String truncate(String s) {
        return s == null ? "" : s.length() > 70 ? s.substring(0, 70) + "..." : s;
    }
}
