package dev.strafe.webrtc.sctp;

import dev.strafe.webrtc.sctp.chunk.AbortChunk;
import dev.strafe.webrtc.sctp.chunk.ByteIo;
import dev.strafe.webrtc.sctp.chunk.Chunk;
import dev.strafe.webrtc.sctp.chunk.Chunks;
import dev.strafe.webrtc.sctp.chunk.CookieAckChunk;
import dev.strafe.webrtc.sctp.chunk.CookieEchoChunk;
import dev.strafe.webrtc.sctp.chunk.DataChunk;
import dev.strafe.webrtc.sctp.chunk.ErrorChunk;
import dev.strafe.webrtc.sctp.chunk.ForwardTsnChunk;
import dev.strafe.webrtc.sctp.chunk.HeartbeatAckChunk;
import dev.strafe.webrtc.sctp.chunk.HeartbeatChunk;
import dev.strafe.webrtc.sctp.chunk.InitAckChunk;
import dev.strafe.webrtc.sctp.chunk.InitChunk;
import dev.strafe.webrtc.sctp.chunk.MalformedChunkException;
import dev.strafe.webrtc.sctp.chunk.ReConfigChunk;
import dev.strafe.webrtc.sctp.chunk.SackChunk;
import dev.strafe.webrtc.sctp.chunk.ShutdownAckChunk;
import dev.strafe.webrtc.sctp.chunk.ShutdownChunk;
import dev.strafe.webrtc.sctp.chunk.ShutdownCompleteChunk;
import dev.strafe.webrtc.sctp.chunk.UnknownChunk;
import dev.strafe.webrtc.sctp.chunk.Violation;
import dev.strafe.webrtc.sctp.param.ErrorCause;
import dev.strafe.webrtc.sctp.param.ForwardTsnSupportedParam;
import dev.strafe.webrtc.sctp.param.HeartbeatInfoParam;
import dev.strafe.webrtc.sctp.param.Param;
import dev.strafe.webrtc.sctp.param.Params;
import dev.strafe.webrtc.sctp.param.StateCookieParam;
import dev.strafe.webrtc.sctp.param.SupportedExtensionsParam;
import dev.strafe.webrtc.sctp.param.UnknownParam;
import dev.strafe.webrtc.sctp.param.UnrecognizedParam;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.zip.CRC32C;

/**
 * One SCTP association (RFC 9260) for WebRTC data channels, sans-IO: feed it decrypted packets with
 * {@link #handle}, send what {@link #poll} writes, call {@link #onTimeout} at {@link #nextDeadline}.
 * Holds state and dispatch only; the parts live in their own classes: {@link SendQueue} (streams, fair
 * scheduling, fragmentation), {@link RetransmissionQueue} (outstanding TSNs), {@link ReceivedTsnTracker}
 * and {@link ReassemblyQueue} (receive side), {@link CongestionController}, {@link PeerReceiveWindow},
 * {@link RtoEstimator}, {@link StreamResetHandler} (RFC 6525) and {@link StateCookie}.
 *
 * <p>Receiver obligations (what is checked before any chunk of a packet is applied, STYLE #15): packet
 * length >= 12, CRC32c, destination port, every chunk well-formed and passing {@link Chunk#check()},
 * verification tag per RFC 9260 §8.5 (INIT alone with tag 0; ABORT / SHUTDOWN COMPLETE by their T bit;
 * COOKIE ECHO against the tag in the cookie; anything else against our tag). A failing packet is counted
 * in {@link SctpMetrics#invalidPackets()} and dropped; nothing here throws on peer input.
 *
 * <p>Threading: confined to one thread (one Vert.x context); listener callbacks run inside
 * {@code handle}/{@code onTimeout}/{@code poll}.
 */
public final class SctpAssociation implements SctpTransport {

    /** RFC 9260 §4 states. */
    public enum State {
        CLOSED, COOKIE_WAIT, COOKIE_ECHOED, ESTABLISHED, SHUTDOWN_PENDING, SHUTDOWN_SENT, SHUTDOWN_RECEIVED,
        SHUTDOWN_ACK_SENT
    }

    private static final int MAX_GAP_BLOCKS = 32;
    private static final int MAX_DUPLICATES = 16;
    private static final int MAX_CONTROL_CHUNKS = 64;
    private static final int MAX_RAW_PACKETS = 16;
    private static final int MAX_DATA_CHUNKS_PER_PACKET = 4096;
    private static final int MAX_SACKS_PER_PACKET = 8;
    private static final int MAX_FORWARD_TSN_STREAMS = 256;
    private static final byte[] SUPPORTED_EXTENSIONS = {(byte) 130, (byte) 192};

    private final SctpConfig config;
    private final RandomGenerator random;
    private final SctpListener listener;
    private final SctpMetrics metrics = new SctpMetrics();
    private final CRC32C crc = new CRC32C();
    private final StateCookie.Signer cookieSigner;

    // receive scratch (reused per packet)
    private final ArrayList<Chunk> rxChunks = new ArrayList<>();
    /**
     * DATA chunk offsets of one received packet: a DATA chunk takes at least 16 bytes, so a packet of at most
     * {@code max(mtu, 1500)} bytes (what DTLS delivers: its datagrams are capped at 1,500) holds fewer than
     * {@code packet / 16} of them. Sized per association from the MTU instead of for 64 KiB packets (16 KiB of
     * ints per association, a third of an idle peer's heap).
     */
    private final int[] rxDataOffsets;
    private final int[] rxSackOffsets = new int[MAX_SACKS_PER_PACKET];
    private int[] rxGaps = new int[2 * MAX_GAP_BLOCKS]; // grown on demand (bounded by the packet size)
    private final int[] gapStarts = new int[MAX_GAP_BLOCKS];
    private final int[] gapEnds = new int[MAX_GAP_BLOCKS];
    private final int[] duplicates = new int[MAX_DUPLICATES];
    private final int[] fwdPairs = new int[2 * MAX_FORWARD_TSN_STREAMS];
    private int[] fwdStreams = new int[MAX_FORWARD_TSN_STREAMS];
    private int[] fwdSsns = new int[MAX_FORWARD_TSN_STREAMS];
    private final SendQueue.Fragment fragment = new SendQueue.Fragment();

    // outgoing control
    private final ArrayDeque<byte[]> rawPackets = new ArrayDeque<>();
    private final ArrayDeque<Chunk> control = new ArrayDeque<>();
    private final java.util.Map<Integer, Long> pendingThresholds = new java.util.HashMap<>();

