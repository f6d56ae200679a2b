package dev.strafe.webrtc.stun;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a datagram into a {@link StunMessage} (control path, tests). Structure and FINGERPRINT are checked by
 * {@link StunMessageView}; attributes after MESSAGE-INTEGRITY other than FINGERPRINT are dropped (RFC 8489
 * §14.5); unknown attributes are kept as {@link UnknownAttribute}. Not thread-safe.
 */
public final class StunDecoder {

    private final StunMessageView view;

    public StunDecoder() {
        this(new StunMessageView());
    }

    public StunDecoder(StunMessageView view) {
        this.view = view;
    }

    /** Parses and checks; any malformation is a {@link MalformedStunException}, never another exception. */
    public StunMessage decode(byte[] buf, int offset, int length) throws MalformedStunException {
        if (buf == null || offset < 0 || length < 0 || offset > buf.length - length) {
            throw new IllegalArgumentException("offset: " + offset + ", length: " + length + " (expected: within buffer)");
        }
        view.wrap(buf, offset, length);
        TransactionId tid = view.transactionId();
        List<StunAttribute> attributes = new ArrayList<>(view.attributeCount());
        int end = offset + length;
        int p = offset + StunMessage.HEADER_LENGTH;
        boolean afterIntegrity = false;
        while (p < end) {
            int type = Bytes.getShort(buf, p);
            int alen = Bytes.getShort(buf, p + 2);
            int v = p + StunAttribute.HEADER_LENGTH;
            int at = p - offset;
            if (type == FingerprintAttribute.TYPE) {
                attributes.add(new FingerprintAttribute(Bytes.getInt(buf, v)));
            } else if (!afterIntegrity) {
                attributes.add(attribute(type, buf, v, alen, tid, at));
                afterIntegrity = type == MessageIntegrityAttribute.TYPE;
            }
            p = v + StunAttribute.padded(alen);
        }
        return new StunMessage(view.method(), view.messageClass(), tid, attributes);
    }

    public StunMessage decode(byte[] datagram) throws MalformedStunException {
        return decode(datagram, 0, datagram.length);
    }

    private static StunAttribute attribute(int type, byte[] buf, int v, int alen, TransactionId tid, int at)
            throws MalformedStunException {
        return switch (type) {
            case XorMappedAddressAttribute.TYPE -> XorMappedAddressAttribute.decode(buf, v, alen, tid, at);
            case UsernameAttribute.TYPE -> UsernameAttribute.decode(buf, v, alen, at);
            case MessageIntegrityAttribute.TYPE -> new MessageIntegrityAttribute(Arrays.copyOfRange(buf, v, v + alen));
            case PriorityAttribute.TYPE -> new PriorityAttribute(Bytes.getInt(buf, v));
            case UseCandidateAttribute.TYPE -> UseCandidateAttribute.INSTANCE;
            case IceControllingAttribute.TYPE -> new IceControllingAttribute(Bytes.getLong(buf, v));
            case IceControlledAttribute.TYPE -> new IceControlledAttribute(Bytes.getLong(buf, v));
            case ErrorCodeAttribute.TYPE -> ErrorCodeAttribute.decode(buf, v, alen, at);
            case UnknownAttributesAttribute.TYPE -> UnknownAttributesAttribute.decode(buf, v, alen, at);
            case SoftwareAttribute.TYPE -> SoftwareAttribute.decode(buf, v, alen, at);
            default -> new UnknownAttribute(type, Arrays.copyOfRange(buf, v, v + alen));
        };
    }
}
