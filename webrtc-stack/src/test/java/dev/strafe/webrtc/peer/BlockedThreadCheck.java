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
 * through its logger ({@code io.vertx.core.impl.BlockedThreadChecker}; failsafe routes Vert.x logging to JUL).
 * Tests lower the limit and fail when a warning was logged after {@link #arm()}. Arm after a warm-up
 * connection: first-use class initialisation (Netty's native transport and JFR event classes, JCA providers)
 * takes over 50 ms once per JVM on this C1-only test JVM, and is not what the check is after.
 */
final class BlockedThreadCheck extends Handler {

    static final long MAX_EVENT_LOOP_EXECUTE_MS = 200;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private volatile boolean armed;

    /** Warnings count from now on. */
    void arm() {
        armed = true;
    }

    static VertxOptions strict(VertxOptions options) {
        return options.setMaxEventLoopExecuteTime(MAX_EVENT_LOOP_EXECUTE_MS)
            .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
            .setBlockedThreadCheckInterval(20)
            .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
            .setWarningExceptionTime(MAX_EVENT_LOOP_EXECUTE_MS).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS);
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
        if (armed) {
            StringBuilder sb = new StringBuilder(record.getMessage());
            if (record.getThrown() != null) {
                for (StackTraceElement e : record.getThrown().getStackTrace()) {
                    sb.append("\n\tat ").append(e);
                    if (sb.length() > 6000) {
                        break;
                    }
                }
            }
            warnings.add(sb.toString());
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
