package dev.strafe.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DtlsRecordsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "one handshake record,          16fefd000000000000000000020102, 1",
        "two records,                   16fefd000000000000000000020102 17fefd0001000000000001000103, 2",
        "empty application data,        17fefd00010000000000010000, 1",
        "DTLS 1.0 version,              16feff000000000000000000020102, 1",
        "empty datagram,                '', -1",
        "short header,                  16fefd0000000000000000, -1",
        "length beyond datagram,        16fefd000000000000000000030102, -1",
        "trailing bytes,                16fefd00000000000000000002010200, -1",
        "content type 19,               13fefd000000000000000000020102, -1",
        "content type 64,               40fefd000000000000000000020102, -1",
        "TLS not DTLS version,          160303000000000000000000020102, -1",
    })
    void countsWellFormedRecords(String name, String hex, int expected) {
        byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
        assertEquals(expected, DtlsRecords.count(bytes, 0, bytes.length));
    }
}
