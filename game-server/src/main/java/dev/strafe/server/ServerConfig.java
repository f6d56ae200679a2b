package dev.strafe.server;

import dev.strafe.server.room.RoomSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Server configuration: embedded defaults ({@code strafe-defaults.json}), overlaid by an optional JSON
 * file, overlaid by environment variables. Each env variable maps to one JSON path:
 * {@code STRAFE_HTTP_PORT} sets {@code http.port} (prefix {@code STRAFE_}, {@code _} separates levels; a level
 * matches an existing key ignoring case, so {@code STRAFE_UDP_ADVERTISEDADDRESS} sets {@code udp.advertisedAddress};
 * a list takes comma-separated values). Values are validated once here so verticles can trust them: every
 * section accessor ({@link #udp()}, {@link #limits()}, {@link #auth()}, {@link #drain()}) is called by
 * {@link #fromJson} and throws {@link IllegalArgumentException} with the path and the expected range.
 */
public record ServerConfig(String httpHost, int httpPort, JsonObject raw) {

    static final String ENV_PREFIX = "STRAFE_";
    static final String DEFAULTS_RESOURCE = "/strafe-defaults.json";

    public ServerConfig {
        if (httpHost == null || httpHost.isBlank()) {
            throw new IllegalArgumentException("http.host: empty (expected: an address to bind, e.g. 0.0.0.0)");
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("http.port: " + httpPort + " (expected: 0..65535, 0 = any free port)");
        }
    }

    /** Defaults, then {@code file} when not null, then {@code env} overrides. */
    public static ServerConfig load(Path file, Map<String, String> env) {
        JsonObject json = defaults();
        if (file != null) {
            try {
                json.mergeIn(new JsonObject(Files.readString(file)), true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read config file " + file, e);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("config file " + file + " is not valid JSON: " + e.getMessage(), e);
            }
        }
        applyEnv(json, env);
        return fromJson(json);
    }

    /** {@code json} over the embedded defaults (a missing key keeps its default), validated. */
    public static ServerConfig fromJson(JsonObject json) {
        json = defaults().mergeIn(json, true);
        JsonObject http = json.getJsonObject("http", new JsonObject());
        ServerConfig config = new ServerConfig(http.getString("host"), intValue(http, "port", "http.port"), json);
        // validate every section now: a bad value stops the node at start with a clear message
        config.maxBodyBytes();
        config.trustForwardedFor();
        config.corsOrigins();
        config.udp();
        config.limits();
        config.auth();
        config.drain();
        config.debugSessionDrop();
        RoomSettings.validateAll(config.roomsSection()); // rooms.* and every rooms.custom.<id>: tick rate, capacity, world...
        return config;
    }

    /** The {@code rooms} section: defaults of every room ({@code rooms.custom.<id>} is read per room). */
    public RoomSettings rooms() {
        return RoomSettings.fromMap(roomsSection());
    }

    /** The {@code rooms} section as plain nested maps (for {@code RoomSettings}, which has no Vert.x), or null. */
    public java.util.Map<String, Object> roomsSection() {
        Object rooms = raw.getValue("rooms");
        if (rooms == null) {
            return null;
        }
        if (!(rooms instanceof JsonObject section)) {
            throw new IllegalArgumentException("rooms: " + rooms + " (expected: an object)");
        }
        return plain(section);
    }

    private static java.util.Map<String, Object> plain(JsonObject json) {
        java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (String key : json.fieldNames()) {
            Object value = json.getValue(key);
            map.put(key, value instanceof JsonObject child ? plain(child) : value);
        }
        return map;
    }

    /** {@code http.maxBodyBytes}: largest accepted request body (413 above it). */
    public int maxBodyBytes() {
        return range(section("http"), "maxBodyBytes", "http", 1024, 1024 * 1024, 32 * 1024);
    }

    /**
     * {@code http.trustForwardedFor}: take the client IP (for the join rate limit) from the last entry of
     * {@code X-Forwarded-For}, the one the load balancer in front of the node appended. Only behind exactly one
     * proxy that always sets the header; otherwise clients could pick their own rate-limit bucket.
     */
    public boolean trustForwardedFor() {
        Object value = section("http").getValue("trustForwardedFor", false);
        if (!(value instanceof Boolean b)) {
            throw new IllegalArgumentException("http.trustForwardedFor: " + value + " (expected: true or false)");
        }
        return b;
    }

    /**
     * {@code debug.sessionDrop}: mounts {@code POST /v1/debug/sessions/{sessionId}/drop} (closes that player's peer
     * server-side, as a network loss would). For end-to-end tests only; off by default, never on in production.
     */
    public boolean debugSessionDrop() {
        Object value = section("debug").getValue("sessionDrop", false);
        if (!(value instanceof Boolean b)) {
            throw new IllegalArgumentException("debug.sessionDrop: " + value + " (expected: true or false)");
        }
        return b;
    }

    /**
     * {@code http.corsOrigins}: origins whose pages may call {@code /v1/*} from the browser (a game hosted on
     * another domain than the node), e.g. {@code ["https://game.example.com"]}; {@code ["*"]} allows any (no
     * credentials are used, the token travels in the body); empty = same origin only.
     */
    public List<String> corsOrigins() {
        Object value = section("http").getValue("corsOrigins", new JsonArray());
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException("http.corsOrigins: " + value + " (expected: a list of origins like https://game.example.com, or [\"*\"])");
        }
        List<String> origins = new ArrayList<>();
        for (Object o : array) {
            String origin = String.valueOf(o);
            if (!origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
                throw new IllegalArgumentException("http.corsOrigins: '" + origin
                        + "' (expected: scheme://host[:port] without path, e.g. https://game.example.com, or *)");
            }
            origins.add(origin);
        }
        return List.copyOf(origins);
    }

    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.\\-\\[\\]:]+");

    /** The UDP edge: where it binds, what it writes into the answer's candidate, who may send to it. */
    public Udp udp() {
        JsonObject udp = section("udp");
        String host = udp.getString("host", "0.0.0.0");
        if (host.isBlank()) {
            throw new IllegalArgumentException("udp.host: empty (expected: an address to bind, e.g. 0.0.0.0)");
        }
        int port = range(udp, "port", "udp", 0, 65535, 10000);
        String advertised = udp.getString("advertisedAddress", "");
        if (advertised.isBlank()) {
            if (isWildcard(host)) {
                throw new IllegalArgumentException("udp.advertisedAddress: empty while udp.host is " + host
                        + " (expected: the address browsers reach this node at, e.g. its public IP behind 1:1 NAT)");
            }
            advertised = host;
        }
        if (!IP_LITERAL.matcher(advertised).matches() || isWildcard(advertised)) {
            throw new IllegalArgumentException("udp.advertisedAddress: '" + advertised
                    + "' (expected: an IPv4 or IPv6 address literal that is not a wildcard)");
        }
        List<String> networks = new ArrayList<>();
        Object value = udp.getValue("allowedNetworks");
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            throw new IllegalArgumentException("udp.allowedNetworks: " + value
                    + " (expected: a non-empty list of CIDRs, e.g. [\"0.0.0.0/0\", \"::/0\"])");
        }
        for (Object cidr : array) {
            networks.add(cidr(String.valueOf(cidr)));
        }
        return new Udp(host, port, advertised, List.copyOf(networks));
    }

    /** Node-wide limits of the signaling API. */
    public Limits limits() {
        JsonObject limits = section("limits");
        int maxPlayers = range(limits, "maxPlayers", "limits", 1, 100_000, 1000);
        Object rate = limits.getValue("joinRatePerSecond", 2.0);
        if (!(rate instanceof Number n) || !(n.doubleValue() > 0) || n.doubleValue() > 1_000_000) {
            throw new IllegalArgumentException("limits.joinRatePerSecond: " + rate + " (expected: a number > 0 and <= 1000000)");
        }
        int burst = range(limits, "joinBurst", "limits", 1, 1_000_000, 10);
        int tracked = range(limits, "trackedClients", "limits", 16, 10_000_000, 100_000);
        return new Limits(maxPlayers, n.doubleValue(), burst, tracked);
    }

    /** Tokens: guest/JWT checking on join and resume tokens. */
    public Auth auth() {
        JsonObject auth = section("auth");
        Object enabled = auth.getValue("enabled", true);
        if (!(enabled instanceof Boolean on)) {
            throw new IllegalArgumentException("auth.enabled: " + enabled + " (expected: true or false)");
        }
        Object secretValue = auth.getValue("secret", "");
        if (!(secretValue instanceof String secret)) {
            throw new IllegalArgumentException("auth.secret: not a string (expected: >= " + Auth.MIN_SECRET_LENGTH
                    + " chars, or empty to generate one at start)");
        }
        if (!secret.isEmpty() && secret.length() < Auth.MIN_SECRET_LENGTH) {
            // never echo the secret itself
            throw new IllegalArgumentException("auth.secret: " + secret.length() + " chars (expected: >= "
                    + Auth.MIN_SECRET_LENGTH + ", or empty to generate one at start)");
        }
        int tokenTtl = range(auth, "tokenTtlSeconds", "auth", 10, 7 * 86_400, 900);
        int resumeTtl = range(auth, "resumeTtlSeconds", "auth", 10, 7 * 86_400, 43_200);
        return new Auth(on, secret, Duration.ofSeconds(tokenTtl), Duration.ofSeconds(resumeTtl));
    }

    /** Graceful drain on SIGTERM. */
    public Drain drain() {
        int grace = range(section("drain"), "graceMillis", "drain", 0, 600_000, 30_000);
        return new Drain(Duration.ofMillis(grace));
    }

    /**
     * The UDP edge's knobs.
     *
     * @param host              bind address of the shared UDP port
     * @param port              the UDP port every peer of this node shares (0 = ephemeral, tests)
     * @param advertisedAddress address written into the SDP answer's host candidate (NAT 1:1: the public address)
     * @param allowedNetworks   CIDRs datagrams may come from (everything else is dropped)
     */
    public record Udp(String host, int port, String advertisedAddress, List<String> allowedNetworks) {
    }

    /**
     * @param maxPlayers        players this node's edge accepts (503 above)
     * @param joinRatePerSecond joins refilled per second per client IP (token bucket)
     * @param joinBurst         bucket size: joins a client IP may make at once
     * @param trackedClients    client IPs the join limiter remembers (least recently seen forgotten first)
     */
    public record Limits(int maxPlayers, double joinRatePerSecond, int joinBurst, int trackedClients) {
    }

    /**
     * @param enabled   false only for local development: joins need no token, the player key is fresh per join
     * @param secret    HMAC secret for tokens; empty = generate one at start (tokens die with the node)
     * @param tokenTtl  lifetime of a guest token
     * @param resumeTtl lifetime of a resume token
     */
    public record Auth(boolean enabled, String secret, Duration tokenTtl, Duration resumeTtl) {

        public static final int MIN_SECRET_LENGTH = 32;

        @Override
        public String toString() {
            return "Auth[enabled=" + enabled + ", secret=****, tokenTtl=" + tokenTtl + ", resumeTtl=" + resumeTtl + "]";
        }
    }

    /** @param grace how long a draining node waits for its players to leave before it stops */
    public record Drain(Duration grace) {
    }

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]{7,15}|[0-9A-Fa-f:.]{2,45}");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    private static String cidr(String cidr) {
        int slash = cidr.indexOf('/');
        String expected = " (expected: a CIDR like 10.0.0.0/8 or ::/0)";
        if (slash < 0) {
            throw new IllegalArgumentException("udp.allowedNetworks: '" + cidr + "'" + expected);
        }
        String address = cidr.substring(0, slash);
        int max = address.contains(":") ? 128 : 32;
        int bits;
        try {
            bits = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("udp.allowedNetworks: '" + cidr + "'" + expected);
        }
        if (bits < 0 || bits > max) {
            throw new IllegalArgumentException("udp.allowedNetworks: '" + cidr + "' prefix " + bits + " (expected: 0.." + max + ")");
        }
        if (max == 32) {
            var m = IPV4.matcher(address);
            boolean ok = m.matches();
            for (int i = 1; ok && i <= 4; i++) {
                ok = Integer.parseInt(m.group(i)) <= 255;
            }
            if (!ok) {
                throw new IllegalArgumentException("udp.allowedNetworks: '" + cidr + "'" + expected);
            }
        } else if (!IP_LITERAL.matcher(address).matches()) {
            throw new IllegalArgumentException("udp.allowedNetworks: '" + cidr + "'" + expected);
        }
        return cidr;
    }

    private JsonObject section(String name) {
        Object value = raw.getValue(name);
        if (value == null) {
            return new JsonObject();
        }
        if (!(value instanceof JsonObject section)) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: an object)");
        }
        return section;
    }

    private static int range(JsonObject json, String key, String section, int min, int max, int fallback) {
        Object value = json.getValue(key, fallback);
        String path = section + "." + key;
        if (!(value instanceof Integer || value instanceof Long) ) {
            throw new IllegalArgumentException(path + ": " + value + " (expected: an integer " + min + ".." + max + ")");
        }
        long v = ((Number) value).longValue();
        if (v < min || v > max) {
            throw new IllegalArgumentException(path + ": " + v + " (expected: " + min + ".." + max + ")");
        }
        return (int) v;
    }

    static JsonObject defaults() {
        try (InputStream in = ServerConfig.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + DEFAULTS_RESOURCE);
            }
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Overlays {@code STRAFE_A_B=v} onto {@code a.b}, keeping the type of the value it replaces. */
    static void applyEnv(JsonObject json, Map<String, String> env) {
        env.forEach((name, value) -> {
            if (!name.startsWith(ENV_PREFIX) || name.equals("STRAFE_CONFIG")) {
                return;
            }
            String[] path = name.substring(ENV_PREFIX.length()).toLowerCase().split("_");
            JsonObject node = json;
            for (int i = 0; i < path.length - 1; i++) {
                String level = existingKey(node, path[i]);
                if (!(node.getValue(level) instanceof JsonObject)) {
                    node.put(level, new JsonObject());
                }
                node = node.getJsonObject(level);
            }
            String key = existingKey(node, path[path.length - 1]);
            node.put(key, typed(node.getValue(key), value, name));
        });
    }

    /** The key of {@code node} equal to {@code lowerCase} ignoring case, else {@code lowerCase}. */
    private static String existingKey(JsonObject node, String lowerCase) {
        for (String key : node.fieldNames()) {
            if (key.equalsIgnoreCase(lowerCase)) {
                return key;
            }
        }
        return lowerCase;
    }

    private static Object typed(Object current, String value, String name) {
        try {
            return switch (current) {
                case Integer ignored -> Integer.parseInt(value.trim());
                case Long ignored -> Long.parseLong(value.trim());
                case Double ignored -> Double.parseDouble(value.trim());
                case Boolean ignored -> parseBoolean(value.trim(), name);
                case JsonArray ignored -> new JsonArray(value.isBlank() ? List.of()
                        : java.util.Arrays.stream(value.split(",")).map(String::trim).toList());
                case null, default -> value;
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' (expected: a number)");
        }
    }

    private static boolean parseBoolean(String value, String name) {
        return switch (value.toLowerCase()) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException(name + ": '" + value + "' (expected: true or false)");
        };
    }

    private static int intValue(JsonObject json, String key, String path) {
        Object value = json.getValue(key);
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException(path + ": " + value + " (expected: an integer)");
        }
        return number.intValue();
    }

    /** Keys whose values are masked: containing secret/password/credential, or ending in token/key ({@code tokenTtlSeconds} is not). */
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(secret|password|passwd|credential).*|.*(token|key)");

    /** The configuration as printed at start; secrets (see {@link #SECRET_KEY}) masked. */
    public String describe() {
        return mask(raw.copy()).encodePrettily();
    }

    private static JsonObject mask(JsonObject json) {
        for (String key : json.fieldNames()) {
            Object value = json.getValue(key);
            if (value instanceof JsonObject child) {
                mask(child);
            } else if (SECRET_KEY.matcher(key).matches()) {
                json.put(key, "****");
            }
        }
        return json;
    }
}
