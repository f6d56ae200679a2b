package dev.strafe.webrtc.sctp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.strafe.webrtc.sctp.SctpPair.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 9260 §6.3.1 C5: an RTT sample from TSN r is taken only if r was sent once (Karn) and no chunk with a
 * TSN <= r was retransmitted since r was first sent. Without the second half, a chunk whose SACKs were
 * held back by an earlier loss yields a sample of several RTOs and SRTT drifts to hundreds of ms.
 */
class SctpRttSamplingTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void srttStaysNearThePathRttAtThirtyPercentLoss(long seed) {
        SctpPair q = new SctpPair(seed);
        q.bridge.delay(10 * MS); // 20 ms round trip
        assertTrue(q.connect(), () -> q.a + " / " + q.b);
        q.bridge.loss(0.3);
        byte[] m = new byte[1024];
        long maxSrtt = 0;
        int accepted = 0;
        for (int round = 0; round < 400; round++) {
            while (q.a.bufferedAmount(0) < 64 * 1024
                    && q.a.send(0, 53, m, 0, m.length, false, SctpTransport.RELIABLE, SctpTransport.NO_LIFETIME, q.now()) == SendStatus.ACCEPTED) {
                accepted++;
            }
            q.bridge.runFor(50 * MS);
            maxSrtt = Math.max(maxSrtt, q.a.srttNanos());
        }
        assertTrue(q.bridge.runUntil(() -> q.a.bufferedAmount(0) == 0, 3_600_000 * MS), () -> q.a + " / " + q.b);
        assertEquals(accepted, q.rb.messages.size());
        long srtt = q.a.srttNanos();
        assertTrue(srtt >= 15 * MS && srtt <= 40 * MS, "SRTT " + srtt / MS + " ms on a 20 ms path");
        assertTrue(maxSrtt <= 60 * MS, "SRTT peaked at " + maxSrtt / MS + " ms on a 20 ms path");
    }
}
