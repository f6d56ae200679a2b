// The Strafe demo game: a canvas arena on top of the SDK. Plain ES modules, no build step, no network
// access other than the page's own origin.
import { connect, fetchGuestToken } from '../sdk/index.js';
import { ArenaRenderer, KIND_COIN, KIND_PLAYER, colorOf } from './render.js';
import { Keyboard } from './input.js';
import { Economy, SHOP } from './economy.js';

/** @typedef {import('../sdk/client.js').StrafeClient} StrafeClient */

const $ = (/** @type {string} */ id) => /** @type {any} */ (document.getElementById(id));

/** @type {Record<string, string>} */
const MESSAGES = {
  'bad-request': 'The server could not use this browser\'s connection offer.',
  unauthorized: 'Not allowed to join (token refused).',
  'room-full': 'This room is full. Try another room name.',
  'rate-limited': 'Too many joins right now. Wait a second and try again.',
  draining: 'This server is shutting down. Try again in a moment.',
  network: 'Cannot reach the server.',
  timeout: 'The connection took too long (UDP blocked?).',
  'ice-gathering': 'The browser found no network address for WebRTC.',
  'ice-failed': 'The WebRTC connection failed.',
};

const keyboard = new Keyboard(window);
const renderer = new ArenaRenderer($('arena'));
/** @type {StrafeClient|null} */
let client = null;
/** @type {Economy} the economy of the current session (replaced on every join) */
let economy = new Economy(-1);
/** @type {Map<number, number>} coin id -> time a pickup was requested */
const claimed = new Map();
let lastPanel = 0;
let looping = false;
let lastStats = 0;

$('name').value = localStorage.getItem('strafe.name') || `player${Math.floor(Math.random() * 900 + 100)}`;
$('room').value = new URLSearchParams(location.search).get('room') || localStorage.getItem('strafe.room') || 'lobby';

$('join').addEventListener('submit', async (/** @type {Event} */ e) => {
  e.preventDefault();
  const room = $('room').value.trim();
  const name = $('name').value.trim();
  $('join-error').textContent = '';
  $('join-button').disabled = true;
  setStatus('connecting', 'connecting…');
  try {
    localStorage.setItem('strafe.name', name);
    localStorage.setItem('strafe.room', room);
    const token = await fetchGuestToken({ name });
    client = await connect({ url: '', room, name, token: token ?? undefined });
    start(client, name);
  } catch (e) {
    const err = /** @type {any} */ (e);
    const code = err?.code;
    $('join-error').textContent = `${MESSAGES[code] ?? 'Could not join.'} ${err?.problem?.detail ?? ''}`.trim();
    console.warn('strafe: join failed', err);
    setStatus('closed', 'not connected');
  } finally {
    $('join-button').disabled = false;
  }
});

/** @param {StrafeClient} c @param {string} name */
function start(c, name) {
  economy = new Economy(c.playerId);
  economy.player(c.playerId).name = name;
  /** @type {{kind: string, data: any, stateVersion?: number, at: number}[]} every room event of this session, newest last (bounded) */
  const events = [];
  /** @type {any} */ (window).strafe = { client: c, economy, events }; // for debugging and browser tests
  $('join').hidden = true;
  $('side').hidden = false;
  $('netstats').hidden = !$('show-stats').checked;
  $('me-name').textContent = name;
  setStatus('connected', `room ${c.room?.id} · ${c.room?.tickRate} Hz`);

  c.on('event', (ev) => {
    events.push({ ...ev, at: Date.now() });
    if (events.length > 2000) events.splice(0, 500);
    const line = economy.apply(ev);
    if (line) log(line);
    if (ev.kind === 'coin.picked') claimed.delete(ev.data.coin);
    lastPanel = 0;
  });
  c.on('snapshot', (s) => {
    for (const e of s.entities) if (e.kind === KIND_PLAYER) economy.player(e.id).online = true;
  });
  c.on('reconnecting', (e) => {
    setStatus('reconnecting', `reconnecting (attempt ${e.attempt})…`);
    banner(`Connection lost (${e.reason}). Reconnecting…`);
  });
  c.on('reconnected', (e) => {
    if (!e.resumed) economy.moveLocal(c.playerId); // same player (resume token), new entity id
    setStatus('connected', `room ${c.room?.id} · ${c.room?.tickRate} Hz`);
    banner(null);
    toast(`Reconnected after ${e.attempts} attempt${e.attempts > 1 ? 's' : ''}`, 'good');
  });
  c.on('disconnected', (e) => {
    setStatus('closed', 'disconnected');
    banner(e.error ? `Disconnected: ${e.error.message}` : null);
    $('join').hidden = false;
    $('side').hidden = true;
    $('netstats').hidden = true;
    client = null;
  });
  c.on('error', (err) => console.warn('strafe:', err));
  applyNetworkSim();
  if (!looping) requestAnimationFrame(frame);
}

