package dev.strafe.server.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token bucket per client key (the remote IP, see {@link #clientKey}): {@code burst} requests at once, refilled at {@code ratePerSecond}.
 * Remembers at most {@code maxClients} keys; the least recently seen is forgotten first (it comes back with a
 * full bucket, which bounds memory at the cost of letting an attacker with very many addresses through, a case
 * for the load balancer anyway).
 *
 * <p>Not thread-safe: one instance per event loop (the HTTP verticle's). No clock inside: callers pass
 * {@code nowNanos}.
 */
public final class JoinRateLimiter {

    private final double tokensPerNano;
    private final double burst;
    private final LinkedHashMap<String, Bucket> buckets;

    public JoinRateLimiter(double ratePerSecond, int burst, int maxClients) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("ratePerSecond: " + ratePerSecond + " (expected: > 0)");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst: " + burst + " (expected: >= 1)");
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients: " + maxClients + " (expected: >= 1)");
        }
        this.tokensPerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxClients;
            }
        };
    }

    /**
     * Takes one token for {@code client}.
     *
     * @return 0 when allowed, else the nanoseconds until a token is available (the request is refused)
     */
    public long tryAcquire(String client, long nowNanos) {
        Bucket b = buckets.get(client);
        if (b == null) {
            b = new Bucket(burst, nowNanos);
            buckets.put(client, b);
        } else {
            long elapsed = nowNanos - b.updatedNanos;
            if (elapsed > 0) {
                b.tokens = Math.min(burst, b.tokens + elapsed * tokensPerNano);
                b.updatedNanos = nowNanos;
            }
        }
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - b.tokens) / tokensPerNano));
    }

    /**
     * The bucket key of a client address: an IPv4 address as is, an IPv6 address by its /64 prefix (one
     * subscriber usually holds a whole /64, so per-address buckets would be free for the taking).
     */
    public static String clientKey(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        try {
            // an IP literal: parsed, never resolved
            byte[] bytes = java.net.InetAddress.ofLiteral(literal).getAddress();
            if (bytes.length != 16) {
                return address;
            }
            StringBuilder key = new StringBuilder(24);
            for (int i = 0; i < 8; i += 2) {
                key.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF))).append(':');
            }
            return key.append(":/64").toString();
        } catch (IllegalArgumentException e) {
            return address;
        }
    }

    /** Client keys currently remembered. */
    public int trackedClients() {
        return buckets.size();
    }

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long updatedNanos) {
            this.tokens = tokens;
            this.updatedNanos = updatedNanos;
        }
    }
}