    private State state = State.CLOSED;
    /** Set when an established (or establishing) association ended: the object is never reused. */
    private boolean terminated;
    private int localTag;
    private int peerTag;
    private int localInitialTsn;
    private int peerInitialTsn;
    private int outboundStreams;
    private int inboundStreams;
    private boolean peerForwardTsn;
    private boolean peerReconfig;
    private long peerRwnd;

    // setup retransmission (T1-init / T1-cookie)
    private Chunk t1Chunk;
    private final DeadlineTimer t1 = new DeadlineTimer("T1-init");
    private int t1Count;
    private long t1Rto;

    // data transfer parts, created when established
    private SendQueue sendQueue;
    private RetransmissionQueue rtx;
    private ReceivedTsnTracker tracker;
    private ReassemblyQueue reassembly;
    private CongestionController cc;
    private PeerReceiveWindow peerWindow;
    private final RtoEstimator rtoEstimator;
    private long rto;

    private final DeadlineTimer t3 = new DeadlineTimer("T3-rtx");
    private final DeadlineTimer heartbeatTimer = new DeadlineTimer("HEARTBEAT");
    private long heartbeatSentAt = -1;
    private final DeadlineTimer t2 = new DeadlineTimer("T2-shutdown");
    private int t2Count;
    private int errorCount;
    private boolean forwardTsnDue;
    private boolean fastRetransmitPacket;
    private long nowNanos;

    // stream reset (RFC 6525), created when established
    private StreamResetHandler resets;

    /**
     * @param config   settings (ports, MTU, limits, timers)
     * @param random   source of verification tags, initial TSNs and the cookie secret
     * @param listener events; called on this association's thread
     */
    public SctpAssociation(SctpConfig config, RandomGenerator random, SctpListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.rxDataOffsets = new int[Math.min(MAX_DATA_CHUNKS_PER_PACKET, Math.max(config.mtu(), 1500) / 16 + 1)];
        this.random = Objects.requireNonNull(random, "random");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.cookieSigner = new StateCookie.Signer(random);
        this.rtoEstimator = new RtoEstimator(config.rtoInitialNanos(), config.rtoMinNanos(), config.rtoMaxNanos(), 1_000_000L);
        this.rto = rtoEstimator.rtoNanos();
    }

    public State state() {
        return state;
    }

    public SctpMetrics metrics() {
        return metrics;
    }

    public SctpConfig config() {
        return config;
    }

    /** Current retransmission timeout (RFC 6298), nanoseconds. */
    public long rtoNanos() {
        return rto;
    }

    /** Smoothed round-trip time (RFC 6298 SRTT), nanoseconds; 0 before the first measurement. */
    long srttNanos() {
        return rtoEstimator.srttNanos();
    }

    // =================================================================== setup

    /** Starts the association as initiator: sends INIT (RFC 9260 §5.1 A). Both WebRTC peers may do this. */
    public void connect(long now) {
        if (state != State.CLOSED || terminated) {
            throw new IllegalStateException("connect in state " + state + (terminated ? " (terminated)" : "")
                    + " (expected: CLOSED, never used)");
        }
        nowNanos = now;
        localTag = nonZeroTag();
        localInitialTsn = random.nextInt();
        t1Chunk = new InitChunk(tag(localTag), config.maxReassemblyBytes(), config.maxStreams(), config.maxStreams(),
                tag(localInitialTsn), localParams(null));
        state = State.COOKIE_WAIT;
        t1Count = 0;
        t1Rto = config.rtoInitialNanos();
        sendT1Chunk(now);
    }

    private void sendT1Chunk(long now) {
        if (t1Chunk instanceof InitChunk) {
            queueRaw(0, t1Chunk);
        } else {
            queueControl(t1Chunk);
        }
        t1.start(now, t1Rto);
    }

    private List<Param> localParams(StateCookieParam cookie) {
        List<Param> params = new ArrayList<>(4);
        if (cookie != null) {
            params.add(cookie);
        }
        params.add(ForwardTsnSupportedParam.INSTANCE);
        params.add(new SupportedExtensionsParam(SUPPORTED_EXTENSIONS));
        return params;
    }

    private int nonZeroTag() {
        int t;
        do {
            t = random.nextInt();
        } while (t == 0);
        return t;
    }

    private void onInit(InitChunk init, long now) {
        if (state == State.SHUTDOWN_ACK_SENT) {
            // §9.2: "discard the INIT chunk and retransmit the SHUTDOWN ACK chunk"
            queueControl(ShutdownAckChunk.INSTANCE);
            return;
        }
        // CLOSED: stateless reply, everything goes into the cookie (§5.1.3). COOKIE-WAIT/ECHOED: INIT collision
        // (§5.2.1): "respond with an INIT ACK using the same parameters it sent in its original INIT chunk
        // (including its Initiate Tag, unchanged)". Established (§5.2.2, a peer that restarted): an INIT ACK
        // with a new Initiate Tag and initial TSN, the current tags going into the cookie as tie-tags; the
        // association carries on untouched until a COOKIE ECHO proves the restart (§5.2.4 case A).
        boolean collision = state == State.COOKIE_WAIT || state == State.COOKIE_ECHOED;
        boolean established = isEstablishedLike();
        int tag = collision ? localTag : nonZeroTag();
        int tsn = collision ? localInitialTsn : random.nextInt();
        List<Param> unrecognized = new ArrayList<>();
        boolean forwardTsn = false;
        boolean reconfig = false;
        for (Param p : init.params()) {
            if (p instanceof ForwardTsnSupportedParam) {
                forwardTsn = true;
            } else if (p instanceof SupportedExtensionsParam ext) {
                forwardTsn |= ext.supports(192);
                reconfig |= ext.supports(130);
            } else if (p instanceof UnknownParam u && !isKnownIgnoredInitParam(u.type())) {
                if (u.reported()) {
                    byte[] tlv = new byte[u.encodedLength()];
                    Params.encode(u, tlv, 0);
                    unrecognized.add(new UnrecognizedParam(tlv));
                }
                if (u.stopsProcessing()) {
                    break;
                }
            }
        }
        StateCookie cookie = new StateCookie(now, tag, (int) init.initiateTag(), tsn, (int) init.initialTsn(),
                init.advertisedReceiverWindowCredit(), Math.min(config.maxStreams(), init.inboundStreams()),
                Math.min(config.maxStreams(), init.outboundStreams()), forwardTsn, reconfig,
                established ? localTag : 0, established ? peerTag : 0);
        List<Param> params = localParams(new StateCookieParam(cookieSigner.sign(cookie)));
        params.addAll(unrecognized);
        queueRaw((int) init.initiateTag(), new InitAckChunk(tag(tag), config.maxReassemblyBytes(),
                config.maxStreams(), config.maxStreams(), tag(tsn), params));
    }

