package dev.strafe.webrtc.dtls;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Full DTLS handshakes between two sessions of this process, datagrams handed across in memory: the server role
 * as a remote client drives it (HelloVerifyRequest cookie, ECDHE on the client's only group, ECDSA signatures
 * both ways, the client's certificate parsed and checked against its fingerprint, extended master secret,
 * Finished), without sockets, signaling or SCTP.
 *
 * <p>For JIT warm-up. Code that runs once per connection is compiled by C2 only after thousands of connections;
 * until then every setup pays for interpreted or profiled code and for the compilations themselves (in the echo
 * bench's setup case, C2 compiling the JDK's P-256 signing and Bouncy Castle's handshake code cost more CPU than
 * the handshakes). A rehearsed handshake costs both roles' CPU and nothing else, so a few seconds get that code
 * compiled before the first client. The client offers one named group, so a group the warm-up's real clients do
 * not negotiate (P-256: libdatachannel's OpenSSL client offers only that; Java clients and browsers get X25519)
 * gets its server path compiled too.
 */
public final class HandshakeRehearsal {

    private static final long HANDSHAKE_TIMEOUT_SECONDS = 5;

    private final DtlsEngine server;
    private final DtlsEngine client;
    private final byte[] serverFingerprint;
    private final byte[] clientFingerprint;

    /**
     * @param serverCertificate the server role's certificate (the real server's, or any: only the code matters)
     * @param clientCertificate the client role's certificate
     * @param namedGroup        the one {@code org.bouncycastle.tls.NamedGroup} the client offers
     */
    public HandshakeRehearsal(DtlsCertificate serverCertificate, DtlsCertificate clientCertificate, int namedGroup) {
        this.server = new DtlsEngine(serverCertificate, DtlsSettings.DEFAULT);
        this.client = new DtlsEngine(clientCertificate, DtlsSettings.DEFAULT);
        this.client.groups = new int[] {namedGroup};
        this.serverFingerprint = serverCertificate.sha256Fingerprint();
        this.clientFingerprint = clientCertificate.sha256Fingerprint();
    }

    /**
     * Runs handshakes, {@code inFlight} at a time, until {@code deadlineNanos} ({@link System#nanoTime()}); blocks
     * the calling thread (not an event loop).
     *
     * @return the number of completed handshakes
     * @throws IllegalStateException if a handshake fails or takes longer than 5 s (a bug, not load)
     */
    public int runUntil(long deadlineNanos, int inFlight) throws InterruptedException {
        if (inFlight < 1 || inFlight > 64) {
            throw new IllegalArgumentException("inFlight: " + inFlight + " (expected: 1..64)");
        }
        ExecutorService owner = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("dtls-rehearsal").daemon().factory());
        Deque<Pair> running = new ArrayDeque<>();
        int completed = 0;
        try {
            while (System.nanoTime() < deadlineNanos || !running.isEmpty()) {
                while (running.size() < inFlight && System.nanoTime() < deadlineNanos) {
                    running.add(new Pair(owner));
                }
                Pair oldest = running.poll();
                oldest.await();
                owner.execute(oldest::close);
                completed++;
            }
        } finally {
            for (Pair p : running) {
                owner.execute(p::close);
            }
            owner.shutdown();
            owner.awaitTermination(HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        return completed;
    }

    /** One server and one client session on the owner thread, each one's datagrams delivered to the other. */
    private final class Pair implements DtlsListener {
        private final CountDownLatch connected = new CountDownLatch(2);
        private final AtomicReference<DtlsClosed> failure = new AtomicReference<>();
        private final DtlsSession serverSession;
        private final DtlsSession clientSession;
        private final ExecutorService owner;
        private boolean closing; // owner thread only

        Pair(ExecutorService owner) {
            this.owner = owner;
            DtlsSession[] peers = new DtlsSession[2];
            serverSession = server.newSession(DtlsRole.SERVER, clientFingerprint, new byte[] {127, 0, 0, 1, 0, 1},
                    owner::execute, (b, o, l) -> deliver(peers, 1, b, o, l), this);
            clientSession = client.newSession(DtlsRole.CLIENT, serverFingerprint, new byte[0],
                    owner::execute, (b, o, l) -> deliver(peers, 0, b, o, l), this);
            peers[0] = serverSession;
            peers[1] = clientSession;
            owner.execute(() -> {
                serverSession.start();
                clientSession.start();
            });
        }

        /**
         * Later on the owner thread, as a socket would: a session's handleDatagram is not re-entrant. Nothing after
         * {@link #close()} (the close_notify of a pair being closed has no one to read it).
         */
        private void deliver(DtlsSession[] peers, int to, byte[] b, int o, int l) {
            if (closing) {
                return;
            }
            byte[] copy = Arrays.copyOfRange(b, o, o + l);
            owner.execute(() -> peers[to].handleDatagram(copy, 0, copy.length));
        }

        void await() throws InterruptedException {
            if (!connected.await(HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                owner.execute(this::close);
                throw new IllegalStateException("rehearsed handshake: no result within " + HANDSHAKE_TIMEOUT_SECONDS + " s");
            }
            if (failure.get() != null) {
                throw new IllegalStateException("rehearsed handshake failed: " + failure.get());
            }
        }

        /** Owner thread. */
        void close() {
            closing = true;
            clientSession.close();
            serverSession.close();
        }

        @Override
        public void onHandshakeComplete(DtlsSession session) {
            connected.countDown();
        }

        @Override
        public void onApplicationData(DtlsSession session, byte[] data, int offset, int length) {
        }

        @Override
        public void onClosed(DtlsSession session, DtlsClosed closed) {
            if (connected.getCount() > 0) {
                failure.compareAndSet(null, closed);
                connected.countDown();
                connected.countDown();
            }
        }
    }
}
