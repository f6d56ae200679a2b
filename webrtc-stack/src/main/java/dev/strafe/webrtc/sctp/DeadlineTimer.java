package dev.strafe.webrtc.sctp;

/**
 * One SCTP timer as plain state: a deadline on the caller's clock plus a count of consecutive expirations.
 * The association owns one per purpose (RFC 9260 §5.1 T1-init and T1-cookie, §6.3 T3-rtx, §9.2
 * T2-shutdown, §6.2 delayed SACK, §8.3 HEARTBEAT, RFC 6525 §5.1 RECONFIG) and reports the earliest
 * {@link #deadline()} as its {@code nextDeadline()}; nothing here reads a clock or schedules anything.
 *
 * <p>The expiration count supports the retransmission limits: RFC 9260 §5.1 C "If the T1-init timer
 * expires, the endpoint MUST retransmit INIT and restart the T1-init timer without changing state. This
 * MUST be repeated up to 'Max.Init.Retransmits' times." and §8.1 "If the value of this counter exceeds the
 * limit indicated in the protocol parameter 'Association.Max.Retrans', the endpoint SHOULD consider the
 * peer endpoint unreachable".
 */
final class DeadlineTimer {

    /** {@link #deadline()} of a stopped timer. */
    static final long NONE = Long.MAX_VALUE;

    private final String name;
    private long deadlineNanos = NONE;
    private long durationNanos;
    private int expirations;

    DeadlineTimer(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Arms (or re-arms) the timer to fire at {@code nowNanos + durationNanos}. */
    void start(long nowNanos, long durationNanos) {
        if (durationNanos < 0) {
            throw new IllegalArgumentException(name + " durationNanos: " + durationNanos + " (expected: >= 0)");
        }
        this.durationNanos = durationNanos;
        long deadline = nowNanos + durationNanos;
        this.deadlineNanos = deadline < nowNanos || deadline == NONE ? NONE - 1 : deadline; // saturate, stay running
    }

    /** Arms the timer only if it is not running (e.g. T3-rtx when DATA is sent: "if not already running"). */
    void startIfStopped(long nowNanos, long durationNanos) {
        if (!isRunning()) {
            start(nowNanos, durationNanos);
        }
    }

    void stop() {
        deadlineNanos = NONE;
    }

    boolean isRunning() {
        return deadlineNanos != NONE;
    }

    /** Absolute deadline, {@link #NONE} when stopped. */
    long deadline() {
        return deadlineNanos;
    }

    /** Duration of the last {@link #start}. */
    long durationNanos() {
        return durationNanos;
    }

    /** Whether the timer runs and its deadline has been reached. */
    boolean isExpired(long nowNanos) {
        return deadlineNanos != NONE && nowNanos >= deadlineNanos;
    }

    /**
     * If the timer has expired: stops it, counts the expiration and returns true. The caller handles the
     * expiry (and usually restarts the timer with a backed-off duration).
     */
    boolean pollExpired(long nowNanos) {
        if (!isExpired(nowNanos)) {
            return false;
        }
        deadlineNanos = NONE;
        expirations++;
        return true;
    }

    /** Consecutive expirations since the last {@link #resetExpirations()}. */
    int expirations() {
        return expirations;
    }

    /** Progress was made (e.g. the peer answered): the retransmission counter starts over. */
    void resetExpirations() {
        expirations = 0;
    }

    /** The earlier of {@code other} and this timer's deadline: fold timers into {@code nextDeadline()}. */
    long earliest(long other) {
        return Math.min(other, deadlineNanos);
    }

    /**
     * Exponential back-off helper: {@code base * 2^expirations}, capped at {@code max} (RFC 9260 §6.3.3 E2
     * and §5.1 T1 timers).
     */
    static long backedOff(long baseNanos, int expirations, long maxNanos) {
        if (baseNanos <= 0) {
            return Math.min(Math.max(baseNanos, 0), maxNanos);
        }
        if (expirations >= 62 || baseNanos > (maxNanos >> Math.min(expirations, 62))) {
            return maxNanos;
        }
        return Math.min(maxNanos, baseNanos << expirations);
    }

    @Override
    public String toString() {
        return name + (isRunning() ? "[deadline=" + deadlineNanos + "ns" : "[stopped")
                + ", expirations=" + expirations + "]";
    }
}
