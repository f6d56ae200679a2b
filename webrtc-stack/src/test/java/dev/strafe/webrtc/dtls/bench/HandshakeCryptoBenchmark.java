package dev.strafe.webrtc.dtls.bench;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The public-key operations of one server-side handshake, JDK (SunEC/XDH) against Bouncy Castle; the
 * reason {@code StrafeTlsCrypto} takes X25519 and ECDSA verification from Bouncy Castle and ECDSA signing
 * from the JDK.
 * <pre>./mvnw -B -o -q -pl webrtc-stack -Pjmh -Dmaven.compiler.proc=full test-compile exec:exec -Djmh.args="HandshakeCryptoBenchmark"</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class HandshakeCryptoBenchmark {

    final Provider bc = new BouncyCastleProvider();
    final SecureRandom random = new SecureRandom();
    final byte[] message = new byte[200];
    KeyPair ec;
    byte[] signature;
    KeyPair peerX;
    KeyPairGenerator xdh;
    final byte[] peerX25519 = new byte[32];

    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        ec = g.generateKeyPair();
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(ec.getPrivate());
        s.update(message);
        signature = s.sign();
        xdh = KeyPairGenerator.getInstance("X25519");
        peerX = xdh.generateKeyPair();
        byte[] k = new byte[32];
        X25519.generatePrivateKey(random, k);
        X25519.generatePublicKey(k, 0, peerX25519, 0);
    }

    @Benchmark
    public byte[] x25519KeygenAgreeJdk() throws Exception {
        KeyPair kp = xdh.generateKeyPair();
        KeyAgreement ka = KeyAgreement.getInstance("X25519");
        ka.init(kp.getPrivate());
        ka.doPhase(peerX.getPublic(), true);
        return ka.generateSecret();
    }

    @Benchmark
    public byte[] x25519KeygenAgreeBouncyCastle() {
        byte[] k = new byte[32];
        X25519.generatePrivateKey(random, k);
        byte[] pub = new byte[32];
        X25519.generatePublicKey(k, 0, pub, 0);
        byte[] shared = new byte[32];
        X25519.calculateAgreement(k, 0, peerX25519, 0, shared, 0);
        return shared;
    }

    @Benchmark
    public byte[] ecdsaP256SignJdk() throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(ec.getPrivate());
        s.update(message);
        return s.sign();
    }

    @Benchmark
    public byte[] ecdsaP256SignBouncyCastle() throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA", bc);
        s.initSign(ec.getPrivate());
        s.update(message);
        return s.sign();
    }

    @Benchmark
    public boolean ecdsaP256VerifyJdk() throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initVerify(ec.getPublic());
        s.update(message);
        return s.verify(signature);
    }

    @Benchmark
    public boolean ecdsaP256VerifyBouncyCastle() throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA", bc);
        s.initVerify(ec.getPublic());
        s.update(message);
        return s.verify(signature);
    }
}
