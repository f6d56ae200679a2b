package dev.strafe.server.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;

/**
 * Resume tokens: proof, minted by a node in the join answer, that the holder was player {@code playerKey} in
 * {@code room}; a later join that presents it keeps the same player key, so transactions retried after a
 * reconnect (on this node or any other of the cluster, which shares the secret) are deduplicated.
 *
 * <pre>
 *   token   = "r1." base64url(payload) "." base64url(HMAC-SHA256(key, "r1." base64url(payload)))
 *   payload = expiry (decimal epoch seconds) "\n" room "\n" playerKey          (UTF-8)
 *   key     = HMAC-SHA256(auth.secret, "strafe resume token v1")
 * </pre>
 *
 * The key is derived from the configured secret, so a resume token is never a valid JWT for the same secret
 * and the reverse. Room ids are {@code [A-Za-z0-9._-]}; the player key is the rest of the payload, so it may
 * hold any character. Thread-safe (a {@link Mac} per call); no clock inside: callers pass {@code nowMillis}.
 */
public final class ResumeTokens {

    /** Largest player key carried (JWT subjects above it are refused on join; the rooms' limit). */
    public static final int MAX_PLAYER_KEY_LENGTH = 64;

    private static final String PREFIX = "r1.";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Duration ttl;

    public ResumeTokens(byte[] secret, Duration ttl) {
        this.key = new SecretKeySpec(hmac(new SecretKeySpec(secret, "HmacSHA256"),
                "strafe resume token v1".getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
        this.ttl = ttl;
    }

    /** A token for {@code playerKey} in {@code room}, valid for the configured TTL from {@code nowMillis}. */
    public String mint(String room, String playerKey, long nowMillis) {
        long expiry = Math.addExact(nowMillis / 1000, ttl.toSeconds());
        String payload = expiry + "\n" + room + "\n" + playerKey;
        String signed = PREFIX + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return signed + "." + B64.encodeToString(hmac(key, signed.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * The player key {@code token} carries.
     *
     * @throws InvalidTokenException when the token is malformed, forged, expired or for another room
     */
    public String verify(String token, String room, long nowMillis) {
        if (token == null || !token.startsWith(PREFIX)) {
            throw new InvalidTokenException("resume token: malformed (expected: r1.<payload>.<mac>)");
        }
        int dot = token.indexOf('.', PREFIX.length());
        if (dot < 0 || token.indexOf('.', dot + 1) >= 0) {
            throw new InvalidTokenException("resume token: malformed (expected: r1.<payload>.<mac>)");
        }
        byte[] mac;
        byte[] payload;
        try {
            mac = B64D.decode(token.substring(dot + 1));
            payload = B64D.decode(token.substring(PREFIX.length(), dot));
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("resume token: malformed (not base64url)");
        }
        byte[] expected = hmac(key, token.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
        if (!MessageDigest.isEqual(expected, mac)) {
            throw new InvalidTokenException("resume token: bad signature");
        }
        // signed by us: the layout is ours, parse without defensive checks beyond shape
        String[] parts = new String(payload, StandardCharsets.UTF_8).split("\n", 3);
        if (parts.length != 3) {
            throw new InvalidTokenException("resume token: malformed payload");
        }
        long expiry = Long.parseLong(parts[0]);
        if (nowMillis / 1000 >= expiry) {
            throw new InvalidTokenException("resume token: expired");
        }
        if (!parts[1].equals(room)) {
            throw new InvalidTokenException("resume token: issued for another room");
        }
        return parts[2];
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
