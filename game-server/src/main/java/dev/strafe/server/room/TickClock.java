package dev.strafe.server.room;

/**
 * Turns a wall clock into whole ticks at a fixed rate (STYLE #20: logic takes {@code nowNanos}). The verticle's
 * periodic timer fires at least once per tick period (a timer period is whole milliseconds, so 60 Hz cannot be
 * a timer period); each firing asks {@link #due} how many ticks to run. Falling more than
 * {@link #MAX_CATCH_UP} ticks behind skips the rest (counted as overruns) instead of spiralling.
 */
public final class TickClock {

    public static final int MAX_CATCH_UP = 2;

    private final long periodNanos;
    private long nextTickNanos;
    private long skipped;

    public TickClock(int tickRate, long startNanos) {
        this.periodNanos = 1_000_000_000L / tickRate;
        this.nextTickNanos = startNanos + periodNanos;
    }

    public long periodNanos() {
        return periodNanos;
    }

    /** Ticks to run at {@code nowNanos} (0..{@link #MAX_CATCH_UP}); advances the schedule. */
    public int due(long nowNanos) {
        if (nowNanos - nextTickNanos < 0) {
            return 0;
        }
        long behind = (nowNanos - nextTickNanos) / periodNanos + 1;
        if (behind > MAX_CATCH_UP) {
            skipped += behind - MAX_CATCH_UP;
            nextTickNanos += behind * periodNanos;
            return MAX_CATCH_UP;
        }
        nextTickNanos += behind * periodNanos;
        return (int) behind;
    }

    /** Ticks skipped because the room fell too far behind. */
    public long skipped() {
        return skipped;
    }

    /** The timer period to use, in ms: at most half a tick, at least 1. */
    public static long timerPeriodMillis(int tickRate) {
        return Math.max(1, 1000L / tickRate / 2);
    }
}
