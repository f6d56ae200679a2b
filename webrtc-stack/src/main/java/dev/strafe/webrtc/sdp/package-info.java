/**
 * SDP offer/answer for data-only WebRTC sessions: {@link dev.strafe.webrtc.sdp.SdpParser} reads a browser's
 * offer (or, in the Java client, the server's answer) into a {@link dev.strafe.webrtc.sdp.SessionDescription};
 * {@link dev.strafe.webrtc.sdp.SdpAnswerer} writes the ICE-lite answer; {@link dev.strafe.webrtc.sdp.SdpOfferer}
 * writes the Java client's offer.
 *
 * <p>Receiver obligations (what a description must satisfy to be served):
 * <ul>
 *   <li>RFC 8866 §5: first line {@code v=0}; every line {@code <a..z>=<value>}; at most 64 KiB in total.</li>
 *   <li>RFC 8841 §5: one {@code m=application} section with {@code UDP/DTLS/SCTP webrtc-datachannel} (or the
 *       legacy {@code DTLS/SCTP <port>} + {@code a=sctpmap}) and a non-zero port (or {@code a=bundle-only}).</li>
 *   <li>RFC 8839 §5.4: {@code a=ice-ufrag} (4..256 ice-chars) and {@code a=ice-pwd} (22..256) at media or
 *       session level.</li>
 *   <li>RFC 8122 §5: at least one {@code a=fingerprint}, of which one is {@code sha-256} (32 bytes).</li>
 *   <li>RFC 8842 §5.2: {@code a=setup} is not {@code holdconn} in an offer, and {@code active} or
 *       {@code passive} in an answer.</li>
 * </ul>
 * Anything else unknown is ignored (RFC 8866 §5.13). Violations raise one
 * {@link dev.strafe.webrtc.sdp.SdpException} naming the line; nothing is partially applied.
 */
package dev.strafe.webrtc.sdp;
