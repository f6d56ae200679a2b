package dev.strafe.webrtc.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses browser descriptions of data-only sessions (RFC 8866 syntax, RFC 8841 SCTP-over-DTLS, RFC 8839 ICE,
 * RFC 8842 DTLS, RFC 8843 BUNDLE) into a {@link SessionDescription}.
 *
 * <p>What it accepts:
 * <ul>
 *   <li>{@code m=application <port> UDP/DTLS/SCTP webrtc-datachannel} with {@code a=sctp-port} (Chromium,
 *       Firefox, Safari), with or without {@code a=max-message-size} (default 65536, RFC 8841 §6.1);</li>
 *   <li>the legacy form {@code m=application <port> DTLS/SCTP 5000} + {@code a=sctpmap:5000 webrtc-datachannel 1024};</li>
 *   <li>ICE credentials, fingerprints and {@code a=setup} at media or session level (media level wins);</li>
 *   <li>CRLF or LF line endings; blank lines; unknown attributes and lines (ignored).</li>
 * </ul>
 * The first {@code m=application} section with a supported proto and a non-zero port (or
 * {@code a=bundle-only}) is the one served. Audio/video sections (and any further application section) are
 * <b>not an error</b>: they are recorded and answered with port 0 (rejected), as RFC 3264 §6 allows, so a page
 * that also negotiates media still gets its data channel. An offer with no usable application section is refused.
 *
 * <p>Fingerprints: every RFC 8122 hash function is recognized and its length checked, but the DTLS layer
 * verifies the peer certificate with {@code sha-256} only, so a description without a {@code sha-256}
 * fingerprint is refused.
 *
 * <p>Every problem is one {@link SdpException} naming the line; the parser never loops on input and bounds
 * the description length, the number of m-sections and of candidates. Thread-safe (immutable).
 */
public final class SdpParser {

    public static final int DEFAULT_MAX_LENGTH = 64 * 1024;
    public static final int DEFAULT_MAX_MEDIA_SECTIONS = 32;
    public static final int DEFAULT_MAX_CANDIDATES = 64;
    static final int MAX_TOKEN = 256;

    private final int maxLength;
    private final int maxMediaSections;
    private final int maxCandidates;

    public SdpParser() {
        this(DEFAULT_MAX_LENGTH, DEFAULT_MAX_MEDIA_SECTIONS, DEFAULT_MAX_CANDIDATES);
    }

    public SdpParser(int maxLength, int maxMediaSections, int maxCandidates) {
        if (maxLength < 1 || maxMediaSections < 1 || maxCandidates < 0) {
            throw new IllegalArgumentException("limits: maxLength " + maxLength + ", maxMediaSections "
                    + maxMediaSections + ", maxCandidates " + maxCandidates + " (expected: >= 1, >= 1, >= 0)");
        }
        this.maxLength = maxLength;
        this.maxMediaSections = maxMediaSections;
        this.maxCandidates = maxCandidates;
    }

    /** Parses a remote offer (server role). */
    public SessionDescription parseOffer(String sdp) throws SdpException {
        return parse(sdp, SdpType.OFFER);
    }

    /** Parses a remote answer (Java client role). */
    public SessionDescription parseAnswer(String sdp) throws SdpException {
        return parse(sdp, SdpType.ANSWER);
    }

    /** Attributes that may appear at session or media level. */
    private static class Level {
        final int lineNumber;
        String ufrag;
        int ufragLine;
        String pwd;
        int pwdLine;
        final List<Fingerprint> fingerprints = new ArrayList<>();
        SetupRole setup;
        int setupLine;

        Level(int lineNumber) {
            this.lineNumber = lineNumber;
        }
    }

    private static final class Section extends Level {
        final String media;
        final int port;
        final String proto;
        final List<String> formats;
        String mid;
        Integer sctpPort;
        Long maxMessageSize;
        Integer sctpmapPort;
        String sctpmapProtocol;
        boolean bundleOnly;
        boolean endOfCandidates;
        final List<IceCandidate> candidates = new ArrayList<>();

        Section(int lineNumber, String media, int port, String proto, List<String> formats) {
            super(lineNumber);
            this.media = media;
            this.port = port;
            this.proto = proto;
            this.formats = formats;
        }

        boolean isModernDataChannel() {
            return "application".equals(media) && "UDP/DTLS/SCTP".equalsIgnoreCase(proto)
                    && formats.contains("webrtc-datachannel");
        }

