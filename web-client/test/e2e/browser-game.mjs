#!/usr/bin/env node
// End-to-end: the REAL game server (strafe-server.jar) and headless Chromium, both inside the current network
// namespace, which must have only `lo` (run under `unshare --net`; see ../../README.md "End-to-end test" and
// /work/shared/TESTING.md). Started by game-server's BrowserGameIT; by hand:
//
//   unshare --net -- sh -c 'ip link set lo up && exec node test/e2e/browser-game.mjs \
//       --jar ../game-server/target/strafe-server.jar --artifacts ../game-server/target/e2e'
//
// Scenario (issue 6, "Proven by"): pages A and B (separate browser contexts) open the demo at `/` and join room
// `e2e`; A moves (keyboard) and B sees A where A's own snapshots put it; A picks up coins and both pages see
// each pickup exactly once (events, balances, coin gone from B's view); a transfer A -> B is applied on the
// server, its result is lost with A's peer dropped server-side (debug hook), and the SDK's resumed session
// retries the same tx id: applied once, balances unchanged by the reconnect; A leaves and disappears from B's
// view. Screenshots of both pages after every step, the server log and a JSON summary go to --artifacts.
// Exits non-zero with a message naming the failed check.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((/** @type {string[][]} */ acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
  return acc;
}, []));
const artifacts = path.resolve(args.artifacts ?? 'target/e2e');
const jar = path.resolve(args.jar ?? '../game-server/target/strafe-server.jar');
const chromiumPath = args.chromium ?? '/usr/bin/chromium';
const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin/java') : '';
const HTTP_PORT = Number(args['http-port'] ?? 18080);
const UDP_PORT = Number(args['udp-port'] ?? 18000);
const ROOM = 'e2e';
const TICK_MS = 50; // rooms.tick.rate 20 (defaults)
const base = `http://127.0.0.1:${HTTP_PORT}`;
const started = Date.now();
const summary = /** @type {Record<string, any>} */ ({ ok: false, steps: [] });

fs.rmSync(artifacts, { recursive: true, force: true });
fs.mkdirSync(artifacts, { recursive: true });
const log = (/** @type {any[]} */ ...m) => console.error(`[e2e +${((Date.now() - started) / 1000).toFixed(1)}s]`, ...m);
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

class CheckFailed extends Error {}
/** @param {boolean} ok @param {string} what */
function check(ok, what) {
  if (!ok) throw new CheckFailed(what);
}

/**
 * Polls fn until it returns a truthy value.
 * @template T @param {string} what @param {() => Promise<T>} fn @param {number} timeoutMs @returns {Promise<T>}
 */
async function waitFor(what, fn, timeoutMs, intervalMs = 25) {
  const t0 = Date.now();
  let last;
  while (Date.now() - t0 < timeoutMs) {
    last = await fn();
    if (last) return last;
    await sleep(intervalMs);
  }
  throw new CheckFailed(`timeout after ${timeoutMs} ms: ${what} (last: ${JSON.stringify(last)})`);
}

/**
 * Checks that hold once the pages have caught up: polls `probe` (which returns the list of what is still wrong)
 * until it returns none; fails with the last list after `timeoutMs`. Players pick up coins that spawn under them
 * at any time, so cross-page comparisons are made at a moment where no event is in flight.
 * @param {string} what @param {() => Promise<string[]>} probe @param {number} timeoutMs
 */
async function eventually(what, probe, timeoutMs) {
  const t0 = Date.now();
  let problems = ['not probed'];
  while (Date.now() - t0 < timeoutMs) {
    problems = await probe();
    if (problems.length === 0) return;
    await sleep(50);
  }
  throw new CheckFailed(`${what} (after ${timeoutMs} ms): ${problems.join('; ')}`);
}

// 1. only loopback here, tools present
const devices = fs.readFileSync('/proc/self/net/dev', 'utf8').split('\n').slice(2).map((l) => l.trim().split(':')[0]).filter(Boolean);
if (devices.length !== 1 || devices[0] !== 'lo') {
  console.error(`e2e: the network namespace must have only lo, found: ${devices.join(', ')} (run under unshare --net)`);
  process.exit(2);
}
if (!java) {
  console.error('e2e: JAVA_HOME is not set (expected: a JDK 25, e.g. /usr/lib/jvm/temurin-25-jdk-amd64)');
  process.exit(2);
}
for (const [file, hint] of [[chromiumPath, 'apt-get install -y chromium'], [jar, 'build it first: ./mvnw -pl game-server -am package']]) {
  if (!fs.existsSync(file)) {
    console.error(`e2e: ${file} is missing (${hint})`);
    process.exit(2);
  }
}

