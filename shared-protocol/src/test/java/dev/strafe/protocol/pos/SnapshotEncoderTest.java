package dev.strafe.protocol.pos;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Caller contract of the encoder and decoder (bugs, not peer input, so IllegalArgument/State). */
class SnapshotEncoderTest {

    private final SnapshotEncoder encoder = new SnapshotEncoder();
    private final byte[] buf = new byte[SnapshotLayout.MAX_SNAPSHOT_BYTES];

    private static SnapshotState state(long tick, int... ids) {
        SnapshotState s = new SnapshotState().tick(tick);
        for (int id : ids) {
            s.add(id, 0, id, -id, 0, 0, 0);
        }
        return s;
    }

    @Test
    void rejectsBaselineThatIsNotOlderThanCurrent() {
        var e = assertThrows(IllegalArgumentException.class, () -> encoder.encode(state(5, 1), state(5, 1), buf, 0));
        assertTrue(e.getMessage().startsWith("baseline tick: 5"), e.getMessage());
    }

    @Test
    void acceptsBaselineOlderAcrossTheWrap() {
        int n = encoder.encode(state(0xFFFF_FFFFL, 1), state(1, 1), buf, 0);
        assertEquals(SnapshotLayout.FIXED_LENGTH, n);
    }

    @Test
    void rejectsBaselineNotSortedById() {
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(state(1, 2, 1), state(2, 1), buf, 0));
    }

    @Test
    void rejectsDuplicateIdsPresentInBaseline() {
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(state(1, 1), state(2, 1, 1), buf, 0));
    }

    @Test
    void rejectsBufferSmallerThanTheBudget() {
        assertThrows(IllegalArgumentException.class, () -> encoder.encodeFull(state(1, 1), new byte[100], 0));
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(null, state(1, 1), buf, 0, 2000));
    }

    @Test
    void neverExceedsLimitWithMaximumEntitiesAllAdded() {
        SnapshotState big = new SnapshotState().tick(9);
        for (int id = 0; id < SnapshotState.MAX_ENTITIES; id++) {
            big.add(id, 1, 1, 1, 1, 1, 1);
        }
        int n = encoder.encodeFull(big, buf, 0);
        assertEquals(72, encoder.entitiesWritten());
        assertEquals(SnapshotLayout.FIXED_LENGTH + 72 * SnapshotLayout.ADDED_LENGTH, n);
    }

    @Test
    void decoderRefusesToApplyOntoTheBaselineItself() {
        SnapshotState base = state(1, 1);
        int n = encoder.encode(base, state(2, 1), buf, 0);
        SnapshotDecoder decoder = new SnapshotDecoder().wrap(buf, 0, n);
        assertThrows(IllegalArgumentException.class, () -> decoder.apply(base, base));
    }

    @Test
    void stateSettersRangeCheckQuantizedValues() {
        SnapshotState s = new SnapshotState();
        assertThrows(IllegalArgumentException.class, () -> s.add(1, 0, SnapshotState.POSITION_MAX + 1, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> s.add(70000, 0, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> s.tick(0));
        assertThrows(IllegalArgumentException.class, () -> new Input().moveX(-128));
    }
}