        boolean isLegacyDataChannel() {
            return "application".equals(media) && "DTLS/SCTP".equalsIgnoreCase(proto)
                    && "webrtc-datachannel".equals(sctpmapProtocol);
        }

        boolean usable() {
            return (isModernDataChannel() || isLegacyDataChannel()) && (port != 0 || bundleOnly);
        }
    }

    private SessionDescription parse(String sdp, SdpType type) throws SdpException {
        if (sdp == null) {
            throw new SdpException(0, "sdp: missing");
        }
        if (sdp.length() > maxLength) {
            throw new SdpException(0, "sdp length: " + sdp.length() + " (expected: <= " + maxLength + ")");
        }
        Level session = new Level(0);
        boolean iceLite = false;
        List<String> iceOptions = new ArrayList<>();
        List<String> bundle = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        int candidateCount = 0;
        boolean sawVersion = false;

        int lineNumber = 0;
        int start = 0;
        while (start < sdp.length()) {
            int end = sdp.indexOf('\n', start);
            if (end < 0) {
                end = sdp.length();
            }
            lineNumber++;
            int stop = end > start && sdp.charAt(end - 1) == '\r' ? end - 1 : end;
            String line = sdp.substring(start, stop);
            start = end + 1;
            if (line.isBlank()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                throw new SdpException(lineNumber, "'" + abbreviate(line) + "' (expected: <type>=<value> with type a..z)");
            }
            char kind = line.charAt(0);
            String value = line.substring(2);
            if (!sawVersion) {
                if (kind != 'v' || !"0".equals(value)) {
                    throw new SdpException(lineNumber, "'" + abbreviate(line) + "' (expected: v=0 as the first line)");
                }
                sawVersion = true;
                continue;
            }
            Section current = sections.isEmpty() ? null : sections.getLast();
            switch (kind) {
                case 'm' -> {
                    if (sections.size() == maxMediaSections) {
                        throw new SdpException(lineNumber, "m= sections: " + (maxMediaSections + 1)
                                + " (expected: <= " + maxMediaSections + ")");
                    }
                    sections.add(mediaLine(value, lineNumber));
                }
                case 'a' -> {
                    int colon = value.indexOf(':');
                    String name = colon < 0 ? value : value.substring(0, colon);
                    String attr = colon < 0 ? "" : value.substring(colon + 1);
                    Level level = current != null ? current : session;
                    switch (name) {
                        case "ice-ufrag" -> {
                            if (level.ufrag != null) {
                                throw duplicate(lineNumber, name);
                            }
                            level.ufrag = attr;
                            level.ufragLine = lineNumber;
                        }
                        case "ice-pwd" -> {
                            if (level.pwd != null) {
                                throw duplicate(lineNumber, name);
                            }
                            level.pwd = attr;
                            level.pwdLine = lineNumber;
                        }
                        case "fingerprint" -> {
                            if (level.fingerprints.size() == 8) {
                                throw new SdpException(lineNumber, "a=fingerprint count: 9 (expected: <= 8 per level)");
                            }
                            level.fingerprints.add(Fingerprint.parse(attr, lineNumber));
                        }
                        case "setup" -> {
                            if (level.setup != null) {
                                throw duplicate(lineNumber, name);
                            }
                            level.setup = SetupRole.parse(attr, lineNumber);
                            level.setupLine = lineNumber;
                        }
                        case "ice-lite" -> iceLite = true;
                        case "ice-options" -> {
                            for (String option : attr.trim().split(" +")) {
                                if (!option.isEmpty() && iceOptions.size() < 16) {
                                    iceOptions.add(option);
                                }
                            }
                        }
                        case "group" -> {
                            String[] parts = attr.trim().split(" +");
                            if (current == null && parts.length > 0 && "BUNDLE".equals(parts[0]) && bundle.isEmpty()) {
                                for (int i = 1; i < parts.length && i <= maxMediaSections; i++) {
                                    bundle.add(token(parts[i], "a=group:BUNDLE mid", lineNumber));
                                }
                            }
                        }
                        default -> {
                            if (current != null) {
                                mediaAttribute(current, name, attr, lineNumber);
                                if ("candidate".equals(name) && ++candidateCount > maxCandidates) {
                                    throw new SdpException(lineNumber, "a=candidate count: " + candidateCount
                                            + " (expected: <= " + maxCandidates + ")");
                                }
                            }
                        }
                    }
                }
                default -> {
                    // v, o, s, i, u, e, p, c, b, t, r, z, k: nothing the stack needs
                }
            }
        }
        if (!sawVersion) {
            throw new SdpException(0, "sdp: empty (expected: v=0 and an m=application section)");
        }
        return build(type, session, iceLite, iceOptions, bundle, sections);
    }

