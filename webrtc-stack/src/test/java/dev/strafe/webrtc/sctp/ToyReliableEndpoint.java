package dev.strafe.webrtc.sctp;

import dev.strafe.webrtc.testing.DatagramEndpoint;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * TEST DOUBLE, not SCTP: a minimal reliable transport assembled only from the building blocks
 * ({@link SendQueue}, {@link ReceivedTsnTracker}, {@link ReassemblyQueue}, {@link RtoEstimator},
 * {@link CongestionController}, {@link PeerReceiveWindow}, {@link DeadlineTimer}) with a toy wire format,
 * so that the blocks are proven to compose over the {@code DatagramBridge} (loss, reordering,
 * duplication) before the real association exists. It shows the intended wiring; the real
 * {@code SctpAssociation} speaks RFC 9260 chunks instead.
 *
 * <p>Toy packets: {@code 0 = DATA* [tsn:4 stream:2 ssn:2 flags:1 ppid:4 len:2 payload]},
 * {@code 1 = SACK [cum:4 a_rwnd:4 n:2 (start:2 end:2)*]}, {@code 2 = FORWARD-TSN [cum:4 n:2 (stream:2 ssn:2)*]}.
 */
final class ToyReliableEndpoint implements DatagramEndpoint {

    static final int MTU = 1_200;
    private static final int DATA_HEADER = 15;
    private static final int INITIAL_TSN = 1_000;
    private static final long SACK_DELAY = 200_000_000L;
    private static final int FAST_RTX_THRESHOLD = 3;

    /** One DATA chunk with a TSN, until cumulatively acknowledged. */
    private static final class Sent {
        int tsn;
        OutgoingMessage message;
        int offset;
        int length;
        boolean beginning;
        boolean ending;
        long sentAt;
        int transmissions;
        boolean gapAcked;
        boolean needsRetransmit;
        boolean abandoned;
        int missReports;
    }

    final SendQueue sendQueue;
    final ReceivedTsnTracker tracker;
    final ReassemblyQueue reassembly;
    // RTO.Min above the 200 ms delayed SACK, or a lone last packet times out spuriously
    final RtoEstimator rto = new RtoEstimator(1_000_000_000L, 300_000_000L, 5_000_000_000L, 1_000_000L);
    final CongestionController cc;
    final PeerReceiveWindow peerRwnd;
    final DeadlineTimer t3 = new DeadlineTimer("T3-rtx");
    final DeadlineTimer delayedSack = new DeadlineTimer("delayed-SACK");

    private final ArrayDeque<Sent> outstanding = new ArrayDeque<>();
    private final SendQueue.Fragment fragment = new SendQueue.Fragment();
    private int nextTsn = INITIAL_TSN;
    private int lastCumAckReceived = INITIAL_TSN - 1;
    private int advancedPeerAckPoint = INITIAL_TSN - 1;
    private boolean forwardTsnPending;
    private boolean fastRetransmitPacket;
    private long flightSize;
    private long lastRetransmissionAt = Long.MIN_VALUE;

    long retransmissions;
    long forwardTsnsSent;
    long packetsSent;

    ToyReliableEndpoint(ReassemblyQueue.MessageSink sink, int receiveBuffer) {
        this.sendQueue = new SendQueue(8, 256 * 1024, 8L << 20, 100_000, id -> { });
        this.tracker = new ReceivedTsnTracker(INITIAL_TSN, 16_384, 32);
        this.reassembly = new ReassemblyQueue(receiveBuffer, 256 * 1024, 8, sink);
        this.cc = new CongestionController(MTU, receiveBuffer);
        this.peerRwnd = new PeerReceiveWindow(receiveBuffer);
    }

