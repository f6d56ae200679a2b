package dev.strafe.webrtc.testing;

import dev.strafe.webrtc.sctp.SctpAssociation;

/**
 * Adapts an {@link SctpAssociation} to the {@link DatagramBridge}: its {@code handle}/{@code poll}/
 * {@code nextDeadline}/{@code onTimeout} already have the {@link DatagramEndpoint} shapes. Shared by the
 * SCTP tests ({@code SctpPair}) and the data-channel tests ({@code SctpAssociationLink}).
 */
public record SctpAssociationEndpoint(SctpAssociation association) implements DatagramEndpoint {

    @Override
    public void handle(byte[] packet, int offset, int length, long nowNanos) {
        association.handle(packet, offset, length, nowNanos);
    }

    @Override
    public int poll(byte[] dst, int offset, long nowNanos) {
        return association.poll(dst, offset, nowNanos);
    }

    @Override
    public long nextDeadline() {
        return association.nextDeadline();
    }

    @Override
    public void onTimeout(long nowNanos) {
        association.onTimeout(nowNanos);
    }
}
