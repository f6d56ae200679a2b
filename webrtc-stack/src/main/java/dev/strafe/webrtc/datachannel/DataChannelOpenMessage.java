package dev.strafe.webrtc.datachannel;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * DATA_CHANNEL_OPEN (RFC 8832 §5.1): "This message is initially sent using the data channel on the
 * stream used for user messages."
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Message Type |  Channel Type |            Priority           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Reliability Parameter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Label Length          |       Protocol Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               /
 * |                             Label                             |
 * /                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                                                               /
 * |                            Protocol                           |
 * /                                                               \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * All fields are in network byte order. Label and Protocol are UTF-8 without padding; their lengths are
 * 16-bit byte counts, so each is at most 65,535 bytes. The message ends after the protocol: a buffer whose
 * length differs from {@code 12 + labelLength + protocolLength} is refused.
 *
 * <p>The channel type is kept as its raw code so that a message with an unassigned type still decodes
 * (STYLE #10) and re-encodes byte-exact; {@link #channelType()} maps it to {@link ChannelType#UNKNOWN}.
 *
 * @param channelTypeCode      the "Channel Type" byte (0..255)
 * @param priority             "Priority" (0..65535), RFC 8831 §6.4 (128 below normal, 256 normal, 512 high, 1024 extra high)
 * @param reliabilityParameter "Reliability Parameter" (0..2^32-1): retransmissions for REXMIT types,
 *                             milliseconds for TIMED types, ignored (should be 0) for RELIABLE types
 * @param label                "Label", may be empty
 * @param protocol             "Protocol", may be empty
 */
record DataChannelOpenMessage(int channelTypeCode, int priority, long reliabilityParameter, String label,
                              String protocol) implements DcepMessage {

    static final int MESSAGE_TYPE_OFFSET = 0;
    static final int CHANNEL_TYPE_OFFSET = 1;
    static final int PRIORITY_OFFSET = 2;
    static final int RELIABILITY_PARAMETER_OFFSET = 4;
    static final int LABEL_LENGTH_OFFSET = 8;
    static final int PROTOCOL_LENGTH_OFFSET = 10;
    /** Fixed part before the label. */
    static final int HEADER_LENGTH = 12;
    /** Largest label or protocol (a 16-bit length). */
    static final int MAX_STRING_LENGTH = 0xFFFF;

    DataChannelOpenMessage {
        if (channelTypeCode < 0 || channelTypeCode > 0xFF) {
            throw new IllegalArgumentException("channel type: " + channelTypeCode + " (expected: 0..255)");
        }
        if (priority < 0 || priority > 0xFFFF) {
            throw new IllegalArgumentException("priority: " + priority + " (expected: 0..65535)");
        }
        if (reliabilityParameter < 0 || reliabilityParameter > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("reliability parameter: " + reliabilityParameter + " (expected: 0..4294967295)");
        }
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(protocol, "protocol");
        checkLength("label", label);
        checkLength("protocol", protocol);
    }

    /** A message announcing a channel of a known type. */
    static DataChannelOpenMessage of(ChannelType type, int priority, long reliabilityParameter, String label,
                                     String protocol) {
        if (type == ChannelType.UNKNOWN) {
            throw new IllegalArgumentException("channel type: UNKNOWN has no wire code");
        }
        return new DataChannelOpenMessage(type.code(), priority, reliabilityParameter, label, protocol);
    }

    private static void checkLength(String field, String value) {
        int n = DcepMessage.utf8Length(field, value);
        if (n > MAX_STRING_LENGTH) {
            throw new IllegalArgumentException(field + " length: " + n + " (expected: <= 65535 bytes of UTF-8)");
        }
    }

    /** The channel type; {@link ChannelType#UNKNOWN} for an unassigned code. */
    ChannelType channelType() {
        return ChannelType.of(channelTypeCode);
    }

    @Override
    public int messageType() {
        return DATA_CHANNEL_OPEN;
    }

    @Override
    public byte[] encode() {
        byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
        byte[] protocolBytes = protocol.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[HEADER_LENGTH + labelBytes.length + protocolBytes.length];
        out[MESSAGE_TYPE_OFFSET] = (byte) DATA_CHANNEL_OPEN;
        out[CHANNEL_TYPE_OFFSET] = (byte) channelTypeCode;
        putShort(out, PRIORITY_OFFSET, priority);
        putInt(out, RELIABILITY_PARAMETER_OFFSET, reliabilityParameter);
        putShort(out, LABEL_LENGTH_OFFSET, labelBytes.length);
        putShort(out, PROTOCOL_LENGTH_OFFSET, protocolBytes.length);
        System.arraycopy(labelBytes, 0, out, HEADER_LENGTH, labelBytes.length);
        System.arraycopy(protocolBytes, 0, out, HEADER_LENGTH + labelBytes.length, protocolBytes.length);
        return out;
    }

    /**
     * Parses a DATA_CHANNEL_OPEN from {@code data[offset, offset + length)}.
     *
     * @throws MalformedDcepException if the message is shorter than its header, its lengths do not add up to
     *                                {@code length}, the type is not 0x03 or a string is not UTF-8
     */
    static DataChannelOpenMessage decode(byte[] data, int offset, int length) throws MalformedDcepException {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length < HEADER_LENGTH) {
            throw new MalformedDcepException("DATA_CHANNEL_OPEN length: " + length + " (expected: >= 12)");
        }
        int type = data[offset + MESSAGE_TYPE_OFFSET] & 0xFF;
        if (type != DATA_CHANNEL_OPEN) {
            throw new MalformedDcepException("message type: " + DcepMessage.hex(type) + " (expected: 0x03 DATA_CHANNEL_OPEN)");
        }
        int channelType = data[offset + CHANNEL_TYPE_OFFSET] & 0xFF;
        int priority = getShort(data, offset + PRIORITY_OFFSET);
        long reliability = getInt(data, offset + RELIABILITY_PARAMETER_OFFSET);
        int labelLength = getShort(data, offset + LABEL_LENGTH_OFFSET);
        int protocolLength = getShort(data, offset + PROTOCOL_LENGTH_OFFSET);
        int expected = HEADER_LENGTH + labelLength + protocolLength; // <= 12 + 2 * 65535: no overflow
        if (length != expected) {
            throw new MalformedDcepException("DATA_CHANNEL_OPEN length: " + length + " (expected: 12 + label length "
                    + labelLength + " + protocol length " + protocolLength + " = " + expected + ")");
        }
        String label = DcepMessage.decodeUtf8("label", data, offset + HEADER_LENGTH, labelLength);
        String protocol = DcepMessage.decodeUtf8("protocol", data, offset + HEADER_LENGTH + labelLength, protocolLength);
        return new DataChannelOpenMessage(channelType, priority, reliability, label, protocol);
    }

    private static int getShort(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static long getInt(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    private static void putShort(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    private static void putInt(byte[] b, int i, long v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    @Override
    public String toString() {
        return "DATA_CHANNEL_OPEN[channelType=" + (channelType() == ChannelType.UNKNOWN
                ? "UNKNOWN(" + DcepMessage.hex(channelTypeCode) + ")" : channelType())
                + ", priority=" + priority + ", reliabilityParameter=" + reliabilityParameter
                + ", label=" + label + ", protocol=" + protocol + "]";
    }
}
