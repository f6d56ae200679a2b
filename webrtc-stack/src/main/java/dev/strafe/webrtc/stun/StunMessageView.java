package dev.strafe.webrtc.stun;

/**
 * Flyweight over one received STUN message: validates the structure in one pass and remembers where the
 * attributes ICE needs are, without allocating (RFC 8489 §6.3 receive rules). One per event loop; reuse it for
 * every datagram.
 *
 * <p>Receiver obligations enforced by {@link #tryWrap}:
 * <ul>
 *   <li>header: the top two bits zero, magic cookie 0x2112A442, length a multiple of 4 equal to the datagram
 *       length minus 20 (one message per UDP datagram);</li>
 *   <li>every attribute fits in the message ({@code "attribute length: 300 (expected: <= 196) at offset 40"});
 *       at most {@code maxAttributes} attributes;</li>
 *   <li>FINGERPRINT, if present, is last and matches (RFC 8489 §14.7);</li>
 *   <li>"with the exception of the FINGERPRINT attribute ... agents MUST ignore all other attributes that
 *       follow MESSAGE-INTEGRITY" (§14.5);</li>
 *   <li>fixed-size attributes the hot path reads (PRIORITY, ICE-CONTROLLING/CONTROLLED, USE-CANDIDATE,
 *       MESSAGE-INTEGRITY, FINGERPRINT) have exactly their size; USERNAME at most 513 bytes;</li>
 *   <li>for each attribute type only the first occurrence counts (§14).</li>
 * </ul>
 * MESSAGE-INTEGRITY is checked separately ({@link #verifyIntegrity}) because the key depends on the USERNAME.
 */
public final class StunMessageView {

    /** Default bound on attributes per message. */
    public static final int DEFAULT_MAX_ATTRIBUTES = 32;

    private final int maxAttributes;
    private final StunHasher hasher = new StunHasher();
    private final byte[] computed = new byte[MessageIntegrityAttribute.LENGTH];
    private final int[] unknownRequired = new int[UnknownAttributesAttribute.MAX_TYPES];

    private byte[] buf;
    private int offset;
    private int length;
    private int messageType;
    private int attributeCount;
    private int usernameOffset;
    private int usernameLength;
    private int integrityOffset;
    private int fingerprintOffset;
    private int xorMappedOffset;
    private int xorMappedLength;
    private int errorCodeOffset;
    private int errorCodeLength;
    private boolean hasPriority;
    private int priority;
    private boolean useCandidate;
    private boolean iceControlling;
    private boolean iceControlled;
    private long tieBreaker;
    private int unknownRequiredCount;

    private StunViolation violation;
    private String violationWhat;
    private long violationValue;
    private long violationLimit;
    private int violationOffset;

    public StunMessageView() {
        this(DEFAULT_MAX_ATTRIBUTES);
    }

    public StunMessageView(int maxAttributes) {
        if (maxAttributes < 1 || maxAttributes > 4096) {
            throw new IllegalArgumentException("maxAttributes: " + maxAttributes + " (expected: 1..4096)");
        }
        this.maxAttributes = maxAttributes;
    }

