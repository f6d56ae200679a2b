package dev.strafe.webrtc.sdp;

import java.util.List;

/**
 * One {@code m=} section as offered, reduced to what an answer must mirror (RFC 3264 §6: the answer has
 * the same number of m-lines, in the same order). {@code mid} is null when the offer has no {@code a=mid}.
 *
 * @param usable true for the single application section this stack serves; every other section is answered
 *               with port 0 (rejected)
 */
public record MediaSection(String media, int port, String proto, List<String> formats, String mid,
                           boolean usable, int lineNumber) {

    public MediaSection {
        formats = List.copyOf(formats);
    }
}
