package dev.strafe.webrtc.dtls;

import java.security.SecureRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * Node-wide DTLS state shared by every session: the certificate, Bouncy Castle's JCA crypto (AES-GCM runs on
 * the JDK's AES-NI/CLMUL intrinsics, see {@link StrafeTlsCrypto}) and the settings. Create one per process; it
 * is thread-safe.
 */
public final class DtlsEngine {

    private final DtlsCertificate certificate;
    private final DtlsSettings settings;
    private final JcaTlsCrypto crypto;
    private final ThreadFactory handshakeThreads;
    /** Test hook: clients offer {@code use_srtp} like browsers, to check that servers ignore it. */
    volatile boolean offerUseSrtp;
    /** Test hook: the cipher suites both roles offer/accept (null: {@link HandshakeChecks#CIPHER_SUITES}). */
    volatile int[] cipherSuites;
    /** Test hook: the named groups both roles offer/accept (null: {@link HandshakeChecks#GROUPS}). */
    volatile int[] groups;

    public DtlsEngine(DtlsCertificate certificate, DtlsSettings settings) {
        this(certificate, settings, Thread.ofVirtual().name("dtls-handshake-", 0).factory());
    }

    /** With a custom factory for handshake threads (benchmarks use platform threads to read their CPU time). */
    DtlsEngine(DtlsCertificate certificate, DtlsSettings settings, ThreadFactory handshakeThreads) {
        this(certificate, settings, handshakeThreads, new StrafeTlsCrypto(new SecureRandom()));
    }

    /** With another crypto (tests check interoperability with Bouncy Castle's stock JCA crypto). */
    DtlsEngine(DtlsCertificate certificate, DtlsSettings settings, ThreadFactory handshakeThreads, JcaTlsCrypto crypto) {
        this.certificate = certificate;
        this.settings = settings;
        this.crypto = crypto;
        this.handshakeThreads = handshakeThreads;
    }

    public DtlsCertificate certificate() {
        return certificate;
    }

    public DtlsSettings settings() {
        return settings;
    }

    JcaTlsCrypto crypto() {
        return crypto;
    }

    ThreadFactory handshakeThreads() {
        return handshakeThreads;
    }

    /**
     * A new session; call {@link DtlsSession#start()} on the owner thread to begin (datagrams handed in
     * before that are dropped), and {@link DtlsSession#onTimeout(long)} at its handshake deadline.
     *
     * @param role                    {@link DtlsRole#SERVER} when our answer said {@code a=setup:passive}
     * @param remoteSha256Fingerprint the SHA-256 fingerprint from the peer's SDP (32 bytes)
     * @param peerId                  bytes identifying the peer's transport address (HelloVerifyRequest cookie
     *                                input, e.g. IP and port); unused by clients
     * @param owner                   runs tasks on the thread that owns the session (e.g. a Vert.x context's
     *                                {@code runOnContext}); every callback is delivered through it or on the
     *                                caller of {@link DtlsSession#handleDatagram}
     */
    public DtlsSession newSession(DtlsRole role, byte[] remoteSha256Fingerprint, byte[] peerId, Executor owner,
                                  DatagramSink out, DtlsListener listener) {
        if (remoteSha256Fingerprint.length != 32) {
            throw new IllegalArgumentException("remoteSha256Fingerprint length: " + remoteSha256Fingerprint.length
                    + " (expected: 32)");
        }
        return new DtlsSession(this, role, remoteSha256Fingerprint.clone(), peerId.clone(), owner, out, listener);
    }
}
