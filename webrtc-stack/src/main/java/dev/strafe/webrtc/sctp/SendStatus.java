package dev.strafe.webrtc.sctp;

/** Outcome of {@link SctpTransport#send}: anything but {@link #ACCEPTED} means the message was not queued. */
public enum SendStatus {
    ACCEPTED,
    /** The association is not (or no longer) established. */
    NOT_ESTABLISHED,
    /** Message larger than the max message size. */
    MESSAGE_TOO_LARGE,
    /** The association's send buffer limit would be exceeded; retry after onBufferedAmountLow. */
    BUFFER_FULL,
    /** Stream id out of the negotiated range, or the stream is being reset. */
    INVALID_STREAM
}
