package dev.strafe.protocol.bench;

import dev.strafe.protocol.pos.Input;
import dev.strafe.protocol.pos.InputCodec;
import dev.strafe.protocol.pos.SnapshotDecoder;
import dev.strafe.protocol.pos.SnapshotEncoder;
import dev.strafe.protocol.pos.SnapshotLayout;
import dev.strafe.protocol.pos.SnapshotSender;
import dev.strafe.protocol.pos.SnapshotState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * pos channel codec cost per message. 32 entities: the delta has 2 removed, 2 added, 12 moved (x, y, heading)
 * and 16 unchanged, a typical interest set at 30-60 Hz.
 *
 * <pre>
 * ./mvnw -B -o -q -pl shared-protocol -Pjmh test-compile exec:exec -Djmh.args="PosCodecBenchmark -f 1 -wi 3 -i 5 -prof gc"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PosCodecBenchmark {

    private final byte[] buf = new byte[SnapshotLayout.MAX_SNAPSHOT_BYTES];
    private final byte[] inputBytes = new byte[InputCodec.ENCODED_LENGTH];
    private final byte[] deltaBytes = new byte[SnapshotLayout.MAX_SNAPSHOT_BYTES];
    private final byte[] fullBytes = new byte[SnapshotLayout.MAX_SNAPSHOT_BYTES];
    private int deltaLength;
    private int fullLength;

    private final Input input = new Input();
    private final Input decodedInput = new Input();
    private final SnapshotEncoder encoder = new SnapshotEncoder();
    private final SnapshotDecoder decoder = new SnapshotDecoder();
    private final SnapshotState baseline = new SnapshotState();
    private final SnapshotState current = new SnapshotState();
    private final SnapshotState out = new SnapshotState();

    private final SnapshotSender sender = new SnapshotSender(32);
    private final SnapshotState moving = new SnapshotState();

    @Setup
    public void setUp() {
        Random r = new Random(7);
        input.sequence(123_456).ackTick(99_000).clientTimeMillis(5_000_000).moveX(100).moveY(-40).buttons(5).aim(12_345);
        InputCodec.encode(input, inputBytes, 0);

        baseline.tick(1000);
        for (int i = 0; i < 32; i++) {
            baseline.add(i * 3, i % 4, r.nextInt(200_000) - 100_000, r.nextInt(200_000) - 100_000,
                    r.nextInt(2000) - 1000, r.nextInt(2000) - 1000, r.nextInt(65536));
        }
        current.tick(1002);
        for (int i = 2; i < 32; i++) { // ids 0 and 3 removed
            int x = baseline.x(i);
            int y = baseline.y(i);
            int heading = baseline.heading(i);
            if (i < 14) { // 12 moved
                x += 37;
                y -= 12;
                heading = (heading + 100) & 0xFFFF;
            }
            current.add(baseline.id(i), baseline.kind(i), x, y, baseline.vx(i), baseline.vy(i), heading);
        }
        current.add(500, 1, -5000, 7000, 10, 10, 0);  // 2 added
        current.add(501, 2, 6000, -8000, -10, 0, 90);
        moving.copyFrom(current);
        deltaLength = encoder.encode(baseline, current, deltaBytes, 0);
        fullLength = encoder.encodeFull(current, fullBytes, 0);
    }

    @Benchmark
    public int encodeInput() {
        return InputCodec.encode(input, buf, 0);
    }

    @Benchmark
    public Input decodeInput() {
        InputCodec.decode(inputBytes, 0, inputBytes.length, decodedInput);
        return decodedInput;
    }

    @Benchmark
    public int encodeDelta32() {
        return encoder.encode(baseline, current, buf, 0);
    }

    @Benchmark
    public SnapshotState decodeDelta32() {
        decoder.wrap(deltaBytes, 0, deltaLength).apply(baseline, out);
        return out;
    }

    /**
     * The game server's per-player cost: a {@link SnapshotSender} acked every tick, 12 of 32 entities
     * moving (encode the delta, re-derive and store the player's view for later acks).
     */
    @Benchmark
    public int senderTick32() {
        long tick = dev.strafe.protocol.Seq32.nextTick(moving.tick());
        moving.tick(tick);
        for (int i = 0; i < 12; i++) {
            moving.update(i, moving.x(i) ^ 1, moving.y(i), moving.vx(i), moving.vy(i), moving.heading(i));
        }
        int n = sender.encode(moving, buf, 0);
        sender.onAck(tick);
        return n;
    }

    @Benchmark
    public int encodeFull32() {
        return encoder.encodeFull(current, buf, 0);
    }

    @Benchmark
    public SnapshotState decodeFull32() {
        decoder.wrap(fullBytes, 0, fullLength).apply(null, out);
        return out;
    }
}
