package dev.strafe.protocol.pos;

import org.junit.jupiter.api.Test;

import dev.strafe.protocol.Seq32;

import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The tick path allocates nothing (STYLE #24, #34): input encode/decode, snapshot delta and full encode,
 * wrap and apply, and the per-player {@link SnapshotSender} / {@link SnapshotReceiver} loop. Measured with {@link com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes()}
 * (thread-local allocation counter, exact on HotSpot) after a warm-up that lets the JIT compile the code.
 *
 * <p>Tolerance: 0 bytes. The counter reads themselves allocate nothing on HotSpot; the only JVM-side
 * allocation that could show up is class loading or JIT deoptimisation work on this thread, which the
 * warm-up moves out of the measured window. If a JVM ever reported a handful of bytes here, the fix would be
 * a constant tolerance far below one allocation per iteration, never a per-iteration one.
 */
class ZeroAllocationTest {

    private static final int WARMUP = 20_000;
    private static final int ITERATIONS = 10_000;

    private final byte[] buf = new byte[SnapshotLayout.MAX_SNAPSHOT_BYTES];
    private final Input in = new Input();
    private final Input decoded = new Input();
    private final SnapshotEncoder encoder = new SnapshotEncoder();
    private final SnapshotDecoder decoder = new SnapshotDecoder();
    private final SnapshotState baseline = new SnapshotState();
    private final SnapshotState current = new SnapshotState();
    private final SnapshotState out = new SnapshotState();
    private final SnapshotSender sender = new SnapshotSender(32);
    private final SnapshotReceiver receiver = new SnapshotReceiver(32);
    private long sink;

    @Test
    void tickPathAllocatesNothing() {
        Random r = new Random(42);
        RandomStates.input(r, in);
        RandomStates.state(r, 100, 32, current);
        baseline.copyFrom(current).sortById();
        RandomStates.evolve(r, baseline, 101, 40, current);
        current.tick(101);

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        runTickPath(WARMUP);
        long before = threads.getCurrentThreadAllocatedBytes();
        runTickPath(ITERATIONS);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0, allocated, "bytes allocated over " + ITERATIONS + " iterations (sink " + sink + ")");
    }

    private void runTickPath(int iterations) {
        for (int i = 0; i < iterations; i++) {
            in.sequence(i);
            int n = InputCodec.encode(in, buf, 0);
            InputCodec.decode(buf, 0, n, decoded);
            current.tick(102);
            n = encoder.encode(baseline, current, buf, 0);
            decoder.wrap(buf, 0, n).apply(baseline, out);
            n = encoder.encodeFull(current, buf, 0);
            decoder.wrap(buf, 0, n).apply(null, out);
            // per-player sender/receiver loop (ticks advance, so deltas against acked views)
            current.tick(Seq32.nextTick(current.tick()));
            n = sender.encode(current, decoded.sequence(), buf, 0);
            receiver.receive(buf, 0, n);
            sender.onAck(receiver.ackTick());
            sink += decoded.sequence() + out.size() + receiver.latest().size() + receiver.lastInputSequence();
        }
    }
}
