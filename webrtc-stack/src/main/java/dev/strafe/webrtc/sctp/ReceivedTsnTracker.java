package dev.strafe.webrtc.sctp;

/**
 * The data receiver's view of the peer's TSN space: cumulative TSN ack point, TSNs received above it,
 * duplicates since the last SACK, and the state the delayed-SACK policy needs. Sans-IO: it never owns a
 * timer; the association asks {@link #immediateSackRequired()} / {@link #oldestUnackedNanos()} and arms
 * its own delayed-SACK timer.
 *
 * <p>RFC 9260 §6.2: "After the reception of the first DATA chunk in an association the endpoint MUST
 * immediately respond with a SACK to acknowledge the DATA chunk. Subsequent acknowledgements SHOULD be
 * delayed" ... "An acknowledgement SHOULD be generated for at least every second packet (not every second
 * DATA chunk) received and SHOULD be generated within 200 ms of the arrival of any unacknowledged DATA
 * chunk." ... "When a packet arrives with duplicate DATA chunk(s) and with no new DATA chunk(s), the endpoint
 * MUST immediately send a SACK with no delay."
 *
 * <p>RFC 9260 §6.7: "Upon the reception of a new DATA chunk, an endpoint shall examine the continuity of the
 * TSNs received. If the endpoint detects a gap in the received DATA chunk sequence, it SHOULD send a SACK with
 * Gap Ack Blocks immediately. The data receiver continues sending a SACK after receipt of each SCTP packet
 * that doesn't fill the gap." §3.3.4 (SACK): Gap Ack Block Start/End are 16-bit offsets: "To calculate the
 * actual TSN number the Cumulative TSN Ack is added to this offset number"; Duplicate TSN: "Every time a
 * receiver gets a duplicate TSN (before sending the SACK), it adds it to the list of duplicates." Before any
 * DATA arrived, the cumulative TSN ack point is the peer's Initial TSN (from its INIT / INIT ACK) minus one.
 *
 * <p>RFC 3758 §3.6: "When a FORWARD TSN chunk arrives, the data receiver MUST first update its cumulative TSN
 * point to the value carried in the FORWARD TSN chunk, and then MUST further advance its cumulative TSN point
 * locally if possible" ... "if the 'New Cumulative TSN' value carried in the arrived FORWARD TSN chunk is
 * found to be behind or at the current cumulative TSN point, the data receiver MUST treat this FORWARD TSN as
 * out-of-date and MUST NOT update its Cumulative TSN. The receiver SHOULD send a SACK to its peer".
 *
 * <p>Bounded memory: TSNs more than {@code maxTrackedTsns} beyond the cumulative TSN are refused
 * ({@link Verdict#OUT_OF_WINDOW}, not stored: the peer retransmits them later); at most
 * {@code maxDuplicates} duplicates are remembered per SACK (the rest are only counted). The received set is
 * a ring bitmap, so {@link #receive(int)} is O(1) amortized and allocation-free; {@link #gapAckBlocks} scans
 * 64 TSNs per step.
 */
final class ReceivedTsnTracker {

    /** Largest window: gap-ack block offsets are 16-bit (RFC 9260 §3.3.4). */
    static final int MAX_TRACKED_TSNS = 65_535;

    /** Outcome of {@link #receive(int)}. */
    enum Verdict {
        /** First arrival: deliver the chunk. */
        NEW,
        /** Already received (at or below the cumulative TSN, or above it and seen): drop, report in the SACK. */
        DUPLICATE,
        /** Too far above the cumulative TSN to track: drop without acknowledging (the peer retransmits). */
        OUT_OF_WINDOW
    }

    private final int maxTrackedTsns;
    private final int maxDuplicates;
    private final long[] bits;
    private final int mask;
    private int cumulativeTsn;
    private int highestReceivedTsn;

    private final int[] duplicates;
    private int duplicateCount;
    private long duplicatesReceived;
    private long duplicatesNotReported;
    private long outOfWindowRefused;

    private boolean firstDataSeen;
    private boolean sackPending;
    private boolean immediate;
    private int packetsSinceSack;
    /** {@link SctpConfig#sackEveryPackets()}: 2 is RFC 9260's "every second packet". */
    private final int sackEveryPackets;
    /**
     * Packets still acknowledged at RFC 9260's rate (every second one) whatever {@link #sackEveryPackets} says: the
     * first ones of the association and those after a SACK that reported gaps or duplicates. A sender in slow start
     * or recovering from loss may have fewer than {@code sackEveryPackets} packets of window (RFC 9260's initial
     * cwnd is 4,380 bytes, under four 1,200-byte packets); waiting for more would stall it for the 200 ms
     * delayed-SACK timer on every round (the "quick ACK" of TCP receivers).
     */
    static final int QUICK_SACK_PACKETS = 32;
    private int quickSackPackets = QUICK_SACK_PACKETS;
    private long oldestUnackedNanos = Long.MAX_VALUE;