    /**
     * RFC 9260 INIT parameters we understand but do not use (addresses, Cookie Preservative, Host Name,
     * Supported Address Types, ECN): not "unrecognized", so their type bits must not stop processing.
     */
    private static boolean isKnownIgnoredInitParam(int type) {
        return type == 5 || type == 6 || type == 9 || type == 11 || type == 12 || type == 0x8000;
    }

    private void onInitAck(InitAckChunk ack, long now) {
        if (state != State.COOKIE_WAIT) {
            return; // §5.2.3: unexpected INIT ACK is discarded
        }
        peerTag = (int) ack.initiateTag();
        peerInitialTsn = (int) ack.initialTsn();
        peerRwnd = ack.advertisedReceiverWindowCredit();
        outboundStreams = Math.min(config.maxStreams(), ack.inboundStreams());
        inboundStreams = Math.min(config.maxStreams(), ack.outboundStreams());
        List<ErrorCause> unrecognized = new ArrayList<>();
        for (Param p : ack.params()) {
            if (p instanceof ForwardTsnSupportedParam) {
                peerForwardTsn = true;
            } else if (p instanceof SupportedExtensionsParam ext) {
                peerForwardTsn |= ext.supports(192);
                peerReconfig |= ext.supports(130);
            } else if (p instanceof UnknownParam u && !isKnownIgnoredInitParam(u.type())) {
                if (u.reported()) {
                    byte[] tlv = new byte[u.encodedLength()];
                    Params.encode(u, tlv, 0);
                    unrecognized.add(new ErrorCause(ErrorCause.UNRECOGNIZED_PARAMETERS, tlv));
                }
                if (u.stopsProcessing()) {
                    break;
                }
            }
        }
        t1Chunk = new CookieEchoChunk(ack.stateCookie().orElseThrow().cookie());
        state = State.COOKIE_ECHOED;
        t1Count = 0;
        sendT1Chunk(now);
        if (!unrecognized.isEmpty()) {
            queueControl(new ErrorChunk(unrecognized)); // §3.2.1: reported in an ERROR bundled with the COOKIE ECHO
        }
    }

    /** @return whether the rest of the packet may be processed */
    private boolean onCookieEcho(CookieEchoChunk echo, int vtag, long now) {
        StateCookie c = cookieSigner.verify(echo.cookie());
        if (c == null || c.localTag() != vtag) {
            metrics.invalidPackets++;
            return false;
        }
        if (now - c.createdNanos() > config.cookieLifetimeNanos() || now < c.createdNanos()) {
            queueRaw(c.peerTag(), new ErrorChunk(List.of(new ErrorCause(ErrorCause.STALE_COOKIE_ERROR, new byte[4]))));
            return false;
        }
        switch (state) {
            case CLOSED -> establish(c, now, false);
            case COOKIE_WAIT, COOKIE_ECHOED -> {
                if (c.localTag() != localTag) {
                    return false; // §5.2.4 case C-like: not ours
                }
                establish(c, now, false); // case B: collision, the peer's tag comes from the cookie
            }
            default -> {
                if (c.localTag() != localTag && c.peerTag() != peerTag && c.localTieTag() == localTag
                        && c.peerTieTag() == peerTag) {
                    if (!restart(c, now)) { // §5.2.4 case A: the peer restarted
                        return false;
                    }
                } else if (c.localTag() != localTag || c.peerTag() != peerTag) {
                    return false; // stale or foreign cookie (cases B and C do not arise once established)
                }
                // else case D: our COOKIE ACK was lost
            }
        }
        queueControl(CookieAckChunk.INSTANCE);
        return true;
    }

    /**
     * RFC 9260 §5.2.4 case A, peer restart: "the endpoint MUST [...] consider the peer has restarted" and set
     * up the association afresh with the cookie's tags and TSNs. As dcsctp does (and WebRTC's data-channel
     * transport above it only notes it), everything in flight or queued is dropped, stream sequence numbers
     * and pending stream resets start over, and the listener hears {@link SctpListener#onAssociationRestarted}.
     * In SHUTDOWN-ACK-SENT there is no restart: "the endpoint MUST NOT restart" but answers SHUTDOWN ACK with
     * an ERROR "Cookie Received While Shutting Down".
     */
    private boolean restart(StateCookie c, long now) {
        if (state == State.SHUTDOWN_ACK_SENT) {
            queueRaw(c.peerTag(), ShutdownAckChunk.INSTANCE);
            queueRaw(c.peerTag(), new ErrorChunk(List.of(new ErrorCause(ErrorCause.COOKIE_RECEIVED_WHILE_SHUTTING_DOWN, new byte[0]))));
            return false;
        }
        metrics.restarts++;
        t3.stop();
        t2.stop();
        control.clear();
        heartbeatSentAt = -1;
        errorCount = 0;
        forwardTsnDue = false;
        fastRetransmitPacket = false;
        establish(c, now, true); // new parts, stream resets included
        return true;
    }

    private void onCookieAck(long now) {
        if (state == State.COOKIE_ECHOED) {
            establish(null, now, false);
        }
    }

    /** Enters ESTABLISHED from a verified cookie (responder or collision) or from COOKIE ACK ({@code c == null}). */
    private void establish(StateCookie c, long now, boolean restart) {
        if (c != null) {
            localTag = c.localTag();
            peerTag = c.peerTag();
            localInitialTsn = c.localInitialTsn();
            peerInitialTsn = c.peerInitialTsn();
            peerRwnd = c.peerRwnd();
            outboundStreams = c.outboundStreams();
            inboundStreams = c.inboundStreams();
            peerForwardTsn = c.peerForwardTsn();
            peerReconfig = c.peerReconfig();
        }
        t1Chunk = null;
        t1.stop();
        control.removeIf(ch -> ch instanceof CookieEchoChunk);
        state = State.ESTABLISHED;
        sendQueue = new SendQueue(outboundStreams, config.maxMessageSize(), config.maxSendBufferBytes(),
                config.maxQueuedMessages(), listener::onBufferedAmountLow);
        rtx = new RetransmissionQueue(localInitialTsn, new RetransmissionQueue.Listener() {
            @Override
            public void onReleased(int streamId, int bytes, boolean abandoned) {
                if (abandoned) {
                    sendQueue.abandonedInFlight(streamId, bytes);
                } else {
                    sendQueue.acknowledged(streamId, bytes);
                }
            }

            @Override
            public void onMessageAbandoned(OutgoingMessage message) {
                sendQueue.abandon(message);
                metrics.abandonedMessages++;
            }

            @Override
            public void onMessageReleased(OutgoingMessage message) {
                sendQueue.recycle(message);
            }
        });
        pendingThresholds.forEach((stream, bytes) -> {
            if (stream >= 0 && stream < outboundStreams) {
                sendQueue.bufferedAmountLowThreshold(stream, bytes);
            }
        });
        pendingThresholds.clear();
        tracker = new ReceivedTsnTracker(peerInitialTsn, ReceivedTsnTracker.MAX_TRACKED_TSNS, MAX_DUPLICATES,
            config.sackEveryPackets());
        reassembly = new ReassemblyQueue(config.maxReassemblyBytes(), config.maxMessageSize(), inboundStreams, this::deliver);
        cc = new CongestionController(config.mtu(), Math.max(1, peerRwnd));
        peerWindow = new PeerReceiveWindow(peerRwnd);
        resets = new StreamResetHandler(sendQueue, rtx, tracker, reassembly, listener, this::queueControl, () -> rto,
                outboundStreams, inboundStreams, peerReconfig, localInitialTsn, peerInitialTsn);
        heartbeatTimer.start(now, config.heartbeatIntervalNanos() + rto);
        if (restart) {
            listener.onAssociationRestarted();
        } else {
            listener.onAssociationEstablished();
        }
    }

