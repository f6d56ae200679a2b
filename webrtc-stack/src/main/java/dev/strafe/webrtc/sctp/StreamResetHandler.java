package dev.strafe.webrtc.sctp;

import dev.strafe.webrtc.sctp.chunk.Chunk;
import dev.strafe.webrtc.sctp.chunk.ReConfigChunk;
import dev.strafe.webrtc.sctp.param.IncomingSsnResetRequestParam;
import dev.strafe.webrtc.sctp.param.OutgoingSsnResetRequestParam;
import dev.strafe.webrtc.sctp.param.Param;
import dev.strafe.webrtc.sctp.param.ReconfigurationResponseParam;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * RFC 6525 stream reconfiguration for one established association: our Outgoing SSN Reset Requests (sent
 * once the streams' queued data is out, RFC 8831 §6.7; retransmitted by the RE-CONFIG timer; one
 * outstanding at a time), the peer's Outgoing SSN Reset Requests (performed once every TSN up to its
 * Sender's Last Assigned TSN arrived, "In progress" until then, §5.2.2), and the peer's Incoming SSN Reset
 * Requests (performed as an outgoing reset of ours, §5.2.3). Request sequence numbers start at the initial
 * TSNs (§5.2.1); a retransmitted request gets the same answer. Sends chunks through the association's control
 * queue; confined to the association's thread.
 */
final class StreamResetHandler {

    private final SendQueue sendQueue;
    private final RetransmissionQueue rtx;
    private final ReceivedTsnTracker tracker;
    private final ReassemblyQueue reassembly;
    private final SctpListener listener;
    private final Consumer<Chunk> control;
    private final LongSupplier rto;
    private final int outboundStreams;
    private final int inboundStreams;
    private final boolean peerReconfig;
    private final DeadlineTimer timer = new DeadlineTimer("RE-CONFIG");

    private int nextRequestSeq;
    private int peerNextRequestSeq;
    private long lastResponseResult = -1;
    private int[] pendingReset = new int[0];
    private ReConfigChunk outstanding;
    private int[] outstandingStreams;
    private int[] deferredIncomingReset;
    private int deferredResetTsn;

    StreamResetHandler(SendQueue sendQueue, RetransmissionQueue rtx, ReceivedTsnTracker tracker, ReassemblyQueue reassembly,
                       SctpListener listener, Consumer<Chunk> control, LongSupplier rto, int outboundStreams,
                       int inboundStreams, boolean peerReconfig, int localInitialTsn, int peerInitialTsn) {
        this.sendQueue = sendQueue;
        this.rtx = rtx;
        this.tracker = tracker;
        this.reassembly = reassembly;
        this.listener = listener;
        this.control = control;
        this.rto = rto;
        this.outboundStreams = outboundStreams;
        this.inboundStreams = inboundStreams;
        this.peerReconfig = peerReconfig;
        this.nextRequestSeq = localInitialTsn;
        this.peerNextRequestSeq = peerInitialTsn;
    }

    /** Requests an outgoing SSN reset of these streams once their queued data has been sent. */
    void resetOutgoing(int[] streamIds, long now) {
        int[] ids = new int[streamIds.length];
        int n = 0;
        for (int id : streamIds) {
            if (id >= 0 && id < outboundStreams && !sendQueue.isResetPending(id)) {
                sendQueue.requestReset(id);
                ids[n++] = id;
            }
        }
        if (n == 0) {
            return;
        }
        int[] merged = Arrays.copyOf(pendingReset, pendingReset.length + n);
        System.arraycopy(ids, 0, merged, pendingReset.length, n);
        pendingReset = merged;
        maybeSendPending(now);
    }

    /** Sends the pending request when none is outstanding and its streams are drained. */
    void maybeSendPending(long now) {
        if (outstanding != null || pendingReset.length == 0) {
            return;
        }
        if (!peerReconfig) {
            sendQueue.resetCancelled(pendingReset); // the peer cannot reset streams (no RE-CONFIG support)
            pendingReset = new int[0];
            return;
        }
        for (int id : pendingReset) {
            if (!sendQueue.isDrained(id)) {
                return;
            }
        }
        outstandingStreams = pendingReset;
        pendingReset = new int[0];
        outstanding = new ReConfigChunk(List.of(new OutgoingSsnResetRequestParam(tag(nextRequestSeq),
                tag(peerNextRequestSeq - 1), tag(rtx.nextTsn() - 1), outstandingStreams)));
        control.accept(outstanding);
        timer.start(now, rto.getAsLong());
    }

    void onReConfig(ReConfigChunk rc, long now) {
        for (Param p : rc.params()) {
            switch (p) {
                case OutgoingSsnResetRequestParam req -> onPeerOutgoingRequest(req);
                case IncomingSsnResetRequestParam req -> onPeerIncomingRequest(req, now);
                case ReconfigurationResponseParam resp -> onResponse(resp, now);
                default -> {
                }
            }
        }
    }

    /** The RE-CONFIG timer: retransmits the outstanding request. */
    void onTimeout(long now) {
        if (timer.isExpired(now)) {
            timer.stop();
            if (outstanding != null) {
                control.accept(outstanding);
                timer.start(now, rto.getAsLong());
            }
        }
    }

