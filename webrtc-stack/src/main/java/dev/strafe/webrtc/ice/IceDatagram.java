package dev.strafe.webrtc.ice;

import java.net.InetSocketAddress;

/** A datagram an agent wants sent: bytes and destination (sans-IO output of {@link IceControllingAgent#poll()}). */
public record IceDatagram(byte[] data, InetSocketAddress destination) {
}
