package dev.strafe.webrtc.testing;

/**
 * A manually advanced monotonic clock in nanoseconds for sans-IO tests: nothing moves unless a test or
 * the {@link DatagramBridge} advances it. Never goes backwards.
 */
public final class FakeClock {

    private long nowNanos;

    public FakeClock() {
        this(0L);
    }

    public FakeClock(long startNanos) {
        this.nowNanos = startNanos;
    }

    public long nanos() {
        return nowNanos;
    }

    /** Moves the clock forward by {@code deltaNanos} (>= 0) and returns the new time. */
    public long advance(long deltaNanos) {
        if (deltaNanos < 0) {
            throw new IllegalArgumentException("deltaNanos: " + deltaNanos + " (expected: >= 0)");
        }
        nowNanos = Math.addExact(nowNanos, deltaNanos);
        return nowNanos;
    }

    /** Moves the clock to {@code timeNanos}; the clock never goes backwards. */
    public long advanceTo(long timeNanos) {
        if (timeNanos < nowNanos) {
            throw new IllegalArgumentException("timeNanos: " + timeNanos + " (expected: >= now " + nowNanos + ")");
        }
        nowNanos = timeNanos;
        return nowNanos;
    }

    @Override
    public String toString() {
        return "FakeClock[" + nowNanos + " ns]";
    }
}
