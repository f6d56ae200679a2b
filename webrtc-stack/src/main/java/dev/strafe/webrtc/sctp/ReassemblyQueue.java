package dev.strafe.webrtc.sctp;

import java.util.Map;
import java.util.TreeMap;

/**
 * Turns received DATA chunk fragments into complete user messages and delivers them per stream: ordered
 * messages in Stream Sequence Number order, unordered messages as soon as they are complete.
 *
 * <p>RFC 9260 §6.9: "When a user message is fragmented into multiple chunks, the TSNs are used by the
 * receiver to reassemble the message. This means that the TSNs for each fragment of a fragmented user
 * message MUST be strictly sequential." The B bit marks the first fragment and the E bit the last; both set
 * means an unfragmented message. §6.6: "Within a stream, an endpoint MUST deliver DATA chunks received with
 * the U flag set to 0 to the upper layer according to the order of their Stream Sequence Number. If DATA
 * chunks arrive out of order of their Stream Sequence Number, the endpoint MUST hold the received DATA
 * chunks from delivery to the ULP until they are reordered." and for U = 1 the endpoint "must bypass the
 * ordering mechanism and immediately deliver the data to the upper layer (after reassembly if the user data
 * is fragmented by the data sender)."
 *
 * <p>RFC 3758 §3.6 (FORWARD-TSN, {@link #forwardTsn}): "the receiver MUST use the stream sequence
 * information to examine all of the listed stream reordering queues, and immediately make available for
 * delivery stream sequence numbers earlier than or equal to the stream sequence number listed inside the
 * FORWARD TSN" and "The receiver MUST remove any partially reassembled message, which is still missing one
 * or more TSNs earlier than or equal to the new cumulative TSN point."
 *
 * <p>RFC 6525 §5.2.2 ({@link #resetStreams}): after an Outgoing SSN Reset Request is performed the
 * stream's next expected SSN is 0. Deferred reset processing ("any data arriving with a TSN larger than the
 * Sender's Last Assigned TSN for the affected stream(s) MUST be queued locally and held until the
 * cumulative acknowledgment point reaches the Sender's Last Assigned TSN") is the association's job: it
 * calls {@code resetStreams} at that point and then feeds the held chunks.
 *
 * <p>Limits: at most {@code maxBufferedBytes} of payload are held (fragments plus complete messages
 * waiting for their SSN); a chunk over the limit is refused with {@link Verdict#BUFFER_FULL} and not stored.
 * A message larger than {@code maxMessageSize} is discarded with {@link Verdict#MESSAGE_TOO_LARGE}.
 * Because the {@link ReceivedTsnTracker} marks a TSN received before this queue sees it, the association
 * checks {@link #hasRoomFor(int)} first and drops (does not acknowledge) a chunk that would not fit, as
 * RFC 9260 §6.2 asks a receiver without buffer space to do. TSN-level duplicate filtering is the tracker's
 * job; this queue is additionally idempotent for the fragments it holds and for ordered SSNs already
 * delivered.
 *
 * <p>Allocation: an unfragmented in-order message costs exactly its {@code byte[]}; fragments are copied
 * into pooled buffers, held in an open-addressing TSN map, and the message array is the only per-message
 * allocation.
 */
final class ReassemblyQueue {

    /** Receives complete messages. {@code message} is fresh and owned by the sink. */
    @FunctionalInterface
    interface MessageSink {
        void onMessage(int streamId, int ppid, byte[] message, boolean unordered);
    }

    /** Outcome of {@link #add}. */
    enum Verdict {
        /** Stored or delivered. */
        ACCEPTED,
        /** This TSN is already held: ignored. */
        DUPLICATE,
        /** Ordered message whose SSN was already delivered (or skipped): dropped. */
        STALE,
        /** Not stored: the reassembly byte limit would be exceeded. */
        BUFFER_FULL,
        /** The message exceeds the max message size: its fragments were discarded. */
        MESSAGE_TOO_LARGE,
        /** Stream id outside {@code [0, maxInboundStreams)}. */
        INVALID_STREAM,
        /** A DATA chunk without user data (RFC 9260 §6.2: the association answers with ABORT "No User Data"). */
        NO_USER_DATA
    }