    /**
     * @param peerInitialTsn the Initial TSN from the peer's INIT / INIT-ACK
     * @param maxTrackedTsns how far above the cumulative TSN a TSN may be, {@code [1, 65535]}
     * @param maxDuplicates  duplicates remembered for the next SACK, {@code [0, 65535]}
     */
    ReceivedTsnTracker(int peerInitialTsn, int maxTrackedTsns, int maxDuplicates) {
        this(peerInitialTsn, maxTrackedTsns, maxDuplicates, 2);
    }

    /** As above, acknowledging at the latest every {@code sackEveryPackets} packets ({@link SctpConfig#sackEveryPackets()}). */
    ReceivedTsnTracker(int peerInitialTsn, int maxTrackedTsns, int maxDuplicates, int sackEveryPackets) {
        if (maxTrackedTsns < 1 || maxTrackedTsns > MAX_TRACKED_TSNS) {
            throw new IllegalArgumentException("maxTrackedTsns: " + maxTrackedTsns
                    + " (expected: 1 <= maxTrackedTsns <= " + MAX_TRACKED_TSNS + ")");
        }
        if (maxDuplicates < 0 || maxDuplicates > 65_535) {
            throw new IllegalArgumentException("maxDuplicates: " + maxDuplicates
                    + " (expected: 0 <= maxDuplicates <= 65535)");
        }
        this.maxTrackedTsns = maxTrackedTsns;
        this.sackEveryPackets = sackEveryPackets;
        this.maxDuplicates = maxDuplicates;
        int capacity = Math.max(64, Integer.highestOneBit(maxTrackedTsns) << 1);
        this.bits = new long[capacity >>> 6];
        this.mask = capacity - 1;
        this.cumulativeTsn = peerInitialTsn - 1;
        this.highestReceivedTsn = cumulativeTsn;
        this.duplicates = new int[maxDuplicates];
    }

    /** Cumulative TSN ack point: every TSN up to and including it was received (or skipped by FORWARD-TSN). */
    int cumulativeTsn() {
        return cumulativeTsn;
    }

    /** Highest TSN received (or forwarded to); equals {@link #cumulativeTsn()} when there are no gaps. */
    int highestReceivedTsn() {
        return highestReceivedTsn;
    }

    /** Whether some TSN above the cumulative TSN was received (a gap exists). */
    boolean hasGaps() {
        return highestReceivedTsn != cumulativeTsn;
    }

    int maxTrackedTsns() {
        return maxTrackedTsns;
    }

    /** Whether {@code tsn} was already received (or lies at or below the cumulative TSN). */
    boolean isReceived(int tsn) {
        if (SerialNumbers.tsnLe(tsn, cumulativeTsn)) {
            return true;
        }
        long offset = SerialNumbers.tsnDistance(cumulativeTsn, tsn);
        return offset <= maxTrackedTsns && bit(tsn);
    }

    /**
     * Records the arrival of a DATA chunk's TSN.
     *
     * @return {@link Verdict#NEW} when the chunk must be delivered, otherwise why it must be dropped
     */
    Verdict receive(int tsn) {
        if (SerialNumbers.tsnLe(tsn, cumulativeTsn)) {
            recordDuplicate(tsn);
            return Verdict.DUPLICATE;
        }
        long offset = SerialNumbers.tsnDistance(cumulativeTsn, tsn);
        if (offset > maxTrackedTsns) {
            outOfWindowRefused++;
            return Verdict.OUT_OF_WINDOW;
        }
        if (bit(tsn)) {
            recordDuplicate(tsn);
            return Verdict.DUPLICATE;
        }
        boolean hadGaps = hasGaps();
        setBit(tsn);
        if (SerialNumbers.tsnGt(tsn, highestReceivedTsn)) {
            highestReceivedTsn = tsn;
        }
        if (tsn == cumulativeTsn + 1) {
            advanceCumulative();
            if (hadGaps) {
                immediate = true; // a gap was (partly) filled: tell the sender at once
            }
        }
        if (!firstDataSeen) {
            firstDataSeen = true;
            immediate = true; // RFC 9260 §6.2: SACK the first DATA chunk immediately
        }
        return Verdict.NEW;
    }

