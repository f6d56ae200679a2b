package dev.strafe.webrtc.peer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Every non-standard knob of the stack in one immutable, validated object (STYLE #7): where the UDP endpoint
 * binds, what it advertises, who may talk to it, how many peers it holds and how much each may queue, and the
 * ICE/DTLS/SCTP knobs passed through to the layers. {@link Builder#build()} checks every value and names the
 * wrong one: {@code "mtu: 70000 (expected: 576..9000)"}.
 *
 * <h2>Defaults</h2>
 * <ul>
 *   <li>bind {@code 127.0.0.1:0} (an ephemeral port; servers set a fixed one), advertised = the bind host
 *       (a wildcard bind host needs an explicit {@link Builder#advertisedAddress});</li>
 *   <li>allowed remote networks: loopback only ({@code 127.0.0.0/8}, {@code ::1/128}). Deny by default: a
 *       public server sets {@code 0.0.0.0/0} (and {@code ::/0}) or its real client ranges explicitly;</li>
 *   <li>{@code maxPeers} 10,000; handshake timeout 10 s (offer answered → connected); 2 sockets/event loops;</li>
 *   <li>MTU 1,200 bytes (the SCTP packet size inside DTLS stays below it), max message size 256 KiB;</li>
 *   <li>per peer: 64 datagrams queued for the DTLS handshake thread, 8 MiB of SCTP send buffer;</li>
 *   <li>ICE: consent lost after 18 s without a valid check → {@code disconnected}, after 30 s → {@code failed}
 *       (RFC 7675 §5.1: consent expires 30 s after the last response). Chromium checks about every 2.5 s,
 *       Firefox every 5 s, but libjuice (libdatachannel) only every 15 s: a shorter timeout disconnects
 *       healthy libdatachannel peers;</li>
 *   <li>SCTP: RTO initial 1 s, min 400 ms, max 10 s (the sctp layer's RTO.Min: a lower one makes a starved
 *       server abandon unreliable messages on spurious T3 expiries).</li>
 * </ul>
 */
public final class StackSettings {

    private final String bindHost;
    private final int bindPort;
    private final String advertisedAddress;
    private final List<IpNetwork> allowedRemoteNetworks;
    private final int maxPeers;
    private final Duration handshakeTimeout;
    private final int sockets;
    private final int mtu;
    private final int maxMessageSize;
    private final int dtlsHandshakeQueueLimit;
    private final int sctpSendBufferBytes;
    private final Duration iceDisconnectedTimeout;
    private final Duration iceFailedTimeout;
    private final Duration sctpRtoInitial;
    private final Duration sctpRtoMin;
    private final Duration sctpRtoMax;
    private final int sctpSackEveryPackets;
    private final boolean iceRegularNomination;
    private final int udpReceiveBufferBytes;
    private final int udpSendBufferBytes;
    private final boolean sctpServerSendsInit;

    private StackSettings(Builder b) {
        this.sctpServerSendsInit = b.sctpServerSendsInit;
        this.bindHost = b.bindHost;
        this.bindPort = b.bindPort;
        this.advertisedAddress = b.advertisedAddress != null ? b.advertisedAddress : b.bindHost;
        this.allowedRemoteNetworks = List.copyOf(b.allowedRemoteNetworks);
        this.maxPeers = b.maxPeers;
        this.handshakeTimeout = b.handshakeTimeout;
        this.sockets = b.sockets;
        this.mtu = b.mtu;
        this.maxMessageSize = b.maxMessageSize;
        this.dtlsHandshakeQueueLimit = b.dtlsHandshakeQueueLimit;
        this.sctpSendBufferBytes = b.sctpSendBufferBytes;
        this.iceDisconnectedTimeout = b.iceDisconnectedTimeout;
        this.iceFailedTimeout = b.iceFailedTimeout;
        this.sctpRtoInitial = b.sctpRtoInitial;
        this.sctpRtoMin = b.sctpRtoMin;
        this.sctpRtoMax = b.sctpRtoMax;
        this.sctpSackEveryPackets = b.sctpSackEveryPackets;
        this.iceRegularNomination = b.iceRegularNomination;
        this.udpReceiveBufferBytes = b.udpReceiveBufferBytes;
        this.udpSendBufferBytes = b.udpSendBufferBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings with every default (loopback, ephemeral port). */
    public static StackSettings defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.bindHost = bindHost;
        b.bindPort = bindPort;
        b.advertisedAddress = advertisedAddress;
        b.allowedRemoteNetworks = allowedRemoteNetworks;
        b.maxPeers = maxPeers;
        b.handshakeTimeout = handshakeTimeout;
        b.sockets = sockets;
        b.mtu = mtu;
        b.maxMessageSize = maxMessageSize;
        b.dtlsHandshakeQueueLimit = dtlsHandshakeQueueLimit;
        b.sctpSendBufferBytes = sctpSendBufferBytes;
        b.iceDisconnectedTimeout = iceDisconnectedTimeout;
        b.iceFailedTimeout = iceFailedTimeout;
        b.sctpRtoInitial = sctpRtoInitial;
        b.sctpRtoMin = sctpRtoMin;
        b.sctpRtoMax = sctpRtoMax;
        b.sctpSackEveryPackets = sctpSackEveryPackets;
        b.iceRegularNomination = iceRegularNomination;
        b.udpReceiveBufferBytes = udpReceiveBufferBytes;
        b.udpSendBufferBytes = udpSendBufferBytes;
        b.sctpServerSendsInit = sctpServerSendsInit;
        return b;
    }

    /** Local address the UDP sockets bind to. */
    public String bindHost() { return bindHost; }
    /** Local UDP port shared by all peers (0 = ephemeral, see {@code UdpEndpoint.localPort()}). */
    public int bindPort() { return bindPort; }
    /** Address written into the answer's host candidate (NAT 1:1: the public address of the node). */
    public String advertisedAddress() { return advertisedAddress; }
    /** Datagrams from other networks are dropped before any parsing (metric {@code droppedByFilter}). */
    public List<IpNetwork> allowedRemoteNetworks() { return allowedRemoteNetworks; }
    /** Peers (pending + connected) one endpoint holds; one more offer is refused. */
    public int maxPeers() { return maxPeers; }
    /** From the answer to {@code connected}; a peer still connecting after it fails and is removed. */
    public Duration handshakeTimeout() { return handshakeTimeout; }
    /** UDP sockets sharing the port, one per event loop (1 when SO_REUSEPORT is unavailable). */
    public int sockets() { return sockets; }
    /** Largest UDP payload sent (DTLS record included). */
    public int mtu() { return mtu; }
    /** {@code a=max-message-size} announced and enforced per data-channel message. */
    public int maxMessageSize() { return maxMessageSize; }
    /** Datagrams queued per peer for its DTLS handshake thread; more are dropped (the peer retransmits). */
    public int dtlsHandshakeQueueLimit() { return dtlsHandshakeQueueLimit; }
    /** SCTP bytes queued and not yet acknowledged per association; {@code send} is refused above it. */
    public int sctpSendBufferBytes() { return sctpSendBufferBytes; }
    public Duration iceDisconnectedTimeout() { return iceDisconnectedTimeout; }
    public Duration iceFailedTimeout() { return iceFailedTimeout; }
    public Duration sctpRtoInitial() { return sctpRtoInitial; }
    public Duration sctpRtoMin() { return sctpRtoMin; }
    public Duration sctpRtoMax() { return sctpRtoMax; }
    /**
     * SCTP acknowledges at the latest every this many received packets ({@code SctpConfig.sackEveryPackets}).
     * Default 4: half the SACK datagrams of RFC 9260's "SHOULD every second packet" (2), which costs a system
     * call and a loopback/NIC interrupt each; gaps and duplicates are still acknowledged immediately. At most 4
     * (RFC 9260's Max.Burst: a sender may only have four new packets in flight after a SACK).
     */
    public int sctpSackEveryPackets() { return sctpSackEveryPackets; }
    /**
     * Client role only: nominate the ICE pair with a second check after a plain one (RFC 8445 regular nomination,
     * as libjuice/libdatachannel do) instead of USE-CANDIDATE on the first check. Default false.
     */
    public boolean iceRegularNomination() { return iceRegularNomination; }
    /** SO_RCVBUF asked for each UDP socket (the kernel doubles it and caps it at net.core.rmem_max). */
    public int udpReceiveBufferBytes() { return udpReceiveBufferBytes; }
    public int udpSendBufferBytes() { return udpSendBufferBytes; }
    /**
     * Whether the DTLS server also sends an SCTP INIT (simultaneous open, handled per RFC 9260 §5.2). Off by
     * default: the DTLS client (browsers, libdatachannel, our client role) always sends INIT, and answering
     * it alone saves the collision's extra chunks during setup.
     */
    public boolean sctpServerSendsInit() { return sctpServerSendsInit; }

    /** Whether a datagram from {@code address} passes the allowed-networks filter. */
    public boolean allows(byte[] address) {
        for (IpNetwork n : allowedRemoteNetworks) {
            if (n.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "StackSettings{bind=" + bindHost + ":" + bindPort + ", advertised=" + advertisedAddress
            + ", allowed=" + allowedRemoteNetworks + ", maxPeers=" + maxPeers + ", handshakeTimeout=" + handshakeTimeout
            + ", sockets=" + sockets + ", mtu=" + mtu + ", maxMessageSize=" + maxMessageSize + "}";
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private String bindHost = "127.0.0.1";
        private int bindPort = 0;
        private String advertisedAddress;
        private List<IpNetwork> allowedRemoteNetworks = List.of(IpNetwork.parse("127.0.0.0/8"), IpNetwork.parse("::1/128"));
        private int maxPeers = 10_000;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private int sockets = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8));
        private int mtu = 1200;
        private int maxMessageSize = 256 * 1024;
        private int dtlsHandshakeQueueLimit = 64;
        private int sctpSendBufferBytes = 8 * 1024 * 1024;
        private Duration iceDisconnectedTimeout = Duration.ofSeconds(18);
        private Duration iceFailedTimeout = Duration.ofSeconds(30);
        private Duration sctpRtoInitial = Duration.ofSeconds(1);
        private Duration sctpRtoMin = Duration.ofMillis(400);
        private Duration sctpRtoMax = Duration.ofSeconds(10);
        private int sctpSackEveryPackets = 4;
        private boolean iceRegularNomination;
        private int udpReceiveBufferBytes = 2 * 1024 * 1024;
        private int udpSendBufferBytes = 2 * 1024 * 1024;
        private boolean sctpServerSendsInit;

        private Builder() {
        }

        public Builder bindHost(String host) { this.bindHost = Objects.requireNonNull(host, "bindHost"); return this; }
        public Builder bindPort(int port) { this.bindPort = port; return this; }
        public Builder advertisedAddress(String address) { this.advertisedAddress = address; return this; }
        public Builder allowedRemoteNetworks(String... cidrs) {
            this.allowedRemoteNetworks = java.util.Arrays.stream(cidrs).map(IpNetwork::parse).toList();
            return this;
        }
        public Builder allowedRemoteNetworks(List<IpNetwork> networks) { this.allowedRemoteNetworks = List.copyOf(networks); return this; }
        public Builder maxPeers(int n) { this.maxPeers = n; return this; }
        public Builder handshakeTimeout(Duration d) { this.handshakeTimeout = Objects.requireNonNull(d, "handshakeTimeout"); return this; }
        public Builder sockets(int n) { this.sockets = n; return this; }
        public Builder mtu(int bytes) { this.mtu = bytes; return this; }
        public Builder maxMessageSize(int bytes) { this.maxMessageSize = bytes; return this; }
        public Builder dtlsHandshakeQueueLimit(int datagrams) { this.dtlsHandshakeQueueLimit = datagrams; return this; }
        public Builder sctpSendBufferBytes(int bytes) { this.sctpSendBufferBytes = bytes; return this; }
        public Builder iceDisconnectedTimeout(Duration d) { this.iceDisconnectedTimeout = Objects.requireNonNull(d); return this; }
        public Builder iceFailedTimeout(Duration d) { this.iceFailedTimeout = Objects.requireNonNull(d); return this; }
        public Builder sctpRtoInitial(Duration d) { this.sctpRtoInitial = Objects.requireNonNull(d); return this; }
        public Builder sctpRtoMin(Duration d) { this.sctpRtoMin = Objects.requireNonNull(d); return this; }
        public Builder sctpRtoMax(Duration d) { this.sctpRtoMax = Objects.requireNonNull(d); return this; }
        public Builder sctpSackEveryPackets(int packets) { this.sctpSackEveryPackets = packets; return this; }
        public Builder iceRegularNomination(boolean regular) { this.iceRegularNomination = regular; return this; }
        public Builder udpReceiveBufferBytes(int bytes) { this.udpReceiveBufferBytes = bytes; return this; }
        public Builder udpSendBufferBytes(int bytes) { this.udpSendBufferBytes = bytes; return this; }
        public Builder sctpServerSendsInit(boolean sends) { this.sctpServerSendsInit = sends; return this; }

        public StackSettings build() {
            requireLiteral("bindHost", bindHost);
            range("bindPort", bindPort, 0, 65535);
            String advertised = advertisedAddress != null ? advertisedAddress : bindHost;
            requireLiteral("advertisedAddress", advertised);
            if (isWildcard(advertised)) {
                throw new IllegalArgumentException("advertisedAddress: " + advertised
                    + " (expected: a concrete address peers can reach; set it when binding a wildcard address)");
            }
            if (allowedRemoteNetworks.isEmpty()) {
                throw new IllegalArgumentException("allowedRemoteNetworks: [] (expected: at least one network)");
            }
            range("maxPeers", maxPeers, 1, 1_000_000);
            positive("handshakeTimeout", handshakeTimeout, Duration.ofMinutes(5));
            range("sockets", sockets, 1, 64);
            range("mtu", mtu, 576, 9000);
            range("maxMessageSize", maxMessageSize, 1024, 16 * 1024 * 1024);
            range("dtlsHandshakeQueueLimit", dtlsHandshakeQueueLimit, 4, 4096);
            range("sctpSendBufferBytes", sctpSendBufferBytes, maxMessageSize, 1 << 30);
            positive("iceDisconnectedTimeout", iceDisconnectedTimeout, Duration.ofMinutes(5));
            positive("iceFailedTimeout", iceFailedTimeout, Duration.ofMinutes(10));
            if (iceFailedTimeout.compareTo(iceDisconnectedTimeout) < 0) {
                throw new IllegalArgumentException("iceFailedTimeout: " + iceFailedTimeout
                    + " (expected: >= iceDisconnectedTimeout " + iceDisconnectedTimeout + ")");
            }
            positive("sctpRtoMin", sctpRtoMin, Duration.ofMinutes(1));
            positive("sctpRtoMax", sctpRtoMax, Duration.ofMinutes(5));
            range("sctpSackEveryPackets", sctpSackEveryPackets, 2, 4);
            if (sctpRtoInitial.compareTo(sctpRtoMin) < 0 || sctpRtoInitial.compareTo(sctpRtoMax) > 0) {
                throw new IllegalArgumentException("sctpRtoInitial: " + sctpRtoInitial
                    + " (expected: " + sctpRtoMin + ".." + sctpRtoMax + ")");
            }
            range("udpReceiveBufferBytes", udpReceiveBufferBytes, 0, 1 << 28);
            range("udpSendBufferBytes", udpSendBufferBytes, 0, 1 << 28);
            return new StackSettings(this);
        }

        private static void range(String name, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + ".." + max + ")");
            }
        }

        private static void positive(String name, Duration d, Duration max) {
            if (d.isNegative() || d.isZero() || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: > 0 and <= " + max + ")");
            }
        }

        private static void requireLiteral(String name, String host) {
            try {
                IpNetwork.parse(host);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": \"" + host + "\" (expected: an IP literal)");
            }
        }

        private static boolean isWildcard(String host) {
            try {
                return InetAddress.getByName(host).isAnyLocalAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }
}
