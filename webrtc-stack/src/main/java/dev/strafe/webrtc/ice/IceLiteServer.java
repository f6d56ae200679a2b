package dev.strafe.webrtc.ice;

import dev.strafe.webrtc.stun.ErrorCodeAttribute;
import dev.strafe.webrtc.stun.StunClass;
import dev.strafe.webrtc.stun.StunMessageView;
import dev.strafe.webrtc.stun.StunViolation;
import dev.strafe.webrtc.stun.StunWriter;
import dev.strafe.webrtc.stun.UnknownAttributesAttribute;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ICE-lite responder for one shared UDP port (RFC 8445 §2.5, §7.3): takes every STUN datagram the demux
 * routes to it (RFC 7983 first byte 0-3), answers authenticated Binding requests and drops everything else
 * without creating state. One per event loop / socket (several may share one thread-safe
 * {@link IceCredentialsRegistry}); not thread-safe itself; sans-IO (the caller sends the bytes this writes into its
 * buffer back to the datagram's source, from the address it arrived on).
 *
 * <p>Receiver obligations, in order; the first that fails drops the datagram and counts it in {@link #stats()}:
 * <ol>
 *   <li>structure and FINGERPRINT valid ({@link StunMessageView#tryWrap}); FINGERPRINT present (RFC 8445 §7.2.2);</li>
 *   <li>a Binding request (indications are keepalives, RFC 8445 §11; responses are not ours: lite agents send no
 *       requests);</li>
 *   <li>USERNAME {@code localUfrag:remoteUfrag} with a registered local ufrag and the peer's remote ufrag;</li>
 *   <li>MESSAGE-INTEGRITY present and valid with the local password (constant-time compare);</li>
 *   <li>the agent is not FAILED or CLOSED.</li>
 * </ol>
 * Only then does the sender get an answer, signed with MESSAGE-INTEGRITY and FINGERPRINT:
 * <ul>
 *   <li>unknown comprehension-required attributes → 420 with UNKNOWN-ATTRIBUTES (RFC 8489 §6.3.1.1);</li>
 *   <li>no PRIORITY → 400 (RFC 8445 §7.1.1 "MUST include PRIORITY");</li>
 *   <li>ICE-CONTROLLED → 487 Role Conflict (RFC 8445 §7.3.1.1). A lite agent is always controlled (§6.1.1: "the
 *       full agent MUST take the controlling role"), so it cannot switch to controlling as a full agent with the
 *       smaller tie-breaker would: it always answers 487 and the full agent switches;</li>
 *   <li>otherwise success with XOR-MAPPED-ADDRESS = the datagram's source (RFC 8445 §7.3.1.2), and the agent sees
 *       the check (USE-CANDIDATE nominates, consent refreshes).</li>
 * </ul>
 * No amplification: an answer longer than its request is never sent ({@link IceLiteStats#droppedAmplification});
 * a success response is 64 bytes (IPv4) / 76 (IPv6), less than any valid ICE check.
 */
public final class IceLiteServer {

    /** Room a caller's response buffer needs. */
    public static final int MAX_RESPONSE_LENGTH = 548;

    private static final ErrorCodeAttribute ROLE_CONFLICT = ErrorCodeAttribute.roleConflict();
    private static final ErrorCodeAttribute UNKNOWN_ATTRIBUTE = ErrorCodeAttribute.unknownAttribute();
    private static final ErrorCodeAttribute BAD_REQUEST = new ErrorCodeAttribute(ErrorCodeAttribute.BAD_REQUEST, "Bad Request");

    private final IceCredentialsRegistry registry;
    private final StunMessageView view = new StunMessageView();
    private final StunWriter writer = new StunWriter();
    private final IceLiteStats stats = new IceLiteStats();
    private final IceCredentialsRegistry.UfragKey probe = new IceCredentialsRegistry.UfragKey();
    private IceLiteAgent lastAgent;

    public IceLiteServer(IceCredentialsRegistry registry) {
        this.registry = registry;
    }

    public IceCredentialsRegistry registry() {
        return registry;
    }

    public IceLiteStats stats() {
        return stats;
    }

    /** The agent the last {@link #handle} call answered for, or {@code null} if it was dropped. */
    public IceLiteAgent lastAgent() {
        return lastAgent;
    }

    /**
     * Handles one STUN datagram from {@code from}.
     *
     * @param out       where the answer is written; needs {@link #MAX_RESPONSE_LENGTH} bytes from {@code outOffset}
     * @return length of the answer to send back to {@code from}, or 0 for "send nothing"
     */
    public int handle(byte[] in, int offset, int length, InetSocketAddress from, long nowNanos,
                      byte[] out, int outOffset) {
        stats.requests++;
        lastAgent = null;
        if (!view.tryWrap(in, offset, length)) {
            if (view.violation() == StunViolation.FINGERPRINT_MISMATCH) {
                stats.droppedBadFingerprint++;
            } else {
                stats.droppedMalformed++;
            }
            return 0;
        }
        if (!view.isBindingRequest()) {
            if (view.messageClass() == StunClass.INDICATION) {
                stats.indications++;
            } else {
                stats.droppedNotRequest++;
            }
            return 0;
        }
        if (!view.hasFingerprint()) {
            stats.droppedNoFingerprint++;
            return 0;
        }
        int u = view.usernameOffset();
        if (u < 0) {
            stats.droppedNoUsername++;
            return 0;
        }
        int ulen = view.usernameLength();
        int colon = -1;
        for (int i = 0; i < ulen; i++) {
            if (in[u + i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            stats.droppedUnknownUfrag++;
            return 0;
        }
        IceLiteAgent agent = registry.lookup(probe, in, u, colon);
        if (agent == null) {
            stats.droppedUnknownUfrag++;
            return 0;
        }
        byte[] remoteUfrag = agent.remoteUfragBytes;
        if (!Arrays.equals(in, u + colon + 1, u + ulen, remoteUfrag, 0, remoteUfrag.length)) {
            stats.droppedRemoteUfragMismatch++;
            return 0;
        }
        if (!view.hasIntegrity()) {
            stats.droppedNoIntegrity++;
            return 0;
        }
        if (!view.verifyIntegrity(agent.localKey())) {
            stats.droppedBadIntegrity++;
            return 0;
        }
        if (agent.state().isTerminal()) {
            stats.droppedClosedAgent++;
            return 0;
        }
        int cap = Math.min(MAX_RESPONSE_LENGTH, out.length - outOffset);
        if (view.unknownComprehensionRequiredCount() > 0) {
            List<Integer> types = new ArrayList<>(view.unknownComprehensionRequiredCount());
            for (int i = 0; i < view.unknownComprehensionRequiredCount(); i++) {
                types.add(view.unknownComprehensionRequired(i));
            }
            writer.beginResponse(out, outOffset, cap, view, StunClass.ERROR_RESPONSE)
                    .attribute(UNKNOWN_ATTRIBUTE).attribute(new UnknownAttributesAttribute(types));
            stats.unknownAttributeErrors++;
            return signedError(agent, length);
        }
        if (!view.hasPriority()) {
            writer.beginResponse(out, outOffset, cap, view, StunClass.ERROR_RESPONSE).attribute(BAD_REQUEST);
            stats.badRequestErrors++;
            return signedError(agent, length);
        }
        if (view.iceControlled()) {
            writer.beginResponse(out, outOffset, cap, view, StunClass.ERROR_RESPONSE).attribute(ROLE_CONFLICT);
            stats.roleConflicts++;
            return signedError(agent, length);
        }
        int n = writer.beginResponse(out, outOffset, cap, view, StunClass.SUCCESS_RESPONSE)
                .xorMappedAddress(from).integrity(agent.localKey()).fingerprint().length();
        if (n > length) {
            stats.droppedAmplification++;
            return 0;
        }
        stats.successResponses++;
        lastAgent = agent;
        registry.bind(from, agent, agent.onValidCheck(from, view.useCandidate(), nowNanos));
        return n;
    }

    private int signedError(IceLiteAgent agent, int requestLength) {
        int n = writer.integrity(agent.localKey()).fingerprint().length();
        if (n > requestLength) {
            stats.droppedAmplification++;
            return 0;
        }
        stats.errorResponses++;
        lastAgent = agent;
        return n;
    }
}
