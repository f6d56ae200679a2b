/**
 * DTLS 1.2 (RFC 6347) for WebRTC data channels (RFC 8261, RFC 8827) on Bouncy Castle's {@code bctls}.
 * {@link dev.strafe.webrtc.dtls.DtlsEngine} holds what a node shares (certificate, crypto, cookie secret);
 * {@link dev.strafe.webrtc.dtls.DtlsSession} is one peer, driven from its owner thread (see its Javadoc for
 * the threading contract).
 *
 * <p>Receiver obligations:
 * <ul>
 *   <li>A datagram is a whole number of well-formed DTLS records (type 20..25, version 254.x, lengths that tile
 *       the datagram, at most {@link dev.strafe.webrtc.dtls.DtlsSettings#maxDatagramSize()} bytes), else it is
 *       dropped whole and counted.</li>
 *   <li>Records that fail AEAD authentication, replay or epoch checks are dropped and counted, never fatal.</li>
 *   <li>RFC 8122 §5 / RFC 8842 §5.1: the peer's end-entity certificate MUST hash (SHA-256) to the fingerprint
 *       of its SDP; the server MUST receive a client certificate (RFC 8827 §6.5). Otherwise the handshake
 *       fails with a fatal alert and a typed {@link dev.strafe.webrtc.dtls.DtlsCloseReason}.</li>
 *   <li>RFC 7627: the extended master secret extension is required in both roles.</li>
 *   <li>RFC 6347 §4.2.1: a server answers a ClientHello without a valid cookie with a HelloVerifyRequest and
 *       keeps no handshake state for it (fragmented ClientHellos excepted, see {@code DtlsSession}).</li>
 * </ul>
 */
package dev.strafe.webrtc.dtls;
