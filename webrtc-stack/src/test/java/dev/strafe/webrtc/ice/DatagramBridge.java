package dev.strafe.webrtc.ice;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * In-memory lossy datagram link on a fake clock (STYLE #31): seeded random loss, fixed one-way delay,
 * {@link #drop(int)} for the next n datagrams, {@link #reorder(int)} (the next n arrive after later ones),
 * {@link #duplicate(int)}, {@link #filter} to drop by predicate. No threads, no sleeps.
 */
final class DatagramBridge {

    record InFlight(long deliverAt, byte[] data, InetSocketAddress from, InetSocketAddress to) {
    }

    private final SplittableRandom random;
    private final long delayNanos;
    private double loss;
    private int dropNext;
    private int reorderNext;
    private int duplicateNext;
    private Predicate<InFlight> filter = d -> false;
    private final List<InFlight> inFlight = new ArrayList<>();
    long sent;
    long lost;

    DatagramBridge(long seed, double loss, long delayNanos) {
        this.random = new SplittableRandom(seed);
        this.loss = loss;
        this.delayNanos = delayNanos;
    }

    void loss(double loss) {
        this.loss = loss;
    }

    void drop(int n) {
        dropNext += n;
    }

    void reorder(int n) {
        reorderNext += n;
    }

    void duplicate(int n) {
        duplicateNext += n;
    }

    void filter(Predicate<InFlight> filter) {
        this.filter = filter;
    }

    void send(byte[] data, InetSocketAddress from, InetSocketAddress to, long now) {
        sent++;
        long delay = delayNanos;
        if (reorderNext > 0) {
            reorderNext--;
            delay = 3 * delayNanos + 1; // overtaken by whatever is sent in the next two delays
        }
        InFlight d = new InFlight(now + delay, data, from, to);
        if (dropNext > 0) {
            dropNext--;
            lost++;
        } else if (random.nextDouble() < loss || filter.test(d)) {
            lost++;
        } else {
            inFlight.add(d);
            if (duplicateNext > 0) {
                duplicateNext--;
                inFlight.add(new InFlight(d.deliverAt + 1, data.clone(), from, to));
            }
        }
    }

    /** Datagrams due at {@code now}, in send order. */
    List<InFlight> tick(long now) {
        List<InFlight> due = new ArrayList<>();
        for (Iterator<InFlight> it = inFlight.iterator(); it.hasNext(); ) {
            InFlight d = it.next();
            if (d.deliverAt <= now) {
                due.add(d);
                it.remove();
            }
        }
        return due;
    }

    long nextDelivery() {
        long t = Long.MAX_VALUE;
        for (InFlight d : inFlight) {
            t = Math.min(t, d.deliverAt);
        }
        return t;
    }
}
