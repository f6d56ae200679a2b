package dev.strafe.webrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PeerReceiveWindowTest {

    @Test
    void subtractsSentDataAndRecomputesFromEachSack() {
        PeerReceiveWindow w = new PeerReceiveWindow(10_000);
        w.onDataSent(3_000);
        w.onDataSent(3_000);
        assertEquals(4_000, w.rwnd());
        w.onSack(9_000, 3_000);
        assertEquals(6_000, w.rwnd(), "a_rwnd minus what is still outstanding");
    }

    @Test
    void addsBackChunksMarkedForRetransmission() {
        PeerReceiveWindow w = new PeerReceiveWindow(5_000);
        w.onDataSent(5_000);
        assertTrue(w.isZeroWindow());
        w.onMarkedForRetransmission(1_000);
        assertEquals(1_000, w.rwnd());
    }

    @Test
    void neverGoesNegative() {
        PeerReceiveWindow w = new PeerReceiveWindow(1_000);
        w.onDataSent(5_000);
        assertEquals(0, w.rwnd());
        w.onSack(1_000, 4_000);
        assertEquals(0, w.rwnd());
    }

    @Test
    void allowsOneZeroWindowProbeWhenNothingIsInFlight() {
        PeerReceiveWindow w = new PeerReceiveWindow(0);
        assertTrue(w.isZeroWindow());
        assertTrue(w.canSend(1_000, 0), "probe");
        assertFalse(w.canSend(1_000, 1_000), "only one chunk in flight");
        w.onSack(2_000, 0);
        assertTrue(w.canSend(2_000, 500));
        assertFalse(w.canSend(2_001, 500));
    }

    @Test
    void rejectsAnARwndOutsideThirtyTwoBits() {
        assertEquals("a_rwnd: -1 (expected: 0 <= a_rwnd <= 4294967295)",
                assertThrows(IllegalArgumentException.class, () -> new PeerReceiveWindow(-1)).getMessage());
        PeerReceiveWindow w = new PeerReceiveWindow(PeerReceiveWindow.MAX_A_RWND);
        assertThrows(IllegalArgumentException.class, () -> w.onSack(1L << 32, 0));
        w.onMarkedForRetransmission(10);
        assertEquals(PeerReceiveWindow.MAX_A_RWND, w.rwnd());
    }
}
