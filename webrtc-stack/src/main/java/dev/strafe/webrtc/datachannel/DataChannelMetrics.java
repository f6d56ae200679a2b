package dev.strafe.webrtc.datachannel;

/**
 * Counters of one {@link DataChannelManager}. Written only on the association's thread; the fields are
 * volatile so a metrics scrape from another thread sees recent, untorn values. Only rare events are
 * counted (no per-message counter on the hot path).
 */
public final class DataChannelMetrics {

    private volatile long channelsOpened;
    private volatile long channelsClosed;
    private volatile long dcepErrors;
    private volatile long rejectedOpens;
    private volatile long droppedMessages;

    DataChannelMetrics() {
    }

    /** Channels that reached OPEN (local, remote and negotiated). */
    public long channelsOpened() {
        return channelsOpened;
    }

    /** Channels that reached CLOSED. */
    public long channelsClosed() {
        return channelsClosed;
    }

    /** DCEP messages that were malformed or unexpected (ACK without OPEN, OPEN on a used stream). */
    public long dcepErrors() {
        return dcepErrors;
    }

    /** Incoming DATA_CHANNEL_OPENs refused (wrong parity, unknown channel type, too many channels). */
    public long rejectedOpens() {
        return rejectedOpens;
    }

    /**
     * User messages dropped: unknown stream, unknown PPID, channel not open, no handler, broken or
     * oversized partial (PPID 52/54) message.
     */
    public long droppedMessages() {
        return droppedMessages;
    }

    long incrementChannelsOpened() {
        return channelsOpened = channelsOpened + 1;
    }

    long incrementChannelsClosed() {
        return channelsClosed = channelsClosed + 1;
    }

    long incrementDcepErrors() {
        return dcepErrors = dcepErrors + 1;
    }

    long incrementRejectedOpens() {
        return rejectedOpens = rejectedOpens + 1;
    }

    long incrementDroppedMessages() {
        return droppedMessages = droppedMessages + 1;
    }

    @Override
    public String toString() {
        return "DataChannelMetrics[opened=" + channelsOpened + ", closed=" + channelsClosed + ", dcepErrors="
                + dcepErrors + ", rejectedOpens=" + rejectedOpens + ", droppedMessages=" + droppedMessages + "]";
    }
}
