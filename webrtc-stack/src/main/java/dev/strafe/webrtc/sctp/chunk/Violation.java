package dev.strafe.webrtc.sctp.chunk;

/**
 * A chunk that parsed but breaks an RFC rule. {@code abort} says whether the RFC requires the
 * association to be aborted (with {@code cause} as the Protocol Violation text) or only the chunk/packet
 * to be discarded.
 */
public record Violation(boolean abort, String cause) {
}
