package dev.strafe.webrtc.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Property tests: any bytes give a message or the typed exception, never another one; hashing matches the JDK. */
class StunFuzzTest {

    private final StunDecoder decoder = new StunDecoder();
    private final StunMessageView view = new StunMessageView();

    @Test
    void randomBytesOnlyEverFailWithMalformedStunException() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(120)];
            random.nextBytes(b);
            if (b.length >= 20 && random.nextBoolean()) { // plausible header so the attribute walk is exercised
                b[0] &= 0x01;
                Bytes.putShort(b, 2, random.nextInt(4) == 0 ? random.nextInt(0x10000) : b.length - 20);
                Bytes.putInt(b, 4, StunMessage.MAGIC_COOKIE);
            }
            decodeOrTypedFailure(b, 0, b.length);
        }
    }

    @Test
    void mutatedVectorsOnlyEverFailWithMalformedStunException() {
        Random random = new Random(7);
        byte[][] seeds = {Rfc5769Test.REQUEST, Rfc5769Test.IPV4_RESPONSE, Rfc5769Test.IPV6_RESPONSE};
        for (int i = 0; i < 30_000; i++) {
            byte[] seed = seeds[i % seeds.length];
            byte[] b = seed.clone();
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations && b.length > 0; m++) {
                switch (random.nextInt(4)) {
                    case 0 -> b[random.nextInt(Math.max(1, b.length))] ^= (byte) (1 << random.nextInt(8));
                    case 1 -> b[random.nextInt(Math.max(1, b.length))] = (byte) random.nextInt(256);
                    case 2 -> { // attribute length fields
                        if (b.length < 24) {
                            continue;
                        }
                        int at = 20 + 4 * random.nextInt((b.length - 20) / 4);
                        Bytes.putShort(b, Math.min(at + 2, b.length - 2), random.nextInt(0x10000));
                    }
                    default -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length + 8));
                }
            }
            // keep a consistent FINGERPRINT half of the time so mutations reach the attribute decoders
            if (random.nextBoolean() && b.length >= 28 && Bytes.getShort(b, b.length - 8) == FingerprintAttribute.TYPE) {
                Bytes.putInt(b, b.length - 4, new StunHasher().fingerprint(b, 0, b.length - 8));
            }
            int off = random.nextInt(3);
            byte[] shifted = new byte[b.length + off + random.nextInt(3)];
            System.arraycopy(b, 0, shifted, off, b.length);
            decodeOrTypedFailure(shifted, off, b.length);
        }
    }

    private void decodeOrTypedFailure(byte[] b, int off, int len) {
        try {
            decoder.decode(b, off, len);
        } catch (MalformedStunException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
        }
        if (view.tryWrap(b, off, len)) {
            view.verifyIntegrity(IntegrityKey.shortTerm(Rfc5769Test.PASSWORD));
            view.errorCode();
        } else {
            assertTrue(view.violation() != null);
            view.violationMessage();
        }
    }

    @Test
    void hmacMatchesJdkMacForAllKeyLengths() throws Exception {
        Random random = new Random(3);
        StunHasher hasher = new StunHasher();
        for (int keyLength : new int[] {0, 1, 22, 63, 64, 65, 200}) {
            byte[] key = new byte[keyLength];
            random.nextBytes(key);
            byte[] msg = new byte[20 + 4 * random.nextInt(40)];
            random.nextBytes(msg);
            Bytes.putShort(msg, 2, 0x1234);
            byte[] ours = new byte[20];
            hasher.messageIntegrity(IntegrityKey.ofBytes(key), msg, 0, msg.length, 0x1234, ours, 0);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA1"));
            if (key.length == 0) {
                continue; // SecretKeySpec refuses empty keys; a zero key of length 1 is the same HMAC as length 0
            }
            assertArrayEquals(mac.doFinal(msg), ours, "key length " + keyLength);
        }
    }

    @Test
    void hotPathAllocatesNothing() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] request = Rfc5769Test.REQUEST;
        IntegrityKey key = IntegrityKey.shortTerm(Rfc5769Test.PASSWORD);
        InetSocketAddress from = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);
        StunWriter writer = new StunWriter();
        byte[] out = new byte[128];
        for (int i = 0; i < 20_000; i++) { // warm up
            cycle(request, key, from, writer, out);
        }
        long tid = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10_000; i++) {
            cycle(request, key, from, writer, out);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 10_000, "allocated " + allocated + " bytes for 10,000 parse+verify+respond cycles");
    }

    private void cycle(byte[] request, IntegrityKey key, InetSocketAddress from, StunWriter writer, byte[] out) {
        if (!view.tryWrap(request, 0, request.length) || !view.verifyIntegrity(key)) {
            throw new AssertionError();
        }
        writer.beginResponse(out, 0, out.length, view, StunClass.SUCCESS_RESPONSE)
                .xorMappedAddress(from).integrity(key).fingerprint();
    }
}
