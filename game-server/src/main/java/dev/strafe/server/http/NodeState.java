package dev.strafe.server.http;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Lifecycle of a node as the probes and the join endpoint see it: {@code STARTING -> READY -> DRAINING ->
 * STOPPED}. Written by {@code Node} (start, shutdown hook), read by the HTTP event loop: an atomic, no lock.
 */
public final class NodeState {

    public enum Phase {
        STARTING, READY, DRAINING, STOPPED;

        /** Lower-case name, as reported by {@code /health/ready}. */
        public String label() {
            return name().toLowerCase();
        }
    }

    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);

    public Phase phase() {
        return phase.get();
    }

    /** Ready for traffic (the readiness probe and joins). */
    public boolean ready() {
        return phase.get() == Phase.READY;
    }

    /** STARTING -> READY; false when the node is already draining or stopped. */
    public boolean markReady() {
        return phase.compareAndSet(Phase.STARTING, Phase.READY);
    }

    /** STARTING or READY -> DRAINING; false when already draining or stopped (only the first caller drains). */
    public boolean markDraining() {
        return phase.compareAndSet(Phase.READY, Phase.DRAINING) || phase.compareAndSet(Phase.STARTING, Phase.DRAINING);
    }

    public void markStopped() {
        phase.set(Phase.STOPPED);
    }
}
