package dev.strafe.webrtc.datachannel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strafe.webrtc.datachannel.DataChannel.ReadyState;
import dev.strafe.webrtc.datachannel.DataChannelManager.DtlsRole;
import dev.strafe.webrtc.datachannel.LoopbackSctpTransport.Sent;
import dev.strafe.webrtc.sctp.SctpTransport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Manager behaviour that needs the loopback's view of the wire: reliability parameters handed to
 * {@link SctpTransport#send}, DCEP bytes, stream-id rules, send failures and hostile peer input (injected
 * straight into B's transport, bypassing B's manager).
 */
class DataChannelManagerTest {

    private final LoopbackSctpTransport.Link link = new LoopbackSctpTransport.Link();

    private DataChannelPair established() {
        DataChannelPair pair = new DataChannelPair(link);
        link.establish();
        return pair;
    }

    /** Sends a raw SCTP user message from B's transport, as a peer stack would. */
    private void injectFromB(int streamId, int ppid, byte[] payload) {
        link.b().send(streamId, ppid, payload, 0, payload.length, false, SctpTransport.RELIABLE,
                SctpTransport.NO_LIFETIME, 0);
        link.run();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- reliability mapping and DCEP on the wire ----

    @Test
    void mapsUnorderedMaxRetransmitsZeroToSctpSendAfterTheAck() {
        DataChannelPair pair = established();
        DataChannel pos = pair.a.createDataChannel("pos", DataChannelInit.builder().ordered(false).maxRetransmits(0).build());

        Sent open = link.a().sent.getFirst();
        assertEquals(PayloadProtocolIdentifier.PPID_DCEP, open.ppid());
        assertEquals(0, open.streamId());
        assertFalse(open.unordered(), "DCEP is sent ordered");
        assertEquals(SctpTransport.RELIABLE, open.maxRetransmits(), "DCEP is sent reliably");
        assertEquals(SctpTransport.NO_LIFETIME, open.lifetimeNanos());
        assertEquals("03 81 0100 00000000 0003 0000 706f73".replace(" ", ""), Hex.hex(open.data()));

        pos.send("before ack");
        link.run();
        pos.send("after ack");

        List<Sent> user = link.a().sentUserMessages();
        assertFalse(user.get(0).unordered(), "ordered until the DATA_CHANNEL_ACK (RFC 8832 §6)");
        assertEquals(0, user.get(0).maxRetransmits());
        assertTrue(user.get(1).unordered());
        assertEquals(0, user.get(1).maxRetransmits());
        assertEquals(SctpTransport.NO_LIFETIME, user.get(1).lifetimeNanos());
        assertEquals(PayloadProtocolIdentifier.PPID_STRING, user.get(1).ppid());
        assertEquals(link.nowNanos(), user.get(1).nowNanos(), "the manager passes its clock");
    }

    @Test
    void answersOpenWithAckAndSendsUnorderedAtOnce() {
        DataChannelPair pair = established();
        pair.a.createDataChannel("pos", DataChannelInit.builder().ordered(false).maxRetransmits(3).build());
        link.run();
        DataChannel remote = pair.incomingB.getFirst();

        Sent ack = link.b().sentDcep().getFirst();
        assertEquals("02", Hex.hex(ack.data()));
        assertEquals(0, ack.streamId());
        assertFalse(ack.unordered());
        assertEquals(SctpTransport.RELIABLE, ack.maxRetransmits());

        remote.send(new byte[] {1});
        Sent reply = link.b().sentUserMessages().getFirst();
        assertTrue(reply.unordered(), "the responder knows the peer has the channel");
        assertEquals(3, reply.maxRetransmits());
        assertEquals(PayloadProtocolIdentifier.PPID_BINARY, reply.ppid());
    }

    @ParameterizedTest(name = "ordered={0} maxRetransmits={1} maxPacketLifeTime={2}")
    @CsvSource({
            "true, -1, -1, 00, -1, -1, false",
            "false, -1, -1, 80, -1, -1, true",
            "true, 5, -1, 01, 5, -1, false",
            "false, 0, -1, 81, 0, -1, true",
            "true, -1, 250, 02, -1, 250000000, false",
            "false, -1, 65535, 82, -1, 65535000000, true",
    })
    void mapsReliabilityOptionsToChannelTypeAndSctpSend(boolean ordered, int maxRetransmits, int maxPacketLifeTime,
                                                       String channelType, int sctpMaxRetransmits, long lifetimeNanos,
                                                       boolean unordered) throws Exception {
        DataChannelPair pair = established();
        DataChannel ch = pair.a.createDataChannel("c", DataChannelInit.builder().ordered(ordered)
                .maxRetransmits(maxRetransmits).maxPacketLifeTime(maxPacketLifeTime).build());
        link.run();
        ch.send("x");

        byte[] open = link.a().sentDcep().getFirst().data();
        assertEquals(channelType, Hex.hex(new byte[] {open[1]}));
        DataChannelOpenMessage decoded = (DataChannelOpenMessage) DcepMessage.decode(open, 0, open.length);
        long expectedParameter = maxRetransmits >= 0 ? maxRetransmits : Math.max(maxPacketLifeTime, 0);
        assertEquals(expectedParameter, decoded.reliabilityParameter());

        Sent sent = link.a().sentUserMessages().getFirst();
        assertEquals(sctpMaxRetransmits, sent.maxRetransmits());
        assertEquals(lifetimeNanos, sent.lifetimeNanos());
        assertEquals(unordered, sent.unordered());

        DataChannel remote = pair.incomingB.getFirst();
        assertEquals(ordered, remote.ordered());
        assertEquals(ch.maxRetransmits(), remote.maxRetransmits());
        assertEquals(ch.maxPacketLifeTime(), remote.maxPacketLifeTime());
    }

    @Test
    void acceptsChromiumOpenVectorsFromThePeer() {
        DataChannelPair pair = established();
        injectFromB(1, PayloadProtocolIdentifier.PPID_DCEP, Hex.bytes(DataChannelOpenMessageTest.CHROMIUM_POS));
        injectFromB(3, PayloadProtocolIdentifier.PPID_DCEP, Hex.bytes(DataChannelOpenMessageTest.CHROMIUM_TX));

        DataChannel pos = pair.incomingA.get(0);
        assertEquals("pos", pos.label());
        assertEquals(1, pos.id());
        assertFalse(pos.ordered());
        assertEquals(0, pos.maxRetransmits().orElseThrow());
        assertEquals(0, pos.priority());
        DataChannel tx = pair.incomingA.get(1);
        assertEquals("tx", tx.label());
        assertTrue(tx.ordered());
        assertTrue(tx.reliable());
        assertEquals(List.of("02", "02"), link.a().sentDcep().stream().map(s -> Hex.hex(s.data())).toList());
        assertEquals(List.of(1, 3), link.a().sentDcep().stream().map(Sent::streamId).toList());
    }

    @Test
    void keepsSendingOrderedWhileTheAckIsMissing() {
        DataChannelPair pair = established();
        DataChannel pos = pair.a.createDataChannel("pos", DataChannelInit.builder().ordered(false).build());
        link.a().deliverOne();          // OPEN reaches B, B queues its ACK
        assertTrue(link.b().dropOne()); // the ACK is lost
        link.run();
        pos.send("a");
        pos.send("b");
        assertTrue(pos.awaitingAck);
        assertFalse(link.a().sentUserMessages().stream().anyMatch(Sent::unordered),
                "no unordered message before the DATA_CHANNEL_ACK (RFC 8832 §6)");
    }

    // ---- stream ids ----

    @Test
    void picksEvenIdsAsDtlsClientAndOddIdsAsDtlsServer() {
        DataChannelPair pair = established();
        List<Integer> client = new ArrayList<>();
        List<Integer> server = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            client.add(pair.a.createDataChannel("a" + i).id());
            server.add(pair.b.createDataChannel("b" + i).id());
        }
        assertEquals(List.of(0, 2, 4), client);
        assertEquals(List.of(1, 3, 5), server);
        link.run();
        assertEquals(3, pair.incomingA.size());
        assertEquals(3, pair.incomingB.size());
        assertEquals(0, pair.a.metrics().rejectedOpens() + pair.b.metrics().rejectedOpens());
    }