    SendStatus send(int stream, byte[] data, boolean unordered, int maxRetransmits, long lifetime, long now) {
        return sendQueue.enqueue(stream, 53, data, 0, data.length, unordered, maxRetransmits, lifetime, now);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Toy[outstanding=");
        for (Sent x : outstanding) {
            sb.append(x.tsn).append(x.gapAcked ? "g" : "").append(x.needsRetransmit ? "r" : "")
                    .append(x.abandoned ? "a" : "").append(' ');
        }
        return sb + "flight=" + flightSize + " lastCum=" + lastCumAckReceived + " " + t3 + " " + cc + " " + peerRwnd
                + " " + sendQueue + " " + tracker + " sackPending=" + tracker.sackPending() + "]";
    }

    boolean idle() {
        return outstanding.isEmpty() && !sendQueue.hasData();
    }

    // ------------------------------------------------------------------ receive

    @Override
    public void handle(byte[] packet, int offset, int length, long now) {
        ByteBuffer b = ByteBuffer.wrap(packet, offset, length);
        switch (b.get()) {
            case 0 -> handleData(b, packet, now);
            case 1 -> handleSack(b, now);
            case 2 -> handleForwardTsn(b, now);
            default -> throw new IllegalStateException("toy packet type");
        }
    }

    private void handleData(ByteBuffer b, byte[] packet, long now) {
        while (b.hasRemaining()) {
            int tsn = b.getInt();
            int stream = b.getShort() & 0xFFFF;
            int ssn = b.getShort() & 0xFFFF;
            int flags = b.get();
            int ppid = b.getInt();
            int len = b.getShort() & 0xFFFF;
            int at = b.position();
            b.position(at + len);
            // RFC 9260 §6.2: no buffer space -> drop new data beyond the highest TSN (not acknowledged)
            if (!reassembly.hasRoomFor(len) && SerialNumbers.tsnGt(tsn, tracker.highestReceivedTsn())) {
                continue;
            }
            if (tracker.receive(tsn) == ReceivedTsnTracker.Verdict.NEW) {
                ReassemblyQueue.Verdict v = reassembly.add(tsn, stream, ssn, ppid, (flags & 1) != 0,
                        (flags & 2) != 0, (flags & 4) != 0, packet, at, len);
                if (v != ReassemblyQueue.Verdict.ACCEPTED) {
                    throw new IllegalStateException("reassembly " + v);
                }
            }
        }
        tracker.onDataPacketReceived(now);
        delayedSack.startIfStopped(now, SACK_DELAY);
    }

    private void handleForwardTsn(ByteBuffer b, long now) {
        int newCum = b.getInt();
        int n = b.getShort();
        int[] streams = new int[n];
        int[] ssns = new int[n];
        for (int i = 0; i < n; i++) {
            streams[i] = b.getShort() & 0xFFFF;
            ssns[i] = b.getShort() & 0xFFFF;
        }
        if (tracker.forwardCumulativeTsn(newCum)) {
            reassembly.forwardTsn(newCum, streams, ssns, n);
        }
        tracker.onDataPacketReceived(now);
        delayedSack.startIfStopped(now, SACK_DELAY);
    }

    private void handleSack(ByteBuffer b, long now) {
        int cum = b.getInt();
        long aRwnd = b.getInt() & 0xFFFF_FFFFL;
        int n = b.getShort();
        if (SerialNumbers.tsnLt(cum, lastCumAckReceived)) {
            return; // out-of-order SACK
        }
        boolean cumAdvanced = SerialNumbers.tsnGt(cum, lastCumAckReceived);
        lastCumAckReceived = cum;
        long flightBefore = flightSize;
        long newlyAcked = 0;
        long rttSample = -1;
        int highestNewlyAcked = cum - 0x4000_0000; // below everything outstanding
        Iterator<Sent> it = outstanding.iterator();
        while (it.hasNext()) {
            Sent s = it.next();
            if (SerialNumbers.tsnGt(s.tsn, cum)) {
                break;
            }
            it.remove();
            if (!s.gapAcked && !s.abandoned) {
                newlyAcked += s.length;
                highestNewlyAcked = s.tsn;
                if (s.transmissions == 1 && s.sentAt > lastRetransmissionAt) {
                    rttSample = now - s.sentAt; // RFC 9260 C5: sent once, and nothing retransmitted since
                }
            }
            release(s);
        }
        for (int i = 0; i < n; i++) {
            int start = cum + (b.getShort() & 0xFFFF);
            int end = cum + (b.getShort() & 0xFFFF);
            for (Sent s : outstanding) {
                if (SerialNumbers.tsnGe(s.tsn, start) && SerialNumbers.tsnLe(s.tsn, end) && !s.gapAcked) {
                    s.gapAcked = true;
                    s.needsRetransmit = false;
                    if (!s.abandoned) {
                        newlyAcked += s.length;
                    }
                    highestNewlyAcked = SerialNumbers.tsnMax(highestNewlyAcked, s.tsn);
                }
            }
        }
        if (rttSample >= 0) {
            rto.measure(rttSample);
        }
        // Miss indications (RFC 9260 §7.2.4, HTNA): only for chunks below the highest newly acknowledged TSN
        boolean fastRetransmit = false;
        for (Sent s : outstanding) {
            if (SerialNumbers.tsnGe(s.tsn, highestNewlyAcked)) {
                break;
            }
            if (!s.gapAcked && !s.needsRetransmit && !s.abandoned && ++s.missReports == FAST_RTX_THRESHOLD) {
                markForRetransmit(s, now);
                fastRetransmit = true;
            }
        }
        if (fastRetransmit) {
            cc.onFastRetransmit(nextTsn - 1);
            fastRetransmitPacket = true; // RFC 9260 §7.2.4: one packet regardless of cwnd
        }
        recomputeFlight();
        cc.onSack(newlyAcked, cumAdvanced, cum, flightBefore, outstanding.isEmpty());
        peerRwnd.onSack(aRwnd, flightSize);
        if (SerialNumbers.tsnGt(cum, advancedPeerAckPoint)) {
            advancedPeerAckPoint = cum;
        }
        advanceAckPoint();
        if (outstanding.isEmpty()) {
            t3.stop();
            t3.resetExpirations();
        } else if (cumAdvanced) {
            t3.start(now, rto.rtoNanos());
            t3.resetExpirations();
        }
    }

    private void release(Sent s) {
        if (s.abandoned) {
            return; // bytes were released when it was abandoned
        }
        sendQueue.acknowledged(s.message.streamId(), s.length);
    }

    private void markForRetransmit(Sent s, long now) {
        OutgoingMessage m = s.message;
        if (!m.mayRetransmit(s.transmissions) || m.isExpired(now)) {
            abandon(m);
            return;
        }
        s.needsRetransmit = true;
        peerRwnd.onMarkedForRetransmission(s.length);
    }

    /** RFC 3758 §3.5: abandon every chunk of the message, released from the send buffer. */
    private void abandon(OutgoingMessage m) {
        sendQueue.abandon(m);
        for (Sent s : outstanding) {
            if (s.message == m && !s.abandoned) {
                s.abandoned = true;
                s.needsRetransmit = false;
                sendQueue.abandonedInFlight(m.streamId(), s.length);
            }
        }
        forwardTsnPending = true;
    }

    private void advanceAckPoint() {
        for (Sent s : outstanding) {
            if (s.tsn != advancedPeerAckPoint + 1) {
                break;
            }
            if (!s.abandoned) {
                break;
            }
            advancedPeerAckPoint = s.tsn;
        }
        // RFC 3758 §3.5 C2/C3: while the ack point is ahead of the peer's cumulative TSN, send FORWARD-TSN
        forwardTsnPending = SerialNumbers.tsnGt(advancedPeerAckPoint, lastCumAckReceived);
    }

    private void recomputeFlight() {
        long flight = 0;
        for (Sent s : outstanding) {
            if (!s.gapAcked && !s.needsRetransmit && !s.abandoned) {
                flight += s.length;
            }
        }
        flightSize = flight;
    }

    // ------------------------------------------------------------------ timers

    @Override
    public long nextDeadline() {
        long sackAt = tracker.immediateSackRequired() ? 0 : tracker.sackDeadline(SACK_DELAY);
        return t3.earliest(Math.min(sackAt, delayedSack.deadline()));
    }

    @Override
    public void onTimeout(long now) {
        if (t3.pollExpired(now)) {
            rto.backOff();
            cc.onT3Timeout();
            for (Sent s : outstanding) {
                if (!s.gapAcked && !s.abandoned && !s.needsRetransmit) {
                    markForRetransmit(s, now);
                }
            }
            advanceAckPoint(); // also re-sends a lost FORWARD-TSN
            recomputeFlight();
            t3.start(now, rto.rtoNanos());
        }
        delayedSack.pollExpired(now); // poll() sends the SACK when sackPending
    }

    // ------------------------------------------------------------------ send

    @Override
    public int poll(byte[] dst, int offset, long now) {
        ByteBuffer b = ByteBuffer.wrap(dst, offset, MTU);
        if (tracker.sackPending() && (tracker.immediateSackRequired() || now >= tracker.sackDeadline(SACK_DELAY))) {
            return writeSack(b);
        }
        if (forwardTsnPending && SerialNumbers.tsnGt(advancedPeerAckPoint, lastCumAckReceived)) {
            forwardTsnPending = false;
            forwardTsnsSent++;
            return writeForwardTsn(b);
        }
        cc.onIdleCheck(now, rto.rtoNanos());
        b.put((byte) 0);
        int chunks = 0;
        // retransmissions first
        for (Sent s : outstanding) {
            if (!s.needsRetransmit) {
                continue;
            }
            if (b.remaining() < DATA_HEADER + s.length || !(fastRetransmitPacket || cc.canSend(flightSize, s.length))) {
                break;
            }
            if (s.message.isExpired(now)) {
                abandon(s.message);
                continue;
            }
            writeChunk(b, s);
            s.needsRetransmit = false;
            s.transmissions++;
            s.sentAt = now;
            s.missReports = 0;
            lastRetransmissionAt = now;
            flightSize += s.length;
            peerRwnd.onDataSent(s.length);
            retransmissions++;
            chunks++;
        }
        fastRetransmitPacket = false;
        // new data
        while (b.remaining() > DATA_HEADER) {
            int room = b.remaining() - DATA_HEADER;
            int len = sendQueue.nextFragmentLength(room, now);
            if (len == 0) {
                break;
            }
            if (len == room && room < 256 && chunks > 0) {
                break; // the message continues: do not cut a tiny fragment at the end of this packet
            }
            if (!cc.canSend(flightSize, len) || !peerRwnd.canSend(len, flightSize)) {
                break;
            }
            sendQueue.next(room, now, fragment);
            Sent s = new Sent();
            s.tsn = nextTsn++;
            s.message = fragment.message();
            s.offset = fragment.offset();
            s.length = fragment.length();
            s.beginning = fragment.beginning();
            s.ending = fragment.ending();
            s.sentAt = now;
            s.transmissions = 1;
            outstanding.addLast(s);
            writeChunk(b, s);
            flightSize += s.length;
            peerRwnd.onDataSent(s.length);
            chunks++;
        }
        if (chunks == 0) {
            return 0;
        }
        cc.onDataSent(now);
        t3.startIfStopped(now, rto.rtoNanos());
        packetsSent++;
        return b.position() - offset;
    }

    private void writeChunk(ByteBuffer b, Sent s) {
        OutgoingMessage m = s.message;
        b.putInt(s.tsn).putShort((short) m.streamId()).putShort((short) m.ssn())
                .put((byte) ((s.beginning ? 1 : 0) | (s.ending ? 2 : 0) | (m.unordered() ? 4 : 0)))
                .putInt(m.ppid()).putShort((short) s.length).put(m.data(), s.offset, s.length);
    }

    private final int[] gapStarts = new int[64];
    private final int[] gapEnds = new int[64];

    private int writeSack(ByteBuffer b) {
        int start = b.position();
        int n = tracker.gapAckBlocks(gapStarts, gapEnds);
        b.put((byte) 1).putInt(tracker.cumulativeTsn()).putInt((int) reassembly.availableBytes()).putShort((short) n);
        for (int i = 0; i < n; i++) {
            b.putShort((short) gapStarts[i]).putShort((short) gapEnds[i]);
        }
        tracker.onSackSent();
        delayedSack.stop();
        packetsSent++;
        return b.position() - start;
    }

    private int writeForwardTsn(ByteBuffer b) {
        int start = b.position();
        List<int[]> pairs = new ArrayList<>();
        for (Sent s : outstanding) {
            if (SerialNumbers.tsnGt(s.tsn, advancedPeerAckPoint)) {
                break;
            }
            if (s.abandoned && !s.message.unordered()) {
                pairs.removeIf(p -> p[0] == s.message.streamId());
                pairs.add(new int[] {s.message.streamId(), s.message.ssn()});
            }
        }
        b.put((byte) 2).putInt(advancedPeerAckPoint).putShort((short) pairs.size());
        for (int[] p : pairs) {
            b.putShort((short) p[0]).putShort((short) p[1]);
        }
        packetsSent++;
        return b.position() - start;
    }
}
