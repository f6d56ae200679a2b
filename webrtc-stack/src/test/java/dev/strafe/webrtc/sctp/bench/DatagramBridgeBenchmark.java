package dev.strafe.webrtc.sctp.bench;

import dev.strafe.webrtc.testing.DatagramBridge;
import dev.strafe.webrtc.testing.DatagramEndpoint;
import dev.strafe.webrtc.testing.FakeClock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Own cost of the test network: 1,200-byte datagrams from A to B over a lossless {@link DatagramBridge}
 * with 1 ms delay (poll, copy into a pooled buffer, priority queue, clock jump, handle). One op = one
 * datagram. This is the overhead the association benchmarks over the bridge carry.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DatagramBridgeBenchmark {

    private static final int BATCH = 64;

    private final FakeClock clock = new FakeClock();
    private Source a;
    private Sink b;
    private DatagramBridge bridge;

    static final class Source implements DatagramEndpoint {
        int credits;

        @Override
        public void handle(byte[] packet, int offset, int length, long nowNanos) {
        }

        @Override
        public int poll(byte[] dst, int offset, long nowNanos) {
            if (credits == 0) {
                return 0;
            }
            credits--;
            dst[offset] = (byte) credits;
            return 1_200;
        }

        @Override
        public long nextDeadline() {
            return Long.MAX_VALUE;
        }

        @Override
        public void onTimeout(long nowNanos) {
        }
    }

    static final class Sink implements DatagramEndpoint {
        long received;

        @Override
        public void handle(byte[] packet, int offset, int length, long nowNanos) {
            received += packet[offset] + length;
        }

        @Override
        public int poll(byte[] dst, int offset, long nowNanos) {
            return 0;
        }

        @Override
        public long nextDeadline() {
            return Long.MAX_VALUE;
        }

        @Override
        public void onTimeout(long nowNanos) {
        }
    }

    @Setup
    public void setup() {
        a = new Source();
        b = new Sink();
        bridge = new DatagramBridge(clock, a, b, 1, 2_048).delay(1_000_000);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long lossless1200ByteDatagrams() {
        a.credits = BATCH;
        while (bridge.tick()) {
            // until idle
        }
        return b.received;
    }
}
