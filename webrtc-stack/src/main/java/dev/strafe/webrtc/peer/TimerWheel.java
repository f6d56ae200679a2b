package dev.strafe.webrtc.peer;

import java.util.Arrays;

/**
 * A hashed timer wheel for one event loop: thousands of peers' deadlines (ICE consent, DTLS retransmission, SCTP
 * T3-rtx, handshake timeout) behind one periodic Vert.x timer instead of one timer each (STYLE #20).
 *
 * <p>Time is cut into ticks of {@code 2^tickShift} ns; a deadline goes to slot {@code tick & (slots - 1)}.
 * {@link #advance} visits the slots from the last visited tick to now and fires every entry whose deadline has
 * passed; entries further away than one revolution simply stay in their slot until their round comes. Entries
 * never fire early; they fire late by at most one tick plus the caller's polling period.
 *
 * <p>Allocation-light: each slot is a pair of parallel arrays (deadlines, payloads) grown by doubling and reused;
 * scheduling and cancelling allocate nothing once warm. Bounded: at most {@code maxTimers} live entries. Not
 * thread-safe (one per event loop, STYLE #17).
 *
 * <p>A timer id packs the slot and the index in the slot; ids are reused after the timer fires or is cancelled,
 * so drop an id once its timer fired (the usual pattern: the peer keeps its one id and reschedules).
 *
 * @param <T> the payload handed back on expiry (e.g. the peer)
 */
public final class TimerWheel<T> {

    /** Returned by nothing; a convenient "no timer" value for callers' fields. */
    public static final long NO_TIMER = -1L;
    private static final long EMPTY = Long.MIN_VALUE;
    private static final int INITIAL_SLOT_CAPACITY = 4;

    /** Called for each expired timer. */
    @FunctionalInterface
    public interface ExpiryHandler<T> {
        void onExpiry(long timerId, long deadlineNanos, T payload);
    }

    private final int tickShift;
    private final int mask;
    private final int maxTimers;
    private final long[][] deadlines;
    private final Object[][] payloads;
    /** Per slot: no free entry below this index (so scheduling does not rescan a full slot). */
    private final int[] freeHint;
    private long currentTick;
    /** Earliest tick schedule() may use: currentTick, or during advance() the tick being advanced to. */
    private long floorTick;
    private int size;

    /**
     * @param startNanos first {@code now} (the wheel's origin)
     * @param tickShift  tick = 2^tickShift ns, 10..40 (20 ≈ 1.05 ms)
     * @param slots      power of two, 16..65536 (512 × 1 ms ≈ 0.5 s per revolution)
     * @param maxTimers  bound on live timers
     */
    public TimerWheel(long startNanos, int tickShift, int slots, int maxTimers) {
        if (tickShift < 10 || tickShift > 40) {
            throw new IllegalArgumentException("tickShift: " + tickShift + " (expected: 10..40)");
        }
        if (slots < 16 || slots > 65536 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots: " + slots + " (expected: a power of two in 16..65536)");
        }
        if (maxTimers < 1) {
            throw new IllegalArgumentException("maxTimers: " + maxTimers + " (expected: >= 1)");
        }
        this.tickShift = tickShift;
        this.mask = slots - 1;
        this.maxTimers = maxTimers;
        this.deadlines = new long[slots][];
        this.payloads = new Object[slots][];
        this.freeHint = new int[slots];
        this.currentTick = startNanos >> tickShift;
        this.floorTick = currentTick;
    }

    /** Live timers. */
    public int size() {
        return size;
    }

    /** Tick length in nanoseconds. */
    public long tickNanos() {
        return 1L << tickShift;
    }

