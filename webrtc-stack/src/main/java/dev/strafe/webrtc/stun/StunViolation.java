package dev.strafe.webrtc.stun;

/** Why a datagram was rejected as STUN (RFC 8489 §6.3 "the agent MUST ... discard"). Counted, never thrown on the hot path. */
public enum StunViolation {
    /** Shorter than the 20-byte header. */
    TOO_SHORT,
    /** First two bits not zero or magic cookie not 0x2112A442: not STUN at all (RFC 7983 demux). */
    NOT_STUN,
    /** Message length field not a multiple of 4 or not equal to the datagram length minus 20. */
    LENGTH_MISMATCH,
    /** An attribute's length runs past the end of the message. */
    ATTRIBUTE_TRUNCATED,
    /** More attributes than the configured bound. */
    TOO_MANY_ATTRIBUTES,
    /** An attribute follows FINGERPRINT, which MUST be last (RFC 8489 §14.7). */
    FINGERPRINT_NOT_LAST,
    /** FINGERPRINT value does not match CRC-32 of the message XOR 0x5354554E. */
    FINGERPRINT_MISMATCH,
    /** A known attribute whose value breaks its format (wrong fixed length, bad address family, too long text). */
    BAD_ATTRIBUTE_VALUE
}
