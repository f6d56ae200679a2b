package dev.strafe.server.room;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import dev.strafe.protocol.tx.TxStatus;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The rooms' Micrometer meters (names as exported to Prometheus, dots become underscores):
 *
 * <pre>
 * strafe.rooms                          gauge    rooms open on this node
 * strafe.room.players                   gauge    players in rooms of this node
 * strafe.room.tick.duration             timer    one room tick (simulation + publish), histogram, p50/p99
 * strafe.room.tick.overruns             counter  ticks that took longer than the tick period, or were skipped
 * strafe.room.inputs.dropped{reason}    counter  queue_full, stale_sequence, unknown_player, malformed
 * strafe.room.tx{kind,status}           timer    received to replied; kind in pickup|buy|transfer|other,
 *                                                status committed|rejected|failed|replayed
 * </pre>
 * Event-bus traffic is measured by vertx-micrometer-metrics itself ({@code vertx_eventbus_*}).
 */
public final class RoomMetrics {

    private static final Set<String> KINDS = Set.of(RoomLedger.PICKUP, RoomLedger.BUY, RoomLedger.TRANSFER);

    private final MeterRegistry registry;
    private final AtomicInteger rooms = new AtomicInteger();
    private final AtomicInteger players = new AtomicInteger();
    private final Timer tickDuration;
    private final Counter tickOverruns;
    private final EnumMap<InputDrop, Counter> dropped = new EnumMap<>(InputDrop.class);

    public RoomMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("strafe.rooms", rooms, AtomicInteger::get).description("rooms open on this node").register(registry);
        Gauge.builder("strafe.room.players", players, AtomicInteger::get).description("players in rooms of this node").register(registry);
        tickDuration = Timer.builder("strafe.room.tick.duration")
                .description("duration of one room tick")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofMillis(100))
                .register(registry);
        tickOverruns = Counter.builder("strafe.room.tick.overruns").description("ticks longer than the tick period, or skipped").register(registry);
        for (InputDrop reason : InputDrop.values()) {
            dropped.put(reason, Counter.builder("strafe.room.inputs.dropped").tag("reason", reason.tag())
                    .description("inputs dropped by the room").register(registry));
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    void roomOpened() {
        rooms.incrementAndGet();
    }

    void roomClosed() {
        rooms.decrementAndGet();
    }

    void playersChanged(int delta) {
        players.addAndGet(delta);
    }

    void tick(long nanos) {
        tickDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    void overrun(int ticks) {
        tickOverruns.increment(ticks);
    }

    void dropped(InputDrop reason) {
        dropped.get(reason).increment();
    }

    void tx(String kind, TxStatus status, boolean replayed, long nanos) {
        Timer.builder("strafe.room.tx")
                .tag("kind", KINDS.contains(kind) ? kind : "other")
                .tag("status", replayed ? "replayed" : status.name().toLowerCase())
                .description("transaction latency, received to replied")
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public int rooms() {
        return rooms.get();
    }

    public int players() {
        return players.get();
    }
}
