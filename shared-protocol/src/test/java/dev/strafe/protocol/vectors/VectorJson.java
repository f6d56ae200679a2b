package dev.strafe.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strafe.protocol.pos.Input;
import dev.strafe.protocol.pos.SnapshotState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HexFormat;

/** Conversions between the golden vector JSON files and the codec values (test support). */
public final class VectorJson {

    /** The vector folder; surefire runs with the module directory as working directory. */
    public static final Path DIR = Path.of("vectors");

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();

    private VectorJson() {
    }

    public static JsonNode readFile(String name) {
        try {
            return MAPPER.readTree(DIR.resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(JsonNode hex) {
        return HEX.parseHex(hex.asText());
    }

    public static String hex(byte[] b, int offset, int length) {
        return HEX.formatHex(b, offset, offset + length);
    }

    public static Input input(JsonNode n) {
        return new Input()
                .sequence(n.get("sequence").asLong())
                .ackTick(n.get("ackTick").asLong())
                .clientTimeMillis(n.get("clientTimeMillis").asLong())
                .moveX(n.get("moveX").asInt())
                .moveY(n.get("moveY").asInt())
                .buttons(n.get("buttons").asInt())
                .aim(n.get("aim").asInt());
    }

    public static ObjectNode json(Input in) {
        ObjectNode n = F.objectNode();
        n.put("sequence", in.sequence());
        n.put("ackTick", in.ackTick());
        n.put("clientTimeMillis", in.clientTimeMillis());
        n.put("moveX", in.moveX());
        n.put("moveY", in.moveY());
        n.put("buttons", in.buttons());
        n.put("aim", in.aim());
        return n;
    }

    /** A state, or null for JSON null / absent. */
    public static SnapshotState state(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        SnapshotState s = new SnapshotState().tick(n.get("tick").asLong());
        for (JsonNode e : n.get("entities")) {
            s.add(e.get("id").asInt(), e.get("kind").asInt(), e.get("x").asInt(), e.get("y").asInt(),
                    e.get("vx").asInt(), e.get("vy").asInt(), e.get("heading").asInt());
        }
        return s;
    }

    /** The {@code lastInputSequence} carried next to a state's tick in snapshot vectors ({@code current}, {@code result}). */
    public static long lastInputSequence(JsonNode n) {
        return n.get("lastInputSequence").asLong();
    }

    /** {@link #json(SnapshotState)} plus the message's {@code lastInputSequence} after the tick. */
    public static JsonNode json(SnapshotState s, long lastInputSequence) {
        ObjectNode n = F.objectNode();
        n.put("tick", s.tick());
        n.put("lastInputSequence", lastInputSequence);
        n.setAll((ObjectNode) json(s));
        return n;
    }

    public static JsonNode json(SnapshotState s) {
        if (s == null) {
            return F.nullNode();
        }
        ObjectNode n = F.objectNode();
        n.put("tick", s.tick());
        ArrayNode entities = n.putArray("entities");
        for (int i = 0; i < s.size(); i++) {
            ObjectNode e = entities.addObject();
            e.put("id", s.id(i));
            e.put("kind", s.kind(i));
            e.put("x", s.x(i));
            e.put("y", s.y(i));
            e.put("vx", s.vx(i));
            e.put("vy", s.vy(i));
            e.put("heading", s.heading(i));
        }
        return n;
    }
}
