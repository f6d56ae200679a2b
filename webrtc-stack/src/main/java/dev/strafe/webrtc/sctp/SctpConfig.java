package dev.strafe.webrtc.sctp;

import java.time.Duration;

/**
 * Settings of one {@link SctpAssociation}, validated when built (STYLE #7, #14). Defaults suit WebRTC
 * data channels (RFC 8831): port 5000, 1,200-byte SCTP packets, 256 KiB messages.
 *
 * @param localPort                 SCTP port of this endpoint (SDP {@code a=sctp-port})
 * @param remotePort                SCTP port of the peer
 * @param mtu                       largest SCTP packet written by {@code poll}, common header included
 * @param maxMessageSize            largest user message sent or received (SDP {@code a=max-message-size})
 * @param maxReassemblyBytes        bytes of received, not yet delivered data kept; also the advertised a_rwnd
 * @param maxSendBufferBytes        bytes of queued + unacknowledged user data; {@code send} refuses beyond
 * @param maxQueuedMessages         messages waiting for their first transmission; {@code send} refuses beyond
 *                                  (bounds per-message overhead, which {@code maxSendBufferBytes} alone does not)
 * @param maxStreams                outbound and inbound streams offered in INIT / INIT ACK (1..65535)
 * @param rtoInitialNanos           RTO.Initial (RFC 9260 §16)
 * @param rtoMinNanos               RTO.Min
 * @param rtoMaxNanos               RTO.Max (default 3 s, the WebRTC timer back-off cap, not RFC 9260's 60 s)
 * @param maxInitRetransmits        Max.Init.Retransmits (INIT and COOKIE ECHO)
 * @param maxAssociationRetransmits Association.Max.Retrans: consecutive unanswered retransmissions/heartbeats
 *                                  before the peer is declared unreachable
 * @param heartbeatIntervalNanos    HB.interval on an idle path
 * @param delayedSackNanos          delayed-SACK timeout (RFC 9260 §6.2: at most 500 ms, 200 ms recommended)
 * @param cookieLifetimeNanos       Valid.Cookie.Life
 * @param sackEveryPackets          a SACK at the latest after this many packets with DATA (2..4). RFC 9260 §6.2
 *                                  says SHOULD every second packet (2, strict); 4 halves the SACK datagrams, each
 *                                  a system call here and an interrupt at the sender (~20 % of the receive path's
 *                                  CPU on bulk transfers). Not more: with RFC 9260's Max.Burst of 4 a sender may
 *                                  have only four new packets in flight after a SACK, and would then wait for the
 *                                  delayed-SACK timer (measured: every 16th packet stalled libdatachannel's bulk
 *                                  sender). Gaps, duplicates and the first DATA are still acknowledged at once.
 */
