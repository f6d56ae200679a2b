package dev.strafe.server.room;

/** Why the room dropped an input (metric tag {@code reason}). */
public enum InputDrop {
    /** The player's pending-input queue was full ({@link RoomSettings#inputQueueLimit()}). */
    QUEUE_FULL("queue_full"),
    /** The sequence was not newer than the last accepted one (duplicate or reordered datagram). */
    STALE_SEQUENCE("stale_sequence"),
    /** No such player in the room (left, or a stale edge). */
    UNKNOWN_PLAYER("unknown_player"),
    /** The bytes did not decode as an {@code Input} message. */
    MALFORMED("malformed");

    private final String tag;

    InputDrop(String tag) {
        this.tag = tag;
    }

    /** Metric tag value. */
    public String tag() {
        return tag;
    }
}