    private static void mediaAttribute(Section section, String name, String attr, int line) throws SdpException {
        switch (name) {
            case "mid" -> {
                if (section.mid != null) {
                    throw duplicate(line, name);
                }
                section.mid = token(attr, "a=mid", line);
            }
            case "sctp-port" -> {
                if (section.sctpPort != null) {
                    throw duplicate(line, name);
                }
                section.sctpPort = (int) number(attr, 0, 65535, "a=sctp-port", line);
            }
            case "max-message-size" -> {
                if (section.maxMessageSize != null) {
                    throw duplicate(line, name);
                }
                section.maxMessageSize = number(attr, 0, Long.MAX_VALUE / 2, "a=max-message-size", line);
            }
            case "sctpmap" -> {
                String[] parts = attr.trim().split(" +");
                if (parts.length < 2 || parts.length > 3) {
                    throw new SdpException(line, "a=sctpmap: '" + abbreviate(attr)
                            + "' (expected: <port> webrtc-datachannel [<streams>])");
                }
                section.sctpmapPort = (int) number(parts[0], 0, 65535, "a=sctpmap port", line);
                section.sctpmapProtocol = parts[1];
                if (parts.length == 3) {
                    number(parts[2], 0, 65535, "a=sctpmap streams", line);
                }
            }
            case "candidate" -> section.candidates.add(IceCandidate.parse(attr, line));
            case "end-of-candidates" -> section.endOfCandidates = true;
            case "bundle-only" -> section.bundleOnly = true;
            default -> {
                // RFC 8866 §5.13: unknown attributes are ignored
            }
        }
    }

    private static Section mediaLine(String value, int line) throws SdpException {
        String[] parts = value.trim().split(" +");
        if (parts.length < 4) {
            throw new SdpException(line, "m=" + abbreviate(value) + " (expected: m=<media> <port> <proto> <fmt> ...)");
        }
        String portField = parts[1];
        int slash = portField.indexOf('/');
        if (slash >= 0) {
            number(portField.substring(slash + 1), 1, 65535, "m= number of ports", line);
            portField = portField.substring(0, slash);
        }
        int port = (int) number(portField, 0, 65535, "m= port", line);
        if (parts.length > 1 + 2 + 64) {
            throw new SdpException(line, "m= formats: " + (parts.length - 3) + " (expected: <= 64)");
        }
        return new Section(line, token(parts[0], "m= media", line), port, parts[2],
                List.of(parts).subList(3, parts.length));
    }

