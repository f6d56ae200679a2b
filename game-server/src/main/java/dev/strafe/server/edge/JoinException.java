package dev.strafe.server.edge;

/** A join refused for a reason the client must see (mapped to an HTTP status by the signaling API). */
public final class JoinException extends RuntimeException {

    private final JoinError error;

    public JoinException(JoinError error, String detail) {
        super(detail, null, false, false);
        this.error = error;
    }

    public JoinError error() {
        return error;
    }
}
