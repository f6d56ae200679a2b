package dev.strafe.webrtc.peer.bench;

import dev.strafe.webrtc.peer.TimerWheel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Timer wheel with {@code peers} live timers (one per peer), 1.05 ms ticks, 512 slots. {@code advanceOneTick}: one
 * event-loop timer tick (every expired peer is rescheduled 25 ms later, as a DTLS/SCTP retransmission timer would
 * be); {@code scheduleAndCancel}: a peer re-arming its timer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC"})
public class TimerWheelBenchmark {

    private static final long MS = 1_000_000L;

    @Param({"10000"})
    public int peers;

    private TimerWheel<Object> wheel;
    private final Object payload = new Object();
    private long now;
    private final TimerWheel.ExpiryHandler<Object> reschedule = (id, deadline, p) -> wheel.schedule(deadline + 25 * MS, p);

    @Setup
    public void setUp() {
        wheel = new TimerWheel<>(0, 20, 512, 1_000_000);
        for (int i = 0; i < peers; i++) {
            wheel.schedule((long) i * 25 * MS / peers, payload);
        }
        for (int i = 0; i < 1_000; i++) {
            now += 1 << 20;
            wheel.advance(now, Integer.MAX_VALUE, reschedule);
        }
    }

    @Benchmark
    public int advanceOneTick() {
        now += 1 << 20;
        return wheel.advance(now, Integer.MAX_VALUE, reschedule);
    }

    @Benchmark
    public boolean scheduleAndCancel() {
        long id = wheel.schedule(now + 30_000 * MS, payload);
        return wheel.cancel(id);
    }
}