    // =================================================================== receive

    /** One SCTP packet from the peer (decrypted DTLS payload). Never throws on bad input: counts and drops. */
    public void handle(byte[] packet, int offset, int length, long now) {
        nowNanos = now;
        metrics.packetsReceived++;
        if (length < SctpPacket.HEADER_LENGTH || offset < 0 || offset + length > packet.length
                || !SctpPacket.checksumValid(crc, packet, offset, length)
                || SctpPacket.destinationPort(packet, offset) != config.localPort()) {
            metrics.invalidPackets++;
            return;
        }
        rxChunks.clear();
        try {
            Chunks.decodeAll(packet, offset + SctpPacket.HEADER_LENGTH, length - SctpPacket.HEADER_LENGTH, rxChunks, rxDataOffsets, rxSackOffsets);
        } catch (MalformedChunkException e) {
            metrics.invalidPackets++;
            return;
        }
        if (rxChunks.isEmpty()) {
            return;
        }
        int vtag = (int) SctpPacket.verificationTag(packet, offset);
        // Check every chunk before applying any (STYLE #15).
        int dataIndex = 0;
        int sackIndex = 0;
        for (int k = 0; k < rxChunks.size(); k++) { // indexed: no iterator per packet
            Chunk c = rxChunks.get(k);
            Optional<Violation> v;
            if (c == SackChunk.IN_PLACE) {
                v = SackChunk.checkInPlace(packet, rxSackOffsets[sackIndex++]);
            } else if (c == null) {
                int off = rxDataOffsets[dataIndex++];
                v = DataChunk.length(packet, off) == DataChunk.DATA_HEADER_LENGTH
                        ? Optional.of(new Violation(true, "DATA chunk with no user data, TSN "
                        + Integer.toUnsignedString(DataChunk.tsn(packet, off)))) : Optional.empty();
            } else {
                v = c.check();
            }
            if (v.isPresent()) {
                metrics.invalidPackets++;
                if (v.get().abort() && vtag == localTag && isEstablishedLike()) {
                    String cause = v.get().cause();
                    abortWith(c == null ? new ErrorCause(ErrorCause.NO_USER_DATA, Arrays.copyOfRange(packet,
                            rxDataOffsets[dataIndex - 1] + 4, rxDataOffsets[dataIndex - 1] + 8)) : ErrorCause.protocolViolation(cause), cause);
                }
                return;
            }
        }
        Chunk first = rxChunks.getFirst();
        if (terminated) {
            onOutOfTheBlue(first, vtag); // a finished association is never set up again
            return;
        }
        int start = 0;
        switch (first) {
            case InitChunk init -> {
                if (rxChunks.size() != 1 || vtag != 0) {
                    metrics.invalidPackets++; // §8.5.1 A: INIT must be alone, tag 0
                } else {
                    onInit(init, now);
                }
                return;
            }
            case AbortChunk abort -> {
                if (state != State.CLOSED && vtag == (abort.tBit() ? peerTag : localTag)) {
                    onAbort(abort);
                } else {
                    metrics.invalidPackets++;
                }
                return;
            }
            case ShutdownCompleteChunk sc -> {
                if (state == State.SHUTDOWN_ACK_SENT && vtag == (sc.tBit() ? peerTag : localTag)) {
                    closeGracefully();
                } else {
                    metrics.invalidPackets++;
                }
                return;
            }
            case CookieEchoChunk echo -> {
                if (!onCookieEcho(echo, vtag, now)) {
                    return;
                }
                start = 1;
            }
            case null, default -> {
            }
        }
        if (state == State.CLOSED) {
            onOutOfTheBlue(first, vtag);
            return;
        }
        if (vtag != localTag) {
            metrics.invalidPackets++;
            return;
        }
        dispatch(packet, start, now);
    }

    private void dispatch(byte[] packet, int start, long now) {
        boolean hadData = false;
        int dataIndex = 0;
        int sackIndex = 0; // a SACK is never chunk 0 when start is 1 (that is the COOKIE ECHO)
        for (int k = 0; k < start; k++) {
            if (rxChunks.get(k) == null) {
                dataIndex++;
            }
        }
        for (int k = start; k < rxChunks.size() && state != State.CLOSED; k++) {
            Chunk c = rxChunks.get(k);
            if (c == null) {
                onData(packet, rxDataOffsets[dataIndex++]);
                hadData = true;
                continue;
            }
            switch (c) {
                case DataChunk d -> throw new IllegalStateException("DATA is read in place: " + d);
                case SackChunk sack -> {
                    if (sack == SackChunk.IN_PLACE) {
                        onSack(packet, rxSackOffsets[sackIndex++], now);
                    } else {
                        throw new IllegalStateException("SACK is read in place: " + sack);
                    }
                }
                case CookieAckChunk ack -> onCookieAck(now);
                case HeartbeatChunk hb -> queueControl(new HeartbeatAckChunk(hb.info()));
                case HeartbeatAckChunk hba -> onHeartbeatAck(hba, now);
                case ForwardTsnChunk fwd -> {
                    onForwardTsn(fwd);
                    hadData = true; // counts for the SACK policy like DATA (RFC 3758 §3.6)
                }
                case ReConfigChunk rc -> {
                    if (resets != null) {
                        resets.onReConfig(rc, now);
                    }
                }
                case ShutdownChunk sd -> onShutdown(sd, now);
                case ShutdownAckChunk sda -> onShutdownAck();
                case ErrorChunk err -> onError(err);
                case AbortChunk abort -> onAbort(abort);
                case ShutdownCompleteChunk sc -> {
                    if (state == State.SHUTDOWN_ACK_SENT) {
                        closeGracefully();
                    }
                }
                case UnknownChunk u -> {
                    if (u.reported()) {
                        queueControl(new ErrorChunk(List.of(new ErrorCause(ErrorCause.UNRECOGNIZED_CHUNK_TYPE, u.wholeChunk()))));
                    }
                }
                case InitChunk i -> metrics.invalidPackets++; // cannot happen: INIT is checked to be alone
                case InitAckChunk ack -> onInitAck(ack, now);
                case CookieEchoChunk echo -> metrics.invalidPackets++; // only valid first in a packet
            }
        }
        if (hadData && tracker != null) {
            tracker.onDataPacketReceived(now);
            resets.performDeferred(); // set with tracker
        }
    }

