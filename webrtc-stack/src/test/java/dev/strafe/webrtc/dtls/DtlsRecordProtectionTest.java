package dev.strafe.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.tls.CipherSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DtlsRecordProtectionTest {

    static DtlsRecordProtection.KeyBlock keys(int suite) {
        boolean chacha = suite == CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256;
        int keyLength = suite == CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ? 16 : 32;
        Random r = new Random(suite);
        byte[][] parts = {new byte[keyLength], new byte[keyLength], new byte[chacha ? 12 : 4], new byte[chacha ? 12 : 4]};
        for (byte[] p : parts) {
            r.nextBytes(p);
        }
        return new DtlsRecordProtection.KeyBlock(suite, parts[0], parts[1], parts[2], parts[3]);
    }

    static final int AES_128 = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;

    @ParameterizedTest
    @ValueSource(ints = {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256})
    void sealedRecordsOpenOnThePeerAndCarryTheDtls12Header(int suite) {
        DtlsRecordProtection client = new DtlsRecordProtection(keys(suite), DtlsRole.CLIENT, 3);
        DtlsRecordProtection server = new DtlsRecordProtection(keys(suite), DtlsRole.SERVER, 0);
        byte[] record = new byte[1_300];
        byte[] plain = new byte[1_300];
        for (int len : new int[] {0, 1, 17, 1_200}) {
            byte[] data = new byte[len];
            new Random(len).nextBytes(data);
            long seq = client.nextWriteSeq();
            int n = client.seal(23, data, 0, len, record, 0);
            assertEquals(len + client.overhead(), n);
            assertEquals(23, record[0]);
            assertEquals((byte) 0xFE, record[1]);
            assertEquals((byte) 0xFD, record[2]);
            assertEquals(1L << 48 | seq, DtlsRecordProtection.getLong(record, 3), "epoch 1 and the sequence number");
            assertEquals(n - 13, (record[11] & 0xFF) << 8 | (record[12] & 0xFF));
            assertEquals(len, server.open(record, 0, n, plain, 0));
            assertArrayEquals(data, Arrays.copyOf(plain, len));
            assertEquals(DtlsRecordProtection.REPLAYED, server.open(record, 0, n, plain, 0));
        }
        // the client's own records do not open with the client's read key (directions have different keys)
        int n = client.seal(23, new byte[5], 0, 5, record, 0);
        assertEquals(DtlsRecordProtection.UNAUTHENTICATED, new DtlsRecordProtection(keys(suite), DtlsRole.CLIENT, 0)
                .open(record, 0, n, plain, 0));
    }

    @Test
    void authenticatesTheHeaderAsAdditionalData() {
        DtlsRecordProtection client = new DtlsRecordProtection(keys(AES_128), DtlsRole.CLIENT, 0);
        DtlsRecordProtection server = new DtlsRecordProtection(keys(AES_128), DtlsRole.SERVER, 0);
        byte[] record = new byte[100];
        int n = client.seal(23, new byte[10], 0, 10, record, 0);
        byte[] plain = new byte[100];
        byte[] typeChanged = record.clone();
        typeChanged[0] = 21;
        assertEquals(DtlsRecordProtection.UNAUTHENTICATED, server.open(typeChanged, 0, n, plain, 0));
        byte[] seqChanged = record.clone();
        seqChanged[10] ^= 1;
        assertEquals(DtlsRecordProtection.UNAUTHENTICATED, server.open(seqChanged, 0, n, plain, 0));
        byte[] tagChanged = record.clone();
        tagChanged[n - 1] ^= 1;
        assertEquals(DtlsRecordProtection.UNAUTHENTICATED, server.open(tagChanged, 0, n, plain, 0));
        assertEquals(10, server.open(record, 0, n, plain, 0), "failures did not move the window");
    }

    @Test
    void refusesToWrapTheSequenceNumber() {
        DtlsRecordProtection client = new DtlsRecordProtection(keys(AES_128), DtlsRole.CLIENT,
                DtlsRecordProtection.MAX_SEQUENCE_NUMBER);
        byte[] record = new byte[100];
        client.seal(23, new byte[1], 0, 1, record, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> client.seal(23, new byte[1], 0, 1, record, 0));
        assertEquals("sequence_number: 281474976710656 (expected: <= 281474976710655)", e.getMessage());
    }

    /** Named malformed records: each is refused as {@link DtlsRecordProtection#MALFORMED}, none throws. */
    @Test
    void refusesMalformedRecordsWithoutThrowing() {
        DtlsRecordProtection server = new DtlsRecordProtection(keys(AES_128), DtlsRole.SERVER, 0);
        DtlsRecordProtection client = new DtlsRecordProtection(keys(AES_128), DtlsRole.CLIENT, 0);
        byte[] good = new byte[64];
        int n = client.seal(23, new byte[8], 0, 8, good, 0);
        byte[] out = new byte[2_000];
        assertEquals(DtlsRecordProtection.MALFORMED, server.open(good, 0, 12, out, 0), "truncated header");
        assertEquals(DtlsRecordProtection.MALFORMED, server.open(good, 0, n - 1, out, 0), "length field beyond the record");
        assertEquals(DtlsRecordProtection.MALFORMED, server.open(good, 60, n, out, 0), "record beyond the buffer");
        byte[] shortFragment = Arrays.copyOf(good, 13 + 23);
        shortFragment[11] = 0;
        shortFragment[12] = 23;
        assertEquals(DtlsRecordProtection.MALFORMED, server.open(shortFragment, 0, 36, out, 0), "shorter than nonce + tag");
        byte[] huge = new byte[13 + DtlsRecordProtection.MAX_CIPHERTEXT_LENGTH + 1];
        System.arraycopy(good, 0, huge, 0, 11);
        huge[11] = (byte) ((huge.length - 13) >> 8);
        huge[12] = (byte) (huge.length - 13);
        assertEquals(DtlsRecordProtection.MALFORMED, server.open(huge, 0, huge.length, new byte[huge.length], 0),
                "length above 2^14 + 2048");
        byte[] dtls10 = good.clone();
        dtls10[2] = (byte) 0xFF;
        assertEquals(DtlsRecordProtection.MALFORMED, server.open(dtls10, 0, n, out, 0), "DTLS 1.0 version");
        byte[] epoch2 = good.clone();
        epoch2[4] = 2;
        assertEquals(DtlsRecordProtection.MALFORMED, server.open(epoch2, 0, n, out, 0), "epoch 2");
        assertEquals(8, server.open(good, 0, n, out, 0), "none of the above moved the window");
    }

    /** Random bytes, random lengths and offsets: never an exception, never a plaintext. */
    @ParameterizedTest
    @ValueSource(ints = {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256})
    void fuzzedRecordsNeverThrowAndNeverOpen(int suite) {
        DtlsRecordProtection server = new DtlsRecordProtection(keys(suite), DtlsRole.SERVER, 0);
        Random random = new Random(7);
        byte[] out = new byte[2_000];
        for (int i = 0; i < 20_000; i++) {
            byte[] buf = new byte[random.nextInt(1_600)];
            random.nextBytes(buf);
            if (buf.length >= 13 && random.nextBoolean()) { // plausible header, random body
                buf[1] = (byte) 0xFE;
                buf[2] = (byte) 0xFD;
                buf[3] = 0;
                buf[4] = 1;
                int length = random.nextBoolean() ? buf.length - 13 : random.nextInt(1 << 16);
                buf[11] = (byte) (length >> 8);
                buf[12] = (byte) length;
            }
            int at = buf.length == 0 ? 0 : random.nextInt(buf.length);
            int len = random.nextInt(buf.length - at + 20); // may run past the buffer
            int result = server.open(buf, at, len, out, 0);
            assertTrue(result < 0, "random record opened: " + result);
        }
    }
}