    /**
     * Schedules {@code payload} for {@code deadlineNanos} (a deadline in the past fires on the next
     * {@link #advance}). Returns the timer id.
     *
     * @throws IllegalStateException when {@code maxTimers} timers are live
     */
    public long schedule(long deadlineNanos, T payload) {
        if (size >= maxTimers) {
            throw new IllegalStateException("timers: " + size + " (expected: < " + maxTimers + ")");
        }
        if (deadlineNanos == EMPTY) {
            deadlineNanos = EMPTY + 1;
        }
        long tick = Math.max(deadlineNanos >> tickShift, floorTick);
        int slot = (int) (tick & mask);
        long[] d = deadlines[slot];
        if (d == null) {
            d = new long[INITIAL_SLOT_CAPACITY];
            Arrays.fill(d, EMPTY);
            deadlines[slot] = d;
            payloads[slot] = new Object[INITIAL_SLOT_CAPACITY];
        }
        int index = -1;
        for (int i = freeHint[slot]; i < d.length; i++) {
            if (d[i] == EMPTY) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            index = d.length;
            d = Arrays.copyOf(d, d.length * 2);
            Arrays.fill(d, index, d.length, EMPTY);
            deadlines[slot] = d;
            payloads[slot] = Arrays.copyOf(payloads[slot], d.length);
        }
        d[index] = deadlineNanos;
        payloads[slot][index] = payload;
        freeHint[slot] = index + 1;
        size++;
        return ((long) slot << 32) | index;
    }

    /** Cancels a live timer; returns whether it was live. */
    public boolean cancel(long timerId) {
        if (timerId < 0) {
            return false;
        }
        int slot = (int) (timerId >>> 32);
        int index = (int) timerId;
        if (slot > mask || deadlines[slot] == null || index >= deadlines[slot].length || deadlines[slot][index] == EMPTY) {
            return false;
        }
        deadlines[slot][index] = EMPTY;
        payloads[slot][index] = null;
        freeHint[slot] = Math.min(freeHint[slot], index);
        size--;
        return true;
    }

    /** The deadline of a live timer, or {@link Long#MIN_VALUE} if none. */
    public long deadline(long timerId) {
        if (timerId < 0) {
            return EMPTY;
        }
        int slot = (int) (timerId >>> 32);
        int index = (int) timerId;
        if (slot > mask || deadlines[slot] == null || index >= deadlines[slot].length) {
            return EMPTY;
        }
        return deadlines[slot][index];
    }

    /**
     * Fires every timer with {@code deadline <= nowNanos}, at most {@code maxExpiries} of them (the rest fire on the
     * next call: bounded work per event-loop turn). The handler may schedule and cancel. Returns the number fired.
     */
    @SuppressWarnings("unchecked")
    public int advance(long nowNanos, int maxExpiries, ExpiryHandler<? super T> handler) {
        long nowTick = nowNanos >> tickShift;
        if (nowTick < currentTick) {
            return 0;
        }
        int fired = 0;
        floorTick = nowTick; // timers scheduled by handlers for the past go to now's slot, visited last or next time
        // after one full revolution every slot has been checked against nowNanos: no need to go further
        long lastTick = Math.min(nowTick, currentTick + mask);
        for (long tick = currentTick; tick <= lastTick; tick++) {
            int slot = (int) (tick & mask);
            long[] d = deadlines[slot];
            if (d != null) {
                for (int i = 0; i < d.length; i++) {
                    long deadline = d[i];
                    if (deadline != EMPTY && deadline <= nowNanos) {
                        if (fired == maxExpiries) {
                            currentTick = tick;
                            floorTick = tick;
                            return fired;
                        }
                        T payload = (T) payloads[slot][i];
                        d[i] = EMPTY;
                        payloads[slot][i] = null;
                        freeHint[slot] = Math.min(freeHint[slot], i);
                        size--;
                        fired++;
                        handler.onExpiry(((long) slot << 32) | i, deadline, payload);
                        d = deadlines[slot]; // the handler may have grown this slot
                    }
                }
            }
        }
        currentTick = nowTick;
        floorTick = nowTick;
        return fired;
    }
}
