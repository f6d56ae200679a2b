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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Two associations in one JVM over a lossless in-memory bridge (poll one, hand the bytes to the other,
 * a fake clock): the cost of both endpoints plus the copy. One operation = one reliable ordered user
 * message delivered; MB/s = ops/s x message size.
 *
 * <pre>
 * ./mvnw -B -o -q -pl webrtc-stack -Pjmh test-compile exec:exec -Djmh.args="SctpAssociationBenchmark -f 1 -wi 3 -i 5 -prof gc"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SctpAssociationBenchmark {
    static final int BATCH = 64;

    @Param({"1024", "16384"})
    public int size;

    private BenchPair.Pair pair;
    private byte[] payload;

    @Setup(Level.Trial)
    public void setup() {
        pair = new BenchPair.Pair(SctpConfig.builder().maxSendBufferBytes(8L << 20).maxReassemblyBytes(4 << 20).build());
        payload = new byte[size];
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long reliableOrdered() {
        long target = pair.received + BATCH;
        for (int i = 0; i < BATCH; i++) {
            if (pair.a.send(1, 53, payload, 0, size, false, SctpTransport.RELIABLE, SctpTransport.NO_LIFETIME, pair.now) != SendStatus.ACCEPTED) {
                throw new IllegalStateException("send refused");
            }
        }
        pair.pumpUntil(target);
        return pair.received;
    }

}
