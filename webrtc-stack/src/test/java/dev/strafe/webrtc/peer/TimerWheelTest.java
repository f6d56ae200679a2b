package dev.strafe.webrtc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimerWheelTest {

    static final long MS = 1_000_000L;

    final List<String> fired = new ArrayList<>();
    final TimerWheel<String> wheel = new TimerWheel<>(0, 20, 64, 10_000);

    int advance(long now) {
        return wheel.advance(now, Integer.MAX_VALUE, (id, deadline, payload) -> fired.add(payload));
    }

    @Test
    void firesAtOrAfterDeadlineNeverBefore() {
        wheel.schedule(10 * MS, "a");
        wheel.schedule(5 * MS, "b");
        assertEquals(0, advance(5 * MS - 1));
        assertEquals(1, advance(5 * MS));
        assertEquals(List.of("b"), fired);
        assertEquals(0, advance(10 * MS - 1));
        assertEquals(1, advance(10 * MS));
        assertEquals(List.of("b", "a"), fired);
        assertEquals(0, wheel.size());
    }

    @Test
    void keepsTimersBeyondOneRevolutionUntilTheirRound() {
        // 64 slots x ~1.05 ms = ~67 ms per revolution
        wheel.schedule(1_000 * MS, "late");
        for (long t = 0; t < 1_000 * MS; t += 7 * MS) {
            advance(t);
        }
        assertEquals(List.of(), fired);
        advance(1_000 * MS);
        assertEquals(List.of("late"), fired);
    }

    @Test
    void cancelledTimerDoesNotFireAndIdIsInvalidAfterwards() {
        long id = wheel.schedule(3 * MS, "x");
        assertEquals(3 * MS, wheel.deadline(id));
        assertTrue(wheel.cancel(id));
        assertFalse(wheel.cancel(id));
        assertFalse(wheel.cancel(TimerWheel.NO_TIMER));
        advance(10 * MS);
        assertEquals(List.of(), fired);
    }

    @Test
    void pastDeadlineFiresOnNextAdvance() {
        advance(50 * MS);
        wheel.schedule(1 * MS, "past");
        advance(50 * MS);
        assertEquals(List.of("past"), fired);
    }

    @Test
    void boundsFiresPerAdvanceAndFinishesLater() {
        for (int i = 0; i < 10; i++) {
            wheel.schedule(i * MS, "t" + i);
        }
        assertEquals(4, wheel.advance(20 * MS, 4, (id, d, p) -> fired.add(p)));
        assertEquals(6, wheel.size());
        assertEquals(6, advance(20 * MS));
        assertEquals(10, fired.size());
    }

    @Test
    void handlerMayRescheduleIncludingIntoThePast() {
        List<Long> when = new ArrayList<>();
        TimerWheel.ExpiryHandler<String> handler = (id, deadline, payload) -> {
            when.add(deadline);
            if (payload.equals("periodic") && deadline < 9 * MS) {
                wheel.schedule(deadline + 2 * MS, payload);
            }
            if (when.size() == 1) {
                wheel.schedule(0, "past-from-handler");
            }
        };
        wheel.schedule(1 * MS, "periodic");
        for (long t = 0; t <= 20 * MS; t += MS / 2) {
            wheel.advance(t, 100, handler);
        }
        assertEquals(List.of(1 * MS, 0L, 3 * MS, 5 * MS, 7 * MS, 9 * MS), when);
    }

    @Test
    void refusesMoreThanMaxTimers() {
        TimerWheel<String> small = new TimerWheel<>(0, 20, 16, 2);
        small.schedule(1, "a");
        small.schedule(2, "b");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> small.schedule(3, "c"));
        assertEquals("timers: 2 (expected: < 2)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TimerWheel<>(0, 20, 100, 2));
    }

    @Test
    void matchesASortedModelUnderRandomScheduleCancelAdvance() {
        SplittableRandom random = new SplittableRandom(5);
        Map<Long, Long> model = new HashMap<>(); // id -> deadline, live timers
        long now = 0;
        for (int step = 0; step < 50_000; step++) {
            int op = random.nextInt(10);
            if (op < 5) {
                long deadline = now + random.nextLong(2_000 * MS);
                long id = wheel.schedule(deadline, "");
                assertFalse(model.containsKey(id));
                model.put(id, deadline);
            } else if (op < 7 && !model.isEmpty()) {
                Long id = model.keySet().iterator().next();
                assertTrue(wheel.cancel(id));
                model.remove(id);
            } else {
                now += random.nextLong(30 * MS);
                long at = now;
                wheel.advance(now, Integer.MAX_VALUE, (id, deadline, payload) -> {
                    assertEquals(model.remove(id), deadline);
                    assertTrue(deadline <= at);
                });
                for (long deadline : model.values()) {
                    assertTrue(deadline > now, "missed deadline " + deadline + " at " + now);
                }
            }
            assertEquals(model.size(), wheel.size());
        }
    }

    @Test
    void steadyStateScheduleAndFireAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        TimerWheel<String> w = new TimerWheel<>(0, 20, 512, 100_000);
        String payload = "peer";
        long[] now = {0};
        TimerWheel.ExpiryHandler<String> reschedule = (id, d, p) -> w.schedule(d + 25 * MS, p);
        for (int i = 0; i < 5_000; i++) {
            w.schedule(i * 10_000L, payload);
        }
        for (int i = 0; i < 2_000; i++) { // warm up: slots grow to their steady size
            now[0] += MS;
            w.advance(now[0], Integer.MAX_VALUE, reschedule);
        }
        long tid = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 2_000; i++) {
            now[0] += MS;
            w.advance(now[0], Integer.MAX_VALUE, reschedule);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertEquals(5_000, w.size());
        assertTrue(allocated < 50_000, "allocated " + allocated + " bytes");
    }
}
