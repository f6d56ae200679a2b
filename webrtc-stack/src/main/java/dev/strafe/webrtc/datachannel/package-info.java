/**
 * WebRTC data channels over SCTP (RFC 8831) with the Data Channel Establishment Protocol (RFC 8832).
 *
 * <p>Public API: {@link dev.strafe.webrtc.datachannel.DataChannel} (the browser's {@code RTCDataChannel}),
 * {@link dev.strafe.webrtc.datachannel.DataChannelInit} (its options),
 * {@link dev.strafe.webrtc.datachannel.DataChannelManager} (the channels of one association, wired by the
 * peer layer), {@link dev.strafe.webrtc.datachannel.DataChannelLimits},
 * {@link dev.strafe.webrtc.datachannel.DataChannelMetrics} and
 * {@link dev.strafe.webrtc.datachannel.DataChannelBufferFullException}. The wire types
 * ({@code DataChannelOpenMessage}, {@code DataChannelAckMessage}, {@code ChannelType},
 * {@code PayloadProtocolIdentifier}) are package-private.
 *
 * <h2>Receiver obligations</h2>
 * <ul>
 *   <li>RFC 8832 §6: on a DATA_CHANNEL_OPEN for a free stream of the peer's parity, create the channel and
 *       reply with DATA_CHANNEL_ACK on the same stream; the channel is then open in both directions.</li>
 *   <li>RFC 8832 §6: until the DATA_CHANNEL_ACK arrives, the initiator sends every message ordered.</li>
 *   <li>RFC 8832 §5: DCEP messages are sent reliably and ordered with PPID 50.</li>
 *   <li>RFC 8831 §6.6: empty messages are one zero byte with PPID 56/57 and are delivered empty.</li>
 *   <li>RFC 8831 §6.7: an incoming stream reset closes the channel; reset our outgoing stream in reply.
 *       The stream id is reusable once both directions are reset.</li>
 *   <li>STYLE #13: peer input never makes this layer throw; malformed or unexpected input is counted
 *       ({@link dev.strafe.webrtc.datachannel.DataChannelMetrics}) and dropped, a refused open is answered
 *       with a stream reset.</li>
 * </ul>
 */
package dev.strafe.webrtc.datachannel;
