#!/usr/bin/env node
// The demo against a server started with NO configuration (what `./run-server` does on a fresh clone: HTTP
// 0.0.0.0:8080, UDP 0.0.0.0:10000 advertised as 127.0.0.1, guest tokens with a random secret), in a network
// namespace that has only `lo`:
//
//   unshare --net -- sh -c 'ip link set lo up && exec node test/e2e/defaults-smoke.mjs --server "../run-server"'
//   unshare --net -- sh -c 'ip link set lo up && exec node test/e2e/defaults-smoke.mjs --server "$JAVA_HOME/bin/java -jar ../game-server/target/strafe-server.jar"'
//
// Checks `/`, `/sdk/index.js`, `/health/ready`, then one page joins `lobby` through the demo form, receives
// snapshots and walks right (server-confirmed). Screenshot and server log in --artifacts.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((/** @type {string[][]} */ acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
  return acc;
}, []));
const artifacts = path.resolve(args.artifacts ?? '../game-server/target/e2e-defaults');
const base = 'http://127.0.0.1:8080';
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
fs.mkdirSync(artifacts, { recursive: true });

const devices = fs.readFileSync('/proc/self/net/dev', 'utf8').split('\n').slice(2).map((l) => l.trim().split(':')[0]).filter(Boolean);
if (devices.length !== 1 || devices[0] !== 'lo') {
  console.error(`defaults-smoke: the network namespace must have only lo, found: ${devices.join(', ')}`);
  process.exit(2);
}
if (!args.server) {
  console.error('defaults-smoke: --server "<command>" is required');
  process.exit(2);
}
const serverLog = fs.createWriteStream(path.join(artifacts, 'server.log'));
const server = spawn('sh', ['-c', `exec ${args.server}`], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
server.stdout.pipe(serverLog);
server.stderr.pipe(serverLog);
/** @type {string|null} */
let exited = null;
server.on('exit', (code, signal) => { exited = `${code ?? signal}`; });
const deadline = setTimeout(() => {
  console.error('defaults-smoke: FAILED: not done within 300 s');
  try { process.kill(-(/** @type {number} */ (server.pid)), 'SIGKILL'); } catch { /* gone */ }
  process.exit(3);
}, 300000);

let code = 1;
/** @type {import('playwright-core').Browser|null} */
let browser = null;
const result = /** @type {Record<string, any>} */ ({ ok: false });
try {
  const t0 = Date.now();
  for (;;) {
    if (exited !== null) throw new Error(`server exited (${exited}); see ${artifacts}/server.log`);
    if (Date.now() - t0 > 280000) throw new Error('server not ready within 280 s');
    try {
      if ((await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(1000) })).status === 200) break;
    } catch { /* not yet */ }
    await sleep(200);
  }
  result.readyMs = Date.now() - t0;
  for (const p of ['/', '/sdk/index.js', '/health/ready']) {
    const r = await fetch(base + p, { signal: AbortSignal.timeout(2000) });
    result[p] = r.status;
    if (r.status !== 200) throw new Error(`GET ${p}: ${r.status}`);
  }
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--disable-gpu', '--disable-quic', '--allow-loopback-in-peer-connection'] });
  const context = await browser.newContext({ viewport: { width: 1200, height: 720 }, permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  const errors = /** @type {string[]} */ ([]);
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://localhost:8080/`);
  await page.fill('#name', 'ada');
  await page.click('#join-button');
  await page.waitForFunction(() => /** @type {any} */ (window).strafe?.client?.state === 'connected', null, { timeout: 15000 });
  await page.waitForFunction(() => /** @type {any} */ (window).strafe.client.netStats().snapshotRate > 10, null, { timeout: 5000 });
  const server0 = await page.evaluate(() => { const c = /** @type {any} */ (window).strafe.client; return c.receiver.latest.entities.find((/** @type {any} */ e) => e.id === c.playerId); });
  const key = server0.x < 2000 ? 'KeyD' : 'KeyA';
  await page.keyboard.down(key);
  await sleep(700);
  await page.keyboard.up(key);
  await sleep(400);
  const server1 = await page.evaluate(() => { const c = /** @type {any} */ (window).strafe.client; return c.receiver.latest.entities.find((/** @type {any} */ e) => e.id === c.playerId); });
  result.room = await page.evaluate(() => /** @type {any} */ (window).strafe.client.room);
  result.moved = { from: server0.x, to: server1.x };
  await page.screenshot({ path: path.join(artifacts, 'defaults-joined.png') });
  if (Math.abs(server1.x - server0.x) < 200) throw new Error(`the server did not move the player: ${server0.x} -> ${server1.x}`);
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  result.ok = true;
  code = 0;
} catch (e) {
  result.error = String(/** @type {any} */ (e)?.message ?? e);
} finally {
  clearTimeout(deadline);
  try { if (browser) await browser.close(); } catch { /* gone */ }
  if (exited === null) {
    process.kill(-(/** @type {number} */ (server.pid)), 'SIGTERM'); // the process group: run-server execs java
    for (let i = 0; i < 100 && exited === null; i++) await sleep(100);
    if (exited === null) process.kill(-(/** @type {number} */ (server.pid)), 'SIGKILL');
  }
  console.log(JSON.stringify(result));
  serverLog.end();
}
process.exit(code);
