package dev.strafe.webrtc.datachannel;

import java.util.Objects;

/**
 * Options for {@link DataChannelManager#createDataChannel(String, DataChannelInit)}, shaped like the
 * browser's {@code RTCDataChannelInit} and validated when built, as the browser does in
 * {@code createDataChannel} (where it throws a {@code TypeError} we throw {@link IllegalArgumentException}).
 *
 * <pre>{@code
 * var pos = DataChannelInit.builder().ordered(false).maxRetransmits(0).build();   // game inputs/snapshots
 * var tx  = DataChannelInit.DEFAULT;                                              // reliable, ordered
 * var pre = DataChannelInit.builder().negotiated(true).id(0).build();             // no DCEP
 * }</pre>
 *
 * @param ordered           deliver in order (false: SCTP unordered delivery)
 * @param maxRetransmits    {@link #UNSET} or 0..65535: give up on a message after this many retransmissions
 * @param maxPacketLifeTime {@link #UNSET} or 0..65535 milliseconds: give up on a message after this long
 * @param protocol          sub-protocol name announced in DCEP (UTF-8, at most 65,535 bytes)
 * @param negotiated        true: the application agreed on {@code id} out of band; no DCEP is sent
 * @param id                {@link #UNSET} or 0..65534; required with (and only with) {@code negotiated}
 * @param priority          0..65535, announced in DATA_CHANNEL_OPEN (RFC 8831 §6.4); see {@link #PRIORITY_LOW}
 */
public record DataChannelInit(boolean ordered, int maxRetransmits, int maxPacketLifeTime, String protocol,
                              boolean negotiated, int id, int priority) {

    /** Value of an int option that is not set (the browser's {@code null}). */
    public static final int UNSET = -1;
    /** Largest stream id a channel may use; 65535 is reserved (RFC 8831 §6.6, W3C webrtc createDataChannel). */
    public static final int MAX_ID = 65534;
    /** RFC 8831 §6.4 "below normal", the W3C "very-low". */
    public static final int PRIORITY_VERY_LOW = 128;
    /** RFC 8831 §6.4 "normal", the W3C "low" (the browser's default). */
    public static final int PRIORITY_LOW = 256;
    /** RFC 8831 §6.4 "high", the W3C "medium". */
    public static final int PRIORITY_MEDIUM = 512;
    /** RFC 8831 §6.4 "extra high", the W3C "high". */
    public static final int PRIORITY_HIGH = 1024;

    /** Reliable, ordered, DCEP-negotiated: the browser's {@code createDataChannel(label)}. */
    public static final DataChannelInit DEFAULT = builder().build();

    public DataChannelInit {
        Objects.requireNonNull(protocol, "protocol");
        if (maxRetransmits != UNSET && (maxRetransmits < 0 || maxRetransmits > 0xFFFF)) {
            throw new IllegalArgumentException("maxRetransmits: " + maxRetransmits + " (expected: 0..65535 or unset)");
        }
        if (maxPacketLifeTime != UNSET && (maxPacketLifeTime < 0 || maxPacketLifeTime > 0xFFFF)) {
            throw new IllegalArgumentException("maxPacketLifeTime: " + maxPacketLifeTime + " (expected: 0..65535 ms or unset)");
        }
        if (maxRetransmits != UNSET && maxPacketLifeTime != UNSET) {
            throw new IllegalArgumentException("maxRetransmits: " + maxRetransmits + " and maxPacketLifeTime: "
                    + maxPacketLifeTime + " are both set (expected: at most one; RFC 8832 channel types are rexmit or timed)");
        }
        int protocolLength = DcepMessage.utf8Length("protocol", protocol);
        if (protocolLength > DataChannelOpenMessage.MAX_STRING_LENGTH) {
            throw new IllegalArgumentException("protocol length: " + protocolLength + " (expected: <= 65535 bytes of UTF-8)");
        }
        if (negotiated) {
            if (id == UNSET) {
                throw new IllegalArgumentException("id: unset (expected: 0.." + MAX_ID + " with negotiated: true)");
            }
            if (id < 0 || id > MAX_ID) {
                throw new IllegalArgumentException("id: " + id + " (expected: 0.." + MAX_ID + ")");
            }
        } else if (id != UNSET) {
            throw new IllegalArgumentException("id: " + id + " with negotiated: false (expected: unset; DCEP chooses the id)");
        }
        if (priority < 0 || priority > 0xFFFF) {
            throw new IllegalArgumentException("priority: " + priority + " (expected: 0..65535)");
        }
    }

    /** Whether the channel gives up on messages (maxRetransmits or maxPacketLifeTime set). */
    public boolean partiallyReliable() {
        return maxRetransmits != UNSET || maxPacketLifeTime != UNSET;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private boolean ordered = true;
        private int maxRetransmits = UNSET;
        private int maxPacketLifeTime = UNSET;
        private String protocol = "";
        private boolean negotiated;
        private int id = UNSET;
        private int priority = PRIORITY_LOW;

        private Builder() {
        }

        public Builder ordered(boolean ordered) {
            this.ordered = ordered;
            return this;
        }

        public Builder maxRetransmits(int maxRetransmits) {
            this.maxRetransmits = maxRetransmits;
            return this;
        }

        /** Milliseconds. */
        public Builder maxPacketLifeTime(int maxPacketLifeTime) {
            this.maxPacketLifeTime = maxPacketLifeTime;
            return this;
        }

        public Builder protocol(String protocol) {
            this.protocol = protocol;
            return this;
        }

        public Builder negotiated(boolean negotiated) {
            this.negotiated = negotiated;
            return this;
        }

        public Builder id(int id) {
            this.id = id;
            return this;
        }

        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        /** @throws IllegalArgumentException if the options contradict each other or are out of range */
        public DataChannelInit build() {
            return new DataChannelInit(ordered, maxRetransmits, maxPacketLifeTime, protocol, negotiated, id, priority);
        }
    }
}
