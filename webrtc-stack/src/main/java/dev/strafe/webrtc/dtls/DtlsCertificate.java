package dev.strafe.webrtc.dtls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * The node's DTLS identity: an ECDSA P-256 key and a self-signed X.509 certificate (RFC 8827 §6.5: WebRTC
 * endpoints authenticate with self-signed certificates whose fingerprint travels in the SDP, RFC 8122).
 *
 * <p>Generating a key pair and signing costs a few milliseconds: make one per process at start
 * ({@link #generate()}) or load one ({@link #fromPem}) and share it across every session; the instance is
 * immutable and thread-safe. Its {@link #sha256Fingerprint()} goes into every answer as
 * {@code a=fingerprint:sha-256 AB:CD:...}.
 */
public final class DtlsCertificate {

    /** Validity of generated certificates; browsers do not check it (the fingerprint pins the certificate). */
    public static final Duration VALIDITY = Duration.ofDays(30);

    private final byte[] der;
    private final PrivateKey privateKey;
    private final byte[] sha256;

    private DtlsCertificate(byte[] der, PrivateKey privateKey) {
        this.der = der;
        this.privateKey = privateKey;
        this.sha256 = sha256(der);
    }

    /** The process-wide certificate, generated on first use (thread-safe, lazy). */
    public static DtlsCertificate processWide() {
        return ProcessWide.INSTANCE;
    }

    private static final class ProcessWide {
        static final DtlsCertificate INSTANCE = generate();
    }

    /** A fresh P-256 key and a self-signed SHA256withECDSA certificate, {@code CN=strafe}. */
    public static DtlsCertificate generate() {
        return generate(new SecureRandom(), Instant.now());
    }

    static DtlsCertificate generate(SecureRandom random, Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=strafe");
            BigInteger serial = new BigInteger(64, random).add(BigInteger.ONE);
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, serial,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), name, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            return new DtlsCertificate(holder.getEncoded(), keys.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate the DTLS certificate", e);
        }
    }

    /**
     * Loads a certificate and its EC private key from PEM ({@code CERTIFICATE}; {@code EC PRIVATE KEY} or
     * {@code PRIVATE KEY}).
     *
     * @throws IllegalArgumentException when the PEM is not a certificate plus EC P-256 key
     */
    public static DtlsCertificate fromPem(String certificatePem, String privateKeyPem) {
        try (PEMParser certs = new PEMParser(new StringReader(certificatePem));
             PEMParser keys = new PEMParser(new StringReader(privateKeyPem))) {
            if (!(certs.readObject() instanceof X509CertificateHolder holder)) {
                throw new IllegalArgumentException("certificatePem: no CERTIFICATE block");
            }
            Object key = keys.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            PrivateKey privateKey = switch (key) {
                case PEMKeyPair pair -> converter.getPrivateKey(pair.getPrivateKeyInfo());
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                case null, default -> throw new IllegalArgumentException(
                        "privateKeyPem: no EC PRIVATE KEY or PRIVATE KEY block");
            };
            if (!"EC".equals(privateKey.getAlgorithm())) {
                throw new IllegalArgumentException("privateKeyPem: " + privateKey.getAlgorithm() + " key (expected: EC P-256)");
            }
            return new DtlsCertificate(holder.getEncoded(), privateKey);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read PEM: " + e.getMessage(), e);
        }
    }

    /** {@code CERTIFICATE} then {@code PRIVATE KEY} PEM blocks (to persist a generated identity). */
    public String toPem() {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new X509CertificateHolder(der));
            writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(privateKey, null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** DER encoding of the certificate. */
    public byte[] der() {
        return der.clone();
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    /** SHA-256 of the DER certificate (32 bytes). */
    public byte[] sha256Fingerprint() {
        return sha256.clone();
    }

    /** The fingerprint as SDP writes it: {@code AB:CD:...} (upper-case hex, colon separated). */
    public String sdpFingerprint() {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256);
    }

    static byte[] sha256(byte[] der) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(der);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "DtlsCertificate[sha-256 " + sdpFingerprint() + "]";
    }
}
