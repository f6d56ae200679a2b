package dev.strafe.webrtc.datachannel;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A Data Channel Establishment Protocol message (RFC 8832 §5), carried in an SCTP user message with
 * PPID 50 ({@link PayloadProtocolIdentifier#DCEP}) on the stream of the channel it opens.
 *
 * <p>The first byte is the "Message Type" (RFC 8832 §8.2.1): 0x02 DATA_CHANNEL_ACK, 0x03
 * DATA_CHANNEL_OPEN; 0x00, 0x01 and 0xFF are reserved. Anything else is not DCEP this stack understands
 * and is refused with {@link MalformedDcepException}. Decoders bound every length by the buffer they were
 * given; nothing is allocated beyond the label and protocol strings the message declares.
 */
sealed interface DcepMessage permits DataChannelOpenMessage, DataChannelAckMessage {

    /** Message Type 0x02 (RFC 8832 §5.2). */
    int DATA_CHANNEL_ACK = 0x02;
    /** Message Type 0x03 (RFC 8832 §5.1). */
    int DATA_CHANNEL_OPEN = 0x03;

    /** The "Message Type" byte. */
    int messageType();

    /** The encoded message, exactly as it goes into the SCTP user message. */
    byte[] encode();

    /**
     * Parses one DCEP message from {@code data[offset, offset + length)}.
     *
     * @throws MalformedDcepException if the bytes are not a well-formed DATA_CHANNEL_OPEN or DATA_CHANNEL_ACK
     */
    static DcepMessage decode(byte[] data, int offset, int length) throws MalformedDcepException {
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        if (length < 1) {
            throw new MalformedDcepException("DCEP message length: 0 (expected: >= 1)");
        }
        int type = data[offset] & 0xFF;
        return switch (type) {
            case DATA_CHANNEL_OPEN -> DataChannelOpenMessage.decode(data, offset, length);
            case DATA_CHANNEL_ACK -> DataChannelAckMessage.decode(data, offset, length);
            default -> throw new MalformedDcepException(
                    "message type: " + hex(type) + " (expected: 0x02 DATA_CHANNEL_ACK or 0x03 DATA_CHANNEL_OPEN)");
        };
    }

    static String hex(int b) {
        return String.format("0x%02x", b);
    }

    /** Strict UTF-8 decoding: malformed input is a {@link MalformedDcepException}, not a replacement char. */
    static String decodeUtf8(String field, byte[] data, int offset, int length) throws MalformedDcepException {
        if (length == 0) {
            return "";
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, offset, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new MalformedDcepException(field + ": not valid UTF-8 (" + e.getMessage() + ")");
        }
    }

    /**
     * Number of bytes {@code s} takes in UTF-8, without encoding it.
     *
     * @throws IllegalArgumentException if {@code s} contains an unpaired surrogate (it has no UTF-8 form)
     */
    static int utf8Length(String field, String s) {
        int n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(field + ": unpaired surrogate at index " + i + " (not encodable as UTF-8)");
            } else {
                n += 3;
            }
        }
        return n;
    }
}
