package dev.strafe.protocol.pos;

import dev.strafe.protocol.Seq32;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotSenderReceiverTest {

    private final byte[] buf = new byte[SnapshotLayout.MAX_SNAPSHOT_BYTES];

    private static SnapshotState world(long tick, int x) {
        SnapshotState s = new SnapshotState().tick(tick);
        s.add(1, 0, x, 0, 0, 0, 0);
        s.add(2, 0, -x, 5, 0, 0, 0);
        return s;
    }

    @Test
    void sendsFullSnapshotUntilTheClientAcks() {
        SnapshotSender sender = new SnapshotSender(8);
        sender.encode(world(10, 1), buf, 0);
        assertEquals(0, sender.lastBaselineTick());
        sender.encode(world(11, 2), buf, 0);
        assertEquals(0, sender.lastBaselineTick());
        sender.onAck(10);
        sender.encode(world(12, 3), buf, 0);
        assertEquals(10, sender.lastBaselineTick());
    }

    @Test
    void ignoresOlderAcksAndFallsBackToFullForUnknownTicks() {
        SnapshotSender sender = new SnapshotSender(8);
        sender.encode(world(10, 1), buf, 0);
        sender.encode(world(11, 1), buf, 0);
        sender.onAck(11);
        sender.onAck(10); // reordered, older
        assertEquals(11, sender.ackedTick());
        sender.encode(world(12, 1), buf, 0);
        assertEquals(11, sender.lastBaselineTick());
        sender.onAck(999); // never sent
        sender.encode(world(13, 1), buf, 0);
        assertEquals(0, sender.lastBaselineTick());
    }

    @Test
    void fallsBackToFullWhenTheAckedViewLeftTheHistory() {
        SnapshotSender sender = new SnapshotSender(4);
        sender.encode(world(10, 1), buf, 0);
        sender.onAck(10);
        for (long t = 11; t <= 14; t++) {
            sender.encode(world(t, (int) t), buf, 0);
        }
        assertEquals(10, sender.lastBaselineTick(), "tick 14 still deltas against 10, then takes its slot");
        sender.encode(world(15, 15), buf, 0);
        assertEquals(0, sender.lastBaselineTick(), "tick 14 overwrote the slot of tick 10");
    }

    @Test
    void receiverDropsStaleAndBaselineLessSnapshots() {
        SnapshotSender sender = new SnapshotSender(8);
        SnapshotReceiver receiver = new SnapshotReceiver(8);
        int n = sender.encode(world(10, 1), buf, 0);
        assertTrue(receiver.receive(buf, 0, n));
        sender.onAck(receiver.ackTick());
        byte[] delta11 = new byte[buf.length];
        int n11 = sender.encode(world(11, 2), delta11, 0);
        int n12 = sender.encode(world(12, 3), buf, 0);
        assertTrue(receiver.receive(buf, 0, n12));
        assertFalse(receiver.receive(delta11, 0, n11), "older than latest");
        assertEquals(12, receiver.ackTick());
        assertEquals(world(12, 3).sortById(), receiver.latest());

        SnapshotReceiver fresh = new SnapshotReceiver(8);
        assertFalse(fresh.receive(buf, 0, n12), "delta against a baseline it never had");
        assertEquals(0, fresh.ackTick());
    }

    @Test
    void receiverAppliesNothingFromAMalformedMessage() {
        SnapshotReceiver receiver = new SnapshotReceiver(8);
        int n = new SnapshotSender(8).encode(world(10, 1), buf, 0);
        buf[SnapshotLayout.ADDED_COUNT_OFFSET] = 3;
        assertThrows(dev.strafe.protocol.ProtocolException.class, () -> receiver.receive(buf, 0, n));
        assertEquals(0, receiver.ackTick());
    }

    @Test
    void clientConvergesToTheServerWorldOverLossAndReorderingAcrossTheTickWrap() {
        Random r = new Random(99);
        SnapshotSender sender = new SnapshotSender(32);
        SnapshotReceiver receiver = new SnapshotReceiver(32);
        SnapshotState world = RandomStates.state(r, 0xFFFF_FFFFL - 100, 50, new SnapshotState());
        SnapshotState next = new SnapshotState();
        SnapshotState full = new SnapshotState();
        byte[][] inFlight = new byte[3][SnapshotLayout.MAX_SNAPSHOT_BYTES];
        int[] inFlightLength = new int[3];
        long tick = world.tick();
        int applied = 0;
        for (int step = 0; step < 400; step++) {
            tick = Seq32.nextTick(tick);
            RandomStates.evolve(r, world, tick, 60, next);
            world.copyFrom(next);
            int slot = step % 3;
            inFlightLength[slot] = sender.encode(world, inFlight[slot], 0);
            // deliver a random in-flight message (reordering), 20% loss
            int pick = r.nextInt(3);
            if (inFlightLength[pick] > 0 && r.nextInt(5) != 0) {
                if (receiver.receive(inFlight[pick], 0, inFlightLength[pick])) {
                    applied++;
                }
                inFlightLength[pick] = 0;
            }
            if (r.nextInt(4) != 0) { // the ack travels in the next Input, also lossy
                sender.onAck(receiver.ackTick());
            }
            if (receiver.ackTick() == tick) {
                new SnapshotDecoder().decode(inFlight[slot], 0, new SnapshotEncoder().encodeFull(world, inFlight[slot], 0), null, full);
                assertEquals(full, receiver.latest());
            }
        }
        assertTrue(applied > 150, "applied " + applied);
    }

    @Test
    void carriesTheReceivingPlayersLastInputSequenceInFullAndDeltaSnapshots() {
        SnapshotSender sender = new SnapshotSender(8);
        SnapshotReceiver receiver = new SnapshotReceiver(8);
        assertEquals(0, receiver.lastInputSequence(), "nothing received yet");
        int n = sender.encode(world(10, 1), 41, buf, 0);
        assertTrue(receiver.receive(buf, 0, n));
        assertEquals(41, receiver.lastInputSequence());
        sender.onAck(receiver.ackTick());
        byte[] older = new byte[buf.length];
        int nOlder = sender.encode(world(11, 1), 42, older, 0); // unchanged world: a keep-alive delta
        n = sender.encode(world(12, 2), 0xFFFF_FFFFL, buf, 0);
        assertTrue(receiver.receive(buf, 0, n));
        assertEquals(10, sender.lastBaselineTick());
        assertEquals(0xFFFF_FFFFL, receiver.lastInputSequence());
        assertFalse(receiver.receive(older, 0, nOlder), "stale");
        assertEquals(0xFFFF_FFFFL, receiver.lastInputSequence(), "a dropped snapshot does not change it");
    }

    @Test
    void rejectsALastInputSequenceOutsideU32() {
        SnapshotSender sender = new SnapshotSender(8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sender.encode(world(10, 1), 1L << 32, buf, 0));
        assertEquals("lastInputSequence: 4294967296 (expected: 0..4294967295)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sender.encode(world(10, 1), -1, buf, 0));
    }
}