    long earliestDeadline(long other) {
        return timer.earliest(other);
    }

    private void onPeerOutgoingRequest(OutgoingSsnResetRequestParam req) {
        int seq = (int) req.requestSequenceNumber();
        long result;
        if (seq == peerNextRequestSeq - 1 && lastResponseResult >= 0 && deferredIncomingReset == null) {
            result = lastResponseResult; // retransmitted request: same answer (RFC 6525 §5.2.1)
        } else if (seq != peerNextRequestSeq && !(deferredIncomingReset != null && seq == peerNextRequestSeq - 1)) {
            result = ReconfigurationResponseParam.ERROR_BAD_SEQUENCE_NUMBER;
        } else {
            if (deferredIncomingReset == null) {
                peerNextRequestSeq = seq + 1;
                deferredIncomingReset = req.streamIds().length == 0 ? allStreams(inboundStreams) : req.streamIds();
                deferredResetTsn = (int) req.sendersLastAssignedTsn();
            }
            result = performDeferred() ? ReconfigurationResponseParam.SUCCESS_PERFORMED : ReconfigurationResponseParam.IN_PROGRESS;
            lastResponseResult = result;
        }
        control.accept(new ReConfigChunk(List.of(ReconfigurationResponseParam.of(tag(seq), result))));
    }

    /**
     * RFC 6525 §5.2.3: the peer asks us to reset our outgoing streams (all of them when the list is empty).
     * We do it as if the application had asked: queued data goes out first, then our Outgoing SSN Reset
     * Request carries the peer's request sequence number as its Re-configuration Response Sequence Number,
     * which is the implicit response (§4.1). Nothing left to reset: "Success - Nothing to do". A retransmitted
     * request while ours is pending or outstanding is answered "In progress".
     */
    private void onPeerIncomingRequest(IncomingSsnResetRequestParam req, long now) {
        int seq = (int) req.requestSequenceNumber();
        long result;
        if (seq == peerNextRequestSeq - 1 && lastResponseResult >= 0) {
            result = outstanding != null || pendingReset.length > 0 ? ReconfigurationResponseParam.IN_PROGRESS : lastResponseResult;
        } else if (seq != peerNextRequestSeq) {
            result = ReconfigurationResponseParam.ERROR_BAD_SEQUENCE_NUMBER;
        } else if (deferredIncomingReset != null) {
            result = ReconfigurationResponseParam.ERROR_REQUEST_ALREADY_IN_PROGRESS; // its own request is still deferred
        } else {
            peerNextRequestSeq = seq + 1;
            int[] ids = req.streamIds().length == 0 ? allStreams(outboundStreams) : req.streamIds();
            int pendingBefore = pendingReset.length;
            ReConfigChunk before = outstanding;
            resetOutgoing(ids, now);
            boolean accepted = pendingReset.length > pendingBefore || outstanding != before;
            lastResponseResult = ReconfigurationResponseParam.SUCCESS_NOTHING_TO_DO;
            if (accepted) {
                return; // answered by our Outgoing SSN Reset Request (now or once the streams' data is sent)
            }
            result = lastResponseResult;
        }
        control.accept(new ReConfigChunk(List.of(ReconfigurationResponseParam.of(tag(seq), result))));
    }

    /**
     * Performs a deferred incoming reset once every TSN up to the peer's last assigned one arrived; called
     * after each packet with DATA or FORWARD TSN.
     *
     * @return whether it was performed now
     */
    boolean performDeferred() {
        if (deferredIncomingReset == null || SerialNumbers.tsnLt(tracker.cumulativeTsn(), deferredResetTsn)) {
            return false;
        }
        int[] ids = deferredIncomingReset;
        deferredIncomingReset = null;
        lastResponseResult = ReconfigurationResponseParam.SUCCESS_PERFORMED;
        reassembly.resetStreams(ids);
        listener.onIncomingStreamsReset(ids.clone());
        return true;
    }

    private void onResponse(ReconfigurationResponseParam resp, long now) {
        if (outstanding == null || (int) resp.responseSequenceNumber() != nextRequestSeq) {
            return;
        }
        if (resp.result() == ReconfigurationResponseParam.IN_PROGRESS) {
            timer.start(now, rto.getAsLong()); // ask again later with the same sequence number
            return;
        }
        int[] ids = outstandingStreams;
        outstanding = null;
        outstandingStreams = null;
        timer.stop();
        nextRequestSeq++;
        if (resp.result() == ReconfigurationResponseParam.SUCCESS_PERFORMED
                || resp.result() == ReconfigurationResponseParam.SUCCESS_NOTHING_TO_DO) {
            sendQueue.resetPerformed(ids);
            listener.onOutgoingStreamsReset(ids.clone());
        } else {
            sendQueue.resetCancelled(ids);
        }
        maybeSendPending(now);
    }

    private static int[] allStreams(int count) {
        int[] all = new int[count];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    private static long tag(int v) {
        return v & 0xFFFF_FFFFL;
    }
}