    private static final int B = 1;
    private static final int E = 2;
    private static final int U = 4;
    private static final int POOL_LIMIT = 64;
    /** Larger fragment buffers are not kept in the pool (bounds retained memory to 64 x 4 KiB). */
    private static final int POOLED_BUFFER_LIMIT = 4096;

    private final int maxBufferedBytes;
    private final int maxMessageSize;
    private final int maxInboundStreams;
    private final MessageSink sink;
    private final TsnFragmentMap<Fragment> fragments = new TsnFragmentMap<>(64);
    private InboundStream[] streams = new InboundStream[4];
    private Fragment pool;
    private int pooled;
    private long bufferedBytes;

    private long messagesDelivered;
    private long bytesDelivered;
    private long refusedBufferFull;
    private long refusedTooLarge;
    private long droppedStale;
    private long droppedByForwardTsn;

    /**
     * @param maxBufferedBytes   payload bytes held at most (fragments + messages waiting for order), >= 1
     * @param maxMessageSize     largest reassembled message, {@code [1, maxBufferedBytes]}
     * @param maxInboundStreams  negotiated inbound stream count, {@code [1, 65536]}
     */
    ReassemblyQueue(int maxBufferedBytes, int maxMessageSize, int maxInboundStreams, MessageSink sink) {
        if (maxBufferedBytes < 1) {
            throw new IllegalArgumentException("maxBufferedBytes: " + maxBufferedBytes + " (expected: >= 1)");
        }
        if (maxMessageSize < 1 || maxMessageSize > maxBufferedBytes) {
            throw new IllegalArgumentException("maxMessageSize: " + maxMessageSize
                    + " (expected: 1 <= maxMessageSize <= maxBufferedBytes " + maxBufferedBytes + ")");
        }
        if (maxInboundStreams < 1 || maxInboundStreams > 65_536) {
            throw new IllegalArgumentException("maxInboundStreams: " + maxInboundStreams
                    + " (expected: 1 <= maxInboundStreams <= 65536)");
        }
        this.maxBufferedBytes = maxBufferedBytes;
        this.maxMessageSize = maxMessageSize;
        this.maxInboundStreams = maxInboundStreams;
        this.sink = java.util.Objects.requireNonNull(sink, "sink");
    }

    /** Payload bytes currently held. */
    long bufferedBytes() {
        return bufferedBytes;
    }

    /** Bytes that may still be buffered: the basis of the advertised receiver window (a_rwnd). */
    long availableBytes() {
        return Math.max(0, maxBufferedBytes - bufferedBytes);
    }

    /** Whether a chunk with {@code length} payload bytes would fit (ask before marking its TSN received). */
    boolean hasRoomFor(int length) {
        return bufferedBytes + length <= maxBufferedBytes;
    }

    /** Fragments currently held (incomplete messages). */
    int heldFragments() {
        return fragments.size();
    }

    /** Next SSN that stream {@code streamId} delivers in order (0 for a stream never seen). */
    int expectedSsn(int streamId) {
        InboundStream s = streamId >= 0 && streamId < streams.length ? streams[streamId] : null;
        return s == null ? 0 : s.expectedSsn;
    }

    long messagesDelivered() {
        return messagesDelivered;
    }

    long bytesDelivered() {
        return bytesDelivered;
    }

    long refusedBufferFull() {
        return refusedBufferFull;
    }

    long refusedTooLarge() {
        return refusedTooLarge;
    }

    long droppedStale() {
        return droppedStale;
    }

    /** Fragments and waiting messages dropped by FORWARD-TSN or stream reset. */
    long droppedByForwardTsn() {
        return droppedByForwardTsn;
    }

