package dev.strafe.webrtc.ice;

import java.time.Duration;

/**
 * Timers of the ICE-lite side (RFC 7675 consent freshness seen from the responder).
 *
 * <p>Browsers keep checking the selected pair: Chromium about every 2.5 s once stable, Firefox consent checks every
 * 5 s ± 20 % (up to 6 s). {@code disconnectedAfter} defaults to 8 s so that Firefox with one lost check does not
 * flap; {@code failedAfter} defaults to 30 s, RFC 7675's consent expiry. Until the first nomination,
 * {@code failedAfter} counts from the agent's creation (a peer that never completes ICE is failed).
 *
 * @param disconnectedAfterNanos no valid check on the selected path for this long → DISCONNECTED
 * @param failedAfterNanos       no valid check on the selected path for this long → FAILED (> disconnectedAfter)
 * @param maxValidatedAddresses  remote addresses remembered per peer as having passed a check (bounded)
 */
public record IceLiteConfig(long disconnectedAfterNanos, long failedAfterNanos, int maxValidatedAddresses) {

    public static final IceLiteConfig DEFAULT =
            new IceLiteConfig(Duration.ofSeconds(8).toNanos(), Duration.ofSeconds(30).toNanos(), 4);

    public IceLiteConfig {
        if (disconnectedAfterNanos <= 0) {
            throw new IllegalArgumentException("disconnectedAfterNanos: " + disconnectedAfterNanos + " (expected: > 0)");
        }
        if (failedAfterNanos <= disconnectedAfterNanos) {
            throw new IllegalArgumentException("failedAfterNanos: " + failedAfterNanos
                    + " (expected: > disconnectedAfterNanos " + disconnectedAfterNanos + ")");
        }
        if (maxValidatedAddresses < 1 || maxValidatedAddresses > 64) {
            throw new IllegalArgumentException("maxValidatedAddresses: " + maxValidatedAddresses + " (expected: 1..64)");
        }
    }
}
