/**
 * SCTP TLV parameters (INIT, INIT ACK, HEARTBEAT, RE-CONFIG) behind {@code sealed interface Param}, plus
 * {@link dev.strafe.webrtc.sctp.param.ErrorCause} for ABORT/ERROR. Unknown types decode to
 * {@link dev.strafe.webrtc.sctp.param.UnknownParam}, whose high bits say skip/stop and report.
 */
package dev.strafe.webrtc.sctp.param;
