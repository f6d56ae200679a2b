package dev.strafe.webrtc.datachannel;

import java.util.HexFormat;

/** Hex helpers for golden-byte tables: spaces are ignored. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
