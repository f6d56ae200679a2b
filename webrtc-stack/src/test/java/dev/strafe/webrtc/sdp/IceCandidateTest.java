package dev.strafe.webrtc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IceCandidateTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "candidate:1545565737 1 udp 2122260223 127.0.0.1 48484 typ host generation 0 network-id 1 network-cost 50",
            "candidate:2729812669 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active generation 0 network-id 1 network-cost 50",
            "candidate:2 1 udp 1686052863 198.51.100.7 54321 typ srflx raddr 127.0.0.1 rport 54321",
            "candidate:3 2 udp 41885439 203.0.113.9 3478 typ relay raddr 198.51.100.7 rport 54321 generation 0",
            "candidate:842163049 1 udp 1677729535 2ee7e2f0-5a21-4d0c-9d3a-3f3c4b1d5e6f.local 61203 typ host generation 0",
            "candidate:a+/B 1 udp 1 ::1 1 typ host",
    })
    void roundTripsCandidateLines(String line) throws SdpException {
        assertEquals(line, IceCandidate.parse(line).toSdpValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"candidate:0 1 UDP 2122252543 127.0.0.1 54321 typ host"})
    void normalizesTransportToLowerCase(String line) throws SdpException {
        assertEquals("udp", IceCandidate.parse(line).transport());
    }
}
