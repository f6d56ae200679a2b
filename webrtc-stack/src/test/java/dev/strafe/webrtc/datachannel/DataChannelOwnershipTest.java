package dev.strafe.webrtc.datachannel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strafe.webrtc.datachannel.DataChannelManager.DtlsRole;
import dev.strafe.webrtc.sctp.SctpAssociation;
import dev.strafe.webrtc.sctp.SctpTransport;
import dev.strafe.webrtc.sctp.SendStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code send(byte[])} keeps browser semantics (the bytes are copied, the caller may reuse its array);
 * {@code sendOwned(byte[])} transfers the array to the SCTP association, which sends it without a copy.
 */
class DataChannelOwnershipTest {

    /** Records the arrays the SCTP layer keeps: the caller's own with sendOwned, a copy with send. */
    static final class RecordingTransport extends DataChannelAllocationTest.NullTransport {
        final List<byte[]> kept = new ArrayList<>();
        SendStatus next = SendStatus.ACCEPTED;

        @Override
        public SendStatus send(int streamId, int ppid, byte[] data, int offset, int length, boolean unordered,
                               int maxRetransmits, long lifetimeNanos, long nowNanos) {
            if (next == SendStatus.ACCEPTED) {
                kept.add(java.util.Arrays.copyOfRange(data, offset, offset + length)); // as SctpAssociation does
            }
            return next;
        }

        @Override
        public SendStatus sendOwned(int streamId, int ppid, byte[] data, boolean unordered, int maxRetransmits,
                                    long lifetimeNanos, long nowNanos) {
            if (next == SendStatus.ACCEPTED) {
                kept.add(data);
            }
            return next;
        }
    }

    private static DataChannel open(RecordingTransport transport) {
        DataChannelManager manager = new DataChannelManager(DtlsRole.SERVER, () -> 42L);
        manager.attach(transport);
        manager.onAssociationEstablished();
        return manager.createDataChannel("c", DataChannelInit.builder().negotiated(true).id(0).build());
    }

    @Test
    void sendOwnedHandsTheCallersArrayToTheAssociationWithoutACopy() {
        RecordingTransport transport = new RecordingTransport();
        DataChannel channel = open(transport);
        byte[] message = {1, 2, 3};
        channel.sendOwned(message);
        assertSame(message, transport.kept.getFirst());
        assertEquals(1, channel.messagesSent());
        assertEquals(3, channel.bytesSent());
    }

    @Test
    void sendStillCopiesSoTheCallerMayReuseItsArray() {
        RecordingTransport transport = new RecordingTransport();
        DataChannel channel = open(transport);
        byte[] buffer = {1, 2, 3};
        channel.send(buffer);
        buffer[0] = 9;
        assertNotSame(buffer, transport.kept.getFirst());
        assertArrayEquals(new byte[]{1, 2, 3}, transport.kept.getFirst());
    }

    @Test
    void aRefusedOwnedSendLeavesTheArrayWithTheCaller() {
        RecordingTransport transport = new RecordingTransport();
        DataChannel channel = open(transport);
        transport.next = SendStatus.BUFFER_FULL;
        assertThrows(DataChannelBufferFullException.class, () -> channel.sendOwned(new byte[]{1}));
        assertEquals(0, transport.kept.size());
        assertEquals(0, channel.messagesSent());
    }

    @Test
    void sctpAssociationImplementsSendOwnedWithoutFallingBackToACopy() throws NoSuchMethodException {
        assertEquals(SctpAssociation.class, SctpAssociation.class.getMethod("sendOwned", int.class, int.class,
                byte[].class, boolean.class, int.class, long.class, long.class).getDeclaringClass());
        assertEquals(SctpTransport.class, SctpTransport.class.getMethod("sendOwned", int.class, int.class,
                byte[].class, boolean.class, int.class, long.class, long.class).getDeclaringClass());
    }
}
