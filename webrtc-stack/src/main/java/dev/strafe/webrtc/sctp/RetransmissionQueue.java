package dev.strafe.webrtc.sctp;

/**
 * The data sender's outstanding DATA chunks, by TSN, from the cumulative TSN ack point + 1 up to the
 * last assigned TSN: what is in flight, gap-acked, marked for retransmission, or abandoned (PR-SCTP).
 * Keeps per-chunk miss indications for fast retransmit (RFC 9260 §7.2.4), the transmission count and
 * the send time for Karn's rule (§6.3.1 C5) and the PR-SCTP policies (RFC 3758 §3.5).
 *
 * <p>Storage is a ring of parallel arrays indexed by TSN (no per-chunk objects). The chunk's bytes are
 * a slice of its {@link OutgoingMessage}'s array, which stays referenced until the chunk is acknowledged
 * or abandoned. Fragments of one message have consecutive TSNs.
 */
final class RetransmissionQueue {
    static final byte IN_FLIGHT = 0;
    static final byte ACKED = 1;
    static final byte TO_RETRANSMIT = 2;
    static final byte ABANDONED = 3;
    static final int MAX_CAPACITY = 1 << 16;

    /** Told about bytes leaving the queue (acknowledged or abandoned) per stream. */
    interface Listener {
        void onReleased(int streamId, int bytes, boolean abandoned);

        /** A message was abandoned; the send queue must flag it and drop its unsent fragments. */
        void onMessageAbandoned(OutgoingMessage message);
    }

    private final Listener listener;
    private int mask;
    private OutgoingMessage[] message = new OutgoingMessage[0];
    private int[] dataOffset, length, flags, transmissions, misses;
    private long[] sentNanos;
    private byte[] state;
    private boolean[] fastRetransmitted;

    private int cumulativeTsnAck;
    private int count;
    private long flightBytes;
    private int toRetransmit;
    private int rtxCursor;
    private long markedBytes;

    // results of the last onSack
    long lastRttSampleNanos;
    long lastBytesAcked;
    boolean lastCumulativeAdvanced;
    int lastNewFastRetransmits;

    RetransmissionQueue(int initialTsn, Listener listener) {
        this.listener = listener;
        this.cumulativeTsnAck = initialTsn - 1;
        this.rtxCursor = initialTsn;
        allocate(256);
    }

    private void allocate(int capacity) {
        int oldMask = mask;
        OutgoingMessage[] m = new OutgoingMessage[capacity];
        int[][] ints = new int[5][capacity];
        long[] sent = new long[capacity];
        byte[] st = new byte[capacity];
        boolean[] fr = new boolean[capacity];
        for (int k = 0; k < count; k++) {
            int tsn = cumulativeTsnAck + 1 + k;
            int o = tsn & oldMask;
            int n = tsn & (capacity - 1);
            m[n] = message[o];
            ints[0][n] = dataOffset[o];
            ints[1][n] = length[o];
            ints[2][n] = flags[o];
            ints[3][n] = transmissions[o];
            ints[4][n] = misses[o];
            sent[n] = sentNanos[o];
            st[n] = state[o];
            fr[n] = fastRetransmitted[o];
        }
        message = m;
        dataOffset = ints[0];
        length = ints[1];
        flags = ints[2];
        transmissions = ints[3];
        misses = ints[4];
        sentNanos = sent;
        state = st;
        fastRetransmitted = fr;
        mask = capacity - 1;
    }

    int cumulativeTsnAck() {
        return cumulativeTsnAck;
    }

    /** TSN the next new DATA chunk gets. */
    int nextTsn() {
        return cumulativeTsnAck + 1 + count;
    }

    int outstandingChunks() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Bytes of DATA in flight (sent, neither acknowledged, abandoned nor marked for retransmission). */
    long flightBytes() {
        return flightBytes;
    }

    boolean hasRetransmissions() {
        return toRetransmit > 0;
    }

    /** Whether another chunk can be tracked. */
    boolean hasRoom() {
        return count < MAX_CAPACITY;
    }

