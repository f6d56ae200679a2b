package dev.strafe.webrtc.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DTLSVerifier;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DTLS 1.2 association with one peer (RFC 6347, used by WebRTC as RFC 8261 / RFC 8827 describe), in
 * either role, wrapped around Bouncy Castle's blocking API so that its owner never blocks.
 *
 * <h2>Threading contract</h2>
 * A session has an <b>owner thread</b>: whatever runs the tasks of the {@code owner} {@link Executor} given
 * to {@link DtlsEngine#newSession} (in the stack, the peer's Vert.x event loop via {@code runOnContext}).
 * <ul>
 *   <li>{@link #start()}, {@link #handleDatagram}, {@link #send}, {@link #close()} and the getters must be
 *       called on the owner thread. None blocks.</li>
 *   <li>Every {@link DtlsListener} callback and every {@link DatagramSink#send} runs on the owner thread.</li>
 *   <li><b>Handshake</b>: a client's {@link #start()}, and a server's first acceptable ClientHello, start
 *       one virtual thread (STYLE #18) that runs Bouncy Castle's blocking {@code DTLSServerProtocol.accept} /
 *       {@code DTLSClientProtocol.connect}. The owner feeds it through a bounded queue
 *       ({@link DtlsSettings#handshakeQueueCapacity()}; overflow is dropped and counted: DTLS retransmits).
 *       Flights it writes are copied and posted to the owner, which hands them to the sink in order.
 *       Completion or failure is posted to the owner too. Retransmission timers and a backstop handshake
 *       timeout run inside that thread (Bouncy Castle's own timers).</li>
 *   <li><b>Timeout</b>: the owner calls {@link #onTimeout(long)} at {@link #handshakeDeadlineNanos()} (one
 *       timer, or a timer wheel entry); a session still handshaking then closes with
 *       {@link DtlsCloseReason#HANDSHAKE_TIMEOUT}. A server that never receives a ClientHello has no thread
 *       and relies on this call.</li>
 *   <li><b>After the handshake</b> no thread is involved: {@link #handleDatagram} decrypts synchronously
 *       and calls {@link DtlsListener#onApplicationData} for each record; {@link #send} encrypts
 *       synchronously and calls the sink. A retransmitted final flight of the peer makes Bouncy Castle
 *       resend ours, also synchronously.</li>
 * </ul>
 *
 * <h2>Record layer after the handshake</h2>
 * With {@link DtlsSettings#ownRecordLayer()} (the default) epoch-1 application_data and alert records are
 * sealed and opened by {@link DtlsRecordProtection} (JDK AEAD ciphers, keys derived once at handshake
 * completion from Bouncy Castle's master secret, {@link AntiReplayWindow}); {@link #send} seals into one
 * reused array, which is why {@link DatagramSink} must copy during the call. Handshake and ChangeCipherSpec
 * records still go to Bouncy Castle's {@code DTLSTransport} (over a non-blocking transport that reports "no
 * more data" once the record is consumed), so that a peer retransmitting its last flight gets ours again.
 * <b>Sequence numbers</b>: ours start one above the highest epoch-1 sequence number Bouncy Castle wrote during
 * the handshake (its Finished and any retransmission of it, seen in the pipe), and every epoch-1 record
 * Bouncy Castle writes afterwards (a resent Finished) is re-sealed with our next number before it leaves.
 * So epoch 1 has a single, strictly increasing write sequence: no (epoch, seq) — no AEAD nonce — is used
 * twice, and the peer's replay window never sees a record older than one it accepted from us. With the
 * setting off, Bouncy Castle's {@code DTLSTransport} protects every record (the benchmark baseline).
 *
 * <h2>Server cookie exchange</h2>
 * A server session answers ClientHellos without a valid cookie with a HelloVerifyRequest (RFC 6347 §4.2.1)
 * on the owner thread, with a per-session cookie secret and no thread and no Bouncy Castle handshake state;
 * only a ClientHello carrying a valid cookie starts the handshake thread. One exception: a ClientHello
 * fragmented over several records (Chromium's X25519MLKEM768 key share makes it larger than one 1200-byte
 * datagram) cannot be verified by Bouncy Castle 1.84, so it starts the handshake without a cookie; the ICE
 * layer has already authenticated the address with STUN MESSAGE-INTEGRITY (RFC 8445 §7.2.2) before DTLS
 * packets reach the session. {@link #cookieBypasses()} counts those.
 *
 * <h2>Peer authentication</h2>
 * The peer MUST present a certificate whose SHA-256 equals the fingerprint of its SDP (RFC 8122 §5, RFC 8842
 * §5.1), compared in constant time; otherwise the handshake aborts with a fatal {@code bad_certificate}
 * alert and {@link DtlsListener#onClosed} reports {@link DtlsCloseReason#FINGERPRINT_MISMATCH}.
 */
public final class DtlsSession {

    private static final Logger LOG = LoggerFactory.getLogger(DtlsSession.class);
    private static final byte[] POISON = new byte[0];

    /** Lifecycle as seen from the owner thread. */
    public enum State { NEW, HANDSHAKING, CONNECTED, CLOSED }

    private final DtlsEngine engine;
    private final DtlsRole role;
    private final byte[] peerId;
    private final Executor owner;
    private final DatagramSink out;
    private final DtlsListener listener;
    private final HandshakeChecks checks;
    private final Pipe pipe;
    private final byte[] plaintext;
    private final RecordCounter recordCounter = new RecordCounter();

    // owner thread only
    private State state = State.NEW;
    private DTLSTransport transport;
    /** Our record layer after the handshake (null: Bouncy Castle's, see {@link DtlsSettings#ownRecordLayer()}). */
    private DtlsRecordProtection protection;
    /** Reused for every record {@link #send} seals: the sink copies it during the call. */
    private byte[] sealed;
    private Thread handshakeThread;
    private long datagramsIn;
    private long invalidDatagrams;
    private long droppedDatagrams;
    private long unauthenticatedRecords;
    private long invalidRecords;
    private long handshakeNanos;
    private long startNanos;

    private long helloVerifyRequests;
    private long cookieBypasses;
    private long deadlineNanos = Long.MAX_VALUE;
    private long deadlineMillis;
    /** Server: per-session HelloVerifyRequest cookie secret; null once a ClientHello was accepted. */
    private DTLSVerifier cookieVerifier;

    // written by the handshake thread
    private volatile long handshakeCpuNanos = -1;
    /** Server role: the ECDHE group the handshake used (a {@code NamedGroup} code); -1 otherwise. */
    private volatile int keyExchangeGroup = -1;
    /** Set on the owner thread by {@link #closeWith} before the handshake thread is stopped. */
    private volatile boolean closedByOwner;

    DtlsSession(DtlsEngine engine, DtlsRole role, byte[] remoteSha256, byte[] peerId, Executor owner,
                DatagramSink out, DtlsListener listener) {
        this.engine = engine;
        this.role = role;
        this.peerId = peerId;
        this.owner = owner;
        this.out = out;
        this.listener = listener;
        this.checks = new HandshakeChecks(remoteSha256);
        this.pipe = new Pipe(engine.settings());
        this.plaintext = new byte[engine.settings().maxDatagramSize()];
    }

    /**
     * Starts the handshake: a client sends its ClientHello (handshake thread); a server waits for one (no
     * thread yet). Owner thread. Call {@link #onTimeout(long)} at {@link #handshakeDeadlineNanos()}.
     */
    public void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("state: " + state + " (expected: NEW)");
        }
        state = State.HANDSHAKING;
        startNanos = System.nanoTime();
        deadlineNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(engine.settings().handshakeTimeoutMillis());
        deadlineMillis = System.currentTimeMillis() + engine.settings().handshakeTimeoutMillis();
        if (role == DtlsRole.CLIENT) {
            startHandshakeThread(null);
        } else {
            cookieVerifier = new DTLSVerifier(engine.crypto());
        }
    }

    /** {@link System#nanoTime()} by which the handshake must have completed; {@link Long#MAX_VALUE} when not handshaking. */
    public long handshakeDeadlineNanos() {
        return state == State.HANDSHAKING ? deadlineNanos : Long.MAX_VALUE;
    }

    /** Closes the session with {@link DtlsCloseReason#HANDSHAKE_TIMEOUT} if it is still handshaking at {@code nowNanos}. Owner thread. */
    public void onTimeout(long nowNanos) {
        if (state == State.HANDSHAKING && nowNanos - deadlineNanos >= 0) {
            DtlsClosed closed = new DtlsClosed(DtlsCloseReason.HANDSHAKE_TIMEOUT,
                    "no handshake within " + engine.settings().handshakeTimeoutMillis() + " ms");
            LOG.info("DTLS {} handshake failed: {}", role, closed);
            closeWith(closed);
        }
    }

    private void startHandshakeThread(DTLSRequest request) {
        handshakeThread = engine.handshakeThreads().newThread(() -> runHandshake(request));
        handshakeThread.start();
    }

    /**
     * Server before the handshake thread exists: HelloVerifyRequest for cookie-less ClientHellos, start the
     * thread on a verified (or fragmented, see class comment) one, drop anything else.
     */
    private void awaitClientHello(byte[] buf, int off, int len) {
        if (DtlsRecords.isFragmentedClientHello(buf, off, len)) {
            cookieBypasses++;
            cookieVerifier = null;
            pipe.pushBack(Arrays.copyOfRange(buf, off, off + len));
            startHandshakeThread(null);
            return;
        }
        DTLSRequest request = cookieVerifier.verifyRequest(peerId, buf, off, len, helloVerifySender);
        if (request != null) {
            cookieVerifier = null;
            startHandshakeThread(request);
        }
    }

    /**
     * Hands one received datagram (RFC 7983 first byte 20..63) to the session. Owner thread; never blocks,
     * never throws because of the datagram's content: malformed or unauthenticated input is counted and dropped.
     * The bytes are not retained after the call. Not re-entrant: do not call it from a listener callback.
     */
    public void handleDatagram(byte[] buf, int off, int len) {
        datagramsIn++;
        int records = len > engine.settings().maxDatagramSize() ? -1 : DtlsRecords.count(buf, off, len);
        if (records < 0) {
            invalidDatagrams++;
            return;
        }
        switch (state) {
            case NEW -> droppedDatagrams++;
            case HANDSHAKING -> {
                if (cookieVerifier != null) {
                    awaitClientHello(buf, off, len);
                } else if (!pipe.inbox.offer(Arrays.copyOfRange(buf, off, off + len))) {
                    droppedDatagrams++;
                }
            }
            case CONNECTED -> receiveConnected(buf, off, len, records);
            case CLOSED -> droppedDatagrams++;
        }
    }

    /**
     * Encrypts one application_data record (one SCTP packet) and passes it to the sink. Owner thread.
     *
     * @return false when the session is not connected (nothing sent)
     * @throws IllegalArgumentException when {@code len > sendLimit()}
     */
    public boolean send(byte[] buf, int off, int len) {
        if (state != State.CONNECTED) {
            return false;
        }
        int limit = sendLimit();
        if (len > limit) {
            throw new IllegalArgumentException("record length: " + len + " (expected: <= " + limit + ")");
        }
        if (protection != null) {
            int n;
            try {
                n = protection.seal(DtlsRecords.CONTENT_APPLICATION_DATA, buf, off, len, sealed, 0);
            } catch (IllegalStateException e) {
                closeWith(new DtlsClosed(DtlsCloseReason.PROTOCOL_ERROR, "send failed: " + e.getMessage()));
                return false;
            }
            out.send(sealed, 0, n);
            return true;
        }
        try {
            transport.send(buf, off, len);
            return true;
        } catch (IOException e) {
            closeWith(new DtlsClosed(DtlsCloseReason.PROTOCOL_ERROR, "send failed: " + e));
            return false;
        }
    }

    /**
     * Largest plaintext {@link #send} accepts: the MTU minus record header and AEAD expansion (1200 → 1163 with
     * AES-GCM, 1171 with ChaCha20-Poly1305, which has no explicit nonce).
     */
    public int sendLimit() {
        if (protection != null) {
            return engine.settings().mtu() - protection.overhead();
        }
        try {
            return transport != null ? transport.getSendLimit() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Sends close_notify when connected, stops a running handshake, then reports {@link DtlsCloseReason#LOCAL_CLOSE}. Owner thread. */
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.CONNECTED && protection != null) {
            try {
                int n = protection.seal(DtlsRecords.CONTENT_ALERT, CLOSE_NOTIFY, 0, 2, sealed, 0);
                out.send(sealed, 0, n);
            } catch (IllegalStateException ignored) {
                // sequence numbers exhausted: close without close_notify
            }
        } else if (state == State.CONNECTED) {
            try {
                transport.close(); // writes close_notify through the pipe, synchronously
            } catch (IOException ignored) {
                // the sink failed; we are closing anyway
            }
        }
        closeWith(new DtlsClosed(DtlsCloseReason.LOCAL_CLOSE, "closed locally"));
    }

    public State state() {
        return state;
    }

    public DtlsRole role() {
        return role;
    }

    /** Datagrams given to {@link #handleDatagram}. */
    public long datagramsIn() {
        return datagramsIn;
    }

    /** Datagrams dropped because they were not well-formed DTLS records or were too large. */
    public long invalidDatagrams() {
        return invalidDatagrams;
    }

    /** Datagrams dropped because the handshake queue was full or the session closed. */
    public long droppedDatagrams() {
        return droppedDatagrams;
    }

    /** Records (after the handshake) that failed authentication, were replayed or belonged to an old epoch. */
    public long unauthenticatedRecords() {
        return unauthenticatedRecords;
    }

    /**
     * Records (after the handshake, own record layer) dropped unread: a length out of range, a version other
     * than DTLS 1.2, a content type not expected in epoch 1 (heartbeat, tls12_cid), or an alert that is not
     * two bytes.
     */
    public long invalidRecords() {
        return invalidRecords;
    }

    /** The negotiated cipher suite (IANA code) when our record layer protects the connection, else -1. */
    public int recordLayerCipherSuite() {
        return protection != null ? protection.cipherSuite() : -1;
    }

    /** HelloVerifyRequests sent by this (server) session. */
    public long helloVerifyRequests() {
        return helloVerifyRequests;
    }

    /** Fragmented ClientHellos accepted without a cookie (see class comment). */
    public long cookieBypasses() {
        return cookieBypasses;
    }

    /** Wall time from {@link #start()} to handshake completion, or 0 before. */
    public long handshakeNanos() {
        return handshakeNanos;
    }

    /** CPU time of the handshake thread when the JVM measures it (platform threads), else -1. */
    long handshakeCpuNanos() {
        return handshakeCpuNanos;
    }

    /** Server role, after the handshake: the ECDHE group chosen (tests); -1 before or as a client. */
    int keyExchangeGroup() {
        return keyExchangeGroup;
    }

    // ---------------------------------------------------------------- handshake thread

    private void runHandshake(DTLSRequest request) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = Thread.currentThread().isVirtual() ? -1 : mx.getCurrentThreadCpuTime();
        try {
            DTLSTransport result;
            DtlsRecordProtection.KeyBlock keys;
            int[] suites = engine.cipherSuites != null ? engine.cipherSuites : HandshakeChecks.CIPHER_SUITES;
            int[] groups = engine.groups != null ? engine.groups : HandshakeChecks.GROUPS;
            if (role == DtlsRole.CLIENT) {
                WebRtcTlsClient client = new WebRtcTlsClient(engine.crypto(), engine.certificate(), checks,
                        engine.settings(), deadlineMillis, engine.offerUseSrtp);
                client.cipherSuites = suites;
                client.groups = groups;
                result = new DTLSClientProtocol().connect(client, pipe);
                keys = client.keyBlock;
            } else {
                WebRtcTlsServer server = new WebRtcTlsServer(engine.crypto(), engine.certificate(), checks,
                        engine.settings(), deadlineMillis);
                server.cipherSuites = suites;
                server.groups = groups;
                DTLSServerProtocol protocol = new DTLSServerProtocol();
                protocol.setVerifyRequests(false);
                result = request != null ? protocol.accept(server, pipe, request) : protocol.accept(server, pipe);
                keys = server.keyBlock;
                keyExchangeGroup = server.selectedGroup;
            }
            if (cpuStart >= 0) {
                handshakeCpuNanos = mx.getCurrentThreadCpuTime() - cpuStart;
            }
            // every epoch-1 record Bouncy Castle wrote went through the pipe before this line
            long firstFreeSeq = pipe.nextEpoch1Seq;
            post(() -> onHandshakeSucceeded(result, keys, firstFreeSeq));
        } catch (Throwable t) {
            DtlsClosed closed = classify(t);
            post(() -> onHandshakeFailed(closed, t));
        }
    }

    private DtlsClosed classify(Throwable t) {
        DtlsClosed recorded = checks.failure();
        if (recorded != null) {
            return recorded;
        }
        if (closedByOwner) {
            return new DtlsClosed(DtlsCloseReason.LOCAL_CLOSE, "closed during the handshake");
        }
        if (t instanceof TlsTimeoutException) {
            return new DtlsClosed(DtlsCloseReason.HANDSHAKE_TIMEOUT,
                    "no handshake within " + engine.settings().handshakeTimeoutMillis() + " ms");
        }
        if (t instanceof TlsFatalAlertReceived alert) {
            return new DtlsClosed(DtlsCloseReason.ALERT_RECEIVED, "peer sent fatal alert " + alert.getMessage());
        }
        return new DtlsClosed(DtlsCloseReason.PROTOCOL_ERROR, String.valueOf(t));
    }

    private void post(Runnable task) {
        try {
            owner.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("owner executor rejected a DTLS task (shutting down?)", e);
        }
    }

    /** Writes (and counts) the HelloVerifyRequests {@code DTLSVerifier} produces; owner thread. */
    private final org.bouncycastle.tls.DatagramSender helloVerifySender = new org.bouncycastle.tls.DatagramSender() {
        @Override
        public int getSendLimit() {
            return pipe.getSendLimit();
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            helloVerifyRequests++;
            out.send(buf, off, len);
        }
    };

    // ---------------------------------------------------------------- owner thread

    private void onHandshakeSucceeded(DTLSTransport result, DtlsRecordProtection.KeyBlock keys, long firstFreeSeq) {
        if (state != State.HANDSHAKING) {
            return; // closed meanwhile
        }
        transport = result;
        if (keys != null) {
            protection = new DtlsRecordProtection(keys, role, firstFreeSeq);
            keys.destroy(); // SecretKeySpec and the IV fields hold copies
            sealed = new byte[engine.settings().mtu()];
        }
        pipe.connected = true;
        state = State.CONNECTED;
        handshakeNanos = System.nanoTime() - startNanos;
        listener.onHandshakeComplete(this);
        // datagrams that arrived after the handshake thread's last read (e.g. the first SCTP INIT)
        byte[] queued;
        while (state == State.CONNECTED && (queued = pipe.inbox.poll()) != null) {
            if (queued != POISON) {
                receiveConnected(queued, 0, queued.length, DtlsRecords.count(queued, 0, queued.length));
            }
        }
    }

    private void onHandshakeFailed(DtlsClosed closed, Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        if (closed.reason() == DtlsCloseReason.FINGERPRINT_MISMATCH || closed.reason() == DtlsCloseReason.NO_PEER_CERTIFICATE) {
            LOG.warn("DTLS {} handshake refused: {}", role, closed);
        } else {
            LOG.info("DTLS {} handshake failed: {}", role, closed, LOG.isDebugEnabled() ? cause : null);
        }
        closeWith(closed);
    }

    private void receiveConnected(byte[] buf, int off, int len, int records) {
        if (protection != null) {
            receiveOwn(buf, off, len);
        } else {
            receiveThroughBouncyCastle(buf, off, len, records);
        }
    }

    /**
     * {@code records} records through Bouncy Castle's transport: its record layer (the fallback), or with ours one
     * handshake/ChangeCipherSpec record of a retransmitted flight (Bouncy Castle may resend its last flight).
     */
    private void receiveThroughBouncyCastle(byte[] buf, int off, int len, int records) {
        pipe.offerCurrent(buf, off, len);
        recordCounter.accepted = 0;
        try {
            // each receive() consumes at least one record, so `records` calls drain the datagram; stopping
            // there saves the extra call (and Bouncy Castle's per-call buffer) that would only report Drained
            for (int i = 0; i < records; i++) {
                int n = transport.receive(plaintext, 0, plaintext.length, 1, recordCounter);
                if (n > 0) {
                    listener.onApplicationData(this, plaintext, 0, n);
                }
                // n < 0: a non-data record (alert, retransmitted handshake) or BC's 1 ms wait ran out after
                // consuming a record; either way go on with the datagram's next record
                if (state != State.CONNECTED) {
                    return;
                }
            }
        } catch (Drained drained) {
            // every record of the datagram has been processed
        } catch (TlsFatalAlertReceived e) {
            closeWith(new DtlsClosed(DtlsCloseReason.ALERT_RECEIVED, "peer sent fatal alert " + e.getMessage()));
            return;
        } catch (IOException e) {
            closeWith(new DtlsClosed(DtlsCloseReason.PROTOCOL_ERROR, "record processing failed: " + e));
            return;
        } finally {
            pipe.clearCurrent();
        }
        unauthenticatedRecords += Math.max(0, records - recordCounter.accepted);
        if (pipe.closed && state == State.CONNECTED) {
            closeWith(new DtlsClosed(DtlsCloseReason.PEER_CLOSE_NOTIFY, "peer sent close_notify"));
        }
    }

    /**
     * Own record layer: epoch-1 application_data and alerts are opened here. A server hands the handshake
     * records of a client retransmitting its last flight (because ours was lost) to Bouncy Castle one by one,
     * so that it resends its flight once it has seen the whole flight again: well-formed epoch-0 fragments
     * (Certificate, ClientKeyExchange, CertificateVerify) and epoch-1 records long enough to hold an AEAD
     * nonce, tag and handshake header (the Finished; a forged one fails its tag and Bouncy Castle drops it).
     * Every other handshake or ChangeCipherSpec record is dropped and counted: the client's handshake ends
     * with the server's flight and never needs one, Bouncy Castle does not need the ChangeCipherSpec, and it
     * turns some forged records (an epoch-1 record shorter than nonce + tag, a fragment longer than its
     * message) into a fatal alert that would end the session. Anything else is dropped and counted too.
     * {@link DtlsRecords#count} has checked that the records tile the datagram.
     */
    private void receiveOwn(byte[] buf, int off, int len) {
        int end = off + len;
        int at = off;
        while (at < end && state == State.CONNECTED) {
            int type = buf[at] & 0xFF;
            int epoch = DtlsRecords.epoch(buf, at);
            int recordLength = DtlsRecords.recordLength(buf, at);
            if (type == DtlsRecords.CONTENT_HANDSHAKE || type == DtlsRecords.CONTENT_CHANGE_CIPHER_SPEC) {
                if (role == DtlsRole.SERVER && (DtlsRecords.isWellFormedEpoch0Handshake(buf, at, recordLength)
                        || type == DtlsRecords.CONTENT_HANDSHAKE && epoch == DtlsRecordProtection.EPOCH
                        && recordLength >= protection.overhead() + 12)) {
                    receiveThroughBouncyCastle(buf, at, recordLength, 1);
                } else {
                    unauthenticatedRecords++;
                }
            } else if (epoch != DtlsRecordProtection.EPOCH) {
                unauthenticatedRecords++;
            } else if (type == DtlsRecords.CONTENT_APPLICATION_DATA || type == DtlsRecords.CONTENT_ALERT) {
                int n = protection.open(buf, at, recordLength, plaintext, 0);
                if (n == DtlsRecordProtection.MALFORMED) {
                    invalidRecords++;
                } else if (n < 0) {
                    unauthenticatedRecords++;
                } else if (type == DtlsRecords.CONTENT_APPLICATION_DATA) {
                    listener.onApplicationData(this, plaintext, 0, n);
                } else {
                    onAlert(n);
                }
            } else {
                invalidRecords++;
            }
            at += recordLength;
        }
    }

    /** RFC 5246 §7.2: close_notify ends the session in order, a fatal alert ends it; warnings are ignored. */
    private void onAlert(int length) {
        if (length != 2) {
            invalidRecords++;
            return;
        }
        int level = plaintext[0] & 0xFF;
        int description = plaintext[1] & 0xFF;
        if (description == org.bouncycastle.tls.AlertDescription.close_notify) {
            closeWith(new DtlsClosed(DtlsCloseReason.PEER_CLOSE_NOTIFY, "peer sent close_notify"));
        } else if (level == org.bouncycastle.tls.AlertLevel.fatal) {
            closeWith(new DtlsClosed(DtlsCloseReason.ALERT_RECEIVED, "peer sent fatal alert "
                    + org.bouncycastle.tls.AlertDescription.getText((short) description)));
        }
    }

    private static final byte[] CLOSE_NOTIFY = {org.bouncycastle.tls.AlertLevel.warning,
        org.bouncycastle.tls.AlertDescription.close_notify};

    private void closeWith(DtlsClosed closed) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        closedByOwner = true;
        pipe.close();
        if (handshakeThread != null && handshakeThread.isAlive()) {
            handshakeThread.interrupt();
        }
        listener.onClosed(this, closed);
    }

    /** Counts records that passed authentication and the replay check (BC's {@code DTLSRecordCallback}). */
    private static final class RecordCounter implements org.bouncycastle.tls.DTLSRecordCallback {
        int accepted;

        @Override
        public void recordAccepted(int flags) {
            accepted++;
        }
    }

    /**
     * Server handshake: drops the client's ChangeCipherSpec record when the record just before it (its
     * CertificateVerify, RFC 5246 §7.3 flight order with the client certificate we require) was not received.
     * Bouncy Castle switches its read epoch on any ChangeCipherSpec once it has the ClientKeyExchange; a
     * CertificateVerify lost on the way then arrives in epoch 0, is discarded, and the handshake stalls until
     * its timeout. Dropped, the ChangeCipherSpec comes again with the client's retransmitted flight, right
     * after a CertificateVerify. Handshake thread only.
     */
    static final class EarlyChangeCipherSpec {
        private final long[] handshakeSeqs = new long[64];
        private int count;

        byte[] filter(byte[] d) {
            java.io.ByteArrayOutputStream kept = null;
            int at = 0;
            while (at + DtlsRecords.HEADER_LENGTH <= d.length) {
                int end = Math.min(d.length, at + DtlsRecords.recordLength(d, at));
                int type = d[at] & 0xFF;
                boolean epoch0 = DtlsRecords.epoch(d, at) == 0;
                long seq = 0;
                for (int i = at + 5; i < at + 11; i++) {
                    seq = seq << 8 | (d[i] & 0xFF);
                }
                boolean drop = false;
                if (epoch0 && type == DtlsRecords.CONTENT_HANDSHAKE) {
                    handshakeSeqs[count++ & 63] = seq;
                } else if (epoch0 && type == DtlsRecords.CONTENT_CHANGE_CIPHER_SPEC && !seen(seq - 1)) {
                    drop = true;
                }
                if (drop && kept == null) {
                    kept = new java.io.ByteArrayOutputStream(d.length);
                    kept.write(d, 0, at);
                } else if (!drop && kept != null) {
                    kept.write(d, at, end - at);
                }
                at = end;
            }
            if (kept != null && at < d.length) {
                kept.write(d, at, d.length - at);
            }
            return kept == null ? d : kept.toByteArray();
        }

        private boolean seen(long seq) {
            for (int i = 0; i < Math.min(count, 64); i++) {
                if (handshakeSeqs[i] == seq) {
                    return true;
                }
            }
            return false;
        }
    }

    /** "No more data in this datagram": ends {@code DTLSTransport.receive} without failing the connection. */
    private static final class Drained extends InterruptedIOException {
        static final Drained INSTANCE = new Drained();

        private Drained() {
            super("drained");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /**
     * The {@link DatagramTransport} Bouncy Castle reads and writes. During the handshake it blocks the
     * handshake thread on the bounded inbox and posts writes to the owner; afterwards it serves the one
     * datagram being processed and writes straight to the sink (owner thread).
     */
    private final class Pipe implements DatagramTransport {
        final ArrayBlockingQueue<byte[]> inbox;
        private final int mtu;
        private final int receiveLimit;
        volatile boolean connected;
        volatile boolean closed;
        private byte[] pushedBack;
        private final EarlyChangeCipherSpec earlyChangeCipherSpec = new EarlyChangeCipherSpec();
        private byte[] current;
        private int currentOff;
        private int currentLen = -1;
        /**
         * Handshake thread: one above the highest epoch-1 sequence number Bouncy Castle wrote (its Finished and
         * retransmissions of it). Our record layer starts there, and re-seals any epoch-1 record Bouncy Castle
         * writes later, so an (epoch, seq) — an AEAD nonce — is never used twice.
         */
        volatile long nextEpoch1Seq;

        Pipe(DtlsSettings settings) {
            this.inbox = new ArrayBlockingQueue<>(settings.handshakeQueueCapacity());
            this.mtu = settings.mtu();
            this.receiveLimit = settings.maxDatagramSize();
        }

        @Override
        public int getReceiveLimit() {
            return receiveLimit;
        }

        @Override
        public int getSendLimit() {
            return mtu;
        }

        void pushBack(byte[] datagram) {
            pushedBack = datagram;
        }

        /** Handshake thread: next datagram within {@code waitMillis}, or null. */
        byte[] take(long waitMillis) throws IOException {
            if (closed) {
                throw new IOException("session closed");
            }
            byte[] d;
            try {
                d = inbox.poll(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                throw new InterruptedIOException("session closed");
            }
            if (d == POISON || closed) {
                throw new IOException("session closed");
            }
            return d;
        }

        void offerCurrent(byte[] buf, int off, int len) {
            current = buf;
            currentOff = off;
            currentLen = len;
        }

        void clearCurrent() {
            current = null;
            currentLen = -1;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            if (connected) {
                if (currentLen < 0) {
                    throw Drained.INSTANCE;
                }
                int n = Math.min(len, currentLen);
                System.arraycopy(current, currentOff, buf, off, n);
                clearCurrent();
                return n;
            }
            byte[] d = pushedBack;
            if (d != null) {
                pushedBack = null;
            } else {
                d = take(waitMillis > 0 ? waitMillis : engine.settings().handshakeTimeoutMillis());
                if (d == null) {
                    return -1;
                }
                if (role == DtlsRole.SERVER) {
                    d = earlyChangeCipherSpec.filter(d);
                    if (d.length == 0) {
                        return -1;
                    }
                }
            }
            int n = Math.min(len, d.length);
            System.arraycopy(d, 0, buf, off, n);
            return n;
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            if (closed) {
                return;
            }
            if (connected && protection != null) {
                sendResealed(buf, off, len);
            } else if (connected) {
                out.send(buf, off, len);
            } else {
                noteEpoch1Seqs(buf, off, len);
                byte[] copy = Arrays.copyOfRange(buf, off, off + len);
                post(() -> {
                    if (state != State.CLOSED) {
                        out.send(copy, 0, copy.length);
                    }
                });
            }
        }

        private void noteEpoch1Seqs(byte[] buf, int off, int len) {
            int end = off + len;
            for (int at = off; at + DtlsRecords.HEADER_LENGTH <= end;
                    at += DtlsRecords.recordLength(buf, at)) {
                if (DtlsRecords.epoch(buf, at) != 0) {
                    long seq = DtlsRecordProtection.getLong(buf, at + 3) & DtlsRecordProtection.MAX_SEQUENCE_NUMBER;
                    nextEpoch1Seq = Math.max(nextEpoch1Seq, seq + 1);
                }
            }
        }

        /**
         * Owner thread, own record layer: a datagram Bouncy Castle writes after the handshake (its last flight
         * again, an alert). Epoch-0 records pass unchanged; epoch-1 records are re-sealed with our next
         * sequence number. Rare: allocates.
         */
        private void sendResealed(byte[] buf, int off, int len) {
            int end = off + len;
            byte[] rewritten = new byte[len + 64 * DtlsRecords.HEADER_LENGTH];
            int n = 0;
            int at = off;
            while (at + DtlsRecords.HEADER_LENGTH <= end) {
                int recordLength = Math.min(end - at, DtlsRecords.recordLength(buf, at));
                if (DtlsRecords.epoch(buf, at) == 0) {
                    System.arraycopy(buf, at, rewritten, n, recordLength);
                    n += recordLength;
                } else {
                    try {
                        int m = protection.reseal(buf, at, recordLength, rewritten, n);
                        if (m > 0) {
                            n += m;
                        }
                    } catch (IllegalStateException e) {
                        LOG.debug("DTLS {} record not re-sealed", role, e);
                    }
                }
                at += recordLength;
            }
            if (n > 0) {
                out.send(rewritten, 0, n);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                if (!inbox.offer(POISON)) {
                    inbox.clear();
                    inbox.offer(POISON);
                }
            }
        }
    }
}
