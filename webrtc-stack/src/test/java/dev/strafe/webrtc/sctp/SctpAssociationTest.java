package dev.strafe.webrtc.sctp;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.strafe.webrtc.sctp.SctpPair.MS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SctpAssociationTest {

    @Test
    void establishesAndExchangesMessagesBothWays() {
        SctpPair p = new SctpPair(1);
        assertTrue(p.connect(), () -> p.a + " / " + p.b);
        assertEquals(SctpAssociation.State.ESTABLISHED, p.a.state());
        byte[] hello = "hello".getBytes();
        assertEquals(SendStatus.ACCEPTED, p.a.send(1, 51, hello, 0, hello.length, false, SctpTransport.RELIABLE, SctpTransport.NO_LIFETIME, p.now()));
        assertEquals(SendStatus.ACCEPTED, p.b.send(2, 53, new byte[]{9}, 0, 1, true, 0, SctpTransport.NO_LIFETIME, p.now()));
        assertTrue(p.bridge.runUntil(() -> p.rb.messages.size() == 1 && p.ra.messages.size() == 1, 10_000 * MS));
        assertArrayEquals(hello, p.rb.messages.getFirst().data());
        assertEquals(51, p.rb.messages.getFirst().ppid());
        assertEquals(2, p.ra.messages.getFirst().streamId());
        assertTrue(p.ra.messages.getFirst().unordered());
        assertTrue(p.bridge.runUntil(() -> p.a.bufferedAmount(1) == 0, 10_000 * MS));
    }

    @Test
    void establishesWithSimultaneousInit() {
        SctpPair p = new SctpPair(2);
        assertTrue(p.connectBoth(), () -> p.a + " / " + p.b);
        byte[] big = new byte[100_000];
        Arrays.fill(big, (byte) 7);
        p.a.send(0, 53, big, 0, big.length, false, SctpTransport.RELIABLE, SctpTransport.NO_LIFETIME, p.now());
        p.b.send(1, 53, big, 0, big.length, false, SctpTransport.RELIABLE, SctpTransport.NO_LIFETIME, p.now());
        assertTrue(p.bridge.runUntil(() -> p.rb.messages.size() == 1 && p.ra.messages.size() == 1, 10_000 * MS), () -> p.a + " / " + p.b);
        assertArrayEquals(big, p.rb.messages.getFirst().data());
        assertNull(p.ra.lost);
    }

    @Test
    void detectsAssociationLossWhenPeerGoesSilent() {
        SctpPair p = new SctpPair(3);
        assertTrue(p.connect());
        p.bridge.bToA().filter(d -> false);
        p.bridge.aToB().filter(d -> false);
        p.a.send(0, 53, new byte[10], 0, 10, false, SctpTransport.RELIABLE, SctpTransport.NO_LIFETIME, p.now());
        assertTrue(p.bridge.runUntil(() -> p.ra.lost != null, 3_600_000 * MS));
        assertNotNull(p.ra.lost);
    }
}
