package dev.strafe.webrtc.sctp.bench;

import dev.strafe.webrtc.sctp.SctpConfig;
import dev.strafe.webrtc.sctp.SctpTransport;
import dev.strafe.webrtc.sctp.SendStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * 64-byte unordered {@code maxRetransmits: 0} messages (the game's {@code pos} channel) between two
 * associations over the lossless in-memory bridge. One operation = one message delivered; with
 * {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes allocated per message, both endpoints included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SctpUnreliableBenchmark {
    static final int BATCH = 64;

    private BenchPair.Pair pair;
    private final byte[] small = new byte[64];

    @Setup(Level.Trial)
    public void setup() {
        pair = new BenchPair.Pair(SctpConfig.defaults());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long unreliable64Bytes() {
        long target = pair.received + BATCH;
        for (int i = 0; i < BATCH; i++) {
            if (pair.a.send(2, 53, small, 0, small.length, true, 0, SctpTransport.NO_LIFETIME, pair.now) != SendStatus.ACCEPTED) {
                throw new IllegalStateException("send refused");
            }
        }
        pair.pumpUntil(target);
        return pair.received;
    }
}
