package dev.strafe.protocol.vectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strafe.protocol.ProtocolException;
import dev.strafe.protocol.pos.Input;
import dev.strafe.protocol.pos.InputCodec;
import dev.strafe.protocol.pos.SnapshotDecoder;
import dev.strafe.protocol.pos.SnapshotEncoder;
import dev.strafe.protocol.pos.SnapshotLayout;
import dev.strafe.protocol.pos.SnapshotState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes the golden vector files in {@code shared-protocol/vectors/} from the Java codec. Run once when the
 * format changes (from the repository root; the argument is the output folder), then review the diff: the files are the contract and are
 * never regenerated silently by the build.
 *
 * <pre>
 * ./mvnw -B -o -q -pl shared-protocol test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.strafe.protocol.vectors.VectorGenerator -Dexec.args=shared-protocol/vectors
 * </pre>
 */
public final class VectorGenerator {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final byte[] BUF = new byte[2048];

    private VectorGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : VectorJson.DIR;
        Files.createDirectories(dir);
        write(dir.resolve("pos-input.json"), inputVectors());
        write(dir.resolve("pos-snapshot.json"), snapshotVectors());
        write(dir.resolve("pos-errors.json"), errorVectors());
    }

    private static void write(Path file, ObjectNode root) throws IOException {
        Files.writeString(file, VectorJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        System.out.println("wrote " + file);
    }

    // ---------------------------------------------------------------- inputs

    static ObjectNode inputVectors() {
        ObjectNode root = header("pos channel Input messages (client to server). Both directions: encode(input) == hex"
                + " and decode(hex) == input, except decodeOnly cases (decode only).");
        ArrayNode cases = root.putArray("cases");
        inputCase(cases, "all fields zero", new Input());
        inputCase(cases, "typical: full right, full down, fire and jump, aim 90 degrees", new Input()
                .sequence(1).ackTick(0).clientTimeMillis(1000).moveX(127).moveY(-127)
                .buttons(Input.BUTTON_FIRE | Input.BUTTON_JUMP).aim(16384));
        inputCase(cases, "maximum values: u32 fields at 0xFFFFFFFF, all buttons, aim 65535", new Input()
                .sequence(0xFFFF_FFFFL).ackTick(0xFFFF_FFFFL).clientTimeMillis(0xFFFF_FFFFL).moveX(-127).moveY(127)
                .buttons(0xFF).aim(0xFFFF));
        inputCase(cases, "sequence after wrap with ack near wrap", new Input()
                .sequence(0).ackTick(0xFFFF_FFFEL).clientTimeMillis(0x8000_0000L).moveX(-1).moveY(1)
                .buttons(Input.BUTTON_SPRINT).aim(32768));

        // Forward compatibility: a v2 sender appended 2 bytes to the root block; v1 reads the known fields.
        Input v = new Input().sequence(7).ackTick(6).clientTimeMillis(123456).moveX(10).moveY(-10).buttons(3).aim(100);
        int n = InputCodec.encode(v, BUF, 0);
        byte[] longer = Arrays.copyOf(BUF, n + 2);
        longer[1] = 2; // schemaVersion 2
        longer[3] = (byte) (InputCodec.BLOCK_LENGTH + 2);
        longer[n] = (byte) 0xAB;
        longer[n + 1] = (byte) 0xCD;
        ObjectNode c = cases.addObject();
        c.put("name", "schema v2 with a longer root block: v1 fields decode, extra bytes skipped");
        c.put("decodeOnly", true);
        c.put("hex", VectorJson.hex(longer, 0, longer.length));
        c.set("input", VectorJson.json(v));
        return root;
    }

    private static void inputCase(ArrayNode cases, String name, Input input) {
        int n = InputCodec.encode(input, BUF, 0);
        Input back = new Input();
        InputCodec.decode(BUF, 0, n, back);
        check(back.equals(input), name);
        ObjectNode c = cases.addObject();
        c.put("name", name);
        c.put("hex", VectorJson.hex(BUF, 0, n));
        c.set("input", VectorJson.json(input));
    }

    // ---------------------------------------------------------------- snapshots

    static ObjectNode snapshotVectors() {
        ObjectNode root = header("pos channel Snapshot messages (server to client). encode(baseline, current, maxBytes)"
                + " == hex and writes entitiesWritten leading entities of current; decode(hex) applied to baseline"
                + " == result (sorted by id). current and result carry the message's lastInputSequence (per receiving player)."
                + " baseline null = full snapshot. decodeOnly cases are decode only.");
        ArrayNode cases = root.putArray("cases");

        snapshotCase(cases, "empty full snapshot", null, new SnapshotState().tick(1), 0);

        SnapshotState three = new SnapshotState().tick(100);
        three.add(7, 1, 150, 250, 10, -20, 0);
        three.add(3, 2, -1, -8_388_608, -32768, 32767, 65535);
        three.add(12, 0, -123_456, 654_321, 0, 0, 16384);
        snapshotCase(cases, "full snapshot, three entities in interest order, negative coordinates", null, three, 97);

        SnapshotState extremes = new SnapshotState().tick(0xFFFF_FFFFL);
        extremes.add(0, 0, SnapshotState.POSITION_MIN, SnapshotState.POSITION_MAX, SnapshotState.VELOCITY_MIN,
                SnapshotState.VELOCITY_MAX, 0);
        extremes.add(65535, 255, SnapshotState.POSITION_MAX, SnapshotState.POSITION_MIN, SnapshotState.VELOCITY_MAX,
                SnapshotState.VELOCITY_MIN, 65535);
        snapshotCase(cases, "full snapshot at tick 0xFFFFFFFF with extreme ids, kinds, field values and lastInputSequence",
                null, extremes, 0xFFFF_FFFFL);

        SnapshotState base = new SnapshotState().tick(200);
        base.add(1, 1, 0, 0, 0, 0, 0);
        base.add(2, 1, 100, 100, 5, 5, 1000);
        base.add(3, 2, -500, -500, 0, 0, 2000);
        base.add(4, 3, 42, 42, 0, 0, 0);
        SnapshotState cur = new SnapshotState().tick(203);
        cur.add(2, 1, 110, 100, 5, 5, 1000);      // changed x
        cur.add(9, 4, -7, -9, -1, -2, 3);          // added
        cur.add(4, 3, 42, 42, 0, 0, 0);            // unchanged
        cur.add(3, 2, -600, -400, -100, 100, 60000); // changed everything
        // 1 removed
        snapshotCase(cases, "delta: one removed, one added, one changed x, one changed all fields, one unchanged", base, cur, 0x0102_0304L);

        SnapshotState same = new SnapshotState().copyFrom(base).tick(201);
        snapshotCase(cases, "delta without changes (keep-alive)", base, same, 1);

        SnapshotState all = new SnapshotState().tick(230);
        snapshotCase(cases, "delta removing every entity", base, all, 500);

        SnapshotState kindChange = new SnapshotState().copyFrom(base).tick(210);
        kindChange.removeAt(kindChange.indexOf(4));
        kindChange.add(4, 9, 42, 42, 0, 0, 0);
        snapshotCase(cases, "delta: a kind change is encoded as remove plus add of the same id", base, kindChange, 501);

        SnapshotState wrapBase = new SnapshotState().tick(0xFFFF_FFFFL);
        wrapBase.add(5, 1, -1000, 2000, 30, -30, 500);
        wrapBase.add(6, 1, 3000, -4000, 0, 0, 0);
        SnapshotState wrapCur = new SnapshotState().tick(1);
        wrapCur.add(5, 1, -1030, 2000, 30, -30, 500);
        wrapCur.add(6, 1, 3000, -4000, 0, 0, 0);
        snapshotCase(cases, "tick wrap: baseline 0xFFFFFFFF, tick 1 (0 is skipped), input sequence wrapped to 0", wrapBase, wrapCur, 0);

        SnapshotState nearBase = new SnapshotState().tick(0xFFFF_FFF0L);
        nearBase.add(5, 1, -1000, 2000, 30, -30, 500);
        SnapshotState nearCur = new SnapshotState().tick(5);
        nearCur.add(5, 1, -1000, 2010, 30, -30, 510);
        nearCur.add(8, 2, -8_000_000, 8_000_000, 0, 0, 0);
        snapshotCase(cases, "baseline near wrap: baseline 0xFFFFFFF0, tick 5", nearBase, nearCur, 0xFFFF_FFFEL);

        SnapshotState big = new SnapshotState().tick(42);
        for (int i = 0; i < 80; i++) {
            big.add(1000 - i * 7, i % 4, i * 1000 - 40_000, -i * 777, i - 40, 40 - i, i * 800);
        }
        snapshotCase(cases, "maximal full snapshot: 80 entities offered, the first 72 fit (1099 bytes)", null, big, 4242);

        // Exactly 1100 bytes: 19 + 3 removed (6) + 71 added (1065) + 2 changed vx (2 x 5) = 1100.
        SnapshotState fullBase = new SnapshotState().tick(300);
        for (int id = 3; id <= 7; id++) {
            fullBase.add(id, 1, id * 10, id * 10, 0, 0, 0);
        }
        SnapshotState fullCur = new SnapshotState().tick(301);
        fullCur.add(6, 1, 60, 60, 1, 0, 0);
        fullCur.add(7, 1, 70, 70, -1, 0, 0);
        for (int i = 0; i < 72; i++) {
            fullCur.add(100 + i, 2, -i, i, 0, 0, i);
        }
        snapshotCase(cases, "maximal delta of exactly 1100 bytes: 3 removed, 2 changed, 71 of 72 added fit", fullBase, fullCur, 77);

        // Forward compatibility: a v2 sender with a 2-byte longer root block.
        SnapshotEncoder enc = new SnapshotEncoder();
        int n = enc.encode(base, cur, 9, BUF, 0, SnapshotLayout.MAX_SNAPSHOT_BYTES);
        byte[] longer = new byte[n + 2];
        System.arraycopy(BUF, 0, longer, 0, SnapshotLayout.FIXED_LENGTH);
        longer[1] = 2;
        longer[3] = (byte) (SnapshotLayout.BLOCK_LENGTH + 2);
        longer[SnapshotLayout.FIXED_LENGTH] = (byte) 0xEE;
        longer[SnapshotLayout.FIXED_LENGTH + 1] = (byte) 0xFF;
        System.arraycopy(BUF, SnapshotLayout.FIXED_LENGTH, longer, SnapshotLayout.FIXED_LENGTH + 2, n - SnapshotLayout.FIXED_LENGTH);
        SnapshotState result = new SnapshotState();
        SnapshotDecoder decoder = new SnapshotDecoder().decode(longer, 0, longer.length, base, result);
        check(decoder.lastInputSequence() == 9, "v2 lastInputSequence");
        ObjectNode c = cases.addObject();
        c.put("name", "schema v2 with a longer root block: v1 fields decode, extra bytes skipped");
        c.put("decodeOnly", true);
        c.set("baseline", VectorJson.json(base));
        c.put("hex", VectorJson.hex(longer, 0, longer.length));
        c.set("result", VectorJson.json(result, decoder.lastInputSequence()));
        return root;
    }

    private static void snapshotCase(ArrayNode cases, String name, SnapshotState baseline, SnapshotState current,
                                     long lastInputSequence) {
        SnapshotState sortedBaseline = baseline == null ? null : new SnapshotState().copyFrom(baseline).sortById();
        SnapshotEncoder enc = new SnapshotEncoder();
        int n = enc.encode(sortedBaseline, current, lastInputSequence, BUF, 0, SnapshotLayout.MAX_SNAPSHOT_BYTES);
        SnapshotState result = new SnapshotState();
        SnapshotDecoder decoder = new SnapshotDecoder().decode(BUF, 0, n, sortedBaseline, result);
        check(decoder.lastInputSequence() == lastInputSequence, name);
        ObjectNode c = cases.addObject();
        c.put("name", name);
        c.set("baseline", VectorJson.json(sortedBaseline));
        c.set("current", VectorJson.json(current, lastInputSequence));
        c.put("maxBytes", SnapshotLayout.MAX_SNAPSHOT_BYTES);
        c.put("hex", VectorJson.hex(BUF, 0, n));
        c.put("length", n);
        c.put("entitiesWritten", enc.entitiesWritten());
        c.set("result", VectorJson.json(result, lastInputSequence));
    }

    // ---------------------------------------------------------------- errors

    static ObjectNode errorVectors() {
        ObjectNode root = header("Malformed pos channel messages. decoder \"input\" = Input decode, \"snapshot\" = snapshot"
                + " decode applied to baseline (null when absent). Each must fail with the typed protocol error whose"
                + " message is exactly \"error\"; offsets are relative to the message start.");
        ArrayNode cases = root.putArray("cases");

        byte[] input = Arrays.copyOf(BUF, InputCodec.encode(new Input().sequence(5).ackTick(4).clientTimeMillis(99)
                .moveX(3).moveY(-3).buttons(1).aim(7), BUF, 0));
        error(cases, "input: empty message", "input", new byte[0], null);
        error(cases, "input: truncated header", "input", Arrays.copyOf(input, 3), null);
        error(cases, "input: oversized message", "input", Arrays.copyOf(input, InputCodec.MAX_INPUT_BYTES + 1), null);
        error(cases, "input: snapshot type given to the input decoder", "input", with(input, 0, 2), null);
        error(cases, "input: unknown type", "input", with(input, 0, 0x7F), null);
        error(cases, "input: unknown schema version 0", "input", with(input, 1, 0), null);
        error(cases, "input: block length shorter than v1", "input", with(input, 3, InputCodec.BLOCK_LENGTH - 1), null);
        error(cases, "input: block length longer than the message", "input", with(input, 3, InputCodec.BLOCK_LENGTH + 4), null);
        error(cases, "input: truncated body", "input", Arrays.copyOf(input, 14), null);
        error(cases, "input: move x -128 out of range", "input", with(input, InputCodec.MOVE_X_OFFSET, 0x80), null);
        error(cases, "input: move y -128 out of range", "input", with(input, InputCodec.MOVE_Y_OFFSET, 0x80), null);
        error(cases, "input: trailing bytes", "input", Arrays.copyOf(input, input.length + 2), null);

        SnapshotState base = new SnapshotState().tick(10);
        base.add(1, 1, 0, 0, 0, 0, 0);
        base.add(2, 1, 100, 100, 0, 0, 0);
        SnapshotState cur = new SnapshotState().tick(12);
        cur.add(2, 1, 120, 100, 0, 0, 0);   // changed x
        cur.add(3, 2, -5, -5, 0, 0, 0);     // added; 1 removed
        SnapshotEncoder enc = new SnapshotEncoder();
        byte[] delta = Arrays.copyOf(BUF, enc.encode(base, cur, BUF, 0));
        byte[] full = Arrays.copyOf(BUF, enc.encodeFull(cur, BUF, 0));
        // delta layout: 19 fixed | removed id 1 @19 | added id 3 @21 (15 bytes) | changed id 2 @36: mask @38, x @39..41
        int removedAt = SnapshotLayout.FIXED_LENGTH;
        int addedAt = removedAt + SnapshotLayout.REMOVED_LENGTH;
        int changedAt = addedAt + SnapshotLayout.ADDED_LENGTH;

        error(cases, "snapshot: empty message", "snapshot", new byte[0], null);
        error(cases, "snapshot: truncated header", "snapshot", Arrays.copyOf(delta, 2), base);
        error(cases, "snapshot: oversized message (1101 bytes)", "snapshot", Arrays.copyOf(full, SnapshotLayout.MAX_SNAPSHOT_BYTES + 1), null);
        error(cases, "snapshot: input type given to the snapshot decoder", "snapshot", with(delta, 0, 1), base);
        error(cases, "snapshot: unknown type", "snapshot", with(delta, 0, 0xFF), base);
        error(cases, "snapshot: unknown schema version 0", "snapshot", with(delta, 1, 0), base);
        error(cases, "snapshot: block length shorter than v1", "snapshot", with(delta, 3, SnapshotLayout.BLOCK_LENGTH - 1), base);
        error(cases, "snapshot: block length mismatch (longer than the message)", "snapshot", with(with(delta, 2, 0x01), 3, 0x00), base);
        error(cases, "snapshot: truncated root block", "snapshot", Arrays.copyOf(delta, 9), base);
        error(cases, "snapshot: tick 0 is reserved", "snapshot", withU32(delta, SnapshotLayout.TICK_OFFSET, 0), base);
        error(cases, "snapshot: baseline equal to tick", "snapshot", withU32(delta, SnapshotLayout.BASELINE_TICK_OFFSET, 12), base);
        error(cases, "snapshot: baseline newer than tick", "snapshot", withU32(delta, SnapshotLayout.BASELINE_TICK_OFFSET, 13), base);
        error(cases, "snapshot: baseline exactly 2^31 ticks from tick (ambiguous modulo 2^32)", "snapshot",
                withU32(delta, SnapshotLayout.BASELINE_TICK_OFFSET, 0x8000_000CL), base);
        error(cases, "snapshot: full snapshot with removed entities", "snapshot", with(full, SnapshotLayout.REMOVED_COUNT_OFFSET, 1), null);
        error(cases, "snapshot: full snapshot with changed entities", "snapshot", with(full, SnapshotLayout.CHANGED_COUNT_OFFSET, 1), null);
        error(cases, "snapshot: removed count out of range", "snapshot", with(delta, SnapshotLayout.REMOVED_COUNT_OFFSET, 200), base);
        error(cases, "snapshot: added count out of range", "snapshot", with(delta, SnapshotLayout.ADDED_COUNT_OFFSET, 129), base);
        error(cases, "snapshot: changed count out of range", "snapshot", with(delta, SnapshotLayout.CHANGED_COUNT_OFFSET, 255), base);
        error(cases, "snapshot: truncated removed ids", "snapshot", Arrays.copyOf(delta, removedAt + 1), base);
        error(cases, "snapshot: truncated added entity", "snapshot", Arrays.copyOf(delta, addedAt + 7), base);
        error(cases, "snapshot: truncated changed entity prefix", "snapshot", Arrays.copyOf(delta, changedAt + 2), base);
        error(cases, "snapshot: truncated changed fields", "snapshot", Arrays.copyOf(delta, changedAt + 4), base);
        error(cases, "snapshot: changed mask 0", "snapshot", with(delta, changedAt + 2, 0), base);
        error(cases, "snapshot: changed mask with reserved bit 5", "snapshot", with(delta, changedAt + 2, 0x21), base);
        error(cases, "snapshot: counts claim more records than present", "snapshot", with(delta, SnapshotLayout.ADDED_COUNT_OFFSET, 2), base);
        error(cases, "snapshot: trailing bytes", "snapshot", Arrays.copyOf(delta, delta.length + 1), base);
        error(cases, "snapshot: delta without a baseline state", "snapshot", delta, null);
        SnapshotState other = new SnapshotState().copyFrom(base).tick(11);
        error(cases, "snapshot: baseline tick differs from the given baseline state", "snapshot", delta, other);
        error(cases, "snapshot: removed id not in baseline", "snapshot", withU16(delta, removedAt, 77), base);
        error(cases, "snapshot: added id already present", "snapshot", withU16(delta, addedAt, 2), base);
        error(cases, "snapshot: changed id not in baseline", "snapshot", withU16(delta, changedAt, 1), base);

        SnapshotState fullBase = new SnapshotState().tick(10);
        for (int id = 0; id < SnapshotState.MAX_ENTITIES; id++) {
            fullBase.add(id, 0, 0, 0, 0, 0, 0);
        }
        SnapshotState plusOne = new SnapshotState().copyFrom(fullBase).tick(11);
        plusOne.removeAt(0);
        plusOne.add(500, 0, 1, 1, 0, 0, 0);
        byte[] grow = Arrays.copyOf(BUF, enc.encode(fullBase, plusOne, BUF, 0));
        // drop the removal: header count 0 and remove the 2-byte id -> the state would hold 129 entities
        byte[] noRemoval = new byte[grow.length - SnapshotLayout.REMOVED_LENGTH];
        System.arraycopy(grow, 0, noRemoval, 0, SnapshotLayout.FIXED_LENGTH);
        System.arraycopy(grow, SnapshotLayout.FIXED_LENGTH + SnapshotLayout.REMOVED_LENGTH, noRemoval, SnapshotLayout.FIXED_LENGTH,
                grow.length - SnapshotLayout.FIXED_LENGTH - SnapshotLayout.REMOVED_LENGTH);
        noRemoval[SnapshotLayout.REMOVED_COUNT_OFFSET] = 0;
        error(cases, "snapshot: entity count above 128 after applying", "snapshot", noRemoval, fullBase);
        return root;
    }

    private static void error(ArrayNode cases, String name, String decoder, byte[] bytes, SnapshotState baseline) {
        String message;
        try {
            if (decoder.equals("input")) {
                InputCodec.decode(bytes, 0, bytes.length, new Input());
            } else {
                new SnapshotDecoder().decode(bytes, 0, bytes.length, baseline, new SnapshotState());
            }
            throw new IllegalStateException("no error for vector: " + name);
        } catch (ProtocolException e) {
            message = e.getMessage();
        }
        ObjectNode c = cases.addObject();
        c.put("name", name);
        c.put("decoder", decoder);
        c.put("hex", VectorJson.hex(bytes, 0, bytes.length));
        if (decoder.equals("snapshot")) {
            c.set("baseline", VectorJson.json(baseline));
        }
        c.put("error", message);
    }

    // ---------------------------------------------------------------- helpers

    private static ObjectNode header(String description) {
        ObjectNode root = F.objectNode();
        root.put("description", description + " Generated by dev.strafe.protocol.vectors.VectorGenerator;"
                + " hand edits break the Java and JS tests on purpose.");
        root.put("schemaVersion", 1);
        root.put("byteOrder", "big-endian");
        return root;
    }

    private static byte[] with(byte[] src, int index, int value) {
        byte[] b = src.clone();
        b[index] = (byte) value;
        return b;
    }

    private static byte[] withU16(byte[] src, int index, int value) {
        byte[] b = src.clone();
        b[index] = (byte) (value >>> 8);
        b[index + 1] = (byte) value;
        return b;
    }

    private static byte[] withU32(byte[] src, int index, long value) {
        byte[] b = src.clone();
        b[index] = (byte) (value >>> 24);
        b[index + 1] = (byte) (value >>> 16);
        b[index + 2] = (byte) (value >>> 8);
        b[index + 3] = (byte) value;
        return b;
    }

    private static void check(boolean ok, String name) {
        if (!ok) {
            throw new IllegalStateException("round trip failed for vector: " + name);
        }
    }
}