    private void onOutOfTheBlue(Chunk first, int vtag) {
        metrics.outOfTheBluePackets++;
        if (first instanceof ShutdownAckChunk) {
            queueRaw(vtag, ShutdownCompleteChunk.REFLECTED_TAG); // §8.4 5
        }
    }

    private boolean isEstablishedLike() {
        return state.ordinal() >= State.ESTABLISHED.ordinal();
    }

    private void onData(byte[] packet, int off) {
        if (!isEstablishedLike() || tracker == null) {
            return;
        }
        metrics.dataChunksReceived++;
        int tsn = DataChunk.tsn(packet, off);
        int payload = DataChunk.length(packet, off) - DataChunk.DATA_HEADER_LENGTH;
        if (!tracker.isReceived(tsn) && !reassembly.hasRoomFor(payload)) {
            metrics.reassemblyOverflows++; // not acknowledged: the peer retransmits when there is room
            return;
        }
        switch (tracker.receive(tsn)) {
            case NEW -> {
                int flags = DataChunk.flags(packet, off);
                ReassemblyQueue.Verdict v = reassembly.add(tsn, DataChunk.streamId(packet, off), DataChunk.ssn(packet, off),
                        DataChunk.ppid(packet, off), (flags & DataChunk.FLAG_BEGINNING) != 0, (flags & DataChunk.FLAG_END) != 0,
                        (flags & DataChunk.FLAG_UNORDERED) != 0, packet, off + DataChunk.DATA_HEADER_LENGTH, payload);
                if (v == ReassemblyQueue.Verdict.INVALID_STREAM) {
                    queueControl(new ErrorChunk(List.of(new ErrorCause(ErrorCause.INVALID_STREAM_IDENTIFIER,
                            new byte[]{packet[off + 8], packet[off + 9], 0, 0}))));
                } else if (v == ReassemblyQueue.Verdict.BUFFER_FULL) {
                    metrics.reassemblyOverflows++;
                } else if (v == ReassemblyQueue.Verdict.MESSAGE_TOO_LARGE) {
                    metrics.oversizedMessages++; // the peer ignored our max-message-size: its fragments are dropped
                }
            }
            case DUPLICATE -> metrics.duplicateTsns++;
            case OUT_OF_WINDOW -> metrics.reassemblyOverflows++;
        }
    }

    private void deliver(int streamId, int ppid, byte[] message, boolean unordered) {
        metrics.messagesDelivered++;
        listener.onMessage(streamId, ppid, message, unordered);
    }

    private void onForwardTsn(ForwardTsnChunk fwd) {
        if (tracker == null) {
            return;
        }
        int newCum = (int) fwd.newCumulativeTsn();
        if (tracker.forwardCumulativeTsn(newCum)) {
            int n = fwd.streamCount();
            if (n > fwdStreams.length) { // bounded by the packet size; rare, so allocate on demand
                fwdStreams = new int[n];
                fwdSsns = new int[n];
            }
            int[] pairs = fwd.streamSequences();
            for (int i = 0; i < n; i++) {
                fwdStreams[i] = pairs[2 * i];
                fwdSsns[i] = pairs[2 * i + 1];
            }
            reassembly.forwardTsn(newCum, fwdStreams, fwdSsns, n);
        }
    }

    /** A SACK read in place at {@code off} (chunk offset) of {@code packet}, already validated. */
    private void onSack(byte[] packet, int off, long now) {
        if (rtx == null) {
            return;
        }
        long flightBefore = rtx.flightBytes();
        int cumAck = (int) SackChunk.cumulativeTsnAck(packet, off);
        int gapCount = SackChunk.gapAckBlockCount(packet, off);
        if (rxGaps.length < 2 * gapCount) {
            rxGaps = new int[2 * gapCount];
        }
        for (int i = 0; i < gapCount; i++) {
            rxGaps[2 * i] = SackChunk.gapAckBlock(packet, off, i, false);
            rxGaps[2 * i + 1] = SackChunk.gapAckBlock(packet, off, i, true);
        }
        if (!rtx.onSack(cumAck, rxGaps, gapCount, now)) {
            return;
        }
        if (rtx.lastRttSampleNanos >= 0) {
            updateRto(rtx.lastRttSampleNanos);
        }
        if (rtx.lastBytesAcked > 0) {
            errorCount = 0;
        }
        cc.onSack(rtx.lastBytesAcked, rtx.lastCumulativeAdvanced, cumAck, flightBefore, rtx.isEmpty());
        if (rtx.lastNewFastRetransmits > 0) {
            metrics.fastRetransmits += rtx.lastNewFastRetransmits;
            if (cc.onFastRetransmit(rtx.nextTsn() - 1)) {
                fastRetransmitPacket = true;
            }
            if (rtx.abandonExpired(now) > 0) {
                forwardTsnDue = true;
            }
        }
        peerWindow.onSack(SackChunk.advertisedReceiverWindowCredit(packet, off), rtx.flightBytes());
        peerWindow.onMarkedForRetransmission(rtx.takeMarkedBytes());
        if (rtx.isEmpty()) {
            t3.stop();
        } else if (rtx.lastCumulativeAdvanced) {
            t3.start(now, rto);
        }
        if (peerForwardTsn && SerialNumbers.tsnGt(rtx.advancedPeerAckPoint(), rtx.cumulativeTsnAck())) {
            forwardTsnDue = true; // RFC 3758 §3.5 C2/C3
        }
        if (resets != null) {
            resets.maybeSendPending(now);
        }
        maybeProgressShutdown(now);
    }

    private void updateRto(long rttNanos) {
        rtoEstimator.measure(rttNanos);
        rto = rtoEstimator.rtoNanos();
    }

    private void backOffRto() {
        rtoEstimator.backOff();
        rto = rtoEstimator.rtoNanos();
    }

