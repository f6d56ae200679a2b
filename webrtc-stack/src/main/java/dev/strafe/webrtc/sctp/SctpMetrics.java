package dev.strafe.webrtc.sctp;

/**
 * Counters of one association, read on its own thread (plain fields, no atomics: STYLE #19).
 */
public final class SctpMetrics {
    long packetsReceived;
    long packetsSent;
    long invalidPackets;
    long outOfTheBluePackets;
    long dataChunksSent;
    long dataChunksReceived;
    long retransmissions;
    long fastRetransmits;
    long t3Expirations;
    long abandonedMessages;
    long bufferFullRefusals;
    long reassemblyOverflows;
    long duplicateTsns;
    long oversizedMessages;
    long messagesSent;
    long messagesDelivered;
    long heartbeatsSent;

    public long packetsReceived() { return packetsReceived; }
    public long packetsSent() { return packetsSent; }
    /** Packets dropped for bad checksum, malformed chunks, wrong verification tag or a chunk violation. */
    public long invalidPackets() { return invalidPackets; }
    public long outOfTheBluePackets() { return outOfTheBluePackets; }
    public long dataChunksSent() { return dataChunksSent; }
    public long dataChunksReceived() { return dataChunksReceived; }
    /** DATA chunks sent again (T3 or fast retransmit). */
    public long retransmissions() { return retransmissions; }
    public long fastRetransmits() { return fastRetransmits; }
    public long t3Expirations() { return t3Expirations; }
    /** Messages abandoned by PR-SCTP (max retransmits or lifetime). */
    public long abandonedMessages() { return abandonedMessages; }
    /** {@code send} calls refused with {@link SendStatus#BUFFER_FULL}. */
    public long bufferFullRefusals() { return bufferFullRefusals; }
    /** DATA chunks dropped (unacknowledged) because the reassembly buffer was full. */
    public long reassemblyOverflows() { return reassemblyOverflows; }
    public long duplicateTsns() { return duplicateTsns; }
    /** Received messages dropped for exceeding {@link SctpConfig#maxMessageSize()}. */
    public long oversizedMessages() { return oversizedMessages; }
    public long messagesSent() { return messagesSent; }
    public long messagesDelivered() { return messagesDelivered; }
    public long heartbeatsSent() { return heartbeatsSent; }

    @Override
    public String toString() {
        return "SctpMetrics{rx=" + packetsReceived + ", tx=" + packetsSent + ", invalid=" + invalidPackets
                + ", ootb=" + outOfTheBluePackets + ", dataTx=" + dataChunksSent + ", dataRx=" + dataChunksReceived
                + ", rtx=" + retransmissions + ", fastRtx=" + fastRetransmits + ", t3=" + t3Expirations
                + ", abandoned=" + abandonedMessages + ", bufferFull=" + bufferFullRefusals
                + ", reassemblyOverflow=" + reassemblyOverflows + ", oversized=" + oversizedMessages + ", dupTsn=" + duplicateTsns
                + ", msgTx=" + messagesSent + ", msgRx=" + messagesDelivered + "}";
    }
}
