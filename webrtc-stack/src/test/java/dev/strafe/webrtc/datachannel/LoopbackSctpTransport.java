package dev.strafe.webrtc.datachannel;

import dev.strafe.webrtc.sctp.SctpListener;
import dev.strafe.webrtc.sctp.SctpTransport;
import dev.strafe.webrtc.sctp.SendStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Test double: one end of an in-memory SCTP association. Accepted messages are copied and queued; nothing
 * reaches the other end until {@link Link#run()} (or {@link #deliverOne()}) delivers it, in order, to the
 * peer's listener. Models what the data-channel layer relies on:
 * <ul>
 *   <li>{@code bufferedAmount}: bytes queued on a stream and not yet delivered; {@code onBufferedAmountLow}
 *       when a delivery takes it from above the threshold to at or below it;</li>
 *   <li>a send buffer limit ({@code BUFFER_FULL}), a max message size ({@code MESSAGE_TOO_LARGE}), max
 *       streams and streams being reset ({@code INVALID_STREAM}), {@code NOT_ESTABLISHED};</li>
 *   <li>RFC 6525 outgoing reset: performed after the data queued before it, reported to the peer as an
 *       incoming reset and to us as an outgoing reset; the stream refuses sends until then.</li>
 * </ul>
 * Every accepted send is recorded in {@link #sent} with its reliability parameters.
 */
final class LoopbackSctpTransport implements SctpTransport {

    /** One accepted {@code send} call. */
    record Sent(int streamId, int ppid, byte[] data, boolean unordered, int maxRetransmits, long lifetimeNanos,
                long nowNanos) {
    }

    private record Reset(int[] streamIds) {
    }

    final List<Sent> sent = new ArrayList<>();
    final List<int[]> resetRequests = new ArrayList<>();
    private final ArrayDeque<Object> inFlight = new ArrayDeque<>();
    private final Map<Integer, Long> buffered = new HashMap<>();
    private final Map<Integer, Long> thresholds = new HashMap<>();
    private final Set<Integer> resetting = new HashSet<>();
    private final Link link;
    private LoopbackSctpTransport peer;
    private SctpListener listener;
    private boolean established;
    private long bufferedTotal;

    long sendBufferLimit = 1 << 20;
    int maxMessageSize = 256 * 1024;
    int maxStreams = 65535;

    private LoopbackSctpTransport(Link link) {
        this.link = link;
    }

    @Override
    public SendStatus send(int streamId, int ppid, byte[] data, int offset, int length, boolean unordered,
                           int maxRetransmits, long lifetimeNanos, long nowNanos) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (maxRetransmits < RELIABLE || lifetimeNanos < NO_LIFETIME) {
            throw new IllegalArgumentException("maxRetransmits " + maxRetransmits + ", lifetimeNanos " + lifetimeNanos);
        }
        if (!established) {
            return SendStatus.NOT_ESTABLISHED;
        }
        if (length > maxMessageSize) {
            return SendStatus.MESSAGE_TOO_LARGE;
        }
        if (streamId < 0 || streamId >= maxStreams || resetting.contains(streamId)) {
            return SendStatus.INVALID_STREAM;
        }
        if (bufferedTotal + length > sendBufferLimit) {
            return SendStatus.BUFFER_FULL;
        }
        Sent s = new Sent(streamId, ppid, Arrays.copyOfRange(data, offset, offset + length), unordered, maxRetransmits,
                lifetimeNanos, nowNanos);
        sent.add(s);
        inFlight.add(s);
        buffered.merge(streamId, (long) length, Long::sum);
        bufferedTotal += length;
        return SendStatus.ACCEPTED;
    }

    @Override
    public long bufferedAmount(int streamId) {
        return buffered.getOrDefault(streamId, 0L);
    }

    @Override
    public void bufferedAmountLowThreshold(int streamId, long bytes) {
        thresholds.put(streamId, bytes);
    }

    long bufferedAmountLowThreshold(int streamId) {
        return thresholds.getOrDefault(streamId, 0L);
    }

    @Override
    public void resetOutgoingStreams(int... streamIds) {
        int[] ids = streamIds.clone();
        resetRequests.add(ids);
        for (int id : ids) {
            resetting.add(id);
        }
        inFlight.add(new Reset(ids));
    }

    @Override
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** Messages of this end the peer has not received yet. */
    int inFlight() {
        return inFlight.size();
    }

    /** User messages (not DCEP) this end sent. */
    List<Sent> sentUserMessages() {
        return sent.stream().filter(s -> s.ppid() != PayloadProtocolIdentifier.PPID_DCEP).toList();
    }

    /** DCEP messages this end sent. */
    List<Sent> sentDcep() {
        return sent.stream().filter(s -> s.ppid() == PayloadProtocolIdentifier.PPID_DCEP).toList();
    }

    /** Performed resets whose response to us is delayed (see {@link #holdResetResponses}). */
    private final List<int[]> heldResetResponses = new ArrayList<>();
    /** When set, the peer performs our resets but we hear of it only on {@link #releaseResetResponses()}. */
    boolean holdResetResponses;

    private void completeReset(int[] ids) {
        for (int id : ids) {
            resetting.remove(id);
        }
        listener.onOutgoingStreamsReset(ids.clone());
    }

    /** The delayed reset responses arrive. */
    void releaseResetResponses() {
        List<int[]> held = new ArrayList<>(heldResetResponses);
        heldResetResponses.clear();
        held.forEach(this::completeReset);
    }

    /** Loses the oldest message in flight (as an unreliable path would); false if none. */
    boolean dropOne() {
        Object next = inFlight.poll();
        if (next instanceof Sent s) {
            buffered.merge(s.streamId(), -(long) s.data().length, Long::sum);
            bufferedTotal -= s.data().length;
        }
        return next != null;
    }

    /** Delivers the oldest message in flight to the peer; false if none. */
    boolean deliverOne() {
        Object next = inFlight.poll();
        if (next == null) {
            return false;
        }
        switch (next) {
            case Sent s -> {
                long before = buffered.getOrDefault(s.streamId(), 0L);
                long after = before - s.data().length;
                buffered.put(s.streamId(), after);
                bufferedTotal -= s.data().length;
                peer.listener.onMessage(s.streamId(), s.ppid(), s.data(), s.unordered());
                long threshold = thresholds.getOrDefault(s.streamId(), 0L);
                if (before > threshold && after <= threshold) {
                    listener.onBufferedAmountLow(s.streamId());
                }
            }
            case Reset r -> {
                peer.listener.onIncomingStreamsReset(r.streamIds().clone());
                if (holdResetResponses) {
                    heldResetResponses.add(r.streamIds());
                } else {
                    completeReset(r.streamIds());
                }
            }
            default -> throw new IllegalStateException(String.valueOf(next));
        }
        return true;
    }

    /** Both ends, connected; implements {@link SctpLink} for {@link DataChannelContract}. */
    static final class Link implements SctpLink {
        final LoopbackSctpTransport a = new LoopbackSctpTransport(this);
        final LoopbackSctpTransport b = new LoopbackSctpTransport(this);
        long nowNanos = 1_000_000_000L;

        Link() {
            a.peer = b;
            b.peer = a;
        }

        @Override
        public void bind(SctpListener listenerA, SctpListener listenerB) {
            a.listener = Objects.requireNonNull(listenerA);
            b.listener = Objects.requireNonNull(listenerB);
        }

        @Override
        public LoopbackSctpTransport a() {
            return a;
        }

        @Override
        public LoopbackSctpTransport b() {
            return b;
        }

        @Override
        public void establish() {
            a.established = true;
            b.established = true;
            a.listener.onAssociationEstablished();
            b.listener.onAssociationEstablished();
        }

        @Override
        public void run() {
            for (int steps = 0; steps < 1_000_000; steps++) {
                boolean moved = a.deliverOne();
                moved |= b.deliverOne();
                if (!moved) {
                    return;
                }
                nowNanos += 1_000;
            }
            throw new IllegalStateException("link did not become quiet");
        }

        @Override
        public long nowNanos() {
            return nowNanos;
        }

        @Override
        public void lose(String reason) {
            end();
            a.listener.onAssociationLost(reason);
            b.listener.onAssociationLost(reason);
        }

        /** SHUTDOWN completed on both ends. */
        @Override
        public void shutdown() {
            end();
            a.listener.onAssociationClosed();
            b.listener.onAssociationClosed();
        }

        private void end() {
            for (LoopbackSctpTransport t : List.of(a, b)) {
                t.established = false;
                t.inFlight.clear();
                t.buffered.clear();
                t.bufferedTotal = 0;
            }
        }
    }
}
