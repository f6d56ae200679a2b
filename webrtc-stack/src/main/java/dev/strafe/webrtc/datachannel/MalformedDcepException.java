package dev.strafe.webrtc.datachannel;

/**
 * A DCEP message (RFC 8832 §5) that cannot be parsed: too short, lengths that do not match the buffer,
 * an unknown message type or text that is not UTF-8. Thrown only by the decoders; the data-channel layer
 * catches it, counts it in {@link DataChannelMetrics#dcepErrors()} and drops the message (a bad peer never
 * makes the stack throw).
 */
final class MalformedDcepException extends Exception {

    MalformedDcepException(String message) {
        super(message);
    }
}
