package dev.strafe.webrtc.datachannel;

import dev.strafe.webrtc.sctp.SctpAssociation;
import dev.strafe.webrtc.sctp.SctpConfig;
import dev.strafe.webrtc.sctp.SctpListener;
import dev.strafe.webrtc.sctp.SctpTransport;
import dev.strafe.webrtc.testing.DatagramBridge;
import dev.strafe.webrtc.testing.DatagramEndpoint;
import dev.strafe.webrtc.testing.FakeClock;
import java.util.SplittableRandom;

/**
 * {@link SctpLink} over two real {@link SctpAssociation}s on a seeded {@link DatagramBridge} with a fake
 * clock: both ends connect at once (as WebRTC peers do), {@link #run()} simulates a fixed span of network
 * time (enough for retransmissions under the configured loss), {@link #lose} aborts end A.
 */
final class SctpAssociationLink implements SctpLink {

    static final long MS = 1_000_000L;

    private final FakeClock clock = new FakeClock(1_000 * MS);
    private final double loss;
    private final long seed;
    private final long runNanos;
    private final SctpConfig config;
    private SctpAssociation a;
    private SctpAssociation b;
    private DatagramBridge bridge;
    private final Tap tapA = new Tap();
    private final Tap tapB = new Tap();

    SctpAssociationLink(double loss, long seed) {
        this(loss, seed, SctpConfig.defaults());
    }

    SctpAssociationLink(double loss, long seed, SctpConfig config) {
        this.loss = loss;
        this.seed = seed;
        this.config = config;
        this.runNanos = loss == 0 ? 5_000 * MS : 120_000 * MS;
    }

    @Override
    public void bind(SctpListener listenerA, SctpListener listenerB) {
        tapA.delegate = listenerA;
        tapB.delegate = listenerB;
        a = new SctpAssociation(config, new SplittableRandom(seed), tapA);
        b = new SctpAssociation(config, new SplittableRandom(seed + 1), tapB);
        bridge = new DatagramBridge(clock, endpoint(a), endpoint(b), seed, 2048);
        bridge.loss(loss);
    }

    @Override
    public SctpTransport a() {
        return a;
    }

    @Override
    public SctpTransport b() {
        return b;
    }

    SctpAssociation associationA() {
        return a;
    }

    SctpAssociation associationB() {
        return b;
    }

    DatagramBridge bridge() {
        return bridge;
    }

    @Override
    public void establish() {
        a.connect(clock.nanos());
        b.connect(clock.nanos());
        if (!bridge.runUntil(() -> tapA.established && tapB.established, 600_000 * MS)) {
            throw new IllegalStateException("associations not established: A " + a.state() + ", B " + b.state());
        }
    }

    @Override
    public void run() {
        bridge.runFor(runNanos);
    }

    @Override
    public long nowNanos() {
        return clock.nanos();
    }

    @Override
    public void shutdown() {
        a.shutdown(clock.nanos());
        if (!bridge.runUntil(() -> tapA.closed && tapB.closed, 3_600_000 * MS)) {
            throw new IllegalStateException("SHUTDOWN did not complete: A " + a.state() + ", B " + b.state());
        }
    }

    @Override
    public void lose(String reason) {
        a.abort(reason);
        if (!bridge.runUntil(() -> tapA.lost && tapB.lost, 3_600_000 * MS)) {
            throw new IllegalStateException("B did not notice the loss of the association");
        }
    }

    private static DatagramEndpoint endpoint(SctpAssociation s) {
        return new DatagramEndpoint() {
            @Override
            public void handle(byte[] packet, int offset, int length, long nowNanos) {
                s.handle(packet, offset, length, nowNanos);
            }

            @Override
            public int poll(byte[] dst, int offset, long nowNanos) {
                return s.poll(dst, offset, nowNanos);
            }

            @Override
            public long nextDeadline() {
                return s.nextDeadline();
            }

            @Override
            public void onTimeout(long nowNanos) {
                s.onTimeout(nowNanos);
            }
        };
    }

    /** Notes establishment and loss, forwards everything to the data-channel manager. */
    private static final class Tap implements SctpListener {
        SctpListener delegate;
        boolean established;
        boolean lost;
        boolean closed;

        @Override
        public void onAssociationEstablished() {
            established = true;
            delegate.onAssociationEstablished();
        }

        @Override
        public void onMessage(int streamId, int ppid, byte[] message, boolean unordered) {
            delegate.onMessage(streamId, ppid, message, unordered);
        }

        @Override
        public void onIncomingStreamsReset(int[] streamIds) {
            delegate.onIncomingStreamsReset(streamIds);
        }

        @Override
        public void onOutgoingStreamsReset(int[] streamIds) {
            delegate.onOutgoingStreamsReset(streamIds);
        }

        @Override
        public void onBufferedAmountLow(int streamId) {
            delegate.onBufferedAmountLow(streamId);
        }

        @Override
        public void onAssociationLost(String reason) {
            lost = true;
            delegate.onAssociationLost(reason);
        }

        @Override
        public void onAssociationClosed() {
            closed = true;
            delegate.onAssociationClosed();
        }
    }
}
