package dev.strafe.webrtc.sctp.bench;

import dev.strafe.webrtc.sctp.SctpAssociation;
import dev.strafe.webrtc.sctp.SctpConfig;
import dev.strafe.webrtc.sctp.SctpListener;

import java.util.SplittableRandom;

/** Shared by the SCTP benchmarks. */
final class BenchPair {
    private BenchPair() {
    }

    /** The in-memory bridge: lossless, zero delay, fake clock advanced only to fire timers. */
    static final class Pair implements SctpListener {
        final SctpAssociation a;
        final SctpAssociation b;
        final byte[] buf = new byte[1500];
        long now = 1_000_000_000L;
        long received;
        long receivedBytes;
        boolean established;

        Pair(SctpConfig config) {
            a = new SctpAssociation(config, new SplittableRandom(1), new Quiet());
            b = new SctpAssociation(config, new SplittableRandom(2), this);
            a.connect(now);
            pump(() -> established && a.state() == SctpAssociation.State.ESTABLISHED);
            if (a.state() != SctpAssociation.State.ESTABLISHED || !established) {
                throw new IllegalStateException("not established: " + a + " / " + b);
            }
        }

        void pumpUntil(long target) {
            pump(() -> received >= target);
        }

        /** Moves packets both ways until {@code done}; when both sides are idle, fires the next timer. */
        void pump(java.util.function.BooleanSupplier done) {
            for (long guard = 0; guard < 100_000_000L; guard++) {
                boolean moved = false;
                int n;
                while ((n = a.poll(buf, 0, now)) > 0) {
                    b.handle(buf, 0, n, now);
                    moved = true;
                }
                while ((n = b.poll(buf, 0, now)) > 0) {
                    a.handle(buf, 0, n, now);
                    moved = true;
                }
                if (done.getAsBoolean()) {
                    return;
                }
                if (!moved) {
                    long d = Math.min(a.nextDeadline(), b.nextDeadline());
                    if (d == Long.MAX_VALUE) {
                        throw new IllegalStateException("stalled: " + a + " / " + b);
                    }
                    now = Math.max(now, d);
                    a.onTimeout(now);
                    b.onTimeout(now);
                }
            }
            throw new IllegalStateException("no progress: " + a + " / " + b);
        }

        @Override
        public void onAssociationEstablished() {
            established = true;
        }

        @Override
        public void onMessage(int streamId, int ppid, byte[] message, boolean unordered) {
            received++;
            receivedBytes += message.length;
        }

        @Override
        public void onIncomingStreamsReset(int[] streamIds) {
        }

        @Override
        public void onOutgoingStreamsReset(int[] streamIds) {
        }

        @Override
        public void onBufferedAmountLow(int streamId) {
        }

        @Override
        public void onAssociationLost(String reason) {
            throw new IllegalStateException(reason);
        }

        @Override
        public void onAssociationClosed() {
        }
    }

    static final class Quiet implements SctpListener {
        @Override
        public void onAssociationEstablished() {
        }

        @Override
        public void onMessage(int streamId, int ppid, byte[] message, boolean unordered) {
        }

        @Override
        public void onIncomingStreamsReset(int[] streamIds) {
        }

        @Override
        public void onOutgoingStreamsReset(int[] streamIds) {
        }

        @Override
        public void onBufferedAmountLow(int streamId) {
        }

        @Override
        public void onAssociationLost(String reason) {
            throw new IllegalStateException(reason);
        }

        @Override
        public void onAssociationClosed() {
        }
    }
}
