package dev.strafe.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsAgreement;
import org.bouncycastle.tls.crypto.TlsECConfig;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Our P-256 ECDHE (Bouncy Castle arithmetic) agrees with the JDK's and refuses bad peer points with illegal_parameter. */
class StrafeTlsCryptoTest {

    private final StrafeTlsCrypto ours = new StrafeTlsCrypto(new SecureRandom());
    private final JcaTlsCrypto jdk = (JcaTlsCrypto) new JcaTlsCryptoProvider().create(new SecureRandom());

    private static TlsAgreement p256(org.bouncycastle.tls.crypto.TlsCrypto crypto) {
        return crypto.createECDomain(new TlsECConfig(NamedGroup.secp256r1)).createECDH();
    }

    @Test
    void p256SharedSecretEqualsTheJdksBothWays() throws Exception {
        for (int i = 0; i < 20; i++) {
            TlsAgreement a = p256(ours);
            TlsAgreement b = p256(jdk);
            byte[] pa = a.generateEphemeral();
            byte[] pb = b.generateEphemeral();
            assertEquals(65, pa.length);
            assertEquals(0x04, pa[0]);
            a.receivePeerValue(pb);
            b.receivePeerValue(pa);
            byte[] sa = a.calculateSecret().extract();
            byte[] sb = b.calculateSecret().extract();
            assertArrayEquals(sb, sa, "agreement " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"compressed", "short", "offCurve", "infinity"})
    void refusesABadPeerPointWithIllegalParameter(String kind) throws Exception {
        TlsAgreement a = p256(ours);
        a.generateEphemeral();
        byte[] good = p256(jdk).generateEphemeral();
        byte[] bad = switch (kind) {
            case "compressed" -> java.util.Arrays.copyOf(new byte[] {0x02}, 33);
            case "short" -> java.util.Arrays.copyOf(good, 64);
            case "offCurve" -> {
                byte[] b = good.clone();
                b[64] ^= 1;
                yield b;
            }
            default -> new byte[65]; // all zero: not even the 0x04 prefix of an uncompressed point
        };
        TlsFatalAlert e = assertThrows(TlsFatalAlert.class, () -> a.receivePeerValue(bad));
        assertEquals(AlertDescription.illegal_parameter, e.getAlertDescription());
    }
}