    /**
     * Adds one DATA chunk (after its TSN was found new by the {@link ReceivedTsnTracker}). The payload is
     * copied; the caller may reuse {@code payload} after the call. Complete messages are delivered to the
     * sink before this returns.
     */
    Verdict add(int tsn, int streamId, int ssn, int ppid, boolean beginning, boolean ending, boolean unordered,
                byte[] payload, int offset, int length) {
        if (streamId < 0 || streamId >= maxInboundStreams) {
            return Verdict.INVALID_STREAM;
        }
        if (length <= 0) {
            return Verdict.NO_USER_DATA;
        }
        if (length > maxMessageSize) {
            refusedTooLarge++;
            return Verdict.MESSAGE_TOO_LARGE;
        }
        ssn &= SerialNumbers.SSN_MASK;
        InboundStream stream = unordered ? null : stream(streamId);
        if (stream != null && SerialNumbers.ssnLt(ssn, stream.expectedSsn)) {
            droppedStale++;
            return Verdict.STALE;
        }
        if (beginning && ending) {
            if (unordered) {
                deliver(streamId, ppid, copy(payload, offset, length), true);
                return Verdict.ACCEPTED;
            }
            if (ssn == stream.expectedSsn) {
                deliverInOrder(stream, streamId, ppid, copy(payload, offset, length));
                return Verdict.ACCEPTED;
            }
            if (stream.ready != null && stream.ready.containsKey(ssn)) {
                return Verdict.DUPLICATE;
            }
            if (!hasRoomFor(length)) {
                refusedBufferFull++;
                return Verdict.BUFFER_FULL;
            }
            hold(stream, ssn, ppid, copy(payload, offset, length));
            return Verdict.ACCEPTED;
        }
        if (fragments.containsKey(tsn)) {
            return Verdict.DUPLICATE;
        }
        if (!hasRoomFor(length)) {
            refusedBufferFull++;
            return Verdict.BUFFER_FULL;
        }
        Fragment f = allocate(length);
        f.tsn = tsn;
        f.streamId = streamId;
        f.ssn = ssn;
        f.ppid = ppid;
        f.flags = (beginning ? B : 0) | (ending ? E : 0) | (unordered ? U : 0);
        System.arraycopy(payload, offset, f.data, 0, length);
        f.length = length;
        fragments.put(tsn, f);
        bufferedBytes += length;
        return tryComplete(f);
    }

    /**
     * FORWARD-TSN (RFC 3758 §3.6): drops every held fragment with TSN <= {@code newCumulativeTsn} (ordered
     * and unordered), then for each listed (stream, SSN) delivers waiting messages with SSN <= the listed
     * one and moves the stream's expected SSN past it, delivering what became in order.
     *
     * <p>Dropping every fragment up to the new cumulative TSN (rather than only messages "still missing one
     * or more TSNs earlier than or equal to the new cumulative TSN point") is deliberate: the sender's
     * Advanced.Peer.Ack.Point only moves over cumulatively acknowledged or abandoned TSNs (§3.5 C1/C2) and a
     * message's fragments are abandoned together, so a held fragment at or below it belongs to an abandoned
     * message; and a message abandoned in the middle of its fragmentation never gets its E fragment, so
     * keeping its B..newCumulativeTsn fragments would strand them. Call it only when
     * {@link ReceivedTsnTracker#forwardCumulativeTsn} accepted the chunk (not out-of-date).
     *
     * @param streamIds stream of each pair; {@code ssns} the pair's SSN; {@code count} pairs used
     */
    void forwardTsn(int newCumulativeTsn, int[] streamIds, int[] ssns, int count) {
        fragments.removeIf(f -> SerialNumbers.tsnLe(f.tsn, newCumulativeTsn), this::discard);
        for (int i = 0; i < count; i++) {
            int streamId = streamIds[i];
            if (streamId < 0 || streamId >= maxInboundStreams) {
                continue;
            }
            InboundStream stream = stream(streamId);
            int skippedSsn = ssns[i] & SerialNumbers.SSN_MASK;
            if (SerialNumbers.ssnLt(skippedSsn, stream.expectedSsn)) {
                continue; // already past it
            }
            // Deliver held messages up to and including the skipped SSN, in SSN order.
            while (stream.ready != null && !stream.ready.isEmpty()) {
                Map.Entry<Integer, Ready> first = stream.ready.firstEntry();
                if (SerialNumbers.ssnGt(first.getKey(), skippedSsn)) {
                    break;
                }
                stream.ready.pollFirstEntry();
                bufferedBytes -= first.getValue().message.length;
                deliver(streamId, first.getValue().ppid, first.getValue().message, false);
            }
            stream.expectedSsn = SerialNumbers.nextSsn(skippedSsn);
            drainReady(stream, streamId);
        }
    }

