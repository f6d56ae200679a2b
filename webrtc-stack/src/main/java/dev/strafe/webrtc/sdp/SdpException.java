package dev.strafe.webrtc.sdp;

/**
 * An SDP that cannot be parsed or cannot be served. The message names the line (1-based, 0 when the problem
 * is not tied to one line) and what is wrong, e.g. {@code "line 7: a=setup: holdconn (expected: actpass,
 * active or passive)"}; it is meant to be returned to the signaling client as is.
 */
public final class SdpException extends Exception {

    private final int lineNumber;

    public SdpException(int lineNumber, String problem) {
        super(lineNumber > 0 ? "line " + lineNumber + ": " + problem : problem);
        this.lineNumber = lineNumber;
    }

    /** 1-based line of the offending SDP line, or 0 when the problem concerns the whole description. */
    public int lineNumber() {
        return lineNumber;
    }
}
