package dev.strafe.server.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The token bucket on a fake clock (nanoseconds passed in). */
class JoinRateLimiterTest {

    static final long SECOND = 1_000_000_000L;

    @Test
    void allowsTheBurstThenRefusesWithTheWaitForOneToken() {
        JoinRateLimiter limiter = new JoinRateLimiter(2.0, 3, 100);
        assertEquals(0, limiter.tryAcquire("10.0.0.1", 0));
        assertEquals(0, limiter.tryAcquire("10.0.0.1", 0));
        assertEquals(0, limiter.tryAcquire("10.0.0.1", 0));
        assertEquals(SECOND / 2, limiter.tryAcquire("10.0.0.1", 0), "one token at 2/s: 0.5 s");
        assertEquals(SECOND / 4, limiter.tryAcquire("10.0.0.1", SECOND / 4), "half refilled");
        assertEquals(0, limiter.tryAcquire("10.0.0.1", SECOND / 2));
    }

    @Test
    void clientsHaveTheirOwnBuckets() {
        JoinRateLimiter limiter = new JoinRateLimiter(1.0, 1, 100);
        assertEquals(0, limiter.tryAcquire("a", 0));
        assertEquals(0, limiter.tryAcquire("b", 0));
        assertEquals(SECOND, limiter.tryAcquire("a", 0));
    }

    @Test
    void refillNeverExceedsTheBurst() {
        JoinRateLimiter limiter = new JoinRateLimiter(1.0, 2, 100);
        limiter.tryAcquire("a", 0);
        long later = 3600 * SECOND;
        assertEquals(0, limiter.tryAcquire("a", later));
        assertEquals(0, limiter.tryAcquire("a", later));
        assertEquals(SECOND, limiter.tryAcquire("a", later));
    }

    @Test
    void remembersAtMostMaxClientsForgettingTheLeastRecentlySeen() {
        JoinRateLimiter limiter = new JoinRateLimiter(1.0, 1, 2);
        limiter.tryAcquire("a", 0);
        limiter.tryAcquire("b", 0);
        limiter.tryAcquire("a", 0); // a is now the most recent
        limiter.tryAcquire("c", 0); // evicts b
        assertEquals(2, limiter.trackedClients());
        assertEquals(SECOND, limiter.tryAcquire("a", 0), "a is still limited");
        assertEquals(0, limiter.tryAcquire("b", 0), "b was forgotten: a fresh bucket");
    }

    @Test
    void aClockGoingBackwardsRefillsNothing() {
        JoinRateLimiter limiter = new JoinRateLimiter(1.0, 1, 10);
        assertEquals(0, limiter.tryAcquire("a", 10 * SECOND));
        assertEquals(SECOND, limiter.tryAcquire("a", 5 * SECOND));
    }

    @Test
    void rejectsBadSettings() {
        assertEquals("ratePerSecond: 0.0 (expected: > 0)",
                assertThrows(IllegalArgumentException.class, () -> new JoinRateLimiter(0, 1, 1)).getMessage());
        assertEquals("burst: 0 (expected: >= 1)",
                assertThrows(IllegalArgumentException.class, () -> new JoinRateLimiter(1, 0, 1)).getMessage());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource({
            "203.0.113.7, 203.0.113.7",
            "2001:db8:1:2:3:4:5:6, 2001:db8:1:2::/64",
            "2001:db8:1:2::99, 2001:db8:1:2::/64",
            "[2001:db8:1:2::99], 2001:db8:1:2::/64",
            "fe80::1%eth0, fe80:0:0:0::/64",
            "0:0:0:0:0:0:0:1, 0:0:0:0::/64",
            "not-an-ip:x, not-an-ip:x",
    })
    void keysIpv6ClientsByTheirSlash64(String address, String key) {
        assertEquals(key, JoinRateLimiter.clientKey(address));
    }
}
