package dev.strafe.server.auth;

import dev.strafe.server.ServerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Player identity for the signaling API. Join tokens are HS256 JWTs (vertx-auth-jwt) with issuer
 * {@value #ISSUER}, audience {@value #AUDIENCE}, an expiry ({@code exp} required), and the stable player key as subject; a game backend
 * that holds {@code auth.secret} can mint its own, the demo uses {@link #issueGuest}. Resume tokens are
 * {@link ResumeTokens} keyed from the same secret.
 *
 * <p>No secret configured: one is generated at start (tokens then die with the node and are not accepted by
 * other nodes; logged as a warning). {@code auth.enabled=false}: joins need no token (local development only,
 * logged loudly).
 */
public final class Tokens {

    public static final String ISSUER = "strafe";
    public static final String AUDIENCE = "strafe-join";

    private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Player keys as the rooms accept them ({@code RoomGateway.PLAYER_KEY}). */
    static final Pattern PLAYER_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final ServerConfig.Auth config;
    private final JWTAuth jwt;
    private final ResumeTokens resume;

    private Tokens(ServerConfig.Auth config, JWTAuth jwt, ResumeTokens resume) {
        this.config = config;
        this.jwt = jwt;
        this.resume = resume;
    }

    /** Builds the token service of a node, generating a secret if none is configured (and saying so). */
    public static Tokens create(Vertx vertx, ServerConfig.Auth config) {
        String secret = config.secret();
        if (secret.isEmpty()) {
            secret = randomSecret();
            LOG.warn("auth.secret is not set: generated a random one. Tokens will not survive a restart and will not "
                    + "be accepted by other nodes of a cluster; set auth.secret (STRAFE_AUTH_SECRET, >= {} chars) in production",
                    ServerConfig.Auth.MIN_SECRET_LENGTH);
        }
        if (!config.enabled()) {
            LOG.warn("\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
                    + "!!! auth.enabled=false: ANYONE can join any room without a token.            !!!\n"
                    + "!!! For local development only. Never run a public node with this setting.  !!!\n"
                    + "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
        }
        JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
                .setJWTOptions(new JWTOptions().setIssuer(ISSUER).setAudience(List.of(AUDIENCE))));
        return new Tokens(config, jwt, new ResumeTokens(secret.getBytes(StandardCharsets.UTF_8), config.resumeTtl()));
    }

    /** Whether joins must present a token. */
    public boolean enabled() {
        return config.enabled();
    }

    /** A guest join token: a fresh player key as subject, {@code name} as a claim, {@code auth.tokenTtlSeconds} to live. */
    public GuestToken issueGuest(String name) {
        String playerKey = "g-" + randomId();
        String token = jwt.generateToken(new JsonObject().put("sub", playerKey).put("name", name),
                new JWTOptions().setAlgorithm("HS256").setIssuer(ISSUER).setAudience(List.of(AUDIENCE))
                        .setExpiresInSeconds((int) config.tokenTtl().toSeconds()));
        return new GuestToken(token, playerKey, config.tokenTtl().toSeconds());
    }

    /** Signs arbitrary claims (tests and tools; issuer and audience are added unless present). */
    public String sign(JsonObject claims) {
        JsonObject c = claims.copy();
        if (!c.containsKey("iss")) {
            c.put("iss", ISSUER);
        }
        if (!c.containsKey("aud")) {
            c.put("aud", AUDIENCE);
        }
        return jwt.generateToken(c, new JWTOptions().setAlgorithm("HS256"));
    }

    /**
     * The player key (JWT subject) of a valid join token; fails with {@link InvalidTokenException} when the
     * token is forged, expired, for another issuer/audience or has no usable subject.
     */
    public Future<String> verifyJoinToken(String token) {
        return jwt.authenticate(new TokenCredentials(token))
                .recover(e -> Future.failedFuture(new InvalidTokenException("token: " + safeReason(e))))
                .compose(user -> {
                    if (!(user.attributes().getValue("exp") instanceof Number) && !(user.principal().getValue("exp") instanceof Number)) {
                        // a token without expiry would be a password forever
                        return Future.failedFuture(new InvalidTokenException("token: no expiry (expected: claim 'exp')"));
                    }
                    String subject = user.principal().getString("sub");
                    if (subject == null || subject.isEmpty()) {
                        return Future.failedFuture(new InvalidTokenException("token: no subject (expected: claim 'sub', the player key)"));
                    }
                    if (!PLAYER_KEY.matcher(subject).matches()) {
                        return Future.failedFuture(new InvalidTokenException("token: subject of length " + subject.length()
                                + " (expected: a player key, 1.." + ResumeTokens.MAX_PLAYER_KEY_LENGTH + " chars [A-Za-z0-9._:-])"));
                    }
                    return Future.succeededFuture(subject);
                });
    }

    public ResumeTokens resume() {
        return resume;
    }

    /** A fresh, unguessable player key for an anonymous join (auth disabled). */
    public static String anonymousPlayerKey() {
        return "a-" + randomId();
    }

    private static String safeReason(Throwable e) {
        String m = e.getMessage();
        if (m == null) {
            return "invalid";
        }
        if (m.contains("expired")) {
            return "expired";
        }
        if (m.contains("audience") || m.contains("issuer")) {
            return "wrong issuer or audience";
        }
        return "invalid (bad signature or format)";
    }

    private static String randomId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Answer of {@code POST /v1/auth/guest}.
     *
     * @param token     the JWT to send as {@code token} in joins
     * @param playerKey the subject it carries
     * @param expiresIn seconds it stays valid
     */
    public record GuestToken(String token, String playerKey, long expiresIn) {
    }
}
