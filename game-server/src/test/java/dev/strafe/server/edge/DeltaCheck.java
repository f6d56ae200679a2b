package dev.strafe.server.edge;

import dev.strafe.protocol.pos.SnapshotDecoder;
import dev.strafe.protocol.pos.SnapshotEncoder;
import dev.strafe.protocol.pos.SnapshotLayout;
import dev.strafe.protocol.pos.SnapshotState;
import dev.strafe.server.room.RoomGateway;
import dev.strafe.server.room.WorldFrame;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * STYLE #35, end to end: every state a client holds after applying snapshots (full or delta, lossy, unordered)
 * equals a fresh full decode of what the server meant to send for that tick (the room's published
 * {@link WorldFrame} through the same interest rules). Records the room's frames while the test runs.
 */
final class DeltaCheck implements AutoCloseable {

    private final Map<Long, WorldFrame> frames = new ConcurrentHashMap<>();
    private final MessageConsumer<WorldFrame> consumer;
    private final EdgeSettings settings;

    DeltaCheck(Vertx vertx, RoomGateway gateway, String room, EdgeSettings settings) throws Exception {
        this.settings = settings;
        MessageConsumer<WorldFrame>[] c = new MessageConsumer[1];
        java.util.concurrent.CompletableFuture<Void> registered = new java.util.concurrent.CompletableFuture<>();
        vertx.runOnContext(v -> {
            c[0] = gateway.subscribeState(room, frame -> {
                frames.put(frame.tick(), frame);
                frames.remove(frame.tick() - 600);
            });
            c[0].completion().onComplete(ar -> registered.complete(null));
        });
        registered.get(10, TimeUnit.SECONDS);
        this.consumer = c[0];
    }

    /** The expected client state of {@code playerId} at {@code tick}, or null when the frame was not recorded. */
    SnapshotState expected(long tick, int playerId) {
        WorldFrame frame = frames.get(tick);
        if (frame == null) {
            return null;
        }
        SnapshotState view = new InterestView().fill(frame, playerId, settings.interestRadiusCm(),
                settings.interestMaxEntities(), new SnapshotState());
        byte[] buf = new byte[SnapshotLayout.MAX_SNAPSHOT_BYTES];
        int n = new SnapshotEncoder().encode(null, view, Math.max(0, frame.lastProcessedInputSequenceOf(playerId)), buf, 0,
                SnapshotLayout.MAX_SNAPSHOT_BYTES);
        SnapshotState fresh = new SnapshotState();
        new SnapshotDecoder().decode(buf, 0, n, null, fresh);
        return fresh;
    }

    long lastInputSequence(long tick, int playerId) {
        WorldFrame frame = frames.get(tick);
        return frame == null ? -1 : frame.lastProcessedInputSequenceOf(playerId);
    }

    /** Checks every applied state of {@code client}; returns how many deltas were checked. */
    int assertClientMatches(GameTestClient client) {
        int deltas = 0;
        int checked = 0;
        for (GameTestClient.Applied a : client.applied) {
            SnapshotState want = expected(a.tick(), client.playerId());
            if (want == null) {
                continue;
            }
            assertEquals(want, a.state(), "player " + client.playerId() + " tick " + a.tick() + (a.full() ? " (full)" : " (delta)"));
            long seq = lastInputSequence(a.tick(), client.playerId());
            if (seq >= 0) {
                assertEquals(seq, a.lastInputSequence(), "lastInputSequence of player " + client.playerId() + " at tick " + a.tick());
            }
            checked++;
            if (!a.full()) {
                deltas++;
            }
        }
        assertTrue(checked > 0, "no applied state of player " + client.playerId() + " matched a recorded frame");
        return deltas;
    }

    @Override
    public void close() {
        consumer.unregister();
    }
}