    @Test
    void skipsIdsTakenByNegotiatedChannels() {
        DataChannelPair pair = established();
        pair.a.createDataChannel("n0", DataChannelInit.builder().negotiated(true).id(0).build());
        pair.a.createDataChannel("n2", DataChannelInit.builder().negotiated(true).id(2).build());
        assertEquals(4, pair.a.createDataChannel("dcep").id());
    }

    @Test
    void rejectsNegotiatedIdAlreadyInUse() {
        DataChannelPair pair = established();
        DataChannel first = pair.a.createDataChannel("first");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pair.a.createDataChannel("second",
                DataChannelInit.builder().negotiated(true).id(first.id()).build()));
        assertEquals("id: 0 is already used by data channel 'first'", e.getMessage());
        assertEquals(1, pair.a.channelCount());
    }

    @Test
    void rejectsNegotiatedIdAtOrAboveMaxStreams() {
        DataChannelPair pair = new DataChannelPair(link, new DataChannelLimits(4, 16, 1024));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pair.a.createDataChannel("x",
                DataChannelInit.builder().negotiated(true).id(16).build()));
        assertEquals("id: 16 (expected: < maxStreams 16)", e.getMessage());
    }

    @Test
    void failsWhenNoIdOfOurParityIsLeft() {
        DataChannelPair pair = new DataChannelPair(link, new DataChannelLimits(4, 4, 1024));
        link.establish();
        pair.a.createDataChannel("0");
        pair.a.createDataChannel("2");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pair.a.createDataChannel("none"));
        assertEquals("no free even stream id below 4 for data channel 'none'", e.getMessage());
    }

    @Test
    void failsWhenMaxChannelsIsReached() {
        DataChannelPair pair = new DataChannelPair(link, new DataChannelLimits(2, 100, 1024));
        link.establish();
        pair.a.createDataChannel("1");
        pair.a.createDataChannel("2");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pair.a.createDataChannel("3"));
        assertEquals("data channels: 2 (expected: < 2); cannot create '3'", e.getMessage());
    }

    @Test
    void rejectsLabelLongerThan65535Bytes() {
        DataChannelPair pair = established();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pair.a.createDataChannel("x".repeat(65536)));
        assertEquals("label length: 65536 (expected: <= 65535 bytes of UTF-8)", e.getMessage());
    }

    // ---- hostile or unusual peer input: counted, dropped, never thrown ----

    @Test
    void ignoresOpenOnStreamAtOrAboveMaxStreams() {
        DataChannelPair pair = new DataChannelPair(link, new DataChannelLimits(4, 16, 1024));
        link.establish();
        injectFromB(17, PayloadProtocolIdentifier.PPID_DCEP, Hex.bytes(DataChannelOpenMessageTest.CHROMIUM_TX));
        assertTrue(pair.incomingA.isEmpty());
        assertEquals(1, pair.a.metrics().dcepErrors());
        assertTrue(link.a().resetRequests.isEmpty(), "no reset of a stream the association does not have");
    }

    @Test
    void listsChannelsAndFindsThemById() {
        DataChannelPair pair = established();
        DataChannel one = pair.a.createDataChannel("one");
        DataChannel two = pair.a.createDataChannel("two");
        assertEquals(2, pair.a.channelCount());
        assertEquals(java.util.Set.of(one, two), java.util.Set.copyOf(pair.a.channels()));
        assertEquals(two, pair.a.channel(2));
        assertEquals(null, pair.a.channel(4));
        assertEquals(DtlsRole.CLIENT, pair.a.role());
        assertEquals(DataChannelLimits.DEFAULT, pair.a.limits());
    }

    @Test
    void refusesOpenWithOurParityByResettingTheStream() {
        DataChannelPair pair = established();
        injectFromB(2, PayloadProtocolIdentifier.PPID_DCEP, Hex.bytes(DataChannelOpenMessageTest.CHROMIUM_TX));
        assertTrue(pair.incomingA.isEmpty());
        assertEquals(1, pair.a.metrics().rejectedOpens());
        assertEquals(List.of(List.of(2)), link.a().resetRequests.stream().map(ids -> List.of(ids[0])).toList());
        assertEquals(0, pair.a.createDataChannel("mine").id(), "stream 0 still free");
        DataChannel next = pair.a.createDataChannel("next");
        assertEquals(4, next.id(), "stream 2 quarantined until the peer resets its side");

        link.b().resetOutgoingStreams(2); // the peer answers our reset
        link.run();
        next.close();
        link.run();
        assertEquals(2, pair.a.createDataChannel("reuse").id(), "lowest free id again, 2 reset both ways");
    }

    @Test
    void refusesOpenWithUnknownChannelType() {
        DataChannelPair pair = established();
        injectFromB(1, PayloadProtocolIdentifier.PPID_DCEP, Hex.bytes("03 7f 0000 00000000 0001 0000 78"));
        assertTrue(pair.incomingA.isEmpty());
        assertEquals(1, pair.a.metrics().rejectedOpens());
        assertEquals(1, link.a().resetRequests.size());
    }

    @Test
    void refusesOpenBeyondMaxChannels() {
        DataChannelPair pair = new DataChannelPair(link, new DataChannelLimits(1, 100, 1024));
        link.establish();
        pair.a.createDataChannel("local", DataChannelInit.builder().negotiated(true).id(10).build());
        DataChannel refused = pair.b.createDataChannel("one");
        ChannelRecorder recorder = pair.record(refused);
        link.run();
        assertTrue(pair.incomingA.isEmpty());
        assertEquals(1, pair.a.metrics().rejectedOpens());
        assertEquals(ReadyState.CLOSED, refused.readyState(), "the refused channel closes on the opener's side");
        assertEquals(List.of("open", "close"), recorder.lifecycle());
        assertEquals(1, pair.b.createDataChannel("again").id(), "its id is free again on the opener's side");
    }

    @Test
    void refusesMalformedOpenByResettingTheStream() {
        DataChannelPair pair = established();
        injectFromB(1, PayloadProtocolIdentifier.PPID_DCEP, Hex.bytes("03 00 0000 00000000 0009 0000 78"));
        assertEquals(1, pair.a.metrics().rejectedOpens());
        assertTrue(pair.incomingA.isEmpty());
    }

    @Test
    void countsMalformedAndUnexpectedDcep() {
        DataChannelPair pair = established();
        DataChannel mine = pair.a.createDataChannel("mine");
        link.run();
        injectFromB(1, PayloadProtocolIdentifier.PPID_DCEP, Hex.bytes("02"));       // ACK without OPEN
        injectFromB(0, PayloadProtocolIdentifier.PPID_DCEP, Hex.bytes("02"));       // second ACK
        injectFromB(0, PayloadProtocolIdentifier.PPID_DCEP, Hex.bytes(DataChannelOpenMessageTest.CHROMIUM_TX)); // stream in use
        injectFromB(5, PayloadProtocolIdentifier.PPID_DCEP, Hex.bytes("09 09"));    // unknown type
        injectFromB(5, PayloadProtocolIdentifier.PPID_DCEP, new byte[0]);
        assertEquals(5, pair.a.metrics().dcepErrors());
        assertEquals(0, pair.a.metrics().rejectedOpens());
        assertEquals(ReadyState.OPEN, mine.readyState());
        assertEquals("mine", pair.a.channel(0).label());
    }

    @Test
    void dropsMessagesForUnknownStreamsAndPpids() {
        DataChannelPair pair = established();
        DataChannel mine = pair.a.createDataChannel("mine");
        ChannelRecorder recorder = pair.record(mine);
        link.run();
        injectFromB(42, PayloadProtocolIdentifier.PPID_STRING, utf8("nobody"));
        injectFromB(0, 0, utf8("ppid 0"));
        injectFromB(0, 55, utf8("ppid 55"));
        injectFromB(0, PayloadProtocolIdentifier.PPID_STRING, utf8("ok"));
        assertEquals(3, pair.a.metrics().droppedMessages());
        assertEquals(List.of("ok"), recorder.texts);
    }

    @Test
    void dropsMessagesWithoutAHandler() {
        DataChannelPair pair = established();
        DataChannel mine = pair.a.createDataChannel("mine").onText(t -> { });
        link.run();
        injectFromB(0, PayloadProtocolIdentifier.PPID_BINARY, new byte[] {1});
        assertEquals(1, pair.a.metrics().droppedMessages());
        assertEquals(ReadyState.OPEN, mine.readyState());
    }

    @Test
    void dropsMessagesArrivingWhileClosing() {
        DataChannelPair pair = established();
        DataChannel mine = pair.a.createDataChannel("mine");
        ChannelRecorder recorder = pair.record(mine);
        link.run();
        mine.close();
        // the peer's data already in flight before it saw our reset
        link.b().send(0, PayloadProtocolIdentifier.PPID_STRING, utf8("late"), 0, 4, false, -1, -1, 0);
        link.run();
        assertEquals(List.of(), recorder.texts);
        assertEquals(1, pair.a.metrics().droppedMessages());
        assertEquals(ReadyState.CLOSED, mine.readyState());
    }

    @Test
    void treatsEmptyPpidsAsEmptyMessagesWhateverTheirByte() {
        DataChannelPair pair = established();
        DataChannel mine = pair.a.createDataChannel("mine");
        ChannelRecorder recorder = pair.record(mine);
        link.run();
        injectFromB(0, PayloadProtocolIdentifier.PPID_STRING_EMPTY, new byte[] {0});
        injectFromB(0, PayloadProtocolIdentifier.PPID_BINARY_EMPTY, new byte[] {0x7f});
        assertEquals(List.of("open", "text:", "binary:"), recorder.events);
    }

    @Test
    void sendsEmptyMessagesAsOneZeroByteWithTheEmptyPpid() {
        DataChannelPair pair = established();
        DataChannel mine = pair.a.createDataChannel("mine");
        mine.send("");
        mine.send(new byte[0]);
        mine.send(new byte[4], 2, 0);
        List<Sent> user = link.a().sentUserMessages();
        assertEquals(List.of(56, 57, 57), user.stream().map(Sent::ppid).toList());
        for (Sent s : user) {
            assertArrayEquals(new byte[] {0}, s.data());
        }
    }

    @Test
    void reassemblesDeprecatedPartialMessages() {
        DataChannelPair pair = established();
        DataChannel mine = pair.a.createDataChannel("mine");
        ChannelRecorder recorder = pair.record(mine);
        link.run();
        injectFromB(0, PayloadProtocolIdentifier.PPID_STRING_PARTIAL, utf8("hel"));
        injectFromB(0, PayloadProtocolIdentifier.PPID_STRING_PARTIAL, utf8("lo "));
        injectFromB(0, PayloadProtocolIdentifier.PPID_STRING, utf8("world"));
        injectFromB(0, PayloadProtocolIdentifier.PPID_BINARY_PARTIAL, new byte[] {1, 2});
        injectFromB(0, PayloadProtocolIdentifier.PPID_BINARY, new byte[] {3});
        assertEquals(List.of("open", "text:hello world", "binary:010203"), recorder.events);
        assertEquals(0, pair.a.metrics().droppedMessages());
    }

    @Test
    void dropsPartialMessagesOverTheLimit() {
        DataChannelPair pair = new DataChannelPair(link, new DataChannelLimits(8, 100, 4));
        link.establish();
        DataChannel mine = pair.a.createDataChannel("mine");
        ChannelRecorder recorder = pair.record(mine);
        link.run();
        injectFromB(0, PayloadProtocolIdentifier.PPID_BINARY_PARTIAL, new byte[] {1, 2, 3});
        injectFromB(0, PayloadProtocolIdentifier.PPID_BINARY_PARTIAL, new byte[] {4, 5}); // 5 > 4
        injectFromB(0, PayloadProtocolIdentifier.PPID_BINARY, new byte[] {6});            // end of the dropped message
        injectFromB(0, PayloadProtocolIdentifier.PPID_BINARY, new byte[] {7});            // next message is fine
        assertEquals(List.of("open", "binary:07"), recorder.events);
        assertEquals(2, pair.a.metrics().droppedMessages());
    }

    @Test
    void dropsPartialMessageThatSwitchesKind() {
        DataChannelPair pair = established();
        DataChannel mine = pair.a.createDataChannel("mine");
        ChannelRecorder recorder = pair.record(mine);
        link.run();
        injectFromB(0, PayloadProtocolIdentifier.PPID_BINARY_PARTIAL, new byte[] {1});
        injectFromB(0, PayloadProtocolIdentifier.PPID_STRING, utf8("x"));
        injectFromB(0, PayloadProtocolIdentifier.PPID_STRING, utf8("y"));
        assertEquals(List.of("open", "text:y"), recorder.events);
        assertEquals(1, pair.a.metrics().droppedMessages());
    }

    // ---- send failures ----

    @Test
    void throwsWhenSendingOnAChannelThatIsNotOpen() {
        DataChannelPair pair = new DataChannelPair(link);
        DataChannel connecting = pair.a.createDataChannel("c");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> connecting.send("x"));
        assertEquals("data channel 'c' (stream 0) is CONNECTING (expected: OPEN)", e.getMessage());
    }

    @Test
    void throwsWhenTheMessageIsLargerThanTheMaxMessageSize() {
        link.a().maxMessageSize = 1000;
        DataChannelPair pair = established();
        DataChannel ch = pair.a.createDataChannel("c");
        ch.send(new byte[1000]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ch.send(new byte[1001]));
        assertEquals("message size: 1001 (expected: <= max-message-size 1000) on data channel 'c'", e.getMessage());
        assertEquals(1, link.a().sentUserMessages().size());
        assertEquals(1000, pair.a.maxMessageSize());
    }

    @Test
    void throwsBufferFullWithoutQueuingAndRecoversAfterTheBufferDrains() {
        link.a().sendBufferLimit = 2500;
        DataChannelPair pair = established();
        DataChannel ch = pair.a.createDataChannel("c");
        link.run();
        ch.send(new byte[1000]);
        ch.send(new byte[1000]);
        DataChannelBufferFullException e = assertThrows(DataChannelBufferFullException.class, () -> ch.send(new byte[1000]));
        assertEquals(0, e.streamId());
        assertEquals(2000, e.bufferedAmount());
        assertTrue(e.getMessage().contains("retry after onBufferedAmountLow"), e.getMessage());
        assertEquals(2, link.a().sentUserMessages().size(), "nothing queued");
        assertEquals(ReadyState.OPEN, ch.readyState());

        link.run();
        ch.send(new byte[1000]);
        assertEquals(3, link.a().sentUserMessages().size());
    }

    @Test
    void throwsWhenTheDataChannelOpenCannotBeQueued() {
        link.a().sendBufferLimit = 20;
        DataChannelPair pair = established();
        assertThrows(DataChannelBufferFullException.class, () -> pair.a.createDataChannel("too long for the buffer"));
        assertEquals(0, pair.a.channelCount());
        assertEquals(0, pair.a.createDataChannel("ok").id(), "id not leaked");
    }

    @Test
    void failsChannelWhoseOpenCannotBeSentAtEstablishment() {
        link.a().sendBufferLimit = 5;
        DataChannelPair pair = new DataChannelPair(link);
        DataChannel ch = pair.a.createDataChannel("too long for the buffer");
        ChannelRecorder recorder = pair.record(ch);
        link.establish();
        assertEquals(ReadyState.CLOSED, ch.readyState());
        assertEquals(List.of("error:could not send DATA_CHANNEL_OPEN: BUFFER_FULL", "close"), recorder.lifecycle());
        assertEquals(0, pair.a.channelCount());
    }

    // ---- lifecycle details ----

    @Test
    void closesAConnectingChannelWithoutTouchingTheWire() {
        DataChannelPair pair = new DataChannelPair(link);
        DataChannel ch = pair.a.createDataChannel("c");
        ChannelRecorder recorder = pair.record(ch);
        ch.close();
        assertEquals(ReadyState.CLOSED, ch.readyState());
        assertEquals(List.of("close"), recorder.lifecycle());
        link.establish();
        link.run();
        assertTrue(link.a().sent.isEmpty(), "no DATA_CHANNEL_OPEN for a channel closed before establishment");
        assertTrue(link.a().resetRequests.isEmpty());
        assertTrue(pair.incomingB.isEmpty());
    }

    @Test
    void requestsOneResetAndClosesAfterBothDirections() {
        DataChannelPair pair = established();
        DataChannel ch = pair.a.createDataChannel("c");
        link.run();
        ch.close();
        ch.close();
        assertEquals(1, link.a().resetRequests.size());
        assertEquals(ReadyState.CLOSING, ch.readyState());
        link.a().deliverOne(); // our reset reaches B, performed: outgoing direction done
        assertEquals(ReadyState.CLOSING, ch.readyState(), "waiting for the peer's reset");
        link.run();
        assertEquals(ReadyState.CLOSED, ch.readyState());
        assertEquals(1, link.b().resetRequests.size(), "the peer reset its side in reply");
    }

    @Test
    void acceptsReuseOfAStreamWhoseResetResponseIsStillOnTheWay() {
        DataChannelPair pair = established();
        DataChannel first = pair.b.createDataChannel("first");
        link.run();
        DataChannel atA = pair.incomingA.getFirst();
        ChannelRecorder firstAtA = pair.recorder(atA);
        link.a().holdResetResponses = true; // B performs A's reset, but A hears of it late
        first.close();
        link.run();
        assertEquals(ReadyState.CLOSED, first.readyState(), "B saw both directions reset");
        assertEquals(ReadyState.CLOSING, atA.readyState(), "A still waits for the response to its reset");

        DataChannel second = pair.b.createDataChannel("second");
        assertEquals(first.id(), second.id(), "B reuses the id at once");
        link.run();

        assertEquals(ReadyState.CLOSED, atA.readyState());
        assertEquals(List.of("open", "close"), firstAtA.lifecycle());
        assertEquals(List.of("first", "second"), pair.incomingA.stream().map(DataChannel::label).toList());
        assertEquals(0, pair.a.metrics().dcepErrors());
        link.a().releaseResetResponses(); // the late response must not close the new channel
        assertEquals(ReadyState.OPEN, pair.incomingA.get(1).readyState());
    }

    @Test
    void closesConnectingChannelsWithErrorWhenLostBeforeEstablishment() {
        DataChannelPair pair = new DataChannelPair(link);
        DataChannel ch = pair.a.createDataChannel("c");
        ChannelRecorder recorder = pair.record(ch);
        link.lose("handshake timeout");
        assertEquals(List.of("error:SCTP association lost: handshake timeout", "close"), recorder.lifecycle());
        pair.a.onAssociationEstablished(); // a late event is ignored
        assertEquals(ReadyState.CLOSED, ch.readyState());
    }

    @Test
    void runsOpenAndCloseHandlersSetAfterTheEvent() {
        DataChannelPair pair = established();
        DataChannel ch = pair.a.createDataChannel("c");
        List<String> events = new ArrayList<>();
        ch.onOpen(() -> events.add("open"));
        ch.onClose(() -> events.add("close (early)"));
        link.run();
        ch.close();
        link.run();
        ch.onClose(() -> events.add("close (late)"));
        ch.onOpen(() -> events.add("open (late, not run: closed)"));
        assertEquals(List.of("open", "close (early)", "close (late)"), events);
    }

    @Test
    void survivesHandlersThatThrow() {
        DataChannelPair pair = established();
        pair.b.onDataChannel(ch -> {
            throw new IllegalStateException("application bug in onDataChannel");
        });
        DataChannel ch = pair.a.createDataChannel("c");
        link.run();
        DataChannel remote = pair.b.channel(ch.id());
        List<String> texts = new ArrayList<>();
        remote.onText(t -> {
            texts.add(t);
            throw new IllegalStateException("application bug in onText");
        });
        ch.send("one");
        ch.send("two");
        link.run();
        assertEquals(List.of("one", "two"), texts);
        assertEquals(ReadyState.OPEN, remote.readyState());
    }

    @Test
    void appliesBufferedAmountLowThresholdToTheTransport() {
        DataChannelPair pair = new DataChannelPair(link);
        DataChannel ch = pair.a.createDataChannel("c").bufferedAmountLowThreshold(4096);
        link.establish();
        assertEquals(4096, link.a().bufferedAmountLowThreshold(ch.id()), "applied when the channel opens");
        ch.bufferedAmountLowThreshold(100);
        assertEquals(100, link.a().bufferedAmountLowThreshold(ch.id()));
        assertThrows(IllegalArgumentException.class, () -> ch.bufferedAmountLowThreshold(-1));
    }

    @Test
    void requiresATransportBeforeEstablishment() {
        DataChannelManager manager = new DataChannelManager(DtlsRole.SERVER, () -> 0L);
        assertThrows(IllegalStateException.class, manager::onAssociationEstablished);
        manager.attach(link.a());
        assertThrows(IllegalStateException.class, () -> manager.attach(link.b()));
    }

    @Test
    void describesItselfForLogs() {
        DataChannelPair pair = established();
        DataChannel ch = pair.a.createDataChannel("pos", DataChannelInit.builder().ordered(false).maxRetransmits(0).build());
        assertEquals("DataChannel[label=pos, id=0, state=OPEN, ordered=false, maxRetransmits=0]", ch.toString());
        assertTrue(pair.a.toString().startsWith("DataChannelManager[role=CLIENT, established=true, channels=1"),
                pair.a.toString());
    }
}
