package dev.strafe.webrtc.datachannel;

/**
 * Bounds of one {@link DataChannelManager} (one SCTP association). The peer layer fills them from
 * {@code StackSettings}; every value is checked when the record is built.
 *
 * @param maxChannels            channels open at once (local and remote); further incoming
 *                               DATA_CHANNEL_OPENs are refused by resetting their stream
 * @param maxStreams             streams of the association: ids are {@code 0..maxStreams-1} (at most 65535,
 *                               i.e. ids 0..65534, RFC 8831 §6.6)
 * @param maxPartialMessageBytes bound of the reassembly buffer for the deprecated partial PPIDs 52/54
 */
public record DataChannelLimits(int maxChannels, int maxStreams, int maxPartialMessageBytes) {

    /** 1,024 channels, 65,535 streams, 256 KiB partial messages (the default max-message-size). */
    public static final DataChannelLimits DEFAULT = new DataChannelLimits(1024, 65535, 256 * 1024);

    public DataChannelLimits {
        if (maxStreams < 1 || maxStreams > 65535) {
            throw new IllegalArgumentException("maxStreams: " + maxStreams + " (expected: 1..65535)");
        }
        if (maxChannels < 1 || maxChannels > maxStreams) {
            throw new IllegalArgumentException("maxChannels: " + maxChannels + " (expected: 1.." + maxStreams + ")");
        }
        if (maxPartialMessageBytes < 0) {
            throw new IllegalArgumentException("maxPartialMessageBytes: " + maxPartialMessageBytes + " (expected: >= 0)");
        }
    }
}
