package dev.strafe.webrtc.sctp.param;

/**
 * Supported Extensions (0x8008, RFC 5061 §4.2.7): one byte per supported chunk type, e.g.
 * RE-CONFIG (130) and FORWARD-TSN (192).
 */
public record SupportedExtensionsParam(byte[] chunkTypes) implements Param {
    public int type() {
        return SUPPORTED_EXTENSIONS;
    }

    public int valueLength() {
        return chunkTypes.length;
    }

    public void encodeValue(byte[] dst, int off) {
        System.arraycopy(chunkTypes, 0, dst, off, chunkTypes.length);
    }

    public boolean supports(int chunkType) {
        for (byte t : chunkTypes) {
            if ((t & 0xFF) == chunkType) {
                return true;
            }
        }
        return false;
    }
}
