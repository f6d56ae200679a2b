package dev.strafe.webrtc.datachannel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * One WebRTC data channel (RFC 8831), shaped like the browser's {@code RTCDataChannel}: a label, a stream
 * id, a reliability mode, a {@link ReadyState}, {@code send}, {@code bufferedAmount} and event handlers.
 * Created by {@link DataChannelManager#createDataChannel} or announced by
 * {@link DataChannelManager#onDataChannel} when the peer opens one.
 *
 * <h2>Threading</h2>
 * A channel belongs to its association's thread (one Vert.x event loop): call every method there, and every
 * handler runs there, synchronously from the association's {@code handle}/{@code onTimeout}. Handlers must
 * not block. An exception thrown by a handler is logged and swallowed so that it cannot break the
 * association.
 *
 * <h2>Sending</h2>
 * {@code send} queues one message on the SCTP association, which copies it: the caller may reuse its array
 * or buffer once {@code send} returns. Failures follow the browser:
 * <ul>
 *   <li>channel not {@link ReadyState#OPEN}, or the association gone: {@link IllegalStateException}
 *       (the browser's {@code InvalidStateError});</li>
 *   <li>message larger than the peer's max-message-size: {@link IllegalArgumentException} (the browser's
 *       {@code TypeError}); the size is known to the caller, so this is a bug, not back-pressure;</li>
 *   <li>association send buffer full: {@link DataChannelBufferFullException} (the browser's
 *       {@code OperationError}); nothing was queued. Watch {@link #bufferedAmount()} and
 *       {@link #onBufferedAmountLow(Runnable)} to stay under the buffer, as browser code does.</li>
 * </ul>
 * A failed send never queues part of a message, and nothing is dropped silently on a reliable channel.
 * Empty messages are sent as one zero byte with the "Empty" PPID (RFC 8831 §6.6) and arrive empty.
 *
 * <h2>Receiving</h2>
 * Text arrives at {@link #onText(Consumer)} as a {@link String}; binary arrives at
 * {@link #onBinary(Consumer)} as the very array the SCTP layer reassembled (no copy; the handler owns it).
 * Messages arriving while the channel is not {@link ReadyState#OPEN}, or with no handler for their kind,
 * are dropped and counted in {@link DataChannelMetrics#droppedMessages()}.
 *
 * <h2>Events</h2>
 * {@link #onOpen(Runnable)} and {@link #onClose(Runnable)} behave like completion callbacks: a handler set
 * after the event already happened (a channel is often already open when {@code createDataChannel}
 * returns) runs at once.
 */
public final class DataChannel {

    /** The browser's {@code RTCDataChannelState}. */
    public enum ReadyState {
        /** Created before the SCTP association was established; opens when it is. */
        CONNECTING,
        /** Messages flow. */
        OPEN,
        /** Outgoing stream reset requested or incoming stream reset seen; waiting for both directions. */
        CLOSING,
        /** Both directions reset, or the association ended. */
        CLOSED
    }

    static final byte[] EMPTY = new byte[0];
    /** "the SCTP user message of one zero byte" (RFC 8831 §6.6). */
    static final byte[] EMPTY_PAYLOAD = {0};

    private final DataChannelManager manager;
    private final String label;
    private final String protocol;
    private final int id;
    private final boolean ordered;
    private final int maxRetransmits;
    private final int maxPacketLifeTime;
    private final boolean negotiated;
    private final int priority;

    /** Parameters handed to {@code SctpTransport.send}. */
    final int sctpMaxRetransmits;
    final long sctpLifetimeNanos;

    ReadyState state;
    /** The DATA_CHANNEL_OPEN to send when the association is established (null: negotiated or sent). */
    byte[] pendingOpenMessage;
    /** RFC 8832 §6: we sent DATA_CHANNEL_OPEN and no ACK came yet, so everything we send is ordered. */
    boolean awaitingAck;
    boolean outgoingResetRequested;
    boolean outgoingReset;
    boolean incomingReset;
    /** User bytes were queued since the last low-buffer event: DCEP bytes alone do not raise the event. */
    boolean userBytesQueued;
    private boolean openEventFired;

    private long bufferedAmountLowThreshold;

    /** RTCDataChannelStats counters; plain fields, written on the association's thread only. */
    private long messagesSent;
    private long bytesSent;
    private long messagesReceived;
    private long bytesReceived;

    /** Reassembly of the deprecated partial PPIDs 52/54 (rare; allocated on first use). */
    private byte[] partial;
    private int partialLength;
    private int partialPpid;
    private boolean discardingPartial;

    private Runnable onOpen;
    private Consumer<String> onText;
    private Consumer<byte[]> onBinary;
    private Runnable onClose;
    private Runnable onBufferedAmountLow;
    private Consumer<String> onError;

    DataChannel(DataChannelManager manager, String label, String protocol, int id, boolean ordered,
                int maxRetransmits, int maxPacketLifeTime, boolean negotiated, int priority, ReadyState state) {
        this.manager = manager;
        this.label = label;
        this.protocol = protocol;
        this.id = id;
        this.ordered = ordered;
        this.maxRetransmits = maxRetransmits;
        this.maxPacketLifeTime = maxPacketLifeTime;
        this.negotiated = negotiated;
        this.priority = priority;
        this.state = state;
        this.sctpMaxRetransmits = maxRetransmits == DataChannelInit.UNSET
                ? dev.strafe.webrtc.sctp.SctpTransport.RELIABLE : maxRetransmits;
        this.sctpLifetimeNanos = maxPacketLifeTime == DataChannelInit.UNSET
                ? dev.strafe.webrtc.sctp.SctpTransport.NO_LIFETIME : maxPacketLifeTime * 1_000_000L;
    }

    // ---- attributes (RTCDataChannel) ----

    public String label() {
        return label;
    }

    public String protocol() {
        return protocol;
    }

    /** The SCTP stream id, the same in both directions (RFC 8831 §6.5). */
    public int id() {
        return id;
    }

    public boolean ordered() {
        return ordered;
    }

    /** Retransmissions after which a message is abandoned; empty on a reliable or timed channel. */
    public OptionalInt maxRetransmits() {
        return maxRetransmits == DataChannelInit.UNSET ? OptionalInt.empty() : OptionalInt.of(maxRetransmits);
    }

    /** Milliseconds after which a message is abandoned; empty on a reliable or rexmit channel. */
    public OptionalInt maxPacketLifeTime() {
        return maxPacketLifeTime == DataChannelInit.UNSET ? OptionalInt.empty() : OptionalInt.of(maxPacketLifeTime);
    }

    /** True unless maxRetransmits or maxPacketLifeTime is set (then messages may be abandoned). */
    public boolean reliable() {
        return maxRetransmits == DataChannelInit.UNSET && maxPacketLifeTime == DataChannelInit.UNSET;
    }

    public boolean negotiated() {
        return negotiated;
    }

    /** The DCEP priority (RFC 8831 §6.4); informational, the SCTP scheduler treats streams fairly. */
    public int priority() {
        return priority;
    }

    public ReadyState readyState() {
        return state;
    }

    /**
     * Bytes sent on this channel and not yet acknowledged (or abandoned) by the peer's SCTP stack, as the
     * association counts them per stream (so a DATA_CHANNEL_OPEN of a few bytes counts until it is acked).
     */
    public long bufferedAmount() {
        return state == ReadyState.OPEN || state == ReadyState.CLOSING ? manager.bufferedAmount(this) : 0L;
    }

    public long bufferedAmountLowThreshold() {
        return bufferedAmountLowThreshold;
    }

    /** {@link #onBufferedAmountLow} fires when {@link #bufferedAmount()} falls to or below this. */
    public DataChannel bufferedAmountLowThreshold(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bufferedAmountLowThreshold: " + bytes + " (expected: >= 0)");
        }
        bufferedAmountLowThreshold = bytes;
        if (state == ReadyState.OPEN || state == ReadyState.CLOSING) {
            manager.applyBufferedAmountLowThreshold(this);
        }
        return this;
    }

    // ---- statistics (RTCDataChannelStats) ----

    /** User messages queued by {@code send} (DCEP not counted). */
    public long messagesSent() {
        return messagesSent;
    }

    /** Payload bytes queued by {@code send} (an empty message counts 0). */
    public long bytesSent() {
        return bytesSent;
    }

    /** User messages delivered to a handler. */
    public long messagesReceived() {
        return messagesReceived;
    }

    /** Payload bytes delivered to a handler. */
    public long bytesReceived() {
        return bytesReceived;
    }

    void countSent(int bytes) {
        messagesSent++;
        bytesSent += bytes;
    }

    // ---- sending ----

    /** Sends a text message (PPID 51; PPID 56 if empty). */
    public void send(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            manager.send(this, PayloadProtocolIdentifier.PPID_STRING_EMPTY, EMPTY_PAYLOAD, 0, 1, 0);
        } else {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            manager.send(this, PayloadProtocolIdentifier.PPID_STRING, utf8, 0, utf8.length, utf8.length);
        }
    }

    /** Sends a binary message (PPID 53; PPID 57 if empty). */
    public void send(byte[] data) {
        send(data, 0, data.length);
    }

    /** Sends {@code data[offset, offset + length)} as one binary message. */
    public void send(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length == 0) {
            manager.send(this, PayloadProtocolIdentifier.PPID_BINARY_EMPTY, EMPTY_PAYLOAD, 0, 1, 0);
        } else {
            manager.send(this, PayloadProtocolIdentifier.PPID_BINARY, data, offset, length, length);
        }
    }

    /**
     * Sends the buffer's remaining bytes as one binary message and, on success, moves its position to its
     * limit. A heap buffer is passed through without copying; a direct or read-only one is copied once.
     */
    public void send(ByteBuffer data) {
        int length = data.remaining();
        if (data.hasArray()) {
            send(data.array(), data.arrayOffset() + data.position(), length);
        } else {
            byte[] copy = new byte[length];
            data.get(data.position(), copy);
            send(copy, 0, length);
        }
        data.position(data.limit());
    }

    /**
     * Starts the closing procedure (RFC 8831 §6.7): the outgoing stream is reset, the channel is
     * {@link ReadyState#CLOSING} and becomes {@link ReadyState#CLOSED} once the peer has reset its side too.
     * Messages already queued are still delivered (the SCTP reset waits for them). Idempotent.
     */
    public void close() {
        manager.close(this);
    }

    // ---- handlers (each setter replaces the previous handler; null removes it) ----

    /** Runs when the channel opens; at once if it is already open. */
    public DataChannel onOpen(Runnable handler) {
        this.onOpen = handler;
        if (handler != null && openEventFired && state == ReadyState.OPEN) {
            manager.run(this, "onOpen", handler);
        }
        return this;
    }

    /** Receives text messages (PPID 51/56). */
    public DataChannel onText(Consumer<String> handler) {
        this.onText = handler;
        return this;
    }

    /** Receives binary messages (PPID 53/57); the array is the reassembled message itself, owned by the handler. */
    public DataChannel onBinary(Consumer<byte[]> handler) {
        this.onBinary = handler;
        return this;
    }

    /** Runs when the channel is closed; at once if it is already closed. */
    public DataChannel onClose(Runnable handler) {
        this.onClose = handler;
        if (handler != null && state == ReadyState.CLOSED) {
            manager.run(this, "onClose", handler);
        }
        return this;
    }

    /** Runs when {@link #bufferedAmount()} falls to or below {@link #bufferedAmountLowThreshold()}. */
    public DataChannel onBufferedAmountLow(Runnable handler) {
        this.onBufferedAmountLow = handler;
        return this;
    }

    /** Receives the reason when the channel fails (association lost, DCEP open could not be sent); onClose follows. */
    public DataChannel onError(Consumer<String> handler) {
        this.onError = handler;
        return this;
    }

    // ---- events from the manager ----

    void fireOpen() {
        openEventFired = true;
        Runnable h = onOpen;
        if (h != null && state == ReadyState.OPEN) {
            manager.run(this, "onOpen", h);
        }
    }

    void fireClose() {
        Runnable h = onClose;
        if (h != null) {
            manager.run(this, "onClose", h);
        }
    }

    void fireError(String reason) {
        Consumer<String> h = onError;
        if (h != null) {
            manager.accept(this, "onError", h, reason);
        }
    }

    void fireBufferedAmountLow() {
        if (!userBytesQueued) {
            return; // only our DATA_CHANNEL_OPEN/ACK drained: the browser counts user data only
        }
        userBytesQueued = false;
        Runnable h = onBufferedAmountLow;
        if (h != null) {
            manager.run(this, "onBufferedAmountLow", h);
        }
    }

    /**
     * Delivers one user message by PPID. Returns null if delivered, otherwise why it was dropped (the
     * manager counts and logs). Allocates nothing but the String of a text message.
     */
    String receive(int ppid, byte[] message) {
        if (state != ReadyState.OPEN) {
            clearPartial();
            return "channel is " + state;
        }
        switch (ppid) {
            case PayloadProtocolIdentifier.PPID_STRING -> {
                byte[] whole = completePartial(PayloadProtocolIdentifier.PPID_STRING_PARTIAL, message);
                if (whole == null) {
                    return "oversized or broken partial message";
                }
                return deliverText(whole);
            }
            case PayloadProtocolIdentifier.PPID_BINARY -> {
                byte[] whole = completePartial(PayloadProtocolIdentifier.PPID_BINARY_PARTIAL, message);
                if (whole == null) {
                    return "oversized or broken partial message";
                }
                return deliverBinary(whole);
            }
            case PayloadProtocolIdentifier.PPID_STRING_EMPTY -> {
                return deliverText(EMPTY);
            }
            case PayloadProtocolIdentifier.PPID_BINARY_EMPTY -> {
                return deliverBinary(EMPTY);
            }
            case PayloadProtocolIdentifier.PPID_STRING_PARTIAL, PayloadProtocolIdentifier.PPID_BINARY_PARTIAL -> {
                return appendPartial(ppid, message);
            }
            default -> {
                return "unknown PPID " + Integer.toUnsignedString(ppid);
            }
        }
    }

    private String deliverText(byte[] utf8) {
        Consumer<String> h = onText;
        if (h == null) {
            return "no onText handler"; // before decoding: no String for a message nobody takes
        }
        messagesReceived++;
        bytesReceived += utf8.length;
        manager.accept(this, "onText", h, utf8.length == 0 ? "" : new String(utf8, StandardCharsets.UTF_8));
        return null;
    }

    private String deliverBinary(byte[] data) {
        Consumer<byte[]> h = onBinary;
        if (h == null) {
            return "no onBinary handler";
        }
        messagesReceived++;
        bytesReceived += data.length;
        manager.accept(this, "onBinary", h, data);
        return null;
    }

    /** Appends a deprecated partial fragment (PPID 52/54), bounded by the manager's limit. */
    private String appendPartial(int ppid, byte[] fragment) {
        String problem = null;
        if (partialLength > 0 && partialPpid != ppid) {
            clearPartial();
            problem = "partial message switched kind; earlier fragments dropped";
        }
        if (discardingPartial) {
            return "fragment of an oversized partial message";
        }
        int limit = manager.maxPartialMessageBytes();
        if ((long) partialLength + fragment.length > limit) {
            clearPartial();
            discardingPartial = true;
            return "partial message longer than " + limit + " bytes";
        }
        if (partial == null || partial.length < partialLength + fragment.length) {
            int capacity = Math.min(limit, Math.max(partialLength + fragment.length, partial == null ? 1024 : partial.length * 2));
            byte[] grown = new byte[capacity];
            if (partial != null) {
                System.arraycopy(partial, 0, grown, 0, partialLength);
            }
            partial = grown;
        }
        System.arraycopy(fragment, 0, partial, partialLength, fragment.length);
        partialLength += fragment.length;
        partialPpid = ppid;
        return problem;
    }

    /** The whole message ending with {@code last}; null if it must be dropped. */
    private byte[] completePartial(int partialKind, byte[] last) {
        if (discardingPartial) {
            discardingPartial = false;
            return null;
        }
        if (partialLength == 0) {
            return last;
        }
        if (partialPpid != partialKind) {
            clearPartial();
            return null;
        }
        if ((long) partialLength + last.length > manager.maxPartialMessageBytes()) {
            clearPartial();
            return null;
        }
        byte[] whole = new byte[partialLength + last.length];
        System.arraycopy(partial, 0, whole, 0, partialLength);
        System.arraycopy(last, 0, whole, partialLength, last.length);
        clearPartial();
        return whole;
    }

    void clearPartial() {
        partial = null;
        partialLength = 0;
        partialPpid = 0;
        discardingPartial = false;
    }

    @Override
    public String toString() {
        return "DataChannel[label=" + label + ", id=" + id + ", state=" + state + ", ordered=" + ordered
                + (maxRetransmits != DataChannelInit.UNSET ? ", maxRetransmits=" + maxRetransmits : "")
                + (maxPacketLifeTime != DataChannelInit.UNSET ? ", maxPacketLifeTime=" + maxPacketLifeTime : "")
                + (negotiated ? ", negotiated" : "") + "]";
    }
}
