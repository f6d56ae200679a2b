package dev.strafe.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AntiReplayWindowTest {

    @Test
    void acceptsEachSequenceNumberOnceWithinTheWindow() {
        AntiReplayWindow w = new AntiReplayWindow();
        assertTrue(w.isFresh(5));
        w.accept(5);
        assertFalse(w.isFresh(5));
        assertTrue(w.isFresh(3), "older but inside the window and unseen");
        w.accept(3);
        assertFalse(w.isFresh(3));
        assertTrue(w.isFresh(4));
        assertTrue(w.isFresh(6));
    }

    @Test
    void rejectsRecordsOlderThanSixtyFourBelowTheHighest() {
        AntiReplayWindow w = new AntiReplayWindow();
        w.accept(100);
        assertTrue(w.isFresh(37), "age 63");
        assertFalse(w.isFresh(36), "age 64");
        w.accept(1_000);
        assertFalse(w.isFresh(100));
        assertTrue(w.isFresh(999));
        assertEquals(1_000, w.highest());
    }

    @Test
    void slidesOverLargeJumpsAndTheFirstRecord() {
        AntiReplayWindow w = new AntiReplayWindow();
        w.accept(0);
        assertFalse(w.isFresh(0));
        w.accept((1L << 48) - 1);
        assertFalse(w.isFresh((1L << 48) - 1));
        assertTrue(w.isFresh((1L << 48) - 2));
    }

    /** Against a set-based model: random arrivals around a moving front. */
    @Test
    void matchesASetModelForRandomArrivals() {
        Random random = new Random(42);
        AntiReplayWindow w = new AntiReplayWindow();
        Set<Long> seen = new HashSet<>();
        long highest = -1;
        for (int i = 0; i < 100_000; i++) {
            long seq = Math.max(0, highest + random.nextInt(80) - 70);
            boolean expected = !seen.contains(seq) && (seq > highest || highest - seq < 64);
            assertEquals(expected, w.isFresh(seq), "seq " + seq + " after highest " + highest);
            if (expected && random.nextInt(10) > 0) { // some records fail authentication: not accepted
                w.accept(seq);
                seen.add(seq);
                highest = Math.max(highest, seq);
            }
        }
    }
}