    private void onHeartbeatAck(HeartbeatAckChunk ack, long now) {
        byte[] info = ack.info().info();
        if (info.length == 8 && heartbeatSentAt >= 0) {
            long sent = ByteIo.u32(info, 0) << 32 | ByteIo.u32(info, 4);
            if (sent == heartbeatSentAt && now >= sent) {
                updateRto(now - sent);
                heartbeatSentAt = -1;
                errorCount = 0;
            }
        }
    }

    private void onError(ErrorChunk err) {
        for (ErrorCause c : err.causes()) {
            if (c.code() == ErrorCause.STALE_COOKIE_ERROR && state == State.COOKIE_ECHOED) {
                lose("peer reported a stale cookie");
                return;
            }
        }
    }

    private void onAbort(AbortChunk abort) {
        String reason = abort.causes().isEmpty() ? "ABORT received" : "ABORT received: " + abort.causes().getFirst();
        closeState();
        listener.onAssociationLost(reason);
    }

    // =================================================================== send

    @Override
    public SendStatus send(int streamId, int ppid, byte[] data, int offset, int length, boolean unordered,
                           int maxRetransmits, long lifetimeNanos, long now) {
        return send(streamId, ppid, data, offset, length, false, unordered, maxRetransmits, lifetimeNanos, now);
    }

    /** Queues {@code data} without copying it: see {@link SctpTransport#sendOwned} for the ownership contract. */
    @Override
    public SendStatus sendOwned(int streamId, int ppid, byte[] data, boolean unordered, int maxRetransmits,
                                long lifetimeNanos, long now) {
        return send(streamId, ppid, data, 0, data.length, true, unordered, maxRetransmits, lifetimeNanos, now);
    }

    private SendStatus send(int streamId, int ppid, byte[] data, int offset, int length, boolean owned, boolean unordered,
                            int maxRetransmits, long lifetimeNanos, long now) {
        if (state != State.ESTABLISHED) {
            return SendStatus.NOT_ESTABLISHED;
        }
        if (streamId < 0 || streamId >= outboundStreams) {
            return SendStatus.INVALID_STREAM;
        }
        if (!peerForwardTsn) { // RFC 3758 §3.3: without the peer's PR-SCTP support every message is reliable
            maxRetransmits = RELIABLE;
            lifetimeNanos = NO_LIFETIME;
        }
        SendStatus s = owned
                ? sendQueue.enqueueOwned(streamId, ppid, data, unordered, maxRetransmits, lifetimeNanos, now)
                : sendQueue.enqueue(streamId, ppid, data, offset, length, unordered, maxRetransmits, lifetimeNanos, now);
        if (s == SendStatus.ACCEPTED) {
            metrics.messagesSent++;
        } else if (s == SendStatus.BUFFER_FULL) {
            metrics.bufferFullRefusals++;
        }
        return s;
    }

    @Override
    public long bufferedAmount(int streamId) {
        return sendQueue == null ? 0 : sendQueue.bufferedAmount(streamId);
    }

    @Override
    public void bufferedAmountLowThreshold(int streamId, long bytes) {
        if (sendQueue != null) {
            sendQueue.bufferedAmountLowThreshold(streamId, bytes);
        } else if (bytes < 0 || streamId < 0 || streamId >= config.maxStreams()) {
            throw new IllegalArgumentException("streamId " + streamId + ", bytes " + bytes
                    + " (expected: 0 <= streamId < " + config.maxStreams() + ", bytes >= 0)");
        } else {
            pendingThresholds.put(streamId, bytes); // applied when the association is established
        }
    }

    @Override
    public int maxMessageSize() {
        return config.maxMessageSize();
    }

    /** DATA chunks sent and not yet covered by the peer's cumulative TSN ack (abandoned ones included). */
    int outstandingChunks() {
        return rtx == null ? 0 : rtx.outstandingChunks();
    }

    /** Negotiated outbound stream count (0 before the association is established). */
    public int outboundStreams() {
        return outboundStreams;
    }

    /** Negotiated inbound stream count (0 before the association is established). */
    public int inboundStreams() {
        return inboundStreams;
    }

    /**
     * Writes the next packet to send into {@code dst} at {@code offset} (at most {@link SctpConfig#mtu()}
     * bytes, and at most the room left in {@code dst}).
     *
     * @return bytes written; 0 when there is nothing to send now
     */
    public int poll(byte[] dst, int offset, long now) {
        nowNanos = now;
        int limit = offset + Math.min(config.mtu(), dst.length - offset);
        byte[] raw = rawPackets.peek();
        if (raw != null && raw.length > dst.length - offset) {
            rawPackets.poll(); // the caller's buffer cannot hold it: drop rather than overflow
            raw = null;
        } else if (raw != null) {
            rawPackets.poll();
        }
        if (raw != null) {
            System.arraycopy(raw, 0, dst, offset, raw.length);
            metrics.packetsSent++;
            return raw.length;
        }
        if (state == State.CLOSED || state == State.COOKIE_WAIT) {
            return 0;
        }
        int pos = offset + SctpPacket.HEADER_LENGTH;
        boolean any = false;
        while (!control.isEmpty()) {
            Chunk c = control.peek();
            int n = Chunks.paddedLength(c);
            if (pos + n > limit) {
                if (!any) {
                    control.poll(); // larger than the MTU: cannot be sent at all
                    continue;
                }
                break;
            }
            pos += Chunks.encode(control.poll(), dst, pos);
            any = true;
        }
        boolean dataToSend = rtx != null && (rtx.hasRetransmissions() || sendQueue.hasData());
        if (tracker != null && (tracker.immediateSackRequired()
                || (tracker.sackPending() && (dataToSend || now >= tracker.sackDeadline(config.delayedSackNanos()))))) {
            // due now, or piggybacked on DATA we are sending anyway (saves a packet)
            int n = 16 + 4 * Math.min(tracker.gapAckBlockCount(), MAX_GAP_BLOCKS) + 4 * Math.min(tracker.duplicateCount(), MAX_DUPLICATES);
            if (pos + n <= limit) {
                pos += writeSack(dst, pos);
                any = true;
            }
        }
        if (forwardTsnDue && rtx != null) {
            int newCum = rtx.advancedPeerAckPoint();
            if (SerialNumbers.tsnGt(newCum, rtx.cumulativeTsnAck())) {
                int pairs = rtx.forwardTsnStreams(newCum, fwdPairs);
                ForwardTsnChunk fwd = new ForwardTsnChunk(newCum & 0xFFFF_FFFFL, Arrays.copyOf(fwdPairs, 2 * pairs));
                if (pos + Chunks.paddedLength(fwd) <= limit) {
                    pos += Chunks.encode(fwd, dst, pos);
                    any = true;
                    forwardTsnDue = false;
                }
            } else {
                forwardTsnDue = false;
            }
        }
        if (rtx != null && (state == State.ESTABLISHED || state == State.SHUTDOWN_PENDING || state == State.SHUTDOWN_RECEIVED)) {
            int before = pos;
            pos = writeRetransmissions(dst, pos, limit, now);
            pos = writeNewData(dst, pos, limit, now);
            any |= pos != before;
            if (pos != before) {
                t3.startIfStopped(now, rto);
            }
        }
        if (!any) {
            return 0;
        }
        SctpPacket.writeHeader(dst, offset, config.localPort(), config.remotePort(), tag(peerTag));
        SctpPacket.writeChecksum(crc, dst, offset, pos - offset);
        metrics.packetsSent++;
        return pos - offset;
    }

