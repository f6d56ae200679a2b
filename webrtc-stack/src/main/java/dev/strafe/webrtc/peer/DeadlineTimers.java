package dev.strafe.webrtc.peer;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.PriorityQueue;

/**
 * All peer deadlines of one event loop behind a single Vert.x timer (STYLE #20): each owner has at most one
 * deadline (the earliest of its layers' {@code nextDeadline()}); the loop arms one Vert.x timer for the
 * earliest of them all. Confined to the loop's context (no locks). Re-scheduling is O(log n) with lazy
 * deletion of superseded entries; the loop never holds more than one live entry per owner.
 *
 * @param <T> the owner (a peer)
 */
final class DeadlineTimers<T> {

    /** Deadlines closer than this fire together (one timer callback per millisecond at most). */
    static final long GRANULARITY_NANOS = 1_000_000L;

    interface Firing<T> {
        void fire(T owner, long nowNanos);
    }

    private record Entry<T>(long deadline, long seq, T owner) {
    }

    private final Vertx vertx;
    private final Context context;
    private final Firing<T> firing;
    private final HashMap<T, Entry<T>> live = new HashMap<>();
    private final PriorityQueue<Entry<T>> queue = new PriorityQueue<>(
        (a, b) -> a.deadline != b.deadline ? Long.compare(a.deadline, b.deadline) : Long.compare(a.seq, b.seq));
    private long seq;
    private long timerId = -1;
    private long armedFor = Long.MAX_VALUE;
    private boolean closed;

    DeadlineTimers(Vertx vertx, Context context, Firing<T> firing) {
        this.vertx = vertx;
        this.context = context;
        this.firing = firing;
    }

    /** {@code owner} fires at {@code deadlineNanos} ({@link Long#MAX_VALUE}: cancel). */
    void schedule(T owner, long deadlineNanos) {
        if (deadlineNanos == Long.MAX_VALUE) {
            cancel(owner);
            return;
        }
        Entry<T> old = live.get(owner);
        if (old != null && old.deadline == deadlineNanos) {
            return;
        }
        Entry<T> e = new Entry<>(deadlineNanos, seq++, owner);
        live.put(owner, e);
        queue.add(e);
        if (queue.size() > 4 * live.size() + 64) {
            compact();
        }
        arm();
    }

    void cancel(T owner) {
        live.remove(owner);
    }

    int size() {
        return live.size();
    }

    void close() {
        closed = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
        live.clear();
        queue.clear();
    }

    private void compact() {
        queue.clear();
        queue.addAll(live.values());
    }

    private void arm() {
        Entry<T> head = peekLive();
        if (head == null || closed) {
            return;
        }
        if (timerId >= 0 && armedFor <= head.deadline + GRANULARITY_NANOS) {
            return; // the armed timer fires early enough
        }
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        long delayMs = Math.max(1, (head.deadline - System.nanoTime() + 999_999) / 1_000_000);
        armedFor = head.deadline;
        timerId = vertx.setTimer(delayMs, id -> onTimer());
    }

    private Entry<T> peekLive() {
        Entry<T> head;
        while ((head = queue.peek()) != null && live.get(head.owner) != head) {
            queue.poll();
        }
        return head;
    }

    private void onTimer() {
        timerId = -1;
        armedFor = Long.MAX_VALUE;
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        Entry<T> head;
        int budget = live.size() + 1;
        while (budget-- > 0 && (head = peekLive()) != null && head.deadline <= now + GRANULARITY_NANOS) {
            queue.poll();
            live.remove(head.owner);
            firing.fire(head.owner, now);
        }
        arm();
    }

    Context context() {
        return context;
    }
}
