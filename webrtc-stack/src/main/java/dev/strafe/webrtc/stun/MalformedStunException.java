package dev.strafe.webrtc.stun;

/**
 * A datagram that is not a well-formed STUN message (RFC 8489 §5, §14): wrong header, a length that does not
 * add up, an attribute running past the end, a FINGERPRINT that does not match, an attribute value that breaks
 * its own format. The message says what and where, e.g. {@code "attribute length: 300 (expected: <= 196) at
 * offset 40"}.
 *
 * <p>Only the control path throws this; the hot path ({@link StunMessageView#tryWrap}) reports the same
 * {@link StunViolation} without an exception.
 */
public final class MalformedStunException extends Exception {

    private final StunViolation violation;

    public MalformedStunException(StunViolation violation, String message) {
        super(message);
        this.violation = violation;
    }

    /** Which rule the message broke. */
    public StunViolation violation() {
        return violation;
    }
}
