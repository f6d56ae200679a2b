package dev.strafe.webrtc.sctp;

import java.util.Objects;

/**
 * Outbound user messages before they get TSNs: one FIFO per stream, a fair round-robin scheduler across
 * streams, fragmentation to caller-given payload sizes, SSN assignment, PR-SCTP lifetime discard, buffer
 * limits and per-stream {@code bufferedAmount} accounting with low-threshold callbacks.
 *
 * <p>Scheduling: round-robin across streams that have data, one whole message per turn. Without I-DATA
 * (RFC 8260) the fragments of one message need consecutive TSNs (RFC 9260 §6.9: "the TSNs for each fragment
 * of a fragmented user message MUST be strictly sequential"), so once a message's first fragment is handed
 * out the scheduler stays on it until its last fragment; then the next stream gets a turn. A busy stream
 * therefore cannot starve another by more than one message.
 *
 * <p>SSNs (RFC 4960 §6.5: "The stream sequence number in all the streams MUST start from 0 when the
 * association is established. Also, when the stream sequence number reaches the value 65535 the next stream
 * sequence number MUST be set to 0"; one per ordered message) are assigned when the first fragment is
 * handed out, so messages discarded before transmission never leave an SSN gap the receiver would wait on.
 * Unordered messages do not consume an SSN (RFC 9260 §3.3.1, U bit: "there is no Stream Sequence Number
 * assigned to this DATA chunk. Therefore, the receiver MUST ignore the Stream Sequence Number field"); they
 * carry SSN 0.
 *
 * <p>PR-SCTP (RFC 3758 §4.1 TR3): "Before assigning a TSN to any message, the SCTP sender MUST evaluate the
 * lifetime of that message. If it is expired, the SCTP sender MUST NOT assign a TSN to that message, but
 * instead, SHOULD issue a notification to the upper layer and abandon the message." Expired messages are
 * discarded when the scheduler reaches them (or by {@link #discardExpired(long)}) and counted.
 *
 * <p>Buffered amount: a message's bytes count on its stream from {@link #enqueue} until the association
 * reports them acknowledged ({@link #acknowledged}) or abandoned ({@link #abandonedInFlight},
 * {@link #abandon}); the queue itself releases bytes it never handed out. The association-wide sum is capped
 * ({@link SendStatus#BUFFER_FULL}: nothing is dropped silently). RFC 6525 stream reset: a stream with a
 * pending reset refuses new messages ({@link SendStatus#INVALID_STREAM}); after the reset is performed its
 * next SSN is 0.
 *
 * <p>Allocation: one {@link OutgoingMessage} and one data copy per message ({@link #enqueueOwned} skips the
 * copy); fragments are described through a reused {@link Fragment} flyweight.
 */
final class SendQueue {

    /** Callback for {@link SctpListener#onBufferedAmountLow}. */
    @FunctionalInterface
    interface BufferedAmountLowListener {
        void onBufferedAmountLow(int streamId);
    }

    /** The next DATA chunk to send: a slice of {@link #message()}'s data. Reused by {@link #next}. */
    static final class Fragment {
        private OutgoingMessage message;
        private int offset;
        private int length;
        private boolean beginning;
        private boolean ending;

        OutgoingMessage message() {
            return message;
        }

        int streamId() {
            return message.streamId;
        }

        int ssn() {
            return message.ssn;
        }

        int ppid() {
            return message.ppid;
        }

        boolean unordered() {
            return message.unordered;
        }

        byte[] data() {
            return message.data;
        }

        int offset() {
            return offset;
        }

        int length() {
            return length;
        }

        /** B bit: first fragment of the message. */
        boolean beginning() {
            return beginning;
        }

        /** E bit: last fragment of the message. */
        boolean ending() {
            return ending;
        }

        @Override
        public String toString() {
            return "Fragment[" + message + ", offset=" + offset + ", length=" + length + (beginning ? ", B" : "")
                    + (ending ? ", E" : "") + "]";
        }
    }

