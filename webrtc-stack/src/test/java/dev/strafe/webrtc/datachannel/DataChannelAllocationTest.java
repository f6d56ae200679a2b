package dev.strafe.webrtc.datachannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strafe.webrtc.datachannel.DataChannelManager.DtlsRole;
import dev.strafe.webrtc.sctp.SctpTransport;
import dev.strafe.webrtc.sctp.SendStatus;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The message path of this layer allocates nothing (STYLE #24/#34): sending a binary message and delivering
 * a received one cost no heap beyond the message itself, which the SCTP layer owns or creates. Measured
 * with the JDK's per-thread allocation counter around many operations on a transport that does nothing.
 */
class DataChannelAllocationTest {

    private static final int WARMUP = 50_000;
    private static final int MEASURED = 200_000;

    /** Accepts everything, keeps nothing. */
    static final class NullTransport implements SctpTransport {
        long accepted;

        @Override
        public SendStatus send(int streamId, int ppid, byte[] data, int offset, int length, boolean unordered,
                               int maxRetransmits, long lifetimeNanos, long nowNanos) {
            accepted++;
            return SendStatus.ACCEPTED;
        }

        @Override
        public long bufferedAmount(int streamId) {
            return 0;
        }

        @Override
        public void bufferedAmountLowThreshold(int streamId, long bytes) {
        }

        @Override
        public void resetOutgoingStreams(int... streamIds) {
        }

        @Override
        public int maxMessageSize() {
            return 256 * 1024;
        }
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static DataChannel openChannel(DataChannelManager manager) {
        manager.attach(new NullTransport());
        manager.onAssociationEstablished();
        for (int id = 0; id < 8; id++) { // a few neighbours in the stream table
            manager.createDataChannel("n" + id, DataChannelInit.builder().negotiated(true).id(id * 7 + 1).build());
        }
        return manager.createDataChannel("pos", DataChannelInit.builder().negotiated(true).id(0).ordered(false)
                .maxRetransmits(0).build());
    }

    @Test
    void sendsBinaryMessagesWithoutAllocating() {
        DataChannelManager manager = new DataChannelManager(DtlsRole.SERVER, () -> 42L);
        DataChannel pos = openChannel(manager);
        byte[] snapshot = new byte[200];
        for (int i = 0; i < WARMUP; i++) {
            pos.send(snapshot, 0, 100 + (i & 63));
        }
        long before = allocatedBytes();
        for (int i = 0; i < MEASURED; i++) {
            pos.send(snapshot, 0, 100 + (i & 63));
        }
        long perMessage = (allocatedBytes() - before) / MEASURED;
        assertEquals(0, perMessage, "bytes allocated per send");
    }

    @Test
    void deliversBinaryMessagesWithoutAllocating() {
        DataChannelManager manager = new DataChannelManager(DtlsRole.SERVER, () -> 42L);
        DataChannel pos = openChannel(manager);
        long[] received = new long[1];
        pos.onBinary(data -> received[0] += data.length);
        byte[] message = new byte[64];
        for (int i = 0; i < WARMUP; i++) {
            manager.onMessage(0, PayloadProtocolIdentifier.PPID_BINARY, message, true);
        }
        long before = allocatedBytes();
        for (int i = 0; i < MEASURED; i++) {
            manager.onMessage(0, PayloadProtocolIdentifier.PPID_BINARY, message, true);
        }
        long perMessage = (allocatedBytes() - before) / MEASURED;
        assertEquals(0, perMessage, "bytes allocated per delivered message");
        assertTrue(received[0] > 0);
    }
}
