package dev.strafe.webrtc.dtls;

import java.util.concurrent.ThreadFactory;

/** Package-private knobs the JMH benchmarks (package {@code bench}) need. Test code only. */
public final class BenchHooks {

    /** An engine whose handshake threads are platform threads, so their CPU time can be read. */
    public static DtlsEngine platformThreadEngine(DtlsCertificate certificate, DtlsSettings settings) {
        ThreadFactory factory = Thread.ofPlatform().name("dtls-bench-handshake-", 0).daemon().factory();
        return new DtlsEngine(certificate, settings, factory);
    }

    /** CPU nanoseconds the session's handshake thread used, -1 when unknown. */
    public static long handshakeCpuNanos(DtlsSession session) {
        return session.handshakeCpuNanos();
    }

    private BenchHooks() {
    }
}
