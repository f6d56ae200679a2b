package dev.strafe.webrtc.sctp.param;

/** State Cookie (type 7, RFC 9260 §3.3.3.1): opaque to the receiver of the INIT ACK, echoed in COOKIE ECHO. */
public record StateCookieParam(byte[] cookie) implements Param {
    public int type() {
        return STATE_COOKIE;
    }

    public int valueLength() {
        return cookie.length;
    }

    public void encodeValue(byte[] dst, int off) {
        System.arraycopy(cookie, 0, dst, off, cookie.length);
    }
}
