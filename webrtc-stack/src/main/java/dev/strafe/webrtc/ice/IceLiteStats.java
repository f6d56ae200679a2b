package dev.strafe.webrtc.ice;

/**
 * Counters of one {@link IceLiteServer}: every datagram that got no answer is counted under its reason
 * (STYLE #13: validate, count, drop). Plain fields: read them on the server's event loop (or accept slightly
 * stale values from a metrics thread).
 */
public final class IceLiteStats {

    long requests;
    long successResponses;
    long errorResponses;
    long roleConflicts;
    long unknownAttributeErrors;
    long badRequestErrors;
    long droppedMalformed;
    long droppedBadFingerprint;
    long droppedNoFingerprint;
    long droppedNotRequest;
    long indications;
    long droppedNoUsername;
    long droppedUnknownUfrag;
    long droppedRemoteUfragMismatch;
    long droppedNoIntegrity;
    long droppedBadIntegrity;
    long droppedClosedAgent;
    long droppedAmplification;

    /** STUN datagrams handed to {@link IceLiteServer#handle}. */
    public long requests() {
        return requests;
    }

    public long successResponses() {
        return successResponses;
    }

    /** Authenticated requests answered with an error (487, 420, 400). */
    public long errorResponses() {
        return errorResponses;
    }

    public long roleConflicts() {
        return roleConflicts;
    }

    public long unknownAttributeErrors() {
        return unknownAttributeErrors;
    }

    public long badRequestErrors() {
        return badRequestErrors;
    }

    public long droppedMalformed() {
        return droppedMalformed;
    }

    public long droppedBadFingerprint() {
        return droppedBadFingerprint;
    }

    public long droppedNoFingerprint() {
        return droppedNoFingerprint;
    }

    /** Responses and non-Binding requests: a lite agent sends no requests, so nothing to match. */
    public long droppedNotRequest() {
        return droppedNotRequest;
    }

    /** Binding indications (keepalives, RFC 8445 §11): no answer by design. */
    public long indications() {
        return indications;
    }

    public long droppedNoUsername() {
        return droppedNoUsername;
    }

    public long droppedUnknownUfrag() {
        return droppedUnknownUfrag;
    }

    public long droppedRemoteUfragMismatch() {
        return droppedRemoteUfragMismatch;
    }

    public long droppedNoIntegrity() {
        return droppedNoIntegrity;
    }

    public long droppedBadIntegrity() {
        return droppedBadIntegrity;
    }

    public long droppedClosedAgent() {
        return droppedClosedAgent;
    }

    /** Would-be responses larger than their request (never sent). */
    public long droppedAmplification() {
        return droppedAmplification;
    }

    /** Every datagram that got no answer, indications included. */
    public long dropped() {
        return droppedMalformed + droppedBadFingerprint + droppedNoFingerprint + droppedNotRequest + indications
                + droppedNoUsername + droppedUnknownUfrag + droppedRemoteUfragMismatch + droppedNoIntegrity
                + droppedBadIntegrity + droppedClosedAgent + droppedAmplification;
    }

    @Override
    public String toString() {
        return "IceLiteStats[requests=" + requests + ", success=" + successResponses + ", errors=" + errorResponses
                + ", dropped=" + dropped() + " (malformed=" + droppedMalformed + ", badFingerprint=" + droppedBadFingerprint
                + ", noFingerprint=" + droppedNoFingerprint + ", notRequest=" + droppedNotRequest
                + ", indications=" + indications + ", noUsername=" + droppedNoUsername
                + ", unknownUfrag=" + droppedUnknownUfrag + ", remoteUfragMismatch=" + droppedRemoteUfragMismatch
                + ", noIntegrity=" + droppedNoIntegrity + ", badIntegrity=" + droppedBadIntegrity
                + ", closedAgent=" + droppedClosedAgent + ", amplification=" + droppedAmplification + ")]";
    }
}
