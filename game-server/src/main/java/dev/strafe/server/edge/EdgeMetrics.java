package dev.strafe.server.edge;

import dev.strafe.protocol.tx.TxStatus;
import dev.strafe.webrtc.peer.EndpointMetrics;
import dev.strafe.webrtc.peer.UdpEndpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * The edge's Micrometer meters (Prometheus names: dots become underscores, counters get {@code _total}):
 *
 * <table>
 *   <caption>meters</caption>
 *   <tr><td>{@code strafe.edge.players}</td><td>gauge: players whose channels are open on this node</td></tr>
 *   <tr><td>{@code strafe.edge.sessions}</td><td>gauge: sessions held (joining, connecting, connected)</td></tr>
 *   <tr><td>{@code strafe.edge.snapshot.bytes}</td><td>distribution: bytes per snapshot sent</td></tr>
 *   <tr><td>{@code strafe.edge.snapshot.entities}</td><td>distribution: entities per snapshot sent</td></tr>
 *   <tr><td>{@code strafe.edge.snapshots.sent{type=full|delta}}</td><td>counter</td></tr>
 *   <tr><td>{@code strafe.edge.snapshots.dropped{reason=congestion|send_failed}}</td><td>counter</td></tr>
 *   <tr><td>{@code strafe.edge.inputs.accepted}</td><td>counter: inputs forwarded to the room owner</td></tr>
 *   <tr><td>{@code strafe.edge.inputs.dropped{reason}}</td><td>counter, reasons of {@link InputVerdict}</td></tr>
 *   <tr><td>{@code strafe.edge.tx{status}}</td><td>timer: edge-to-result latency by outcome</td></tr>
 *   <tr><td>{@code strafe.edge.tx.malformed}</td><td>counter: tx messages that did not parse</td></tr>
 *   <tr><td>{@code strafe.edge.slow.consumers}</td><td>counter: players disconnected for an over-full tx channel</td></tr>
 *   <tr><td>{@code strafe.edge.dtls.handshakes{result=ok|failed}}</td><td>counter, from the UDP endpoint</td></tr>
 *   <tr><td>{@code strafe.edge.udp.datagrams{direction}}, {@code strafe.edge.udp.invalid}</td><td>counters, from the endpoint</td></tr>
 * </table>
 * Thread-safe (Micrometer meters are); recorded on the event loops.
 */
final class EdgeMetrics {

    enum SnapshotDrop {
        CONGESTION("congestion"), SEND_FAILED("send_failed");

        final String tag;

        SnapshotDrop(String tag) {
            this.tag = tag;
        }
    }

    private final MeterRegistry registry;
    final AtomicInteger players = new AtomicInteger();
    final AtomicInteger sessions = new AtomicInteger();
    private final DistributionSummary snapshotBytes;
    private final DistributionSummary snapshotEntities;
    private final Counter snapshotsFull;
    private final Counter snapshotsDelta;
    private final EnumMap<SnapshotDrop, Counter> snapshotsDropped = new EnumMap<>(SnapshotDrop.class);
    private final EnumMap<InputVerdict, Counter> inputs = new EnumMap<>(InputVerdict.class);
    private final EnumMap<TxStatus, Timer> tx = new EnumMap<>(TxStatus.class);
    private final Counter txMalformed;
    private final Counter slowConsumers;

    EdgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("strafe.edge.players", players, AtomicInteger::get)
                .description("players with open channels on this node's edge").register(registry);
        Gauge.builder("strafe.edge.sessions", sessions, AtomicInteger::get)
                .description("edge sessions held: joining, connecting and connected").register(registry);
        snapshotBytes = DistributionSummary.builder("strafe.edge.snapshot.bytes").baseUnit("bytes")
                .description("bytes per snapshot sent on pos").publishPercentiles(0.5, 0.99).register(registry);
        snapshotEntities = DistributionSummary.builder("strafe.edge.snapshot.entities")
                .description("entities per snapshot sent on pos").publishPercentiles(0.5, 0.99).register(registry);
        snapshotsFull = Counter.builder("strafe.edge.snapshots.sent").tag("type", "full").register(registry);
        snapshotsDelta = Counter.builder("strafe.edge.snapshots.sent").tag("type", "delta").register(registry);
        for (SnapshotDrop d : SnapshotDrop.values()) {
            snapshotsDropped.put(d, Counter.builder("strafe.edge.snapshots.dropped").tag("reason", d.tag)
                    .description("snapshots not sent").register(registry));
        }
        for (InputVerdict v : InputVerdict.values()) {
            inputs.put(v, v == InputVerdict.ACCEPTED
                    ? Counter.builder("strafe.edge.inputs.accepted").description("inputs forwarded to the room owner").register(registry)
                    : Counter.builder("strafe.edge.inputs.dropped").tag("reason", v.tag()).description("inputs dropped at the edge").register(registry));
        }
        for (TxStatus s : TxStatus.values()) {
            tx.put(s, Timer.builder("strafe.edge.tx").tag("status", s.name().toLowerCase())
                    .description("transaction latency at the edge (request in, result out)")
                    .publishPercentiles(0.5, 0.99).register(registry));
        }
        txMalformed = Counter.builder("strafe.edge.tx.malformed").description("tx messages that did not parse").register(registry);
        slowConsumers = Counter.builder("strafe.edge.slow.consumers")
                .description("players disconnected because their tx channel backed up").register(registry);
    }

    /** Exposes the endpoint's own counters (read at scrape time). */
    void bind(UdpEndpoint endpoint) {
        endpointCounter("strafe.edge.dtls.handshakes", "result", "ok", endpoint, EndpointMetrics::handshakesOk);
        endpointCounter("strafe.edge.dtls.handshakes", "result", "failed", endpoint, EndpointMetrics::handshakesFailed);
        endpointCounter("strafe.edge.sctp.retransmissions", "layer", "sctp", endpoint, EndpointMetrics::sctpRetransmissions);
        endpointCounter("strafe.edge.udp.datagrams", "direction", "in", endpoint, EndpointMetrics::datagramsIn);
        endpointCounter("strafe.edge.udp.datagrams", "direction", "out", endpoint, EndpointMetrics::datagramsOut);
        endpointCounter("strafe.edge.udp.invalid", "layer", "endpoint", endpoint, EndpointMetrics::invalidDatagrams);
        endpointCounter("strafe.edge.peers.refused", "limit", "max_peers", endpoint, EndpointMetrics::peersRefused);
    }

    private void endpointCounter(String name, String tagKey, String tagValue, UdpEndpoint endpoint,
                                 ToDoubleFunction<EndpointMetrics> field) {
        FunctionCounter.builder(name, endpoint, e -> field.applyAsDouble(e.metrics())).tag(tagKey, tagValue).register(registry);
    }

    void snapshotSize(int bytes, int entities) {
        snapshotBytes.record(bytes);
        snapshotEntities.record(entities);
    }

    /** One frame's fan-out on one event loop. */
    void snapshotsCounted(int full, int delta, int congestion, int sendFailed) {
        if (full > 0) {
            snapshotsFull.increment(full);
        }
        if (delta > 0) {
            snapshotsDelta.increment(delta);
        }
        if (congestion > 0) {
            snapshotsDropped.get(SnapshotDrop.CONGESTION).increment(congestion);
        }
        if (sendFailed > 0) {
            snapshotsDropped.get(SnapshotDrop.SEND_FAILED).increment(sendFailed);
        }
    }

    void input(InputVerdict verdict) {
        inputs.get(verdict).increment();
    }

    void tx(TxStatus status, long nanos) {
        tx.get(status).record(nanos, TimeUnit.NANOSECONDS);
    }

    void txMalformed() {
        txMalformed.increment();
    }

    void slowConsumer() {
        slowConsumers.increment();
    }

    // --- read back (tests, benchmark) ---

    double snapshotsDropped(SnapshotDrop reason) {
        return snapshotsDropped.get(reason).count();
    }

    double inputs(InputVerdict verdict) {
        return inputs.get(verdict).count();
    }

    double txMalformedCount() {
        return txMalformed.count();
    }

    double snapshotsSent(boolean full) {
        return (full ? snapshotsFull : snapshotsDelta).count();
    }
}
