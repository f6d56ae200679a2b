package dev.strafe.server.room;

import dev.strafe.protocol.pos.SnapshotState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomSimulationTest {

    private static final RoomSettings SETTINGS = RoomSettings.defaults(); // 20 Hz, 600 cm/s: 30 cm per step
    private static final double STEP = SETTINGS.stepCm();

    private static RoomSimulation room(RoomSettings settings) {
        return new RoomSimulation(settings, 42);
    }

    @ParameterizedTest(name = "({0},{1}) moves {2} cm")
    @CsvSource({
            "127, 0, 30",
            "-127, 0, 30",
            "0, 127, 30",
            "127, 127, 30",   // a diagonal is scaled to the full length, not sqrt(2) faster
            "-127, -127, 30",
            "64, 0, 15",      // half deflection, half speed
            "0, 0, 0"})
    void movesOneStepPerInputAtMostMaxSpeed(int moveX, int moveY, int expectedCm) {
        RoomSimulation sim = room(SETTINGS);
        int p = sim.join();
        sim.placePlayer(p, 2000, 1500);
        assertNull(sim.offerInput(p, 1, moveX, moveY, 0));
        sim.tick();
        double moved = Math.hypot(sim.playerX(p) - 2000, sim.playerY(p) - 1500);
        assertEquals(expectedCm, moved, 1.0);
        assertEquals(1, sim.lastProcessedInputSequence(p));
        assertEquals(Math.round((sim.playerX(p) - 2000) * 20.0), sim.playerVx(p));
    }

    @Test
    void clampsPositionsToTheArena() {
        RoomSimulation sim = room(SETTINGS);
        int p = sim.join();
        sim.placePlayer(p, 10, 2990);
        for (int seq = 1; seq <= 40; seq++) {
            sim.offerInput(p, seq, -127, 127, 0);
            sim.tick();
            assertTrue(sim.playerX(p) >= 0 && sim.playerX(p) <= 4000);
            assertTrue(sim.playerY(p) >= 0 && sim.playerY(p) <= 3000);
        }
        assertEquals(0, sim.playerX(p));
        assertEquals(3000, sim.playerY(p));
    }

    @Test
    void dropsInputsBeyondTheQueueLimitAndCountsThem() {
        RoomSimulation sim = room(SETTINGS);
        int p = sim.join();
        for (int seq = 1; seq <= 8; seq++) {
            assertNull(sim.offerInput(p, seq, 127, 0, 0));
        }
        assertEquals(InputDrop.QUEUE_FULL, sim.offerInput(p, 9, 127, 0, 0));
        assertEquals(InputDrop.QUEUE_FULL, sim.offerInput(p, 10, 127, 0, 0));
        assertEquals(2, sim.droppedInputs(InputDrop.QUEUE_FULL));
        assertEquals(8, sim.pendingInputs(p));
    }

    @Test
    void dropsDuplicateAndReorderedSequencesAcrossTheWrap() {
        RoomSimulation sim = room(SETTINGS);
        int p = sim.join();
        assertNull(sim.offerInput(p, 0xFFFF_FFFEL, 0, 0, 0));
        assertNull(sim.offerInput(p, 0xFFFF_FFFFL, 0, 0, 0));
        assertNull(sim.offerInput(p, 0, 0, 0, 0)); // wraps: newer
        assertEquals(InputDrop.STALE_SEQUENCE, sim.offerInput(p, 0, 0, 0, 0));
        assertEquals(InputDrop.STALE_SEQUENCE, sim.offerInput(p, 0xFFFF_FFFFL, 0, 0, 0));
        assertEquals(InputDrop.UNKNOWN_PLAYER, sim.offerInput(999, 1, 0, 0, 0));
        assertEquals(2, sim.droppedInputs(InputDrop.STALE_SEQUENCE));
    }

    @Test
    void neverTeleportsEvenWhenInputsArriveFasterThanTheTickRate() {
        RoomSimulation sim = room(SETTINGS);
        int p = sim.join();
        sim.placePlayer(p, 0, 1500);
        long seq = 1;
        int ticks = 60;
        int previousX = 0;
        for (int t = 0; t < ticks; t++) {
            for (int k = 0; k < 3; k++) { // a speed hack: 3 inputs per tick
                sim.offerInput(p, seq++, 127, 0, 0);
            }
            sim.tick();
            int dx = sim.playerX(p) - previousX;
            assertTrue(dx <= SETTINGS.maxInputsPerTick() * (STEP + 1), "moved " + dx + " cm in one tick");
            previousX = sim.playerX(p);
        }
        // the long-run rate is one step per tick: the extra inputs were dropped, not applied
        assertTrue(sim.playerX(p) <= (ticks + SETTINGS.maxInputsPerTick()) * (STEP + 1), "x = " + sim.playerX(p));
        assertTrue(sim.droppedInputs(InputDrop.QUEUE_FULL) > 0);
    }

    @Test
    void catchesUpABurstOfLateInputsWithinTheBurstLimit() {
        RoomSimulation sim = room(SETTINGS);
        int p = sim.join();
        sim.placePlayer(p, 0, 0);
        sim.tick();
        sim.tick(); // two ticks without input: credit = burst
        for (int seq = 1; seq <= 4; seq++) {
            sim.offerInput(p, seq, 127, 0, 0);
        }
        sim.tick();
        assertEquals(2, sim.lastProcessedInputSequence(p));
        assertEquals(60, sim.playerX(p), 1);
        sim.tick();
        assertEquals(3, sim.lastProcessedInputSequence(p));
    }

    @Test
    void sameSeedAndInputsReplayToTheSameStates() {
        RoomSettings settings = SETTINGS.withCoins(16, 3);
        RoomSimulation a = room(settings);
        RoomSimulation b = room(settings);
        SnapshotState sa = new SnapshotState();
        SnapshotState sb = new SnapshotState();
        SplittableRandom inputs = new SplittableRandom(7);
        int[] pa = new int[10];
        int[] pb = new int[10];
        for (int i = 0; i < 10; i++) {
            pa[i] = a.join();
            pb[i] = b.join();
        }
        for (int t = 1; t <= 500; t++) {
            for (int i = 0; i < 10; i++) {
                int mx = inputs.nextInt(-127, 128);
                int my = inputs.nextInt(-127, 128);
                int aim = inputs.nextInt(0, 65536);
                a.offerInput(pa[i], t, mx, my, aim);
                b.offerInput(pb[i], t, mx, my, aim);
            }
            if (t == 250) {
                a.leave(pa[3]);
                b.leave(pb[3]);
            }
            a.tick();
            b.tick();
            a.writeSnapshot(sa);
            b.writeSnapshot(sb);
            assertEquals(sa, sb, "tick " + t);
            assertEquals(a.frame(), b.frame());
        }
        assertEquals(16, a.coinCount());
        RoomSimulation other = new RoomSimulation(settings, 43);
        other.join();
        other.tick();
        a.writeSnapshot(sa);
        other.writeSnapshot(sb);
        assertNotEquals(sa, sb);
    }

    @Test
    void spawnsAtMostCoinMaxCoinsInsideTheArena() {
        RoomSimulation sim = room(SETTINGS.withCoins(5, 1));
        for (int t = 0; t < 100; t++) {
            sim.tick();
        }
        assertEquals(5, sim.coinCount());
        for (int i = 0; i < 5; i++) {
            int id = sim.coinId(i);
            assertTrue(sim.coinX(id) >= 0 && sim.coinX(id) <= 4000 && sim.coinY(id) >= 0 && sim.coinY(id) <= 3000);
        }
    }

    @Test
    void acceptsPickupsOnlyWithinTheRadiusByServerPosition() {
        RoomSimulation sim = room(SETTINGS.withCoins(4, 1_000_000));
        int p = sim.join();
        int coin = sim.spawnCoinAt(1000, 1000);
        sim.placePlayer(p, 1000 + 149, 1000);
        assertNull(sim.checkPickup(p, coin));
        sim.placePlayer(p, 1000 + 120, 1000 + 120); // 170 cm away
        assertEquals("too_far", sim.checkPickup(p, coin));
        assertTrue(sim.removeCoin(coin));
        assertEquals("coin_gone", sim.checkPickup(p, coin));
        assertFalse(sim.removeCoin(coin));
    }

    @Test
    void handsOutUniqueIdsAndRefusesJoinsWhenFull() {
        RoomSimulation sim = room(SETTINGS.withCapacity(4).withCoins(4, 1));
        Set<Integer> ids = new HashSet<>();
        int leaving = sim.join();
        ids.add(leaving);
        for (int i = 1; i < 4; i++) {
            assertTrue(ids.add(sim.join()));
        }
        assertEquals(-1, sim.join());
        for (int t = 0; t < 10; t++) {
            sim.tick();
        }
        for (int i = 0; i < sim.coinCount(); i++) {
            assertTrue(ids.add(sim.coinId(i)));
        }
        assertTrue(sim.leave(leaving));
        int again = sim.join();
        assertNotEquals(leaving, again, "a freed id is not reused at once");
    }

    @Test
    void tickAndSnapshotAllocateNothing() {
        RoomSimulation sim = room(SETTINGS);
        int[] players = new int[32];
        for (int i = 0; i < 32; i++) {
            players[i] = sim.join();
        }
        SnapshotState out = new SnapshotState();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long seq = 1;
        for (int warm = 0; warm < 2_000; warm++) {
            for (int p : players) {
                sim.offerInput(p, seq, 100, -50, 7);
            }
            seq++;
            sim.tick();
            sim.writeSnapshot(out);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int t = 0; t < 1_000; t++) {
            for (int p : players) {
                sim.offerInput(p, seq, 100, -50, 7);
            }
            seq++;
            sim.tick();
            sim.writeSnapshot(out);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1_000, "allocated " + allocated + " bytes in 1000 ticks");
    }
}
