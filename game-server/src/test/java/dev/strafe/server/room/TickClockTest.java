package dev.strafe.server.room;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TickClockTest {

    private static final long MS = 1_000_000L;

    @Test
    void runsExactlyTheTickRateOnAFakeClock() {
        TickClock clock = new TickClock(60, 0);
        int ticks = 0;
        for (long now = 0; now <= 1_000 * MS; now += 8 * MS) { // timer period for 60 Hz
            ticks += clock.due(now);
        }
        assertEquals(60, ticks);
        assertEquals(0, clock.skipped());
        assertEquals(8, TickClock.timerPeriodMillis(60));
        assertEquals(25, TickClock.timerPeriodMillis(20));
    }

    @Test
    void catchesUpAtMostTwoTicksAndCountsTheSkippedOnes() {
        TickClock clock = new TickClock(20, 0);
        assertEquals(0, clock.due(49 * MS));
        assertEquals(1, clock.due(50 * MS));
        assertEquals(2, clock.due(320 * MS)); // 5 ticks due (100..300): 2 run, 3 skipped
        assertEquals(3, clock.skipped());
        assertEquals(0, clock.due(340 * MS));
        assertEquals(1, clock.due(350 * MS));
    }
}
