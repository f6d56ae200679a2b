package dev.strafe.webrtc.sctp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetransmissionQueueTest {
    static final int TSN0 = 0xFFFF_FFF0; // wraps past 2^32 during the tests

    final List<String> events = new ArrayList<>();
    final RetransmissionQueue q = new RetransmissionQueue(TSN0, new RetransmissionQueue.Listener() {
        @Override
        public void onReleased(int streamId, int bytes, boolean abandoned) {
            events.add((abandoned ? "abandoned " : "acked ") + streamId + ":" + bytes);
        }

        @Override
        public void onMessageAbandoned(OutgoingMessage message) {
            message.abandoned = true;
            events.add("message " + message.streamId + "/" + message.ssn);
        }
    });

    static OutgoingMessage message(int stream, int ssn, int length, int maxRetransmits, boolean unordered) {
        OutgoingMessage m = new OutgoingMessage(stream, 53, unordered, new byte[length], maxRetransmits, Long.MAX_VALUE);
        m.ssn = ssn;
        return m;
    }

    int sendWhole(OutgoingMessage m, long now) {
        return q.add(m, 0, m.length(), 3, now);
    }

    @Test
    void cumulativeAckReleasesBytesAndTakesRttFromChunksSentOnce() {
        sendWhole(message(1, 0, 100, -1, false), 1_000);
        sendWhole(message(1, 1, 200, -1, false), 2_000);
        assertEquals(300, q.flightBytes());
        assertTrue(q.onSack(TSN0 + 1, new int[0], 5_000));
        assertEquals(300, q.lastBytesAcked);
        assertEquals(3_000, q.lastRttSampleNanos); // newest acked chunk sent once
        assertTrue(q.isEmpty());
        assertEquals(List.of("acked 1:100", "acked 1:200"), events);
    }

    @Test
    void ignoresOutOfDateSacksAndSacksForUnsentTsns() {
        sendWhole(message(1, 0, 100, -1, false), 0);
        assertFalse(q.onSack(TSN0 + 5, new int[0], 1), "acks a TSN never sent");
        assertTrue(q.onSack(TSN0, new int[0], 1));
        assertFalse(q.onSack(TSN0 - 1, new int[0], 1), "behind the cumulative ack point");
    }

    @Test
    void shouldFastRetransmitAfterThreeMissIndications() {
        for (int i = 0; i < 5; i++) {
            sendWhole(message(1, i, 100, -1, false), 0);
        }
        // TSN0 lost; TSN0+1.. arrive one by one (gap blocks relative to cum ack TSN0-1)
        q.onSack(TSN0 - 1, new int[]{2, 2}, 10);
        q.onSack(TSN0 - 1, new int[]{2, 3}, 20);
        assertEquals(0, q.lastNewFastRetransmits);
        q.onSack(TSN0 - 1, new int[]{2, 4}, 30);
        assertEquals(1, q.lastNewFastRetransmits);
        assertEquals(100, q.lastBytesAcked, "only the newly gap-acked chunk counts");
        int i = q.nextRetransmission();
        assertEquals(TSN0, q.tsnAt(i));
        q.retransmitted(i, 40);
        assertEquals(2, q.transmissionsAt(i));
        q.onSack(TSN0 + 4, new int[0], 100);
        assertEquals(100, q.lastRttSampleNanos, "Karn: the sample comes from TSN0+4 (sent once), not the retransmitted TSN0");
        assertTrue(q.isEmpty());
    }

    @Test
    void abandonsWholeMessageWhenOutOfRetransmissionsAndForwardsPastIt() {
        OutgoingMessage unreliable = message(7, 3, 3000, 0, false);
        q.add(unreliable, 0, 1000, 2, 0);
        q.add(unreliable, 1000, 1000, 0, 0);
        q.add(unreliable, 2000, 1000, 1, 0);
        sendWhole(message(8, 0, 10, -1, false), 0);
        q.markAllForRetransmit();
        assertEquals(1, q.abandonExpired(0));
        assertEquals(List.of("abandoned 7:1000", "abandoned 7:1000", "abandoned 7:1000", "message 7/3"), events);
        assertEquals(TSN0 + 2, q.advancedPeerAckPoint());
        int[] pairs = new int[8];
        assertEquals(1, q.forwardTsnStreams(TSN0 + 2, pairs));
        assertArrayEquals(new int[]{7, 3}, new int[]{pairs[0], pairs[1]});
        // the reliable chunk is still to be retransmitted
        assertEquals(TSN0 + 3, q.tsnAt(q.nextRetransmission()));
    }

    @Test
    void unorderedAbandonedChunksNeedNoStreamSequencePair() {
        OutgoingMessage m = message(2, 0, 50, 0, true);
        q.add(m, 0, 50, 7, 0);
        q.markAllForRetransmit();
        q.abandonExpired(0);
        assertEquals(TSN0, q.advancedPeerAckPoint());
        assertEquals(0, q.forwardTsnStreams(TSN0, new int[8]));
    }

    @Test
    void growsBeyondInitialCapacityKeepingOrder() {
        for (int i = 0; i < 1000; i++) {
            sendWhole(message(1, i, 10, -1, false), i);
        }
        assertEquals(1000, q.outstandingChunks());
        assertTrue(q.onSack(TSN0 + 499, new int[]{2, 10}, 2000));
        assertEquals(500, q.outstandingChunks());
        assertEquals(5_090, q.lastBytesAcked);
    }
}