// 2. the real server in this namespace: loopback only, debug drop hook on, a small world so that A and B are
// always within each other's interest radius (30 m) and coins spawn fast
const config = {
  http: { host: '127.0.0.1', port: HTTP_PORT },
  udp: { host: '127.0.0.1', port: UDP_PORT, advertisedAddress: '127.0.0.1', allowedNetworks: ['127.0.0.0/8'] },
  drain: { graceMillis: 1000 },
  debug: { sessionDrop: true },
  rooms: { custom: { [ROOM]: { world: { width: 2000, height: 1500 }, coins: { max: 12, interval: 4, seed: 7 } } } },
};
const configFile = path.join(artifacts, 'server-config.json');
fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
const serverLog = fs.createWriteStream(path.join(artifacts, 'server.log'));
const server = spawn(java, ['-jar', jar, '--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
server.stdout.pipe(serverLog);
server.stderr.pipe(serverLog);
/** @type {string|null} */
let serverExit = null;
server.on('exit', (code, signal) => { serverExit = `${code ?? signal}`; });
log(`server pid ${server.pid}: ${java} -jar ${jar}`);

// the whole run is bounded: past the deadline the server is killed and the run fails
const DEADLINE_MS = Number(args['deadline-ms'] ?? 110000);
const deadline = setTimeout(() => {
  console.error(`e2e FAILED: not done within ${DEADLINE_MS} ms; killing the server (pid ${server.pid})`);
  try { process.kill(/** @type {number} */ (server.pid), 'SIGKILL'); } catch { /* gone */ }
  process.exit(3);
}, DEADLINE_MS);

/** @type {import('playwright-core').Browser|null} */
let browser = null;
let exitCode = 1;
try {
  await waitFor('server /health/ready', async () => {
    if (serverExit !== null) throw new CheckFailed(`server exited during start (${serverExit}); see ${artifacts}/server.log`);
    try {
      // a timeout on every probe: a connection accepted while the node starts may never be answered
      return (await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(1000) })).status === 200;
    } catch {
      return false;
    }
  }, 30000, 100);
  log('server ready');
  summary.serverReadyMs = Date.now() - started;

  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--disable-gpu', '--disable-quic', '--allow-loopback-in-peer-connection', '--no-first-run',
      '--disable-background-networking', '--disable-component-update',
      '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'],
  });
  const pageErrors = /** @type {string[]} */ ([]);
  const consoleLog = fs.createWriteStream(path.join(artifacts, 'console.log'));

  /** @param {string} label @param {string} name */
  async function openPlayer(label, name) {
    // camera/microphone permissions turn off mDNS hiding: the offer carries a plain 127.0.0.1 candidate
    const context = await browser.newContext({ viewport: { width: 1200, height: 720 }, permissions: ['camera', 'microphone'] });
    const page = await context.newPage();
    page.on('console', (m) => consoleLog.write(`[${label}] ${m.type()}: ${m.text()}\n`));
    page.on('pageerror', (e) => pageErrors.push(`[${label}] ${e.message}`));
    await page.goto(`${base}/?room=${ROOM}`);
    await page.fill('#name', name);
    await page.fill('#room', ROOM);
    const clickedAt = Date.now();
    await page.click('#join-button');
    await waitFor(`${label} connected`, () => page.evaluate(() => /** @type {any} */ (window).strafe?.client?.state === 'connected'), 15000);
    (summary.joinMs ??= {})[label] = Date.now() - clickedAt;
    // a recorder next to the demo: every room event, tx result, snapshot position of players, tx sent; and a
    // steering hook in front of setInput (the demo calls setInput with the keyboard's axes every frame)
    await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      const c = w.strafe.client;
      // events: the demo's own log (window.strafe.events, from the first event of the session), so that a coin
      // picked right after joining, before this recorder is installed, is not missed
      const rec = { events: /** @type {any[]} */ (w.strafe.events), results: /** @type {any[]} */ ([]), snaps: /** @type {any[]} */ ([]), sent: /** @type {string[]} */ ([]),
        reconnects: /** @type {any[]} */ ([]), steer: /** @type {null | (() => {moveX: number, moveY: number})} */ (null),
        swallowResultOf: /** @type {string|null} */ (null), swallowed: 0 };
      w.__e2e = rec;
      c.on('txresult', (/** @type {any} */ r) => rec.results.push({ ...r, at: Date.now() }));
      c.on('reconnecting', (/** @type {any} */ e) => rec.reconnects.push({ type: 'reconnecting', ...e, at: Date.now() }));
      c.on('reconnected', (/** @type {any} */ e) => {
        rec.reconnects.push({ type: 'reconnected', ...e, at: Date.now() });
        rec.swallowResultOf = null; // only the result sent on the dropped connection is lost
      });
      c.on('snapshot', (/** @type {any} */ s) => {
        const players = s.entities.filter((/** @type {any} */ e) => e.kind === 1).map((/** @type {any} */ e) => [e.id, e.x, e.y]);
        rec.snaps.push({ tick: s.tick, at: Date.now(), players, coins: s.entities.filter((/** @type {any} */ e) => e.kind === 2).map((/** @type {any} */ e) => e.id) });
        if (rec.snaps.length > 600) rec.snaps.splice(0, 100);
      });
      const setInput = c.setInput.bind(c);
      c.setInput = (/** @type {any} */ input) => setInput(rec.steer ? rec.steer() : input);
      const sendTx = c.sendTx.bind(c);
      c.sendTx = (/** @type {string} */ text) => { rec.sent.push(text); return sendTx(text); };
      const onTx = c.onTx.bind(c);
      c.onTx = (/** @type {any} */ data) => {
        if (rec.swallowResultOf && typeof data === 'string' && data.includes('"tx.result"') && data.includes(`"${rec.swallowResultOf}"`)) {
          rec.swallowed++;
          return undefined; // lost with the connection
        }
        return onTx(data);
      };
    });
    return { label, name, context, page };
  }

  let shot = 0;
  /** @param {string} step @param {{label: string, page: import('playwright-core').Page}[]} players */
  async function screenshots(step, players) {
    shot++;
    for (const p of players) {
      if (!p.page.isClosed()) await p.page.screenshot({ path: path.join(artifacts, `${String(shot).padStart(2, '0')}-${step}-${p.label}.png`) });
    }
    summary.steps.push({ step, atMs: Date.now() - started });
    log(`step ${step}`);
  }

  /** @param {import('playwright-core').Page} page */
  const state = (page) => page.evaluate(() => {
    const w = /** @type {any} */ (window);
    const c = w.strafe.client;
    const v = c.view();
    return { playerId: c.playerId, state: c.state, sessionId: c.join?.sessionId, local: v.local, remote: v.remote,
      balance: w.strafe.economy.local.balance, names: Object.fromEntries([...w.strafe.economy.players.values()].map((/** @type {any} */ p) => [p.id, p.name])) };
  });
  /** @param {import('playwright-core').Page} page */
  const recorded = (page) => page.evaluate(() => {
    const w = /** @type {any} */ (window);
    const r = w.__e2e;
    const balances = Object.fromEntries([...w.strafe.economy.players.values()].map((/** @type {any} */ p) => [p.id, p.balance]));
    return { events: r.events, results: r.results, snaps: r.snaps, sent: r.sent, reconnects: r.reconnects, swallowed: r.swallowed,
      balance: w.strafe.economy.local.balance, balances };
  });

  // ---- join: A first, then B (B must learn A's name from the server too)
  const A = await openPlayer('A', 'alice');
  const B = await openPlayer('B', 'bob');
  const both = [A, B];
  let a = await state(A.page);
  let b = await state(B.page);
  check(a.playerId !== b.playerId, `A and B are different players (${a.playerId}, ${b.playerId})`);
  const world = await A.page.evaluate(() => /** @type {any} */ (window).strafe.client.world);
  check(world.width === 2000 && world.height === 1500 && world.maxSpeed === 600 && world.pickupRadius === 150,
    `the SDK predicts with the room's world (join answer room.world): ${JSON.stringify(world)} (expected: 2000 x 1500, 600 cm/s, 150 cm)`);
  await waitFor('B sees A and A sees B', async () => {
    const [sa, sb] = [await state(A.page), await state(B.page)];
    return sa.remote.some((/** @type {any} */ e) => e.id === b.playerId) && sb.remote.some((/** @type {any} */ e) => e.id === a.playerId);
  }, 3000);
  await screenshots('joined', both);
  // B joined after A: it learns A's name from the room.state roster the server sends first, not player.joined
  summary.names = await waitFor('each page shows the other player\'s name', async () => {
    const names = { AseesB: (await state(A.page)).names[b.playerId], BseesA: (await state(B.page)).names[a.playerId] };
    return names.AseesB === B.name && names.BseesA === A.name ? names : null;
  }, 2000);

  // ---- A moves (keyboard): B's snapshots hold A exactly where A's own snapshots do (every common tick, exact);
  // B's interpolated view shows A at its server-confirmed resting place (1 cm) at most 5 ticks after the tick A
  // came to rest there
  const aId = a.playerId;
  // B samples its own interpolated view of A whenever a snapshot arrives (message events are not throttled
  // like timers of a page that is not in front): [time, newest tick, x, y, bufferedMs]
  await B.page.evaluate((id) => {
    const w = /** @type {any} */ (window);
    const c = w.strafe.client;
    w.__e2e.viewOfA = [];
    w.__e2e.stopSampling = c.on('snapshot', (/** @type {any} */ snap) => {
      const v = c.view().remote.find((/** @type {any} */ e) => e.id === id);
      if (v) w.__e2e.viewOfA.push([Date.now(), snap.tick, v.x, v.y, Math.round(c.interpolator.bufferedMs(c.clock.now()))]);
      if (w.__e2e.viewOfA.length > 2000) w.__e2e.viewOfA.splice(0, 500);
    });
  }, aId);
  const before = (await state(A.page)).local;
  await A.page.bringToFront();
  const horizontal = before.x < 1000 ? 'KeyD' : 'KeyA';
  const vertical = before.y < 750 ? 'KeyS' : 'KeyW';
  await A.page.keyboard.down(horizontal);
  await A.page.keyboard.down(vertical);
  await sleep(600);
  await A.page.keyboard.up(horizontal);
  await A.page.keyboard.up(vertical);
  // at rest: the same position in A's last 8 snapshots (a page stalled by a busy machine sends no input for a
  // few ticks, which looks like rest for 2 or 3)
  const rest = await waitFor('A at rest in its own snapshots', async () => {
    const snaps = (await recorded(A.page)).snaps.slice(-8).map((/** @type {any} */ s) => s.players.find((/** @type {any} */ p) => p[0] === aId));
    return snaps.length === 8 && snaps.every((/** @type {any} */ p) => p && p[1] === snaps[0][1] && p[2] === snaps[0][2]) ? { x: snaps[0][1], y: snaps[0][2] } : null;
  }, 5000);
  check(Math.hypot(rest.x - before.x, rest.y - before.y) > 200, `A moved on the server: (${before.x}, ${before.y}) -> (${rest.x}, ${rest.y})`);
  const restSeenByA = (await recorded(A.page)).snaps.find((/** @type {any} */ s) => s.players.some((/** @type {any} */ p) => p[0] === aId && p[1] === rest.x && p[2] === rest.y));
  // the first sample from which B's view stays at A's resting place (extrapolation, <= 100 ms past the newest
  // snapshot, may pass through it earlier)
  const bSeen = await waitFor('B\'s view of A at A\'s resting place (1 cm)', () => B.page.evaluate(({ x, y }) => {
    const samples = /** @type {number[][]} */ (/** @type {any} */ (window).__e2e.viewOfA);
    const at = (/** @type {number[]} */ v) => Math.abs(v[2] - x) <= 1 && Math.abs(v[3] - y) <= 1;
    let i = samples.length;
    while (i > 0 && at(samples[i - 1])) i--;
    const s = samples[i];
    return s && samples.length - i >= 4 ? { at: s[0], tick: s[1], x: s[2], y: s[3], bufferedMs: s[4] } : null;
  }, rest), 3000, 20).catch(async (e) => {
    const tail = await B.page.evaluate(() => /** @type {any} */ (window).__e2e.viewOfA.slice(-5));
    const own = (await recorded(A.page)).snaps.slice(-5).map((/** @type {any} */ s) => [s.tick, s.players.find((/** @type {any} */ p) => p[0] === aId)]);
    throw new CheckFailed(`${e.message}; rest ${JSON.stringify(rest)}, B's last samples ${JSON.stringify(tail)}, A's last snapshots ${JSON.stringify(own)}`);
  });
  // how far behind B's drawing of A is, in server ticks: the tick of the snapshot after which B's view first
  // showed A at rest, minus the tick A came to rest (render delay 100 ms = 2 ticks, plus arrival jitter: the
  // Interpolator keys on the fastest arrival of the last 2 s). Milliseconds are reported too.
  const viewLagMs = bSeen.at - restSeenByA.at;
  const viewLagTicks = bSeen.tick - restSeenByA.tick;
  {
    const samples = await B.page.evaluate(() => /** @type {any} */ (window).__e2e.viewOfA);
    const own = new Map((await recorded(A.page)).snaps.map((/** @type {any} */ s) => [s.tick, s.players.find((/** @type {any} */ p) => p[0] === aId)]));
    fs.writeFileSync(path.join(artifacts, 'view-of-A.json'), JSON.stringify({ restTick: restSeenByA.tick, rest,
      samples: samples.filter((/** @type {number[]} */ v) => v[1] >= restSeenByA.tick - 12 && v[1] <= bSeen.tick + 2).map((/** @type {number[]} */ v) => [...v, own.get(v[1])]) }));
  }
  check(viewLagTicks >= 0 && viewLagTicks <= 6, `B drew A at its resting place ${viewLagTicks} ticks after the tick A came to rest (expected: 0..6: render delay 2 ticks + arrival jitter)`);
  check(viewLagMs <= 100 + 8 * TICK_MS, `B's interpolated view reached A's position ${viewLagMs} ms after A's own snapshot (expected: <= render delay 100 ms + 8 ticks)`);
  {
    const [ra, rb] = [await recorded(A.page), await recorded(B.page)];
    const mine = new Map(ra.snaps.map((/** @type {any} */ s) => [s.tick, s.players.find((/** @type {any} */ p) => p[0] === aId)]));
    let compared = 0;
    let maxArrivalLag;
    for (const s of rb.snaps) {
      const theirs = s.players.find((/** @type {any} */ p) => p[0] === aId);
      const own = mine.get(s.tick);
      if (!theirs || !own) continue;
      check(theirs[1] === own[1] && theirs[2] === own[2], `tick ${s.tick}: B has A at (${theirs[1]}, ${theirs[2]}), A's own snapshot (${own[1]}, ${own[2]})`);
      compared++;
    }
    check(compared >= 20, `compared ${compared} ticks of A's position on both pages (expected: >= 20)`);
    const bFirst = rb.snaps.find((/** @type {any} */ s) => s.players.some((/** @type {any} */ p) => p[0] === aId && p[1] === rest.x && p[2] === rest.y));
    maxArrivalLag = bFirst.at - restSeenByA.at;
    check(Math.abs(maxArrivalLag) <= 4 * TICK_MS, `B's snapshot with A at rest arrived ${maxArrivalLag} ms after A's (expected: within 4 ticks)`);
    summary.move = { bufferedMs: bSeen.bufferedMs, from: before, rest, ticksCompared: compared, snapshotArrivalLagMs: maxArrivalLag, viewLagMs, viewLagTicks, toleranceCm: 1 };
  }
  await screenshots('A-moved', both);

  // ---- coins: steer A to the nearest coins until A holds 2; every pickup seen once on both pages
  /** Makes the page's player run at full speed towards the nearest coin it sees, every input. @param {any} page */
  async function steerToCoins(page) {
    await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      w.__e2e.steer = () => {
        const v = w.strafe.client.view();
        if (!v.local) return { moveX: 0, moveY: 0 };
        const coins = v.remote.filter((/** @type {any} */ e) => e.kind === 2);
        if (coins.length === 0) return { moveX: 0, moveY: 0 };
        const d = (/** @type {any} */ e) => Math.hypot(e.x - v.local.x, e.y - v.local.y);
        const c = coins.reduce((m, e) => (d(e) < d(m) ? e : m));
        const n = Math.max(1, d(c));
        return { moveX: Math.round((127 * (c.x - v.local.x)) / n), moveY: Math.round((127 * (c.y - v.local.y)) / n) };
      };
    });
  }
  /** @param {any} page */
  async function stopSteering(page) {
    await page.evaluate(() => { /** @type {any} */ (window).__e2e.steer = () => ({ moveX: 0, moveY: 0 }); });
  }
  /** @param {number} target */
  async function collect(target, timeoutMs) {
    await steerToCoins(A.page);
    await waitFor(`A's balance reaches ${target}`, async () => (await state(A.page)).balance >= target, timeoutMs, 50);
    await stopSteering(A.page);
    await sleep(8 * TICK_MS); // let in-flight pickups settle and reach both pages
  }
  await collect(2, 20000);
  {
    const picks = (/** @type {any} */ r) => r.events.filter((/** @type {any} */ e) => e.kind === 'coin.picked' && e.data.player === aId).map((/** @type {any} */ e) => e.data);
    /** @type {any[]} */
    let pa = [];
    let balanceOfAonB = -1;
    await eventually('A\'s pickups, once each, the same on both pages', async () => {
      const [ra, rb] = [await recorded(A.page), await recorded(B.page)];
      const problems = [];
      pa = picks(ra);
      const pb = picks(rb);
      balanceOfAonB = rb.balances[aId];
      if (pa.length < 2) problems.push(`A saw ${pa.length} of its pickups (expected: >= 2)`);
      if (JSON.stringify(pa) !== JSON.stringify(pb)) problems.push(`A's pickups differ between the pages: A ${JSON.stringify(pa)}, B ${JSON.stringify(pb)}`);
      if (new Set(pa.map((/** @type {any} */ p) => p.coin)).size !== pa.length) problems.push(`a coin picked twice: ${JSON.stringify(pa)}`);
      pa.forEach((/** @type {any} */ p, i) => { if (p.balance !== i + 1 || p.value !== 1) problems.push(`pickup ${i + 1} does not move A's balance by exactly 1: ${JSON.stringify(p)}`); });
      const committed = ra.results.filter((/** @type {any} */ r) => r.status === 'committed').length;
      if (committed !== pa.length) problems.push(`A's committed tx results (${committed}) != its coin.picked events (${pa.length})`);
      if (ra.balance !== pa.length) problems.push(`A's scoreboard balance ${ra.balance} (expected: ${pa.length})`);
      if (balanceOfAonB !== pa.length) problems.push(`B's scoreboard has A at ${balanceOfAonB} (expected: ${pa.length})`);
      return problems;
    }, 3000);
    const gone = await waitFor('picked coins gone from B\'s view', async () => {
      const remote = (await state(B.page)).remote;
      return pa.every((/** @type {any} */ p) => !remote.some((/** @type {any} */ e) => e.kind === 2 && e.id === p.coin)) ? true : null;
    }, 4 * TICK_MS + 200);
    check(gone === true, 'coins gone');
    summary.coins = { picked: pa, balanceA: pa.length, balanceOfAonB };
  }
  await screenshots('A-picked-coins', both);

  // ---- forced reconnect: a transfer A -> B is applied on the server, its result is lost (swallowed by the
  // recorder) and A's peer is dropped server-side; the resumed session re-sends the same tx id and gets the
  // first result back; the transfer is applied exactly once
  // Balances are checked against the room's event stream as B saw it (B stays connected; both players also pick
  // up coins that happen to spawn under them): from the last stateVersion seen before the transfer, every
  // coin.picked of a player must carry exactly its running balance + 1, and the scoreboards must end at the
  // running balances.
  a = await state(A.page);
  // the mark: B's scoreboard balances and the newest state version B recorded, read in one turn of B's page (the
  // economy and the recorder see each event in the same turn; a pickup B made right after joining, before the
  // recorder was installed, is in the economy only)
  const mark = await B.page.evaluate(({ aId, bId }) => {
    const w = /** @type {any} */ (window);
    const events = w.__e2e.events;
    return { version: Math.max(0, ...events.map((/** @type {any} */ e) => e.stateVersion ?? 0)),
      a: w.strafe.economy.player(aId).balance, b: w.strafe.economy.player(bId).balance };
  }, { aId, bId: b.playerId });
  /**
   * Replays B's recorded events after the mark for the player with entity ids `ids`, from balance `start`.
   * @param {any[]} events @param {number[]} ids @param {number} start
   */
  const replay = (events, ids, start) => {
    let run = start;
    const picks = [];
    for (const e of events.filter((/** @type {any} */ x) => (x.stateVersion ?? 0) > mark.version).sort((/** @type {any} */ x, /** @type {any} */ y) => x.stateVersion - y.stateVersion)) {
      const d = e.data;
      if (e.kind === 'coin.picked' && ids.includes(d.player)) {
        check(d.balance === run + 1, `coin.picked ${JSON.stringify(d)} at version ${e.stateVersion} (expected: balance ${run} + 1)`);
        run = d.balance;
        picks.push(d);
      } else if (e.kind === 'coins.transferred') {
        if (ids.includes(d.from)) run -= d.amount;
        if (ids.includes(d.to)) run += d.amount;
      } else if (e.kind === 'shop.bought' && ids.includes(d.player)) {
        run -= d.price;
      }
    }
    return { balance: run, picks };
  };
  const droppedSession = a.sessionId;
  const transfer = await A.page.evaluate(async ({ to, room }) => {
    const w = /** @type {any} */ (window);
    const c = w.strafe.client;
    const rec = w.__e2e;
    const sentBefore = rec.sent.length;
    rec.swallowResultOf = '?';
    const done = c.transact('transfer', { to, amount: 1 });
    const id = JSON.parse(rec.sent[sentBefore]).id;
    rec.swallowResultOf = id;
    w.__transfer = { id, result: null, error: null };
    done.then((/** @type {any} */ r) => { w.__transfer.result = r; }, (/** @type {any} */ e) => { w.__transfer.error = String(e); });
    // wait until the server has applied it (its event arrives; the result is swallowed), then drop the peer
    const t0 = Date.now();
    while (!rec.events.some((/** @type {any} */ e) => e.kind === 'coins.transferred' && e.data.to === to) && Date.now() - t0 < 3000) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const applied = rec.events.some((/** @type {any} */ e) => e.kind === 'coins.transferred' && e.data.to === to);
    const drop = await fetch(`/v1/debug/sessions/${c.join.sessionId}/drop`, { method: 'POST' });
    return { id, applied, dropStatus: drop.status, swallowed: rec.swallowed, room };
  }, { to: b.playerId, room: ROOM });
  check(transfer.applied, `the transfer was applied before the drop: ${JSON.stringify(transfer)}`);
  check(transfer.dropStatus === 204, `POST /v1/debug/sessions/{id}/drop answered ${transfer.dropStatus} (expected: 204)`);
  check(transfer.swallowed === 1, `the first tx.result was lost (swallowed ${transfer.swallowed})`);
  await waitFor('A reconnected', async () => {
    const r = await recorded(A.page);
    return r.reconnects.some((/** @type {any} */ e) => e.type === 'reconnected') && (await state(A.page)).state === 'connected';
  }, 10000);
  const settled = await waitFor('the transfer settled after the reconnect', () => A.page.evaluate(() => {
    const t = /** @type {any} */ (window).__transfer;
    return t.result || t.error ? t : null;
  }), 8000);
  await sleep(6 * TICK_MS);
  a = await state(A.page);
  check(a.sessionId !== droppedSession, `A has a new session after the drop (${droppedSession} -> ${a.sessionId})`);
  const aIdAfter = a.playerId;
  {
    const [ra, rb] = [await recorded(A.page), await recorded(B.page)];
    check(settled.error === null && settled.result.status === 'committed', `the retried transfer resolved with its first result: ${JSON.stringify(settled)}`);
    const sends = ra.sent.filter((/** @type {string} */ t) => t.includes(`"${transfer.id}"`));
    check(sends.length >= 2 && new Set(sends).size === 1, `the same tx.request (same id, same bytes) was sent before and after the reconnect: ${sends.length} sends`);
    const transfers = (/** @type {any} */ r) => r.events.filter((/** @type {any} */ e) => e.kind === 'coins.transferred');
    check(transfers(ra).length === 1, `A saw ${transfers(ra).length} coins.transferred (expected: exactly 1)`);
    check(transfers(rb).length === 1, `B saw ${transfers(rb).length} coins.transferred (expected: exactly 1)`);
    const resultsForId = ra.results.filter((/** @type {any} */ r) => r.id === transfer.id);
    check(resultsForId.length === 1, `the transfer settled once on A (${resultsForId.length} results)`);
    // both players' balances replayed from B's event stream must match both scoreboards (incl. B's entry for the
    // resumed A, under its new entity id, with its name)
    /** @type {{balance: number, picks: any[]}} */
    let ledgerA = { balance: -1, picks: [] };
    /** @type {{balance: number, picks: any[]}} */
    let ledgerB = { balance: -1, picks: [] };
    await eventually('balances after the reconnect agree with the event stream', async () => {
      const [rA, rB] = [await recorded(A.page), await recorded(B.page)];
      ledgerA = replay(rB.events, [aId, aIdAfter], mark.a);
      ledgerB = replay(rB.events, [b.playerId], mark.b);
      const aOnB = await B.page.evaluate((id) => /** @type {any} */ (window).strafe.economy.player(id), aIdAfter);
      const problems = [];
      if (ledgerA.balance !== mark.a - 1 + ledgerA.picks.length) problems.push(`A's balance from the events: ${ledgerA.balance} (expected: ${mark.a} - 1 + ${ledgerA.picks.length} pickups)`);
      if (ledgerB.balance !== mark.b + 1 + ledgerB.picks.length) problems.push(`B's balance from the events: ${ledgerB.balance} (expected: ${mark.b} + 1 + ${ledgerB.picks.length} pickups)`);
      if (rA.balance !== ledgerA.balance) problems.push(`A's scoreboard balance after the reconnect ${rA.balance} (expected from the events: ${ledgerA.balance})`);
      if (rB.balance !== ledgerB.balance) problems.push(`B's scoreboard balance ${rB.balance} (expected from the events: ${ledgerB.balance})`);
      if (aOnB.balance !== ledgerA.balance || aOnB.name !== A.name) problems.push(`B's scoreboard has the resumed A (entity ${aIdAfter}) as ${aOnB.name} with ${aOnB.balance} (expected: ${A.name} with ${ledgerA.balance})`);
      return problems;
    }, 3000);
    const reconnects = ra.reconnects;
    summary.reconnect = { droppedSession, newSession: a.sessionId, playerIdBefore: aId, playerIdAfter: aIdAfter, txId: transfer.id,
      txSends: sends.length, result: settled.result, balanceA: { before: mark.a, after: ledgerA.balance }, balanceB: { before: mark.b, after: ledgerB.balance },
      reconnectedAfterMs: (reconnects.find((/** @type {any} */ e) => e.type === 'reconnected')?.at ?? 0) - (reconnects[0]?.at ?? 0) };
  }
  await screenshots('A-reconnected', both);

  // the balance survived the reconnect: A's next pickup carries its running balance + 1 (checked by the replay)
  {
    const t0 = Date.now();
    const picksBefore = replay((await recorded(B.page)).events, [aId, aIdAfter], mark.a).picks.length;
    await steerToCoins(A.page);
    await waitFor('A picks a coin after the reconnect', async () => replay((await recorded(B.page)).events, [aId, aIdAfter], mark.a).picks.length > picksBefore, 20000, 50);
    await stopSteering(A.page);
    /** @type {{balance: number, picks: any[]}} */
    let ledgerA = { balance: -1, picks: [] };
    await eventually('A\'s scoreboard agrees with the event stream after its next pickup', async () => {
      const [rA, rB] = [await recorded(A.page), await recorded(B.page)];
      ledgerA = replay(rB.events, [aId, aIdAfter], mark.a);
      return rA.balance === ledgerA.balance ? [] : [`A's scoreboard ${rA.balance} (expected from the events: ${ledgerA.balance})`];
    }, 3000);
    summary.afterReconnect = { pickup: ledgerA.picks.at(-1), ms: Date.now() - t0 };
  }
  await screenshots('A-picked-after-reconnect', both);

  // ---- A leaves: gone from B's view within a few ticks
  await A.page.evaluate(() => /** @type {any} */ (window).strafe.client.close());
  const leftAt = Date.now();
  await waitFor('A gone from B\'s view', async () => !(await state(B.page)).remote.some((/** @type {any} */ e) => e.kind === 1 && e.id === aIdAfter), 2000, 10);
  const goneMs = Date.now() - leftAt;
  const leftEvents = (await recorded(B.page)).events.filter((/** @type {any} */ e) => e.kind === 'player.left' && e.data.player === aIdAfter);
  check(leftEvents.length === 1, `B got one player.left for A (${leftEvents.length})`);
  summary.leave = { goneFromBViewMs: goneMs };
  check(goneMs <= 100 + 10 * TICK_MS, `A gone from B's view ${goneMs} ms after close() (expected: <= render delay + 10 ticks)`);
  await screenshots('A-left', both);

  check(pageErrors.length === 0, `no page errors: ${pageErrors.join('; ')}`);
  summary.ok = true;
  exitCode = 0;
} catch (e) {
  summary.error = e instanceof CheckFailed ? e.message : String(/** @type {any} */ (e)?.stack ?? e);
  console.error(`e2e FAILED: ${summary.error}`);
} finally {
  summary.totalMs = Date.now() - started;
  try {
    if (browser) await browser.close();
  } catch { /* already gone */ }
  if (serverExit === null) {
    process.kill(/** @type {number} */ (server.pid), 'SIGTERM');
    const t0 = Date.now();
    while (serverExit === null && Date.now() - t0 < 8000) await sleep(50);
    if (serverExit === null) process.kill(/** @type {number} */ (server.pid), 'SIGKILL');
  }
  summary.serverExit = serverExit;
  fs.writeFileSync(path.join(artifacts, 'summary.json'), JSON.stringify(summary, null, 2));
  console.log(JSON.stringify(summary));
  serverLog.end();
  clearTimeout(deadline);
}
process.exit(exitCode);
