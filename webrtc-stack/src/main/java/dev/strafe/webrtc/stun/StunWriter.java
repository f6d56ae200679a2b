package dev.strafe.webrtc.stun;

import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * Writes one STUN message into a caller buffer, attribute by attribute, keeping the header length current.
 * MESSAGE-INTEGRITY ({@link #integrity}) and FINGERPRINT ({@link #fingerprint}) are computed over what has been
 * written so far, so call them last and in that order (RFC 8489 §14.5, §14.7). One per event loop; reusable;
 * writing a binding success response allocates nothing for IPv4.
 *
 * <p>Padding bytes are zero by default; {@link #paddingByte(int)} exists to reproduce the RFC 5769 vectors,
 * which pad with spaces (0x20). Receivers ignore padding.
 */
public final class StunWriter {

    private final StunHasher hasher = new StunHasher();
    private byte paddingByte;

    private byte[] buf;
    private int offset;
    private int capacity;
    private int position;
    private TransactionId transactionId;
    private boolean sealed;

    /** Sets the padding byte (0 by default). */
    public StunWriter paddingByte(int value) {
        this.paddingByte = (byte) value;
        return this;
    }

    /** Starts a message at {@code buf[offset]} that may use at most {@code capacity} bytes. */
    public StunWriter begin(byte[] buf, int offset, int capacity, int method, StunClass messageClass,
                            TransactionId transactionId) {
        begin(buf, offset, capacity, method, messageClass);
        this.transactionId = transactionId;
        transactionId.write(buf, offset + StunMessage.TRANSACTION_ID_OFFSET);
        return this;
    }

    /**
     * Starts a response to the request in {@code request} (same method, its transaction ID copied byte for byte,
     * no allocation).
     */
    public StunWriter beginResponse(byte[] buf, int offset, int capacity, StunMessageView request, StunClass messageClass) {
        begin(buf, offset, capacity, request.method(), messageClass);
        System.arraycopy(request.buffer(), request.offset() + StunMessage.TRANSACTION_ID_OFFSET,
                buf, offset + StunMessage.TRANSACTION_ID_OFFSET, TransactionId.LENGTH);
        this.transactionId = null;
        return this;
    }

    private void begin(byte[] buf, int offset, int capacity, int method, StunClass messageClass) {
        if (offset < 0 || capacity < 0 || offset > buf.length - capacity) {
            throw new IllegalArgumentException("offset: " + offset + ", capacity: " + capacity
                    + " (expected: within buffer length " + buf.length + ")");
        }
        this.buf = buf;
        this.offset = offset;
        this.capacity = capacity;
        this.sealed = false;
        ensure(StunMessage.HEADER_LENGTH);
        Bytes.putShort(buf, offset, StunMethod.messageType(method, messageClass));
        Bytes.putShort(buf, offset + StunMessage.LENGTH_OFFSET, 0);
        Bytes.putInt(buf, offset + StunMessage.MAGIC_COOKIE_OFFSET, StunMessage.MAGIC_COOKIE);
        position = offset + StunMessage.HEADER_LENGTH;
    }

    /** Appends any attribute (the generic, allocating path). */
    public StunWriter attribute(StunAttribute attribute) {
        int valueLength = attribute.valueLength();
        int v = header(attribute.type(), valueLength);
        attribute.writeValue(buf, v, transactionId != null ? transactionId
                : TransactionId.read(buf, offset + StunMessage.TRANSACTION_ID_OFFSET));
        return pad(v, valueLength);
    }

    /** Appends XOR-MAPPED-ADDRESS for {@code address} (no allocation for IPv4). */
    public StunWriter xorMappedAddress(InetSocketAddress address) {
        int valueLength = address.getAddress() instanceof Inet4Address
                ? XorMappedAddressAttribute.IPV4_LENGTH : XorMappedAddressAttribute.IPV6_LENGTH;
        int v = header(XorMappedAddressAttribute.TYPE, valueLength);
        int tid = offset + StunMessage.TRANSACTION_ID_OFFSET;
        XorMappedAddressAttribute.write(buf, v, address, Bytes.getLong(buf, tid), Bytes.getInt(buf, tid + 8));
        return pad(v, valueLength);
    }

    /** Appends MESSAGE-INTEGRITY computed with {@code key} over everything written so far (RFC 8489 §14.5). */
    public StunWriter integrity(IntegrityKey key) {
        int at = position;
        int v = header(MessageIntegrityAttribute.TYPE, MessageIntegrityAttribute.LENGTH);
        hasher.messageIntegrity(key, buf, offset, at, bodyLength(), buf, v);
        return pad(v, MessageIntegrityAttribute.LENGTH);
    }

    /** Appends FINGERPRINT over everything written so far (RFC 8489 §14.7); nothing may follow. */
    public StunWriter fingerprint() {
        int at = position;
        int v = header(FingerprintAttribute.TYPE, FingerprintAttribute.LENGTH);
        Bytes.putInt(buf, v, hasher.fingerprint(buf, offset, at - offset));
        pad(v, FingerprintAttribute.LENGTH);
        sealed = true;
        return this;
    }

    /** Total bytes of the message written so far. */
    public int length() {
        return position - offset;
    }

    private int bodyLength() {
        return position - offset - StunMessage.HEADER_LENGTH;
    }

    private int header(int type, int valueLength) {
        if (buf == null) {
            throw new IllegalStateException("begin() not called");
        }
        if (sealed) {
            throw new IllegalStateException("FINGERPRINT already written (expected: last attribute)");
        }
        if (valueLength > 0xFFFF) {
            throw new IllegalArgumentException("attribute length: " + valueLength + " (expected: <= 65535)");
        }
        int total = StunAttribute.HEADER_LENGTH + StunAttribute.padded(valueLength);
        ensure(position - offset + total);
        Bytes.putShort(buf, position, type);
        Bytes.putShort(buf, position + 2, valueLength);
        int v = position + StunAttribute.HEADER_LENGTH;
        position += total;
        Bytes.putShort(buf, offset + StunMessage.LENGTH_OFFSET, bodyLength());
        return v;
    }

    private StunWriter pad(int v, int valueLength) {
        for (int i = v + valueLength; i < position; i++) {
            buf[i] = paddingByte;
        }
        return this;
    }

    private void ensure(int messageLength) {
        int max = Math.min(capacity, StunMessage.HEADER_LENGTH + 0xFFFC);
        if (messageLength > max) {
            throw new IllegalArgumentException("message length: " + messageLength + " (expected: <= " + max + ")");
        }
    }
}
