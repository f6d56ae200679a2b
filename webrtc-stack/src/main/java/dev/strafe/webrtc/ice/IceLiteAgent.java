package dev.strafe.webrtc.ice;

import dev.strafe.webrtc.stun.IntegrityKey;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One peer's ICE-lite state (RFC 8445 §2.5, §7.3): the credentials from the SDP exchange, the selected remote
 * address, and RFC 7675 consent freshness. A lite agent only answers checks; it is always controlled, and the
 * pair the controlling peer nominates with USE-CANDIDATE becomes the selected path.
 *
 * <p>Inputs come from {@link IceLiteServer} (one per UDP socket) after the check was authenticated; timers via
 * {@link #nextDeadline()} / {@link #onTimeout(long)}. Confined to one event loop; no locks, no clock.
 *
 * <ul>
 *   <li>a valid check (any address) moves NEW → CHECKING and remembers the address as validated;</li>
 *   <li>a valid nominated check selects its source address → CONNECTED (a new address: path switch event);</li>
 *   <li>a valid check from the selected address refreshes consent (DISCONNECTED → CONNECTED);</li>
 *   <li>no valid check on the selected path for {@code disconnectedAfter} → DISCONNECTED, for
 *       {@code failedAfter} → FAILED (terminal; RFC 7675 §5.1: consent expired, stop sending).</li>
 * </ul>
 */
public final class IceLiteAgent {

    private final IceCredentials local;
    private final IceCredentials remote;
    private final IceLiteConfig config;
    private final IceAgentListener listener;
    private final IntegrityKey localKey;
    final byte[] localUfragBytes;
    final byte[] remoteUfragBytes;
    private final InetSocketAddress[] validated;
    private final long createdNanos;

    private IceConnectionState state = IceConnectionState.NEW;
    private InetSocketAddress selected;
    private long lastConsentNanos;
    private int validatedCount;
    private int validatedNext;
    private long validChecks;

    /**
     * @param local    our ufrag/pwd (in the SDP answer); requests must carry {@code local.ufrag:remote.ufrag}
     *                 and be signed with {@code local.pwd}
     * @param remote   the browser's ufrag/pwd (from its offer)
     * @param nowNanos creation time: without a nomination within {@code failedAfter} the agent fails
     */
    public IceLiteAgent(IceCredentials local, IceCredentials remote, IceLiteConfig config,
                        IceAgentListener listener, long nowNanos) {
        this.local = Objects.requireNonNull(local, "local");
        this.remote = Objects.requireNonNull(remote, "remote");
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.localKey = IntegrityKey.shortTerm(local.pwd());
        this.localUfragBytes = local.ufrag().getBytes(StandardCharsets.US_ASCII);
        this.remoteUfragBytes = remote.ufrag().getBytes(StandardCharsets.US_ASCII);
        this.validated = new InetSocketAddress[config.maxValidatedAddresses()];
        this.createdNanos = nowNanos;
    }

    public IceCredentials localCredentials() {
        return local;
    }

    public IceCredentials remoteCredentials() {
        return remote;
    }

    /** The key that verifies requests and signs responses (our {@code ice-pwd}). */
    IntegrityKey localKey() {
        return localKey;
    }

    public IceConnectionState state() {
        return state;
    }

    /** The nominated remote address to send to, or {@code null} before the first nomination. */
    public InetSocketAddress selectedAddress() {
        return selected;
    }

    /** Time of the last valid check on the selected path (consent), or 0 before one. */
    public long lastConsentNanos() {
        return lastConsentNanos;
    }

    /** Authenticated checks accepted so far. */
    public long validChecks() {
        return validChecks;
    }

    /** Whether {@code address} has passed an authenticated check (e.g. may carry DTLS before nomination). */
    public boolean isValidated(InetSocketAddress address) {
        for (int i = 0; i < validatedCount; i++) {
            if (validated[i].equals(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An authenticated binding request arrived from {@code from} (called by {@link IceLiteServer} after it
     * verified USERNAME, MESSAGE-INTEGRITY and FINGERPRINT and decided to answer with success).
     */
    InetSocketAddress onValidCheck(InetSocketAddress from, boolean useCandidate, long nowNanos) {
        if (state.isTerminal()) {
            return null;
        }
        validChecks++;
        InetSocketAddress evicted = remember(from);
        if (state == IceConnectionState.NEW) {
            transition(IceConnectionState.CHECKING);
        }
        if (useCandidate && !from.equals(selected)) {
            InetSocketAddress previous = selected;
            selected = from;
            lastConsentNanos = nowNanos;
            listener.onSelectedPathChanged(previous, from);
        }
        if (from.equals(selected)) {
            lastConsentNanos = nowNanos;
            if (state != IceConnectionState.CONNECTED) {
                transition(IceConnectionState.CONNECTED);
            }
        }
        return evicted;
    }

    /** Remembers {@code from} as validated; returns the address it displaced (bounded list), or {@code null}. */
    private InetSocketAddress remember(InetSocketAddress from) {
        if (isValidated(from)) {
            return null;
        }
        if (validatedCount < validated.length) {
            validated[validatedCount++] = from;
        } else {
            // bounded: replace round-robin, but never the selected address
            for (int tries = 0; tries < validated.length; tries++) {
                int i = validatedNext;
                validatedNext = (validatedNext + 1) % validated.length;
                if (!validated[i].equals(selected)) {
                    InetSocketAddress evicted = validated[i];
                    validated[i] = from;
                    return evicted;
                }
            }
        }
        return null;
    }

    /** Number of remembered validated addresses; see {@link #validatedAddress(int)}. */
    int validatedCount() {
        return validatedCount;
    }

    InetSocketAddress validatedAddress(int index) {
        return validated[index];
    }

    /** When {@link #onTimeout} has something to do, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        return switch (state) {
            case NEW, CHECKING -> createdNanos + config.failedAfterNanos();
            case CONNECTED -> lastConsentNanos + config.disconnectedAfterNanos();
            case DISCONNECTED -> lastConsentNanos + config.failedAfterNanos();
            case FAILED, CLOSED -> Long.MAX_VALUE;
        };
    }

    /** Applies consent timers at {@code nowNanos}. Calling it early is harmless. */
    public void onTimeout(long nowNanos) {
        switch (state) {
            case NEW, CHECKING -> {
                if (nowNanos - createdNanos >= config.failedAfterNanos()) {
                    transition(IceConnectionState.FAILED);
                }
            }
            case CONNECTED, DISCONNECTED -> {
                long silent = nowNanos - lastConsentNanos;
                if (silent >= config.failedAfterNanos()) {
                    transition(IceConnectionState.FAILED);
                } else if (silent >= config.disconnectedAfterNanos() && state == IceConnectionState.CONNECTED) {
                    transition(IceConnectionState.DISCONNECTED);
                }
            }
            case FAILED, CLOSED -> {
            }
        }
    }

    /** Closes the agent (state CLOSED); the server then ignores its checks. Unregister it from the server too. */
    public void close() {
        if (state != IceConnectionState.CLOSED) {
            transition(IceConnectionState.CLOSED);
        }
    }

    private void transition(IceConnectionState next) {
        IceConnectionState previous = state;
        state = next;
        listener.onStateChanged(previous, next);
    }

    @Override
    public String toString() {
        return "IceLiteAgent[" + local.ufrag() + ":" + remote.ufrag() + " " + state + " " + selected + "]";
    }
}
