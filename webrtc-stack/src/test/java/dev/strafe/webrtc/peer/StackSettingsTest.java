package dev.strafe.webrtc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StackSettingsTest {

    @Test
    void defaultsAreLoopbackOnlyWithWebRtcSizes() {
        StackSettings s = StackSettings.defaults();
        assertEquals("127.0.0.1", s.bindHost());
        assertEquals("127.0.0.1", s.advertisedAddress());
        assertEquals(1200, s.mtu());
        assertEquals(256 * 1024, s.maxMessageSize());
        assertTrue(s.allows(new byte[] {127, 0, 0, 1}));
        assertTrue(s.allows(new byte[] {127, 9, 8, 7}));
        assertFalse(s.allows(new byte[] {10, 0, 0, 1}), "deny by default outside loopback");
    }

    @Test
    void advertisedAddressDefaultsToBindHostAndCanBeSetForNat() {
        StackSettings s = StackSettings.builder().bindHost("0.0.0.0").advertisedAddress("203.0.113.7").build();
        assertEquals("203.0.113.7", s.advertisedAddress());
    }

    static java.util.stream.Stream<Arguments> invalid() {
        return java.util.stream.Stream.of(
            Arguments.of("mtu too large", (UnaryOperator<StackSettings.Builder>) b -> b.mtu(70000), "mtu: 70000 (expected: 576..9000)"),
            Arguments.of("port out of range", (UnaryOperator<StackSettings.Builder>) b -> b.bindPort(70000), "bindPort: 70000 (expected: 0..65535)"),
            Arguments.of("host name instead of literal", (UnaryOperator<StackSettings.Builder>) b -> b.bindHost("localhost"), "bindHost: \"localhost\" (expected: an IP literal)"),
            Arguments.of("wildcard bind without advertised address", (UnaryOperator<StackSettings.Builder>) b -> b.bindHost("0.0.0.0"), "advertisedAddress: 0.0.0.0"),
            Arguments.of("zero peers", (UnaryOperator<StackSettings.Builder>) b -> b.maxPeers(0), "maxPeers: 0 (expected: 1..1000000)"),
            Arguments.of("no networks", (UnaryOperator<StackSettings.Builder>) b -> b.allowedRemoteNetworks(), "allowedRemoteNetworks: []"),
            Arguments.of("bad cidr", (UnaryOperator<StackSettings.Builder>) b -> b.allowedRemoteNetworks("10.0.0.0/33"), "prefix length: 33 (expected: 0..32)"),
            Arguments.of("zero timeout", (UnaryOperator<StackSettings.Builder>) b -> b.handshakeTimeout(Duration.ZERO), "handshakeTimeout: PT0S"),
            Arguments.of("failed before disconnected", (UnaryOperator<StackSettings.Builder>) b -> b.iceFailedTimeout(Duration.ofSeconds(1)), "iceFailedTimeout: PT1S"),
            Arguments.of("rto initial below min", (UnaryOperator<StackSettings.Builder>) b -> b.sctpRtoInitial(Duration.ofMillis(10)), "sctpRtoInitial: PT0.01S"),
            // more than Max.Burst (4) packets per SACK starves a sender that bursts four packets per SACK
            Arguments.of("SACK rarer than Max.Burst", (UnaryOperator<StackSettings.Builder>) b -> b.sctpSackEveryPackets(8), "sctpSackEveryPackets: 8 (expected: 2..4)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsWithTheNameAndBoundOfTheWrongValue(String name, UnaryOperator<StackSettings.Builder> edit, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> edit.apply(StackSettings.builder()).build());
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void cidrFilterMatchesPrefixBitsOfTheSameFamily() throws Exception {
        IpNetwork n = IpNetwork.parse("172.16.0.0/12");
        assertTrue(n.contains(InetAddress.getByName("172.31.255.255")));
        assertFalse(n.contains(InetAddress.getByName("172.32.0.0")));
        assertFalse(n.contains(InetAddress.getByName("::1")), "IPv6 never matches an IPv4 block");
        assertTrue(IpNetwork.parse("0.0.0.0/0").contains(InetAddress.getByName("198.51.100.1")));
        assertTrue(IpNetwork.parse("fc00::/7").contains(InetAddress.getByName("fd12::1")));
        assertTrue(IpNetwork.parse("10.1.2.3").contains(InetAddress.getByName("10.1.2.3")), "bare address is /32");
        assertEquals("172.16.0.0/12", n.toString());
    }
}
