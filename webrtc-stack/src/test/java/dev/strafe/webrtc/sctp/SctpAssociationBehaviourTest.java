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
        p.a.bufferedAmountLowThreshold(0, 0); // before establishment: kept and applied later
        assertTrue(p.connect());
        assertEquals(SendStatus.MESSAGE_TOO_LARGE, sendReliable(p, p.a, 0, new byte[1001]));
        assertEquals(SendStatus.INVALID_STREAM, sendReliable(p, p.a, 5000, new byte[1]));
        int accepted = 0;
        while (sendReliable(p, p.a, 0, new byte[1000]) == SendStatus.ACCEPTED) {
            accepted++;
        }
        assertEquals(5, accepted);
        assertEquals(1, p.a.metrics().bufferFullRefusals());
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
        // the same against a listening association (INIT / COOKIE ECHO processing, no state yet)
        SctpAssociation fresh = new SctpAssociation(SctpConfig.defaults(), new SplittableRandom(6), new SctpPair.Recorder("C"));
        SctpAssociation initiator = new SctpAssociation(SctpConfig.defaults(), new SplittableRandom(7), new SctpPair.Recorder("D"));
        initiator.connect(p.now());
        byte[] init = java.util.Arrays.copyOf(out, initiator.poll(out, 0, p.now()));
        for (int i = 0; i < 20_000; i++) {
            byte[] d = init.clone();
            for (int m = 0; m < 1 + rnd.nextInt(3); m++) {
                d[rnd.nextInt(d.length)] = (byte) rnd.nextInt(256);
            }
            SctpPacket.writeChecksum(crc, d, 0, d.length);
            try {
                fresh.handle(d, 0, d.length, p.now());
                while (fresh.poll(out, 0, p.now()) > 0) {
                    // drain INIT ACKs
                }
            } catch (RuntimeException e) {
                fail("INIT variant threw " + e, e);
            }
        }
        assertEquals(SctpAssociation.State.CLOSED, fresh.state());
    }

    @Test
    void acceptsDataBundledWithCookieEchoAsChromiumSends() throws MalformedChunkException {
        SctpPair.Recorder rb = new SctpPair.Recorder("B");
        SctpAssociation a = new SctpAssociation(SctpConfig.defaults(), new SplittableRandom(30), new SctpPair.Recorder("A"));
        SctpAssociation b = new SctpAssociation(SctpConfig.defaults(), new SplittableRandom(31), rb);
        byte[] buf = new byte[1500];
        a.connect(0);
        int n = a.poll(buf, 0, 0);
        InitChunk init = (InitChunk) SctpPacket.decode(buf, 0, n).chunks().getFirst();
        b.handle(buf, 0, n, 0);
        n = b.poll(buf, 0, 0);
        a.handle(buf, 0, n, 0);
        n = a.poll(buf, 0, 0);
        SctpPacket echo = SctpPacket.decode(buf, 0, n);
        List<Chunk> bundle = new ArrayList<>(echo.chunks());
        bundle.add(new dev.strafe.webrtc.sctp.chunk.DataChunk(3, init.initialTsn(), 0, 0, 50, new byte[]{3, 0, 0, 0}));
        byte[] pkt = new SctpPacket(5000, 5000, echo.verificationTag(), bundle).encode();
        b.handle(pkt, 0, pkt.length, 0);
        assertTrue(rb.established);
        assertEquals(1, rb.messages.size());
        assertEquals(50, rb.messages.getFirst().ppid());
    }

    @Test
    void establishesWithSimultaneousInitUnderLoss() {
        for (int seed = 40; seed < 60; seed++) {
            SctpPair p = new SctpPair(seed);
            p.bridge.loss(0.3).delay(20 * MS).jitter(10 * MS);
            int s = seed;
            assertTrue(p.connectBoth(), () -> "seed " + s + ": " + p.a + " / " + p.b);
            sendReliable(p, p.a, 0, new byte[5000]);
            sendReliable(p, p.b, 1, new byte[5000]);
            assertTrue(p.bridge.runUntil(() -> p.ra.messages.size() == 1 && p.rb.messages.size() == 1, 600_000 * MS),
                    () -> "seed " + s + ": " + p.a + " / " + p.b);
        }
    }

    @Test
    void answersInProgressWhileResetTsnsAreMissingThenPerformsIt() {
        SctpPair p = new SctpPair(50);
        assertTrue(p.connect());
        p.bridge.delay(10 * MS);
        List<Long> results = new ArrayList<>();
        p.bridge.bToA().filter(d -> {
            for (Chunk c : chunks(d)) {
                if (c instanceof dev.strafe.webrtc.sctp.chunk.ReConfigChunk rc) {
                    rc.params().forEach(x -> results.add(((dev.strafe.webrtc.sctp.param.ReconfigurationResponseParam) x).result()));
                }
            }
            return true;
        });
        // lose the DATA packet so the receiver's cumulative TSN is behind the request's last assigned TSN
        p.bridge.aToB().filter(d -> !(chunks(d).stream().anyMatch(c -> c instanceof dev.strafe.webrtc.sctp.chunk.DataChunk))
                || p.bridge.aToB().filtered() > 0);
        sendReliable(p, p.a, 4, new byte[100]);
        p.a.resetOutgoingStreams(4);
        assertTrue(p.bridge.runUntil(() -> !p.rb.incomingResets.isEmpty() && !p.ra.outgoingResets.isEmpty(), 60_000 * MS));
        assertEquals(1, p.rb.messages.size(), "the data before the reset is delivered before the reset is performed");
        assertEquals(dev.strafe.webrtc.sctp.param.ReconfigurationResponseParam.IN_PROGRESS, results.getFirst());
        assertEquals(dev.strafe.webrtc.sctp.param.ReconfigurationResponseParam.SUCCESS_PERFORMED, results.getLast());
    }

    @Test
    void busyStreamDoesNotStarveAnotherStream() {
        SctpPair p = new SctpPair(SctpConfig.builder().maxSendBufferBytes(16L << 20).build(), 51);
        assertTrue(p.connect());
        p.bridge.delay(10 * MS);
        for (int i = 0; i < 40; i++) {
            sendReliable(p, p.a, 1, new byte[64 * 1024]);
        }
        sendReliable(p, p.a, 2, new byte[]{42});
        assertTrue(p.bridge.runUntil(() -> p.rb.messages.stream().anyMatch(m -> m.streamId() == 2), 60_000 * MS));
        long bulkBefore = p.rb.messages.stream().filter(m -> m.streamId() == 1).count();
        assertTrue(bulkBefore <= 2, "stream 2 waited for " + bulkBefore + " bulk messages");
    }

    @Test
    void completesShutdownWhenShutdownCompleteIsLost() {
        SctpPair p = new SctpPair(52);
        assertTrue(p.connect());
        p.bridge.aToB().filter(d -> !(chunks(d).getFirst() instanceof dev.strafe.webrtc.sctp.chunk.ShutdownCompleteChunk sc)
                || sc.tBit() || p.bridge.aToB().filtered() > 0);
        p.a.shutdown(p.now());
        assertTrue(p.bridge.runUntil(() -> p.ra.closed && p.rb.closed, 60_000 * MS), () -> p.a + " / " + p.b);
        assertEquals(1, p.bridge.aToB().filtered(), "the first SHUTDOWN COMPLETE was lost; the T-bit reply closed B");
    }

    @Test
    void finishedAssociationIsNeverSetUpAgain() {
        SctpPair p = new SctpPair(53);
        assertTrue(p.connect());
        p.a.abort("done");
        p.bridge.runFor(1_000 * MS);
        assertEquals(SctpAssociation.State.CLOSED, p.b.state());
        SctpAssociation fresh = new SctpAssociation(SctpConfig.defaults(), new SplittableRandom(99), new SctpPair.Recorder("C"));
        fresh.connect(p.now());
        byte[] init = new byte[1500];
        int n = fresh.poll(init, 0, p.now());
        p.b.handle(init, 0, n, p.now());
        assertEquals(0, p.b.poll(init, 0, p.now()), "no INIT ACK from a finished association");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> p.b.connect(p.now()));
    }

    @Test
    void shutsDownWhenBothSidesStartAtOnce() {
        SctpPair p = new SctpPair(54);
        assertTrue(p.connect());
        p.bridge.delay(20 * MS);
        sendReliable(p, p.a, 0, new byte[2000]);
        sendReliable(p, p.b, 1, new byte[2000]);
        p.a.shutdown(p.now());
        p.b.shutdown(p.now());
        assertTrue(p.bridge.runUntil(() -> p.ra.closed && p.rb.closed, 60_000 * MS), () -> p.a + " / " + p.b);
        assertEquals(1, p.ra.messages.size());
        assertEquals(1, p.rb.messages.size());
        assertNull(p.ra.lost);
        assertNull(p.rb.lost);
    }
}
