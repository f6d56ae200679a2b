package dev.strafe.webrtc.dtls;

/**
 * Cheap structural check of a datagram before Bouncy Castle sees it (RFC 6347 §4.1 record layer):
 * <pre>
 *   struct {
 *     ContentType type;              // 20..25
 *     ProtocolVersion version;       // {254, 253} DTLS 1.2, {254, 255} DTLS 1.0
 *     uint16 epoch;
 *     uint48 sequence_number;
 *     uint16 length;
 *     opaque fragment[DTLSPlaintext.length];
 *   } DTLSPlaintext;                 // header: 13 bytes; several records may share a datagram
 * </pre>
 * A datagram whose records do not tile it exactly is invalid and dropped whole (STYLE #15).
 */
final class DtlsRecords {

    static final int HEADER_LENGTH = 13;
    static final int MAX_RECORDS = 64;
    static final int CONTENT_CHANGE_CIPHER_SPEC = 20;
    static final int CONTENT_ALERT = 21;
    static final int CONTENT_HANDSHAKE = 22;
    static final int CONTENT_APPLICATION_DATA = 23;
    static final int HANDSHAKE_CLIENT_HELLO = 1;

    /** The header's {@code epoch} of the record at {@code at}. */
    static int epoch(byte[] buf, int at) {
        return (buf[at + 3] & 0xFF) << 8 | (buf[at + 4] & 0xFF);
    }

    /** The header's {@code length} (of the fragment after it) of the record at {@code at}. */
    static int fragmentLength(byte[] buf, int at) {
        return (buf[at + 11] & 0xFF) << 8 | (buf[at + 12] & 0xFF);
    }

    /** Header plus fragment: where the next record of the datagram starts, relative to {@code at}. */
    static int recordLength(byte[] buf, int at) {
        return HEADER_LENGTH + fragmentLength(buf, at);
    }

    /** Number of records, or -1 when the datagram is not a sequence of well-formed DTLS record headers. */
    static int count(byte[] buf, int off, int len) {
        int end = off + len;
        int records = 0;
        int at = off;
        while (at < end) {
            if (end - at < HEADER_LENGTH || ++records > MAX_RECORDS) {
                return -1;
            }
            int type = buf[at] & 0xFF;
            if (type < 20 || type > 25 || (buf[at + 1] & 0xFF) != 0xFE) {
                return -1;
            }
            at += recordLength(buf, at);
        }
        return at == end && records > 0 ? records : -1;
    }

    /**
     * True when the first record is an epoch-0 handshake record carrying only a fragment of a ClientHello
     * (fragment_length < length). Bouncy Castle's cookie verifier needs the whole ClientHello in one record;
     * Chromium's post-quantum (X25519MLKEM768) ClientHello does not fit in one 1200-byte datagram.
     */
    static boolean isFragmentedClientHello(byte[] buf, int off, int len) {
        if (len < HEADER_LENGTH + 12 || (buf[off] & 0xFF) != CONTENT_HANDSHAKE || epoch(buf, off) != 0) {
            return false;
        }
        int body = off + HEADER_LENGTH;
        if ((buf[body] & 0xFF) != HANDSHAKE_CLIENT_HELLO) {
            return false;
        }
        int length = u24(buf, body + 1);
        int fragmentOffset = u24(buf, body + 6);
        int fragmentLength = u24(buf, body + 9);
        return fragmentOffset != 0 || fragmentLength != length;
    }

    /**
     * True when the record at {@code buf[at..at+recordLength)} is an epoch-0 handshake record whose body is a
     * sequence of well-formed fragments (RFC 6347 §4.2.2: msg_type(1) length(3) message_seq(2)
     * fragment_offset(3) fragment_length(3), fragment_offset + fragment_length <= length, the fragment inside
     * the record).
     */
    static boolean isWellFormedEpoch0Handshake(byte[] buf, int at, int recordLength) {
        if (recordLength < HEADER_LENGTH + 12 || (buf[at] & 0xFF) != CONTENT_HANDSHAKE || epoch(buf, at) != 0) {
            return false;
        }
        int end = at + recordLength;
        int p = at + HEADER_LENGTH;
        while (p < end) {
            if (end - p < 12) {
                return false;
            }
            int length = u24(buf, p + 1);
            int fragmentOffset = u24(buf, p + 6);
            int fragmentLength = u24(buf, p + 9);
            if (fragmentOffset + fragmentLength > length || fragmentLength > end - p - 12) {
                return false;
            }
            p += 12 + fragmentLength;
        }
        return true;
    }

    private static int u24(byte[] b, int at) {
        return (b[at] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF);
    }

    private DtlsRecords() {
    }
}
