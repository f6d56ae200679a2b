package dev.strafe.server.bench;

import dev.strafe.protocol.pos.SnapshotState;
import dev.strafe.server.room.RoomSettings;
import dev.strafe.server.room.RoomSimulation;
import dev.strafe.server.room.WorldFrame;
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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One room tick with 32 players (each queues one input per tick, as a 20 Hz client does) and 16 coins on the
 * field (a pickup-free steady state: coins stay at {@code coinMax}).
 * <ul>
 *   <li>{@code tick}: 32 inputs queued + {@link RoomSimulation#tick()} + {@link RoomSimulation#writeSnapshot}
 *       (the allocation-free path);</li>
 *   <li>{@code tickAndFrame}: the same plus {@link RoomSimulation#frame()}, the immutable copy the room
 *       publishes on the event bus every tick (its two arrays are the tick's only allocation).</li>
 * </ul>
 *
 * <pre>
 * ./mvnw -B -o -q -pl game-server -am -Pjmh test-compile exec:exec -Djmh.args="RoomTickBenchmark -f 1 -wi 3 -i 5 -prof gc"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoomTickBenchmark {

    private static final int PLAYERS = 32;

    private RoomSimulation sim;
    private final int[] players = new int[PLAYERS];
    private final byte[] moveX = new byte[1024];
    private final byte[] moveY = new byte[1024];
    private final SnapshotState out = new SnapshotState();
    private long sequence;

    @Setup
    public void setUp() {
        sim = new RoomSimulation(RoomSettings.defaults().withCoins(16, 1), 1);
        for (int i = 0; i < PLAYERS; i++) {
            players[i] = sim.join();
        }
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < moveX.length; i++) {
            moveX[i] = (byte) random.nextInt(-127, 128);
            moveY[i] = (byte) random.nextInt(-127, 128);
        }
        for (int t = 0; t < 100; t++) {
            sim.tick(); // coins reach coinMax
        }
    }

    private void queueInputs() {
        sequence++;
        int base = (int) (sequence * PLAYERS) & (moveX.length - 1);
        for (int i = 0; i < PLAYERS; i++) {
            int k = (base + i) & (moveX.length - 1);
            sim.offerInput(players[i], sequence, moveX[k], moveY[k], k * 64);
        }
    }

    @Benchmark
    public SnapshotState tick() {
        queueInputs();
        sim.tick();
        sim.writeSnapshot(out);
        return out;
    }

    @Benchmark
    public WorldFrame tickAndFrame() {
        queueInputs();
        sim.tick();
        sim.writeSnapshot(out);
        return sim.frame();
    }
}
