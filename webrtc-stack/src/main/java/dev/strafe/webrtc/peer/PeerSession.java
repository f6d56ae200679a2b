package dev.strafe.webrtc.peer;

import dev.strafe.webrtc.datachannel.DataChannelManager;
import dev.strafe.webrtc.dtls.DtlsClosed;
import dev.strafe.webrtc.dtls.DtlsListener;
import dev.strafe.webrtc.dtls.DtlsRole;
import dev.strafe.webrtc.dtls.DtlsSession;
import dev.strafe.webrtc.ice.IceAgentListener;
import dev.strafe.webrtc.ice.IceConnectionState;
import dev.strafe.webrtc.ice.IceControllingAgent;
import dev.strafe.webrtc.ice.IceDatagram;
import dev.strafe.webrtc.ice.IceLiteAgent;
import dev.strafe.webrtc.sctp.SctpAssociation;
import dev.strafe.webrtc.sctp.SctpConfig;
import dev.strafe.webrtc.sctp.SctpListener;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One remote peer assembled from the sans-IO layers, driven by its owner {@link SocketLoop}:
 *
 * <pre>
 *   UDP datagram ──PacketDemux──┬─ STUN ─→ ICE agent (lite server: answer checks; client: match responses)
 *                               └─ DTLS ─→ DtlsSession ──application_data──→ SctpAssociation ──→ DataChannelManager
 *   SctpAssociation.poll() ──→ DtlsSession.send() ──DatagramSink──→ SocketLoop.send(selected address)
 *   deadlines: min(ice, sctp) ──→ the loop's DeadlineTimers ──→ onTimer(now) ──→ layers' onTimeout(now)
 * </pre>
 *
 * <p>Every method runs on the owner loop's context (a pending server peer has none until its first valid
 * check claims it). The DTLS handshake runs on a virtual thread inside {@link DtlsSession} and posts its
 * results back here through the owner executor.
 */
final class PeerSession implements RoutedPeer, IceAgentListener, DtlsListener, SctpListener {

    private static final Logger LOG = LoggerFactory.getLogger(PeerSession.class);
    /** DTLS 1.2 AES-GCM record overhead: 13-byte header + 8-byte explicit nonce + 16-byte tag (+3 spare). */
    static final int DTLS_OVERHEAD = 40;
    /** Verification tags and initial TSNs (RFC 9260 §5.1.3: unpredictable); SecureRandom is thread-safe. */
    private static final java.security.SecureRandom SCTP_RANDOM = new java.security.SecureRandom();

    private final UdpEndpoint endpoint;
    private final PeerConnection facade;
    private final String localUfrag;
    private final DtlsRole dtlsRole;
    private final byte[] remoteFingerprint;
    private final SctpConfig sctpConfig;
    final DataChannelManager channels;
    private final long createdNanos;

    // ICE: exactly one of the two
    private final IceLiteAgent liteAgent;
    private IceControllingAgent clientAgent;

    private volatile SocketLoop owner;
    private boolean registeredWithIce;
    private final List<InetSocketAddress> boundAddresses = new ArrayList<>(4);
    private InetSocketAddress sendAddress;
    private DtlsSession dtls;
    private SctpAssociation sctp;
    private byte[] sctpOut;
    private boolean dtlsConnected;
    /** The association's retransmission count already added to the endpoint's counter. */
    private long reportedRetransmissions;
    private boolean closed;
    /** Set once the goodbye (SCTP ABORT, DTLS close_notify) is out: nothing leaves after it. */
    private boolean silenced;
    private long scheduled = Long.MAX_VALUE;
    private long timerId = TimerWheel.NO_TIMER;
    private PeerConnection.State state = PeerConnection.State.NEW;
    private Consumer<PeerConnection.State> stateHandler;
    private String failure;

    /** Server role: answered, pending until the first valid check. */
    PeerSession(UdpEndpoint endpoint, PeerConnection facade, IceLiteAgentFactory ice, String localUfrag,
                DtlsRole dtlsRole, byte[] remoteFingerprint, SctpConfig sctpConfig, long nowNanos) {
        this.endpoint = endpoint;
        this.facade = facade;
        this.localUfrag = localUfrag;
        this.dtlsRole = dtlsRole;
        this.remoteFingerprint = remoteFingerprint;
        this.sctpConfig = sctpConfig;
        this.createdNanos = nowNanos;
        this.channels = new DataChannelManager(
            dtlsRole == DtlsRole.SERVER ? DataChannelManager.DtlsRole.SERVER : DataChannelManager.DtlsRole.CLIENT,
            System::nanoTime);
        this.liteAgent = ice == null ? null : ice.create(this, nowNanos);
    }

