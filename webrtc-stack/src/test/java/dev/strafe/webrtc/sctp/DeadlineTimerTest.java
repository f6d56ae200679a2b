package dev.strafe.webrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeadlineTimerTest {

    @Test
    void startsStoppedWithNoDeadline() {
        DeadlineTimer t = new DeadlineTimer("T3-rtx");
        assertFalse(t.isRunning());
        assertEquals(DeadlineTimer.NONE, t.deadline());
        assertFalse(t.isExpired(Long.MAX_VALUE - 1));
        assertFalse(t.pollExpired(0));
    }

    @Test
    void expiresExactlyAtItsDeadline() {
        DeadlineTimer t = new DeadlineTimer("T1-init");
        t.start(1_000, 500);
        assertEquals(1_500, t.deadline());
        assertFalse(t.isExpired(1_499));
        assertFalse(t.pollExpired(1_499));
        assertTrue(t.isExpired(1_500));
        assertTrue(t.pollExpired(1_500));
        assertFalse(t.isRunning(), "expiry stops the timer");
        assertFalse(t.pollExpired(2_000), "fires once");
        assertEquals(1, t.expirations());
    }

    @Test
    void countsConsecutiveExpirationsUntilReset() {
        DeadlineTimer t = new DeadlineTimer("T1-cookie");
        for (int i = 0; i < 3; i++) {
            t.start(i * 10L, 10);
            assertTrue(t.pollExpired(i * 10L + 10));
        }
        assertEquals(3, t.expirations());
        t.resetExpirations();
        assertEquals(0, t.expirations());
    }

    @Test
    void restartMovesTheDeadlineButStartIfStoppedDoesNot() {
        DeadlineTimer t = new DeadlineTimer("T3-rtx");
        t.start(0, 100);
        t.startIfStopped(50, 100);
        assertEquals(100, t.deadline());
        t.start(50, 100);
        assertEquals(150, t.deadline());
        t.stop();
        t.startIfStopped(60, 100);
        assertEquals(160, t.deadline());
    }

    @Test
    void foldsIntoTheEarliestDeadline() {
        DeadlineTimer a = new DeadlineTimer("a");
        DeadlineTimer b = new DeadlineTimer("b");
        DeadlineTimer c = new DeadlineTimer("c");
        a.start(0, 300);
        b.start(0, 200);
        long next = c.earliest(b.earliest(a.earliest(DeadlineTimer.NONE)));
        assertEquals(200, next);
    }

    @Test
    void saturatesAHugeDurationInsteadOfOverflowing() {
        DeadlineTimer t = new DeadlineTimer("heartbeat");
        t.start(10, Long.MAX_VALUE);
        assertTrue(t.isRunning());
        assertEquals(Long.MAX_VALUE - 1, t.deadline());
    }

    @Test
    void rejectsANegativeDurationNamingTheTimer() {
        DeadlineTimer t = new DeadlineTimer("T2-shutdown");
        assertEquals("T2-shutdown durationNanos: -1 (expected: >= 0)",
                assertThrows(IllegalArgumentException.class, () -> t.start(0, -1)).getMessage());
    }

    @ParameterizedTest(name = "base {0} x 2^{1} capped at {2} = {3}")
    @CsvSource({
            "1000, 0,   60000, 1000",
            "1000, 1,   60000, 2000",
            "1000, 5,   60000, 32000",
            "1000, 6,   60000, 60000",
            "1000, 100, 60000, 60000",
            "3,    61,  9223372036854775807, 6917529027641081856",
            "3,    62,  9223372036854775807, 9223372036854775807",
    })
    void backsOffExponentiallyUpToTheCap(long base, int expirations, long max, long expected) {
        assertEquals(expected, DeadlineTimer.backedOff(base, expirations, max));
    }
}
