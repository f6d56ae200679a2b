package dev.strafe.server.edge;

/** Why a join failed, with the HTTP status the signaling API answers (RFC 9457 problem details). */
public enum JoinError {
    MALFORMED_REQUEST(400, "malformed-request"),
    MALFORMED_SDP(400, "malformed-sdp"),
    UNAUTHORIZED(401, "unauthorized"),
    ROOM_FULL(409, "room-full"),
    RATE_LIMITED(429, "rate-limited"),
    DRAINING(503, "draining"),
    OVERLOADED(503, "overloaded"),
    INTERNAL(500, "internal");

    private final int httpStatus;
    private final String slug;

    JoinError(int httpStatus, String slug) {
        this.httpStatus = httpStatus;
        this.slug = slug;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Stable machine-readable name, used in the problem {@code type} URI. */
    public String slug() {
        return slug;
    }
}
