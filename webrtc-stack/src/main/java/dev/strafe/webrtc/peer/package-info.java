/**
 * The peer layer: one remote peer assembled from the protocol layers, the UDP endpoint and its demux. So far:
 * {@link dev.strafe.webrtc.peer.TimerWheel}, the per-event-loop timer for thousands of peers' deadlines.
 */
package dev.strafe.webrtc.peer;
