/**
 * STUN (RFC 8489) message codec, sans-IO: one class per wire element named after the RFC term.
 *
 * <p>Where a datagram enters: {@link dev.strafe.webrtc.stun.StunMessage#isStun} (demux, RFC 7983), then
 * {@link dev.strafe.webrtc.stun.StunMessageView#tryWrap} (hot path, no allocation) or
 * {@link dev.strafe.webrtc.stun.StunDecoder#decode} (objects). Output: {@link dev.strafe.webrtc.stun.StunWriter}
 * (hot path) or {@link dev.strafe.webrtc.stun.StunEncoder}.
 *
 * <p>Receiver obligations (RFC 8489 §6.3, §14), all checked before anything is used; a violation rejects the whole
 * datagram ({@link dev.strafe.webrtc.stun.StunViolation}):
 * <ol>
 *   <li>at least 20 bytes; the two most significant bits zero; magic cookie 0x2112A442;</li>
 *   <li>message length a multiple of 4 and equal to the datagram length minus 20;</li>
 *   <li>every attribute (header, value and padding) inside the message; at most a configured number of them;</li>
 *   <li>FINGERPRINT, if present, last and equal to CRC-32 XOR 0x5354554E of everything before it;</li>
 *   <li>fixed-size attributes exactly their size; variable ones within their RFC maximum (USERNAME 513, SOFTWARE
 *       and reason phrases 763 bytes); XOR-MAPPED-ADDRESS family 1 (8 bytes) or 2 (20 bytes);</li>
 *   <li>attributes after MESSAGE-INTEGRITY other than FINGERPRINT ignored; only the first of each type used;</li>
 *   <li>MESSAGE-INTEGRITY verified with HMAC-SHA1 over the message up to it, header length adjusted to end after
 *       it, compared in constant time;</li>
 *   <li>unknown comprehension-required attributes (0x0000-0x7FFF) in a request reported for a 420 answer; unknown
 *       optional ones ignored.</li>
 * </ol>
 */
package dev.strafe.webrtc.stun;
