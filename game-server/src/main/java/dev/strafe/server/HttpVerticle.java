package dev.strafe.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The HTTP side of a node: health probes and the web client (classpath {@code webroot/}, packaged by the
 * {@code web-client} module). Signaling and the room API join here as they are built.
 */
public final class HttpVerticle extends VerticleBase {

    private final ServerConfig config;
    private HttpServer server;

    public HttpVerticle(ServerConfig config) {
        this.config = config;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/health/live").handler(ctx -> ctx.json(new io.vertx.core.json.JsonObject().put("status", "UP")));
        router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(config.httpPort(), config.httpHost())
                .onSuccess(s -> server = s);
    }

    /** The bound port (useful when configured as 0). */
    public int actualPort() {
        return server.actualPort();
    }
}
