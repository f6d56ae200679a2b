package dev.strafe.webrtc.testing;

import java.util.ArrayDeque;
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
 *       FIFO bottleneck queue with tail drop;</li>
 *   <li>{@link Link#blackout(long)}: an outage until a given time; {@link Link#mtu(int)}: oversize drop.</li>
 * </ul>
 *
 * <p>Order of impairments for each datagram an endpoint polls: mtu, blackout, filter, drop(n), loss, duplication, then
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
    private final PriorityQueue<Datagram> inFlight = new PriorityQueue<>();
    /** Recycled datagram buffers by size class (capacity 2^k): the bridge allocates nothing per datagram once warm. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private final ArrayDeque<byte[]>[] bufferPools = new ArrayDeque[17];
    private Datagram freeDatagrams;
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
        long next = earliestEvent();
        if (next == Long.MAX_VALUE && (aToB.releaseHeld() | bToA.releaseHeld())) {
            next = earliestEvent(); // reorder(n) with fewer than n datagrams: released once the network idles
        }
        return next;
    }

    private long earliestEvent() {
        long next = Math.min(a.nextDeadline(), b.nextDeadline());
        Datagram head = inFlight.peek();
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
        Datagram head;
        while ((head = inFlight.peek()) != null && head.arrivalNanos <= now) {
            inFlight.poll();
            Link link = head.link;
            link.delivered++;
            link.bytesDelivered += head.length;
            DatagramEndpoint to = link.direction == Direction.A_TO_B ? b : a;
            to.handle(head.buf, 0, head.length, now);
            recycle(head);
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
            Datagram d = obtain(n);
            System.arraycopy(pollBuffer, 0, d.buf, 0, n);
            link.transmit(d, now);
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

    private Datagram obtain(int length) {
        Datagram d = freeDatagrams;
        if (d != null) {
            freeDatagrams = d.nextFree;
            d.nextFree = null;
        } else {
            d = new Datagram();
        }
        int sizeClass = Math.max(6, 32 - Integer.numberOfLeadingZeros(length - 1));
        byte[] buf = null;
        if (sizeClass < bufferPools.length && bufferPools[sizeClass] != null) {
            buf = bufferPools[sizeClass].pollFirst();
        }
        if (buf == null) {
            buf = new byte[sizeClass < bufferPools.length ? 1 << sizeClass : length];
        }
        d.buf = buf;
        d.length = length;
        return d;
    }

    private void recycle(Datagram d) {
        byte[] buf = d.buf;
        int sizeClass = Integer.numberOfTrailingZeros(buf.length);
        if (buf.length == 1 << sizeClass && sizeClass < bufferPools.length) {
            ArrayDeque<byte[]> pool = bufferPools[sizeClass];
            if (pool == null) {
                pool = bufferPools[sizeClass] = new ArrayDeque<>();
            }
            if (pool.size() < 4_096) {
                pool.addFirst(buf);
            }
        }
        d.buf = null;
        d.link = null;
        d.nextFree = freeDatagrams;
        freeDatagrams = d;
    }

    /** A datagram on the wire; pooled. */
    private static final class Datagram implements Comparable<Datagram> {
        long arrivalNanos;
        long sequence;
        Link link;
        byte[] buf;
        int length;
        Datagram nextFree;

        @Override
        public int compareTo(Datagram o) {
            int c = Long.compare(arrivalNanos, o.arrivalNanos);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    /** One direction of the bridge: its impairments and its counters. Setters return {@code this}. */
    public final class Link {

        private final Direction direction;
        private final SplittableRandom random;
        private double lossRate;
        private double burstEnter;
        private double burstExit;
        private double burstLossRate;
        private boolean inBurst;
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
        private long blackoutUntilNanos = Long.MIN_VALUE;
        private int mtu = Integer.MAX_VALUE;
        private int reorderCount;
        private final List<Datagram> held = new ArrayList<>();

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
        private long blackedOut;
        private long oversize;

        private Link(Direction direction, SplittableRandom random) {
            this.direction = direction;
            this.random = random;
        }

        public Direction direction() {
            return direction;
        }

        /**
         * Bursty loss (Gilbert-Elliott): before each datagram the link enters the bad state with probability
         * {@code enter} and leaves it with probability {@code exit}; in the bad state a datagram is lost with
         * probability {@code lossInBurst}. Long-run loss = enter / (enter + exit) * lossInBurst. Applies on top
         * of {@link #loss(double)}.
         */
        public Link burstLoss(double enter, double exit, double lossInBurst) {
            this.burstEnter = checkRate("burst enter", enter);
            this.burstExit = checkRate("burst exit", exit);
            this.burstLossRate = checkRate("lossInBurst", lossInBurst);
            return this;
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

        /** Drops every datagram sent before {@code untilNanos} (a link outage; "peer gone" tests). */
        public Link blackout(long untilNanos) {
            this.blackoutUntilNanos = untilNanos;
            return this;
        }

        /** Drops datagrams longer than {@code bytes} (a path MTU; counted as {@link #oversize()}). */
        public Link mtu(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("mtu: " + bytes + " (expected: >= 1)");
            }
            this.mtu = bytes;
            return this;
        }

        /** Drops the next {@code n} datagrams (added to any still pending). */
        public Link drop(int n) {
            this.dropNext += (int) checkNonNegative("drop", n);
            return this;
        }

        /**
         * Holds the next {@code n} datagrams and releases them in reverse order once the n-th is sent (or,
         * with fewer, once nothing else is scheduled).
         */
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

        /** Datagrams dropped during a {@link #blackout(long)}. */
        public long blackedOut() {
            return blackedOut;
        }

        /** Datagrams dropped for exceeding {@link #mtu(int)}. */
        public long oversize() {
            return oversize;
        }

        /** All datagrams that will never arrive: lost + filtered + dropped + queueDropped + blackedOut + oversize. */
        public long droppedTotal() {
            return lost + filtered + dropped + queueDropped + blackedOut + oversize;
        }

        private void transmit(Datagram d, long now) {
            sent++;
            bytesSent += d.length;
            if (d.length > mtu) {
                oversize++;
                recycle(d);
                return;
            }
            if (now < blackoutUntilNanos) {
                blackedOut++;
                recycle(d);
                return;
            }
            if (keep != null && !keep.test(Arrays.copyOf(d.buf, d.length))) {
                filtered++;
                recycle(d);
                return;
            }
            if (dropNext > 0) {
                dropNext--;
                dropped++;
                recycle(d);
                return;
            }
            if (burstEnter > 0) {
                inBurst = inBurst ? random.nextDouble() >= burstExit : random.nextDouble() < burstEnter;
                if (inBurst && random.nextDouble() < burstLossRate) {
                    lost++;
                    recycle(d);
                    return;
                }
            }
            if (lossRate > 0 && random.nextDouble() < lossRate) {
                lost++;
                recycle(d);
                return;
            }
            Datagram copy = null;
            if (duplicateRate > 0 && random.nextDouble() < duplicateRate) {
                duplicated++;
                copy = obtain(d.length);
                System.arraycopy(d.buf, 0, copy.buf, 0, d.length);
            }
            schedule(d, now);
            if (copy != null) {
                schedule(copy, now);
            }
        }

        private void schedule(Datagram d, long now) {
            long departure = now;
            if (bandwidthBytesPerSecond > 0) {
                long start = Math.max(now, linkFreeAtNanos);
                long backlogBytes = (start - now) * bandwidthBytesPerSecond / 1_000_000_000L;
                if (backlogBytes + d.length > queueLimitBytes) {
                    queueDropped++;
                    recycle(d);
                    return;
                }
                long serialization = ceilDiv(d.length * 1_000_000_000L, bandwidthBytesPerSecond);
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
            d.arrivalNanos = arrival;
            d.link = this;
            if (reorderCount > 0) {
                held.add(d);
                if (held.size() == reorderCount) {
                    releaseReversed();
                }
                return;
            }
            d.sequence = sequence++;
            inFlight.add(d);
        }

        private boolean releaseHeld() {
            if (held.isEmpty()) {
                return false;
            }
            releaseReversed();
            return true;
        }

        private void releaseReversed() {
            int n = held.size();
            long[] times = new long[n];
            for (int i = 0; i < n; i++) {
                times[i] = held.get(i).arrivalNanos;
            }
            Arrays.sort(times);
            for (int i = 0; i < n; i++) {
                Datagram p = held.get(n - 1 - i);
                p.arrivalNanos = times[i];
                p.sequence = sequence++;
                inFlight.add(p);
            }
            reordered += n;
            held.clear();
            reorderCount = 0;
        }

        @Override
        public String toString() {
            return direction + "{sent=" + sent + ", delivered=" + delivered + ", lost=" + lost + ", filtered="
                    + filtered + ", dropped=" + dropped + ", queueDropped=" + queueDropped + ", duplicated="
                    + duplicated + ", reordered=" + reordered + ", blackedOut=" + blackedOut + ", oversize=" + oversize
                    + "}";
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