    /** Records a DATA chunk ({@code len} bytes at {@code offset} of {@code msg}) sent for the first time; returns its TSN. */
    int add(OutgoingMessage msg, int offset, int len, int chunkFlags, long nowNanos) {
        if (count == message.length) {
            if (message.length == MAX_CAPACITY) {
                throw new IllegalStateException("retransmission queue full: " + count + " chunks (expected: < " + MAX_CAPACITY + ")");
            }
            allocate(message.length * 2);
        }
        int tsn = nextTsn();
        int i = tsn & mask;
        message[i] = msg;
        dataOffset[i] = offset;
        length[i] = len;
        flags[i] = chunkFlags;
        transmissions[i] = 1;
        misses[i] = 0;
        sentNanos[i] = nowNanos;
        state[i] = IN_FLIGHT;
        fastRetransmitted[i] = false;
        count++;
        flightBytes += len;
        return tsn;
    }

    /**
     * Processes a SACK (RFC 9260 §6.2.1, §7.2.4). Results are left in the {@code last*} fields.
     *
     * @param gapStarts gap block start offsets, {@code gapEnds} end offsets (validated start <= end)
     * @return false if the SACK is out of date or acknowledges a TSN never sent (ignored)
     */
    boolean onSack(int cumTsnAck, int[] gaps, long nowNanos) {
        lastRttSampleNanos = -1;
        lastBytesAcked = 0;
        lastCumulativeAdvanced = false;
        lastNewFastRetransmits = 0;
        if (SerialNumbers.tsnLt(cumTsnAck, cumulativeTsnAck)) {
            return false;
        }
        long acking = SerialNumbers.tsnDistance(cumulativeTsnAck, cumTsnAck);
        if (acking > count) {
            return false;
        }
        int highestNewlyAcked = cumulativeTsnAck;
        long rttFrom = Long.MIN_VALUE;
        for (int k = 0; k < acking; k++) {
            int tsn = cumulativeTsnAck + 1 + k;
            int i = tsn & mask;
            byte s = state[i];
            if (s == IN_FLIGHT || s == TO_RETRANSMIT) {
                ack(i, s);
                highestNewlyAcked = tsn;
                if (transmissions[i] == 1) {
                    rttFrom = sentNanos[i];
                }
            }
            message[i] = null;
        }
        if (acking > 0) {
            lastCumulativeAdvanced = true;
            count -= (int) acking;
            cumulativeTsnAck = cumTsnAck;
            if (SerialNumbers.tsnLt(rtxCursor, cumulativeTsnAck + 1)) {
                rtxCursor = cumulativeTsnAck + 1;
            }
        }
        int highestGapAcked = cumulativeTsnAck;
        for (int g = 0; g + 1 < gaps.length; g += 2) {
            int start = gaps[g];
            int end = Math.min(gaps[g + 1], count);
            for (int off = start; off <= end; off++) {
                int tsn = cumulativeTsnAck + off;
                int i = tsn & mask;
                byte s = state[i];
                if (s == IN_FLIGHT || s == TO_RETRANSMIT) {
                    ack(i, s);
                    highestNewlyAcked = SerialNumbers.tsnMax(highestNewlyAcked, tsn);
                    if (transmissions[i] == 1) {
                        rttFrom = Math.max(rttFrom, sentNanos[i]);
                    }
                }
                if (s != ABANDONED) {
                    highestGapAcked = SerialNumbers.tsnMax(highestGapAcked, tsn);
                }
            }
        }
        if (rttFrom != Long.MIN_VALUE) {
            lastRttSampleNanos = Math.max(0, nowNanos - rttFrom);
        }
        // Miss indications (HTNA, RFC 9260 §7.2.4): TSNs below the highest newly acknowledged one.
        if (SerialNumbers.tsnGt(highestNewlyAcked, cumulativeTsnAck)) {
            int limit = (int) SerialNumbers.tsnDistance(cumulativeTsnAck, highestNewlyAcked);
            for (int off = 1; off < limit; off++) {
                int i = (cumulativeTsnAck + off) & mask;
                if (state[i] == IN_FLIGHT && ++misses[i] >= 3 && !fastRetransmitted[i]) {
                    fastRetransmitted[i] = true;
                    markForRetransmit(i);
                    lastNewFastRetransmits++;
                }
            }
        }
        return true;
    }

