package dev.strafe.server.edge;

/**
 * A token bucket on a caller-supplied clock (STYLE #20: logic takes {@code nowNanos}): {@code capacity} tokens,
 * refilled continuously at {@code ratePerSecond}; each accepted event takes one. Starts full. Not thread-safe:
 * one per player, confined to the player's event loop. Allocation-free.
 */
final class TokenBucket {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double capacity;
    private final double tokensPerNano;
    private double tokens;
    private long lastNanos;

    TokenBucket(double ratePerSecond, double capacity, long nowNanos) {
        if (!(ratePerSecond > 0) || !(capacity >= 1)) {
            throw new IllegalArgumentException("token bucket: rate " + ratePerSecond + ", capacity " + capacity
                    + " (expected: rate > 0, capacity >= 1)");
        }
        this.capacity = capacity;
        this.tokensPerNano = ratePerSecond / NANOS_PER_SECOND;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Takes one token if there is one at {@code nowNanos}. */
    boolean tryAcquire(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
            lastNanos = nowNanos;
        }
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }

    double tokens() {
        return tokens;
    }
}
