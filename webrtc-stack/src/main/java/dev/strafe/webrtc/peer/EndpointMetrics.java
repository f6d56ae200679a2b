package dev.strafe.webrtc.peer;

/**
 * A snapshot of one {@link UdpEndpoint}'s counters (monotonic since bind, except the two gauges
 * {@code peers} and {@code pendingPeers}). Every limit the endpoint enforces has its counter here.
 *
 * @param datagramsIn        datagrams received on all sockets
 * @param datagramsOut       datagrams sent
 * @param bytesIn            UDP payload bytes received
 * @param bytesOut           UDP payload bytes sent
 * @param invalidDatagrams   dropped: not STUN/DTLS by RFC 7983, malformed, or refused by a layer
 * @param droppedByFilter    dropped: source outside the allowed remote networks
 * @param droppedUnknownPeer dropped: no peer owns the source address and no pending peer has the ufrag
 * @param droppedQueueFull   dropped: a per-peer queue (DTLS handshake input) was full
 * @param forwarded          datagrams that arrived on another loop's socket and were handed to the owner loop
 * @param peers              gauge: peers in the tables (pending + connecting + connected)
 * @param pendingPeers       gauge: answered, no valid ICE check yet
 * @param peersRefused       offers refused because {@code maxPeers} was reached
 * @param handshakesOk       peers that reached {@code connected}
 * @param handshakesFailed   peers that failed before {@code connected} (timeout, DTLS error, fingerprint)
 * @param peersClosed        peers removed after close or failure
 * @param streamResets       incoming data-channel stream resets (peer closed a channel)
 * @param sctpRetransmissions SCTP DATA retransmissions (T3 and fast retransmit) of every peer, live and closed
 */
public record EndpointMetrics(
    long datagramsIn, long datagramsOut, long bytesIn, long bytesOut,
    long invalidDatagrams, long droppedByFilter, long droppedUnknownPeer, long droppedQueueFull, long forwarded,
    long peers, long pendingPeers, long peersRefused,
    long handshakesOk, long handshakesFailed, long peersClosed, long streamResets, long sctpRetransmissions) {

    /** The snapshot as a flat JSON object (for {@code /stats}-style endpoints; no JSON library needed). */
    public String toJson() {
        return "{\"datagramsIn\":" + datagramsIn + ",\"datagramsOut\":" + datagramsOut
            + ",\"bytesIn\":" + bytesIn + ",\"bytesOut\":" + bytesOut
            + ",\"invalidDatagrams\":" + invalidDatagrams + ",\"droppedByFilter\":" + droppedByFilter
            + ",\"droppedUnknownPeer\":" + droppedUnknownPeer + ",\"droppedQueueFull\":" + droppedQueueFull
            + ",\"forwarded\":" + forwarded
            + ",\"peers\":" + peers + ",\"pendingPeers\":" + pendingPeers + ",\"peersRefused\":" + peersRefused
            + ",\"handshakesOk\":" + handshakesOk + ",\"handshakesFailed\":" + handshakesFailed
            + ",\"peersClosed\":" + peersClosed + ",\"streamResets\":" + streamResets + ",\"sctpRetransmissions\":" + sctpRetransmissions + "}";
    }
}