    /**
     * FORWARD-TSN (RFC 3758 §3.6): moves the cumulative TSN to {@code newCumulativeTsn}, forgetting the
     * skipped TSNs, then further over TSNs already received above it.
     *
     * <p>RFC 3758 §3.6: "Any time a FORWARD TSN chunk arrives, for the purposes of sending a SACK, the
     * receiver MUST follow the same rules as if a DATA chunk had been received": the caller calls
     * {@link #onDataPacketReceived(long)} once for the packet (whether it carried DATA, FORWARD-TSN or both);
     * this method does not count packets itself.
     *
     * @return false when {@code newCumulativeTsn} is at or behind the cumulative TSN (out-of-date: nothing
     *     changed; the SACK for this packet is requested immediately)
     */
    boolean forwardCumulativeTsn(int newCumulativeTsn) {
        if (SerialNumbers.tsnLe(newCumulativeTsn, cumulativeTsn)) {
            immediate = true;
            return false;
        }
        long jump = SerialNumbers.tsnDistance(cumulativeTsn, newCumulativeTsn);
        if (jump > mask) {
            java.util.Arrays.fill(bits, 0L);
        } else {
            for (int tsn = cumulativeTsn + 1; tsn != newCumulativeTsn + 1; tsn++) {
                clearBit(tsn);
            }
        }
        cumulativeTsn = newCumulativeTsn;
        if (SerialNumbers.tsnGt(cumulativeTsn, highestReceivedTsn)) {
            highestReceivedTsn = cumulativeTsn;
        }
        advanceCumulative();
        return true;
    }

    // ------------------------------------------------------------------ SACK contents

    /**
     * Writes the Gap Ack Blocks relative to the cumulative TSN (RFC 9260 §3.3.4: block start/end offsets,
     * "Gap Ack Block Start" = first TSN of the block minus the Cumulative TSN Ack) into the caller's arrays.
     *
     * @return blocks written, at most {@code min(starts.length, ends.length)}; the lowest blocks are reported
     *     when more exist
     */
    int gapAckBlocks(int[] starts, int[] ends) {
        int max = Math.min(starts.length, ends.length);
        if (!hasGaps() || max == 0) {
            return 0;
        }
        int limit = (int) SerialNumbers.tsnDistance(cumulativeTsn, highestReceivedTsn);
        int count = 0;
        int offset = 2; // offset 1 is never received while a gap exists (else the cum TSN would be higher)
        while (count < max) {
            int start = nextOffset(offset, limit, true);
            if (start < 0) {
                break;
            }
            int end = nextOffset(start + 1, limit, false);
            end = end < 0 ? limit : end - 1;
            starts[count] = start;
            ends[count] = end;
            count++;
            offset = end + 2;
            if (offset > limit) {
                break;
            }
        }
        return count;
    }

    /** Number of gap-ack blocks a SACK would carry if unlimited. */
    int gapAckBlockCount() {
        if (!hasGaps()) {
            return 0;
        }
        int limit = (int) SerialNumbers.tsnDistance(cumulativeTsn, highestReceivedTsn);
        int count = 0;
        int offset = 2;
        while (offset <= limit) {
            int start = nextOffset(offset, limit, true);
            if (start < 0) {
                break;
            }
            int end = nextOffset(start + 1, limit, false);
            count++;
            if (end < 0) {
                break;
            }
            offset = end + 1;
        }
        return count;
    }

    /** Duplicate TSNs since the last {@link #onSackSent()} (at most {@code maxDuplicates}). */
    int duplicateCount() {
        return duplicateCount;
    }

    /**
     * Copies the duplicate TSNs since the last SACK into {@code dst}.
     *
     * @return number copied, at most {@code dst.length}
     */
    int duplicateTsns(int[] dst) {
        int n = Math.min(dst.length, duplicateCount);
        System.arraycopy(duplicates, 0, dst, 0, n);
        return n;
    }

    /** Metric: every duplicate TSN ever received. */
    long duplicatesReceived() {
        return duplicatesReceived;
    }

    /** Metric: duplicates not reported because the per-SACK list was full. */
    long duplicatesNotReported() {
        return duplicatesNotReported;
    }

    /** Metric: TSNs refused because they were beyond the tracked window. */
    long outOfWindowRefused() {
        return outOfWindowRefused;
    }

