package dev.strafe.webrtc.sctp;

/**
 * Test/benchmark fixture (public so that {@code sctp.bench} can drive the package-private parts): the data
 * path of a lossless association without the wire format — {@link SendQueue} fragments a message, each
 * fragment gets the next TSN, the {@link ReceivedTsnTracker} accepts it, the {@link ReassemblyQueue} delivers
 * the message, the SACK state is cleared and the bytes are released from the send buffer.
 */
public final class SctpPartsPipeline {

    private final SendQueue sendQueue;
    private final ReceivedTsnTracker tracker;
    private final ReassemblyQueue reassembly;
    private final SendQueue.Fragment fragment = new SendQueue.Fragment();
    private final int maxPayload;
    private int nextTsn;
    private long deliveredMessages;
    private long deliveredBytes;
    private long blackhole;

    public SctpPartsPipeline(int maxPayload) {
        this.maxPayload = maxPayload;
        this.sendQueue = new SendQueue(1_024, 256 * 1024, 4L << 20, 100_000, streamId -> { });
        this.nextTsn = 0xFFFF_0000;
        this.tracker = new ReceivedTsnTracker(nextTsn, 16_384, 64);
        this.reassembly = new ReassemblyQueue(4 << 20, 256 * 1024, 1_024, (streamId, ppid, message, unordered) -> {
            deliveredMessages++;
            deliveredBytes += message.length;
            blackhole += message[0];
        });
    }

    /** Sends one message through the whole pipeline; returns the messages delivered so far. */
    public long transfer(int streamId, byte[] message, boolean unordered, long nowNanos) {
        SendStatus status = sendQueue.enqueue(streamId, 53, message, 0, message.length, unordered,
                unordered ? 0 : SctpTransport.RELIABLE, SctpTransport.NO_LIFETIME, nowNanos);
        if (status != SendStatus.ACCEPTED) {
            throw new IllegalStateException(status.toString());
        }
        while (sendQueue.next(maxPayload, nowNanos, fragment)) {
            int tsn = nextTsn++;
            if (tracker.receive(tsn) == ReceivedTsnTracker.Verdict.NEW) {
                reassembly.add(tsn, fragment.streamId(), fragment.ssn(), fragment.ppid(), fragment.beginning(),
                        fragment.ending(), fragment.unordered(), fragment.data(), fragment.offset(), fragment.length());
            }
            sendQueue.acknowledged(fragment.streamId(), fragment.length());
        }
        tracker.onDataPacketReceived(nowNanos);
        tracker.onSackSent();
        return deliveredMessages;
    }

    public long deliveredMessages() {
        return deliveredMessages;
    }

    public long deliveredBytes() {
        return deliveredBytes;
    }

    public long blackhole() {
        return blackhole;
    }
}
