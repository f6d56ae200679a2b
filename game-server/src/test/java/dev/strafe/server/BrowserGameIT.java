package dev.strafe.server;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo in headless Chromium against the real server jar, both inside a fresh network namespace that has
 * only {@code lo} (../shared/TESTING.md): {@code unshare --net -- sh -c 'ip link set lo up && exec node
 * web-client/test/e2e/browser-game.mjs ...'}. The node script starts {@code target/strafe-server.jar} (built by
 * {@code package}) with the test-only session-drop hook, drives two pages through the issue-6 scenario (movement
 * seen by the other page, coins picked exactly once, a server-side drop resumed without duplicate effects, a
 * leave) and prints a JSON summary.
 *
 * <p>Fails (never skips) when Chromium, node, unshare or the jar is missing: CI installs Chromium. Artifacts
 * (screenshots of both pages per step, server log, page console, summary.json) go to {@code target/e2e/}.
 */
class BrowserGameIT {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path WEB_CLIENT = MODULE.resolveSibling("web-client");
    private static final Path JAR = MODULE.resolve("target/strafe-server.jar");
    private static final Path ARTIFACTS = MODULE.resolve("target/e2e");

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void twoBrowsersPlayOneRoomThroughMovesCoinsAServerSideDropAndALeave() throws Exception {
        requireTool(Path.of("/usr/bin/chromium"), "Chromium is missing: apt-get install -y chromium (CI installs it)");
        requireTool(Path.of("/usr/bin/unshare"), "unshare (util-linux) is missing");
        requireOnPath("node", "node is missing (Node 20+ is a build prerequisite)");
        requireTool(JAR, JAR + " is missing: run through `verify` (the jar is built by `package`)");
        if (!Files.isDirectory(WEB_CLIENT.resolve("node_modules/playwright-core"))) {
            Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), WEB_CLIENT, 180, "npm ci (playwright-core)");
            if (npm.exit != 0) {
                fail("npm ci in web-client failed (exit " + npm.exit + "):\n" + tail(npm.stderr, 3000));
            }
        }
        Files.createDirectories(ARTIFACTS);
        String inner = "ip link set lo up && exec node test/e2e/browser-game.mjs --jar '" + JAR + "' --artifacts '" + ARTIFACTS + "'";
        List<String> cmd = isRoot()
            ? List.of("unshare", "--net", "--", "sh", "-c", inner)
            : List.of("unshare", "--user", "--map-root-user", "--net", "--", "sh", "-c", inner);
        Result r = run(cmd, WEB_CLIENT, 180, "browser-game.mjs");
        Files.writeString(ARTIFACTS.resolve("stderr.log"), r.stderr);
        String summary = r.stdout.lines().filter(l -> l.startsWith("{")).reduce((x, y) -> y).orElse("");
        if (r.exit != 0 || !summary.contains("\"ok\":true")) {
            fail("browser-game.mjs exit " + r.exit + ": " + summary + "\nstderr tail:\n" + tail(r.stderr, 3000)
                + "\nserver log tail:\n" + tail(readOrEmpty(ARTIFACTS.resolve("server.log")), 3000)
                + "\nartifacts: " + ARTIFACTS);
        }
        System.out.println("BrowserGameIT: " + summary);
        assertTrue(Files.exists(ARTIFACTS.resolve("06-A-left-B.png")), "screenshots kept in " + ARTIFACTS);
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private static Result run(List<String> cmd, Path dir, int timeoutSeconds, String what) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path out = Files.createTempFile("browser-game", ".out");
        Path err = Files.createTempFile("browser-game", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                fail(what + " did not finish within " + timeoutSeconds + " s; stderr tail:\n" + tail(Files.readString(err), 3000));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void requireTool(Path path, String message) {
        if (!Files.isRegularFile(path)) {
            fail(message);
        }
    }

    private static void requireOnPath(String tool, String message) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        fail(message);
    }

    private static boolean isRoot() {
        try {
            return Files.readString(Path.of("/proc/self/status")).lines()
                .filter(l -> l.startsWith("Uid:")).anyMatch(l -> l.split("\\s+")[1].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    private static String readOrEmpty(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String s, int n) {
        return s.length() <= n ? s : s.substring(s.length() - n);
    }
}
