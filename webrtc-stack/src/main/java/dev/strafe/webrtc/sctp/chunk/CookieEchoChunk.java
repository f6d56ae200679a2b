package dev.strafe.webrtc.sctp.chunk;

import java.util.Optional;

/** State Cookie (COOKIE ECHO, type 10, RFC 9260 §3.3.11): the cookie from the INIT ACK, verbatim. */
public record CookieEchoChunk(byte[] cookie) implements Chunk {
    static CookieEchoChunk decode(byte[] b, int off, int len) {
        byte[] c = new byte[len];
        System.arraycopy(b, off, c, 0, len);
        return new CookieEchoChunk(c);
    }

    public int type() {
        return 10;
    }

    public int valueLength() {
        return cookie.length;
    }

    public void encodeValue(byte[] dst, int off) {
        System.arraycopy(cookie, 0, dst, off, cookie.length);
    }

    @Override
    public Optional<Violation> check() {
        return cookie.length == 0 ? Optional.of(new Violation(false, "COOKIE ECHO with empty cookie")) : Optional.empty();
    }
}
