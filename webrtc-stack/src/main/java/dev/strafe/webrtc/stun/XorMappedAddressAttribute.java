package dev.strafe.webrtc.stun;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * XOR-MAPPED-ADDRESS (RFC 8489 §14.2, type 0x0020): the reflexive transport address, obfuscated by XOR with the
 * magic cookie (and, for IPv6, the transaction ID).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |0 0 0 0 0 0 0 0|    Family     |         X-Port                |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                X-Address (Variable)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Family 0x01 is IPv4 (4-byte address), 0x02 IPv6 (16 bytes).
 */
public record XorMappedAddressAttribute(InetSocketAddress address) implements StunAttribute {

    public static final int TYPE = 0x0020;
    public static final int FAMILY_IPV4 = 0x01;
    public static final int FAMILY_IPV6 = 0x02;
    public static final int IPV4_LENGTH = 8;
    public static final int IPV6_LENGTH = 20;

    public XorMappedAddressAttribute {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address: " + address + " (expected: resolved IP address)");
        }
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return address.getAddress() instanceof Inet4Address ? IPV4_LENGTH : IPV6_LENGTH;
    }

    @Override
    public void writeValue(byte[] buf, int offset, TransactionId transactionId) {
        write(buf, offset, address, transactionId.high(), transactionId.low());
    }

    /**
     * Writes the value for {@code address}; returns the value length. IPv4 writes without allocating
     * ({@link Inet4Address#hashCode()} is its 32-bit address).
     */
    static int write(byte[] buf, int offset, InetSocketAddress address, long tidHigh, int tidLow) {
        InetAddress ip = address.getAddress();
        buf[offset] = 0;
        Bytes.putShort(buf, offset + 2, address.getPort() ^ (StunMessage.MAGIC_COOKIE >>> 16));
        if (ip instanceof Inet4Address) {
            buf[offset + 1] = FAMILY_IPV4;
            Bytes.putInt(buf, offset + 4, ip.hashCode() ^ StunMessage.MAGIC_COOKIE);
            return IPV4_LENGTH;
        }
        buf[offset + 1] = FAMILY_IPV6;
        byte[] raw = ip.getAddress();
        Bytes.putInt(buf, offset + 4, Bytes.getInt(raw, 0) ^ StunMessage.MAGIC_COOKIE);
        Bytes.putInt(buf, offset + 8, Bytes.getInt(raw, 4) ^ (int) (tidHigh >>> 32));
        Bytes.putInt(buf, offset + 12, Bytes.getInt(raw, 8) ^ (int) tidHigh);
        Bytes.putInt(buf, offset + 16, Bytes.getInt(raw, 12) ^ tidLow);
        return IPV6_LENGTH;
    }

    static XorMappedAddressAttribute decode(byte[] buf, int offset, int length, TransactionId transactionId, int at)
            throws MalformedStunException {
        if (length < 4) {
            throw StunMessageView.malformed(StunViolation.BAD_ATTRIBUTE_VALUE,
                    "XOR-MAPPED-ADDRESS length: " + length + " (expected: 8 or 20) at offset " + at);
        }
        int family = buf[offset + 1] & 0xFF;
        int port = Bytes.getShort(buf, offset + 2) ^ (StunMessage.MAGIC_COOKIE >>> 16);
        byte[] raw;
        if (family == FAMILY_IPV4 && length == IPV4_LENGTH) {
            raw = new byte[4];
            Bytes.putInt(raw, 0, Bytes.getInt(buf, offset + 4) ^ StunMessage.MAGIC_COOKIE);
        } else if (family == FAMILY_IPV6 && length == IPV6_LENGTH) {
            raw = new byte[16];
            long high = transactionId.high();
            Bytes.putInt(raw, 0, Bytes.getInt(buf, offset + 4) ^ StunMessage.MAGIC_COOKIE);
            Bytes.putInt(raw, 4, Bytes.getInt(buf, offset + 8) ^ (int) (high >>> 32));
            Bytes.putInt(raw, 8, Bytes.getInt(buf, offset + 12) ^ (int) high);
            Bytes.putInt(raw, 12, Bytes.getInt(buf, offset + 16) ^ transactionId.low());
        } else {
            throw StunMessageView.malformed(StunViolation.BAD_ATTRIBUTE_VALUE, "XOR-MAPPED-ADDRESS family: " + family
                    + " with length: " + length + " (expected: 1 with 8 or 2 with 20) at offset " + at);
        }
        try {
            InetAddress ip = raw.length == 4 ? InetAddress.getByAddress(raw) : Inet6Address.getByAddress(null, raw, -1);
            return new XorMappedAddressAttribute(new InetSocketAddress(ip, port));
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // only thrown for illegal lengths, excluded above
        }
    }
}
