package dev.strafe.webrtc.datachannel;

import dev.strafe.webrtc.datachannel.DataChannel.ReadyState;
import dev.strafe.webrtc.sctp.SctpListener;
import dev.strafe.webrtc.sctp.SctpTransport;
import dev.strafe.webrtc.sctp.SendStatus;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data channels of one SCTP association (RFC 8831, RFC 8832): opens them with DCEP or as pre-negotiated
 * channels, dispatches user messages by stream id, closes them through stream resets and closes them all
 * when the association ends. It is the association's {@link SctpListener} and sends through its
 * {@link SctpTransport}.
 *
 * <pre>{@code
 * var channels = new DataChannelManager(DtlsRole.SERVER, loop::nanoTime, DataChannelLimits.DEFAULT);
 * var association = new SctpAssociation(sctpConfig, random, channels); // the association calls the listener
 * channels.attach(association);                           // the manager sends through the transport
 * channels.onDataChannel(ch -> ch.onBinary(bytes -> ...));
 * }</pre>
 *
 * <h2>Stream ids (RFC 8832 §6)</h2>
 * "The DTLS role of the SCTP transport determines whether the stream identifier is even or odd: the
 * client MUST use streams with even stream identifiers; the server MUST use streams with odd stream
 * identifiers." Channels opened by DCEP take the lowest free id of our parity below
 * {@link DataChannelLimits#maxStreams()}; a pre-negotiated channel ({@code negotiated: true, id: N}) takes
 * the id the application chose, of either parity, and sends no DCEP at all.
 *
 * <h2>Opening (RFC 8832 §6)</h2>
 * A DATA_CHANNEL_OPEN is sent reliably and ordered on the channel's stream; the channel is
 * {@link ReadyState#OPEN} for sending at once. "[The initiator] MAY start sending messages containing user
 * data without waiting for the reception of the corresponding DATA_CHANNEL_ACK message. However, before
 * the DATA_CHANNEL_ACK is received, all other messages MUST be sent ordered" – so an unordered channel
 * sends ordered until its ACK arrives. The responder creates the channel, answers with DATA_CHANNEL_ACK
 * and announces it through {@link #onDataChannel}. Channels created before the association is established
 * stay {@link ReadyState#CONNECTING}; their DATA_CHANNEL_OPENs go out, in creation order, when it is.
 *
 * <h2>Closing (RFC 8831 §6.7)</h2>
 * "Closing of a data channel MUST be signaled by resetting the corresponding outgoing streams ... When the
 * peer sees that an incoming stream was reset, it also resets its corresponding outgoing stream. Once this
 * is completed, the data channel is closed." A channel is CLOSING from our reset request (or the peer's)
 * until both directions are reset, then CLOSED, and its id is free again. When the association is lost or
 * shut down every channel becomes CLOSED at once (with onError first if it was lost).
 *
 * <h2>Receiver obligations (peer input never throws, STYLE #13)</h2>
 * <ul>
 *   <li>Malformed or unexpected DCEP (ACK without OPEN, OPEN on a stream in use): counted in
 *       {@link DataChannelMetrics#dcepErrors()}, dropped, logged.</li>
 *   <li>DATA_CHANNEL_OPEN we refuse (our parity, unknown channel type, {@link DataChannelLimits#maxChannels()}
 *       reached, malformed): counted in {@link DataChannelMetrics#rejectedOpens()} and the stream is reset so
 *       the peer sees its channel close; the id is not reused until both directions are reset.</li>
 *   <li>User messages on unknown streams, with unknown PPIDs, on channels not OPEN, or without a handler:
 *       counted in {@link DataChannelMetrics#droppedMessages()} and dropped.</li>
 *   <li>Deprecated partial PPIDs 52/54: reassembled up to {@link DataChannelLimits#maxPartialMessageBytes()},
 *       else dropped.</li>
 * </ul>
 * Peer-induced problems are logged at INFO the first time per kind and at DEBUG afterwards, so a hostile
 * peer cannot flood the log; the counters carry the totals.
 *
 * <h2>Threading</h2>
 * Single-threaded: every method, listener callback and handler runs on the association's thread. No locks.
 */
public final class DataChannelManager implements SctpListener {

    /** Our DTLS role; it decides the parity of the stream ids we pick (RFC 8832 §6). */
    public enum DtlsRole {
        /** DTLS client: even stream ids. */
        CLIENT,
        /** DTLS server: odd stream ids. */
        SERVER;

        int parity() {
            return this == CLIENT ? 0 : 1;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(DataChannelManager.class);

    private final DtlsRole role;
    private final LongSupplier nanoClock;
    private final DataChannelLimits limits;
    private final DataChannelMetrics metrics = new DataChannelMetrics();
    private final StreamTable channels = new StreamTable();
    /** Channels created before the association was established, in creation order. */
    private final List<DataChannel> connecting = new ArrayList<>();
    /** Streams we reset to refuse a DATA_CHANNEL_OPEN, until our reset is performed / the peer's arrives. */
    private final BitSet rejectedAwaitingOutgoing = new BitSet();
    private final BitSet rejectedAwaitingIncoming = new BitSet();

    private SctpTransport transport;
    private boolean established;
    private String terminated;
    private Consumer<DataChannel> onDataChannel;

    /**
     * @param role      our DTLS role (decides stream id parity)
     * @param nanoClock the time passed to {@link SctpTransport#send} (the event loop's clock; fake in tests)
     * @param limits    bounds of this association's channels
     */
    public DataChannelManager(DtlsRole role, LongSupplier nanoClock, DataChannelLimits limits) {
        this.role = Objects.requireNonNull(role, "role");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** With {@link DataChannelLimits#DEFAULT}. */
    public DataChannelManager(DtlsRole role, LongSupplier nanoClock) {
        this(role, nanoClock, DataChannelLimits.DEFAULT);
    }

    /**
     * Binds the association to send through; once, before it reports {@link #onAssociationEstablished()}.
     *
     * @return this
     */
    public DataChannelManager attach(SctpTransport transport) {
        Objects.requireNonNull(transport, "transport");
        if (this.transport != null) {
            throw new IllegalStateException("a transport is already attached");
        }
        this.transport = transport;
        return this;
    }

    /** Called with each channel the peer opens through DCEP (already OPEN), like {@code ondatachannel}. */
    public DataChannelManager onDataChannel(Consumer<DataChannel> handler) {
        this.onDataChannel = handler;
        return this;
    }

    public DtlsRole role() {
        return role;
    }

    public DataChannelLimits limits() {
        return limits;
    }

    public DataChannelMetrics metrics() {
        return metrics;
    }

    /** Whether the association is established (and not ended). */
    public boolean established() {
        return established;
    }

    /** Channels not yet CLOSED (CONNECTING, OPEN or CLOSING). */
    public int channelCount() {
        return channels.size();
    }

    /** A snapshot of the channels not yet CLOSED. */
    public List<DataChannel> channels() {
        return channels.values();
    }

    /** The channel on this stream, or null. */
    public DataChannel channel(int streamId) {
        return channels.get(streamId);
    }

    /** Largest message {@code send} accepts (the peer's max-message-size); 0 before a transport is attached. */
    public int maxMessageSize() {
        return transport == null ? 0 : transport.maxMessageSize();
    }

    /** A reliable, ordered channel opened with DCEP: {@code createDataChannel(label)}. */
    public DataChannel createDataChannel(String label) {
        return createDataChannel(label, DataChannelInit.DEFAULT);
    }

    /**
     * Creates a channel, like the browser's {@code createDataChannel}. If the association is established
     * the channel is OPEN when this returns (a DCEP channel has sent its DATA_CHANNEL_OPEN); otherwise it is
     * CONNECTING and opens when the association is established.
     *
     * @throws IllegalArgumentException label longer than 65,535 bytes of UTF-8, or negotiated id not below
     *                                  {@link DataChannelLimits#maxStreams()}
     * @throws IllegalStateException    association ended, {@link DataChannelLimits#maxChannels()} reached, the
     *                                  negotiated id in use, no free id left, or the DATA_CHANNEL_OPEN not sendable
     * @throws DataChannelBufferFullException the send buffer cannot take the DATA_CHANNEL_OPEN right now
     */
    public DataChannel createDataChannel(String label, DataChannelInit init) {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(init, "init");
        int labelLength = DcepMessage.utf8Length("label", label);
        if (labelLength > DataChannelOpenMessage.MAX_STRING_LENGTH) {
            throw new IllegalArgumentException("label length: " + labelLength + " (expected: <= 65535 bytes of UTF-8)");
        }
        if (terminated != null) {
            throw new IllegalStateException("cannot create data channel '" + label + "': " + terminated);
        }
        if (channels.size() >= limits.maxChannels()) {
            throw new IllegalStateException("data channels: " + channels.size() + " (expected: < "
                    + limits.maxChannels() + "); cannot create '" + label + "'");
        }
        int id;
        if (init.negotiated()) {
            id = init.id();
            if (id >= limits.maxStreams()) {
                throw new IllegalArgumentException("id: " + id + " (expected: < maxStreams " + limits.maxStreams() + ")");
            }
            DataChannel existing = channels.get(id);
            if (existing != null) {
                throw new IllegalStateException("id: " + id + " is already used by data channel '" + existing.label() + "'");
            }
            if (quarantined(id)) {
                throw new IllegalStateException("id: " + id + " is still being reset");
            }
        } else {
            id = allocateStreamId();
            if (id < 0) {
                throw new IllegalStateException("no free " + (role.parity() == 0 ? "even" : "odd")
                        + " stream id below " + limits.maxStreams() + " for data channel '" + label + "'");
            }
        }
        DataChannel channel = new DataChannel(this, label, init.protocol(), id, init.ordered(), init.maxRetransmits(),
                init.maxPacketLifeTime(), init.negotiated(), init.priority(), ReadyState.CONNECTING);
        if (!init.negotiated()) {
            ChannelType type = ChannelType.of(init.ordered(), init.maxRetransmits() != DataChannelInit.UNSET,
                    init.maxPacketLifeTime() != DataChannelInit.UNSET);
            long parameter = type.rexmit() ? init.maxRetransmits() : type.timed() ? init.maxPacketLifeTime() : 0;
            channel.pendingOpenMessage = DataChannelOpenMessage.of(type, init.priority(), parameter, label,
                    init.protocol()).encode();
        }
        channels.put(id, channel);
        if (established) {
            SendStatus status = open(channel);
            if (status != SendStatus.ACCEPTED) {
                channels.remove(id);
                channel.state = ReadyState.CLOSED;
                throw sendFailure(channel, status, channel.pendingOpenMessage.length, "DATA_CHANNEL_OPEN");
            }
        } else {
            connecting.add(channel);
        }
        return channel;
    }

    /** Lowest free id of our parity, or -1. */
    private int allocateStreamId() {
        for (int id = role.parity(); id < limits.maxStreams(); id += 2) {
            if (!channels.contains(id) && !quarantined(id)) {
                return id;
            }
        }
        return -1;
    }

    private boolean quarantined(int id) {
        return rejectedAwaitingOutgoing.get(id) || rejectedAwaitingIncoming.get(id);
    }

    /** Sends the DATA_CHANNEL_OPEN (unless negotiated) and makes the channel OPEN. */
    private SendStatus open(DataChannel channel) {
        byte[] openMessage = channel.pendingOpenMessage;
        if (openMessage != null) {
            SendStatus status = transport.send(channel.id(), PayloadProtocolIdentifier.PPID_DCEP, openMessage, 0,
                    openMessage.length, false, SctpTransport.RELIABLE, SctpTransport.NO_LIFETIME, nanoClock.getAsLong());
            if (status != SendStatus.ACCEPTED) {
                return status;
            }
            channel.pendingOpenMessage = null;
            channel.awaitingAck = true;
        }
        channel.state = ReadyState.OPEN;
        applyBufferedAmountLowThreshold(channel);
        metrics.incrementChannelsOpened();
        LOG.debug("data channel {} open", channel);
        channel.fireOpen();
        return SendStatus.ACCEPTED;
    }

    // ---- calls from DataChannel ----

    void send(DataChannel channel, int ppid, byte[] data, int offset, int length, int userLength) {
        if (channel.state != ReadyState.OPEN) {
            throw new IllegalStateException("data channel '" + channel.label() + "' (stream " + channel.id() + ") is "
                    + channel.state + " (expected: OPEN)");
        }
        int max = transport.maxMessageSize();
        if (userLength > max) {
            throw new IllegalArgumentException("message size: " + userLength + " (expected: <= max-message-size " + max
                    + ") on data channel '" + channel.label() + "'");
        }
        // RFC 8832 §6: ordered until the DATA_CHANNEL_ACK arrives.
        boolean unordered = !channel.ordered() && !channel.awaitingAck;
        SendStatus status = transport.send(channel.id(), ppid, data, offset, length, unordered,
                channel.sctpMaxRetransmits, channel.sctpLifetimeNanos, nanoClock.getAsLong());
        if (status != SendStatus.ACCEPTED) {
            throw sendFailure(channel, status, userLength, "message");
        }
        channel.userBytesQueued = true;
        channel.countSent(userLength);
    }

    private RuntimeException sendFailure(DataChannel channel, SendStatus status, int length, String what) {
        String where = "data channel '" + channel.label() + "' (stream " + channel.id() + ")";
        return switch (status) {
            case BUFFER_FULL -> new DataChannelBufferFullException(channel.label(), channel.id(),
                    transport.bufferedAmount(channel.id()), length);
            case MESSAGE_TOO_LARGE -> new IllegalArgumentException(what + " size: " + length
                    + " (expected: <= max-message-size " + transport.maxMessageSize() + ") on " + where);
            case NOT_ESTABLISHED -> new IllegalStateException(where + ": SCTP association not established");
            case INVALID_STREAM -> new IllegalStateException(where + ": stream invalid or being reset");
            case ACCEPTED -> new IllegalStateException("not a failure: " + status);
        };
    }

    long bufferedAmount(DataChannel channel) {
        return transport == null ? 0L : transport.bufferedAmount(channel.id());
    }

    void applyBufferedAmountLowThreshold(DataChannel channel) {
        transport.bufferedAmountLowThreshold(channel.id(), channel.bufferedAmountLowThreshold());
    }

    int maxPartialMessageBytes() {
        return limits.maxPartialMessageBytes();
    }

    void close(DataChannel channel) {
        switch (channel.state) {
            case CLOSING, CLOSED -> {
                // already on its way
            }
            case CONNECTING -> {
                // never used on the wire: nothing to reset
                connecting.remove(channel);
                channels.remove(channel.id());
                finishClose(channel);
            }
            case OPEN -> {
                channel.state = ReadyState.CLOSING;
                requestOutgoingReset(channel);
            }
        }
    }

    private void requestOutgoingReset(DataChannel channel) {
        if (!channel.outgoingResetRequested) {
            channel.outgoingResetRequested = true;
            transport.resetOutgoingStreams(channel.id());
        }
    }

    private void finishClose(DataChannel channel) {
        channel.state = ReadyState.CLOSED;
        channel.clearPartial();
        metrics.incrementChannelsClosed();
        LOG.debug("data channel {} closed", channel);
        channel.fireClose();
    }

    // ---- SctpListener ----

    @Override
    public void onAssociationEstablished() {
        if (terminated != null) {
            LOG.warn("association established after it ended ({}); ignored", terminated);
            return;
        }
        if (transport == null) {
            throw new IllegalStateException("association established but no transport attached: call attach(...) first");
        }
        established = true;
        List<DataChannel> toOpen = new ArrayList<>(connecting);
        connecting.clear();
        for (DataChannel channel : toOpen) {
            if (channel.state != ReadyState.CONNECTING) {
                continue;
            }
            SendStatus status = open(channel);
            if (status != SendStatus.ACCEPTED) {
                String reason = "could not send DATA_CHANNEL_OPEN: " + status;
                LOG.warn("data channel {}: {}", channel, reason);
                channels.remove(channel.id());
                channel.fireError(reason);
                finishClose(channel);
            }
        }
    }

    @Override
    public void onMessage(int streamId, int ppid, byte[] message, boolean unordered) {
        DataChannel channel = channels.get(streamId);
        if (ppid == PayloadProtocolIdentifier.PPID_DCEP) {
            onDcep(streamId, channel, message);
            return;
        }
        if (channel == null) {
            dropped("message on stream {} without a data channel (PPID {}, {} bytes)", streamId, ppid, message.length);
            return;
        }
        String problem = channel.receive(ppid, message);
        if (problem != null) {
            dropped("message on data channel {} dropped: {}", channel, problem, null);
        }
    }

    private void onDcep(int streamId, DataChannel channel, byte[] message) {
        DcepMessage dcep;
        try {
            dcep = DcepMessage.decode(message, 0, message.length);
        } catch (MalformedDcepException e) {
            if (channel == null && message.length > 0 && message[0] == DcepMessage.DATA_CHANNEL_OPEN) {
                rejectOpen(streamId, "malformed DATA_CHANNEL_OPEN: " + e.getMessage());
            } else {
                dcepError("malformed DCEP message on stream {}: {}", streamId, e.getMessage());
            }
            return;
        }
        switch (dcep) {
            case DataChannelOpenMessage open -> onOpenMessage(streamId, channel, open);
            case DataChannelAckMessage ack -> onAckMessage(streamId, channel);
        }
    }

    private void onOpenMessage(int streamId, DataChannel existing, DataChannelOpenMessage open) {
        if (existing != null && existing.incomingReset && existing.state == ReadyState.CLOSING) {
            // The peer reset its side and already reuses the id: it has performed our reset too (RFC 6525),
            // only its response has not reached us yet. The old channel is over; the OPEN is a new one.
            LOG.debug("DATA_CHANNEL_OPEN on stream {} of closing {}: the peer finished the close", streamId, existing);
            channels.remove(streamId);
            finishClose(existing);
            existing = null;
        }
        if (existing != null) {
            dcepError("DATA_CHANNEL_OPEN on stream {} already used by data channel '{}'; ignored", streamId,
                    existing.label());
            return;
        }
        if (quarantined(streamId)) {
            dcepError("DATA_CHANNEL_OPEN on stream {} while it is being reset; ignored", streamId, null);
            return;
        }
        if (streamId >= limits.maxStreams()) {
            dcepError("DATA_CHANNEL_OPEN on stream {} (expected: < maxStreams {}); ignored", streamId, limits.maxStreams());
            return;
        }
        if ((streamId & 1) == role.parity()) {
            rejectOpen(streamId, "stream id parity is ours (" + (role.parity() == 0 ? "even, DTLS client" : "odd, DTLS server")
                    + "); RFC 8832 §6: the peer must use the other parity");
            return;
        }
        ChannelType type = open.channelType();
        if (type == ChannelType.UNKNOWN) {
            rejectOpen(streamId, "unknown channel type " + DcepMessage.hex(open.channelTypeCode()));
            return;
        }
        if (channels.size() >= limits.maxChannels()) {
            rejectOpen(streamId, "data channels: " + channels.size() + " (expected: < " + limits.maxChannels() + ")");
            return;
        }
        int parameter = (int) Math.min(open.reliabilityParameter(), Integer.MAX_VALUE);
        DataChannel channel = new DataChannel(this, open.label(), open.protocol(), streamId, !type.unordered(),
                type.rexmit() ? parameter : DataChannelInit.UNSET, type.timed() ? parameter : DataChannelInit.UNSET,
                false, open.priority(), ReadyState.OPEN);
        channels.put(streamId, channel);
        byte[] ack = DataChannelAckMessage.INSTANCE.encode();
        SendStatus status = transport.send(streamId, PayloadProtocolIdentifier.PPID_DCEP, ack, 0, ack.length, false,
                SctpTransport.RELIABLE, SctpTransport.NO_LIFETIME, nanoClock.getAsLong());
        if (status != SendStatus.ACCEPTED) {
            // The channel works without it; the peer just keeps sending ordered.
            LOG.warn("data channel {}: DATA_CHANNEL_ACK not sent: {}", channel, status);
        }
        applyBufferedAmountLowThreshold(channel);
        metrics.incrementChannelsOpened();
        LOG.debug("data channel {} opened by the peer", channel);
        Consumer<DataChannel> handler = onDataChannel;
        if (handler != null) {
            try {
                handler.accept(channel);
            } catch (RuntimeException e) {
                LOG.error("onDataChannel handler failed for {}", channel, e);
            }
        }
        channel.fireOpen();
    }

    private void onAckMessage(int streamId, DataChannel channel) {
        if (channel == null || !channel.awaitingAck) {
            dcepError("unexpected DATA_CHANNEL_ACK on stream {} ({}); ignored", streamId,
                    channel == null ? "no data channel" : channel);
            return;
        }
        channel.awaitingAck = false;
    }

    /** Refuses a peer's DATA_CHANNEL_OPEN by resetting the stream, so the peer's channel closes. */
    private void rejectOpen(int streamId, String reason) {
        long n = metrics.incrementRejectedOpens();
        log(n, "DATA_CHANNEL_OPEN on stream {} refused, resetting the stream: {}", streamId, reason);
        if (streamId >= limits.maxStreams()) {
            return;
        }
        rejectedAwaitingOutgoing.set(streamId);
        rejectedAwaitingIncoming.set(streamId);
        transport.resetOutgoingStreams(streamId);
    }

    @Override
    public void onIncomingStreamsReset(int[] streamIds) {
        for (int streamId : streamIds) {
            if (streamId >= 0 && rejectedAwaitingIncoming.get(streamId)) {
                rejectedAwaitingIncoming.clear(streamId);
                continue;
            }
            DataChannel channel = channels.get(streamId);
            if (channel == null) {
                LOG.debug("incoming reset of stream {} without a data channel; ignored", streamId);
                continue;
            }
            channel.incomingReset = true;
            channel.clearPartial();
            if (channel.state == ReadyState.OPEN) {
                channel.state = ReadyState.CLOSING;
            }
            // RFC 8831 §6.7: "it also resets its corresponding outgoing stream"
            requestOutgoingReset(channel);
            maybeClosed(channel);
        }
    }

    @Override
    public void onOutgoingStreamsReset(int[] streamIds) {
        for (int streamId : streamIds) {
            if (streamId >= 0 && rejectedAwaitingOutgoing.get(streamId)) {
                rejectedAwaitingOutgoing.clear(streamId);
                continue;
            }
            DataChannel channel = channels.get(streamId);
            if (channel == null || !channel.outgoingResetRequested) {
                LOG.debug("outgoing reset of stream {} that we did not request; ignored", streamId);
                continue;
            }
            channel.outgoingReset = true;
            maybeClosed(channel);
        }
    }

    private void maybeClosed(DataChannel channel) {
        if (channel.outgoingReset && channel.incomingReset && channel.state != ReadyState.CLOSED) {
            channels.remove(channel.id());
            finishClose(channel);
        }
    }

    @Override
    public void onBufferedAmountLow(int streamId) {
        DataChannel channel = channels.get(streamId);
        if (channel != null && (channel.state == ReadyState.OPEN || channel.state == ReadyState.CLOSING)) {
            channel.fireBufferedAmountLow();
        }
    }

    @Override
    public void onAssociationLost(String reason) {
        terminate("SCTP association lost: " + reason, true);
    }

    @Override
    public void onAssociationClosed() {
        terminate("SCTP association closed", false);
    }

    /** Every channel becomes CLOSED (RFC 8831 §6.7 cannot run without an association). */
    private void terminate(String reason, boolean error) {
        if (terminated != null) {
            return;
        }
        terminated = reason;
        established = false;
        List<DataChannel> all = channels.values();
        channels.clear();
        connecting.clear();
        rejectedAwaitingIncoming.clear();
        rejectedAwaitingOutgoing.clear();
        if (!all.isEmpty()) {
            LOG.debug("{}: closing {} data channels", reason, all.size());
        }
        for (DataChannel channel : all) {
            if (channel.state == ReadyState.CLOSED) {
                continue;
            }
            if (error) {
                channel.fireError(reason);
            }
            finishClose(channel);
        }
    }

    // ---- handler invocation and peer-problem logging ----

    void run(DataChannel channel, String what, Runnable handler) {
        try {
            handler.run();
        } catch (RuntimeException e) {
            LOG.error("{} handler of {} failed", what, channel, e);
        }
    }

    <T> void accept(DataChannel channel, String what, Consumer<T> handler, T value) {
        try {
            handler.accept(value);
        } catch (RuntimeException e) {
            LOG.error("{} handler of {} failed", what, channel, e);
        }
    }

    private void dropped(String format, Object a, Object b, Object c) {
        long n = metrics.incrementDroppedMessages();
        if (n == 1) {
            LOG.info(format + " (first drop; further drops are logged at DEBUG, see metrics)", a, b, c);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug(format, a, b, c);
        }
    }

    private void dcepError(String format, Object a, Object b) {
        long n = metrics.incrementDcepErrors();
        log(n, format, a, b);
    }

    private static void log(long count, String format, Object a, Object b) {
        if (count == 1) {
            LOG.info(format + " (first occurrence; further ones are logged at DEBUG, see metrics)", a, b);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug(format, a, b);
        }
    }

    @Override
    public String toString() {
        return "DataChannelManager[role=" + role + ", established=" + established + ", channels=" + channels.size()
                + (terminated != null ? ", ended: " + terminated : "") + ", " + metrics + "]";
    }
}
