package dev.strafe.server;

import dev.strafe.server.edge.EdgeService;
import dev.strafe.server.http.Problems;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Pattern;

/**
 * Test-only HTTP hooks, mounted by {@link HttpVerticle} only when {@code debug.sessionDrop} is true (off by
 * default): {@code POST /v1/debug/sessions/{sessionId}/drop} closes that session's peer server-side (204; 404 when
 * this node holds no such session). The browser end-to-end test uses it to force a reconnect with the resume token.
 */
final class DebugRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(DebugRoutes.class);
    private static final Pattern SESSION_ID = Pattern.compile("[0-9a-f]{1,64}");

    private DebugRoutes() {
    }

    static void mount(Router router, EdgeService edge) {
        LOG.warn("debug.sessionDrop is on: POST /v1/debug/sessions/{sessionId}/drop closes peers (tests only)");
        router.post("/v1/debug/sessions/:session/drop").handler(ctx -> {
            String session = ctx.pathParam("session");
            if (session == null || !SESSION_ID.matcher(session).matches() || !edge.dropSession(session)) {
                Problems.send(ctx, Problems.of(404, "unknown-session", "Unknown session",
                        "no session '" + (session == null ? "" : session.substring(0, Math.min(64, session.length())))
                                + "' on this node", ctx.request().path()));
                return;
            }
            ctx.response().setStatusCode(204).end();
        });
    }
}