    private int writeSack(byte[] dst, int pos) {
        int gaps = tracker.gapAckBlocks(gapStarts, gapEnds);
        int dups = tracker.duplicateTsns(duplicates);
        long arwnd = reassembly.availableBytes();
        int n = SackChunk.encode(dst, pos, tag(tracker.cumulativeTsn()), arwnd, gapStarts, gapEnds, gaps, duplicates, dups);
        tracker.onSackSent();
        return n;
    }

    private int writeRetransmissions(byte[] dst, int pos, int limit, long now) {
        if (!rtx.hasRetransmissions()) {
            return pos;
        }
        if (rtx.abandonExpired(now) > 0) {
            forwardTsnDue = true;
        }
        boolean allowed = fastRetransmitPacket || rtx.flightBytes() < cc.cwnd();
        fastRetransmitPacket = false;
        while (allowed) {
            int i = rtx.nextRetransmission();
            if (i < 0) {
                break;
            }
            int len = rtx.lengthAt(i);
            if (pos + ByteIo.padded(DataChunk.DATA_HEADER_LENGTH + len) > limit) {
                break;
            }
            OutgoingMessage m = rtx.messageAt(i);
            pos += DataChunk.encode(dst, pos, rtx.flagsAt(i), tag(rtx.tsnAt(i)), m.streamId, m.ssn, m.ppid,
                    m.data, rtx.offsetAt(i), len);
            rtx.retransmitted(i, now);
            peerWindow.onDataSent(len);
            cc.onDataSent(now);
            metrics.retransmissions++;
            metrics.dataChunksSent++;
        }
        return pos;
    }

    private int writeNewData(byte[] dst, int pos, int limit, long now) {
        if (rtx.hasRetransmissions() || !sendQueue.hasData()) {
            return pos;
        }
        if (rtx.flightBytes() == 0) {
            cc.onIdleCheck(now, rto);
        }
        int fullChunk = config.mtu() - SctpPacket.HEADER_LENGTH - DataChunk.DATA_HEADER_LENGTH;
        while (true) {
            int room = limit - pos - DataChunk.DATA_HEADER_LENGTH;
            long flight = rtx.flightBytes();
            if (room < 1 || !rtx.hasRoom()) {
                break;
            }
            int max = Math.min(room, fullChunk);
            // Selecting a message assigns nothing (SendQueue gives the SSN with the first fragment), so asking
            // for the next fragment's length is safe even when the windows then keep it from going out.
            int len = sendQueue.nextFragmentLength(max, now);
            // congestion window (RFC 9260 §6.1 B) and receiver window (§6.1 A, zero-window probe)
            if (len == 0 || !cc.canSend(flight, len) || !peerWindow.canSend(len, flight)) {
                break;
            }
            OutgoingMessage current = sendQueue.current();
            if (current.sentBytes > 0 && current.isExpired(now)) {
                rtx.abandonNewest(current); // RFC 3758 §4.1 TR4: evaluate the lifetime before each transmission
                forwardTsnDue = peerForwardTsn;
                continue;
            }
            if (!sendQueue.next(max, now, fragment)) {
                break;
            }
            OutgoingMessage m = fragment.message();
            int flags = (fragment.beginning() ? DataChunk.FLAG_BEGINNING : 0) | (fragment.ending() ? DataChunk.FLAG_END : 0)
                    | (m.unordered ? DataChunk.FLAG_UNORDERED : 0);
            int tsn = rtx.add(m, fragment.offset(), fragment.length(), flags, now);
            pos += DataChunk.encode(dst, pos, flags, tag(tsn), m.streamId, m.ssn, m.ppid, m.data, fragment.offset(), fragment.length());
            peerWindow.onDataSent(fragment.length());
            cc.onDataSent(now);
            metrics.dataChunksSent++;
            if (resets != null && sendQueue.isResetPending(m.streamId) && sendQueue.isDrained(m.streamId)) {
                resets.maybeSendPending(now);
            }
        }
        return pos;
    }

    // =================================================================== timers

    /** Earliest time {@link #onTimeout} must run, {@link Long#MAX_VALUE} for none. */
    public long nextDeadline() {
        long d = t2.earliest(t3.earliest(t1.deadline()));
        if (resets != null) {
            d = resets.earliestDeadline(d);
        }
        if (isEstablishedLike()) {
            d = heartbeatTimer.earliest(d);
        }
        if (tracker != null && tracker.sackPending()) {
            d = Math.min(d, tracker.sackDeadline(config.delayedSackNanos()));
        }
        return d;
    }

    /** Runs every timer due at {@code now}: T1, T3-rtx, T2, RE-CONFIG, heartbeat (delayed SACK goes out on the next poll). */
    public void onTimeout(long now) {
        nowNanos = now;
        if (t1.isExpired(now)) {
            onT1Expired(now);
        }
        if (t3.isExpired(now) && state != State.CLOSED) {
            onT3Expired(now);
        }
        if (t2.isExpired(now) && state != State.CLOSED) {
            onT2Expired(now);
        }
        if (resets != null && state != State.CLOSED) {
            resets.onTimeout(now);
        }
        if (heartbeatTimer.isExpired(now) && isEstablishedLike()) {
            onHeartbeatTimer(now);
        }
        if (rtx != null && peerForwardTsn && rtx.abandonLifetimeExpired(now) > 0) {
            forwardTsnDue = true;
        }
    }

    private void onT1Expired(long now) {
        t1.stop();
        if (t1Chunk == null) {
            return;
        }
        if (++t1Count > config.maxInitRetransmits()) {
            lose("no answer to " + (t1Chunk instanceof InitChunk ? "INIT" : "COOKIE ECHO") + " after "
                    + config.maxInitRetransmits() + " retransmissions");
            return;
        }
        t1Rto = Math.min(t1Rto * 2, config.rtoMaxNanos());
        sendT1Chunk(now);
    }

