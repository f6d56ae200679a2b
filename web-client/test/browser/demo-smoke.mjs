// Loads the demo in headless Chromium with an in-page fake room (fake-room.js) instead of a server: the page
// must load without console errors, join, render, move the predicted player, pick up coins, buy an item
// and survive a forced reconnect. Screenshots go to target/screenshots/. Loopback only.
//   node test/browser/demo-smoke.mjs     (needs /usr/bin/chromium and the playwright-core devDependency)
import http from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../src');
const shots = join(here, '../../target/screenshots');
await mkdir(shots, { recursive: true });
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname.startsWith('/v1/')) {
    res.writeHead(404, { 'content-type': 'application/problem+json' });
    res.end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404 }));
    return;
  }
  const path = normalize(join(root, url.pathname === '/' ? 'index.html' : url.pathname));
  if (!path.startsWith(root)) { res.writeHead(403); res.end(); return; }
  try {
    const body = await readFile(path);
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--disable-gpu', '--disable-quic'] });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
  await context.addInitScript({ path: join(here, 'fake-room.js') });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 404/.test(m.text())) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${base}/?room=lobby`);
  await page.fill('#name', 'ada');
  await page.click('#join-button');
  await page.waitForFunction(() => window.strafe?.client?.state === 'connected');
  await page.waitForTimeout(500);
  const start = await page.evaluate(() => window.strafe.client.view().local);
  await page.keyboard.down('KeyD');
  await page.waitForTimeout(700);
  await page.keyboard.up('KeyD');
  await page.waitForTimeout(300);
  const moved = await page.evaluate(() => window.strafe.client.view().local);
  assert.ok(moved.x > start.x + 200, `predicted player moved right: ${start.x} -> ${moved.x}`);
  // walk to the nearest coins until the balance reaches 3
  for (let k = 0; k < 40; k++) {
    const { balance, target, me } = await page.evaluate(() => {
      const c = window.strafe.client;
      const v = c.view();
      const coins = v.remote.filter((e) => e.kind === 2);
      coins.sort((a, b) => Math.hypot(a.x - v.local.x, a.y - v.local.y) - Math.hypot(b.x - v.local.x, b.y - v.local.y));
      return { balance: window.strafe.economy.local.balance, target: coins[0], me: v.local };
    });
    if (balance >= 3) break;
    const dx = target.x - me.x;
    const dy = target.y - me.y;
    const keys = [];
    if (Math.abs(dx) > 60) keys.push(dx > 0 ? 'KeyD' : 'KeyA');
    if (Math.abs(dy) > 60) keys.push(dy > 0 ? 'KeyS' : 'KeyW');
    for (const key of keys) await page.keyboard.down(key);
    await page.waitForTimeout(Math.min(800, Math.max(120, (Math.max(Math.abs(dx), Math.abs(dy)) / 600) * 1000)));
    for (const key of keys) await page.keyboard.up(key);
    await page.waitForTimeout(150);
  }
  const balance = await page.evaluate(() => window.strafe.economy.local.balance);
  assert.ok(balance >= 3, `picked up coins: balance ${balance}`);
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(shots, 'demo-playing.png') });
  await page.click('#shop button[data-item="hat"]');
  await page.waitForFunction(() => window.strafe.economy.local.items.hat === 1);
  await page.click('#reconnect');
  await page.waitForFunction(() => window.strafe.client.state === 'connected' && window.__fakeRoom.joins === 2, null, { timeout: 10000 });
  assert.equal(await page.evaluate(() => window.__fakeRoom.lastJoin.resume), 'rt-1', 'reconnect resumes with the token');
  await page.selectOption('#sim-lag', '150');
  await page.selectOption('#sim-loss', '0.2');
  await page.waitForTimeout(1500);
  const stats = await page.evaluate(() => window.strafe.client.netStats());
  assert.ok(stats.loss > 0.05, `simulated loss visible in stats: ${stats.loss}`);
  await page.screenshot({ path: join(shots, 'demo-lag-loss.png') });
  assert.deepEqual(problems, [], 'no console errors');
  console.log(`demo smoke ok: balance ${balance}, stats ${JSON.stringify(stats)}`);
} finally {
  await browser.close();
  server.close();
}
