package dev.strafe.webrtc.dtls;

/**
 * The receiver's sliding window of RFC 6347 §4.1.2.6 (after RFC 4303 §3.4.3) for one epoch, 64 records wide:
 * <pre>
 *        older than the window        window (bit i = highest - i received)
 *   ... ──────────────────────────┤◄──────────── 64 ─────────────►│ highest
 * </pre>
 * "Duplicates are detected using a sliding receive window" and the window "MUST be updated only if the MAC
 * verification succeeds": {@link #isFresh} before decrypting, {@link #accept} after. Records older than the
 * window are rejected. Not thread-safe (owner thread).
 */
final class AntiReplayWindow {

    static final int WIDTH = 64;

    private long highest = -1;
    private long bitmap;

    /** False when {@code seq} was already accepted or is older than the window. */
    boolean isFresh(long seq) {
        if (seq > highest) {
            return true;
        }
        long age = highest - seq;
        return age < WIDTH && (bitmap & (1L << age)) == 0;
    }

    /** Marks an authenticated record's {@code seq} received, sliding the window when it is the newest. */
    void accept(long seq) {
        if (seq > highest) {
            long shift = seq - highest;
            bitmap = shift >= WIDTH ? 1 : bitmap << shift | 1;
            highest = seq;
        } else {
            bitmap |= 1L << (highest - seq);
        }
    }

    /** Highest accepted sequence number, -1 before the first. */
    long highest() {
        return highest;
    }
}
