package dev.strafe.webrtc.sctp;

import dev.strafe.webrtc.sctp.chunk.Chunk;
import dev.strafe.webrtc.sctp.chunk.ErrorChunk;
import dev.strafe.webrtc.sctp.chunk.InitAckChunk;
import dev.strafe.webrtc.sctp.chunk.InitChunk;
import dev.strafe.webrtc.sctp.chunk.MalformedChunkException;
import dev.strafe.webrtc.sctp.chunk.SackChunk;
import dev.strafe.webrtc.sctp.chunk.UnknownChunk;
import dev.strafe.webrtc.sctp.param.ErrorCause;
import dev.strafe.webrtc.sctp.param.ForwardTsnSupportedParam;
import dev.strafe.webrtc.sctp.param.UnknownParam;
import dev.strafe.webrtc.sctp.param.UnrecognizedParam;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.strafe.webrtc.sctp.SctpPair.MS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class SctpAssociationBehaviourTest {

    static SendStatus sendReliable(SctpPair p, SctpAssociation s, int stream, byte[] m) {
        return s.send(stream, 53, m, 0, m.length, false, SctpTransport.RELIABLE, SctpTransport.NO_LIFETIME, p.now());
    }

    static List<Chunk> chunks(byte[] d) {
        try {
            return SctpPacket.decode(d, 0, d.length).chunks();
        } catch (MalformedChunkException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void establishesWhenInitIsLost() {
        SctpPair p = new SctpPair(10);
        p.bridge.aToB().drop(1);
        assertTrue(p.connect());
        assertEquals(1, p.bridge.aToB().dropped());
    }

    @Test
    void establishesWhenCookieEchoIsLost() {
        SctpPair p = new SctpPair(11);
        p.bridge.aToB().filter(new java.util.function.Predicate<>() {
            boolean dropped;

            @Override
            public boolean test(byte[] d) {
                if (!dropped && chunks(d).getFirst() instanceof dev.strafe.webrtc.sctp.chunk.CookieEchoChunk) {
                    dropped = true;
                    return false;
                }
                return true;
            }
        });
        assertTrue(p.connect());
        assertEquals(1, p.bridge.aToB().filtered());
    }

    @Test
    void establishesWhenCookieAckIsLost() {
        SctpPair p = new SctpPair(12);
        p.bridge.bToA().filter(d -> !(chunks(d).getFirst() instanceof dev.strafe.webrtc.sctp.chunk.CookieAckChunk) || p.bridge.bToA().filtered() > 0);
        assertTrue(p.connect());
    }

    @Test
    void failsSetupAfterMaxInitRetransmits() {
        SctpPair p = new SctpPair(SctpConfig.builder().maxInitRetransmits(3).build(), 13);
        p.bridge.aToB().filter(d -> false);
        p.a.connect(p.now());
        assertTrue(p.bridge.runUntil(() -> p.ra.lost != null, 600_000 * MS));
        assertTrue(p.ra.lost.contains("INIT"), p.ra.lost);
        assertEquals(4, p.bridge.aToB().filtered()); // INIT + 3 retransmissions
    }

    @Test
    void resetsStreamOnBothSidesAndReusesIt() {
        SctpPair p = new SctpPair(14);
        assertTrue(p.connect());
        sendReliable(p, p.a, 1, new byte[]{1});
        sendReliable(p, p.a, 1, new byte[]{2});
        p.a.resetOutgoingStreams(1);
        assertEquals(SendStatus.INVALID_STREAM, sendReliable(p, p.a, 1, new byte[]{3}));
        assertTrue(p.bridge.runUntil(() -> !p.ra.outgoingResets.isEmpty() && !p.rb.incomingResets.isEmpty(), 10_000 * MS));
        assertArrayEquals(new int[]{1}, p.ra.outgoingResets.getFirst());
        assertArrayEquals(new int[]{1}, p.rb.incomingResets.getFirst());
        assertEquals(2, p.rb.messages.size(), "data sent before the reset arrives first");
        // the stream starts over at SSN 0 and still delivers in order
        assertEquals(SendStatus.ACCEPTED, sendReliable(p, p.a, 1, new byte[]{4}));
        assertEquals(SendStatus.ACCEPTED, sendReliable(p, p.a, 1, new byte[]{5}));
        assertTrue(p.bridge.runUntil(() -> p.rb.messages.size() == 4, 10_000 * MS));
        assertArrayEquals(new byte[]{5}, p.rb.messages.get(3).data());
    }

    @Test
    void resetsStreamUnderLoss() {
        SctpPair p = new SctpPair(15);
        assertTrue(p.connect());
        p.bridge.loss(0.2).delay(10 * MS);
        for (int i = 0; i < 20; i++) {
            sendReliable(p, p.a, 3, new byte[500]);
        }
        p.a.resetOutgoingStreams(3);
        assertTrue(p.bridge.runUntil(() -> !p.ra.outgoingResets.isEmpty() && !p.rb.incomingResets.isEmpty(), 120_000 * MS),
                () -> p.a + " / " + p.b);
        assertEquals(20, p.rb.messages.size());
    }

    @Test
    void shutsDownGracefullyAfterDeliveringQueuedData() {
        SctpPair p = new SctpPair(16);
        assertTrue(p.connect());
        p.bridge.loss(0.1);
        for (int i = 0; i < 10; i++) {
            sendReliable(p, p.a, 0, new byte[3000]);
        }
        p.a.shutdown(p.now());
        assertEquals(SendStatus.NOT_ESTABLISHED, sendReliable(p, p.a, 0, new byte[1]));
        assertTrue(p.bridge.runUntil(() -> p.ra.closed && p.rb.closed, 120_000 * MS), () -> p.a + " / " + p.b);
        assertEquals(10, p.rb.messages.size());
        assertEquals(SctpAssociation.State.CLOSED, p.a.state());
        assertEquals(SctpAssociation.State.CLOSED, p.b.state());
        assertNull(p.ra.lost);
        assertEquals(Long.MAX_VALUE, p.a.nextDeadline());
    }

    @Test
    void reportsAbortToThePeer() {
        SctpPair p = new SctpPair(17);
        assertTrue(p.connect());
        p.a.abort("game over");
        assertTrue(p.bridge.runUntil(() -> p.rb.lost != null, 10_000 * MS));
        assertTrue(p.rb.lost.contains("game over"), p.rb.lost);
        assertEquals(SctpAssociation.State.CLOSED, p.b.state());
    }

    @Test
    void detectsPeerLossByHeartbeatsWhenIdle() {
        SctpPair p = new SctpPair(SctpConfig.builder().heartbeatIntervalNanos(1_000 * MS).maxAssociationRetransmits(3).build(), 18);
        assertTrue(p.connect());
        p.bridge.bToA().filter(d -> false);
        assertTrue(p.bridge.runUntil(() -> p.ra.lost != null, 600_000 * MS));
        assertTrue(p.ra.lost.contains("heartbeat"), p.ra.lost);
        assertTrue(p.a.metrics().heartbeatsSent() >= 3);
    }

    @Test
    void refusesTooLargeMessagesAndFullBuffers() {
        SctpPair p = new SctpPair(SctpConfig.builder().maxMessageSize(1000).maxSendBufferBytes(5000).maxReassemblyBytes(4000).build(), 19);
        assertEquals(SendStatus.NOT_ESTABLISHED, sendReliable(p, p.a, 0, new byte[1]));
        assertTrue(p.connect());
        assertEquals(SendStatus.MESSAGE_TOO_LARGE, sendReliable(p, p.a, 0, new byte[1001]));
        assertEquals(SendStatus.INVALID_STREAM, sendReliable(p, p.a, 5000, new byte[1]));
        int accepted = 0;
        while (sendReliable(p, p.a, 0, new byte[1000]) == SendStatus.ACCEPTED) {
            accepted++;
        }
        assertEquals(5, accepted);
        assertEquals(1, p.a.metrics().bufferFullRefusals());
        p.a.bufferedAmountLowThreshold(0, 0);
        assertTrue(p.bridge.runUntil(() -> p.rb.messages.size() == 5 && !p.ra.lowEvents.isEmpty(), 10_000 * MS));
        assertEquals(0, p.a.bufferedAmount(0));
    }

    @Test
    void delaysSackUpTo200MsForASinglePacket() {
        SctpPair p = new SctpPair(20);
        assertTrue(p.connect());
        sendReliable(p, p.a, 0, new byte[10]);
        assertTrue(p.bridge.runUntil(() -> p.rb.messages.size() == 1, 1_000 * MS));
        p.bridge.runFor(1_000 * MS); // the first DATA is SACKed at once; let everything settle
        List<Long> sackTimes = new ArrayList<>();
        p.bridge.bToA().filter(d -> {
            if (chunks(d).stream().anyMatch(c -> c instanceof SackChunk)) {
                sackTimes.add(p.now());
            }
            return true;
        });
        long sent = p.now();
        sendReliable(p, p.a, 0, new byte[10]);
        p.bridge.runFor(1_000 * MS);
        assertEquals(1, sackTimes.size(), () -> sackTimes.stream().map(t -> (t - sent) / MS + " ms").toList().toString());
        assertEquals(200 * MS, sackTimes.getFirst() - sent);
    }

    @Test
    void answersInitWithUnknownParamsSkippingZeroChecksumAndReportingOthers() {
        SctpAssociation b = new SctpAssociation(SctpConfig.defaults(), new SplittableRandom(1), new SctpPair.Recorder("B"));
        InitChunk init = new InitChunk(0x1234, 5_242_880, 65_535, 65_535, 77, List.of(ForwardTsnSupportedParam.INSTANCE,
                new UnknownParam(0x8001, new byte[]{0, 0, 0, 1}), new UnknownParam(0xC00F, new byte[]{9, 9, 9, 9})));
        byte[] pkt = new SctpPacket(5000, 5000, 0, List.of(init)).encode();
        b.handle(pkt, 0, pkt.length, 0);
        byte[] out = new byte[1500];
        int n = b.poll(out, 0, 0);
        assertTrue(n > 0);
        SctpPacket reply;
        try {
            reply = SctpPacket.decode(out, 0, n);
        } catch (MalformedChunkException e) {
            throw new AssertionError(e);
        }
        assertEquals(0x1234, reply.verificationTag());
        InitAckChunk ack = assertInstanceOf(InitAckChunk.class, reply.chunks().getFirst());
        List<UnrecognizedParam> reported = ack.params().stream().filter(UnrecognizedParam.class::isInstance)
                .map(UnrecognizedParam.class::cast).toList();
        assertEquals(1, reported.size(), "only the 0xC00F param has the report bit");
        assertEquals((byte) 0xC0, reported.getFirst().unrecognized()[0]);
        assertEquals(SctpAssociation.State.CLOSED, b.state(), "no state before COOKIE ECHO");
    }

    @Test
    void reportsUnknownChunkWithReportBitInError() {
        SctpPair p = new SctpPair(21);
        assertTrue(p.connect());
        List<Chunk> seen = new ArrayList<>();
        p.bridge.bToA().filter(d -> seen.addAll(chunks(d)) || true);
        // inject a packet A -> B with an unknown chunk type 0xC1 (skip + report) using A's tags
        byte[] probe = new byte[1500];
        // take tags from a real packet of A
        sendReliable(p, p.a, 0, new byte[1]);
        int n = p.a.poll(probe, 0, p.now());
        long peerTag = SctpPacket.verificationTag(probe, 0);
        byte[] pkt = new SctpPacket(5000, 5000, peerTag, List.of(new UnknownChunk(0xC1, 0, new byte[]{1, 2, 3}))).encode();
        p.b.handle(pkt, 0, pkt.length, p.now());
        p.b.handle(probe, 0, n, p.now());
        p.bridge.runFor(500 * MS);
        ErrorChunk err = seen.stream().filter(ErrorChunk.class::isInstance).map(ErrorChunk.class::cast).findFirst().orElseThrow();
        assertEquals(ErrorCause.UNRECOGNIZED_CHUNK_TYPE, err.causes().getFirst().code());
        assertEquals(1, p.rb.messages.size());
    }

    @Test
    void dropsPacketsWithWrongVerificationTagOrChecksum() {
        SctpPair p = new SctpPair(22);
        assertTrue(p.connect());
        sendReliable(p, p.a, 0, new byte[5]);
        byte[] pkt = new byte[1500];
        int n = p.a.poll(pkt, 0, p.now());
        byte[] wrongTag = java.util.Arrays.copyOf(pkt, n);
        wrongTag[4] ^= 1;
        SctpPacket.writeChecksum(new java.util.zip.CRC32C(), wrongTag, 0, n);
        p.b.handle(wrongTag, 0, n, p.now());
        byte[] badCrc = java.util.Arrays.copyOf(pkt, n);
        badCrc[n - 1] ^= 1;
        p.b.handle(badCrc, 0, n, p.now());
        assertEquals(2, p.b.metrics().invalidPackets());
        assertEquals(0, p.rb.messages.size());
        p.b.handle(pkt, 0, n, p.now());
        assertEquals(1, p.rb.messages.size());
    }

    /** Property: mutated valid packets and garbage never make the association throw; they are counted. */
    @Test
    void neverThrowsOnGarbageOrMutatedPackets() {
        SctpPair p = new SctpPair(23);
        assertTrue(p.connect());
        List<byte[]> valid = new ArrayList<>();
        p.bridge.aToB().filter(d -> valid.add(d.clone()));
        for (int i = 0; i < 30; i++) {
            p.a.send(i % 3, 53, new byte[100 + 300 * i], 0, 100 + 300 * i, i % 2 == 0, i % 4 == 0 ? 0 : -1, -1, p.now());
        }
        p.a.resetOutgoingStreams(2);
        p.bridge.runFor(2_000 * MS);
        SplittableRandom rnd = new SplittableRandom(5);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        byte[] out = new byte[1500];
        for (int i = 0; i < 20_000; i++) {
            byte[] d = valid.get(rnd.nextInt(valid.size())).clone();
            int mutations = 1 + rnd.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                d[12 + rnd.nextInt(d.length - 12)] = (byte) rnd.nextInt(256);
            }
            if (rnd.nextBoolean()) {
                SctpPacket.writeChecksum(crc, d, 0, d.length); // get past the CRC to exercise chunk handling
            }
            try {
                p.b.handle(d, 0, d.length, p.now());
                while (p.b.poll(out, 0, p.now()) > 0) {
                    // drain
                }
            } catch (RuntimeException e) {
                fail("packet threw " + e, e);
            }
        }
        assertTrue(p.b.metrics().invalidPackets() > 0);
        assertNotNull(p.b.toString());
    }
}