// --- frame loop -----------------------------------------------------------------------------

/** @param {number} time */
function frame(time) {
  const c = client;
  looping = c !== null;
  if (!c) {
    renderer.draw({ world: { width: 4000, height: 3000, pickupRadius: 150 }, local: null, remote: [], nameOf: () => '', itemsOf: () => ({}), time });
    return;
  }
  c.setInput(keyboard.axes());
  const view = c.view();
  renderer.draw({
    world: c.world, local: view.local, remote: view.remote, time,
    nameOf: (id) => economy.player(id).name,
    itemsOf: (id) => economy.player(id).items,
  });
  if (view.local) tryPickups(c, view.local, view.remote);
  if (time - lastStats > 250) {
    lastStats = time;
    renderStats(c);
  }
  if (time - lastPanel > 500) {
    lastPanel = time;
    renderPanels(c);
  }
  requestAnimationFrame(frame);
}

/**
 * Walk over a coin: ask the server to pick it up (the server checks its own positions and decides).
 * @param {StrafeClient} c
 * @param {{x: number, y: number}} me
 * @param {import('../sdk/protocol.js').Entity[]} entities
 */
function tryPickups(c, me, entities) {
  const now = performance.now();
  for (const e of entities) {
    if (e.kind !== KIND_COIN) continue;
    if (Math.hypot(e.x - me.x, e.y - me.y) > c.world.pickupRadius) continue;
    const at = claimed.get(e.id);
    if (at !== undefined && now - at < 400) continue;
    claimed.set(e.id, now);
    c.transact('pickup', { coinId: e.id }).then((r) => {
      if (r.status !== 'committed' && r.error !== 'too_far') claimed.set(e.id, Infinity); // gone: stop asking
    }).catch(() => claimed.delete(e.id));
  }
  if (claimed.size > 256) claimed.clear();
}

/** @param {StrafeClient} c */
function renderStats(c) {
  const s = c.netStats();
  const kb = (/** @type {number} */ b) => (b / 1024).toFixed(1);
  const lossClass = s.loss > 0.05 ? 'warn' : '';
  $('netstats').innerHTML = [
    `RTT <b>${s.rttMs}</b> ms <span class="muted">±${s.rttVarMs}</span>`,
    `snapshots <b>${s.snapshotRate.toFixed(1)}</b>/s`,
    `loss <b class="${lossClass}">${(s.loss * 100).toFixed(1)}</b> %`,
    `in <b>${kb(s.bytesIn)}</b> KiB · out <b>${kb(s.bytesOut)}</b> KiB`,
    `corrections <b>${s.corrections}</b> · unacked inputs <b>${s.pendingInputs}</b>`,
    s.simulatedDrops ? `<span class="warn">simulated drops ${s.simulatedDrops}</span>` : '',
  ].filter(Boolean).join('<br>');
}

/**
 * @param {StrafeClient} c
 */