    private void ack(int i, byte s) {
        if (s == IN_FLIGHT) {
            flightBytes -= length[i];
        } else {
            toRetransmit--;
        }
        state[i] = ACKED;
        lastBytesAcked += length[i];
        listener.onReleased(message[i].streamId, length[i], false);
    }

    /** Bytes marked for retransmission since the last call (for the peer's rwnd, RFC 9260 §6.2.1). */
    long takeMarkedBytes() {
        long b = markedBytes;
        markedBytes = 0;
        return b;
    }

    private void markForRetransmit(int i) {
        flightBytes -= length[i];
        markedBytes += length[i];
        state[i] = TO_RETRANSMIT;
        toRetransmit++;
        int tsn = tsnOf(i);
        if (SerialNumbers.tsnLt(tsn, rtxCursor)) {
            rtxCursor = tsn;
        }
    }

    private int tsnOf(int index) {
        // index -> TSN within [cum+1, cum+count]
        int base = cumulativeTsnAck + 1;
        return base + ((index - base) & mask);
    }

    /** T3-rtx expiry (RFC 9260 §6.3.3 E3): every chunk in flight is marked for retransmission. */
    void markAllForRetransmit() {
        for (int k = 0; k < count; k++) {
            int i = (cumulativeTsnAck + 1 + k) & mask;
            if (state[i] == IN_FLIGHT) {
                markForRetransmit(i);
            }
        }
    }

    /**
     * Applies the PR-SCTP policies to chunks marked for retransmission (RFC 3758 §3.5 A3): a chunk whose
     * message is out of retransmissions or past its lifetime is abandoned with its whole message.
     *
     * @return messages abandoned
     */
    int abandonExpired(long nowNanos) {
        int abandoned = 0;
        for (int k = 0; k < count && toRetransmit > 0; k++) {
            int i = (cumulativeTsnAck + 1 + k) & mask;
            if (state[i] == TO_RETRANSMIT && exhausted(i, nowNanos)) {
                abandonMessage(i);
                abandoned++;
            }
        }
        return abandoned;
    }

    /** Abandons lifetime-expired messages still in flight (RFC 3758 §3.5: "at any time"). */
    int abandonLifetimeExpired(long nowNanos) {
        int abandoned = 0;
        for (int k = 0; k < count; k++) {
            int i = (cumulativeTsnAck + 1 + k) & mask;
            byte s = state[i];
            if ((s == IN_FLIGHT || s == TO_RETRANSMIT) && message[i].isExpired(nowNanos)) {
                abandonMessage(i);
                abandoned++;
            }
        }
        return abandoned;
    }

    private boolean exhausted(int i, long nowNanos) {
        OutgoingMessage m = message[i];
        return !m.mayRetransmit(transmissions[i]) || m.isExpired(nowNanos);
    }

    private void abandonMessage(int index) {
        OutgoingMessage id = message[index];
        int tsn = tsnOf(index);
        // fragments have consecutive TSNs: walk both ways
        int first = tsn;
        while (SerialNumbers.tsnGt(first, cumulativeTsnAck + 1) && message[(first - 1) & mask] == id) {
            first--;
        }
        int last = cumulativeTsnAck + count;
        for (int t = first; SerialNumbers.tsnLe(t, last); t++) {
            int i = t & mask;
            if (message[i] != id) {
                break;
            }
            byte s = state[i];
            if (s == IN_FLIGHT) {
                flightBytes -= length[i];
            } else if (s == TO_RETRANSMIT) {
                toRetransmit--;
            }
            if (s != ACKED && s != ABANDONED) {
                listener.onReleased(message[i].streamId, length[i], true);
            }
            state[i] = ABANDONED;
        }
        listener.onMessageAbandoned(id);
    }

