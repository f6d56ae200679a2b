package dev.strafe.webrtc.sctp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;

import static dev.strafe.webrtc.sctp.SctpPair.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 3758 timed reliability on an ordered stream: messages whose lifetime ends while they wait behind a
 * closed congestion window are discarded without ever taking an SSN (SendQueue assigns it with the first
 * fragment), so the receiver's ordered stream never waits for an SSN that no DATA or FORWARD TSN carries.
 */
class SctpLifetimeTest {

    @ParameterizedTest(name = "loss {0}, seed {1}")
    @CsvSource({"0, 1", "0.1, 2", "0.3, 3"})
    void lifetimeLimitedOrderedMessagesExpiringBehindAClosedCwndNeverStallTheStream(double loss, long seed) {
        SctpPair q = new SctpPair(seed);
        q.bridge.delay(25 * MS).bandwidth(1_000_000);
        assertTrue(q.connect(), () -> q.a + " / " + q.b);
        q.bridge.loss(loss);
        int sent = 0;
        int reliable = 0;
        for (int burst = 0; burst < 20; burst++) {
            for (int i = 0; i < 40; i++) { // far more than the cwnd lets out before the lifetime ends
                byte[] m = new byte[1000];
                boolean timed = i % 8 != 7;
                ByteBuffer.wrap(m).putInt(0, sent++).put(4, (byte) (timed ? 1 : 0));
                assertEquals(SendStatus.ACCEPTED, q.a.send(0, 53, m, 0, m.length, false, SctpTransport.RELIABLE,
                        timed ? 20 * MS : SctpTransport.NO_LIFETIME, q.now()));
                reliable += timed ? 0 : 1;
            }
            q.bridge.runFor(100 * MS);
        }
        byte[] last = new byte[8];
        ByteBuffer.wrap(last).putInt(0, sent++);
        assertEquals(SendStatus.ACCEPTED, SctpAssociationBehaviourTest.sendReliable(q, q.a, 0, last));
        int expectedReliable = reliable + 1;
        assertTrue(q.bridge.runUntil(() -> q.rb.messages.stream().filter(m -> m.data()[4] == 0).count() == expectedReliable,
                600_000 * MS), () -> "stream stalled: " + q.rb.messages.size() + " delivered, " + q.a + " / " + q.b);
        assertTrue(q.rb.messages.size() < sent, "some timed messages expired");
        int previous = -1;
        for (SctpPair.Message m : q.rb.messages) {
            int index = ByteBuffer.wrap(m.data()).getInt(0);
            assertTrue(index > previous, "in order: " + index + " after " + previous);
            previous = index;
        }
        assertEquals(sent - 1, previous, "the last message came through");
        assertNull(q.ra.lost);
        assertNull(q.rb.lost);
    }
}