function renderPanels(c) {
  const me = economy.local;
  $('balance').textContent = String(me.balance);
  const items = Object.entries(me.items).filter(([, n]) => n > 0);
  $('inventory').textContent = items.length ? items.map(([item, n]) => `${SHOP.find((s) => s.item === item)?.label ?? item} ×${n}`).join(' · ') : 'no items yet';
  for (const btn of /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('#shop button'))) {
    btn.disabled = me.balance < Number(btn.dataset.price);
  }
  const board = economy.scoreboard();
  $('scoreboard').replaceChildren(...board.map((p) => {
    const li = document.createElement('li');
    if (p.id === c.playerId) li.className = 'me';
    const dot = document.createElement('span');
    dot.className = 'dot';
    dot.style.background = colorOf(p.id);
    const name = document.createElement('span');
    name.append(dot, p.name);
    const score = document.createElement('span');
    score.textContent = String(p.balance);
    li.append(name, score);
    return li;
  }));
  const select = $('transfer-to');
  const current = select.value;
  const others = board.filter((p) => p.id !== c.playerId);
  select.replaceChildren(...others.map((p) => {
    const o = document.createElement('option');
    o.value = String(p.id);
    o.textContent = p.name;
    return o;
  }));
  if (others.some((p) => String(p.id) === current)) select.value = current;
  select.disabled = others.length === 0;
}

// --- shop, transfer, network simulation --------------------------------------------------------

$('shop').replaceChildren(...SHOP.map((s) => {
  const b = document.createElement('button');
  b.type = 'button';
  b.dataset.item = s.item;
  b.dataset.price = String(s.price);
  b.innerHTML = `<span><i class="swatch ${s.item}"></i>${s.label}</span><span class="price">${s.price} ¢</span>`;
  b.addEventListener('click', async () => {
    if (!client) return;
    b.disabled = true;
    try {
      const r = await client.transact('buy', { item: s.item });
      toast(r.status === 'committed' ? `Bought ${s.label}` : `Could not buy ${s.label}: ${r.error}`, r.status === 'committed' ? 'good' : 'bad');
    } catch (err) {
      toast(`Purchase failed: ${/** @type {Error} */ (err).message}`, 'bad');
    } finally {
      lastPanel = 0;
    }
  });
  return b;
}));

$('transfer').addEventListener('submit', async (/** @type {Event} */ e) => {
  e.preventDefault();
  if (!client) return;
  const to = Number($('transfer-to').value);
  const amount = Math.floor(Number($('transfer-amount').value));
  if (!Number.isInteger(to) || !(amount >= 1)) return;
  try {
    const r = await client.transact('transfer', { to, amount });
    toast(r.status === 'committed' ? `Sent ${amount} to ${economy.player(to).name}` : `Transfer refused: ${r.error}`, r.status === 'committed' ? 'good' : 'bad');
  } catch (err) {
    toast(`Transfer failed: ${/** @type {Error} */ (err).message}`, 'bad');
  }
});

function applyNetworkSim() {
  if (!client) return;
  const lag = Number($('sim-lag').value);
  client.simulateNetwork({
    outDelayMs: lag / 2, inDelayMs: lag / 2, jitterMs: Number($('sim-jitter').value),
    outLoss: Number($('sim-loss').value), inLoss: Number($('sim-loss').value),
  });
}
for (const id of ['sim-lag', 'sim-loss', 'sim-jitter']) $(id).addEventListener('change', applyNetworkSim);
$('show-stats').addEventListener('change', () => { $('netstats').hidden = !$('show-stats').checked || !client; });
$('reconnect').addEventListener('click', () => client?.reconnect('forced by the player'));
$('leave').addEventListener('click', () => client?.close());

// --- bits ---------------------------------------------------------------------------------------

/** @param {string} cls @param {string} text */
function setStatus(cls, text) {
  const el = $('status');
  el.className = `status ${cls}`;
  el.textContent = text;
}

/** @param {string|null} text */
function banner(text) {
  $('banner').hidden = !text;
  $('banner').textContent = text ?? '';
}

/** @param {string} line */
function log(line) {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()}  ${line}`;
  $('log').prepend(li);
  while ($('log').children.length > 50) $('log').lastChild.remove();
}

/** @param {string} text @param {'good'|'bad'} kind */
function toast(text, kind) {
  const el = document.createElement('div');
  el.className = `toast ${kind}`;
  el.textContent = text;
  $('toasts').append(el);
  setTimeout(() => el.remove(), 3000);
}

requestAnimationFrame(frame);
