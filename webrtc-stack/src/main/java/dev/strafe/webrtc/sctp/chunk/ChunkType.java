package dev.strafe.webrtc.sctp.chunk;

/**
 * Chunk type codes (RFC 9260 §3.2, RFC 3758 §3.2, RFC 6525 §3.1). Unknown codes map to {@link #UNKNOWN}.
 *
 * <p>The two high bits of an unknown type say what a receiver does (RFC 9260 §3.2):
 * <pre>
 * 00 - Stop processing this SCTP packet; discard the unrecognized chunk and all further chunks.
 * 01 - Stop processing this SCTP packet, discard the unrecognized chunk and all further chunks,
 *      and report the unrecognized chunk in an ERROR chunk using the 'Unrecognized Chunk Type' cause.
 * 10 - Skip this chunk and continue processing.
 * 11 - Skip this chunk and continue processing, but report in an ERROR chunk using the
 *      'Unrecognized Chunk Type' cause.
 * </pre>
 */
public enum ChunkType {
    DATA(0), INIT(1), INIT_ACK(2), SACK(3), HEARTBEAT(4), HEARTBEAT_ACK(5), ABORT(6), SHUTDOWN(7),
    SHUTDOWN_ACK(8), ERROR(9), COOKIE_ECHO(10), COOKIE_ACK(11), SHUTDOWN_COMPLETE(14), RE_CONFIG(130),
    FORWARD_TSN(192), UNKNOWN(-1);

    private final int code;

    ChunkType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ChunkType of(int code) {
        return switch (code) {
            case 0 -> DATA;
            case 1 -> INIT;
            case 2 -> INIT_ACK;
            case 3 -> SACK;
            case 4 -> HEARTBEAT;
            case 5 -> HEARTBEAT_ACK;
            case 6 -> ABORT;
            case 7 -> SHUTDOWN;
            case 8 -> SHUTDOWN_ACK;
            case 9 -> ERROR;
            case 10 -> COOKIE_ECHO;
            case 11 -> COOKIE_ACK;
            case 14 -> SHUTDOWN_COMPLETE;
            case 130 -> RE_CONFIG;
            case 192 -> FORWARD_TSN;
            default -> UNKNOWN;
        };
    }
}