    /**
     * Stream reset performed (RFC 6525): the streams' next expected SSN becomes 0 and anything still held
     * for them (old incarnation) is discarded.
     */
    void resetStreams(int[] streamIds) {
        for (int streamId : streamIds) {
            if (streamId < 0 || streamId >= maxInboundStreams) {
                continue;
            }
            fragments.removeIf(f -> f.streamId == streamId, this::discard);
            if (streamId < streams.length && streams[streamId] != null) {
                InboundStream stream = streams[streamId];
                if (stream.ready != null) {
                    for (Ready r : stream.ready.values()) {
                        bufferedBytes -= r.message.length;
                        droppedByForwardTsn++;
                    }
                    stream.ready = null;
                }
                stream.expectedSsn = 0;
            }
        }
    }

    // ------------------------------------------------------------------ internals

    private Verdict tryComplete(Fragment f) {
        // Cheap rejection: a message is complete only if both neighbours of the new fragment are present.
        if ((f.flags & B) == 0 && !fragments.containsKey(f.tsn - 1)) {
            return Verdict.ACCEPTED;
        }
        if ((f.flags & E) == 0 && !fragments.containsKey(f.tsn + 1)) {
            return Verdict.ACCEPTED;
        }
        Fragment first = f;
        while ((first.flags & B) == 0) {
            Fragment prev = fragments.get(first.tsn - 1);
            if (prev == null || !sameMessage(prev, f) || (prev.flags & E) != 0) {
                return Verdict.ACCEPTED;
            }
            first = prev;
        }
        Fragment last = f;
        long total = 0;
        for (Fragment x = first; ; ) {
            total += x.length;
            if ((x.flags & E) != 0) {
                last = x;
                break;
            }
            Fragment next = fragments.get(x.tsn + 1);
            if (next == null || !sameMessage(next, f) || (next.flags & B) != 0) {
                return Verdict.ACCEPTED;
            }
            x = next;
        }
        boolean unordered = (f.flags & U) != 0;
        int streamId = first.streamId;
        int ppid = first.ppid;
        int ssn = first.ssn;
        if (total > maxMessageSize) {
            removeRun(first.tsn, last.tsn, null, 0);
            refusedTooLarge++;
            return Verdict.MESSAGE_TOO_LARGE;
        }
        byte[] message = new byte[(int) total];
        removeRun(first.tsn, last.tsn, message, 0);
        if (unordered) {
            deliver(streamId, ppid, message, true);
            return Verdict.ACCEPTED;
        }
        InboundStream stream = stream(streamId);
        if (ssn == stream.expectedSsn) {
            deliverInOrder(stream, streamId, ppid, message);
        } else if (SerialNumbers.ssnLt(ssn, stream.expectedSsn)
                || (stream.ready != null && stream.ready.containsKey(ssn))) {
            droppedStale++;
            return Verdict.STALE;
        } else {
            hold(stream, ssn, ppid, message); // the bytes move from the fragments to the waiting message
        }
        return Verdict.ACCEPTED;
    }

    private static boolean sameMessage(Fragment a, Fragment b) {
        if (a.streamId != b.streamId || ((a.flags ^ b.flags) & U) != 0) {
            return false;
        }
        return (a.flags & U) != 0 || a.ssn == b.ssn;
    }

