package dev.strafe.webrtc.peer;

import java.nio.charset.StandardCharsets;

/**
 * Reads just enough of a STUN message to route it before any state exists: is it a Binding request, and
 * which local ufrag does its USERNAME ({@code "<local ufrag>:<remote ufrag>"}, RFC 8445 §7.2.2) name. The
 * full check (MESSAGE-INTEGRITY, FINGERPRINT) is the ICE agent's job once the peer is found; a request that
 * names no pending peer gets no reply and leaves no state (no amplification).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0|     STUN Message Type     |         Message Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Magic Cookie                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Transaction ID (96 bits)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class StunUsername {

    static final int HEADER_LENGTH = 20;
    static final int BINDING_REQUEST = 0x0001;
    static final int MAGIC_COOKIE = 0x2112A442;
    static final int USERNAME = 0x0006;
    /** Longest ufrag we look up (RFC 8445 §5.3: 4..256 characters). */
    static final int MAX_UFRAG_LENGTH = 256;

    private StunUsername() {
    }

    /** Whether {@code data} holds a well-framed STUN Binding request (type, cookie, length). */
    static boolean isBindingRequest(byte[] data, int off, int len) {
        if (len < HEADER_LENGTH) {
            return false;
        }
        int type = u16(data, off);
        int length = u16(data, off + 2);
        return type == BINDING_REQUEST && s32(data, off + 4) == MAGIC_COOKIE
            && (length & 3) == 0 && length == len - HEADER_LENGTH;
    }

    /**
     * The local ufrag named by the USERNAME attribute of a Binding request, or {@code null} when the
     * message is not a Binding request, has no USERNAME, or it is malformed.
     */
    static String localUfrag(byte[] data, int off, int len) {
        if (!isBindingRequest(data, off, len)) {
            return null;
        }
        int p = off + HEADER_LENGTH;
        int end = off + len;
        while (p + 4 <= end) {
            int type = u16(data, p);
            int alen = u16(data, p + 2);
            int value = p + 4;
            if (value + alen > end) {
                return null;
            }
            if (type == USERNAME) {
                int colon = -1;
                for (int i = value; i < value + alen; i++) {
                    if (data[i] == ':') {
                        colon = i;
                        break;
                    }
                }
                int ufragLength = (colon < 0 ? value + alen : colon) - value;
                if (colon < 0 || ufragLength == 0 || ufragLength > MAX_UFRAG_LENGTH) {
                    return null;
                }
                return new String(data, value, ufragLength, StandardCharsets.UTF_8);
            }
            p = value + ((alen + 3) & ~3);
        }
        return null;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static int s32(byte[] b, int i) {
        return (b[i] << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }
}
