package dev.strafe.webrtc.peer;

import java.net.InetSocketAddress;

/**
 * What the {@link UdpEndpoint} routes datagrams to: one remote peer in the server role. A peer is created
 * pending (answered, no owner loop); the first datagram that names its ufrag in a STUN Binding request
 * {@linkplain #claim claims} it for the loop that received it, and from then on all its state is touched on
 * that loop only.
 */
interface RoutedPeer extends DeadlineTimers.Owner {

    /** The ufrag of our ICE credentials in the answer; the key for routing the first check. */
    String localUfrag();

    /** The loop that owns this peer, or {@code null} while pending. */
    SocketLoop owner();

    /** Makes {@code loop} the owner if there is none yet; returns the owner after the call. */
    SocketLoop claim(SocketLoop loop);

    /** One datagram from {@code from}; called on the owner loop only. */
    void onDatagram(PacketDemux.Route route, byte[] data, int off, int len, InetSocketAddress from, long nowNanos);

    /**
     * Called by the endpoint's sweep for a peer without owner: if it is older than the handshake timeout,
     * claims it for {@code loop}, fails it and returns true.
     */
    boolean expireIfPending(SocketLoop loop, long nowNanos);

    /** End of a read batch in which this peer deferred its output: send it now. */
    void flushDeferred(long nowNanos);

    /** A deadline this peer asked for ({@link SocketLoop#schedule}) is due; called on the owner loop. */
    void onTimer(long nowNanos);
}
