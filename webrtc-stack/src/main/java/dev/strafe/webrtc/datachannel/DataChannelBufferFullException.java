package dev.strafe.webrtc.datachannel;

/**
 * {@link DataChannel#send} could not queue the message because the SCTP association's send buffer is
 * full: the browser's {@code OperationError}. Nothing was queued. Back off and send again after
 * {@link DataChannel#onBufferedAmountLow(Runnable)}, or keep {@link DataChannel#bufferedAmount()} under a
 * budget before sending (the usual browser idiom), so this stays exceptional.
 */
public final class DataChannelBufferFullException extends RuntimeException {

    private final int streamId;
    private final long bufferedAmount;

    DataChannelBufferFullException(String label, int streamId, long bufferedAmount, int messageLength) {
        super("data channel '" + label + "' (stream " + streamId + "): association send buffer full, message of "
                + messageLength + " bytes not queued (bufferedAmount: " + bufferedAmount
                + "); retry after onBufferedAmountLow");
        this.streamId = streamId;
        this.bufferedAmount = bufferedAmount;
    }

    public int streamId() {
        return streamId;
    }

    /** The channel's buffered amount when the send was refused. */
    public long bufferedAmount() {
        return bufferedAmount;
    }
}
