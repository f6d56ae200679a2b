package dev.strafe.webrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strafe.webrtc.sctp.ReassemblyQueue.Verdict;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReassemblyQueueTest {

    record Delivered(int streamId, int ppid, String text, boolean unordered) {
    }

    private final List<Delivered> delivered = new ArrayList<>();
    private final ReassemblyQueue.MessageSink sink =
            (s, p, m, u) -> delivered.add(new Delivered(s, p, new String(m, StandardCharsets.ISO_8859_1), u));

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Verdict add(ReassemblyQueue q, int tsn, int stream, int ssn, String flags, String payload) {
        byte[] b = bytes("xx" + payload + "yy"); // offset/length slicing is exercised everywhere
        return q.add(tsn, stream, ssn, 51, flags.contains("B"), flags.contains("E"), flags.contains("U"),
                b, 2, payload.length());
    }

    private ReassemblyQueue queue() {
        return new ReassemblyQueue(10_000, 1_000, 16, sink);
    }

    @Test
    void deliversAnUnfragmentedInOrderMessageAtOnce() {
        ReassemblyQueue q = queue();
        assertEquals(Verdict.ACCEPTED, add(q, 1, 3, 0, "BE", "hello"));
        assertEquals(List.of(new Delivered(3, 51, "hello", false)), delivered);
        assertEquals(0, q.bufferedBytes());
        assertEquals(1, q.expectedSsn(3));
    }

    @Test
    void holdsALaterSsnUntilTheGapFills() {
        ReassemblyQueue q = queue();
        add(q, 2, 0, 1, "BE", "second");
        add(q, 3, 0, 2, "BE", "third");
        assertTrue(delivered.isEmpty());
        assertEquals(11, q.bufferedBytes());
        add(q, 1, 0, 0, "BE", "first");
        assertEquals(List.of("first", "second", "third"), delivered.stream().map(Delivered::text).toList());
        assertEquals(0, q.bufferedBytes());
        assertEquals(3, q.expectedSsn(0));
    }

    @Test
    void deliversUnorderedMessagesAsSoonAsCompleteWhileOrderedOnesWait() {
        ReassemblyQueue q = queue();
        add(q, 2, 0, 1, "BE", "ordered-late");
        add(q, 3, 0, 0, "BEU", "unordered");
        assertEquals(List.of(new Delivered(0, 51, "unordered", true)), delivered);
    }

    @Test
    void reassemblesFragmentsArrivingInAnyOrder() {
        ReassemblyQueue q = queue();
        assertEquals(Verdict.ACCEPTED, add(q, 12, 1, 0, "E", "ld"));
        assertEquals(Verdict.ACCEPTED, add(q, 10, 1, 0, "B", "hel"));
        assertTrue(delivered.isEmpty());
        assertEquals(2, q.heldFragments());
        assertEquals(Verdict.ACCEPTED, add(q, 11, 1, 0, "", "lo wor"));
        assertEquals(List.of(new Delivered(1, 51, "hello world", false)), delivered);
        assertEquals(0, q.heldFragments());
        assertEquals(0, q.bufferedBytes());
    }

    @Test
    void keepsFragmentsOfNeighbouringMessagesApart() {
        ReassemblyQueue q = queue();
        // message A on stream 1 (TSN 1-2), message B on stream 2 (TSN 3-4), unordered C (TSN 5-6)
        add(q, 2, 1, 0, "E", "A2");
        add(q, 3, 2, 0, "B", "B1");
        add(q, 6, 2, 0, "EU", "C2");
        add(q, 4, 2, 0, "E", "B2");
        add(q, 5, 2, 0, "BU", "C1");
        add(q, 1, 1, 0, "B", "A1");
        assertEquals(List.of("B1B2", "C1C2", "A1A2"), delivered.stream().map(Delivered::text).toList());
    }

    @Test
    void ignoresDuplicateFragmentsAndAlreadyDeliveredSsns() {
        ReassemblyQueue q = queue();
        assertEquals(Verdict.ACCEPTED, add(q, 1, 0, 0, "B", "ab"));
        assertEquals(Verdict.DUPLICATE, add(q, 1, 0, 0, "B", "ab"));
        assertEquals(Verdict.ACCEPTED, add(q, 2, 0, 0, "E", "cd"));
        assertEquals(Verdict.STALE, add(q, 2, 0, 0, "E", "cd"));
        assertEquals(Verdict.STALE, add(q, 1, 0, 0, "BE", "abcd"));
        assertEquals(Verdict.ACCEPTED, add(q, 4, 0, 2, "BE", "later"));
        assertEquals(Verdict.DUPLICATE, add(q, 4, 0, 2, "BE", "later"));
        assertEquals(List.of("abcd"), delivered.stream().map(Delivered::text).toList());
        assertEquals(5, q.bufferedBytes());
    }

    @Test
    void deliversInSsnOrderAcrossTheSsnWrapAround() {
        ReassemblyQueue q = queue();
        // walk the expected SSN up to 65,534 through legitimate FORWARD-TSN skips (each < half the SSN space)
        q.forwardTsn(0, new int[] {5}, new int[] {30_000}, 1);
        q.forwardTsn(0, new int[] {5}, new int[] {60_000}, 1);
        q.forwardTsn(0, new int[] {5}, new int[] {65_533}, 1);
        assertEquals(65_534, q.expectedSsn(5));
        add(q, 3, 5, 0, "BE", "c");
        add(q, 4, 5, 1, "BE", "d");
        add(q, 2, 5, 65_535, "BE", "b");
        assertTrue(delivered.isEmpty());
        add(q, 1, 5, 65_534, "BE", "a");
        assertEquals(List.of("a", "b", "c", "d"), delivered.stream().map(Delivered::text).toList());
        assertEquals(2, q.expectedSsn(5));
    }

    @Test
    void reassemblesAMessageWhoseFragmentsCrossTheTsnWrapAround() {
        ReassemblyQueue q = queue();
        add(q, 0, 0, 0, "", "c");
        add(q, -2, 0, 0, "B", "a");
        add(q, 1, 0, 0, "E", "d");
        add(q, -1, 0, 0, "", "b");
        assertEquals(List.of("abcd"), delivered.stream().map(Delivered::text).toList());
    }

    @Test
    void refusesAChunkOverTheBufferLimitWithoutStoringIt() {
        ReassemblyQueue q = new ReassemblyQueue(10, 10, 4, sink);
        assertEquals(Verdict.ACCEPTED, add(q, 1, 0, 0, "B", "12345678"));
        assertTrue(q.hasRoomFor(2));
        assertEquals(2, q.availableBytes());
        assertEquals(Verdict.BUFFER_FULL, add(q, 2, 0, 0, "E", "abc"));
        assertEquals(Verdict.BUFFER_FULL, add(q, 9, 0, 3, "BE", "abc"));
        assertEquals(8, q.bufferedBytes());
        assertEquals(1, q.heldFragments());
        assertEquals(2, q.refusedBufferFull());
        assertEquals(Verdict.ACCEPTED, add(q, 2, 0, 0, "E", "ab"));
        assertEquals(List.of("12345678ab"), delivered.stream().map(Delivered::text).toList());
        assertEquals(0, q.bufferedBytes());
    }

    @Test
    void discardsAMessageLargerThanTheMaxMessageSize() {
        ReassemblyQueue q = new ReassemblyQueue(100, 5, 4, sink);
        assertEquals(Verdict.MESSAGE_TOO_LARGE, add(q, 1, 0, 0, "BE", "123456"));
        assertEquals(Verdict.ACCEPTED, add(q, 2, 0, 0, "B", "123"));
        assertEquals(Verdict.MESSAGE_TOO_LARGE, add(q, 3, 0, 0, "E", "456"));
        assertEquals(0, q.bufferedBytes());
        assertEquals(0, q.heldFragments());
        assertEquals(2, q.refusedTooLarge());
        assertTrue(delivered.isEmpty());
    }

    @Test
    void refusesInvalidStreamsAndEmptyChunks() {
        ReassemblyQueue q = queue();
        assertEquals(Verdict.INVALID_STREAM, add(q, 1, 16, 0, "BE", "x"));
        assertEquals(Verdict.INVALID_STREAM, add(q, 1, -1, 0, "BE", "x"));
        assertEquals(Verdict.NO_USER_DATA, add(q, 1, 0, 0, "BE", ""));
    }

    @Test
    void forwardTsnDropsPartialMessagesAndReleasesHeldOnes() {
        ReassemblyQueue q = queue();
        add(q, 1, 0, 0, "B", "lost-start");     // ordered SSN 0, TSN 1..3, TSN 2+3 abandoned
        add(q, 5, 1, 0, "BU", "unord-start");   // unordered TSN 5..6, 6 abandoned
        add(q, 8, 0, 2, "BE", "two");            // ordered SSN 2 waits for SSN 1 (abandoned, TSN 7)
        add(q, 9, 0, 3, "BE", "three");
        add(q, 11, 0, 5, "BE", "five");          // SSN 4 (TSN 10) still missing, not abandoned
        assertTrue(delivered.isEmpty());
        q.forwardTsn(7, new int[] {0}, new int[] {1}, 1);
        assertEquals(List.of("two", "three"), delivered.stream().map(Delivered::text).toList());
        assertEquals(0, q.heldFragments());
        assertEquals(4, q.expectedSsn(0));
        assertEquals(4, q.bufferedBytes(), "'five' still waits for SSN 4");
        add(q, 10, 0, 4, "BE", "four");
        assertEquals(List.of("two", "three", "four", "five"), delivered.stream().map(Delivered::text).toList());
    }

    @Test
    void forwardTsnDropsAMessageAbandonedInTheMiddleOfItsFragmentation() {
        ReassemblyQueue q = queue();
        add(q, 1, 0, 0, "B", "ab");   // the sender abandoned this message after handing out TSN 1..2:
        add(q, 2, 0, 0, "", "cd");    // its E fragment will never exist
        q.forwardTsn(2, new int[] {0}, new int[] {0}, 1);
        assertEquals(0, q.heldFragments(), "nothing stranded");
        assertEquals(0, q.bufferedBytes());
        add(q, 3, 0, 1, "B", "ef");
        add(q, 4, 0, 1, "E", "gh");
        assertEquals(List.of("efgh"), delivered.stream().map(Delivered::text).toList());
    }

    @Test
    void forwardTsnDeliversHeldMessagesUpToTheSkippedSsnInOrder() {
        ReassemblyQueue q = queue();
        add(q, 3, 0, 2, "BE", "two");
        add(q, 5, 0, 4, "BE", "four");
        add(q, 7, 0, 6, "BE", "six");
        // SSN 0,1,3,5 lost and abandoned up to SSN 5; "six" then is in order
        q.forwardTsn(6, new int[] {0}, new int[] {5}, 1);
        assertEquals(List.of("two", "four", "six"), delivered.stream().map(Delivered::text).toList());
        assertEquals(7, q.expectedSsn(0));
    }

    @Test
    void streamResetRestartsSsnAtZeroAndDropsOldData() {
        ReassemblyQueue q = queue();
        add(q, 1, 2, 0, "BE", "a");
        add(q, 3, 2, 2, "BE", "held");
        add(q, 4, 2, 3, "B", "frag");
        q.resetStreams(new int[] {2});
        assertEquals(0, q.expectedSsn(2));
        assertEquals(0, q.bufferedBytes());
        add(q, 10, 2, 0, "BE", "new-life");
        assertEquals(List.of("a", "new-life"), delivered.stream().map(Delivered::text).toList());
    }

    @Test
    void rejectsInvalidLimitsWithClearMessages() {
        assertEquals("maxBufferedBytes: 0 (expected: >= 1)", assertThrows(IllegalArgumentException.class,
                () -> new ReassemblyQueue(0, 1, 1, sink)).getMessage());
        assertEquals("maxMessageSize: 11 (expected: 1 <= maxMessageSize <= maxBufferedBytes 10)",
                assertThrows(IllegalArgumentException.class, () -> new ReassemblyQueue(10, 11, 1, sink)).getMessage());
        assertEquals("maxInboundStreams: 65537 (expected: 1 <= maxInboundStreams <= 65536)",
                assertThrows(IllegalArgumentException.class, () -> new ReassemblyQueue(10, 10, 65_537, sink)).getMessage());
    }

    /** One fragment on the wire. */
    record Chunk(int tsn, int stream, int ssn, boolean b, boolean e, boolean u, byte[] data, int off, int len) {
    }

    /**
     * Property: random messages on several streams, fragmented, assigned consecutive TSNs (starting near
     * 2^32 so they wrap), arriving in random order with duplicates, pass through the ReceivedTsnTracker
     * as in the association: every message is delivered exactly once, intact, ordered streams in order.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void deliversEveryMessageExactlyOnceWhateverTheArrivalOrder(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int streams = 1 + random.nextInt(5);
        int fragmentSize = 1 + random.nextInt(64);
        int tsn = -100 - random.nextInt(100);
        int initialTsn = tsn;
        int[] nextSsn = new int[streams];
        List<Chunk> wire = new ArrayList<>();
        Map<String, byte[]> sent = new HashMap<>();
        List<List<Integer>> orderedSent = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            orderedSent.add(new ArrayList<>());
        }
        int messages = 300;
        for (int m = 0; m < messages; m++) {
            int stream = random.nextInt(streams);
            boolean unordered = random.nextInt(3) == 0;
            int size = 2 + random.nextInt(400);
            byte[] data = new byte[size];
            random.nextBytes(data);
            data[0] = (byte) m;
            data[size - 1] = (byte) (m >> 8);
            int ssn = unordered ? 0 : nextSsn[stream]++;
            sent.put(stream + ":" + m, data);
            if (!unordered) {
                orderedSent.get(stream).add(m);
            }
            for (int off = 0; off < size; off += fragmentSize) {
                int len = Math.min(fragmentSize, size - off);
                wire.add(new Chunk(tsn++, stream, ssn, off == 0, off + len == size, unordered, data, off, len));
            }
        }
        List<Chunk> arrivals = new ArrayList<>(wire);
        for (int i = 0; i < wire.size() / 4; i++) {
            arrivals.add(wire.get(random.nextInt(wire.size())));
        }
        // local reordering: shuffle within windows, so the tracker window is not exceeded
        for (int start = 0; start < arrivals.size(); start += 50) {
            Collections.shuffle(arrivals.subList(start, Math.min(arrivals.size(), start + 50)),
                    new java.util.Random(random.nextLong()));
        }
        Collections.shuffle(arrivals.subList(0, Math.min(arrivals.size(), 200)), new java.util.Random(seed));

        ReceivedTsnTracker tracker = new ReceivedTsnTracker(initialTsn, 65_535, 64);
        Map<String, Integer> deliveries = new HashMap<>();
        List<List<Integer>> orderedReceived = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            orderedReceived.add(new ArrayList<>());
        }
        ReassemblyQueue q = new ReassemblyQueue(1 << 20, 1 << 16, streams, (s, p, msg, u) -> {
            int m = (msg[0] & 0xFF) | (msg[msg.length - 1] & 0xFF) << 8;
            String key = s + ":" + m;
            deliveries.merge(key, 1, Integer::sum);
            assertArrayEquals(sent.get(key), msg, key);
            if (!u) {
                orderedReceived.get(s).add(m);
            }
        });
        for (Chunk c : arrivals) {
            if (tracker.receive(c.tsn()) == ReceivedTsnTracker.Verdict.NEW) {
                assertEquals(Verdict.ACCEPTED,
                        q.add(c.tsn(), c.stream(), c.ssn(), 0, c.b(), c.e(), c.u(), c.data(), c.off(), c.len()));
            }
        }
        assertEquals(tsn - 1, tracker.cumulativeTsn());
        assertEquals(messages, deliveries.size());
        deliveries.forEach((k, v) -> assertEquals(1, v, k));
        assertEquals(orderedSent, orderedReceived);
        assertEquals(0, q.bufferedBytes());
        assertEquals(0, q.heldFragments());
    }

    /** Property: even without the tracker, replaying every held fragment is harmless. */
    @Test
    void replayedFragmentsOfIncompleteMessagesAreIdempotent() {
        ReassemblyQueue q = queue();
        for (int round = 0; round < 3; round++) {
            add(q, 1, 0, 0, "B", "aa");
            add(q, 3, 0, 0, "E", "cc");
            add(q, 11, 0, 1, "BU", "u1");
        }
        assertEquals(3, q.heldFragments());
        add(q, 2, 0, 0, "", "bb");
        add(q, 12, 0, 1, "EU", "u2");
        assertEquals(List.of("aabbcc", "u1u2"), delivered.stream().map(Delivered::text).toList());
    }

    @Test
    void allocatesOnlyTheMessageArrayOnTheInOrderFragmentedPath() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] sinkBytes = {0};
        ReassemblyQueue q = new ReassemblyQueue(1 << 20, 1 << 16, 4, (s, p, m, u) -> sinkBytes[0] += m.length);
        byte[] packet = new byte[1200];
        int tsn = 0;
        int ssn = 0;
        for (int warm = 0; warm < 2_000; warm++) {
            tsn = sendFragmented(q, packet, tsn, ssn++);
        }
        int messages = 2_000;
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < messages; i++) {
            tsn = sendFragmented(q, packet, tsn, ssn++);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        long messageArray = 16 + 4 * 1000; // header + payload of a 4,000-byte message, padded
        assertTrue(allocated <= messages * (messageArray + 64),
                "allocated " + allocated / messages + " bytes per 4,000-byte message");
    }

    private static int sendFragmented(ReassemblyQueue q, byte[] packet, int tsn, int ssn) {
        for (int f = 0; f < 4; f++) {
            q.add(tsn++, 1, ssn, 53, f == 0, f == 3, false, packet, 100, 1000);
        }
        return tsn;
    }

    /**
     * Property, PR-SCTP: some messages are abandoned by the sender (only some of their fragments ever
     * arrive); FORWARD-TSNs computed like a sender's Advanced.Peer.Ack.Point arrive at random moments. Every
     * message that was not abandoned is delivered exactly once, ordered streams in SSN order, abandoned ones
     * at most once, and nothing stays buffered at the end.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18})
    void forwardTsnNeverStrandsOrDuplicatesMessages(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int streams = 1 + random.nextInt(4);
        int initialTsn = 0xFFFF_FF80;
        int tsn = initialTsn;
        int[] nextSsn = new int[streams];
        record Msg(int index, int stream, int ssn, boolean unordered, boolean abandoned, int firstTsn, int lastTsn) {
        }
        List<Msg> messages = new ArrayList<>();
        List<Chunk> arrivals = new ArrayList<>();
        Map<Integer, Msg> byTsn = new HashMap<>();
        for (int m = 0; m < 300; m++) {
            int stream = random.nextInt(streams);
            boolean unordered = random.nextInt(3) == 0;
            boolean abandoned = random.nextInt(4) == 0;
            int size = 2 + random.nextInt(200);
            byte[] data = new byte[size];
            data[0] = (byte) m;
            data[size - 1] = (byte) (m >> 8);
            int ssn = unordered ? 0 : nextSsn[stream]++;
            int first = tsn;
            for (int off = 0; off < size; off += 50) {
                int len = Math.min(50, size - off);
                Chunk c = new Chunk(tsn, stream, ssn, off == 0, off + len == size, unordered, data, off, len);
                if (!abandoned || random.nextBoolean()) {
                    arrivals.add(c);
                    if (random.nextInt(10) == 0) {
                        arrivals.add(c);
                    }
                }
                tsn++;
            }
            Msg msg = new Msg(m, stream, ssn, unordered, abandoned, first, tsn - 1);
            messages.add(msg);
            for (int t = first; t != tsn; t++) {
                byTsn.put(t, msg);
            }
        }
        int endTsn = tsn;
        for (int start = 0; start < arrivals.size(); start += 40) {
            Collections.shuffle(arrivals.subList(start, Math.min(arrivals.size(), start + 40)),
                    new java.util.Random(random.nextLong()));
        }
        ReceivedTsnTracker tracker = new ReceivedTsnTracker(initialTsn, 65_535, 16);
        Map<Integer, Integer> deliveries = new HashMap<>();
        List<List<Integer>> orderedReceived = new ArrayList<>();
        for (int st = 0; st < streams; st++) {
            orderedReceived.add(new ArrayList<>());
        }
        ReassemblyQueue q = new ReassemblyQueue(1 << 20, 1 << 16, streams, (st, p, msg, u) -> {
            int m = (msg[0] & 0xFF) | (msg[msg.length - 1] & 0xFF) << 8;
            deliveries.merge(m, 1, Integer::sum);
            if (!u) {
                orderedReceived.get(st).add(m);
            }
        });
        Runnable forwardTsn = () -> {
            // RFC 3758 §3.5 C1/C2 Advanced.Peer.Ack.Point: the cumulative TSN ack, then over abandoned TSNs only
            int point = tracker.cumulativeTsn();
            while (point + 1 != endTsn && byTsn.get(point + 1).abandoned()) {
                point++;
            }
            if (!SerialNumbers.tsnGt(point, tracker.cumulativeTsn())) {
                return;
            }
            int[] highestSsn = new int[streams];
            java.util.Arrays.fill(highestSsn, -1);
            for (Msg msg : messages) {
                if (msg.abandoned() && !msg.unordered() && SerialNumbers.tsnLe(msg.lastTsn(), point)) {
                    highestSsn[msg.stream()] = msg.ssn();
                }
            }
            int[] ids = new int[streams];
            int[] ssns = new int[streams];
            int n = 0;
            for (int st = 0; st < streams; st++) {
                if (highestSsn[st] >= 0) {
                    ids[n] = st;
                    ssns[n++] = highestSsn[st];
                }
            }
            if (tracker.forwardCumulativeTsn(point)) {
                q.forwardTsn(point, ids, ssns, n);
            }
        };
        for (Chunk c : arrivals) {
            if (tracker.receive(c.tsn()) == ReceivedTsnTracker.Verdict.NEW) {
                q.add(c.tsn(), c.stream(), c.ssn(), 0, c.b(), c.e(), c.u(), c.data(), c.off(), c.len());
            }
            if (random.nextInt(20) == 0) {
                forwardTsn.run();
            }
        }
        // the sender keeps sending FORWARD-TSN after each SACK while its ack point is ahead
        for (int before = tracker.cumulativeTsn() - 1; before != tracker.cumulativeTsn(); ) {
            before = tracker.cumulativeTsn();
            forwardTsn.run();
        }
        assertEquals(endTsn - 1, tracker.cumulativeTsn(), "everything received or skipped");
        for (Msg msg : messages) {
            int times = deliveries.getOrDefault(msg.index(), 0);
            if (msg.abandoned()) {
                assertTrue(times <= 1, "abandoned message " + msg + " delivered " + times + " times");
            } else {
                assertEquals(1, times, "message " + msg);
            }
        }
        for (int st = 0; st < streams; st++) {
            List<Integer> got = orderedReceived.get(st);
            List<Integer> sorted = new ArrayList<>(got);
            sorted.sort(null);
            assertEquals(sorted, got, "stream " + st + " in SSN order");
        }
        assertEquals(0, q.bufferedBytes(), "nothing stranded");
        assertEquals(0, q.heldFragments());
    }
}
