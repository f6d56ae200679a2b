package dev.strafe.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.NamedGroup;
import org.junit.jupiter.api.Test;

class HandshakeRehearsalTest {

    private static final DtlsCertificate SERVER = DtlsCertificate.generate();
    private static final DtlsCertificate CLIENT = DtlsCertificate.generate();

    @Test
    void completesHandshakesOnTheOfferedGroupUntilTheDeadline() throws Exception {
        HandshakeRehearsal r = new HandshakeRehearsal(SERVER, CLIENT, NamedGroup.secp256r1);
        int done = r.runUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(800), 2);
        assertTrue(done >= 2, "handshakes: " + done);
    }

    /** The client offers only the given group: one the server does not accept fails the rehearsal loudly. */
    @Test
    void aGroupTheServerRefusesFailsInsteadOfFallingBack() {
        HandshakeRehearsal r = new HandshakeRehearsal(SERVER, CLIENT, NamedGroup.secp384r1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> r.runUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200), 1));
        assertTrue(e.getMessage().contains("failed"), e.getMessage());
    }

    @Test
    void boundsTheHandshakesInFlight() {
        HandshakeRehearsal r = new HandshakeRehearsal(SERVER, CLIENT, NamedGroup.secp256r1);
        assertThrows(IllegalArgumentException.class, () -> r.runUntil(System.nanoTime(), 0));
        assertThrows(IllegalArgumentException.class, () -> r.runUntil(System.nanoTime(), 65));
    }
}
