package dev.strafe.webrtc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StunUsernameTest {

    /** A Binding request with only USERNAME "ab12:xyz" (8 bytes, no padding) — header + one attribute. */
    static final String REQUEST = "0001000c2112a442" + "000102030405060708090a0b" + "00060008" + "616231323a78797a";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "binding request with USERNAME,            " + REQUEST + ", ab12",
        "binding success response (not a request), 0101000c2112a442000102030405060708090a0b00060008616231323a78797a, ",
        "wrong magic cookie,                      0001000c2112a443000102030405060708090a0b00060008616231323a78797a, ",
        "length field disagrees with datagram,    00010010" + "2112a442000102030405060708090a0b00060008616231323a78797a, ",
        "attribute longer than message,           0001000c2112a442000102030405060708090a0b00060010616231323a78797a, ",
        "USERNAME without colon,                  0001000c2112a442000102030405060708090a0b000600086162313278797a7a, ",
        "empty local ufrag,                       0001000c2112a442000102030405060708090a0b000600083a62313278797a7a, ",
        "too short for a header,                  0001000c2112a442, ",
    })
    void extractsLocalUfragOnlyFromWellFramedBindingRequests(String name, String hex, String expected) {
        byte[] b = HexFormat.of().parseHex(hex.strip());
        assertEquals(expected, StunUsername.localUfrag(b, 0, b.length), name);
    }

    @ParameterizedTest(name = "skips a padded attribute before USERNAME")
    @CsvSource({"0001001c2112a442000102030405060708090a0b" + "802400040000ffff" + "00290008" + "0000000000000001" + "00060008616231323a78797a"})
    void skipsOtherAttributes(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        // header length field must be the attributes' length: recompute
        int len = b.length - 20;
        b[2] = (byte) (len >> 8);
        b[3] = (byte) len;
        assertEquals("ab12", StunUsername.localUfrag(b, 0, b.length));
        assertNull(StunUsername.localUfrag(b, 0, b.length - 1));
    }
}
