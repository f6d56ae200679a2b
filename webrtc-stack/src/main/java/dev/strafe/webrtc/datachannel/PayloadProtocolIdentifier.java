package dev.strafe.webrtc.datachannel;

/**
 * SCTP Payload Protocol Identifiers used by WebRTC data channels (RFC 8831 §8, IANA "SCTP Payload
 * Protocol Identifiers"). The PPID of each SCTP user message says whether it is DCEP, text or binary.
 *
 * <pre>
 * +-------------------------------+----------+
 * | Value                         | SCTP PPID|
 * +-------------------------------+----------+
 * | WebRTC DCEP                   | 50       |
 * | WebRTC String                 | 51       |
 * | WebRTC Binary Partial (depr.) | 52       |
 * | WebRTC Binary                 | 53       |
 * | WebRTC String Partial (depr.) | 54       |
 * | WebRTC String Empty           | 56       |
 * | WebRTC Binary Empty           | 57       |
 * +-------------------------------+----------+
 * </pre>
 *
 * RFC 8831 §6.6: "SCTP does not support the sending of empty user messages. Therefore, if an empty message
 * has to be sent, the appropriate PPID (WebRTC String Empty or WebRTC Binary Empty) is used, and the SCTP
 * user message of one zero byte is sent." The deprecated partial PPIDs mark every fragment but the last
 * of a message split by old implementations; the last fragment carries 51 or 53.
 */
enum PayloadProtocolIdentifier {
    DCEP(50),
    WEBRTC_STRING(51),
    WEBRTC_BINARY_PARTIAL(52),
    WEBRTC_BINARY(53),
    WEBRTC_STRING_PARTIAL(54),
    WEBRTC_STRING_EMPTY(56),
    WEBRTC_BINARY_EMPTY(57),
    /** Any other PPID: not a data-channel message; dropped and counted. */
    UNKNOWN(-1);

    static final int PPID_DCEP = 50;
    static final int PPID_STRING = 51;
    static final int PPID_BINARY_PARTIAL = 52;
    static final int PPID_BINARY = 53;
    static final int PPID_STRING_PARTIAL = 54;
    static final int PPID_STRING_EMPTY = 56;
    static final int PPID_BINARY_EMPTY = 57;

    private final int value;

    PayloadProtocolIdentifier(int value) {
        this.value = value;
    }

    /** The PPID on the wire; {@code -1} for {@link #UNKNOWN}. */
    int value() {
        return value;
    }

    /** Maps a PPID (any 32-bit value) without allocating; unassigned values give {@link #UNKNOWN}. */
    static PayloadProtocolIdentifier of(int ppid) {
        return switch (ppid) {
            case PPID_DCEP -> DCEP;
            case PPID_STRING -> WEBRTC_STRING;
            case PPID_BINARY_PARTIAL -> WEBRTC_BINARY_PARTIAL;
            case PPID_BINARY -> WEBRTC_BINARY;
            case PPID_STRING_PARTIAL -> WEBRTC_STRING_PARTIAL;
            case PPID_STRING_EMPTY -> WEBRTC_STRING_EMPTY;
            case PPID_BINARY_EMPTY -> WEBRTC_BINARY_EMPTY;
            default -> UNKNOWN;
        };
    }

    /** The IANA name, e.g. "WebRTC String Empty". */
    @Override
    public String toString() {
        return switch (this) {
            case DCEP -> "WebRTC DCEP";
            case WEBRTC_STRING -> "WebRTC String";
            case WEBRTC_BINARY_PARTIAL -> "WebRTC Binary Partial (deprecated)";
            case WEBRTC_BINARY -> "WebRTC Binary";
            case WEBRTC_STRING_PARTIAL -> "WebRTC String Partial (deprecated)";
            case WEBRTC_STRING_EMPTY -> "WebRTC String Empty";
            case WEBRTC_BINARY_EMPTY -> "WebRTC Binary Empty";
            case UNKNOWN -> "UNKNOWN";
        };
    }
}
