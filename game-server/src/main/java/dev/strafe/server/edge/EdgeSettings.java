package dev.strafe.server.edge;

import dev.strafe.protocol.pos.SnapshotLayout;
import dev.strafe.protocol.pos.SnapshotState;
import dev.strafe.server.ServerConfig;
import dev.strafe.webrtc.peer.StackSettings;

import java.util.Objects;

/**
 * The edge's knobs, validated when built (STYLE #7/#14): messages read
 * {@code "edge.players.max: 0 (expected: 1..100000)"}.
 *
 * @param stack               the WebRTC stack (UDP bind/advertised address, sockets, peer limits)
 * @param maxPlayers          players this node's edge accepts; more joins fail {@code OVERLOADED}
 * @param interestRadiusCm    entities farther than this from the player are not sent (the player's own entity always is)
 * @param interestMaxEntities at most this many entities per snapshot (nearest first); the encoder may cut more
 *                            to stay within {@link SnapshotLayout#MAX_SNAPSHOT_BYTES}
 * @param snapshotHistory     sent views kept per player as delta baselines (power of two, ticks)
 * @param posBufferBudget     bytes queued on a player's {@code pos} channel above which the next snapshot is
 *                            dropped (congestion) instead of queued
 * @param txBufferLimit       bytes queued on a player's {@code tx} channel above which the player is disconnected
 *                            (a reader that never reads must not grow server memory)
 * @param maxPendingTx        transactions a player may have queued at the edge (one in flight, the rest waiting)
 * @param inputRateFactor     token-bucket refill in inputs per second, as a multiple of the room's tick rate
 * @param inputBurstFactor    token-bucket capacity, as a multiple of the room's tick rate
 */
public record EdgeSettings(
        StackSettings stack,
        int maxPlayers,
        int interestRadiusCm,
        int interestMaxEntities,
        int snapshotHistory,
        int posBufferBudget,
        int txBufferLimit,
        int maxPendingTx,
        double inputRateFactor,
        double inputBurstFactor) {

    public EdgeSettings {
        Objects.requireNonNull(stack, "stack");
        range("edge.players.max", maxPlayers, 1, 100_000);
        range("edge.interest.radius", interestRadiusCm, 1, SnapshotState.POSITION_MAX);
        range("edge.interest.entities", interestMaxEntities, 1, SnapshotState.MAX_ENTITIES);
        range("edge.snapshot.history", snapshotHistory, 2, 1024);
        if (Integer.bitCount(snapshotHistory) != 1) {
            throw new IllegalArgumentException("edge.snapshot.history: " + snapshotHistory + " (expected: a power of two)");
        }
        range("edge.pos.budget", posBufferBudget, SnapshotLayout.MAX_SNAPSHOT_BYTES, 16 * 1024 * 1024);
        range("edge.tx.buffer", txBufferLimit, 64 * 1024, 64 * 1024 * 1024);
        range("edge.tx.pending", maxPendingTx, 1, 1024);
        if (!(inputRateFactor >= 1.0 && inputRateFactor <= 10.0)) {
            throw new IllegalArgumentException("edge.input.rate: " + inputRateFactor + " (expected: 1.0..10.0 x tick rate)");
        }
        if (!(inputBurstFactor >= 1.0 && inputBurstFactor <= 10.0)) {
            throw new IllegalArgumentException("edge.input.burst: " + inputBurstFactor + " (expected: 1.0..10.0 x tick rate)");
        }
    }

    /**
     * Defaults on {@code stack}: 2,000 players, interest 30 m / 64 entities, 32 ticks of baselines,
     * 8 snapshots of {@code pos} budget (SCTP delayed acks keep up to ~4 in flight), 1 MiB of {@code tx} buffer, 32 pending transactions, inputs at up to 1.5x the tick
     * rate with a burst of 2x.
     */
    public static EdgeSettings defaults(StackSettings stack) {
        return new EdgeSettings(stack, 2_000, 3_000, 64, 32, 8 * SnapshotLayout.MAX_SNAPSHOT_BYTES, 1024 * 1024, 32, 1.5, 2.0);
    }

    /**
     * The node's edge from its configuration ({@code udp} section, {@code limits.maxPlayers}): one socket per
     * event loop on the shared port, SCTP send buffers bounded at 1 MiB per peer (the {@code tx} limit; {@code pos}
     * never queues past its budget).
     */
    public static EdgeSettings from(ServerConfig.Udp udp, int maxPlayers) {
        StackSettings stack = StackSettings.builder()
                .bindHost(udp.host())
                .bindPort(udp.port())
                .advertisedAddress(udp.advertisedAddress())
                .allowedRemoteNetworks(udp.allowedNetworks().toArray(String[]::new))
                .maxPeers(maxPlayers + Math.max(16, maxPlayers / 10)) // room for peers still closing
                .sctpSendBufferBytes(1024 * 1024 + 64 * 1024)
                .build();
        return defaults(stack).withMaxPlayers(maxPlayers);
    }

    public EdgeSettings withMaxPlayers(int value) {
        return new EdgeSettings(stack, value, interestRadiusCm, interestMaxEntities, snapshotHistory, posBufferBudget,
                txBufferLimit, maxPendingTx, inputRateFactor, inputBurstFactor);
    }

    public EdgeSettings withInterest(int radiusCm, int maxEntities) {
        return new EdgeSettings(stack, maxPlayers, radiusCm, maxEntities, snapshotHistory, posBufferBudget,
                txBufferLimit, maxPendingTx, inputRateFactor, inputBurstFactor);
    }

    public EdgeSettings withPosBufferBudget(int bytes) {
        return new EdgeSettings(stack, maxPlayers, interestRadiusCm, interestMaxEntities, snapshotHistory, bytes,
                txBufferLimit, maxPendingTx, inputRateFactor, inputBurstFactor);
    }

    private static void range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + ".." + max + ")");
        }
    }
}
