package dev.strafe.webrtc.datachannel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strafe.webrtc.datachannel.DataChannel.ReadyState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Data-channel behaviour over any {@link SctpLink}: the unit tests run it over the in-memory loopback
 * ({@link LoopbackDataChannelTest}); an integration test can run it over two real SCTP associations by
 * implementing {@link #newLink()} only. Assertions use the public API and the managers' metrics, nothing
 * transport-specific.
 */
abstract class DataChannelContract {

    /** A fresh, unbound link. */
    abstract SctpLink newLink();

    private DataChannelPair established() {
        return DataChannelPair.established(newLink());
    }

    @Test
    void opensChannelWithDcepAndAnnouncesItToThePeer() {
        DataChannelPair pair = established();
        DataChannel tx = pair.a.createDataChannel("tx");
        ChannelRecorder local = pair.record(tx);
        assertEquals(ReadyState.OPEN, tx.readyState(), "open for sending before the ACK (RFC 8832 §6)");
        assertEquals(List.of("open"), local.events, "onOpen set after creation runs at once");

        pair.run();

        assertEquals(1, pair.incomingB.size());
        DataChannel remote = pair.incomingB.getFirst();
        assertEquals("tx", remote.label());
        assertEquals("", remote.protocol());
        assertEquals(tx.id(), remote.id());
        assertTrue(remote.ordered());
        assertTrue(remote.reliable());
        assertEquals(OptionalInt.empty(), remote.maxRetransmits());
        assertEquals(OptionalInt.empty(), remote.maxPacketLifeTime());
        assertFalse(remote.negotiated());
        assertEquals(ReadyState.OPEN, remote.readyState());
        assertEquals(List.of("open"), pair.recorder(remote).events);
        assertFalse(tx.awaitingAck, "ACK received");
        assertEquals(1, pair.a.metrics().channelsOpened());
        assertEquals(1, pair.b.metrics().channelsOpened());
        assertTrue(pair.incomingA.isEmpty());
    }

    @Test
    void carriesReliabilityParametersInDataChannelOpen() {
        DataChannelPair pair = established();
        pair.b.createDataChannel("pos", DataChannelInit.builder().ordered(false).maxRetransmits(0).build());
        pair.b.createDataChannel("timed", DataChannelInit.builder().maxPacketLifeTime(150).protocol("json")
                .priority(DataChannelInit.PRIORITY_HIGH).build());
        pair.run();

        DataChannel pos = pair.incomingA.get(0);
        assertEquals("pos", pos.label());
        assertEquals(1, pos.id(), "DTLS server picks odd ids");
        assertFalse(pos.ordered());
        assertEquals(OptionalInt.of(0), pos.maxRetransmits());
        assertEquals(OptionalInt.empty(), pos.maxPacketLifeTime());
        assertFalse(pos.reliable());

        DataChannel timed = pair.incomingA.get(1);
        assertEquals(3, timed.id());
        assertTrue(timed.ordered());
        assertEquals(OptionalInt.of(150), timed.maxPacketLifeTime());
        assertEquals("json", timed.protocol());
        assertEquals(DataChannelInit.PRIORITY_HIGH, timed.priority());
    }

    @Test
    void exchangesTextBinaryAndEmptyMessagesBothWays() {
        DataChannelPair pair = established();
        DataChannel local = pair.a.createDataChannel("tx");
        ChannelRecorder localRecorder = pair.record(local);
        local.send("hello");
        local.send(new byte[] {1, 2, 3});
        local.send("");
        local.send(new byte[0]);
        local.send("héllo \uD83C\uDFAE");
        pair.run();

        DataChannel remote = pair.incomingB.getFirst();
        ChannelRecorder remoteRecorder = pair.recorder(remote);
        assertEquals(List.of("open", "text:hello", "binary:010203", "text:", "binary:", "text:héllo \uD83C\uDFAE"),
                remoteRecorder.events, "no bufferedAmountLow for the DATA_CHANNEL_ACK alone");

        assertEquals(5, local.messagesSent());
        assertEquals(5 + 3 + 0 + 0 + 11, local.bytesSent(), "UTF-8 bytes; empty messages count 0");
        assertEquals(5, remote.messagesReceived());
        assertEquals(local.bytesSent(), remote.bytesReceived());

        remote.send(new byte[] {9});
        remote.send("back");
        pair.run();
        assertEquals(2, local.messagesReceived());
        assertEquals(5, local.bytesReceived());
        assertEquals(List.of("open", "bufferedAmountLow", "binary:09", "text:back"), localRecorder.events,
                "threshold 0: low once our five messages drained");
    }

    @Test
    void sendsSlicesAndByteBuffers() {
        DataChannelPair pair = established();
        DataChannel local = pair.a.createDataChannel("tx");
        byte[] big = {0, 1, 2, 3, 4, 5};
        local.send(big, 2, 3);
        ByteBuffer heap = ByteBuffer.wrap(big, 1, 4).slice().position(1);
        local.send(heap);
        assertEquals(heap.limit(), heap.position(), "remaining bytes consumed");
        ByteBuffer direct = ByteBuffer.allocateDirect(3).put(new byte[] {7, 8, 9}).flip();
        local.send(direct);
        assertFalse(direct.hasRemaining());
        local.send(ByteBuffer.wrap(new byte[] {5, 6}).asReadOnlyBuffer());
        pair.run();
        assertEquals(List.of("open", "binary:020304", "binary:020304", "binary:070809", "binary:0506"),
                pair.recorder(pair.incomingB.getFirst()).events);
    }

    @Test
    void deliversManyMessagesInOrderOnAReliableChannel() {
        DataChannelPair pair = established();
        DataChannel local = pair.a.createDataChannel("tx");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            local.send("m" + i);
            expected.add("m" + i);
            if (i % 50 == 0) {
                pair.run();
            }
        }
        pair.run();
        assertEquals(expected, pair.recorder(pair.incomingB.getFirst()).texts);
    }

    @Test
    void deliversLargeBinaryMessageWhole() {
        DataChannelPair pair = established();
        DataChannel local = pair.a.createDataChannel("tx");
        byte[] big = new byte[64 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        local.send(big);
        pair.run();
        ChannelRecorder remote = pair.recorder(pair.incomingB.getFirst());
        assertEquals(1, remote.binaries.size());
        assertArrayEquals(big, remote.binaries.getFirst());
        assertNotSame(big, remote.binaries.getFirst());
    }

    @Test
    void opensPreNegotiatedChannelsOnBothSidesWithoutDcep() {
        DataChannelPair pair = new DataChannelPair(newLink());
        // reliable, so that the exchange below holds on a lossy link too
        DataChannelInit init = DataChannelInit.builder().negotiated(true).id(0).ordered(false).build();
        DataChannel atA = pair.a.createDataChannel("game", init);
        DataChannel atB = pair.b.createDataChannel("game", init);
        ChannelRecorder recA = pair.record(atA);
        ChannelRecorder recB = pair.record(atB);
        assertEquals(ReadyState.CONNECTING, atA.readyState());
        assertEquals(ReadyState.CONNECTING, atB.readyState());
        assertThrows(IllegalStateException.class, () -> atA.send("too early"));

        pair.link.establish();
        assertEquals(ReadyState.OPEN, atA.readyState());
        assertEquals(ReadyState.OPEN, atB.readyState());
        assertEquals(List.of("open"), recA.events);
        assertEquals(List.of("open"), recB.events);
        assertTrue(atA.negotiated());
        assertFalse(atA.awaitingAck, "no ACK to wait for");

        atA.send("ping");
        atB.send("pong");
        pair.run();
        assertEquals(List.of("ping"), recB.texts);
        assertEquals(List.of("pong"), recA.texts);
        assertTrue(pair.incomingA.isEmpty(), "no onDataChannel for negotiated channels");
        assertTrue(pair.incomingB.isEmpty());
        assertEquals(0, pair.a.metrics().dcepErrors() + pair.b.metrics().dcepErrors());
    }

    @Test
    void opensNegotiatedChannelAtOnceWhenAlreadyEstablished() {
        DataChannelPair pair = established();
        DataChannel ch = pair.b.createDataChannel("x", DataChannelInit.builder().negotiated(true).id(6).build());
        assertEquals(ReadyState.OPEN, ch.readyState());
        assertEquals(6, ch.id());
    }

    @Test
    void opensChannelsCreatedBeforeEstablishmentInCreationOrder() {
        DataChannelPair pair = new DataChannelPair(newLink());
        DataChannel first = pair.a.createDataChannel("first");
        DataChannel second = pair.a.createDataChannel("second", DataChannelInit.builder().ordered(false).build());
        DataChannel third = pair.a.createDataChannel("third");
        ChannelRecorder recorder = pair.record(second);
        assertEquals(ReadyState.CONNECTING, first.readyState());
        assertEquals(List.of(0, 2, 4), List.of(first.id(), second.id(), third.id()));
        assertEquals(List.of(), recorder.events);
        assertEquals(0, second.bufferedAmount());

        pair.link.establish();
        assertEquals(ReadyState.OPEN, second.readyState());
        assertEquals(List.of("open"), recorder.events);
        second.send("queued right after open");
        pair.run();

        assertEquals(List.of("first", "second", "third"), pair.incomingB.stream().map(DataChannel::label).toList());
        assertEquals(List.of("queued right after open"), pair.recorder(pair.incomingB.get(1)).texts);
    }

    @Test
    void deliversMessagesSentBeforeTheAck() {
        DataChannelPair pair = established();
        DataChannel pos = pair.a.createDataChannel("pos", DataChannelInit.builder().ordered(false).maxRetransmits(0).build());
        pos.send("before ack 1");
        pos.send("before ack 2");
        pair.run();
        assertEquals(List.of("before ack 1", "before ack 2"), pair.recorder(pair.incomingB.getFirst()).texts);
    }

    @Test
    void closesOnBothSidesThroughStreamReset() {
        DataChannelPair pair = established();
        DataChannel local = pair.a.createDataChannel("tx");
        ChannelRecorder localRecorder = pair.record(local);
        pair.run();
        DataChannel remote = pair.incomingB.getFirst();

        local.send("last words");
        local.close();
        assertEquals(ReadyState.CLOSING, local.readyState());
        assertThrows(IllegalStateException.class, () -> local.send("after close"));
        local.close(); // idempotent
        pair.run();

        assertEquals(ReadyState.CLOSED, local.readyState());
        assertEquals(ReadyState.CLOSED, remote.readyState());
        assertEquals(List.of("open", "close"), localRecorder.lifecycle());
        assertEquals(List.of("open", "text:last words", "close"), pair.recorder(remote).events);
        assertEquals(0, pair.a.channelCount());
        assertEquals(0, pair.b.channelCount());
        assertEquals(1, pair.a.metrics().channelsClosed());
        assertEquals(1, pair.b.metrics().channelsClosed());
        assertEquals(0, local.bufferedAmount());
    }

    @Test
    void closesWhenThePeerCloses() {
        DataChannelPair pair = established();
        DataChannel local = pair.a.createDataChannel("tx");
        ChannelRecorder localRecorder = pair.record(local);
        pair.run();
        pair.incomingB.getFirst().close();
        pair.run();
        assertEquals(ReadyState.CLOSED, local.readyState());
        assertEquals(List.of("open", "close"), localRecorder.lifecycle());
    }

    @Test
    void closesWhenBothSidesCloseAtOnce() {
        DataChannelPair pair = established();
        DataChannel local = pair.a.createDataChannel("tx");
        pair.run();
        DataChannel remote = pair.incomingB.getFirst();
        local.close();
        remote.close();
        pair.run();
        assertEquals(ReadyState.CLOSED, local.readyState());
        assertEquals(ReadyState.CLOSED, remote.readyState());
        assertEquals(1, pair.a.metrics().channelsClosed());
    }

    @Test
    void reusesTheStreamIdOfAClosedChannel() {
        DataChannelPair pair = established();
        DataChannel first = pair.a.createDataChannel("one");
        pair.run();
        first.close();
        pair.run();
        DataChannel again = pair.a.createDataChannel("two");
        assertEquals(first.id(), again.id());
        again.send("fresh");
        pair.run();
        assertEquals("two", pair.incomingB.get(1).label());
        assertEquals(List.of("fresh"), pair.recorder(pair.incomingB.get(1)).texts);
    }

    @Test
    void closesEveryChannelWithAnErrorWhenTheAssociationIsLost() {
        DataChannelPair pair = established();
        DataChannel tx = pair.a.createDataChannel("tx");
        DataChannel pos = pair.a.createDataChannel("pos", DataChannelInit.builder().ordered(false).maxRetransmits(0).build());
        ChannelRecorder txRecorder = pair.record(tx);
        ChannelRecorder posRecorder = pair.record(pos);
        pair.run();
        ChannelRecorder remote = pair.recorder(pair.incomingB.getFirst());

        pair.link.lose("peer unreachable");

        assertEquals(ReadyState.CLOSED, tx.readyState());
        assertEquals(ReadyState.CLOSED, pos.readyState());
        assertEquals(List.of("open", "error:SCTP association lost: peer unreachable", "close"), txRecorder.lifecycle());
        assertEquals(List.of("open", "error:SCTP association lost: peer unreachable", "close"), posRecorder.lifecycle());
        List<String> remoteEvents = remote.lifecycle();
        assertEquals(3, remoteEvents.size(), remoteEvents.toString());
        assertEquals("open", remoteEvents.get(0));
        assertTrue(remoteEvents.get(1).startsWith("error:SCTP association lost: "), remoteEvents.get(1));
        assertTrue(remoteEvents.get(1).contains("peer unreachable"), "the reason travels in the ABORT (or is ours)");
        assertEquals("close", remoteEvents.get(2));
        assertEquals(0, pair.a.channelCount());
        assertFalse(pair.a.established());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pair.a.createDataChannel("late"));
        assertEquals("cannot create data channel 'late': SCTP association lost: peer unreachable", e.getMessage());
        assertThrows(IllegalStateException.class, () -> tx.send("x"));
    }

    @Test
    void closesEveryChannelWithoutErrorOnShutdown() {
        DataChannelPair pair = established();
        DataChannel tx = pair.a.createDataChannel("tx");
        ChannelRecorder local = pair.record(tx);
        tx.send("before shutdown");
        pair.run();
        ChannelRecorder remote = pair.recorder(pair.incomingB.getFirst());

        pair.link.shutdown();

        assertEquals(List.of("open", "close"), local.lifecycle());
        assertEquals(List.of("open", "text:before shutdown", "close"), remote.events);
        assertEquals(0, pair.a.channelCount() + pair.b.channelCount());
        assertThrows(IllegalStateException.class, () -> pair.b.createDataChannel("late"));
    }

    @Test
    void firesBufferedAmountLowWhenTheBufferDrains() {
        DataChannelPair pair = established();
        DataChannel local = pair.a.createDataChannel("tx").bufferedAmountLowThreshold(1000);
        ChannelRecorder recorder = pair.record(local);
        pair.run();
        byte[] chunk = new byte[600];
        local.send(chunk);
        local.send(chunk);
        local.send(chunk);
        assertTrue(local.bufferedAmount() > 1000, "bufferedAmount: " + local.bufferedAmount());
        assertEquals(1000, local.bufferedAmountLowThreshold());
        pair.run();
        assertEquals(0, local.bufferedAmount());
        assertEquals(1, recorder.bufferedAmountLow);
        assertEquals(3, pair.recorder(pair.incomingB.getFirst()).binaries.size());
    }

    @Test
    void opensAndClosesManyChannelsFromBothSides() {
        DataChannelPair pair = established();
        List<DataChannel> fromA = new ArrayList<>();
        List<DataChannel> fromB = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            fromA.add(pair.a.createDataChannel("a" + i));
            fromB.add(pair.b.createDataChannel("b" + i, DataChannelInit.builder().ordered(i % 2 == 0).build()));
        }
        pair.run();
        assertEquals(60, pair.incomingA.size());
        assertEquals(60, pair.incomingB.size());
        assertEquals(120, pair.a.channelCount());
        for (int i = 0; i < 60; i++) {
            fromA.get(i).send("from a" + i);
            fromB.get(i).send("from b" + i);
        }
        pair.run();
        for (DataChannel remote : pair.incomingB) {
            assertEquals(List.of("from " + remote.label()), pair.recorder(remote).texts);
        }
        for (DataChannel remote : pair.incomingA) {
            assertEquals(List.of("from " + remote.label()), pair.recorder(remote).texts);
        }
        for (int i = 0; i < 60; i += 2) {
            fromA.get(i).close();
            pair.incomingA.get(i).close();
        }
        pair.run();
        assertEquals(60, pair.a.channelCount());
        assertEquals(60, pair.b.channelCount());
        assertEquals(60, pair.a.metrics().channelsClosed());
        assertEquals(0, pair.a.createDataChannel("reused").id(), "lowest free even id again");
        assertEquals(1, pair.b.createDataChannel("reused").id(), "lowest free odd id again");
    }

    @Test
    void keepsChannelsIndependent() {
        DataChannelPair pair = established();
        DataChannel tx = pair.a.createDataChannel("tx");
        DataChannel pos = pair.a.createDataChannel("pos", DataChannelInit.builder().ordered(false).maxRetransmits(0).build());
        pair.run();
        tx.send("t");
        pos.send("p");
        pos.close();
        pair.run();
        DataChannel remoteTx = pair.incomingB.get(0);
        DataChannel remotePos = pair.incomingB.get(1);
        assertSame(ReadyState.OPEN, remoteTx.readyState());
        assertSame(ReadyState.CLOSED, remotePos.readyState());
        assertEquals(List.of("t"), pair.recorder(remoteTx).texts);
        assertEquals(List.of("p"), pair.recorder(remotePos).texts);
        tx.send("still works");
        pair.run();
        assertEquals(List.of("t", "still works"), pair.recorder(remoteTx).texts);
    }
}
