package dev.strafe.protocol.pos;

import dev.strafe.protocol.Seq32;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.strafe.protocol.pos.SnapshotLayout.MAX_SNAPSHOT_BYTES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seeded property tests: round trips and the delta invariant (STYLE #35). */
class PosPropertyTest {

    private static final long SEED = 0x5EED_2026L;

    private final byte[] buf = new byte[MAX_SNAPSHOT_BYTES];
    private final SnapshotEncoder encoder = new SnapshotEncoder();
    private final SnapshotDecoder decoder = new SnapshotDecoder();

    @Test
    void decodeOfEncodedInputIsTheSameInput() {
        Random r = new Random(SEED);
        Input in = new Input();
        Input out = new Input();
        for (int k = 0; k < 5000; k++) {
            RandomStates.input(r, in);
            int n = InputCodec.encode(in, buf, 0);
            InputCodec.decode(buf, 0, n, out);
            assertEquals(in, out);
        }
    }

    @Test
    void decodeOfFullSnapshotIsTheStateSortedById() {
        Random r = new Random(SEED + 1);
        SnapshotState s = new SnapshotState();
        SnapshotState out = new SnapshotState();
        for (int k = 0; k < 2000; k++) {
            RandomStates.state(r, randomTick(r), 72, s); // 72 always fit a full snapshot
            int n = encoder.encodeFull(s, buf, 0);
            assertEquals(s.size(), encoder.entitiesWritten());
            decoder.decode(buf, 0, n, null, out);
            assertEquals(new SnapshotState().copyFrom(s).sortById(), out);
        }
    }

    @Test
    void deltaAppliedToBaselineEqualsFreshDecodeOfFullSnapshot() {
        Random r = new Random(SEED + 2);
        SnapshotState s0 = new SnapshotState();
        SnapshotState s1 = new SnapshotState();
        SnapshotState baseline = new SnapshotState();
        SnapshotState viaDelta = new SnapshotState();
        SnapshotState viaFull = new SnapshotState();
        for (int k = 0; k < 3000; k++) {
            long t0 = randomTick(r);
            RandomStates.state(r, t0, 60, s0);
            decoder.decode(buf, 0, encoder.encodeFull(s0, buf, 0), null, baseline);
            RandomStates.evolve(r, s0, Seq32.nextTick(t0 + r.nextInt(100)), 66, s1);

            int n = encoder.encode(baseline, s1, buf, 0);
            assertEquals(s1.size(), encoder.entitiesWritten(), "a 66-entity delta always fits");
            decoder.decode(buf, 0, n, baseline, viaDelta);
            decoder.decode(buf, 0, encoder.encodeFull(s1, buf, 0), null, viaFull);
            assertEquals(viaFull, viaDelta);
        }
    }

    @Test
    void clientStateAfterAChainOfDeltasWithLossEqualsFullSnapshot() {
        Random r = new Random(SEED + 3);
        int history = 8;
        SnapshotState[] sentViews = new SnapshotState[history]; // client views the server produced, by tick slot
        for (int i = 0; i < history; i++) {
            sentViews[i] = new SnapshotState();
        }
        SnapshotState current = new SnapshotState();
        SnapshotState next = new SnapshotState();
        SnapshotState client = new SnapshotState();
        SnapshotState scratch = new SnapshotState();
        SnapshotState full = new SnapshotState();
        for (int run = 0; run < 20; run++) {
            long tick = 0xFFFF_FFFFL - r.nextInt(50); // every run crosses the wrap
            RandomStates.state(r, tick, 40, current);
            decoder.decode(buf, 0, encoder.encodeFull(current, buf, 0), null, client);
            sentViews[(int) (tick % history)].copyFrom(client);
            long acked = tick;
            for (int step = 0; step < 100; step++) {
                tick = Seq32.nextTick(tick);
                RandomStates.evolve(r, current, tick, 60, next);
                current.copyFrom(next);
                // The server deltas against the client's last acked view.
                SnapshotState baseline = sentViews[(int) (acked % history)];
                assertEquals(acked, baseline.tick());
                int n = encoder.encode(baseline, current, buf, 0);
                decoder.decode(buf, 0, n, baseline, scratch);
                sentViews[(int) (tick % history)].copyFrom(scratch);
                if (r.nextInt(4) != 0) { // 25% loss: the client neither applies nor acks
                    decoder.decode(buf, 0, n, baseline, client);
                    acked = tick;
                }
                if (Seq32.distance(tick, acked) >= history - 1) { // baseline about to leave history: resync
                    decoder.decode(buf, 0, encoder.encodeFull(current, buf, 0), null, client);
                    sentViews[(int) (tick % history)].copyFrom(client);
                    acked = tick;
                }
                decoder.decode(buf, 0, encoder.encodeFull(current, buf, 0), null, full);
                if (acked == tick) {
                    assertEquals(full, client);
                }
            }
        }
    }

    @Test
    void encoderWritesTheLongestPrefixThatFitsTheBudget() {
        Random r = new Random(SEED + 4);
        SnapshotState s0 = new SnapshotState();
        SnapshotState baseline = new SnapshotState();
        SnapshotState s1 = new SnapshotState();
        SnapshotState out = new SnapshotState();
        for (int k = 0; k < 2000; k++) {
            long t0 = randomTick(r);
            RandomStates.state(r, t0, 128, s0);
            s0.sortById();
            baseline.copyFrom(s0);
            RandomStates.evolve(r, s0, Seq32.nextTick(t0), 128, s1);
            int minBudget = SnapshotLayout.FIXED_LENGTH + SnapshotState.MAX_ENTITIES * SnapshotLayout.REMOVED_LENGTH;
            int maxBytes = minBudget + r.nextInt(MAX_SNAPSHOT_BYTES - minBudget + 1);
            boolean full = r.nextInt(3) == 0;
            int n = encoder.encode(full ? null : baseline, s1, buf, 0, maxBytes);
            assertTrue(n <= maxBytes, "length " + n + " <= " + maxBytes);
            int written = encoder.entitiesWritten();
            decoder.decode(buf, 0, n, full ? null : baseline, out);

            // Model: baseline minus the entities gone (or re-kinded) plus the written prefix.
            SnapshotState model = new SnapshotState().tick(s1.tick());
            if (!full) {
                for (int i = 0; i < baseline.size(); i++) {
                    int c = s1.indexOf(baseline.id(i));
                    if (c >= 0 && s1.kind(c) == baseline.kind(i)) {
                        model.add(baseline.id(i), baseline.kind(i), baseline.x(i), baseline.y(i), baseline.vx(i),
                                baseline.vy(i), baseline.heading(i));
                    }
                }
            }
            for (int i = 0; i < written; i++) {
                int m = model.indexOf(s1.id(i));
                if (m >= 0) {
                    model.update(m, s1.x(i), s1.y(i), s1.vx(i), s1.vy(i), s1.heading(i));
                } else {
                    model.add(s1.id(i), s1.kind(i), s1.x(i), s1.y(i), s1.vx(i), s1.vy(i), s1.heading(i));
                }
            }
            assertEquals(model.sortById(), out);
            if (written < s1.size()) { // maximal: the next entity's record would not have fit
                int b = full ? -1 : baseline.indexOf(s1.id(written));
                int cost = b < 0 || baseline.kind(b) != s1.kind(written) ? SnapshotLayout.ADDED_LENGTH
                        : SnapshotLayout.CHANGED_PREFIX_LENGTH + SnapshotLayout.changedFieldsLength(mask(baseline, b, s1, written));
                assertTrue(n + cost > maxBytes, "entity " + written + " (" + cost + " bytes) would have fit in " + (maxBytes - n));
            }
        }
    }

    private static int mask(SnapshotState a, int i, SnapshotState b, int j) {
        int m = 0;
        m |= a.x(i) != b.x(j) ? SnapshotLayout.MASK_X : 0;
        m |= a.y(i) != b.y(j) ? SnapshotLayout.MASK_Y : 0;
        m |= a.vx(i) != b.vx(j) ? SnapshotLayout.MASK_VX : 0;
        m |= a.vy(i) != b.vy(j) ? SnapshotLayout.MASK_VY : 0;
        m |= a.heading(i) != b.heading(j) ? SnapshotLayout.MASK_HEADING : 0;
        return m;
    }

    private static long randomTick(Random r) {
        long t = r.nextLong() & 0xFFFF_FFFFL;
        return t == 0 ? 1 : t;
    }
}
