/**
 * ICE (RFC 8445) for a server on one shared UDP port: the ICE-lite responder
 * ({@link dev.strafe.webrtc.ice.IceLiteServer}, {@link dev.strafe.webrtc.ice.IceLiteAgent},
 * {@link dev.strafe.webrtc.ice.IceCredentialsRegistry}) with RFC 7675 consent freshness, and a controlling
 * client agent ({@link dev.strafe.webrtc.ice.IceControllingAgent}) for tests and load tests. Sans-IO: time is a
 * {@code long nowNanos} argument, randomness an injected {@link java.util.random.RandomGenerator}, output bytes in
 * caller buffers or {@link dev.strafe.webrtc.ice.IceDatagram}s.
 *
 * <p>Receiver obligations of the lite side (details in {@link dev.strafe.webrtc.ice.IceLiteServer}): nothing is
 * answered and no state is created before USERNAME, MESSAGE-INTEGRITY and FINGERPRINT verify; an answer is never
 * larger than its request; every dropped datagram is counted in {@link dev.strafe.webrtc.ice.IceLiteStats}.
 */
package dev.strafe.webrtc.ice;
