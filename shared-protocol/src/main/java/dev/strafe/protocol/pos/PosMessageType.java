package dev.strafe.protocol.pos;

/**
 * The {@code type} byte of a {@code pos} channel message header. Unknown codes map to {@link #UNKNOWN}
 * (the edge counts and drops them); decoders of a specific message reject any other type.
 */
public enum PosMessageType {
    /** Client to server: {@link Input}. */
    INPUT(1),
    /** Server to client: {@link SnapshotState} delta, see {@link SnapshotDecoder}. */
    SNAPSHOT(2),
    /** Any other code. */
    UNKNOWN(-1);

    private final int code;

    PosMessageType(int code) {
        this.code = code;
    }

    /** The wire code (-1 for {@link #UNKNOWN}). */
    public int code() {
        return code;
    }

    public static PosMessageType of(int code) {
        return switch (code) {
            case 1 -> INPUT;
            case 2 -> SNAPSHOT;
            default -> UNKNOWN;
        };
    }
}
