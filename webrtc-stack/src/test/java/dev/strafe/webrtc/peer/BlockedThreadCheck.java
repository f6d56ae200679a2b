package dev.strafe.webrtc.peer;

import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * STYLE #22: Vert.x reports an event loop that runs one task longer than {@code maxEventLoopExecuteTime}
 * through its logger ({@code io.vertx.core.impl.BlockedThreadChecker}, JUL by default). Tests lower the limit
 * and fail when a warning was logged.
 */
final class BlockedThreadCheck extends Handler {

    static final long MAX_EVENT_LOOP_EXECUTE_MS = 50;
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    static VertxOptions strict(VertxOptions options) {
        return options.setMaxEventLoopExecuteTime(MAX_EVENT_LOOP_EXECUTE_MS)
            .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
            .setBlockedThreadCheckInterval(20)
            .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS);
    }

    void install() {
        Logger.getLogger("io.vertx.core.impl.BlockedThreadChecker").addHandler(this);
    }

    void assertNoneBlocked() {
        Logger.getLogger("io.vertx.core.impl.BlockedThreadChecker").removeHandler(this);
        if (!warnings.isEmpty()) {
            throw new AssertionError("event loop blocked (> " + MAX_EVENT_LOOP_EXECUTE_MS + " ms): " + warnings.getFirst());
        }
    }

    @Override
    public void publish(LogRecord record) {
        warnings.add(record.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