    // ------------------------------------------------------------------ delayed-SACK state

    /**
     * Call once per received SCTP packet that carried at least one DATA or FORWARD-TSN chunk, after
     * {@link #receive} / {@link #forwardCumulativeTsn} of its chunks: counts packets for the "every second
     * packet" rule and starts the 200 ms clock.
     */
    void onDataPacketReceived(long nowNanos) {
        sackPending = true;
        packetsSinceSack++;
        if (quickSackPackets > 0) {
            quickSackPackets--;
        }
        if (oldestUnackedNanos == Long.MAX_VALUE) {
            oldestUnackedNanos = nowNanos;
        }
    }

    /** Whether DATA (or FORWARD-TSN) arrived that no SACK has acknowledged yet. */
    boolean sackPending() {
        return sackPending;
    }

    /**
     * Whether the SACK must go out now rather than on the delayed-SACK timer: first DATA of the association,
     * duplicates, a gap (each packet while a gap exists), a gap just filled, an out-of-date FORWARD-TSN, or
     * the second unacknowledged packet.
     */
    boolean immediateSackRequired() {
        return sackPending && (immediate || duplicateCount > 0 || hasGaps() || packetsSinceSack >= (quickSackPackets > 0 ? 2 : sackEveryPackets));
    }

    /** Packets with DATA since the last SACK. */
    int packetsSinceLastSack() {
        return packetsSinceSack;
    }

    /**
     * Arrival time of the oldest unacknowledged DATA packet, {@link Long#MAX_VALUE} when none: the delayed
     * SACK is due at {@code oldestUnackedNanos() + delay}.
     */
    long oldestUnackedNanos() {
        return oldestUnackedNanos;
    }

    /** Delayed-SACK deadline for a given delay (e.g. 200 ms), {@link Long#MAX_VALUE} when no SACK is pending. */
    long sackDeadline(long delayNanos) {
        return oldestUnackedNanos == Long.MAX_VALUE || !sackPending ? Long.MAX_VALUE : oldestUnackedNanos + delayNanos;
    }

    /** A SACK reflecting the current state was sent: clears the duplicate list and the delayed-SACK state. */
    void onSackSent() {
        if (duplicateCount > 0 || hasGaps()) {
            quickSackPackets = QUICK_SACK_PACKETS; // loss or reordering: the sender's window may be small again
        }
        duplicateCount = 0;
        sackPending = false;
        immediate = false;
        packetsSinceSack = 0;
        oldestUnackedNanos = Long.MAX_VALUE;
    }

    // ------------------------------------------------------------------ internals

    private void recordDuplicate(int tsn) {
        duplicatesReceived++;
        if (duplicateCount < maxDuplicates) {
            duplicates[duplicateCount++] = tsn;
        } else {
            duplicatesNotReported++;
        }
        immediate = true;
    }

    private void advanceCumulative() {
        while (cumulativeTsn != highestReceivedTsn && bit(cumulativeTsn + 1)) {
            cumulativeTsn++;
            clearBit(cumulativeTsn);
        }
    }

    /**
     * First offset in {@code [from, limit]} whose bit equals {@code set}, or -1. Offsets are relative to the
     * cumulative TSN; works a 64-bit word at a time.
     */
    private int nextOffset(int from, int limit, boolean set) {
        int offset = from;
        while (offset <= limit) {
            int index = (cumulativeTsn + offset) & mask;
            int shift = index & 63;
            long word = bits[index >>> 6] >>> shift;
            if (!set) {
                word = ~word;
            }
            int available = 64 - shift;
            int tz = Long.numberOfTrailingZeros(word);
            if (tz < available) {
                int found = offset + tz;
                return found <= limit ? found : -1;
            }
            offset += available;
        }
        return -1;
    }

    private boolean bit(int tsn) {
        int index = tsn & mask;
        return (bits[index >>> 6] & (1L << index)) != 0;
    }

    private void setBit(int tsn) {
        int index = tsn & mask;
        bits[index >>> 6] |= 1L << index;
    }

    private void clearBit(int tsn) {
        int index = tsn & mask;
        bits[index >>> 6] &= ~(1L << index);
    }

    @Override
    public String toString() {
        return "ReceivedTsnTracker[cum=" + SerialNumbers.tsnToString(cumulativeTsn) + ", highest="
                + SerialNumbers.tsnToString(highestReceivedTsn) + ", dups=" + duplicateCount + "]";
    }
}
