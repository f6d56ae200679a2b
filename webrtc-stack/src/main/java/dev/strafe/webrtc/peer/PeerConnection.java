package dev.strafe.webrtc.peer;

import dev.strafe.webrtc.datachannel.DataChannel;
import dev.strafe.webrtc.datachannel.DataChannelInit;
import dev.strafe.webrtc.dtls.DtlsRole;
import dev.strafe.webrtc.ice.IceClientConfig;
import dev.strafe.webrtc.ice.IceControllingAgent;
import dev.strafe.webrtc.ice.IceLiteAgent;
import dev.strafe.webrtc.ice.IceLiteConfig;
import dev.strafe.webrtc.sctp.SctpConfig;
import dev.strafe.webrtc.sdp.IceCandidate;
import dev.strafe.webrtc.sdp.SdpAnswer;
import dev.strafe.webrtc.sdp.SdpException;
import dev.strafe.webrtc.sdp.SdpOfferer;
import dev.strafe.webrtc.sdp.SdpParser;
import dev.strafe.webrtc.sdp.SessionDescription;
import dev.strafe.webrtc.sdp.SetupRole;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One WebRTC data-channel connection, shaped like the browser's {@code RTCPeerConnection}: connection state
 * events ({@link State}), {@link #onDataChannel}, {@link #createDataChannel}, {@link #close()}.
 *
 * <h2>Server role (browsers connect to us)</h2>
 * <pre>{@code
 * UdpEndpoint endpoint = UdpEndpoint.bind(vertx, settings).await();   // once per node
 * PeerConnection pc = PeerConnection.answer(endpoint, offerSdp);       // per HTTP offer
 * pc.onDataChannel(ch -> ch.onText(ch::send));
 * return pc.localDescription();                                         // the answer SDP
 * }</pre>
 * The answer is ICE-lite with one host candidate (the advertised address and the endpoint's shared port),
 * our certificate's sha-256 fingerprint and {@code a=setup:passive} (we are the DTLS server; an offer that
 * says {@code setup:passive} makes us the DTLS client). Then: ICE checks → selected path → DTLS → SCTP (both
 * sides send INIT) → data channels.
 *
 * <h2>Client role (Java tests and load tests)</h2>
 * <pre>{@code
 * PeerConnection pc = PeerConnection.offer(vertx, settings).await();  // binds its own UDP socket
 * DataChannel ch = pc.createDataChannel("echo", DataChannelInit.DEFAULT);
 * String answer = httpPost(url, pc.localDescription());               // the caller does the signaling
 * pc.setRemoteDescription(answer).await();                             // completes when CONNECTED
 * }</pre>
 *
 * <h2>Threading</h2>
 * All events and data-channel callbacks run on the peer's event loop ({@link #context()}; a server peer gets
 * it when its first ICE check arrives). Register handlers before returning the answer (or from that
 * context); {@link #close()} may be called from any thread.
 */
public final class PeerConnection {

    /** RTCPeerConnectionState. */
    public enum State {
        NEW, CONNECTING, CONNECTED, DISCONNECTED, FAILED, CLOSED
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final UdpEndpoint endpoint;
    private final boolean ownsEndpoint;
    private final String localDescription;
    private PeerSession session;
    private final Promise<Void> closedPromise = Promise.promise();
    // client role only
    private final dev.strafe.webrtc.sdp.IceCredentials clientLocalIce;

    private PeerConnection(UdpEndpoint endpoint, boolean ownsEndpoint, String localDescription,
                           dev.strafe.webrtc.sdp.IceCredentials clientLocalIce) {
        this.endpoint = endpoint;
        this.ownsEndpoint = ownsEndpoint;
        this.localDescription = localDescription;
        this.clientLocalIce = clientLocalIce;
    }

    // ------------------------------------------------------------------------------------------ server role

    /**
     * Answers a browser's offer: parses it, registers a pending peer on {@code endpoint} and returns the
     * connection whose {@link #localDescription()} is the answer SDP.
     *
     * @throws SdpException          the offer cannot be served (the message says why)
     * @throws IllegalStateException the endpoint is full ({@code maxPeers}) or closed
     */
    public static PeerConnection answer(UdpEndpoint endpoint, String offerSdp) throws SdpException {
        Objects.requireNonNull(offerSdp, "offerSdp");
        if (endpoint.isClosed()) {
            throw new IllegalStateException("endpoint closed");
        }
        SessionDescription offer = new SdpParser().parseOffer(offerSdp);
        if (offer.fingerprint() == null || !offer.fingerprint().isSha256()) {
            throw new SdpException(0, "a=fingerprint: no sha-256 fingerprint (expected: a=fingerprint:sha-256 ...)");
        }
        SdpAnswer answer = endpoint.answerer().answer(offer);
        StackSettings s = endpoint.settings();
        DtlsRole role = answer.localSetup() == SetupRole.PASSIVE ? DtlsRole.SERVER : DtlsRole.CLIENT;
        dev.strafe.webrtc.ice.IceCredentials local = iceCredentials(answer.localIce());
        dev.strafe.webrtc.ice.IceCredentials remote = iceCredentials(offer.ice());
        IceLiteConfig iceConfig = new IceLiteConfig(s.iceDisconnectedTimeout().toNanos(), s.iceFailedTimeout().toNanos(), 4);
        PeerConnection pc = new PeerConnection(endpoint, false, answer.sdp(), null);
        long now = System.nanoTime();
        pc.session = new PeerSession(endpoint, pc,
            (listener, t) -> new IceLiteAgent(local, remote, iceConfig, listener, t),
            local.ufrag(), role, offer.fingerprint().value(), sctpConfig(s, offer), now);
        if (!endpoint.admit(pc.session)) {
            throw new IllegalStateException("peers: " + endpoint.metrics().peers() + " (expected: < maxPeers "
                + s.maxPeers() + ")");
        }
        return pc;
    }

    // ------------------------------------------------------------------------------------------ client role

    /**
     * Client role: binds a UDP socket of its own on {@code settings.bindHost()} (ephemeral port) and writes an
     * offer with one host candidate on it. The caller sends {@link #localDescription()} to the server and
     * passes the answer to {@link #setRemoteDescription}.
     */
    public static Future<PeerConnection> offer(Vertx vertx, StackSettings settings) {
        return offer(vertx, settings, null);
    }

    /** As {@link #offer(Vertx, StackSettings)} with a given certificate (load tests share one; null generates). */
    public static Future<PeerConnection> offer(Vertx vertx, StackSettings settings,
                                               dev.strafe.webrtc.dtls.DtlsCertificate certificate) {
        StackSettings clientSettings = settings.toBuilder().bindPort(0).sockets(1).maxPeers(1).build();
        return UdpEndpoint.bind(vertx, clientSettings, certificate).map(endpoint -> {
            SdpOfferer offerer = new SdpOfferer(endpoint.fingerprint(), clientSettings.maxMessageSize(), RANDOM);
            SdpOfferer.LocalOffer offer = offerer.createOffer(List.of(
                IceCandidate.host("1", clientSettings.advertisedAddress(), endpoint.localPort())));
            // a=setup:active: we are the DTLS client (the server answers passive)
            String sdp = offer.sdp().replace("a=setup:actpass", "a=setup:active");
            return new PeerConnection(endpoint, true, sdp, offer.localIce());
        });
    }

    /**
     * Client role: applies the server's answer and starts ICE (controlling), then DTLS (client), SCTP and the
     * data channels created so far. Completes when the state is {@link State#CONNECTED}, fails on
     * {@link State#FAILED} or {@link State#CLOSED} first.
     */
    public Future<Void> setRemoteDescription(String answerSdp) {
        if (clientLocalIce == null) {
            return Future.failedFuture(new IllegalStateException("setRemoteDescription is for the client role"));
        }
        SessionDescription answer;
        try {
            answer = new SdpParser().parseAnswer(answerSdp);
        } catch (SdpException e) {
            return Future.failedFuture(e);
        }
        if (answer.fingerprint() == null || !answer.fingerprint().isSha256()) {
            return Future.failedFuture(new SdpException(0, "a=fingerprint: no sha-256 fingerprint in the answer"));
        }
        List<InetSocketAddress> candidates = new ArrayList<>();
        for (IceCandidate c : answer.candidates()) {
            if (c.isUdp()) {
                try {
                    candidates.add(new InetSocketAddress(InetAddress.getByName(literal(c.connectionAddress())), c.port()));
                } catch (UnknownHostException | IllegalArgumentException e) {
                    // not an IP literal: skipped (no name lookups)
                }
            }
        }
        if (candidates.isEmpty()) {
            return Future.failedFuture(new SdpException(0, "a=candidate: no UDP host candidate with an IP address in the answer"));
        }
        StackSettings s = endpoint.settings();
        DtlsRole role = answer.setup() == SetupRole.ACTIVE ? DtlsRole.SERVER : DtlsRole.CLIENT;
        Promise<Void> connected = Promise.promise();
        SocketLoop loop = endpoint.anyLoop();
        loop.context().runOnContext(v -> {
            long now = System.nanoTime();
            session = new PeerSession(endpoint, this, null, clientLocalIce.ufrag(), role,
                answer.fingerprint().value(), sctpConfig(s, answer), now);
            pendingChannels.forEach(p -> p.run());
            pendingChannels.clear();
            session.onStateChange(state -> {
                if (state == State.CONNECTED) {
                    connected.tryComplete();
                } else if (state == State.FAILED || state == State.CLOSED) {
                    connected.tryFail("peer connection " + state.name().toLowerCase()
                        + (session.failure() != null ? ": " + session.failure() : ""));
                }
                Consumer<State> h = stateHandler;
                if (h != null) {
                    h.accept(state);
                }
            });
            session.channels.onDataChannel(dataChannelHandler);
            IceControllingAgent agent = new IceControllingAgent(iceCredentials(clientLocalIce),
                iceCredentials(answer.ice()), candidates,
                IceClientConfig.DEFAULT.withRegularNomination(s.iceRegularNomination()), RANDOM, session);
            endpoint.admitClient(session);
            session.startClient(loop, agent, candidates, now);
        });
        return connected.future();
    }

    private final List<Runnable> pendingChannels = new ArrayList<>();
    private Consumer<State> stateHandler;
    private Consumer<DataChannel> dataChannelHandler;

    // ------------------------------------------------------------------------------------------ both roles

    /** The answer (server role) or the offer (client role). */
    public String localDescription() {
        return localDescription;
    }

    public State connectionState() {
        PeerSession s = session;
        return s == null ? State.NEW : s.state();
    }

    /** The event loop this peer lives on, or null while it has none yet (pending server peer). */
    public Context context() {
        PeerSession s = session;
        SocketLoop loop = s == null ? null : s.owner();
        return loop == null ? null : loop.context();
    }

    /** Why the connection failed, or null. */
    public String failureReason() {
        PeerSession s = session;
        return s == null ? null : s.failure();
    }

    public PeerConnection onConnectionStateChange(Consumer<State> handler) {
        this.stateHandler = handler;
        if (session != null && clientLocalIce == null) {
            session.onStateChange(handler);
        }
        return this;
    }

    /** Channels the remote peer opens with DCEP. */
    public PeerConnection onDataChannel(Consumer<DataChannel> handler) {
        this.dataChannelHandler = handler;
        if (session != null) {
            session.channels.onDataChannel(handler);
        }
        return this;
    }

    /**
     * Creates a channel like the browser's {@code createDataChannel}: opened by DCEP, or pre-negotiated
     * ({@code DataChannelInit.builder().negotiated(true).id(n)}); it opens when the association does. In the
     * client role before {@link #setRemoteDescription}, the channel is created once the session exists and
     * this returns null: use {@link #createDataChannel(String, DataChannelInit, Consumer)}.
     */
    public DataChannel createDataChannel(String label, DataChannelInit init) {
        PeerSession s = session;
        if (s == null) {
            throw new IllegalStateException("createDataChannel before setRemoteDescription: use the callback form");
        }
        return s.channels.createDataChannel(label, init);
    }

    /** Creates the channel now, or (client role) as soon as the remote description is applied. */
    public void createDataChannel(String label, DataChannelInit init, Consumer<DataChannel> created) {
        if (session != null) {
            created.accept(session.channels.createDataChannel(label, init));
        } else {
            pendingChannels.add(() -> created.accept(session.channels.createDataChannel(label, init)));
        }
    }

    /** Closes the connection (SCTP ABORT, DTLS close_notify) and removes the peer; from any thread. */
    public Future<Void> close() {
        return closeWith(PeerSession::close);
    }

    /**
     * Closes after the data already sent has been acknowledged: SCTP SHUTDOWN (RFC 9260 §9.2; the peer stops
     * accepting new messages from its application and answers once its own queue is acknowledged), then DTLS
     * close_notify and removal, as {@link #close()}. After {@code timeout} without a completed sequence it closes
     * abortively. From any thread; the future completes when the peer is gone.
     */
    public Future<Void> closeGracefully(java.time.Duration timeout) {
        return closeWith(s -> s.closeGracefully(timeout.toMillis()));
    }

    /** {@code how} closes the session; without one (a client before its answer) only our endpoint goes. */
    private Future<Void> closeWith(Consumer<PeerSession> how) {
        PeerSession s = session;
        if (s != null) {
            how.accept(s);
        } else if (ownsEndpoint) {
            onSessionClosed();
        }
        return closedPromise.future();
    }

    /** Completes once the peer is closed or failed and removed from the endpoint. */
    public Future<Void> closed() {
        return closedPromise.future();
    }

    /** The endpoint this peer uses (its own socket in the client role). */
    public UdpEndpoint endpoint() {
        return endpoint;
    }

    void onSessionClosed() {
        if (ownsEndpoint) {
            endpoint.close().onComplete(ar -> closedPromise.tryComplete());
        } else {
            closedPromise.tryComplete();
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    static SctpConfig sctpConfig(StackSettings s, SessionDescription remote) {
        long remoteMax = remote.maxMessageSize() == 0 ? s.maxMessageSize() : Math.min(remote.maxMessageSize(), s.maxMessageSize());
        return SctpConfig.builder()
            .localPort(SctpConfig.DEFAULT_PORT)
            .remotePort(remote.sctpPort())
            .mtu(s.mtu() - PeerSession.DTLS_OVERHEAD)
            .maxMessageSize((int) Math.max(1, remoteMax))
            .maxSendBufferBytes(s.sctpSendBufferBytes())
            .rtoInitialNanos(s.sctpRtoInitial().toNanos())
            .rtoMinNanos(s.sctpRtoMin().toNanos())
            .rtoMaxNanos(s.sctpRtoMax().toNanos())
            .sackEveryPackets(s.sctpSackEveryPackets())
            .build();
    }

    private static dev.strafe.webrtc.ice.IceCredentials iceCredentials(dev.strafe.webrtc.sdp.IceCredentials c) {
        return new dev.strafe.webrtc.ice.IceCredentials(c.ufrag(), c.pwd());
    }

    private static String literal(String address) {
        if (!(address.indexOf(':') >= 0 || address.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch)))) {
            throw new IllegalArgumentException("not an IP literal: " + address);
        }
        return address;
    }

    @Override
    public String toString() {
        return "PeerConnection[" + (session != null ? session : "no session") + "]";
    }
}
