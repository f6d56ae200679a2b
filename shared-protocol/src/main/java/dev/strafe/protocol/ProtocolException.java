package dev.strafe.protocol;

/**
 * The one exception every Strafe decoder throws for malformed input: truncated, oversized, out-of-range,
 * unknown type or unknown version. The message says what was wrong and where, in the form
 * {@code "entity count: 129 (expected: <= 128) at offset 45"}; {@link #offset()} is the byte offset
 * relative to the start of the message ({@code -1} when no byte position applies, e.g. JSON).
 *
 * <p>Bad peer input is expected on the network edge, so the exception is cheap: it records no stack
 * trace (the message and offset identify the fault; a stack would only show the decoder itself).
 */
public final class ProtocolException extends RuntimeException {

    private final int offset;

    public ProtocolException(String message, int offset) {
        super(offset >= 0 ? message + " at offset " + offset : message, null, false, false);
        this.offset = offset;
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause, false, false);
        this.offset = -1;
    }

    /** Byte offset of the faulty field relative to the message start, or -1. */
    public int offset() {
        return offset;
    }

    /** {@code "<field>: <value> (expected: <constraint>) at offset <offset>"}. */
    public static ProtocolException outOfRange(String field, long value, String expected, int offset) {
        return new ProtocolException(field + ": " + value + " (expected: " + expected + ")", offset);
    }
}
