package dev.strafe.webrtc.peer;

import io.vertx.core.Vertx;

/**
 * All peer deadlines of one event loop on one {@link TimerWheel}, driven by one periodic Vert.x timer per loop
 * (STYLE #20) that runs only while the wheel holds a timer. Each owner has at most one deadline (the earliest
 * of its layers' {@code nextDeadline()}) and keeps its own timer id ({@link Owner}), so re-scheduling is a
 * cancel + schedule on the wheel, with no allocation once warm. Confined to the loop's context (no locks).
 *
 * <p>Resolution: ticks of 2^20 ns (≈1.05 ms), polled every {@link #POLL_MILLIS} ms; a timer fires at most about
 * one poll period late, never early. SCTP's smallest timers (delayed SACK 200 ms, RTO.min 400 ms) and the
 * ICE/DTLS ones are far coarser, so the poll is 10 ms: each poll is an event-loop wake-up (a timerfd expiry and
 * a context switch), and at 2 ms two loops spent ~1,000 wake-ups a second on an idle server.
 *
 * @param <T> the owner (a peer)
 */
final class DeadlineTimers<T extends DeadlineTimers.Owner> {

    static final long POLL_MILLIS = 10;
    static final int TICK_SHIFT = 20;
    static final int SLOTS = 1024;
    /** Expiries per poll; the rest fire on the next poll (bounded work per event-loop turn). */
    static final int MAX_EXPIRIES_PER_POLL = 4096;

    /** Something with one timer on a loop: keeps the wheel's id of its live timer. */
    interface Owner {
        long timerId();

        void timerId(long id);
    }

    interface Firing<T> {
        void fire(T owner, long nowNanos);
    }

    private final Vertx vertx;
    private final Firing<T> firing;
    private final TimerWheel<T> wheel;
    private final TimerWheel.ExpiryHandler<T> onExpiry;
    private long periodicId = -1;
    private long now;
    private boolean closed;

    DeadlineTimers(Vertx vertx, int maxTimers, Firing<T> firing) {
        this.vertx = vertx;
        this.firing = firing;
        this.wheel = new TimerWheel<>(System.nanoTime(), TICK_SHIFT, SLOTS, maxTimers);
        this.onExpiry = (id, deadline, owner) -> {
            if (owner.timerId() == id) {
                owner.timerId(TimerWheel.NO_TIMER);
                firing.fire(owner, now);
            }
        };
    }

    /** {@code owner} fires at {@code deadlineNanos}, replacing its earlier deadline ({@link Long#MAX_VALUE}: cancel). */
    void schedule(T owner, long deadlineNanos) {
        cancel(owner);
        if (deadlineNanos == Long.MAX_VALUE || closed) {
            return;
        }
        owner.timerId(wheel.schedule(deadlineNanos, owner));
        if (periodicId < 0) {
            periodicId = vertx.setPeriodic(POLL_MILLIS, id -> poll());
        }
    }

    void cancel(T owner) {
        long id = owner.timerId();
        if (id != TimerWheel.NO_TIMER) {
            wheel.cancel(id);
            owner.timerId(TimerWheel.NO_TIMER);
        }
    }

    int size() {
        return wheel.size();
    }

    void close() {
        closed = true;
        stopPolling();
    }

    private void poll() {
        now = System.nanoTime();
        wheel.advance(now, MAX_EXPIRIES_PER_POLL, onExpiry);
        if (wheel.size() == 0) {
            stopPolling();
        }
    }

    private void stopPolling() {
        if (periodicId >= 0) {
            vertx.cancelTimer(periodicId);
            periodicId = -1;
        }
    }
}
