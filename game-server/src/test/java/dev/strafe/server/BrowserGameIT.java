package dev.strafe.server;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.strafe.webrtc.testing.BrowserProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        BrowserProcess.requirePrerequisites();
        BrowserProcess.requireFile(JAR, JAR + " is missing: run through `verify` (the jar is built by `package`)");
        BrowserProcess.installPlaywrightIfMissing(WEB_CLIENT);
        Files.createDirectories(ARTIFACTS);
        List<String> cmd = BrowserProcess.inLoopbackOnlyNamespace(
            "exec node test/e2e/browser-game.mjs --jar '" + JAR + "' --artifacts '" + ARTIFACTS + "'");
        BrowserProcess.Result r = BrowserProcess.run(cmd, WEB_CLIENT, 180, "browser-game.mjs", Map.of());
        Files.writeString(ARTIFACTS.resolve("stderr.log"), r.stderr());
        String summary = r.stdout().lines().filter(l -> l.startsWith("{")).reduce((x, y) -> y).orElse("");
        if (r.exit() != 0 || !summary.contains("\"ok\":true")) {
            fail("browser-game.mjs exit " + r.exit() + ": " + summary + "\nstderr tail:\n" + BrowserProcess.tail(r.stderr(), 3000)
                + "\nserver log tail:\n" + BrowserProcess.tail(BrowserProcess.readOrEmpty(ARTIFACTS.resolve("server.log")), 3000)
                + "\nartifacts: " + ARTIFACTS);
        }
        System.out.println("BrowserGameIT: " + summary);
        assertTrue(Files.exists(ARTIFACTS.resolve("06-A-left-B.png")), "screenshots kept in " + ARTIFACTS);
    }
}