    private void onT3Expired(long now) {
        t3.stop();
        if (rtx == null || rtx.isEmpty()) {
            return;
        }
        metrics.t3Expirations++;
        if (++errorCount > config.maxAssociationRetransmits()) {
            lose("peer unreachable: " + errorCount + " consecutive retransmission timeouts");
            return;
        }
        backOffRto(); // RFC 6298 §5.5
        cc.onT3Timeout();
        rtx.markAllForRetransmit();
        peerWindow.onMarkedForRetransmission(rtx.takeMarkedBytes());
        if (rtx.abandonExpired(now) > 0 || SerialNumbers.tsnGt(rtx.advancedPeerAckPoint(), rtx.cumulativeTsnAck())) {
            forwardTsnDue = peerForwardTsn;
        }
        fastRetransmitPacket = true; // one packet regardless of cwnd (cwnd is 1 MTU now anyway)
        t3.start(now, rto);
    }

    private void onHeartbeatTimer(long now) {
        if (heartbeatSentAt >= 0 && ++errorCount > config.maxAssociationRetransmits()) {
            lose("peer unreachable: " + errorCount + " unanswered heartbeats");
            return;
        }
        if (rtx == null || rtx.isEmpty()) {
            byte[] info = new byte[8];
            ByteIo.u32(info, 0, now >>> 32);
            ByteIo.u32(info, 4, now & 0xFFFF_FFFFL);
            heartbeatSentAt = now;
            queueControl(new HeartbeatChunk(new HeartbeatInfoParam(info)));
            metrics.heartbeatsSent++;
        }
        heartbeatTimer.start(now, rto + config.heartbeatIntervalNanos()); // RFC 9260 §8.3: HB.interval + RTO
    }

    private void onT2Expired(long now) {
        t2.stop();
        if (++t2Count > config.maxAssociationRetransmits()) {
            lose("no answer to SHUTDOWN");
            return;
        }
        backOffRto();
        if (state == State.SHUTDOWN_SENT) {
            queueControl(new ShutdownChunk(tag(tracker.cumulativeTsn())));
        } else if (state == State.SHUTDOWN_ACK_SENT) {
            queueControl(ShutdownAckChunk.INSTANCE);
        }
        t2.start(now, rto);
    }

    // =================================================================== stream reset (RFC 6525)

    /** Requests an outgoing SSN reset once the streams' queued data has been sent (RFC 8831 §6.7). */
    @Override
    public void resetOutgoingStreams(int... streamIds) {
        if (isEstablishedLike() && resets != null) {
            resets.resetOutgoing(streamIds, nowNanos);
        }
    }

    // =================================================================== shutdown / abort

    /** Starts the graceful SHUTDOWN sequence (RFC 9260 §9.2) once all queued data is acknowledged. */
    public void shutdown(long now) {
        nowNanos = now;
        if (state == State.ESTABLISHED) {
            state = State.SHUTDOWN_PENDING;
            maybeProgressShutdown(now);
        } else if (state == State.COOKIE_WAIT || state == State.COOKIE_ECHOED) {
            closeState();
            listener.onAssociationClosed();
        }
    }

    private void maybeProgressShutdown(long now) {
        boolean drained = rtx != null && rtx.isEmpty() && !sendQueue.hasData();
        if (!drained) {
            return;
        }
        if (state == State.SHUTDOWN_PENDING) {
            state = State.SHUTDOWN_SENT;
            queueControl(new ShutdownChunk(tag(tracker.cumulativeTsn())));
            t2Count = 0;
            t2.start(now, rto);
            t3.stop();
        } else if (state == State.SHUTDOWN_RECEIVED) {
            state = State.SHUTDOWN_ACK_SENT;
            queueControl(ShutdownAckChunk.INSTANCE);
            t2Count = 0;
            t2.start(now, rto);
            t3.stop();
        }
    }

    private void onShutdown(ShutdownChunk sd, long now) {
        if (rtx != null) {
            rtx.onSack((int) sd.cumulativeTsnAck(), new int[0], now);
        }
        if (state == State.ESTABLISHED || state == State.SHUTDOWN_PENDING) {
            state = State.SHUTDOWN_RECEIVED;
        }
        if (state == State.SHUTDOWN_SENT) {
            // both sides shut down at once (§9.2): answer with SHUTDOWN ACK
            state = State.SHUTDOWN_RECEIVED;
        }
        maybeProgressShutdown(now);
    }

    private void onShutdownAck() {
        if (state == State.SHUTDOWN_SENT || state == State.SHUTDOWN_ACK_SENT) {
            queueRaw(peerTag, ShutdownCompleteChunk.OWN_TAG);
            closeGracefully();
        }
    }

    private void closeGracefully() {
        closeState();
        listener.onAssociationClosed();
    }

    /** Sends ABORT (User-Initiated Abort) and closes at once; reports {@link SctpListener#onAssociationLost}. */
    public void abort(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        abortWith(ErrorCause.userInitiatedAbort(reason), reason);
    }

    private void abortWith(ErrorCause cause, String reason) {
        queueRaw(peerTag, new AbortChunk(false, List.of(cause)));
        closeState();
        listener.onAssociationLost(reason);
    }

    private void lose(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        if (isEstablishedLike()) {
            queueRaw(peerTag, new AbortChunk(false, List.of(ErrorCause.userInitiatedAbort(reason))));
        }
        closeState();
        listener.onAssociationLost(reason);
    }

    private void closeState() {
        state = State.CLOSED;
        terminated = true;
        t1.stop();
        t2.stop();
        t3.stop();
        heartbeatTimer.stop();
        t1Chunk = null;
        control.clear();
        tracker = null;
        resets = null;
    }

    // =================================================================== output helpers

    private void queueControl(Chunk c) {
        if (control.size() < MAX_CONTROL_CHUNKS) {
            control.add(c);
        }
    }

    /** A packet of its own with an explicit verification tag (INIT, INIT ACK, ABORT, T-bit replies). */
    private void queueRaw(int vtag, Chunk c) {
        if (rawPackets.size() >= MAX_RAW_PACKETS) {
            return;
        }
        byte[] p = new SctpPacket(config.localPort(), config.remotePort(), tag(vtag), List.of(c)).encode();
        if (p.length > config.mtu() && !(c instanceof InitChunk || c instanceof InitAckChunk)) {
            return;
        }
        rawPackets.add(p);
    }

    private static long tag(int v) {
        return v & 0xFFFF_FFFFL;
    }

    @Override
    public String toString() {
        return "SctpAssociation{state=" + state + ", localTag=" + Integer.toHexString(localTag) + ", peerTag="
                + Integer.toHexString(peerTag) + ", rto=" + rto / 1_000_000 + "ms, " + rtx + ", " + metrics + "}";
    }
}
