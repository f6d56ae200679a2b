package dev.strafe.webrtc.stun;

/**
 * USE-CANDIDATE (RFC 8445 §7.1.2, §16.1, type 0x0025): no value; the controlling agent nominates the pair the
 * check is sent on.
 */
public record UseCandidateAttribute() implements StunAttribute {

    public static final int TYPE = 0x0025;
    public static final UseCandidateAttribute INSTANCE = new UseCandidateAttribute();

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return 0;
    }

    @Override
    public void writeValue(byte[] buf, int offset, TransactionId transactionId) {
    }
}
