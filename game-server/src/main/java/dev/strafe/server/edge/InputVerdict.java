package dev.strafe.server.edge;

/** What the edge did with one {@code pos} message from a player (metric tag {@code reason} of drops). */
enum InputVerdict {
    /** Decoded, within the rate, newer than the last accepted sequence: forwarded to the room owner. */
    ACCEPTED("accepted"),
    /** The bytes did not decode as an {@code Input} (wrong type/version, truncated, out-of-range field). */
    MALFORMED("malformed"),
    /** Over the player's token bucket. */
    RATE_LIMITED("rate_limited"),
    /** The sequence is not newer than the last accepted one (duplicate or reordered datagram, mod 2^32). */
    STALE_SEQUENCE("stale_sequence"),
    /** Arrived before the player's session was attached to its room (channels still opening) or after it left. */
    NO_SESSION("no_session");

    private final String tag;

    InputVerdict(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }
}
