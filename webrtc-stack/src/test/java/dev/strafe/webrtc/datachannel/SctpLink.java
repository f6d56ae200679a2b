package dev.strafe.webrtc.datachannel;

import dev.strafe.webrtc.sctp.SctpListener;
import dev.strafe.webrtc.sctp.SctpTransport;

/**
 * Two connected SCTP ends that the data-channel tests drive. {@link LoopbackSctpTransport.Link} implements it
 * in memory; an integration test implements it with two real {@code SctpAssociation}s over a
 * {@code DatagramBridge} on a fake clock and reuses {@link DataChannelContract} unchanged.
 */
interface SctpLink {

    /** Wires the listeners of end A (DTLS client) and end B (DTLS server); once, before anything else. */
    void bind(SctpListener a, SctpListener b);

    SctpTransport a();

    SctpTransport b();

    /** Sets the association up and runs until both ends reported {@link SctpListener#onAssociationEstablished()}. */
    void establish();

    /** Delivers everything in flight (and whatever that triggers) until the link is quiet; bounded. */
    void run();

    /** The clock the ends and the managers share. */
    long nowNanos();

    /** Graceful SHUTDOWN started by end A; runs until both ends reported {@link SctpListener#onAssociationClosed()}. */
    void shutdown();

    /** Makes the association fail (peer gone / ABORT): both ends report {@link SctpListener#onAssociationLost}. */
    void lose(String reason);
}