    /**
     * Abandons {@code m}, whose fragments (if any were sent) are the newest TSNs: used when the message
     * being fragmented expires before all its fragments went out (RFC 3758 §4.1 TR4).
     */
    void abandonNewest(OutgoingMessage m) {
        int last = cumulativeTsnAck + count;
        if (count > 0 && message[last & mask] == m && state[last & mask] != ABANDONED) {
            abandonMessage(last & mask);
        } else {
            listener.onMessageAbandoned(m);
        }
    }

    /**
     * Index of the next chunk to retransmit, or -1; the caller reads it with the accessors and then calls
     * {@link #retransmitted}.
     */
    int nextRetransmission() {
        if (toRetransmit == 0) {
            return -1;
        }
        if (SerialNumbers.tsnLt(rtxCursor, cumulativeTsnAck + 1)) {
            rtxCursor = cumulativeTsnAck + 1;
        }
        int last = cumulativeTsnAck + count;
        for (int t = rtxCursor; SerialNumbers.tsnLe(t, last); t++) {
            if (state[t & mask] == TO_RETRANSMIT) {
                rtxCursor = t;
                return t & mask;
            }
        }
        rtxCursor = cumulativeTsnAck + 1;
        return -1;
    }

    void retransmitted(int i, long nowNanos) {
        state[i] = IN_FLIGHT;
        toRetransmit--;
        transmissions[i]++;
        misses[i] = 0;
        sentNanos[i] = nowNanos;
        flightBytes += length[i];
    }

    int tsnAt(int i) {
        return tsnOf(i);
    }

    OutgoingMessage messageAt(int i) {
        return message[i];
    }

    int offsetAt(int i) {
        return dataOffset[i];
    }

    int lengthAt(int i) {
        return length[i];
    }

    int flagsAt(int i) {
        return flags[i];
    }

    int transmissionsAt(int i) {
        return transmissions[i];
    }

    /**
     * Advanced.Peer.Ack.Point (RFC 3758 §3.5 C1): the highest TSN such that it and every TSN below it
     * down to the cumulative ack point are abandoned (or acked).
     */
    int advancedPeerAckPoint() {
        int point = cumulativeTsnAck;
        for (int k = 0; k < count; k++) {
            int i = (cumulativeTsnAck + 1 + k) & mask;
            if (state[i] != ABANDONED) {
                break;
            }
            point++;
        }
        return point;
    }

    /**
     * Fills the FORWARD TSN stream/SSN pairs (RFC 3758 §3.5 C4) for ordered abandoned chunks up to
     * {@code newCumulativeTsn}: the highest SSN per stream. Returns the pair count written into
     * {@code pairs} ({@code [stream, ssn, ...]}, capacity {@code pairs.length / 2}).
     */
    int forwardTsnStreams(int newCumulativeTsn, int[] pairs) {
        int n = 0;
        int limit = (int) SerialNumbers.tsnDistance(cumulativeTsnAck, newCumulativeTsn);
        for (int off = 1; off <= limit; off++) {
            int i = (cumulativeTsnAck + off) & mask;
            if ((flags[i] & 0x04) != 0) {
                continue; // unordered: no SSN to skip
            }
            if (message[i] == null || state[i] != ABANDONED) {
                continue;
            }
            int sid = message[i].streamId;
            int sq = message[i].ssn;
            int found = -1;
            for (int p = 0; p < n; p++) {
                if (pairs[2 * p] == sid) {
                    found = p;
                    break;
                }
            }
            if (found >= 0) {
                if (SerialNumbers.ssnGt(sq, pairs[2 * found + 1])) {
                    pairs[2 * found + 1] = sq;
                }
            } else if (2 * n + 1 < pairs.length) {
                pairs[2 * n] = sid;
                pairs[2 * n + 1] = sq;
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "RetransmissionQueue{cumAck=" + Integer.toUnsignedString(cumulativeTsnAck) + ", outstanding=" + count
                + ", flight=" + flightBytes + ", toRetransmit=" + toRetransmit + "}";
    }
}
