package dev.strafe.server;

import dev.strafe.server.room.RoomSettings;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Server configuration: embedded defaults ({@code strafe-defaults.json}), overlaid by an optional JSON
 * file, overlaid by environment variables. Each env variable maps to one JSON path:
 * {@code STRAFE_HTTP_PORT} sets {@code http.port} (prefix {@code STRAFE_}, {@code _} separates levels,
 * lower-cased). Values are validated once here so verticles can trust them.
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

    public static ServerConfig fromJson(JsonObject json) {
        JsonObject http = json.getJsonObject("http", new JsonObject());
        ServerConfig config = new ServerConfig(http.getString("host"), intValue(http, "port", "http.port"), json);
        config.rooms(); // validate the rooms section now: a bad value stops the node at start
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
                JsonObject child = node.getJsonObject(path[i]);
                if (child == null) {
                    child = new JsonObject();
                    node.put(path[i], child);
                }
                node = child;
            }
            String key = path[path.length - 1];
            node.put(key, typed(node.getValue(key), value, name));
        });
    }

    private static Object typed(Object current, String value, String name) {
        try {
            return switch (current) {
                case Integer ignored -> Integer.parseInt(value.trim());
                case Long ignored -> Long.parseLong(value.trim());
                case Double ignored -> Double.parseDouble(value.trim());
                case Boolean ignored -> parseBoolean(value.trim(), name);
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

    /** The configuration as printed at start; secrets (keys containing secret/password/token) masked. */
    public String describe() {
        return mask(raw.copy()).encodePrettily();
    }

    private static JsonObject mask(JsonObject json) {
        for (String key : json.fieldNames()) {
            Object value = json.getValue(key);
            if (value instanceof JsonObject child) {
                mask(child);
            } else if (key.toLowerCase().matches(".*(secret|password|token).*")) {
                json.put(key, "****");
            }
        }
        return json;
    }
}
