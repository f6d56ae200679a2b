package dev.strafe.webrtc.datachannel;

/**
 * The "Channel Type" field of a DATA_CHANNEL_OPEN message (RFC 8832 §5.1, §8.2.2): the reliability and
 * ordering a data channel offers. Bit 0x80 means unordered; the low bits select the partial-reliability
 * policy and thereby how the "Reliability Parameter" is read.
 *
 * <pre>
 * +================================================+=======+
 * | Name                                           | Type  |
 * +================================================+=======+
 * | DATA_CHANNEL_RELIABLE                          | 0x00  |
 * | DATA_CHANNEL_RELIABLE_UNORDERED                | 0x80  |
 * | DATA_CHANNEL_PARTIAL_RELIABLE_REXMIT           | 0x01  |
 * | DATA_CHANNEL_PARTIAL_RELIABLE_REXMIT_UNORDERED | 0x81  |
 * | DATA_CHANNEL_PARTIAL_RELIABLE_TIMED            | 0x02  |
 * | DATA_CHANNEL_PARTIAL_RELIABLE_TIMED_UNORDERED  | 0x82  |
 * +================================================+=======+
 * </pre>
 *
 * Codes not in the table map to {@link #UNKNOWN} (never to an exception); the data-channel layer refuses
 * to open a channel of an unknown type.
 */
enum ChannelType {
    /** 0x00: reliable, ordered; the reliability parameter is ignored. */
    RELIABLE(0x00),
    /** 0x80: reliable, unordered; the reliability parameter is ignored. */
    RELIABLE_UNORDERED(0x80),
    /** 0x01: ordered; the reliability parameter is the maximum number of retransmissions. */
    PARTIAL_RELIABLE_REXMIT(0x01),
    /** 0x81: unordered; the reliability parameter is the maximum number of retransmissions. */
    PARTIAL_RELIABLE_REXMIT_UNORDERED(0x81),
    /** 0x02: ordered; the reliability parameter is the message lifetime in milliseconds. */
    PARTIAL_RELIABLE_TIMED(0x02),
    /** 0x82: unordered; the reliability parameter is the message lifetime in milliseconds. */
    PARTIAL_RELIABLE_TIMED_UNORDERED(0x82),
    /** Any other code: not a channel type this implementation (or RFC 8832) knows. */
    UNKNOWN(-1);

    private static final int UNORDERED_BIT = 0x80;

    private final int code;

    ChannelType(int code) {
        this.code = code;
    }

    /** The wire code; {@code -1} for {@link #UNKNOWN}. */
    int code() {
        return code;
    }

    /** Maps a wire byte (0..255) to its type; unassigned codes give {@link #UNKNOWN}. */
    static ChannelType of(int code) {
        return switch (code) {
            case 0x00 -> RELIABLE;
            case 0x80 -> RELIABLE_UNORDERED;
            case 0x01 -> PARTIAL_RELIABLE_REXMIT;
            case 0x81 -> PARTIAL_RELIABLE_REXMIT_UNORDERED;
            case 0x02 -> PARTIAL_RELIABLE_TIMED;
            case 0x82 -> PARTIAL_RELIABLE_TIMED_UNORDERED;
            default -> UNKNOWN;
        };
    }

    /** The type a channel with these options announces in its DATA_CHANNEL_OPEN. */
    static ChannelType of(boolean ordered, boolean rexmit, boolean timed) {
        if (rexmit && timed) {
            throw new IllegalArgumentException("a channel type is either rexmit or timed, not both");
        }
        if (rexmit) {
            return ordered ? PARTIAL_RELIABLE_REXMIT : PARTIAL_RELIABLE_REXMIT_UNORDERED;
        }
        if (timed) {
            return ordered ? PARTIAL_RELIABLE_TIMED : PARTIAL_RELIABLE_TIMED_UNORDERED;
        }
        return ordered ? RELIABLE : RELIABLE_UNORDERED;
    }

    /** Whether messages of this type may be delivered out of order (bit 0x80). */
    boolean unordered() {
        return this != UNKNOWN && (code & UNORDERED_BIT) != 0;
    }

    /** The reliability parameter counts retransmissions. */
    boolean rexmit() {
        return this == PARTIAL_RELIABLE_REXMIT || this == PARTIAL_RELIABLE_REXMIT_UNORDERED;
    }

    /** The reliability parameter is a lifetime in milliseconds. */
    boolean timed() {
        return this == PARTIAL_RELIABLE_TIMED || this == PARTIAL_RELIABLE_TIMED_UNORDERED;
    }

    /** The RFC name, e.g. {@code DATA_CHANNEL_PARTIAL_RELIABLE_REXMIT_UNORDERED}. */
    @Override
    public String toString() {
        return this == UNKNOWN ? "UNKNOWN" : "DATA_CHANNEL_" + name();
    }
}