public record SctpConfig(int localPort, int remotePort, int mtu, int maxMessageSize, int maxReassemblyBytes,
                         long maxSendBufferBytes, int maxQueuedMessages, int maxStreams, long rtoInitialNanos, long rtoMinNanos,
                         long rtoMaxNanos, int maxInitRetransmits, int maxAssociationRetransmits,
                         long heartbeatIntervalNanos, long delayedSackNanos, long cookieLifetimeNanos,
                         int sackEveryPackets) {

    public static final int DEFAULT_PORT = 5000;

    public SctpConfig {
        range("localPort", localPort, 1, 65_535);
        range("remotePort", remotePort, 1, 65_535);
        range("mtu", mtu, 256, 65_535);
        range("maxMessageSize", maxMessageSize, 1, 1 << 30);
        range("maxReassemblyBytes", maxReassemblyBytes, Math.max(mtu, 1500), Integer.MAX_VALUE);
        if (maxReassemblyBytes < maxMessageSize) {
            throw new IllegalArgumentException("maxReassemblyBytes: " + maxReassemblyBytes + " (expected: >= maxMessageSize " + maxMessageSize + ")");
        }
        if (maxSendBufferBytes < maxMessageSize) {
            throw new IllegalArgumentException("maxSendBufferBytes: " + maxSendBufferBytes + " (expected: >= maxMessageSize " + maxMessageSize + ")");
        }
        range("maxQueuedMessages", maxQueuedMessages, 1, 1 << 24);
        range("maxStreams", maxStreams, 1, 65_535);
        if (rtoMinNanos <= 0 || rtoMinNanos > rtoInitialNanos || rtoInitialNanos > rtoMaxNanos) {
            throw new IllegalArgumentException("rto: min " + rtoMinNanos + ", initial " + rtoInitialNanos + ", max " + rtoMaxNanos
                    + " (expected: 0 < min <= initial <= max)");
        }
        range("maxInitRetransmits", maxInitRetransmits, 0, 1000);
        range("maxAssociationRetransmits", maxAssociationRetransmits, 0, 1000);
        if (heartbeatIntervalNanos <= 0) {
            throw new IllegalArgumentException("heartbeatIntervalNanos: " + heartbeatIntervalNanos + " (expected: > 0)");
        }
        if (delayedSackNanos < 0 || delayedSackNanos > 500_000_000L) {
            throw new IllegalArgumentException("delayedSackNanos: " + delayedSackNanos + " (expected: <= 500 ms)");
        }
        range("sackEveryPackets", sackEveryPackets, 2, 4);
        if (cookieLifetimeNanos <= 0) {
            throw new IllegalArgumentException("cookieLifetimeNanos: " + cookieLifetimeNanos + " (expected: > 0)");
        }
    }

    private static void range(String name, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + ": " + v + " (expected: " + min + " <= " + name + " <= " + max + ")");
        }
    }

    public static SctpConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.localPort = localPort;
        b.remotePort = remotePort;
        b.mtu = mtu;
        b.maxMessageSize = maxMessageSize;
        b.maxReassemblyBytes = maxReassemblyBytes;
        b.maxSendBufferBytes = maxSendBufferBytes;
        b.maxQueuedMessages = maxQueuedMessages;
        b.maxStreams = maxStreams;
        b.rtoInitialNanos = rtoInitialNanos;
        b.rtoMinNanos = rtoMinNanos;
        b.rtoMaxNanos = rtoMaxNanos;
        b.maxInitRetransmits = maxInitRetransmits;
        b.maxAssociationRetransmits = maxAssociationRetransmits;
        b.heartbeatIntervalNanos = heartbeatIntervalNanos;
        b.delayedSackNanos = delayedSackNanos;
        b.cookieLifetimeNanos = cookieLifetimeNanos;
        b.sackEveryPackets = sackEveryPackets;
        return b;
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private int localPort = DEFAULT_PORT;
        private int remotePort = DEFAULT_PORT;
        private int mtu = 1200;
        private int maxMessageSize = 256 * 1024;
        private int maxReassemblyBytes = 1024 * 1024;
        private long maxSendBufferBytes = 4L * 1024 * 1024;
        private int maxQueuedMessages = 16_384;
        private int maxStreams = 1024;
        private long rtoInitialNanos = Duration.ofMillis(1000).toNanos();
        // above the 200 ms delayed-SACK timeout, so a lone chunk's delayed SACK does not race T3-rtx
        private long rtoMinNanos = Duration.ofMillis(400).toNanos();
        // RFC 9260 suggests 60 s; WebRTC stacks (Chromium's dcsctp) cap timer back-off at 3 s so a lossy
        // path recovers quickly instead of waiting out exponential back-off.
        private long rtoMaxNanos = Duration.ofSeconds(3).toNanos();
        private int maxInitRetransmits = 8;
        private int maxAssociationRetransmits = 10;
        private long heartbeatIntervalNanos = Duration.ofSeconds(30).toNanos();
        private long delayedSackNanos = Duration.ofMillis(200).toNanos();
        private long cookieLifetimeNanos = Duration.ofSeconds(60).toNanos();
        private int sackEveryPackets = 2;

        public Builder localPort(int v) { localPort = v; return this; }
        public Builder remotePort(int v) { remotePort = v; return this; }
        public Builder mtu(int v) { mtu = v; return this; }
        public Builder maxMessageSize(int v) { maxMessageSize = v; return this; }
        public Builder maxReassemblyBytes(int v) { maxReassemblyBytes = v; return this; }
        public Builder maxSendBufferBytes(long v) { maxSendBufferBytes = v; return this; }
        public Builder maxQueuedMessages(int v) { maxQueuedMessages = v; return this; }
        public Builder maxStreams(int v) { maxStreams = v; return this; }
        public Builder rtoInitialNanos(long v) { rtoInitialNanos = v; return this; }
        public Builder rtoMinNanos(long v) { rtoMinNanos = v; return this; }
        public Builder rtoMaxNanos(long v) { rtoMaxNanos = v; return this; }
        public Builder maxInitRetransmits(int v) { maxInitRetransmits = v; return this; }
        public Builder maxAssociationRetransmits(int v) { maxAssociationRetransmits = v; return this; }
        public Builder heartbeatIntervalNanos(long v) { heartbeatIntervalNanos = v; return this; }
        public Builder delayedSackNanos(long v) { delayedSackNanos = v; return this; }
        public Builder cookieLifetimeNanos(long v) { cookieLifetimeNanos = v; return this; }
        public Builder sackEveryPackets(int v) { sackEveryPackets = v; return this; }

        public SctpConfig build() {
            return new SctpConfig(localPort, remotePort, mtu, maxMessageSize, maxReassemblyBytes, maxSendBufferBytes,
                    maxQueuedMessages, maxStreams, rtoInitialNanos, rtoMinNanos, rtoMaxNanos, maxInitRetransmits, maxAssociationRetransmits,
                    heartbeatIntervalNanos, delayedSackNanos, cookieLifetimeNanos, sackEveryPackets);
        }
    }
}
