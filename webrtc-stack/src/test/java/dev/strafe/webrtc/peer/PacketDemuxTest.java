package dev.strafe.webrtc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strafe.webrtc.peer.PacketDemux.Route;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PacketDemuxTest {

    @ParameterizedTest(name = "first byte {0} -> {1} ({2})")
    @CsvSource({
        "0,   STUN, binding request high bits",
        "1,   STUN, binding response / indication",
        "3,   STUN, last STUN value",
        "4,   DROP, just above STUN",
        "16,  DROP, ZRTP",
        "19,  DROP, ZRTP upper bound",
        "20,  DTLS, change_cipher_spec",
        "22,  DTLS, handshake",
        "23,  DTLS, application_data",
        "63,  DTLS, last DTLS value",
        "64,  DROP, TURN channel",
        "127, DROP, unassigned",
        "128, DROP, RTP/RTCP",
        "191, DROP, RTP upper bound",
        "255, DROP, unassigned top",
    })
    void routesByFirstByteAsRfc7983(int first, Route expected, String why) {
        assertEquals(expected, PacketDemux.route((byte) first), why);
        assertEquals(expected, PacketDemux.route(new byte[] {9, (byte) first, 0}, 1, 2), why);
    }

    @Test
    void dropsEmptyDatagram() {
        assertEquals(Route.DROP, PacketDemux.route(new byte[4], 2, 0));
    }
}
