package dev.strafe.server.auth;

/** A token (JWT or resume token) that does not prove what it claims; the message is safe to show the client. */
public final class InvalidTokenException extends RuntimeException {

    public InvalidTokenException(String message) {
        super(message, null, false, false);
    }
}
