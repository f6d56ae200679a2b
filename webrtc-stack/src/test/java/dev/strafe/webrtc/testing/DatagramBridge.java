package dev.strafe.webrtc.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A deterministic simulated network between two sans-IO {@link DatagramEndpoint}s A and B, driven by a
 * {@link FakeClock} (STYLE #31). Each direction is a {@link Link} with its own seeded random source and
 * impairments:
 *
 * <ul>
 *   <li>{@link Link#filter(Predicate)}: keep only datagrams the predicate accepts (others count as filtered);</li>
 *   <li>{@link Link#drop(int)}: drop the next {@code n} datagrams;</li>
 *   <li>{@link Link#reorder(int)}: hold the next {@code n} datagrams and release them in reverse order;</li>
 *   <li>{@link Link#loss(double)}: seeded random loss (0.0 .. 1.0);</li>
 *   <li>{@link Link#duplicate(double)}: seeded random duplication;</li>
 *   <li>{@link Link#reorderRate(double, long)}: seeded random extra delay so later datagrams overtake;</li>
 *   <li>{@link Link#delay(long)} + {@link Link#jitter(long)}: one-way latency, uniform jitter in
 *       {@code [0, jitter]} (jitter may reorder);</li>
 *   <li>{@link Link#bandwidth(long)} + {@link Link#queueLimit(long)}: serialization at bytes/s through a
 *       FIFO bottleneck queue with tail drop.</li>
 * </ul>
 *
 * <p>Order of impairments for each datagram an endpoint polls: filter, drop(n), loss, duplication, then
 * per copy: bottleneck queue, delay, jitter, random reordering, reorder(n).
 *
 * <p>{@link #tick()} polls both endpoints for datagrams, advances the clock to the next event (a datagram
 * arrival or an endpoint deadline), delivers what is due and fires due timeouts. Nothing sleeps; every loop
 * is bounded (a livelocked endpoint makes the bridge throw with a clear message, never hang).
 */
public final class DatagramBridge {

    /** Default size of the buffer an endpoint polls into. */
    public static final int DEFAULT_MAX_DATAGRAM = 65_536;
    /** Consecutive ticks without the clock moving after which the bridge reports a livelock. */
    static final int MAX_TICKS_WITHOUT_TIME_PROGRESS = 1_000_000;
    /** Datagrams one endpoint may emit in one flush before the bridge reports a runaway endpoint. */
    static final int MAX_POLLS_PER_FLUSH = 1_000_000;

    /** Direction of travel. */
    public enum Direction { A_TO_B, B_TO_A }

    private final FakeClock clock;
    private final DatagramEndpoint a;
    private final DatagramEndpoint b;
    private final Link aToB;
    private final Link bToA;
    private final PriorityQueue<InFlight> inFlight = new PriorityQueue<>();
    private final byte[] pollBuffer;
    private long sequence;
    private int ticksWithoutTimeProgress;
    private long lastTickTime = Long.MIN_VALUE;

    public DatagramBridge(FakeClock clock, DatagramEndpoint a, DatagramEndpoint b, long seed) {
        this(clock, a, b, seed, DEFAULT_MAX_DATAGRAM);
    }

    public DatagramBridge(FakeClock clock, DatagramEndpoint a, DatagramEndpoint b, long seed, int maxDatagram) {
        if (maxDatagram < 1) {
            throw new IllegalArgumentException("maxDatagram: " + maxDatagram + " (expected: >= 1)");
        }
        this.clock = clock;
        this.a = a;
        this.b = b;
        SplittableRandom root = new SplittableRandom(seed);
        this.aToB = new Link(Direction.A_TO_B, root.split());
        this.bToA = new Link(Direction.B_TO_A, root.split());
        this.pollBuffer = new byte[maxDatagram];
    }

    public FakeClock clock() {
        return clock;
    }

    public Link aToB() {
        return aToB;
    }

    public Link bToA() {
        return bToA;
    }

    public Link link(Direction direction) {
        return direction == Direction.A_TO_B ? aToB : bToA;
    }

    // ------------------------------------------------------------ both-direction shorthands

    /** Same random loss rate in both directions. */
    public DatagramBridge loss(double rate) {
        aToB.loss(rate);
        bToA.loss(rate);
        return this;
    }

    /** Same one-way delay in both directions. */
    public DatagramBridge delay(long nanos) {
        aToB.delay(nanos);
        bToA.delay(nanos);
        return this;
    }

    /** Same jitter in both directions. */
    public DatagramBridge jitter(long nanos) {
        aToB.jitter(nanos);
        bToA.jitter(nanos);
        return this;
    }

    /** Same duplication rate in both directions. */
    public DatagramBridge duplicate(double rate) {
        aToB.duplicate(rate);
        bToA.duplicate(rate);
        return this;
    }

    /** Same bandwidth cap in both directions. */
    public DatagramBridge bandwidth(long bytesPerSecond) {
        aToB.bandwidth(bytesPerSecond);
        bToA.bandwidth(bytesPerSecond);
        return this;
    }

    /** Drops the next {@code n} datagrams travelling in {@code direction}. */
    public DatagramBridge drop(Direction direction, int n) {
        link(direction).drop(n);
        return this;
    }

    /** Holds the next {@code n} datagrams travelling in {@code direction} and releases them reversed. */
    public DatagramBridge reorder(Direction direction, int n) {
        link(direction).reorder(n);
        return this;
    }

    /** Keeps only datagrams travelling in {@code direction} that {@code keep} accepts. */
    public DatagramBridge filter(Direction direction, Predicate<byte[]> keep) {
        link(direction).filter(keep);
        return this;
    }

    // ------------------------------------------------------------ driving

    /** Datagrams on the wire (scheduled for delivery), both directions. Held reorder(n) datagrams excluded. */
    public int inFlight() {
        return inFlight.size();
    }

    /**
     * The time of the next event (datagram arrival or endpoint deadline) after polling both endpoints, or
     * {@link Long#MAX_VALUE} when the simulation is idle.
     */
    public long nextEventTime() {
        flush();
        long next = Math.min(a.nextDeadline(), b.nextDeadline());
        InFlight head = inFlight.peek();
        if (head != null) {
            next = Math.min(next, head.arrivalNanos);
        }
        return next;
    }

    /**
     * One step: poll both endpoints, advance the clock to the next event (never backwards), deliver every
     * datagram due by then, fire due endpoint timeouts, poll again.
     *
     * @return false when there was no event at all (the simulation is idle)
     */
    public boolean tick() {
        long next = nextEventTime();
        if (next == Long.MAX_VALUE) {
            return false;
        }
        step(next);
        return true;
    }

    /**
     * Ticks until {@code condition} holds, the simulation goes idle, or the clock would pass
     * {@code start + maxSimulatedNanos} (the clock then stops exactly at that limit).
     *
     * @return whether {@code condition} holds at the end
     */
    public boolean runUntil(BooleanSupplier condition, long maxSimulatedNanos) {
        if (maxSimulatedNanos < 0) {
            throw new IllegalArgumentException("maxSimulatedNanos: " + maxSimulatedNanos + " (expected: >= 0)");
        }
        long limit = saturatingAdd(clock.nanos(), maxSimulatedNanos);
        while (!condition.getAsBoolean()) {
            long next = nextEventTime();
            if (next == Long.MAX_VALUE) {
                return condition.getAsBoolean();
            }
            if (next > limit) {
                clock.advanceTo(limit);
                return condition.getAsBoolean();
            }
            step(next);
        }
        return true;
    }

    /** Runs every event up to and including {@code now + nanos}; the clock ends exactly there. */
    public void runFor(long nanos) {
        runUntil(() -> false, nanos);
    }

    private void step(long next) {
        long now = clock.nanos();
        if (next > now) {
            now = clock.advanceTo(next);
        }
        if (now == lastTickTime) {
            if (++ticksWithoutTimeProgress > MAX_TICKS_WITHOUT_TIME_PROGRESS) {
                throw new IllegalStateException("livelock: " + MAX_TICKS_WITHOUT_TIME_PROGRESS
                        + " ticks at " + now + " ns without the clock moving (an endpoint deadline that never"
                        + " advances, or an endless zero-delay exchange?) " + this);
            }
        } else {
            lastTickTime = now;
            ticksWithoutTimeProgress = 0;
        }
        InFlight head;
        while ((head = inFlight.peek()) != null && head.arrivalNanos <= now) {
            inFlight.poll();
            Link link = head.link;
            link.delivered++;
            link.bytesDelivered += head.data.length;
            DatagramEndpoint to = link.direction == Direction.A_TO_B ? b : a;
            to.handle(head.data, 0, head.data.length, now);
        }
        if (a.nextDeadline() <= now) {
            a.onTimeout(now);
        }
        if (b.nextDeadline() <= now) {
            b.onTimeout(now);
        }
        flush();
    }

    private void flush() {
        long now = clock.nanos();
        drain(a, aToB, now);
        drain(b, bToA, now);
    }

    private void drain(DatagramEndpoint from, Link link, long now) {
        for (int polls = 0; ; polls++) {
            if (polls >= MAX_POLLS_PER_FLUSH) {
                throw new IllegalStateException("endpoint sending " + link.direction + " produced "
                        + MAX_POLLS_PER_FLUSH + " datagrams at " + now + " ns without time passing");
            }
            int n = from.poll(pollBuffer, 0, now);
            if (n <= 0) {
                return;
            }
            if (n > pollBuffer.length) {
                throw new IllegalStateException("poll returned " + n + " (expected: <= " + pollBuffer.length + ")");
            }
            link.transmit(Arrays.copyOf(pollBuffer, n), now);
        }
    }

    private static long saturatingAdd(long x, long y) {
        long r = x + y;
        return ((x ^ r) & (y ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    @Override
    public String toString() {
        return "DatagramBridge[t=" + clock.nanos() + "ns, inFlight=" + inFlight.size() + ", " + aToB + ", " + bToA + "]";
    }

    private record InFlight(long arrivalNanos, long sequence, Link link, byte[] data) implements Comparable<InFlight> {
        @Override
        public int compareTo(InFlight o) {
            int c = Long.compare(arrivalNanos, o.arrivalNanos);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    /** One direction of the bridge: its impairments and its counters. Setters return {@code this}. */
    public final class Link {

        private final Direction direction;
        private final SplittableRandom random;
        private double lossRate;
        private double duplicateRate;
        private double reorderRate;
        private long reorderExtraDelayNanos;
        private long delayNanos;
        private long jitterNanos;
        private long bandwidthBytesPerSecond;
        private long queueLimitBytes = 1 << 20;
        private long linkFreeAtNanos;
        private Predicate<byte[]> keep;
        private int dropNext;
        private int reorderCount;
        private final List<InFlight> held = new ArrayList<>();

        private long sent;
        private long bytesSent;
        private long delivered;
        private long bytesDelivered;
        private long lost;
        private long filtered;
        private long dropped;
        private long queueDropped;
        private long duplicated;
        private long reordered;

        private Link(Direction direction, SplittableRandom random) {
            this.direction = direction;
            this.random = random;
        }

        public Direction direction() {
            return direction;
        }

        public Link loss(double rate) {
            this.lossRate = checkRate("loss", rate);
            return this;
        }

        public Link duplicate(double rate) {
            this.duplicateRate = checkRate("duplicate", rate);
            return this;
        }

        /** With probability {@code rate} a datagram gets {@code extraDelayNanos} more delay, so later ones overtake it. */
        public Link reorderRate(double rate, long extraDelayNanos) {
            this.reorderRate = checkRate("reorderRate", rate);
            this.reorderExtraDelayNanos = checkNonNegative("extraDelayNanos", extraDelayNanos);
            return this;
        }

        public Link delay(long nanos) {
            this.delayNanos = checkNonNegative("delay", nanos);
            return this;
        }

        public Link jitter(long nanos) {
            this.jitterNanos = checkNonNegative("jitter", nanos);
            return this;
        }

        /** Bottleneck rate in bytes per second; 0 = unlimited. */
        public Link bandwidth(long bytesPerSecond) {
            this.bandwidthBytesPerSecond = checkNonNegative("bandwidth", bytesPerSecond);
            return this;
        }

        /** Bytes the bottleneck queue holds before tail-dropping (only with a bandwidth cap); default 1 MiB. */
        public Link queueLimit(long bytes) {
            this.queueLimitBytes = checkNonNegative("queueLimit", bytes);
            return this;
        }

        /** Keeps only datagrams {@code keep} accepts ({@code null} keeps all); the array is a private copy. */
        public Link filter(Predicate<byte[]> keep) {
            this.keep = keep;
            return this;
        }

        /** Drops the next {@code n} datagrams (added to any still pending). */
        public Link drop(int n) {
            this.dropNext += (int) checkNonNegative("drop", n);
            return this;
        }

        /** Holds the next {@code n} datagrams and releases them in reverse order once the n-th is sent. */
        public Link reorder(int n) {
            if (n < 2) {
                throw new IllegalArgumentException("reorder: " + n + " (expected: >= 2)");
            }
            if (!held.isEmpty() || reorderCount != 0) {
                throw new IllegalStateException("reorder(" + reorderCount + ") still pending");
            }
            this.reorderCount = n;
            return this;
        }

        public long sent() {
            return sent;
        }

        public long bytesSent() {
            return bytesSent;
        }

        public long delivered() {
            return delivered;
        }

        public long bytesDelivered() {
            return bytesDelivered;
        }

        /** Datagrams lost to the random loss rate. */
        public long lost() {
            return lost;
        }

        public long filtered() {
            return filtered;
        }

        /** Datagrams dropped by {@link #drop(int)}. */
        public long dropped() {
            return dropped;
        }

        /** Datagrams tail-dropped at the bandwidth bottleneck. */
        public long queueDropped() {
            return queueDropped;
        }

        /** Extra copies created by duplication. */
        public long duplicated() {
            return duplicated;
        }

        /** Datagrams delayed by the random reordering or reversed by {@link #reorder(int)}. */
        public long reordered() {
            return reordered;
        }

        /** All datagrams that will never arrive: lost + filtered + dropped + queueDropped. */
        public long droppedTotal() {
            return lost + filtered + dropped + queueDropped;
        }

        private void transmit(byte[] data, long now) {
            sent++;
            bytesSent += data.length;
            if (keep != null && !keep.test(data)) {
                filtered++;
                return;
            }
            if (dropNext > 0) {
                dropNext--;
                dropped++;
                return;
            }
            if (lossRate > 0 && random.nextDouble() < lossRate) {
                lost++;
                return;
            }
            boolean twice = duplicateRate > 0 && random.nextDouble() < duplicateRate;
            schedule(data, now);
            if (twice) {
                duplicated++;
                schedule(data.clone(), now);
            }
        }

        private void schedule(byte[] data, long now) {
            long departure = now;
            if (bandwidthBytesPerSecond > 0) {
                long start = Math.max(now, linkFreeAtNanos);
                long backlogBytes = (start - now) * bandwidthBytesPerSecond / 1_000_000_000L;
                if (backlogBytes + data.length > queueLimitBytes) {
                    queueDropped++;
                    return;
                }
                long serialization = ceilDiv(data.length * 1_000_000_000L, bandwidthBytesPerSecond);
                linkFreeAtNanos = start + serialization;
                departure = linkFreeAtNanos;
            }
            long arrival = departure + delayNanos;
            if (jitterNanos > 0) {
                arrival += random.nextLong(jitterNanos + 1);
            }
            if (reorderRate > 0 && random.nextDouble() < reorderRate) {
                reordered++;
                arrival += reorderExtraDelayNanos;
            }
            if (reorderCount > 0) {
                held.add(new InFlight(arrival, 0, this, data));
                if (held.size() == reorderCount) {
                    releaseReversed();
                }
                return;
            }
            inFlight.add(new InFlight(arrival, sequence++, this, data));
        }

        private void releaseReversed() {
            int n = held.size();
            long[] times = new long[n];
            for (int i = 0; i < n; i++) {
                times[i] = held.get(i).arrivalNanos;
            }
            Arrays.sort(times);
            for (int i = 0; i < n; i++) {
                InFlight p = held.get(n - 1 - i);
                inFlight.add(new InFlight(times[i], sequence++, this, p.data));
            }
            reordered += n;
            held.clear();
            reorderCount = 0;
        }

        @Override
        public String toString() {
            return direction + "{sent=" + sent + ", delivered=" + delivered + ", lost=" + lost + ", filtered="
                    + filtered + ", dropped=" + dropped + ", queueDropped=" + queueDropped + ", duplicated="
                    + duplicated + ", reordered=" + reordered + "}";
        }
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }

    private static double checkRate(String name, double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException(name + ": " + rate + " (expected: 0.0 <= rate <= 1.0)");
        }
        return rate;
    }

    private static long checkNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
        }
        return value;
    }
}
