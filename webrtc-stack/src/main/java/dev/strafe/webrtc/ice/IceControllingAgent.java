package dev.strafe.webrtc.ice;

import dev.strafe.webrtc.stun.ErrorCodeAttribute;
import dev.strafe.webrtc.stun.IceControllingAttribute;
import dev.strafe.webrtc.stun.IntegrityKey;
import dev.strafe.webrtc.stun.PriorityAttribute;
import dev.strafe.webrtc.stun.StunClass;
import dev.strafe.webrtc.stun.StunMessageView;
import dev.strafe.webrtc.stun.StunMethod;
import dev.strafe.webrtc.stun.StunWriter;
import dev.strafe.webrtc.stun.TransactionId;
import dev.strafe.webrtc.stun.UseCandidateAttribute;
import dev.strafe.webrtc.stun.UsernameAttribute;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A controlling ICE agent with one host candidate (our socket), for the Java client used by tests and load tests
 * against an ICE-lite server (RFC 8445 §6.1.1: "the full agent MUST take the controlling role" toward a lite
 * peer). Sans-IO: {@link #start}, {@link #handle}, {@link #poll}, {@link #nextDeadline}, {@link #onTimeout};
 * one event loop, no locks, no clock.
 *
 * <ul>
 *   <li>one check per remote candidate, paced by Ta, each a STUN transaction retransmitted per RFC 8489 §6.2.1
 *       (RTO, 2×RTO, ... Rc requests, then Rm×RTO);</li>
 *   <li>checks carry USERNAME {@code remoteUfrag:localUfrag}, PRIORITY (peer-reflexive, RFC 8445 §7.1.1),
 *       ICE-CONTROLLING with our tie-breaker, USE-CANDIDATE (aggressive nomination, enough against a lite peer;
 *       with {@link IceClientConfig#regularNomination()} the first check goes without it and a success starts a
 *       nominating check on that pair), MESSAGE-INTEGRITY with the remote password, FINGERPRINT;</li>
 *   <li>a success response with our transaction ID, valid integrity (remote password) and FINGERPRINT, from the
 *       address the check went to (RFC 8445 §7.2.5.2.1 symmetry), selects that pair → CONNECTED;</li>
 *   <li>then consent checks every ~5 s × U(0.8, 1.2) (RFC 7675 §5.1), which keep USE-CANDIDATE on the nominated
 *       pair as Chromium does, so a NAT rebinding moves the lite peer's path; no answer for {@code disconnectedAfter} →
 *       DISCONNECTED, for 30 s → FAILED; all checks timing out before a selection → FAILED.</li>
 * </ul>
 */
public final class IceControllingAgent {

    /** Type preference of a peer-reflexive candidate (RFC 8445 §5.1.2.2). */
    static final int PRFLX_TYPE_PREFERENCE = 110;
    private static final int MAX_PENDING_CONSENT = 8;
    private static final int BUFFER = 576;

    private final IceCredentials local;
    private final IceCredentials remote;
    private final List<InetSocketAddress> remoteCandidates;
    private final IceClientConfig config;
    private final RandomGenerator random;
    private final IceAgentListener listener;
    private final long tieBreaker;
    private final IntegrityKey remoteKey;
    private final UsernameAttribute username;
    private final PriorityAttribute priority;
    private final IceControllingAttribute controlling;
    private final StunWriter writer = new StunWriter();
    private final StunMessageView view = new StunMessageView();
    private final byte[] scratch = new byte[BUFFER];
    private final ArrayDeque<IceDatagram> outgoing = new ArrayDeque<>();
    private final List<Transaction> checks = new ArrayList<>();
    private final ArrayDeque<Transaction> consent = new ArrayDeque<>();

    private IceConnectionState state = IceConnectionState.NEW;
    private InetSocketAddress selected;
    private long lastConsentNanos;
    private long nextConsentNanos = Long.MAX_VALUE;
    private long droppedDatagrams;
    private long ignoredResponses;

    /**
     * @param local            our ufrag/pwd (in our offer)
     * @param remote           the server's ufrag/pwd (from its answer); the password signs our checks
     * @param remoteCandidates the server's host candidates, highest priority first
     * @param random           source of transaction IDs and the tie-breaker (SecureRandom in production; seeded
     *                         in tests)
     */
    public IceControllingAgent(IceCredentials local, IceCredentials remote, List<InetSocketAddress> remoteCandidates,
                               IceClientConfig config, RandomGenerator random, IceAgentListener listener) {
        this.local = Objects.requireNonNull(local, "local");
        this.remote = Objects.requireNonNull(remote, "remote");
        this.remoteCandidates = List.copyOf(remoteCandidates);
        if (this.remoteCandidates.isEmpty() || this.remoteCandidates.size() > 64) {
            throw new IllegalArgumentException("remote candidates: " + this.remoteCandidates.size() + " (expected: 1..64)");
        }
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.tieBreaker = random.nextLong();
        this.remoteKey = IntegrityKey.shortTerm(remote.pwd());
        this.username = UsernameAttribute.ice(remote.ufrag(), local.ufrag());
        // RFC 8445 §5.1.2.1: (2^24)*type + (2^8)*local + (256 - component); local preference 65535, component 1
        this.priority = new PriorityAttribute((PRFLX_TYPE_PREFERENCE << 24) | (65535 << 8) | (256 - 1));
        this.controlling = new IceControllingAttribute(tieBreaker);
    }

    /** Schedules the first check of every pair (paced by Ta); → CHECKING. */
    public void start(long nowNanos) {
        if (state != IceConnectionState.NEW) {
            throw new IllegalStateException("state: " + state + " (expected: NEW)");
        }
        for (int i = 0; i < remoteCandidates.size(); i++) {
            Transaction t = new Transaction(remoteCandidates.get(i), !config.regularNomination(), false);
            t.nextSendNanos = nowNanos + i * config.pacingNanos();
            checks.add(t);
        }
        transition(IceConnectionState.CHECKING);
        onTimeout(nowNanos);
    }

    public IceConnectionState state() {
        return state;
    }

    public InetSocketAddress selectedAddress() {
        return selected;
    }

    public long tieBreaker() {
        return tieBreaker;
    }

    /** Datagrams dropped because the outgoing queue was full. */
    public long droppedDatagrams() {
        return droppedDatagrams;
    }

    /** STUN datagrams that matched no transaction or failed verification. */
    public long ignoredResponses() {
        return ignoredResponses;
    }

    /** Next datagram to send, or {@code null}. */
    public IceDatagram poll() {
        return outgoing.poll();
    }

    /** When {@link #onTimeout} has something to do, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        if (state.isTerminal()) {
            return Long.MAX_VALUE;
        }
        long d = Long.MAX_VALUE;
        for (Transaction t : checks) {
            d = Math.min(d, t.deadline());
        }
        if (state == IceConnectionState.CONNECTED || state == IceConnectionState.DISCONNECTED) {
            d = Math.min(d, nextConsentNanos);
            d = Math.min(d, lastConsentNanos + (state == IceConnectionState.CONNECTED
                    ? config.disconnectedAfterNanos() : config.consentExpiryNanos()));
        }
        return d;
    }

    /** Sends due (re)transmissions, times out transactions, applies consent timers. */
    public void onTimeout(long nowNanos) {
        if (state.isTerminal()) {
            return;
        }
        for (int i = 0; i < checks.size(); i++) {
            Transaction t = checks.get(i);
            if (t.done) {
                continue;
            }
            if (t.sent < config.maxRequests() && nowNanos >= t.nextSendNanos) {
                send(t, nowNanos);
            } else if (t.sent >= config.maxRequests() && nowNanos >= t.giveUpNanos) {
                t.done = true;
            }
        }
        checks.removeIf(t -> t.done);
        if (state == IceConnectionState.CHECKING && checks.isEmpty()) {
            transition(IceConnectionState.FAILED);
            return;
        }
        if (state == IceConnectionState.CONNECTED || state == IceConnectionState.DISCONNECTED) {
            long silent = nowNanos - lastConsentNanos;
            if (silent >= config.consentExpiryNanos()) {
                transition(IceConnectionState.FAILED);
                return;
            }
            if (silent >= config.disconnectedAfterNanos() && state == IceConnectionState.CONNECTED) {
                transition(IceConnectionState.DISCONNECTED);
            }
            if (nowNanos >= nextConsentNanos) {
                Transaction t = new Transaction(selected, true, true);
                if (consent.size() == MAX_PENDING_CONSENT) {
                    consent.poll();
                }
                consent.add(t);
                send(t, nowNanos);
                scheduleConsent(nowNanos);
            }
        }
    }

    /**
     * Handles a STUN datagram received from {@code from}. Returns {@code true} if it was a response to one of our
     * transactions that verified, {@code false} if ignored (counted).
     */
    public boolean handle(byte[] buf, int offset, int length, InetSocketAddress from, long nowNanos) {
        if (state.isTerminal() || !view.tryWrap(buf, offset, length) || view.method() != StunMethod.BINDING) {
            ignoredResponses++;
            return false;
        }
        StunClass cls = view.messageClass();
        if (cls != StunClass.SUCCESS_RESPONSE && cls != StunClass.ERROR_RESPONSE) {
            ignoredResponses++;
            return false;
        }
        Transaction t = find(checks);
        if (t == null) {
            t = find(consent);
        }
        if (t == null || !from.equals(t.destination) || !view.hasFingerprint() || !view.verifyIntegrity(remoteKey)) {
            ignoredResponses++;
            return false;
        }
        t.done = true;
        if (t.consent) {
            consent.remove(t);
        }
        if (cls == StunClass.ERROR_RESPONSE) {
            // 487 cannot happen against a lite peer (always controlled); any error fails this pair (RFC 8445 §7.2.5.2.4)
            if (view.errorCode() == ErrorCodeAttribute.ROLE_CONFLICT) {
                ignoredResponses++;
            }
            checks.remove(t);
            if (state == IceConnectionState.CHECKING && checks.isEmpty()) {
                transition(IceConnectionState.FAILED);
            }
            return true;
        }
        if (t.consent) {
            if (t.destination.equals(selected)) {
                lastConsentNanos = nowNanos;
                if (state == IceConnectionState.DISCONNECTED) {
                    transition(IceConnectionState.CONNECTED);
                }
            }
            return true;
        }
        checks.remove(t);
        if (!t.nominate && selected == null) {
            // regular nomination: this pair works, now nominate it (a check with USE-CANDIDATE)
            Transaction nominating = new Transaction(t.destination, true, false);
            checks.add(nominating);
            send(nominating, nowNanos);
            return true;
        }
        if (t.nominate && selected == null) {
            selected = t.destination;
            lastConsentNanos = nowNanos;
            for (Transaction other : checks) {
                other.done = true;
            }
            checks.clear();
            scheduleConsent(nowNanos);
            listener.onSelectedPathChanged(null, selected);
            transition(IceConnectionState.CONNECTED);
        }
        return true;
    }

    /** Stops everything (state CLOSED). */
    public void close() {
        if (state != IceConnectionState.CLOSED) {
            checks.clear();
            consent.clear();
            outgoing.clear();
            transition(IceConnectionState.CLOSED);
        }
    }

    private Transaction find(Iterable<Transaction> transactions) {
        for (Transaction t : transactions) {
            if (!t.done && view.transactionIdMatches(t.id)) {
                return t;
            }
        }
        return null;
    }

    private void scheduleConsent(long nowNanos) {
        double factor = 0.8 + 0.4 * random.nextDouble();
        nextConsentNanos = nowNanos + (long) (config.consentIntervalNanos() * factor);
    }

    private void send(Transaction t, long nowNanos) {
        writer.begin(scratch, 0, scratch.length, StunMethod.BINDING, StunClass.REQUEST, t.id)
                .attribute(username)
                .attribute(priority)
                .attribute(controlling);
        if (t.nominate) {
            writer.attribute(UseCandidateAttribute.INSTANCE);
        }
        int n = writer.integrity(remoteKey).fingerprint().length();
        if (outgoing.size() >= config.maxQueuedDatagrams()) {
            outgoing.poll();
            droppedDatagrams++;
        }
        outgoing.add(new IceDatagram(Arrays.copyOf(scratch, n), t.destination));
        t.sent++;
        if (t.consent) {
            return; // RFC 7675: consent is refreshed by the next periodic check, not by retransmission
        }
        long rto = config.rtoNanos() << Math.min(t.sent - 1, 20);
        if (t.sent < config.maxRequests()) {
            t.nextSendNanos = nowNanos + rto;
        } else {
            t.giveUpNanos = nowNanos + config.rtoNanos() * config.lastWaitMultiplier();
        }
    }

    private void transition(IceConnectionState next) {
        IceConnectionState previous = state;
        state = next;
        listener.onStateChanged(previous, next);
    }

    /** One STUN client transaction on one pair. */
    private final class Transaction {
        final TransactionId id = TransactionId.random(random);
        final InetSocketAddress destination;
        final boolean nominate;
        final boolean consent;
        int sent;
        long nextSendNanos;
        long giveUpNanos = Long.MAX_VALUE;
        boolean done;

        Transaction(InetSocketAddress destination, boolean nominate, boolean consent) {
            this.destination = destination;
            this.nominate = nominate;
            this.consent = consent;
        }

        long deadline() {
            if (done) {
                return Long.MAX_VALUE;
            }
            return sent < config.maxRequests() ? nextSendNanos : giveUpNanos;
        }
    }
}
