package dev.strafe.webrtc.datachannel;

/**
 * DATA_CHANNEL_ACK (RFC 8832 §5.2): sent on the stream of a channel in reply to its DATA_CHANNEL_OPEN.
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * |  Message Type |
 * +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * "Message Type: 1 byte (unsigned integer). This field holds the IANA-defined message type for the
 * DATA_CHANNEL_ACK message. The value of this field is 0x02." The message has no other field, so a
 * longer message is refused.
 */
record DataChannelAckMessage() implements DcepMessage {

    /** The one ACK there is. */
    static final DataChannelAckMessage INSTANCE = new DataChannelAckMessage();

    /** Encoded length: the message type only. */
    static final int LENGTH = 1;

    @Override
    public int messageType() {
        return DATA_CHANNEL_ACK;
    }

    @Override
    public byte[] encode() {
        return new byte[] {(byte) DATA_CHANNEL_ACK};
    }

    static DataChannelAckMessage decode(byte[] data, int offset, int length) throws MalformedDcepException {
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        if (length != LENGTH) {
            throw new MalformedDcepException("DATA_CHANNEL_ACK length: " + length + " (expected: 1)");
        }
        int type = data[offset] & 0xFF;
        if (type != DATA_CHANNEL_ACK) {
            throw new MalformedDcepException("message type: " + DcepMessage.hex(type) + " (expected: 0x02 DATA_CHANNEL_ACK)");
        }
        return INSTANCE;
    }

    @Override
    public String toString() {
        return "DATA_CHANNEL_ACK";
    }
}
