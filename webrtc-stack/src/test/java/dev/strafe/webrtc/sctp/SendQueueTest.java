package dev.strafe.webrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SendQueueTest {

    private static final int R = SctpTransport.RELIABLE;
    private static final long NL = SctpTransport.NO_LIFETIME;

    private final List<Integer> lowEvents = new ArrayList<>();
    private final SendQueue.Fragment f = new SendQueue.Fragment();

    private SendQueue queue() {
        return new SendQueue(16, 1_000, 2_000, 100, lowEvents::add);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static SendStatus send(SendQueue q, int stream, String text) {
        byte[] b = bytes(text);
        return q.enqueue(stream, 51, b, 0, b.length, false, R, NL, 0);
    }

    private String slice(SendQueue.Fragment fragment) {
        return new String(fragment.data(), fragment.offset(), fragment.length(), StandardCharsets.ISO_8859_1);
    }

    /** Pulls every message with the given payload size; returns "stream:ssn:text" per message. */
    private List<String> drain(SendQueue q, int maxPayload) {
        List<String> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (q.next(maxPayload, 0, f)) {
            assertEquals(text.isEmpty(), f.beginning());
            text.append(slice(f));
            if (f.ending()) {
                out.add(f.streamId() + ":" + f.ssn() + ":" + text);
                text.setLength(0);
            }
        }
        return out;
    }

    @Test
    void fragmentsAMessageIntoCallerGivenPayloadSizesWithoutCopying() {
        SendQueue q = queue();
        send(q, 1, "abcdefghij");
        assertEquals(4, q.nextFragmentLength(4, 0));
        assertTrue(q.next(4, 0, f));
        byte[] shared = f.data();
        assertEquals("abcd", slice(f));
        assertTrue(f.beginning());
        assertFalse(f.ending());
        assertTrue(q.next(5, 0, f));
        assertEquals("efghi", slice(f));
        assertFalse(f.beginning());
        assertFalse(f.ending());
        assertSame(shared, f.data(), "fragments are slices of one array");
        assertEquals(1, q.nextFragmentLength(100, 0));
        assertTrue(q.next(100, 0, f));
        assertEquals("j", slice(f));
        assertTrue(f.ending());
        assertFalse(q.next(100, 0, f));
        assertEquals(0, q.nextFragmentLength(100, 0));
        assertEquals(0, q.unsentBytes());
        assertEquals(10, q.bufferedAmount(1), "sent but not acknowledged");
    }

    @Test
    void copiesTheUsersBytesButTakesOwnershipWhenAsked() {
        SendQueue q = queue();
        byte[] user = bytes("xxhelloxx");
        q.enqueue(0, 51, user, 2, 5, false, R, NL, 0);
        Arrays.fill(user, (byte) '!');
        q.next(100, 0, f);
        assertEquals("hello", slice(f));

        byte[] owned = bytes("mine");
        q.enqueueOwned(0, 51, owned, false, R, NL, 0);
        q.next(100, 0, f);
        assertSame(owned, f.data());
    }

    @Test
    void assignsSsnsPerStreamToOrderedMessagesOnly() {
        SendQueue q = queue();
        send(q, 1, "a");
        byte[] u = bytes("u");
        q.enqueue(1, 51, u, 0, 1, true, R, NL, 0);
        send(q, 1, "b");
        send(q, 2, "c");
        List<String> out = new ArrayList<>();
        while (q.next(10, 0, f)) {
            out.add(f.streamId() + ":" + f.ssn() + ":" + slice(f) + (f.unordered() ? ":U" : ""));
        }
        assertEquals(List.of("1:0:a", "2:0:c", "1:0:u:U", "1:1:b"), out);
        assertEquals(2, q.nextSsn(1));
    }

    @Test
    void wrapsTheSsnFrom65535ToZero() {
        SendQueue q = new SendQueue(1, 10, 1 << 20, 1 << 17, lowEvents::add);
        byte[] one = {1};
        for (int i = 0; i < 65_537; i++) {
            q.enqueue(0, 0, one, 0, 1, false, R, NL, 0);
            assertTrue(q.next(10, 0, f));
            assertEquals(i & 0xFFFF, f.ssn());
            q.acknowledged(0, 1);
        }
        assertEquals(1, q.nextSsn(0));
    }

    @Test
    void roundRobinsAcrossStreamsOneWholeMessagePerTurn() {
        SendQueue q = queue();
        send(q, 1, "A1-long-message");
        send(q, 1, "A2");
        send(q, 1, "A3");
        send(q, 2, "B1");
        send(q, 2, "B2");
        send(q, 3, "C1");
        assertEquals(List.of("1:0:A1-long-message", "2:0:B1", "3:0:C1", "1:1:A2", "2:1:B2", "1:2:A3"), drain(q, 4));
    }

    @Test
    void finishesTheStartedMessageBeforeServingANewlyActiveStream() {
        SendQueue q = queue();
        send(q, 1, "0123456789");
        send(q, 1, "next");
        q.next(3, 0, f);
        send(q, 2, "other");
        List<String> order = new ArrayList<>();
        while (q.next(3, 0, f)) {
            order.add(f.streamId() + ":" + slice(f));
        }
        assertEquals(List.of("1:345", "1:678", "1:9", "2:oth", "2:er", "1:nex", "1:t"), order);
    }

    @Test
    void refusesMessagesOverTheBufferLimitAndAcceptsAgainAfterAcknowledgement() {
        SendQueue q = queue(); // 2,000 bytes
        byte[] big = new byte[1_000];
        assertEquals(SendStatus.ACCEPTED, q.enqueue(0, 0, big, 0, 1_000, false, R, NL, 0));
        assertEquals(SendStatus.ACCEPTED, q.enqueue(1, 0, big, 0, 999, false, R, NL, 0));
        assertEquals(SendStatus.BUFFER_FULL, q.enqueue(1, 0, big, 0, 2, false, R, NL, 0));
        assertEquals(1_999, q.bufferedBytes());
        assertEquals(2, q.queuedMessages(), "refused message was not queued");
        assertEquals(1, q.refusedBufferFull());
        q.next(1_000, 0, f);
        q.acknowledged(0, 1_000);
        assertEquals(SendStatus.ACCEPTED, q.enqueue(1, 0, big, 0, 2, false, R, NL, 0));
    }

    @Test
    void refusesMessagesOverTheQueuedMessageLimit() {
        SendQueue q = new SendQueue(4, 100, 10_000, 2, lowEvents::add);
        assertEquals(SendStatus.ACCEPTED, send(q, 0, "a"));
        assertEquals(SendStatus.ACCEPTED, send(q, 0, "b"));
        assertEquals(SendStatus.BUFFER_FULL, send(q, 0, "c"));
        q.next(100, 0, f);
        assertEquals(SendStatus.ACCEPTED, send(q, 0, "c"), "limit counts messages not yet started");
    }

    @Test
    void refusesTooLargeMessagesAndInvalidStreams() {
        SendQueue q = queue();
        byte[] big = new byte[1_001];
        assertEquals(SendStatus.MESSAGE_TOO_LARGE, q.enqueue(0, 0, big, 0, 1_001, false, R, NL, 0));
        assertEquals(SendStatus.INVALID_STREAM, send(q, 16, "x"));
        assertEquals(SendStatus.INVALID_STREAM, send(q, -1, "x"));
        assertEquals(0, q.bufferedBytes());
        assertEquals(1, q.refusedTooLarge());
        assertEquals(2, q.refusedInvalidStream());
    }

    @Test
    void rejectsCallerBugsWithClearMessages() {
        SendQueue q = queue();
        assertEquals("length: 0 (expected: >= 1)", assertThrows(IllegalArgumentException.class,
                () -> q.enqueue(0, 0, new byte[0], 0, 0, false, R, NL, 0)).getMessage());
        assertEquals("maxRetransmits: -2 (expected: -1 or >= 0)", assertThrows(IllegalArgumentException.class,
                () -> q.enqueue(0, 0, new byte[1], 0, 1, false, -2, NL, 0)).getMessage());
        assertEquals("lifetimeNanos: -5 (expected: -1 or >= 0)", assertThrows(IllegalArgumentException.class,
                () -> q.enqueue(0, 0, new byte[1], 0, 1, false, R, -5, 0)).getMessage());
        assertEquals("maxPayload: 0 (expected: >= 1)", assertThrows(IllegalArgumentException.class,
                () -> q.next(0, 0, f)).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> q.enqueue(0, 0, new byte[4], 2, 3, false, R, NL, 0));
        assertEquals("maxBufferedBytes: 10 (expected: >= maxMessageSize 11)", assertThrows(
                IllegalArgumentException.class, () -> new SendQueue(1, 11, 10, 1, lowEvents::add)).getMessage());
        assertEquals("maxOutboundStreams: 0 (expected: 1 <= maxOutboundStreams <= 65536)", assertThrows(
                IllegalArgumentException.class, () -> new SendQueue(0, 1, 10, 1, lowEvents::add)).getMessage());
    }

    @Test
    void discardsExpiredUnsentMessagesWithoutConsumingAnSsn() {
        SendQueue q = queue();
        q.bufferedAmountLowThreshold(1, 0);
        byte[] b = bytes("stale");
        q.enqueue(1, 0, b, 0, 5, false, R, 100, 1_000);   // expires at 1,100
        q.enqueue(1, 0, b, 0, 5, false, R, 1_000, 1_000); // expires at 2,000
        assertTrue(q.next(100, 1_100, f), "second message still alive");
        assertEquals(0, f.ssn(), "the expired message took no SSN");
        assertEquals(1, q.expiredUnsent());
        assertEquals(5, q.bufferedAmount(1));
        assertTrue(f.message().abandoned() == false);
        q.acknowledged(1, 5);
        assertEquals(List.of(1), lowEvents);
    }

    @Test
    void sweepsExpiredMessagesFromAllStreams() {
        SendQueue q = queue();
        byte[] b = bytes("x");
        q.enqueue(1, 0, b, 0, 1, false, R, 10, 0);
        q.enqueue(1, 0, b, 0, 1, false, R, NL, 0);
        q.enqueue(2, 0, b, 0, 1, false, R, 10, 0);
        q.enqueue(3, 0, b, 0, 1, true, 0, 50, 0);
        assertEquals(2, q.discardExpired(10));
        assertEquals(2, q.queuedMessages());
        assertEquals(2, q.bufferedBytes());
        assertEquals(0, q.discardExpired(20));
        assertEquals(List.of("1:0:x", "3:0:x"), drain(q, 10));
        assertEquals(1, q.discardExpired(1_000) + 1, "nothing left to sweep");
    }

    @Test
    void abandoningTheCurrentMessageDropsItsUnsentFragments() {
        SendQueue q = queue();
        send(q, 1, "0123456789");
        send(q, 2, "other");
        q.next(4, 0, f);
        OutgoingMessage m = f.message();
        assertSame(m, q.current());
        assertEquals(6, q.abandon(m));
        assertEquals(0, q.abandon(m), "idempotent");
        assertTrue(m.abandoned());
        assertNull(q.current());
        assertEquals(4, q.bufferedAmount(1), "in-flight fragment still counted until the association releases it");
        q.abandonedInFlight(1, 4);
        assertEquals(0, q.bufferedAmount(1));
        assertEquals(List.of("2:0:other"), drain(q, 100));
        assertEquals(1, q.abandonedMessages());
    }

    @Test
    void abandoningAFullyHandedOutMessageReleasesNothingItself() {
        SendQueue q = queue();
        send(q, 1, "first");
        send(q, 1, "next");
        q.next(100, 0, f);
        OutgoingMessage first = f.message();
        assertEquals(0, q.abandon(first), "fully handed out: the association releases its chunks");
        assertTrue(first.abandoned());
        assertEquals(9, q.bufferedBytes());
        q.abandonedInFlight(1, 5);
        assertEquals(List.of("1:1:next"), drain(q, 100));
    }

    @Test
    void abandoningTheCurrentMessageLetsTheStreamContinueWithTheNextSsn() {
        SendQueue q = queue();
        send(q, 2, "a");
        send(q, 2, "bbbb");
        send(q, 2, "c");
        q.next(100, 0, f);
        q.next(2, 0, f); // "bb" of "bbbb" handed out
        OutgoingMessage b = q.current();
        assertEquals(2, q.abandon(b));
        assertEquals(List.of("2:2:c"), drain(q, 100), "SSN 1 went to the abandoned message");
        assertEquals(1 + 2 + 1, q.bufferedBytes(), "a, the in-flight half of b, and c are unacknowledged");
        assertTrue(q.isDrained(2));
    }

    @Test
    void firesBufferedAmountLowOnceWhenCrossingTheThreshold() {
        SendQueue q = queue();
        q.bufferedAmountLowThreshold(3, 10);
        for (int i = 0; i < 4; i++) {
            send(q, 3, "12345");
        }
        assertEquals(20, q.bufferedAmount(3));
        drain(q, 100);
        q.acknowledged(3, 5);
        assertTrue(lowEvents.isEmpty(), "15 > 10");
        q.acknowledged(3, 5);
        assertEquals(List.of(3), lowEvents, "10 <= 10");
        q.acknowledged(3, 5);
        assertEquals(List.of(3), lowEvents, "already below");
        assertEquals(5, q.bufferedAmount(3));
        assertThrows(IllegalStateException.class, () -> q.acknowledged(3, 6));
    }

    @Test
    void aStreamBeingResetRefusesDataAndRestartsSsnsAfterTheReset() {
        SendQueue q = queue();
        send(q, 4, "a");
        send(q, 4, "b");
        q.requestReset(4);
        assertTrue(q.isResetPending(4));
        assertEquals(SendStatus.INVALID_STREAM, send(q, 4, "refused"));
        assertFalse(q.isDrained(4));
        q.next(100, 0, f);
        assertFalse(q.isDrained(4));
        q.next(100, 0, f);
        assertTrue(q.isDrained(4));
        assertEquals(2, q.nextSsn(4));
        q.resetPerformed(4);
        assertFalse(q.isResetPending(4));
        assertEquals(0, q.nextSsn(4));
        assertEquals(SendStatus.ACCEPTED, send(q, 4, "new"));
        assertEquals(List.of("4:0:new"), drain(q, 100));
    }

    @Test
    void aCancelledResetKeepsTheSsns() {
        SendQueue q = queue();
        send(q, 4, "a");
        drain(q, 100);
        q.requestReset(4);
        q.resetCancelled(4);
        assertEquals(SendStatus.ACCEPTED, send(q, 4, "b"));
        assertEquals(List.of("4:1:b"), drain(q, 100));
    }

    @Test
    void exposesThePrSctpPolicyOfEachMessage() {
        SendQueue q = queue();
        byte[] b = bytes("x");
        q.enqueue(0, 0, b, 0, 1, true, 0, NL, 0);
        q.enqueue(0, 0, b, 0, 1, false, 2, 500, 100);
        q.enqueue(0, 0, b, 0, 1, false, R, NL, 0);
        q.next(10, 0, f);
        OutgoingMessage noRtx = f.message();
        assertFalse(noRtx.mayRetransmit(1), "maxRetransmits 0: first transmission only");
        assertFalse(noRtx.reliable());
        q.next(10, 0, f);
        OutgoingMessage timed = f.message();
        assertTrue(timed.mayRetransmit(2));
        assertFalse(timed.mayRetransmit(3));
        assertEquals(600, timed.expiresAtNanos());
        assertFalse(timed.isExpired(599));
        assertTrue(timed.isExpired(600));
        q.next(10, 0, f);
        assertTrue(f.message().reliable());
        assertTrue(f.message().mayRetransmit(1_000));
        assertEquals(Long.MAX_VALUE, f.message().expiresAtNanos());
    }

    /**
     * Property, sender to receiver: random messages on random streams leave the SendQueue in random payload
     * sizes, get consecutive TSNs, arrive shuffled with duplicates through the ReceivedTsnTracker into the
     * ReassemblyQueue: every message exactly once, intact, ordered streams in order; fragments of one
     * message are handed out back to back.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void sendQueueToReassemblyQueueDeliversEverythingExactlyOnce(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int streams = 1 + random.nextInt(6);
        SendQueue q = new SendQueue(streams, 2_000, 1 << 22, 10_000, id -> { });
        Map<String, byte[]> sent = new HashMap<>();
        List<List<Integer>> orderedSent = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            orderedSent.add(new ArrayList<>());
        }
        int messages = 400;
        for (int m = 0; m < messages; m++) {
            int stream = random.nextInt(streams);
            boolean unordered = random.nextInt(4) == 0;
            byte[] data = new byte[2 + random.nextInt(1_500)];
            random.nextBytes(data);
            data[0] = (byte) m;
            data[data.length - 1] = (byte) (m >> 8);
            assertEquals(SendStatus.ACCEPTED, q.enqueue(stream, 53, data, 0, data.length, unordered, R, NL, 0));
            sent.put(stream + ":" + m, data);
        }
        record Wire(int tsn, int stream, int ssn, boolean b, boolean e, boolean u, byte[] data, int off, int len) {
        }
        List<Wire> wire = new ArrayList<>();
        int tsn = 0xFFFF_FFF0;
        int initialTsn = tsn;
        OutgoingMessage inProgress = null;
        while (q.next(1 + random.nextInt(300), 0, f)) {
            if (inProgress != null) {
                assertSame(inProgress, f.message(), "fragments of a message are consecutive");
            }
            inProgress = f.ending() ? null : f.message();
            wire.add(new Wire(tsn++, f.streamId(), f.ssn(), f.beginning(), f.ending(), f.unordered(),
                    f.data(), f.offset(), f.length()));
            if (f.beginning() && !f.unordered()) {
                int m = (f.data()[0] & 0xFF) | (f.data()[f.message().length() - 1] & 0xFF) << 8;
                orderedSent.get(f.streamId()).add(m);
            }
            q.acknowledged(f.streamId(), f.length());
        }
        assertEquals(0, q.bufferedBytes());
        List<Wire> arrivals = new ArrayList<>(wire);
        for (int i = 0; i < wire.size() / 5; i++) {
            arrivals.add(wire.get(random.nextInt(wire.size())));
        }
        for (int start = 0; start < arrivals.size(); start += 64) {
            Collections.shuffle(arrivals.subList(start, Math.min(arrivals.size(), start + 64)),
                    new java.util.Random(random.nextLong()));
        }
        ReceivedTsnTracker tracker = new ReceivedTsnTracker(initialTsn, 4_096, 64);
        Map<String, Integer> deliveries = new HashMap<>();
        List<List<Integer>> orderedReceived = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            orderedReceived.add(new ArrayList<>());
        }
        ReassemblyQueue r = new ReassemblyQueue(1 << 22, 2_000, streams, (s, p, msg, u) -> {
            int m = (msg[0] & 0xFF) | (msg[msg.length - 1] & 0xFF) << 8;
            deliveries.merge(s + ":" + m, 1, Integer::sum);
            assertArrayEquals(sent.get(s + ":" + m), msg);
            if (!u) {
                orderedReceived.get(s).add(m);
            }
        });
        for (Wire w : arrivals) {
            if (tracker.receive(w.tsn()) == ReceivedTsnTracker.Verdict.NEW) {
                assertEquals(ReassemblyQueue.Verdict.ACCEPTED,
                        r.add(w.tsn(), w.stream(), w.ssn(), 53, w.b(), w.e(), w.u(), w.data(), w.off(), w.len()));
            }
        }
        assertEquals(messages, deliveries.size());
        deliveries.forEach((k, v) -> assertEquals(1, v, k));
        assertEquals(orderedSent, orderedReceived);
        assertEquals(0, r.bufferedBytes());
    }

    @Test
    void allocatesOnlyTheMessageCopyAndItsDescriptorPerMessage() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SendQueue q = new SendQueue(8, 4_096, 1 << 20, 1_000, id -> { });
        byte[] user = new byte[4_000];
        for (int i = 0; i < 2_000; i++) {
            cycle(q, user, i & 7);
        }
        int messages = 2_000;
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < messages; i++) {
            cycle(q, user, i & 7);
        }
        long perMessage = (mx.getCurrentThreadAllocatedBytes() - before) / messages;
        assertTrue(perMessage <= 4_016 + 64 + 32, "allocated " + perMessage + " bytes per 4,000-byte message");
    }

    private void cycle(SendQueue q, byte[] user, int stream) {
        q.enqueue(stream, 53, user, 0, user.length, false, R, NL, 0);
        while (q.next(1_180, 0, f)) {
            q.acknowledged(f.streamId(), f.length());
        }
    }
}
