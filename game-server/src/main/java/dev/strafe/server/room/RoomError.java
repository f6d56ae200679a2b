package dev.strafe.server.room;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Failure codes of the room's request/reply addresses ({@code msg.fail(code(), text)}, STYLE #16). Callers
 * branch on {@link #of(Throwable)}. Game-rule refusals are not failures: they are {@code rejected} {@code TxResult}s.
 *
 * <table>
 *   <caption>codes</caption>
 *   <tr><th>error</th><th>code</th><th>HTTP mapping for the signaling API</th></tr>
 *   <tr><td>{@link #ROOM_FULL}</td><td>409</td><td>409</td></tr>
 *   <tr><td>{@link #UNKNOWN_PLAYER}</td><td>404</td><td>404 (session gone: rejoin)</td></tr>
 *   <tr><td>{@link #DRAINING}</td><td>503</td><td>503 (reconnect elsewhere)</td></tr>
 *   <tr><td>{@link #OVERLOADED}</td><td>429</td><td>429 (too many pending transactions)</td></tr>
 *   <tr><td>{@link #BAD_REQUEST}</td><td>400</td><td>400</td></tr>
 *   <tr><td>{@link #UNAVAILABLE}</td><td>500</td><td>503 (state store down, room not reachable)</td></tr>
 * </table>
 * Codes equal the natural HTTP status so the edge can map them without a table; {@link #UNKNOWN} is any other
 * code (STYLE #10).
 */
public enum RoomError {
    ROOM_FULL(409),
    UNKNOWN_PLAYER(404),
    DRAINING(503),
    OVERLOADED(429),
    BAD_REQUEST(400),
    UNAVAILABLE(500),
    UNKNOWN(-1);

    private final int code;

    RoomError(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static RoomError ofCode(int code) {
        for (RoomError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return UNKNOWN;
    }

    /**
     * The room error carried by {@code failure}: a {@link ReplyException} of type {@code RECIPIENT_FAILURE} with
     * one of our codes; {@code NO_HANDLERS}/{@code TIMEOUT} (no owner reachable) map to {@link #UNAVAILABLE};
     * anything else to {@link #UNKNOWN}.
     */
    public static RoomError of(Throwable failure) {
        if (failure instanceof ReplyException re) {
            if (re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
                return ofCode(re.failureCode());
            }
            return UNAVAILABLE;
        }
        return UNKNOWN;
    }
}
