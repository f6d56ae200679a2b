package dev.strafe.webrtc.sctp.bench;

import dev.strafe.webrtc.sctp.SctpPartsPipeline;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hot path of the SCTP building blocks without wire format or network: SendQueue (copy, schedule,
 * fragment) -> ReceivedTsnTracker -> ReassemblyQueue (reassemble, deliver) -> buffered-amount release.
 * One op = one user message. MB/s = ops/s x messageSize. Run with {@code -prof gc} for bytes per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SctpPartsBenchmark {

    /** DATA payload per fragment: 1,200-byte packet - 12 common header - 16 DATA chunk header. */
    private static final int MAX_PAYLOAD = 1_172;

    @Param({"64", "1024", "16384"})
    public int messageSize;

    @Param({"false", "true"})
    public boolean unordered;

    private SctpPartsPipeline pipeline;
    private byte[] message;
    private int stream;
    private long now;

    @Setup
    public void setup() {
        pipeline = new SctpPartsPipeline(MAX_PAYLOAD);
        message = new byte[messageSize];
        message[0] = 1;
    }

    @Benchmark
    public long sendFragmentReassembleDeliver() {
        stream = (stream + 1) & 7;
        return pipeline.transfer(stream, message, unordered, now++);
    }
}
