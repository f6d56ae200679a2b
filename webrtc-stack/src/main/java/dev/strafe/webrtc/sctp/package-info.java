/**
 * SCTP for WebRTC data channels (RFC 9260, RFC 3758 PR-SCTP, RFC 6525 stream reset, RFC 8261 over DTLS),
 * sans-IO: {@link dev.strafe.webrtc.sctp.SctpAssociation} takes {@code (packet bytes, nowNanos)} and
 * gives back packets ({@code poll}), a deadline ({@code nextDeadline}) and {@link
 * dev.strafe.webrtc.sctp.SctpListener} events. No sockets, threads, sleeps or wall clock; randomness
 * (verification tags, initial TSNs, cookie secret) comes from an injected {@code RandomGenerator}.
 *
 * <h2>Receiver obligations</h2>
 * Checked for every received packet before any of its chunks is applied (the whole packet is rejected,
 * counted in {@code SctpMetrics.invalidPackets()}, never partly applied; nothing throws on peer input):
 * <ol>
 *   <li>length >= 12 and the CRC32c (RFC 9260 Appendix A, stored little-endian) matches;</li>
 *   <li>destination port equals {@code SctpConfig.localPort()};</li>
 *   <li>every chunk and parameter length is within the packet/chunk, >= its header, and matches its
 *       fixed layout (SACK counts, FORWARD TSN pairs, RE-CONFIG parameters...); padding is skipped;</li>
 *   <li>every chunk passes {@code Chunk.check()}: DATA without user data aborts (No User Data); INIT
 *       with tag 0 or zero streams, INIT ACK without State Cookie, SACK gap start > end are dropped;</li>
 *   <li>verification tag (RFC 9260 §8.5): INIT alone with tag 0; ABORT and SHUTDOWN COMPLETE match
 *       our tag (T=0) or the peer's (T=1); COOKIE ECHO matches the tag inside its HMAC-verified,
 *       unexpired cookie; everything else matches our tag;</li>
 *   <li>unknown chunk types follow their two high bits (stop/skip, report in ERROR); unknown INIT /
 *       INIT ACK parameters likewise (reported in Unrecognized Parameter / ERROR); e.g. Zero Checksum
 *       Acceptable (0x8001) is skipped silently.</li>
 * </ol>
 * Limits (all in {@link dev.strafe.webrtc.sctp.SctpConfig}): message size, reassembly bytes (also the
 * advertised a_rwnd: DATA that does not fit is dropped unacknowledged), send buffer (send refuses with
 * {@code BUFFER_FULL}), streams, tracked TSN window (65,535), control-chunk and reply queues.
 */
package dev.strafe.webrtc.sctp;
