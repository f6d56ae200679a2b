package dev.strafe.webrtc.peer;

/**
 * Routes a datagram received on the shared UDP port to its protocol by its first byte, per
 * <a href="https://www.rfc-editor.org/rfc/rfc7983#section-7">RFC 7983 §7</a> (which updates RFC 5764 §5.1.2):
 *
 * <pre>
 *                  +----------------+
 *                  |        [0..3] -+--&gt; forward to STUN
 *                  |                |
 *                  |      [16..19] -+--&gt; forward to ZRTP
 *                  |                |
 *      packet --&gt;  |      [20..63] -+--&gt; forward to DTLS
 *                  |                |
 *                  |      [64..79] -+--&gt; forward to TURN Channel
 *                  |                |
 *                  |    [128..191] -+--&gt; forward to RTP/RTCP
 *                  +----------------+
 * </pre>
 *
 * <p>A data-channel-only endpoint serves STUN and DTLS; everything else (ZRTP, TURN channel data,
 * RTP/RTCP, unassigned ranges, empty datagrams) is {@link Route#DROP}: the endpoint counts it as invalid
 * and drops it without any reply (STYLE #13: a bad datagram never throws).
 */
final class PacketDemux {

    /** Where a datagram goes. */
    enum Route {
        /** First byte 0..3: a STUN message (ICE connectivity check or consent). */
        STUN,
        /** First byte 20..63: a DTLS record. */
        DTLS,
        /** Anything else: not for us; count and drop. */
        DROP
    }

    private PacketDemux() {
    }

    /** Route of the datagram {@code data[off, off + len)}; {@link Route#DROP} when empty. */
    static Route route(byte[] data, int off, int len) {
        if (len <= 0) {
            return Route.DROP;
        }
        return route(data[off]);
    }

    /** Route for a datagram whose first byte is {@code first}. */
    static Route route(byte first) {
        int b = first & 0xFF;
        if (b <= 3) {
            return Route.STUN;
        }
        if (b >= 20 && b <= 63) {
            return Route.DTLS;
        }
        return Route.DROP;
    }
}
