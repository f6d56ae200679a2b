package dev.strafe.webrtc.sctp;

import dev.strafe.webrtc.testing.DatagramBridge;
import dev.strafe.webrtc.testing.DatagramEndpoint;
import dev.strafe.webrtc.testing.FakeClock;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Two associations A and B over a {@link DatagramBridge} on a fake clock, with recording listeners. */
final class SctpPair {
    static final long MS = 1_000_000L;

    final FakeClock clock = new FakeClock(1_000 * MS);
    final Recorder ra = new Recorder("A");
    final Recorder rb = new Recorder("B");
    final SctpAssociation a;
    final SctpAssociation b;
    final DatagramBridge bridge;

    SctpPair(SctpConfig config, long seed) {
        this(config, seed, new SplittableRandom(seed));
    }

    /** With A's random source given (e.g. to start its TSNs near 2^32). */
    SctpPair(SctpConfig config, long seed, java.util.random.RandomGenerator randomA) {
        a = new SctpAssociation(config, randomA, ra);
        b = new SctpAssociation(config, new SplittableRandom(seed + 1), rb);
        ra.self = a;
        rb.self = b;
        bridge = new DatagramBridge(clock, endpoint(a), endpoint(b), seed, 2048);
    }

    SctpPair(long seed) {
        this(SctpConfig.defaults(), seed);
    }

    static DatagramEndpoint endpoint(SctpAssociation s) {
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

    long now() {
        return clock.nanos();
    }

    /** A connects; runs until both are established. */
    boolean connect() {
        a.connect(now());
        return bridge.runUntil(() -> ra.established && rb.established, 600_000 * MS);
    }

    /** Both connect at once (WebRTC). */
    boolean connectBoth() {
        a.connect(now());
        b.connect(now());
        return bridge.runUntil(() -> ra.established && rb.established, 600_000 * MS);
    }

    record Message(int streamId, int ppid, byte[] data, boolean unordered) {
    }

    static class Recorder implements SctpListener {
        final String name;
        SctpAssociation self;
        boolean established;
        boolean closed;
        String lost;
        final List<Message> messages = new ArrayList<>();
        final List<int[]> incomingResets = new ArrayList<>();
        final List<int[]> outgoingResets = new ArrayList<>();
        final List<Integer> lowEvents = new ArrayList<>();

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public void onAssociationEstablished() {
            established = true;
        }

        @Override
        public void onMessage(int streamId, int ppid, byte[] message, boolean unordered) {
            messages.add(new Message(streamId, ppid, message, unordered));
        }

        @Override
        public void onIncomingStreamsReset(int[] streamIds) {
            incomingResets.add(streamIds);
        }

        @Override
        public void onOutgoingStreamsReset(int[] streamIds) {
            outgoingResets.add(streamIds);
        }

        @Override
        public void onBufferedAmountLow(int streamId) {
            lowEvents.add(streamId);
        }

        @Override
        public void onAssociationLost(String reason) {
            lost = reason;
        }

        @Override
        public void onAssociationClosed() {
            closed = true;
        }
    }
}
