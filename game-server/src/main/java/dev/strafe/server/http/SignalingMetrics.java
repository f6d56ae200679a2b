package dev.strafe.server.http;

import dev.strafe.server.edge.JoinError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Meters of the signaling API (Prometheus names in brackets):
 * <ul>
 *   <li>{@code strafe.join.requests{outcome}} [strafe_join_requests_total]: every join answer, by outcome
 *       ({@code ok}, a {@link JoinError} slug, {@code payload-too-large});</li>
 *   <li>{@code strafe.join.duration} [strafe_join_duration_seconds]: successful joins, request to answer;</li>
 *   <li>{@code strafe.guest.tokens{outcome}} [strafe_guest_tokens_total]: guest tokens issued or refused;</li>
 *   <li>{@code strafe.node.ready} [strafe_node_ready]: 1 while the readiness probe answers 200.</li>
 * </ul>
 * Counters are created once (no lookup per request).
 */
public final class SignalingMetrics {

    private final Counter joinOk;
    private final Counter joinTooLarge;
    private final Map<JoinError, Counter> joinFailed = new EnumMap<>(JoinError.class);
    private final Timer joinDuration;
    private final Counter guestIssued;
    private final Counter guestRefused;

    public SignalingMetrics(MeterRegistry registry, NodeState state) {
        joinOk = joins(registry, "ok");
        joinTooLarge = joins(registry, "payload-too-large");
        for (JoinError e : JoinError.values()) {
            joinFailed.put(e, joins(registry, e.slug()));
        }
        joinDuration = Timer.builder("strafe.join.duration").description("Successful joins, request to answer")
                .register(registry);
        guestIssued = Counter.builder("strafe.guest.tokens").tag("outcome", "issued").register(registry);
        guestRefused = Counter.builder("strafe.guest.tokens").tag("outcome", "refused").register(registry);
        Gauge.builder("strafe.node.ready", state, s -> s.ready() ? 1 : 0)
                .description("1 while the node accepts joins").register(registry);
    }

    private static Counter joins(MeterRegistry registry, String outcome) {
        return Counter.builder("strafe.join.requests").description("Join requests by outcome")
                .tag("outcome", outcome).register(registry);
    }

    public void joined(long durationNanos) {
        joinOk.increment();
        joinDuration.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    public void joinFailed(JoinError error) {
        joinFailed.get(error).increment();
    }

    public void joinTooLarge() {
        joinTooLarge.increment();
    }

    public void guestIssued() {
        guestIssued.increment();
    }

    public void guestRefused() {
        guestRefused.increment();
    }
}