    private SessionDescription build(SdpType type, Level session, boolean iceLite, List<String> iceOptions,
                                     List<String> bundle, List<Section> sections) throws SdpException {
        if (sections.isEmpty()) {
            throw new SdpException(0, "no m= section (expected: m=application <port> UDP/DTLS/SCTP webrtc-datachannel)");
        }
        Section app = null;
        for (Section s : sections) {
            if (s.usable()) {
                app = s;
                break;
            }
        }
        if (app == null) {
            Section firstApp = sections.stream().filter(s -> "application".equals(s.media)).findFirst().orElse(null);
            if (firstApp == null) {
                List<String> kinds = sections.stream().map(s -> s.media).distinct().toList();
                throw new SdpException(0, "no m=application section: this endpoint serves data channels only (got: "
                        + String.join(", ", kinds) + ")");
            }
            if (firstApp.port == 0 && (firstApp.isModernDataChannel() || firstApp.isLegacyDataChannel())) {
                throw new SdpException(firstApp.lineNumber, "m=application port 0: the data channel section is rejected");
            }
            throw new SdpException(firstApp.lineNumber, "m=application " + firstApp.proto + " "
                    + String.join(" ", firstApp.formats)
                    + " is not supported (expected: UDP/DTLS/SCTP webrtc-datachannel, or DTLS/SCTP <port> with a=sctpmap:<port> webrtc-datachannel)");
        }

        String ufrag = app.ufrag != null ? app.ufrag : session.ufrag;
        int ufragLine = app.ufrag != null ? app.ufragLine : session.ufragLine;
        String pwd = app.pwd != null ? app.pwd : session.pwd;
        int pwdLine = app.pwd != null ? app.pwdLine : session.pwdLine;
        if (ufrag == null) {
            throw new SdpException(app.lineNumber, "m=application has no a=ice-ufrag (media or session level)");
        }
        if (pwd == null) {
            throw new SdpException(app.lineNumber, "m=application has no a=ice-pwd (media or session level)");
        }
        String bad = IceCredentials.problem("a=ice-ufrag", ufrag, IceCredentials.MIN_UFRAG);
        if (bad != null) {
            throw new SdpException(ufragLine, bad);
        }
        bad = IceCredentials.problem("a=ice-pwd", pwd, IceCredentials.MIN_PWD);
        if (bad != null) {
            throw new SdpException(pwdLine, bad);
        }

        List<Fingerprint> fingerprints = !app.fingerprints.isEmpty() ? app.fingerprints : session.fingerprints;
        if (fingerprints.isEmpty()) {
            throw new SdpException(app.lineNumber, "m=application has no a=fingerprint (media or session level)");
        }
        Fingerprint sha256 = fingerprints.stream().filter(Fingerprint::isSha256).findFirst().orElse(null);
        if (sha256 == null) {
            throw new SdpException(app.lineNumber, "a=fingerprint: no sha-256 fingerprint (got: "
                    + String.join(", ", fingerprints.stream().map(Fingerprint::hashFunction).toList())
                    + "; this endpoint verifies sha-256 only)");
        }

        SetupRole setup = app.setup != null ? app.setup : session.setup;
        int setupLine = app.setup != null ? app.setupLine : session.setupLine;
        if (setup == null) {
            setup = SetupRole.ACTIVE; // RFC 4145 §4: "If the attribute is not present, the default value is 'active'."
        }
        if (type == SdpType.OFFER && setup == SetupRole.HOLDCONN) {
            throw new SdpException(setupLine, "a=setup:holdconn: the offer puts the connection on hold (expected: actpass, active or passive)");
        }
        if (type == SdpType.ANSWER && setup != SetupRole.ACTIVE && setup != SetupRole.PASSIVE) {
            throw new SdpException(setupLine, "a=setup:" + setup + " in an answer (expected: active or passive, RFC 8842 §5.3)");
        }

        boolean legacy = !app.isModernDataChannel();
        int sctpPort;
        if (app.sctpPort != null) {
            sctpPort = app.sctpPort;
        } else if (legacy) {
            sctpPort = app.sctpmapPort;
        } else {
            sctpPort = SessionDescription.DEFAULT_SCTP_PORT;
        }
        long maxMessageSize = app.maxMessageSize != null ? app.maxMessageSize : SessionDescription.DEFAULT_MAX_MESSAGE_SIZE;

        List<MediaSection> media = new ArrayList<>(sections.size());
        for (Section s : sections) {
            media.add(new MediaSection(s.media, s.port, s.proto, s.formats, s.mid, s == app, s.lineNumber));
        }
        return new SessionDescription(type, new IceCredentials(ufrag, pwd), iceLite, iceOptions, sha256, fingerprints,
                setup, app.mid, sctpPort, maxMessageSize, legacy, app.candidates, app.endOfCandidates, bundle, media);
    }

    private static SdpException duplicate(int line, String name) {
        return new SdpException(line, "a=" + name + " appears twice at the same level (expected: once)");
    }

    private static String token(String s, String what, int line) throws SdpException {
        String t = s.trim();
        if (t.isEmpty() || t.length() > MAX_TOKEN || t.indexOf(' ') >= 0) {
            throw new SdpException(line, what + ": '" + abbreviate(s) + "' (expected: a token of 1.." + MAX_TOKEN + " characters)");
        }
        return t;
    }

    static long number(String s, long min, long max, String what, int line) throws SdpException {
        String t = s.trim();
        if (t.isEmpty() || t.length() > 18) {
            throw new SdpException(line, what + ": '" + abbreviate(s) + "' (expected: " + min + ".." + max + ")");
        }
        long v = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                throw new SdpException(line, what + ": '" + abbreviate(s) + "' is not a number");
            }
            v = v * 10 + (c - '0');
        }
        if (v < min || v > max) {
            throw new SdpException(line, what + ": " + v + " (expected: " + min + ".." + max + ")");
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
