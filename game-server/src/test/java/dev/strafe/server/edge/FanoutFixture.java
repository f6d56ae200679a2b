package dev.strafe.server.edge;

import dev.strafe.protocol.pos.SnapshotLayout;
import dev.strafe.protocol.pos.SnapshotSender;
import dev.strafe.protocol.pos.SnapshotState;
import dev.strafe.server.room.WorldFrame;

import java.util.Random;

/**
 * The edge's per-tick work for one room without the network (for {@code bench.SnapshotFanoutBenchmark} and the
 * allocation test): every player's {@link InterestView} and {@link SnapshotSender#encode} against its last ack,
 * on frames where every player moved. Public so the JMH package can drive it; the edge types stay package-private.
 */
public final class FanoutFixture {

    private static final int FRAMES = 64;

    private final WorldFrame[] frames = new WorldFrame[FRAMES];
    private final int[] playerIds;
    private final SnapshotSender[] senders;
    private final SnapshotState[] views;
    private final InterestView interest = new InterestView();
    private final byte[] buf = new byte[SnapshotLayout.MAX_SNAPSHOT_BYTES];
    private final int radius;
    private final int maxEntities;
    private int frame;
    private long tick = 1;

    /** A room of {@code players} moving players and {@code coins} coins in a 40 m x 30 m arena. */
    public FanoutFixture(int players, int coins, int radiusCm, int maxEntities, long seed) {
        this.radius = radiusCm;
        this.maxEntities = maxEntities;
        Random r = new Random(seed);
        int[][] pos = new int[players + coins][2];
        for (int[] p : pos) {
            p[0] = r.nextInt(4000);
            p[1] = r.nextInt(3000);
        }
        playerIds = new int[players];
        for (int i = 0; i < players; i++) {
            playerIds[i] = i + 1;
        }
        for (int f = 0; f < FRAMES; f++) {
            int[][] entities = new int[players + coins][];
            long[][] acks = new long[players][];
            for (int i = 0; i < players + coins; i++) {
                if (i < players) { // players walk 30 cm per tick in a random direction
                    pos[i][0] = Math.clamp(pos[i][0] + r.nextInt(61) - 30, 0, 4000);
                    pos[i][1] = Math.clamp(pos[i][1] + r.nextInt(61) - 30, 0, 3000);
                    acks[i] = new long[]{i + 1, f};
                }
                entities[i] = new int[]{i + 1, i < players ? 1 : 2, pos[i][0], pos[i][1]};
            }
            frames[f] = Frames.frame(f + 1, entities, acks);
        }
        senders = new SnapshotSender[players];
        views = new SnapshotState[players];
        for (int i = 0; i < players; i++) {
            senders[i] = new SnapshotSender(32);
            views[i] = new SnapshotState();
        }
    }

    /**
     * One tick: every player acks the previous tick, then gets its snapshot encoded.
     *
     * @return bytes encoded (all players)
     */
    public int fanout() {
        WorldFrame source = frames[frame];
        frame = (frame + 1) & (FRAMES - 1);
        WorldFrame f = source;
        int total = 0;
        for (int i = 0; i < playerIds.length; i++) {
            SnapshotState view = interest.fill(f, playerIds[i], radius, maxEntities, views[i]);
            view.tick(tick); // ticks keep increasing while the frames cycle
            senders[i].onAck(tick - 1);
            total += senders[i].encode(view, Math.max(0, f.lastProcessedInputSequenceOf(playerIds[i])), buf, 0);
        }
        tick++;
        return total;
    }

    public int players() {
        return playerIds.length;
    }
}