    /**
     * Validates and indexes the message. Returns {@code false} on any violation ({@link #violation()} says which);
     * never throws for any content of {@code buf[offset, offset + length)}.
     *
     * @throws IllegalArgumentException if the range lies outside {@code buf} (a caller bug, not bad input)
     */
    public boolean tryWrap(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buf.length - length) {
            throw new IllegalArgumentException("offset: " + offset + ", length: " + length
                    + " (expected: within buffer length " + buf.length + ")");
        }
        this.buf = buf;
        this.offset = offset;
        this.length = length;
        reset();
        if (length < StunMessage.HEADER_LENGTH) {
            return fail(StunViolation.TOO_SHORT, "message length", length, StunMessage.HEADER_LENGTH, 0);
        }
        if ((buf[offset] & 0xC0) != 0 || Bytes.getInt(buf, offset + StunMessage.MAGIC_COOKIE_OFFSET) != StunMessage.MAGIC_COOKIE) {
            return fail(StunViolation.NOT_STUN, null, 0, 0, 0);
        }
        int declared = Bytes.getShort(buf, offset + StunMessage.LENGTH_OFFSET);
        if ((declared & 3) != 0 || declared != length - StunMessage.HEADER_LENGTH) {
            return fail(StunViolation.LENGTH_MISMATCH, "message length", declared, length - StunMessage.HEADER_LENGTH, 2);
        }
        messageType = Bytes.getShort(buf, offset);
        int end = offset + length;
        int p = offset + StunMessage.HEADER_LENGTH;
        boolean afterIntegrity = false;
        while (p < end) {
            int at = p - offset;
            if (fingerprintOffset >= 0) {
                return fail(StunViolation.FINGERPRINT_NOT_LAST, "attributes after FINGERPRINT", 1, 0, at);
            }
            if (++attributeCount > maxAttributes) {
                return fail(StunViolation.TOO_MANY_ATTRIBUTES, "attribute count", attributeCount, maxAttributes, at);
            }
            if (end - p < StunAttribute.HEADER_LENGTH) {
                return fail(StunViolation.ATTRIBUTE_TRUNCATED, "attribute header length", end - p, StunAttribute.HEADER_LENGTH, at);
            }
            int type = Bytes.getShort(buf, p);
            int alen = Bytes.getShort(buf, p + 2);
            int room = end - p - StunAttribute.HEADER_LENGTH;
            if (StunAttribute.padded(alen) > room) {
                return fail(StunViolation.ATTRIBUTE_TRUNCATED, "attribute length", alen, room, at);
            }
            int v = p + StunAttribute.HEADER_LENGTH;
            if (type == FingerprintAttribute.TYPE) {
                if (alen != FingerprintAttribute.LENGTH) {
                    return fail(StunViolation.BAD_ATTRIBUTE_VALUE, "FINGERPRINT length", alen, FingerprintAttribute.LENGTH, at);
                }
                fingerprintOffset = p;
            } else if (afterIntegrity) {
                // RFC 8489 §14.5: ignored
            } else if (!index(type, v, alen, at)) {
                return false;
            }
            if (type == MessageIntegrityAttribute.TYPE) {
                afterIntegrity = true;
            }
            p = v + StunAttribute.padded(alen);
        }
        if (fingerprintOffset >= 0) {
            int expected = hasher.fingerprint(buf, offset, fingerprintOffset - offset);
            if (expected != Bytes.getInt(buf, fingerprintOffset + StunAttribute.HEADER_LENGTH)) {
                return fail(StunViolation.FINGERPRINT_MISMATCH, null, 0, 0, fingerprintOffset - offset);
            }
        }
        return true;
    }

    private boolean index(int type, int v, int alen, int at) {
        switch (type) {
            case UsernameAttribute.TYPE -> {
                if (alen > UsernameAttribute.MAX_LENGTH) {
                    return fail(StunViolation.BAD_ATTRIBUTE_VALUE, "USERNAME length", alen, UsernameAttribute.MAX_LENGTH, at);
                }
                if (usernameOffset < 0) {
                    usernameOffset = v;
                    usernameLength = alen;
                }
            }
            case MessageIntegrityAttribute.TYPE -> {
                if (alen != MessageIntegrityAttribute.LENGTH) {
                    return fail(StunViolation.BAD_ATTRIBUTE_VALUE, "MESSAGE-INTEGRITY length", alen, MessageIntegrityAttribute.LENGTH, at);
                }
                integrityOffset = v - StunAttribute.HEADER_LENGTH;
            }
            case PriorityAttribute.TYPE -> {
                if (alen != PriorityAttribute.LENGTH) {
                    return fail(StunViolation.BAD_ATTRIBUTE_VALUE, "PRIORITY length", alen, PriorityAttribute.LENGTH, at);
                }
                if (!hasPriority) {
                    hasPriority = true;
                    priority = Bytes.getInt(buf, v);
                }
            }
            case UseCandidateAttribute.TYPE -> {
                if (alen != 0) {
                    return fail(StunViolation.BAD_ATTRIBUTE_VALUE, "USE-CANDIDATE length", alen, 0, at);
                }
                useCandidate = true;
            }
            case IceControllingAttribute.TYPE, IceControlledAttribute.TYPE -> {
                if (alen != IceControllingAttribute.LENGTH) {
                    return fail(StunViolation.BAD_ATTRIBUTE_VALUE, "ICE-CONTROLLING/ICE-CONTROLLED length", alen,
                            IceControllingAttribute.LENGTH, at);
                }
                if (!iceControlling && !iceControlled) {
                    iceControlling = type == IceControllingAttribute.TYPE;
                    iceControlled = !iceControlling;
                    tieBreaker = Bytes.getLong(buf, v);
                }
            }
            case XorMappedAddressAttribute.TYPE -> {
                if (xorMappedOffset < 0) {
                    xorMappedOffset = v;
                    xorMappedLength = alen;
                }
            }
            case ErrorCodeAttribute.TYPE -> {
                if (errorCodeOffset < 0) {
                    errorCodeOffset = v;
                    errorCodeLength = alen;
                }
            }
            case SoftwareAttribute.TYPE, UnknownAttributesAttribute.TYPE -> {
                // known, not needed on the hot path
            }
            default -> {
                if (StunAttribute.isComprehensionRequired(type) && unknownRequiredCount < unknownRequired.length) {
                    unknownRequired[unknownRequiredCount++] = type;
                }
            }
        }
        return true;
    }

    private void reset() {
        messageType = 0;
        attributeCount = 0;
        usernameOffset = -1;
        usernameLength = 0;
        integrityOffset = -1;
        fingerprintOffset = -1;
        xorMappedOffset = -1;
        xorMappedLength = 0;
        errorCodeOffset = -1;
        errorCodeLength = 0;
        hasPriority = false;
        priority = 0;
        useCandidate = false;
        iceControlling = false;
        iceControlled = false;
        tieBreaker = 0;
        unknownRequiredCount = 0;
        violation = null;
        violationWhat = null;
    }

    private boolean fail(StunViolation v, String what, long value, long limit, int at) {
        violation = v;
        violationWhat = what;
        violationValue = value;
        violationLimit = limit;
        violationOffset = at;
        return false;
    }

    /** Like {@link #tryWrap} but throws the violation as a typed exception (control path). */
    public StunMessageView wrap(byte[] buf, int offset, int length) throws MalformedStunException {
        if (!tryWrap(buf, offset, length)) {
            throw malformed(violation, violationMessage());
        }
        return this;
    }

    /** The violation of the last failed {@link #tryWrap}, or {@code null}. */
    public StunViolation violation() {
        return violation;
    }

    /** Human-readable description of the last violation, e.g. {@code "attribute length: 300 (expected: <= 196) at offset 40"}. */
    public String violationMessage() {
        if (violation == null) {
            return "none";
        }
        return switch (violation) {
            case NOT_STUN -> "not STUN: first byte 0x" + Integer.toHexString(length > 0 ? buf[offset] & 0xFF : 0)
                    + " (expected: 0x00..0x3f) or magic cookie (expected: 0x2112a442)";
            case FINGERPRINT_MISMATCH -> "FINGERPRINT mismatch at offset " + violationOffset;
            case TOO_SHORT, ATTRIBUTE_TRUNCATED, TOO_MANY_ATTRIBUTES ->
                    violationWhat + ": " + violationValue + " (expected: " + (violation == StunViolation.TOO_SHORT ? ">= " : "<= ")
                            + violationLimit + ") at offset " + violationOffset;
            case LENGTH_MISMATCH -> violationWhat + ": " + violationValue + " (expected: " + violationLimit
                    + ", a multiple of 4) at offset " + violationOffset;
            case FINGERPRINT_NOT_LAST -> "attribute after FINGERPRINT (expected: FINGERPRINT last) at offset " + violationOffset;
            case BAD_ATTRIBUTE_VALUE -> violationWhat + ": " + violationValue + " (expected: "
                    + (violationWhat.startsWith("USERNAME") ? "<= " : "") + violationLimit + ") at offset " + violationOffset;
        };
    }

    static MalformedStunException malformed(StunViolation violation, String message) {
        return new MalformedStunException(violation, message);
    }

    /**
     * Verifies MESSAGE-INTEGRITY with {@code key} (RFC 8489 §14.5), comparing in constant time. {@code false} when
     * the message has no MESSAGE-INTEGRITY.
     */
    public boolean verifyIntegrity(IntegrityKey key) {
        if (integrityOffset < 0) {
            return false;
        }
        int adjusted = integrityOffset + StunAttribute.HEADER_LENGTH + MessageIntegrityAttribute.LENGTH
                - offset - StunMessage.HEADER_LENGTH;
        hasher.messageIntegrity(key, buf, offset, integrityOffset, adjusted, computed, 0);
        int diff = 0;
        int v = integrityOffset + StunAttribute.HEADER_LENGTH;
        for (int i = 0; i < MessageIntegrityAttribute.LENGTH; i++) {
            diff |= computed[i] ^ buf[v + i];
        }
        return diff == 0;
    }

    // ---- accessors (valid after a successful tryWrap) ----

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public int messageType() {
        return messageType;
    }

    public int method() {
        return StunMethod.methodOf(messageType);
    }

    public StunClass messageClass() {
        return StunMethod.classOf(messageType);
    }

    public boolean isBindingRequest() {
        return messageType == 0x0001;
    }

    /** Reads the transaction ID (allocates a small record; use {@link #transactionIdMatches} on the hot path). */
    public TransactionId transactionId() {
        return TransactionId.read(buf, offset + StunMessage.TRANSACTION_ID_OFFSET);
    }

    public boolean transactionIdMatches(TransactionId id) {
        return id.matches(buf, offset + StunMessage.TRANSACTION_ID_OFFSET);
    }

    /** Absolute offset of the USERNAME value in {@link #buffer()}, or -1. */
    public int usernameOffset() {
        return usernameOffset;
    }

    public int usernameLength() {
        return usernameLength;
    }

    public boolean hasIntegrity() {
        return integrityOffset >= 0;
    }

    public boolean hasFingerprint() {
        return fingerprintOffset >= 0;
    }

    public boolean hasPriority() {
        return hasPriority;
    }

    public int priority() {
        return priority;
    }

    public boolean useCandidate() {
        return useCandidate;
    }

    public boolean iceControlling() {
        return iceControlling;
    }

    public boolean iceControlled() {
        return iceControlled;
    }

    /** Tie-breaker of the first ICE-CONTROLLING or ICE-CONTROLLED attribute. */
    public long tieBreaker() {
        return tieBreaker;
    }

    /** Absolute offset of the XOR-MAPPED-ADDRESS value, or -1. */
    public int xorMappedAddressOffset() {
        return xorMappedOffset;
    }

    public int xorMappedAddressLength() {
        return xorMappedLength;
    }

    /** ERROR-CODE as class*100+number, or -1 when absent or malformed. */
    public int errorCode() {
        if (errorCodeOffset < 0 || errorCodeLength < 4) {
            return -1;
        }
        int cls = buf[errorCodeOffset + 2] & 0x07;
        int number = buf[errorCodeOffset + 3] & 0xFF;
        return cls >= 3 && cls <= 6 && number <= 99 ? cls * 100 + number : -1;
    }

    /** Number of unknown comprehension-required attribute types seen before MESSAGE-INTEGRITY (capped at 32). */
    public int unknownComprehensionRequiredCount() {
        return unknownRequiredCount;
    }

    public int unknownComprehensionRequired(int index) {
        if (index < 0 || index >= unknownRequiredCount) {
            throw new IndexOutOfBoundsException("index: " + index + " (expected: < " + unknownRequiredCount + ")");
        }
        return unknownRequired[index];
    }

    public int attributeCount() {
        return attributeCount;
    }
}
