package dev.strafe.webrtc.sctp;

import dev.strafe.webrtc.sctp.chunk.Chunk;
import dev.strafe.webrtc.sctp.chunk.CookieAckChunk;
import dev.strafe.webrtc.sctp.chunk.InitAckChunk;
import dev.strafe.webrtc.sctp.chunk.InitChunk;
import dev.strafe.webrtc.sctp.chunk.MalformedChunkException;
import dev.strafe.webrtc.sctp.chunk.ShutdownAckChunk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 9260 §5.2.2 / §5.2.4 case A: a peer that lost its state (its SCTP stack restarted) sends a new INIT
 * with a new tag to our established association. We answer with an INIT ACK (new tag, the current tags as
 * tie-tags in the cookie) without disturbing the association; its COOKIE ECHO then restarts the association
 * with the new tags, reported through {@link SctpListener#onAssociationRestarted}.
 */
class SctpRestartTest {

    private final byte[] buf = new byte[1500];
    private final SctpPair.Recorder ra = new SctpPair.Recorder("A");
    private final SctpPair.Recorder rb = new SctpPair.Recorder("B");
    private SctpAssociation a;
    private SctpAssociation b;
    private long now = 1_000_000_000L;

    /** Moves packets both ways until both are quiet (timers are not needed here). */
    private void pump(SctpAssociation x, SctpAssociation y) {
        for (int guard = 0; guard < 10_000; guard++) {
            boolean moved = false;
            int n;
            while ((n = x.poll(buf, 0, now)) > 0) {
                y.handle(buf, 0, n, now);
                moved = true;
            }
            while ((n = y.poll(buf, 0, now)) > 0) {
                x.handle(buf, 0, n, now);
                moved = true;
            }
            if (!moved) {
                return;
            }
        }
    }

    private static List<Chunk> chunks(byte[] d, int n) {
        try {
            return SctpPacket.decode(d, 0, n).chunks();
        } catch (MalformedChunkException e) {
            throw new AssertionError(e);
        }
    }

    private static void send(SctpAssociation s, int stream, int size, long now) {
        assertEquals(SendStatus.ACCEPTED, s.send(stream, 53, new byte[size], 0, size, false, SctpTransport.RELIABLE,
                SctpTransport.NO_LIFETIME, now));
    }

    @BeforeEach
    void establish() {
        a = new SctpAssociation(SctpConfig.defaults(), new SplittableRandom(80), ra);
        b = new SctpAssociation(SctpConfig.defaults(), new SplittableRandom(81), rb);
        a.connect(now);
        pump(a, b);
        assertEquals(SctpAssociation.State.ESTABLISHED, a.state());
        send(a, 0, 100, now);
        send(a, 0, 100, now);
        pump(a, b);
        assertEquals(2, rb.messages.size());
    }

    @Test
    void answersAnInitOnAnEstablishedAssociationWithoutDisturbingIt() {
        SctpAssociation stranger = new SctpAssociation(SctpConfig.defaults(), new SplittableRandom(82), new SctpPair.Recorder("C"));
        stranger.connect(now);
        int n = stranger.poll(buf, 0, now);
        InitChunk init = (InitChunk) chunks(buf, n).getFirst();
        a.handle(buf, 0, n, now);
        n = a.poll(buf, 0, now);
        assertEquals(init.initiateTag(), SctpPacket.verificationTag(buf, 0), "INIT ACK tagged with the INIT's tag");
        InitAckChunk ack = assertInstanceOf(InitAckChunk.class, chunks(buf, n).getFirst());
        assertNotEquals(0, ack.initiateTag());
        // no COOKIE ECHO follows: the association with b goes on as before
        assertEquals(SctpAssociation.State.ESTABLISHED, a.state());
        send(a, 0, 100, now);
        send(b, 1, 50, now);
        pump(a, b);
        assertEquals(3, rb.messages.size());
        assertEquals(1, ra.messages.size());
        assertEquals(0, ra.restarts);
        assertNull(ra.lost);
    }

    @Test
    void restartsWhenTheRestartedPeersCookieEchoArrives() {
        send(a, 0, 100, now); // queued, never sent to the old peer: dropped by the restart
        SctpPair.Recorder rb2 = new SctpPair.Recorder("B2");
        SctpAssociation b2 = new SctpAssociation(SctpConfig.defaults(), new SplittableRandom(83), rb2);
        b2.connect(now);
        int n = b2.poll(buf, 0, now);
        a.handle(buf, 0, n, now);                    // INIT
        n = a.poll(buf, 0, now);
        b2.handle(buf, 0, n, now);                   // INIT ACK
        n = b2.poll(buf, 0, now);
        a.handle(buf, 0, n, now);                    // COOKIE ECHO
        assertEquals(1, ra.restarts);
        assertEquals(1, a.metrics().restarts());
        assertEquals(SctpAssociation.State.ESTABLISHED, a.state());
        assertEquals(0, a.bufferedAmount(0), "what was queued for the old peer is gone");
        n = a.poll(buf, 0, now);
        assertInstanceOf(CookieAckChunk.class, chunks(buf, n).getFirst());
        b2.handle(buf, 0, n, now);
        assertEquals(SctpAssociation.State.ESTABLISHED, b2.state());
        // both directions work with fresh TSNs and SSNs (an SSN above 0 would be held back by the new peer)
        send(a, 0, 300, now);
        send(b2, 0, 200, now);
        pump(a, b2);
        assertEquals(1, rb2.messages.size());
        assertEquals(300, rb2.messages.getFirst().data().length);
        assertEquals(1, ra.messages.size());
        assertNull(ra.lost);
        assertNull(rb2.lost);
        assertEquals(1, ra.restarts, "reported once");
    }

    @Test
    void answersAnInitInShutdownAckSentWithTheShutdownAck() {
        b.shutdown(now);
        int n = b.poll(buf, 0, now);
        a.handle(buf, 0, n, now);                    // SHUTDOWN: a answers SHUTDOWN ACK, which we lose
        assertTrue(a.poll(buf, 0, now) > 0);
        assertEquals(SctpAssociation.State.SHUTDOWN_ACK_SENT, a.state());
        SctpAssociation c = new SctpAssociation(SctpConfig.defaults(), new SplittableRandom(85), new SctpPair.Recorder("C"));
        c.connect(now);
        n = c.poll(buf, 0, now);
        a.handle(buf, 0, n, now);                    // INIT (e.g. the peer restarting after losing SHUTDOWN ACK)
        n = a.poll(buf, 0, now);
        assertInstanceOf(ShutdownAckChunk.class, chunks(buf, n).getFirst(), "§9.2: discard the INIT, resend SHUTDOWN ACK");
        assertEquals(SctpAssociation.State.SHUTDOWN_ACK_SENT, a.state());
        assertEquals(0, ra.restarts);
    }

    @Test
    void refusesAStaleRestartCookie() {
        // a restart whose COOKIE ECHO arrives after the cookie lifetime: Stale Cookie error, no restart
        SctpAssociation c = new SctpAssociation(SctpConfig.defaults(), new SplittableRandom(84), new SctpPair.Recorder("C"));
        c.connect(now);
        int n = c.poll(buf, 0, now);
        a.handle(buf, 0, n, now);
        n = a.poll(buf, 0, now);
        c.handle(buf, 0, n, now);
        byte[] echo = new byte[1500];
        int echoLength = c.poll(echo, 0, now);
        now += SctpConfig.defaults().cookieLifetimeNanos() + 1;
        a.handle(echo, 0, echoLength, now); // too old: refused with Stale Cookie, no restart
        assertEquals(0, ra.restarts);
        assertEquals(SctpAssociation.State.ESTABLISHED, a.state());
    }
}
