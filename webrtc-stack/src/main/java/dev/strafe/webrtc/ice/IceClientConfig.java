package dev.strafe.webrtc.ice;

import java.time.Duration;

/**
 * Timers of the controlling (client) agent.
 *
 * @param rtoNanos               initial STUN retransmission timeout (RFC 8489 §6.2.1: 500 ms default, doubled per
 *                               retransmission)
 * @param maxRequests            Rc, requests sent per transaction including the first (RFC 8489: 7)
 * @param lastWaitMultiplier     Rm, after the last request wait Rm × RTO before giving up (RFC 8489: 16)
 * @param pacingNanos            Ta, spacing between the first checks of successive pairs (RFC 8445 §14.2: 50 ms)
 * @param consentIntervalNanos   consent check period, randomized × [0.8, 1.2] (RFC 7675 §5.1: 5 s)
 * @param disconnectedAfterNanos no consent response for this long → DISCONNECTED
 * @param consentExpiryNanos     no consent response for this long → FAILED (RFC 7675: 30 s)
 * @param maxQueuedDatagrams     bound of the outgoing queue (oldest dropped beyond it)
 * @param regularNomination      false: every check carries USE-CANDIDATE (aggressive nomination, enough against a
 *                               lite peer); true: a check without it first, then a nominating check on the pair
 *                               that answered (RFC 8445 §8.1.1 regular nomination, as libjuice/libdatachannel do)
 */
public record IceClientConfig(long rtoNanos, int maxRequests, int lastWaitMultiplier, long pacingNanos,
                              long consentIntervalNanos, long disconnectedAfterNanos, long consentExpiryNanos,
                              int maxQueuedDatagrams, boolean regularNomination) {

    public static final IceClientConfig DEFAULT = new IceClientConfig(Duration.ofMillis(500).toNanos(), 7, 16,
            Duration.ofMillis(50).toNanos(), Duration.ofSeconds(5).toNanos(), Duration.ofSeconds(8).toNanos(),
            Duration.ofSeconds(30).toNanos(), 64, false);

    public IceClientConfig {
        positive("rtoNanos", rtoNanos);
        positive("pacingNanos", pacingNanos);
        positive("consentIntervalNanos", consentIntervalNanos);
        positive("disconnectedAfterNanos", disconnectedAfterNanos);
        if (maxRequests < 1 || maxRequests > 32) {
            throw new IllegalArgumentException("maxRequests: " + maxRequests + " (expected: 1..32)");
        }
        if (lastWaitMultiplier < 1 || lastWaitMultiplier > 64) {
            throw new IllegalArgumentException("lastWaitMultiplier: " + lastWaitMultiplier + " (expected: 1..64)");
        }
        if (consentExpiryNanos <= disconnectedAfterNanos) {
            throw new IllegalArgumentException("consentExpiryNanos: " + consentExpiryNanos
                    + " (expected: > disconnectedAfterNanos " + disconnectedAfterNanos + ")");
        }
        if (maxQueuedDatagrams < 1 || maxQueuedDatagrams > 4096) {
            throw new IllegalArgumentException("maxQueuedDatagrams: " + maxQueuedDatagrams + " (expected: 1..4096)");
        }
    }

    private static void positive(String name, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + ": " + v + " (expected: > 0)");
        }
    }

    public IceClientConfig withRtoNanos(long rto) {
        return new IceClientConfig(rto, maxRequests, lastWaitMultiplier, pacingNanos, consentIntervalNanos,
                disconnectedAfterNanos, consentExpiryNanos, maxQueuedDatagrams, regularNomination);
    }

    public IceClientConfig withRegularNomination(boolean regular) {
        return new IceClientConfig(rtoNanos, maxRequests, lastWaitMultiplier, pacingNanos, consentIntervalNanos,
                disconnectedAfterNanos, consentExpiryNanos, maxQueuedDatagrams, regular);
    }
}