    private final int maxOutboundStreams;
    private final int maxMessageSize;
    private final long maxBufferedBytes;
    private final int maxQueuedMessages;
    private final BufferedAmountLowListener lowListener;

    private OutboundStream[] streams = new OutboundStream[4];
    /** Round-robin ring of streams with queued messages (circular, singly linked; {@code activeTail.nextActive} is the head). */
    private OutboundStream activeTail;
    private OutgoingMessage current;
    /** Stream of {@link #current} while it still has more messages: rotated to the back when current ends. */
    private OutboundStream serving;
    private long bufferedBytes;
    private int queuedMessages;
    private long queuedBytes;

    private long messagesEnqueued;
    private long refusedBufferFull;
    private long refusedTooLarge;
    private long refusedInvalidStream;
    private long expiredUnsent;
    private long abandonedMessages;

    /**
     * @param maxOutboundStreams negotiated outbound stream count, {@code [1, 65536]}
     * @param maxMessageSize     largest message accepted (the peer's max-message-size), >= 1
     * @param maxBufferedBytes   association-wide cap on unacknowledged bytes, >= maxMessageSize
     * @param maxQueuedMessages  cap on messages waiting for their first fragment, >= 1
     */
    SendQueue(int maxOutboundStreams, int maxMessageSize, long maxBufferedBytes, int maxQueuedMessages,
              BufferedAmountLowListener lowListener) {
        if (maxOutboundStreams < 1 || maxOutboundStreams > 65_536) {
            throw new IllegalArgumentException("maxOutboundStreams: " + maxOutboundStreams
                    + " (expected: 1 <= maxOutboundStreams <= 65536)");
        }
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize: " + maxMessageSize + " (expected: >= 1)");
        }
        if (maxBufferedBytes < maxMessageSize) {
            throw new IllegalArgumentException("maxBufferedBytes: " + maxBufferedBytes
                    + " (expected: >= maxMessageSize " + maxMessageSize + ")");
        }
        if (maxQueuedMessages < 1) {
            throw new IllegalArgumentException("maxQueuedMessages: " + maxQueuedMessages + " (expected: >= 1)");
        }
        this.maxOutboundStreams = maxOutboundStreams;
        this.maxMessageSize = maxMessageSize;
        this.maxBufferedBytes = maxBufferedBytes;
        this.maxQueuedMessages = maxQueuedMessages;
        this.lowListener = Objects.requireNonNull(lowListener, "lowListener");
    }

    // ------------------------------------------------------------------ enqueue

    /**
     * Queues a copy of {@code data[offset, offset + length)}.
     *
     * @param maxRetransmits {@link SctpTransport#RELIABLE} or >= 0
     * @param lifetimeNanos  {@link SctpTransport#NO_LIFETIME} or >= 0 (relative to {@code nowNanos})
     * @throws IllegalArgumentException for a caller bug (empty message: SCTP DATA needs at least one byte,
     *     the data-channel layer maps empty messages to a PPID with one byte; bad policy values)
     */
    SendStatus enqueue(int streamId, int ppid, byte[] data, int offset, int length, boolean unordered,
                       int maxRetransmits, long lifetimeNanos, long nowNanos) {
        Objects.checkFromIndexSize(offset, length, data.length);
        SendStatus status = admit(streamId, length, maxRetransmits, lifetimeNanos);
        if (status != SendStatus.ACCEPTED) {
            return status;
        }
        byte[] copy = new byte[length];
        System.arraycopy(data, offset, copy, 0, length);
        append(streamId, ppid, copy, unordered, maxRetransmits, lifetimeNanos, nowNanos);
        return SendStatus.ACCEPTED;
    }

    /** Like {@link #enqueue} but takes ownership of {@code data} (no copy): the caller must not touch it again. */
    SendStatus enqueueOwned(int streamId, int ppid, byte[] data, boolean unordered, int maxRetransmits,
                            long lifetimeNanos, long nowNanos) {
        SendStatus status = admit(streamId, data.length, maxRetransmits, lifetimeNanos);
        if (status != SendStatus.ACCEPTED) {
            return status;
        }
        append(streamId, ppid, data, unordered, maxRetransmits, lifetimeNanos, nowNanos);
        return SendStatus.ACCEPTED;
    }

    private SendStatus admit(int streamId, int length, int maxRetransmits, long lifetimeNanos) {
        if (length < 1) {
            throw new IllegalArgumentException("length: " + length + " (expected: >= 1)");
        }
        if (maxRetransmits < SctpTransport.RELIABLE) {
            throw new IllegalArgumentException("maxRetransmits: " + maxRetransmits + " (expected: -1 or >= 0)");
        }
        if (lifetimeNanos < SctpTransport.NO_LIFETIME) {
            throw new IllegalArgumentException("lifetimeNanos: " + lifetimeNanos + " (expected: -1 or >= 0)");
        }
        if (streamId < 0 || streamId >= maxOutboundStreams) {
            refusedInvalidStream++;
            return SendStatus.INVALID_STREAM;
        }
        OutboundStream stream = streamId < streams.length ? streams[streamId] : null;
        if (stream != null && stream.resetPending) {
            refusedInvalidStream++;
            return SendStatus.INVALID_STREAM;
        }
        if (length > maxMessageSize) {
            refusedTooLarge++;
            return SendStatus.MESSAGE_TOO_LARGE;
        }
        if (bufferedBytes + length > maxBufferedBytes || queuedMessages >= maxQueuedMessages) {
            refusedBufferFull++;
            return SendStatus.BUFFER_FULL;
        }
        return SendStatus.ACCEPTED;
    }

    private void append(int streamId, int ppid, byte[] data, boolean unordered, int maxRetransmits,
                        long lifetimeNanos, long nowNanos) {
        long expiresAt = lifetimeNanos == SctpTransport.NO_LIFETIME ? Long.MAX_VALUE : saturatingAdd(nowNanos, lifetimeNanos);
        OutgoingMessage message = new OutgoingMessage(streamId, ppid, unordered, data, maxRetransmits, expiresAt);
        OutboundStream stream = stream(streamId);
        if (stream.tail == null) {
            stream.head = message;
            activate(stream);
        } else {
            stream.tail.next = message;
        }
        stream.tail = message;
        stream.queuedMessages++;
        stream.bufferedAmount += data.length;
        bufferedBytes += data.length;
        queuedMessages++;
        queuedBytes += data.length;
        messagesEnqueued++;
    }

    // ------------------------------------------------------------------ dequeue

    /** Whether a fragment can be produced now (ignoring lifetimes that expire before it is pulled). */
    boolean hasData() {
        return current != null || activeTail != null;
    }

    /** Bytes not yet handed out as fragments (queued messages plus the rest of the current one). */
    long unsentBytes() {
        return queuedBytes + (current == null ? 0 : current.data.length - current.sentBytes);
    }

    /**
     * Length of the fragment {@link #next} would produce for {@code maxPayload}, or 0 when nothing is
     * queued. May select (and from then on stick to) the next message, discarding expired ones.
     */
    int nextFragmentLength(int maxPayload, long nowNanos) {
        if (maxPayload < 1) {
            throw new IllegalArgumentException("maxPayload: " + maxPayload + " (expected: >= 1)");
        }
        OutgoingMessage m = select(nowNanos);
        return m == null ? 0 : Math.min(maxPayload, m.data.length - m.sentBytes);
    }

    /**
     * Hands out the next fragment of at most {@code maxPayload} bytes into {@code out}. The caller assigns
     * it the next TSN right away (fragments of one message must get consecutive TSNs).
     *
     * @return false when nothing is queued
     */
    boolean next(int maxPayload, long nowNanos, Fragment out) {
        if (maxPayload < 1) {
            throw new IllegalArgumentException("maxPayload: " + maxPayload + " (expected: >= 1)");
        }
        OutgoingMessage m = select(nowNanos);
        if (m == null) {
            return false;
        }
        int length = Math.min(maxPayload, m.data.length - m.sentBytes);
        out.message = m;
        out.offset = m.sentBytes;
        out.length = length;
        out.beginning = m.sentBytes == 0;
        m.sentBytes += length;
        out.ending = m.sentBytes == m.data.length;
        if (out.ending) {
            finishCurrent();
        }
        return true;
    }

    /** The message whose fragments are being handed out, or null. */
    OutgoingMessage current() {
        return current;
    }

    /**
     * The current message is done: its stream's turn ends. Rotating only now (not when the message was
     * selected) lets a stream that became active meanwhile go before the stream that was just served.
     */
    private void finishCurrent() {
        current = null;
        if (serving != null && activeTail != null && activeTail.nextActive == serving) {
            activeTail = serving;
        }
        serving = null;
    }

    private OutgoingMessage select(long nowNanos) {
        while (current == null) {
            if (activeTail == null) {
                return null;
            }
            OutboundStream stream = activeTail.nextActive; // head of the ring
            OutgoingMessage m = stream.head;
            stream.head = m.next;
            m.next = null;
            stream.queuedMessages--;
            queuedMessages--;
            queuedBytes -= m.data.length;
            if (stream.head == null) {
                stream.tail = null;
                deactivateHead();
                serving = null;
            } else {
                serving = stream; // stays at the head until this message is done, then rotates to the back
            }
            if (m.isExpired(nowNanos)) {
                expiredUnsent++;
                m.abandoned = true;
                release(stream, m.data.length);
                continue;
            }
            if (!m.unordered) {
                m.ssn = stream.nextSsn;
                stream.nextSsn = SerialNumbers.nextSsn(stream.nextSsn);
            }
            current = m;
        }
        return current;
    }

    /**
     * Discards queued messages (not yet started) whose lifetime is over (RFC 3758 TR5: "Expired messages that
     * have not been assigned a TSN MAY be handled as per rule TR3"). O(queued messages).
     *
     * @return messages discarded
     */
    int discardExpired(long nowNanos) {
        int discarded = 0;
        if (activeTail == null) {
            return 0;
        }
        OutboundStream first = activeTail.nextActive;
        OutboundStream s = first;
        // collect the ring first: removing empty streams changes it
        OutboundStream[] ring = new OutboundStream[countActive()];
        for (int i = 0; i < ring.length; i++, s = s.nextActive) {
            ring[i] = s;
        }
        for (OutboundStream stream : ring) {
            OutgoingMessage prev = null;
            for (OutgoingMessage m = stream.head; m != null; ) {
                OutgoingMessage next = m.next;
                if (m.isExpired(nowNanos)) {
                    if (prev == null) {
                        stream.head = next;
                    } else {
                        prev.next = next;
                    }
                    if (stream.tail == m) {
                        stream.tail = prev;
                    }
                    m.next = null;
                    m.abandoned = true;
                    stream.queuedMessages--;
                    queuedMessages--;
                    queuedBytes -= m.data.length;
                    expiredUnsent++;
                    discarded++;
                    release(stream, m.data.length);
                } else {
                    prev = m;
                }
                m = next;
            }
            if (stream.head == null) {
                deactivate(stream);
            }
        }
        return discarded;
    }

    // ------------------------------------------------------------------ accounting the association reports

    /** {@code bytes} of {@code streamId} were acknowledged (call once per DATA chunk, with its payload length). */
    void acknowledged(int streamId, int bytes) {
        release(existingStream(streamId), bytes);
    }

    /** {@code bytes} of in-flight DATA of {@code streamId} were abandoned (PR-SCTP) and will not be acknowledged. */
    void abandonedInFlight(int streamId, int bytes) {
        release(existingStream(streamId), bytes);
    }

    /**
     * Abandons {@code message} (PR-SCTP, RFC 3758 §3.5: all fragments of a message are abandoned together):
     * if it is being fragmented ({@link #current()}), its fragments not yet handed out are dropped and their
     * bytes released here. The association only holds messages that were (at least partly) handed out, so a
     * message that is not current was fully handed out: nothing to release here. The bytes of fragments
     * already handed out are released by the association through {@link #abandonedInFlight} per chunk.
     *
     * @return bytes released that were never handed out
     */
    int abandon(OutgoingMessage message) {
        if (message.abandoned) {
            return 0;
        }
        message.abandoned = true;
        abandonedMessages++;
        int unsent = message.data.length - message.sentBytes;
        OutboundStream stream = existingStream(message.streamId);
        if (message != current) {
            return 0; // fully handed out earlier: nothing unsent to release
        }
        finishCurrent();
        message.sentBytes = message.data.length;
        release(stream, unsent);
        return unsent;
    }

    long bufferedAmount(int streamId) {
        OutboundStream s = streamId >= 0 && streamId < streams.length ? streams[streamId] : null;
        return s == null ? 0 : s.bufferedAmount;
    }

    void bufferedAmountLowThreshold(int streamId, long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
        }
        if (streamId < 0 || streamId >= maxOutboundStreams) {
            throw new IllegalArgumentException("streamId: " + streamId + " (expected: 0 <= streamId < "
                    + maxOutboundStreams + ")");
        }
        stream(streamId).lowThreshold = bytes;
    }

    long bufferedAmountLowThreshold(int streamId) {
        OutboundStream s = streamId >= 0 && streamId < streams.length ? streams[streamId] : null;
        return s == null ? 0 : s.lowThreshold;
    }

    /** Unacknowledged bytes over all streams (queued + in flight). */
    long bufferedBytes() {
        return bufferedBytes;
    }

    /** Messages waiting for their first fragment. */
    int queuedMessages() {
        return queuedMessages;
    }

    /** Next SSN the stream assigns to an ordered message. */
    int nextSsn(int streamId) {
        OutboundStream s = streamId >= 0 && streamId < streams.length ? streams[streamId] : null;
        return s == null ? 0 : s.nextSsn;
    }

    // ------------------------------------------------------------------ stream reset (RFC 6525)

    /**
     * Marks streams as being reset: they refuse new messages from now on. Already queued messages are still
     * sent; the association sends the Outgoing SSN Reset Request once {@link #isDrained} is true for them.
     */
    void requestReset(int... streamIds) {
        for (int streamId : streamIds) {
            if (streamId < 0 || streamId >= maxOutboundStreams) {
                throw new IllegalArgumentException("streamId: " + streamId + " (expected: 0 <= streamId < "
                        + maxOutboundStreams + ")");
            }
            stream(streamId).resetPending = true;
        }
    }

    boolean isResetPending(int streamId) {
        OutboundStream s = streamId >= 0 && streamId < streams.length ? streams[streamId] : null;
        return s != null && s.resetPending;
    }

    /** Whether nothing of the stream waits to be handed out (in-flight data may remain). */
    boolean isDrained(int streamId) {
        OutboundStream s = streamId >= 0 && streamId < streams.length ? streams[streamId] : null;
        return s == null || (s.head == null && (current == null || current.streamId != streamId));
    }

    /** The peer performed the reset: the streams' next SSN is 0 and they accept messages again. */
    void resetPerformed(int... streamIds) {
        for (int streamId : streamIds) {
            if (streamId >= 0 && streamId < streams.length && streams[streamId] != null) {
                streams[streamId].nextSsn = 0;
                streams[streamId].resetPending = false;
            }
        }
    }

    /** The reset request was refused or failed: the streams accept messages again, SSNs unchanged. */
    void resetCancelled(int... streamIds) {
        for (int streamId : streamIds) {
            if (streamId >= 0 && streamId < streams.length && streams[streamId] != null) {
                streams[streamId].resetPending = false;
            }
        }
    }

    // ------------------------------------------------------------------ metrics

    long messagesEnqueued() {
        return messagesEnqueued;
    }

    long refusedBufferFull() {
        return refusedBufferFull;
    }

    long refusedTooLarge() {
        return refusedTooLarge;
    }

    long refusedInvalidStream() {
        return refusedInvalidStream;
    }

    /** Messages discarded before their first transmission because their lifetime was over. */
    long expiredUnsent() {
        return expiredUnsent;
    }

    /** Messages abandoned through {@link #abandon}. */
    long abandonedMessages() {
        return abandonedMessages;
    }

    // ------------------------------------------------------------------ internals

    private void release(OutboundStream stream, int bytes) {
        if (bytes < 0 || bytes > stream.bufferedAmount) {
            throw new IllegalStateException("release " + bytes + " bytes on stream " + stream.id
                    + " (expected: 0 <= bytes <= bufferedAmount " + stream.bufferedAmount + ")");
        }
        long before = stream.bufferedAmount;
        stream.bufferedAmount -= bytes;
        bufferedBytes -= bytes;
        if (before > stream.lowThreshold && stream.bufferedAmount <= stream.lowThreshold) {
            lowListener.onBufferedAmountLow(stream.id);
        }
    }

    private OutboundStream existingStream(int streamId) {
        OutboundStream s = streamId >= 0 && streamId < streams.length ? streams[streamId] : null;
        if (s == null) {
            throw new IllegalStateException("stream " + streamId + " never had data queued");
        }
        return s;
    }

    private OutboundStream stream(int streamId) {
        if (streamId >= streams.length) {
            int size = streams.length;
            while (size <= streamId) {
                size <<= 1;
            }
            streams = java.util.Arrays.copyOf(streams, Math.min(size, 65_536));
        }
        OutboundStream s = streams[streamId];
        if (s == null) {
            s = new OutboundStream(streamId);
            streams[streamId] = s;
        }
        return s;
    }

    private void activate(OutboundStream stream) {
        if (stream.active) {
            return;
        }
        stream.active = true;
        if (activeTail == null) {
            stream.nextActive = stream;
        } else {
            stream.nextActive = activeTail.nextActive;
            activeTail.nextActive = stream;
        }
        activeTail = stream; // appended at the back of the ring
    }

    /** Removes the ring's head (activeTail.nextActive). */
    private void deactivateHead() {
        OutboundStream head = activeTail.nextActive;
        head.active = false;
        if (head == activeTail) {
            activeTail = null;
        } else {
            activeTail.nextActive = head.nextActive;
        }
        head.nextActive = null;
    }

    private void deactivate(OutboundStream stream) {
        if (!stream.active) {
            return;
        }
        OutboundStream prev = activeTail;
        while (prev.nextActive != stream) {
            prev = prev.nextActive;
        }
        stream.active = false;
        if (prev == stream) {
            activeTail = null;
        } else {
            prev.nextActive = stream.nextActive;
            if (activeTail == stream) {
                activeTail = prev;
            }
        }
        stream.nextActive = null;
    }

    private int countActive() {
        if (activeTail == null) {
            return 0;
        }
        int n = 1;
        for (OutboundStream s = activeTail.nextActive; s != activeTail; s = s.nextActive) {
            n++;
        }
        return n;
    }

    private static long saturatingAdd(long x, long y) {
        long r = x + y;
        return ((x ^ r) & (y ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    @Override
    public String toString() {
        return "SendQueue[buffered=" + bufferedBytes + "/" + maxBufferedBytes + ", queuedMessages=" + queuedMessages
                + ", current=" + current + "]";
    }

    private static final class OutboundStream {
        final int id;
        OutgoingMessage head;
        OutgoingMessage tail;
        int queuedMessages;
        int nextSsn;
        long bufferedAmount;
        long lowThreshold;
        boolean resetPending;
        boolean active;
        OutboundStream nextActive;

        OutboundStream(int id) {
            this.id = id;
        }
    }
}
