package dev.strafe.webrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CongestionControllerTest {

    private static final int MTU = 1200;
    private static final long MS = 1_000_000L;

    private static CongestionController controller() {
        return new CongestionController(MTU, 1 << 20);
    }

    @ParameterizedTest(name = "MTU {0} -> initial cwnd {1}")
    @CsvSource({
            "1200, 4380",  // max(2400, 4380) = 4380 < 4800
            "1000, 4000",  // min(4000, 4380)
            "1500, 4380",
            "3000, 6000",  // max(6000, 4380) = 6000 < 12000
            "500,  2000",
    })
    void startsWithTheRfcInitialWindow(int mtu, long expected) {
        CongestionController cc = new CongestionController(mtu, 100_000);
        assertEquals(expected, cc.cwnd());
        assertEquals(100_000, cc.ssthresh());
        assertTrue(cc.inSlowStart());
    }

    @Test
    void slowStartGrowsByTheAckedBytesAtMostOneMtuPerSack() {
        CongestionController cc = controller();
        cc.onSack(500, true, 1, 4380, false);
        assertEquals(4880, cc.cwnd(), "lesser of acked bytes (500) and MTU");
        cc.onSack(3000, true, 2, 4880, false);
        assertEquals(6080, cc.cwnd(), "lesser of acked bytes (3000) and MTU (1200)");
    }

    @Test
    void slowStartDoesNotGrowWhenTheWindowWasNotFullyUsed() {
        CongestionController cc = controller();
        cc.onSack(1000, true, 1, 1000, true);
        assertEquals(4380, cc.cwnd());
    }

    @Test
    void slowStartDoesNotGrowWithoutCumulativeAckAdvance() {
        CongestionController cc = controller();
        cc.onSack(1200, false, 0, 4380, false);
        assertEquals(4380, cc.cwnd(), "gap-ack only");
    }

    @Test
    void congestionAvoidanceAddsOneMtuPerCwndOfAckedBytes() {
        CongestionController cc = new CongestionController(MTU, 4000); // cwnd 4380 > ssthresh 4000
        assertFalse(cc.inSlowStart());
        cc.onSack(2400, true, 1, 4380, false);
        assertEquals(4380, cc.cwnd());
        assertEquals(2400, cc.partialBytesAcked());
        cc.onSack(2400, true, 2, 4380, false);
        assertEquals(4380 + MTU, cc.cwnd());
        assertEquals(4800 - 4380, cc.partialBytesAcked());
    }

    @Test
    void congestionAvoidanceNeedsAFullFlightToGrow() {
        CongestionController cc = new CongestionController(MTU, 4000);
        cc.onSack(5000, true, 1, 3000, false);
        assertEquals(4380, cc.cwnd(), "flight was below cwnd");
        assertEquals(5000, cc.partialBytesAcked());
        cc.onSack(0, false, 1, 3000, true);
        assertEquals(0, cc.partialBytesAcked(), "all data acknowledged resets partial_bytes_acked");
    }

    @Test
    void t3TimeoutHalvesSsthreshAndCollapsesCwndToOneMtu() {
        CongestionController cc = controller();
        for (int i = 0; i < 20; i++) {
            cc.onSack(MTU, true, i, cc.cwnd(), false);
        }
        long before = cc.cwnd();
        assertEquals(4380 + 20 * MTU, before);
        cc.onT3Timeout();
        assertEquals(MTU, cc.cwnd());
        assertEquals(before / 2, cc.ssthresh());
        assertEquals(1, cc.t3Timeouts());
    }

    @Test
    void t3TimeoutKeepsSsthreshAtLeastFourMtu() {
        CongestionController cc = controller();
        cc.onT3Timeout();
        cc.onT3Timeout();
        assertEquals(4 * MTU, cc.ssthresh());
        assertEquals(MTU, cc.cwnd());
    }

    @Test
    void fastRetransmitEntersFastRecoveryOnceUntilTheExitPoint() {
        CongestionController cc = controller();
        for (int i = 0; i < 10; i++) {
            cc.onSack(MTU, true, i, cc.cwnd(), false);
        }
        long before = cc.cwnd(); // 16,380
        assertTrue(cc.onFastRetransmit(100));
        assertEquals(before / 2, cc.ssthresh());
        assertEquals(before / 2, cc.cwnd());
        assertTrue(cc.inFastRecovery());
        assertEquals(100, cc.fastRecoveryExitTsn());

        assertFalse(cc.onFastRetransmit(120), "no second reduction during Fast Recovery");
        assertEquals(before / 2, cc.cwnd());

        cc.onSack(MTU, true, 99, 20_000, false);
        assertTrue(cc.inFastRecovery());
        assertEquals(before / 2, cc.cwnd(), "no growth during Fast Recovery");

        cc.onSack(MTU, true, 100, 20_000, false);
        assertFalse(cc.inFastRecovery(), "exit point acknowledged");
        assertTrue(cc.onFastRetransmit(200), "a new loss event reduces again");
        assertEquals(2, cc.fastRecoveries());
    }

    @Test
    void fastRecoveryExitPointComparesAcrossTheTsnWrap() {
        CongestionController cc = controller();
        cc.onFastRetransmit(2);
        cc.onSack(100, true, 0xFFFF_FFFF, 10_000, false);
        assertTrue(cc.inFastRecovery());
        cc.onSack(100, true, 3, 10_000, false);
        assertFalse(cc.inFastRecovery());
    }

    @Test
    void t3TimeoutLeavesFastRecovery() {
        CongestionController cc = controller();
        cc.onFastRetransmit(50);
        cc.onT3Timeout();
        assertFalse(cc.inFastRecovery());
    }

    @Test
    void allowsOnePacketToExceedCwndByLessThanAnMtu() {
        CongestionController cc = controller(); // cwnd 4380
        assertEquals(4380 + MTU - 1, cc.availableWindow(0));
        assertTrue(cc.canSend(4000, MTU), "4000 < cwnd: one packet may breach up to cwnd + MTU - 1");
        assertEquals(4380 + MTU - 1 - 4000, cc.availableWindow(4000));
        assertFalse(cc.canSend(4380, 1), "flight reached cwnd");
        assertEquals(0, cc.availableWindow(4380));
        assertFalse(cc.canSend(4379, MTU + 1), "breach limited to MTU - 1");
    }

    @Test
    void idleDecayHalvesCwndPerRtoDownToFourMtu() {
        CongestionController cc = controller();
        for (int i = 0; i < 30; i++) {
            cc.onSack(MTU, true, i, cc.cwnd(), false);
        }
        assertEquals(4380 + 30 * MTU, cc.cwnd()); // 40,380
        cc.onDataSent(0);
        cc.onIdleCheck(999 * MS, 1_000 * MS);
        assertEquals(40_380, cc.cwnd(), "less than one RTO idle");
        cc.onIdleCheck(1_000 * MS, 1_000 * MS);
        assertEquals(20_190, cc.cwnd());
        cc.onIdleCheck(1_500 * MS, 1_000 * MS);
        assertEquals(20_190, cc.cwnd(), "second RTO not complete");
        cc.onIdleCheck(10_000 * MS, 1_000 * MS);
        assertEquals(4 * MTU, cc.cwnd());
    }

    @Test
    void idleDecayNeverRaisesCwnd() {
        CongestionController cc = controller();
        cc.onT3Timeout();
        cc.onDataSent(0);
        cc.onIdleCheck(100_000 * MS, 1_000 * MS);
        assertEquals(MTU, cc.cwnd());
    }

    @Test
    void rejectsInvalidParametersWithClearMessages() {
        assertEquals("mtu: 0 (expected: >= 1)",
                assertThrows(IllegalArgumentException.class, () -> new CongestionController(0, 1)).getMessage());
        assertEquals("initialSsthresh: 0 (expected: >= 1)",
                assertThrows(IllegalArgumentException.class, () -> new CongestionController(1200, 0)).getMessage());
        assertEquals("bytesNewlyAcked: -1 (expected: >= 0)", assertThrows(IllegalArgumentException.class,
                () -> controller().onSack(-1, true, 0, 0, false)).getMessage());
    }
}