    /** Builds the lite agent with this session as its listener. */
    interface IceLiteAgentFactory {
        IceLiteAgent create(IceAgentListener listener, long nowNanos);
    }

    /** Client role: the controlling agent is set once the answer is known ({@link #startClient}). */
    void startClient(SocketLoop loop, IceControllingAgent agent, List<InetSocketAddress> remoteCandidates, long now) {
        this.owner = loop;
        this.clientAgent = agent;
        for (InetSocketAddress a : remoteCandidates) {
            bind(a);
        }
        setState(PeerConnection.State.CONNECTING);
        if (dtlsRole == DtlsRole.SERVER) {
            // the remote is the DTLS client and may send its ClientHello as soon as it nominated us
            sendAddress = remoteCandidates.getFirst();
            startDtls(sendAddress);
        }
        agent.start(now);
        flush(now);
    }

    // ------------------------------------------------------------------------------------------ routing

    @Override
    public long timerId() {
        return timerId;
    }

    @Override
    public void timerId(long id) {
        this.timerId = id;
    }

    @Override
    public String localUfrag() {
        return localUfrag;
    }

    @Override
    public SocketLoop owner() {
        return owner;
    }

    @Override
    public SocketLoop claim(SocketLoop loop) {
        // once per peer: the first datagram's loop (or the pending sweep, or close) wins the CAS
        if (OWNER.compareAndSet(this, null, loop)) {
            endpoint.claimed(this);
            return loop;
        }
        return owner;
    }

    @Override
    public boolean expireIfPending(SocketLoop loop, long now) {
        if (owner == null && now - createdNanos >= endpoint.settings().handshakeTimeout().toNanos()
            && claim(loop) == loop) {
            fail("handshake timeout: no valid ICE check within " + endpoint.settings().handshakeTimeout().toMillis() + " ms");
            return true;
        }
        return false;
    }

    private static final java.lang.invoke.VarHandle OWNER;