    /** Removes fragments first..last (consecutive TSNs), copying them into {@code into} when non-null. */
    private void removeRun(int firstTsn, int lastTsn, byte[] into, int position) {
        for (int tsn = firstTsn; ; tsn++) {
            Fragment x = fragments.remove(tsn);
            if (into != null) {
                System.arraycopy(x.data, 0, into, position, x.length);
                position += x.length;
                bufferedBytes -= x.length;
                release(x);
            } else {
                discard(x);
            }
            if (tsn == lastTsn) {
                return;
            }
        }
    }

    private void hold(InboundStream stream, int ssn, int ppid, byte[] message) {
        if (stream.ready == null) {
            stream.ready = new TreeMap<>(SerialNumbers::ssnCompare);
        }
        stream.ready.put(ssn, new Ready(ppid, message));
        bufferedBytes += message.length;
    }

    private void deliverInOrder(InboundStream stream, int streamId, int ppid, byte[] message) {
        stream.expectedSsn = SerialNumbers.nextSsn(stream.expectedSsn);
        deliver(streamId, ppid, message, false);
        drainReady(stream, streamId);
    }

    private void drainReady(InboundStream stream, int streamId) {
        while (stream.ready != null && !stream.ready.isEmpty()) {
            Map.Entry<Integer, Ready> first = stream.ready.firstEntry();
            int ssn = first.getKey();
            if (SerialNumbers.ssnLt(ssn, stream.expectedSsn)) {
                stream.ready.pollFirstEntry(); // stale after a FORWARD-TSN skip
                bufferedBytes -= first.getValue().message.length;
                droppedStale++;
                continue;
            }
            if (ssn != stream.expectedSsn) {
                return;
            }
            stream.ready.pollFirstEntry();
            bufferedBytes -= first.getValue().message.length;
            stream.expectedSsn = SerialNumbers.nextSsn(stream.expectedSsn);
            deliver(streamId, first.getValue().ppid, first.getValue().message, false);
        }
    }

    private void deliver(int streamId, int ppid, byte[] message, boolean unordered) {
        messagesDelivered++;
        bytesDelivered += message.length;
        sink.onMessage(streamId, ppid, message, unordered);
    }

    private InboundStream stream(int streamId) {
        if (streamId >= streams.length) {
            int size = streams.length;
            while (size <= streamId) {
                size <<= 1;
            }
            streams = java.util.Arrays.copyOf(streams, Math.min(size, 65_536));
        }
        InboundStream s = streams[streamId];
        if (s == null) {
            s = new InboundStream();
            streams[streamId] = s;
        }
        return s;
    }

    private static byte[] copy(byte[] payload, int offset, int length) {
        byte[] message = new byte[length];
        System.arraycopy(payload, offset, message, 0, length);
        return message;
    }

    private Fragment allocate(int length) {
        Fragment f = pool;
        if (f != null) {
            pool = f.nextFree;
            f.nextFree = null;
            pooled--;
            if (f.data.length < length) {
                f.data = new byte[length];
            }
            return f;
        }
        f = new Fragment();
        f.data = new byte[Math.max(length, 256)];
        return f;
    }

    private void discard(Fragment f) {
        bufferedBytes -= f.length;
        droppedByForwardTsn++;
        release(f);
    }

    private void release(Fragment f) {
        if (pooled < POOL_LIMIT && f.data.length <= POOLED_BUFFER_LIMIT) {
            f.nextFree = pool;
            pool = f;
            pooled++;
        }
    }

    @Override
    public String toString() {
        return "ReassemblyQueue[buffered=" + bufferedBytes + "/" + maxBufferedBytes + ", fragments="
                + fragments.size() + ", delivered=" + messagesDelivered + "]";
    }

    private static final class Fragment {
        int tsn;
        int streamId;
        int ssn;
        int ppid;
        int flags;
        byte[] data;
        int length;
        Fragment nextFree;
    }

    private record Ready(int ppid, byte[] message) {
    }

    private static final class InboundStream {
        int expectedSsn;
        TreeMap<Integer, Ready> ready;
    }
}
