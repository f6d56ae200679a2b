package dev.strafe.server.edge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest {

    @Test
    void startsFullAndRefillsAtTheRateUpToTheCapacity() {
        TokenBucket b = new TokenBucket(10, 3, 0);
        assertTrue(b.tryAcquire(0));
        assertTrue(b.tryAcquire(0));
        assertTrue(b.tryAcquire(0));
        assertFalse(b.tryAcquire(0));
        assertFalse(b.tryAcquire(50_000_000), "half a token after 50 ms");
        assertTrue(b.tryAcquire(100_000_000), "one token after 100 ms");
        assertEquals(3.0, new TokenBucket(10, 3, 0).tokens());
        TokenBucket idle = new TokenBucket(10, 3, 0);
        idle.tryAcquire(0);
        idle.tryAcquire(60_000_000_000L);
        assertEquals(2.0, idle.tokens(), 1e-9, "capped at the capacity after a long idle time");
    }

    @Test
    void ignoresAClockGoingBackwards() {
        TokenBucket b = new TokenBucket(10, 1, 1_000_000_000L);
        assertTrue(b.tryAcquire(1_000_000_000L));
        assertFalse(b.tryAcquire(0));
    }

    @Test
    void rejectsANonPositiveRate() {
        assertEquals("token bucket: rate 0.0, capacity 1.0 (expected: rate > 0, capacity >= 1)",
                assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, 0)).getMessage());
    }
}