    static {
        try {
            OWNER = java.lang.invoke.MethodHandles.lookup().findVarHandle(PeerSession.class, "owner", SocketLoop.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    PeerConnection.State state() {
        return state;
    }

    String failure() {
        return failure;
    }

    void onStateChange(Consumer<PeerConnection.State> handler) {
        this.stateHandler = handler;
    }

    long createdNanos() {
        return createdNanos;
    }

    @Override
    public void onDatagram(PacketDemux.Route route, byte[] data, int off, int len, InetSocketAddress from, long now) {
        if (closed) {
            return;
        }
        dispatching = true;
        try {
            switch (route) {
                case STUN -> onStun(data, off, len, from, now);
                case DTLS -> onDtls(data, off, len, from);
                case DROP -> endpoint.counters.invalid.increment();
            }
        } finally {
            dispatching = false;
        }
        SocketLoop loop = owner;
        if (loop != null && loop.inReadBatch()) {
            if (!flushDeferred) {
                flushDeferred = true;
                loop.deferFlush(this);
            }
        } else {
            flush(now);
        }
    }

    private boolean flushDeferred;

    @Override
    public void flushDeferred(long now) {
        flushDeferred = false;
        flush(now);
    }

    private void onStun(byte[] data, int off, int len, InetSocketAddress from, long now) {
        if (liteAgent != null) {
            SocketLoop loop = owner;
            if (!registeredWithIce) {
                loop.iceServer().registry().register(liteAgent);
                registeredWithIce = true;
                if (state == PeerConnection.State.NEW) {
                    setState(PeerConnection.State.CONNECTING);
                }
            }
            byte[] out = loop.scratch();
            int n = loop.iceServer().handle(data, off, len, from, now, out, 0);
            if (loop.iceServer().lastAgent() != liteAgent) {
                if (n == 0) {
                    endpoint.counters.invalid.increment();
                }
                return; // not authenticated for this peer: no state, no reply unless the agent wrote one
            }
            if (n > 0) {
                loop.send(out, 0, n, from);
            }
            if (liteAgent.isValidated(from)) {
                bind(from);
                if (sendAddress == null) {
                    sendAddress = from;
                }
                if (dtls == null && dtlsRole == DtlsRole.SERVER) {
                    startDtls(from);
                }
            }
        } else if (clientAgent != null) {
            if (!clientAgent.handle(data, off, len, from, now)) {
                endpoint.counters.invalid.increment();
            }
        }
    }

    private void onDtls(byte[] data, int off, int len, InetSocketAddress from) {
        if (dtls == null) {
            endpoint.counters.invalid.increment();
            return;
        }
        dtls.handleDatagram(data, off, len);
    }

    private void bind(InetSocketAddress address) {
        if (!boundAddresses.contains(address)) {
            if (boundAddresses.size() >= 8) {
                endpoint.unbindAddress(boundAddresses.removeFirst(), this);
            }
            boundAddresses.add(address);
            endpoint.bindAddress(address, this);
        }
    }

    // ------------------------------------------------------------------------------------------ ICE events

    @Override
    public void onStateChanged(IceConnectionState previous, IceConnectionState current) {
        switch (current) {
            case CHECKING -> {
                if (state == PeerConnection.State.NEW) {
                    setState(PeerConnection.State.CONNECTING);
                }
            }
            case CONNECTED -> {
                if (state == PeerConnection.State.DISCONNECTED) {
                    setState(dtlsConnected ? PeerConnection.State.CONNECTED : PeerConnection.State.CONNECTING);
                }
            }
            case DISCONNECTED -> {
                // like the browser's RTCPeerConnectionState: ICE disconnected wins over DTLS still connecting
                if (state == PeerConnection.State.CONNECTED || state == PeerConnection.State.CONNECTING) {
                    setState(PeerConnection.State.DISCONNECTED);
                }
            }
            case FAILED -> fail("ICE failed (" + (previous == IceConnectionState.CHECKING || previous == IceConnectionState.NEW
                ? "no nominated pair" : "consent expired") + ")");
            default -> { }
        }
    }

    @Override
    public void onSelectedPathChanged(InetSocketAddress previous, InetSocketAddress current) {
        bind(current);
        sendAddress = current;
        if (previous != null) {
            LOG.debug("peer {}: path switch {} -> {}", localUfrag, previous, current);
        }
        if (dtls == null && dtlsRole == DtlsRole.CLIENT) {
            startDtls(current);
        }
    }

    // ------------------------------------------------------------------------------------------ DTLS

    private void startDtls(InetSocketAddress from) {
        SocketLoop loop = owner;
        byte[] peerId = (from.getAddress().getHostAddress() + ":" + from.getPort()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        dtls = endpoint.dtlsEngine().newSession(dtlsRole, remoteFingerprint, peerId,
            task -> loop.context().runOnContext(v -> {
                dispatching = true;
                try {
                    task.run();
                } finally {
                    dispatching = false;
                }
                flush(System.nanoTime());
            }),
            (datagram, offset, length) -> {
                InetSocketAddress to = sendAddress;
                if (to != null && !silenced) {
                    loop.send(datagram, offset, length, to);
                }
            },
            this);
        dtls.start();
    }

    @Override
    public void onHandshakeComplete(DtlsSession session) {
        if (closed) {
            return;
        }
        dtlsConnected = true;
        endpoint.counters.handshakesOk.increment();
        sctpOut = new byte[sctpConfig.mtu()];
        sctp = new SctpAssociation(sctpConfig, SCTP_RANDOM, this);
        channels.attach(new FlushingTransport());
        long now = System.nanoTime();
        // the DTLS client sends INIT (every browser and libdatachannel does); the DTLS server waits for it
        // unless StackSettings says both ends open (then the association handles the collision, RFC 9260 §5.2)
        if (dtlsRole == DtlsRole.CLIENT || endpoint.settings().sctpServerSendsInit()) {
            sctp.connect(now);
        }
        if (state != PeerConnection.State.DISCONNECTED) {
            setState(PeerConnection.State.CONNECTED);
        }
        flush(now);
    }

    @Override
    public void onApplicationData(DtlsSession session, byte[] data, int offset, int length) {
        if (sctp != null) {
            sctp.handle(data, offset, length, System.nanoTime());
        }
    }

    @Override
    public void onClosed(DtlsSession session, DtlsClosed closedBy) {
        if (closed) {
            return;
        }
        if (closedBy.orderly()) {
            LOG.debug("peer {}: DTLS closed: {}", localUfrag, closedBy);
            shutdown(PeerConnection.State.CLOSED, null);
        } else {
            fail("DTLS " + closedBy);
        }
    }

    // ------------------------------------------------------------------------------------------ SCTP events

    @Override
    public void onAssociationEstablished() {
        channels.onAssociationEstablished();
    }

    @Override
    public void onMessage(int streamId, int ppid, byte[] message, boolean unordered) {
        channels.onMessage(streamId, ppid, message, unordered);
    }

    @Override
    public void onIncomingStreamsReset(int[] streamIds) {
        endpoint.counters.streamResets.add(streamIds.length);
        channels.onIncomingStreamsReset(streamIds);
    }

    @Override
    public void onOutgoingStreamsReset(int[] streamIds) {
        channels.onOutgoingStreamsReset(streamIds);
    }

    @Override
    public void onBufferedAmountLow(int streamId) {
        channels.onBufferedAmountLow(streamId);
    }

    @Override
    public void onAssociationLost(String reason) {
        channels.onAssociationLost(reason);
        LOG.debug("peer {}: SCTP association lost: {}", localUfrag, reason);
        shutdown(PeerConnection.State.CLOSED, null);
    }

    @Override
    public void onAssociationClosed() {
        channels.onAssociationClosed();
        shutdown(PeerConnection.State.CLOSED, null);
    }

    // ------------------------------------------------------------------------------------------ output + timers

    private boolean dispatching;
    private boolean flushPosted;

    /**
     * The association as the data channels see it: a send made outside of this peer's own dispatch (an
     * application timer, another verticle's {@code runOnContext}) posts one flush to the owner loop, so
     * messages sent in one burst leave in as few SCTP packets as possible.
     */
    private final class FlushingTransport implements dev.strafe.webrtc.sctp.SctpTransport {
        @Override
        public dev.strafe.webrtc.sctp.SendStatus send(int streamId, int ppid, byte[] data, int offset, int length,
                                                      boolean unordered, int maxRetransmits, long lifetimeNanos, long nowNanos) {
            dev.strafe.webrtc.sctp.SendStatus status = sctp.send(streamId, ppid, data, offset, length, unordered,
                maxRetransmits, lifetimeNanos, nowNanos);
            postFlush();
            return status;
        }

        @Override
        public long bufferedAmount(int streamId) {
            return sctp.bufferedAmount(streamId);
        }

        @Override
        public void bufferedAmountLowThreshold(int streamId, long bytes) {
            sctp.bufferedAmountLowThreshold(streamId, bytes);
        }

        @Override
        public void resetOutgoingStreams(int... streamIds) {
            sctp.resetOutgoingStreams(streamIds);
            postFlush();
        }

        @Override
        public int maxMessageSize() {
            return sctp.maxMessageSize();
        }
    }

    private void postFlush() {
        if (dispatching || flushPosted || closed) {
            return;
        }
        flushPosted = true;
        owner.context().runOnContext(v -> {
            flushPosted = false;
            flush(System.nanoTime());
        });
    }

    /** Moves everything the layers want to send to the socket, then re-arms this peer's one timer. */
    void flush(long now) {
        if (closed) {
            return;
        }
        SocketLoop loop = owner;
        if (loop == null) {
            return;
        }
        if (clientAgent != null) {
            IceDatagram d;
            while ((d = clientAgent.poll()) != null) {
                loop.send(d.data(), 0, d.data().length, d.destination());
            }
        }
        if (sctp != null && dtlsConnected) {
            int n;
            while ((n = sctp.poll(sctpOut, 0, now)) > 0) {
                dtls.send(sctpOut, 0, n);
            }
            long retransmissions = sctp.metrics().retransmissions();
            if (retransmissions != reportedRetransmissions) {
                endpoint.counters.sctpRetransmissions.add(retransmissions - reportedRetransmissions);
                reportedRetransmissions = retransmissions;
            }
        }
        long next = Long.MAX_VALUE;
        if (liteAgent != null && registeredWithIce) {
            next = Math.min(next, liteAgent.nextDeadline());
        }
        if (clientAgent != null) {
            next = Math.min(next, clientAgent.nextDeadline());
        }
        if (sctp != null) {
            next = Math.min(next, sctp.nextDeadline());
        }
        if (!dtlsConnected) {
            next = Math.min(next, createdNanos + endpoint.settings().handshakeTimeout().toNanos());
        }
        next = Math.min(next, gracefulCloseDeadline);
        if (next != scheduled) {
            scheduled = next;
            loop.schedule(this, next);
        }
    }

    @Override
    public void onTimer(long now) {
        scheduled = Long.MAX_VALUE;
        if (closed) {
            return;
        }
        if (!dtlsConnected && now - createdNanos >= endpoint.settings().handshakeTimeout().toNanos()) {
            fail("handshake timeout: not connected after " + endpoint.settings().handshakeTimeout().toMillis() + " ms");
            return;
        }
        if (now >= gracefulCloseDeadline) {
            shutdown(PeerConnection.State.CLOSED, null); // the peer did not complete the SHUTDOWN sequence in time
            return;
        }
        dispatching = true;
        try {
            if (liteAgent != null && registeredWithIce) {
                liteAgent.onTimeout(now);
            }
            if (clientAgent != null && !closed) {
                clientAgent.onTimeout(now);
            }
            if (sctp != null && !closed) {
                sctp.onTimeout(now);
            }
        } finally {
            dispatching = false;
        }
        flush(now);
    }

    // ------------------------------------------------------------------------------------------ close

    /** Closes from any thread: runs on the owner (claiming a pending peer for some loop first). */
    void close() {
        onOwnerLoop(() -> shutdown(PeerConnection.State.CLOSED, null));
    }

    /** Runs {@code task} on the owner loop, from any thread (a pending peer is claimed by some loop first). */
    private void onOwnerLoop(Runnable task) {
        SocketLoop loop = owner;
        if (loop == null) {
            loop = claim(endpoint.anyLoop());
        }
        if (loop.onLoop()) {
            task.run();
        } else {
            loop.context().runOnContext(v -> task.run());
        }
    }

    /**
     * Graceful close from any thread: SCTP SHUTDOWN once everything queued is acknowledged (RFC 9260 §9.2), then
     * the usual close (DTLS close_notify, peer removed) when the association reports closed; the abortive close
     * after {@code timeoutMillis} if the peer does not complete the sequence.
     */
    /** {@link System#nanoTime()} by which a {@link #closeGracefully} must have completed; part of this peer's one deadline. */
    private long gracefulCloseDeadline = Long.MAX_VALUE;

    void closeGracefully(long timeoutMillis) {
        onOwnerLoop(() -> {
            if (closed) {
                return;
            }
            if (sctp == null || !dtlsConnected || sctp.state() != SctpAssociation.State.ESTABLISHED) {
                shutdown(PeerConnection.State.CLOSED, null);
                return;
            }
            long now = System.nanoTime();
            gracefulCloseDeadline = now + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(Math.max(1, timeoutMillis));
            sctp.shutdown(now);
            flush(now);
        });
    }

    private void fail(String reason) {
        if (closed) {
            return;
        }
        failure = reason;
        LOG.info("peer {}: failed: {}", localUfrag, reason);
        if (!dtlsConnected) {
            endpoint.counters.handshakesFailed.increment();
        }
        shutdown(PeerConnection.State.FAILED, reason);
    }

    private void shutdown(PeerConnection.State finalState, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        long now = System.nanoTime();
        if (sctp != null) {
            LOG.debug("peer {}: closing ({}), sctp {}, dtls in {} invalid {} dropped {}", localUfrag, finalState,
                sctp.metrics(), dtls.datagramsIn(), dtls.invalidDatagrams(), dtls.droppedDatagrams());
        }
        if (sctp != null && finalState == PeerConnection.State.CLOSED) {
            sctp.abort("peer connection closed");
            int n;
            while ((n = sctp.poll(sctpOut, 0, now)) > 0 && dtlsConnected) {
                dtls.send(sctpOut, 0, n);
            }
        }
        channels.onAssociationLost(reason != null ? reason : "peer connection closed"); // idempotent
        if (dtls != null) {
            dtls.close();
        }
        silenced = true;
        if (liteAgent != null) {
            liteAgent.close();
            if (registeredWithIce) {
                owner.iceServer().registry().unregister(liteAgent);
            }
        }
        if (clientAgent != null) {
            clientAgent.close();
        }
        SocketLoop loop = owner;
        if (loop != null) {
            loop.cancel(this);
            loop.flushNow();
        }
        endpoint.remove(this, boundAddresses, false);
        setState(finalState);
        facade.onSessionClosed();
    }

    private void setState(PeerConnection.State next) {
        if (state == next || state == PeerConnection.State.CLOSED || state == PeerConnection.State.FAILED) {
            return;
        }
        state = next;
        Consumer<PeerConnection.State> h = stateHandler;
        if (h != null) {
            try {
                h.accept(next);
            } catch (RuntimeException e) {
                LOG.warn("peer {}: connection state handler threw", localUfrag, e);
            }
        }
    }

    @Override
    public String toString() {
        return "PeerSession[" + localUfrag + " " + state + " " + sendAddress
            + (dtls != null ? " dtls " + dtls.state() : "") + (sctp != null ? " sctp " + sctp.state() : "") + "]";
    }
}
