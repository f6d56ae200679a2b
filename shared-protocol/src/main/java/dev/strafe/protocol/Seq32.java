package dev.strafe.protocol;

/**
 * Arithmetic on 32-bit wrapping sequence and tick numbers (RFC 1982 serial-number style).
 *
 * <p>Input sequence numbers and server ticks are unsigned 32-bit values carried in a Java {@code long}
 * in {@code [0, 2^32-1]}. They wrap: after {@code 0xFFFFFFFF} comes {@code 0}, and every comparison is done
 * <b>modulo 2^32</b>: {@code a} is newer than {@code b} when the signed 32-bit difference {@code a - b} is
 * positive, i.e. when {@code a} is less than 2^31 steps ahead of {@code b}. Never compare ticks with
 * {@code <} or {@code >}.
 *
 * <p>Tick {@code 0} is reserved on the wire as "no baseline" (a full snapshot). Server tick counters
 * therefore advance with {@link #nextTick(long)}, which skips 0: {@code 0xFFFFFFFF -> 1}. Because of that
 * skipped value, {@link #distance(long, long)} across the wrap counts one more than the number of ticks
 * elapsed; it is meant for ordering and for coarse windows ("baseline older than 64 ticks"), not for
 * exact timing. Input sequence numbers use {@link #next(long)} and do not skip 0.
 */
public final class Seq32 {

    /** Largest value of an unsigned 32-bit number. */
    public static final long MAX = 0xFFFF_FFFFL;

    /** The reserved tick meaning "no baseline". */
    public static final long NO_TICK = 0;

    private Seq32() {
    }

    /** True when {@code a} is newer than {@code b} modulo 2^32 (strictly: {@code a != b}). */
    public static boolean isNewer(long a, long b) {
        return (int) (a - b) > 0;
    }

    /**
     * Signed distance from {@code b} to {@code a} modulo 2^32, in {@code [-2^31, 2^31-1]}: positive when
     * {@code a} is newer. {@code distance(1, 0xFFFFFFFF) == 2}.
     */
    public static int distance(long a, long b) {
        return (int) (a - b);
    }

    /** {@code value + 1} modulo 2^32 (sequence numbers: 0 is a normal value). */
    public static long next(long value) {
        return (value + 1) & MAX;
    }

    /** The tick after {@code tick} modulo 2^32, skipping the reserved tick 0: {@code 0xFFFFFFFF -> 1}. */
    public static long nextTick(long tick) {
        long next = (tick + 1) & MAX;
        return next == NO_TICK ? 1 : next;
    }

    /** True when {@code value} fits an unsigned 32-bit number. */
    public static boolean isUint32(long value) {
        return (value & ~MAX) == 0;
    }
}
