package dev.strafe.server.edge.bench;

import dev.strafe.server.edge.FanoutFixture;
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

import java.util.concurrent.TimeUnit;

/**
 * The edge's own per-tick cost for one room (no network): interest management + per-player delta encoding against
 * the last ack, for every player of a 32-player room with 16 coins, all moving. Divide by the players for the
 * per-player cost. Run: {@code ./mvnw -B -o -q -pl game-server -Pjmh test-compile exec:exec
 * -Djmh.args="SnapshotFanoutBenchmark -f 1 -wi 3 -i 5 -prof gc"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SnapshotFanoutBenchmark {

    @Param({"32"})
    int players;

    @Param({"3000", "100000"})
    int radiusCm;

    FanoutFixture fixture;

    @Setup
    public void setUp() {
        fixture = new FanoutFixture(players, 16, radiusCm, 64, 7);
    }

    @Benchmark
    public int roomTick() {
        return fixture.fanout();
    }
}
