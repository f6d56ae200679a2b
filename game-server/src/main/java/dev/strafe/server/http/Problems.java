package dev.strafe.server.http;

import dev.strafe.protocol.tx.Problem;
import dev.strafe.protocol.tx.TxJson;
import dev.strafe.server.edge.JoinError;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * RFC 9457 problem details for every error of the HTTP API ({@code Content-Type: application/problem+json}).
 * The {@code type} is {@code urn:strafe:problem:<slug>} (a stable identifier, not a link); {@code title} is fixed
 * per type, {@code detail} explains this occurrence and never carries internals.
 */
public final class Problems {

    public static final String TYPE_PREFIX = "urn:strafe:problem:";

    private Problems() {
    }

    /** A problem for a join error. */
    public static Problem of(JoinError error, String detail, String instance) {
        return new Problem(TYPE_PREFIX + error.slug(), title(error), error.httpStatus(), detail, instance);
    }

    /** A problem of a type that is not a {@link JoinError} (e.g. {@code payload-too-large}). */
    public static Problem of(int status, String slug, String title, String detail, String instance) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, instance);
    }

    public static void send(RoutingContext ctx, Problem problem) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        response.setStatusCode(problem.status())
                .putHeader("content-type", Problem.MEDIA_TYPE)
                .putHeader("cache-control", "no-store")
                .end(TxJson.write(problem));
    }

    public static String title(JoinError error) {
        return switch (error) {
            case MALFORMED_REQUEST -> "Malformed request";
            case MALFORMED_SDP -> "Malformed SDP offer";
            case UNAUTHORIZED -> "Unauthorized";
            case ROOM_FULL -> "Room full";
            case RATE_LIMITED -> "Too many requests";
            case DRAINING -> "Node draining";
            case OVERLOADED -> "Node at capacity";
            case INTERNAL -> "Internal error";
        };
    }
}
