// connect() and StrafeClient against fake browser APIs and a fake server: join contract, error mapping,
// inputs with sequence and ack, snapshots, transactions and reconnect with the resume token.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { connect, StrafeClient } from '../src/sdk/client.js';
import { StrafeError, errorFromProblem } from '../src/sdk/errors.js';
import { FakeClock } from './fakes.mjs';
import { FakeServer } from './fake-server.mjs';

function start(options = {}, serverOptions = {}) {
  const clock = new FakeClock();
  const server = new FakeServer(serverOptions);
  const client = new StrafeClient({
    url: 'http://127.0.0.1:8080/', room: 'arena', name: 'ada', transport: server.transport(), clock: clock.api(),
    random: () => 0.5, ...options,
  });
  return { clock, server, client };
}

async function connected(options, serverOptions) {
  const s = start(options, serverOptions);
  const opened = s.client.open();
  await s.clock.advance(0);
  await opened;
  return s;
}

const me = (x, y) => ({ id: 5, kind: 1, x, y, vx: 0, vy: 0, heading: 0 });

describe('connect', () => {
  test('creates pos (unordered, no retransmits, arraybuffer) and tx (reliable), joins with JSON, resolves when open', async () => {
    const { server, client } = await connected({ token: 'jwt-1' });
    const pc = server.pc;
    assert.deepEqual(pc.config, { iceServers: [] });
    assert.deepEqual(pc.channels.get('pos').init, { ordered: false, maxRetransmits: 0 });
    assert.equal(pc.channels.get('pos').binaryType, 'arraybuffer');
    assert.deepEqual(pc.channels.get('tx').init, { ordered: true });
    const join = server.joins[0];
    assert.equal(join.url, 'http://127.0.0.1:8080/v1/rooms/arena/join');
    assert.equal(join.init.method, 'POST');
    assert.equal(join.init.headers['content-type'], 'application/json');
    assert.deepEqual(Object.keys(join.body), ['offer', 'name', 'token']);
    assert.match(join.body.offer, /a=candidate:/, 'non-trickle: the offer carries the gathered candidates');
    assert.equal(pc.remoteDescription.type, 'answer');
    assert.equal(client.state, 'connected');
    assert.equal(client.playerId, 5);
    assert.equal(client.room.tickRate, 20);
    assert.deepEqual(client.world, { width: 4000, height: 3000, maxSpeed: 600, pickupRadius: 150 });
    client.close();
  });

  test('the connect() helper resolves with an open client; world constants come from the room config', async () => {
    const clock = new FakeClock();
    const server = new FakeServer({ world: { width: 1000, height: 800, maxSpeed: 400, pickupRadius: 100 } });
    const p = connect({ room: 'arena', name: 'ada', transport: server.transport(), clock: clock.api() });
    await clock.advance(0);
    const client = await p;
    assert.equal(server.joins[0].url, '/v1/rooms/arena/join', "url '' = the page's origin");
    assert.deepEqual(client.world, { width: 1000, height: 800, maxSpeed: 400, pickupRadius: 100 });
    client.close();
  });

  const problems = [
    [400, 'bad-request', 'Malformed offer', 'sdp: no m=application line', false],
    [401, 'unauthorized', 'Bad token', 'signature mismatch', false],
    [409, 'room-full', 'Room full', 'room arena has 8 of 8 players', false],
    [429, 'rate-limited', 'Too many joins', 'retry in 1 s', true],
    [503, 'draining', 'Node draining', 'node n1 is shutting down', true],
    [500, 'http', 'Internal error', undefined, true],
  ];
  for (const [status, code, title, detail, retryable] of problems) {
    test(`HTTP ${status} problem details -> StrafeError '${code}'`, async () => {
      const s = start();
      s.server.failures.push({ status, body: { type: 'about:blank', title, status, ...(detail ? { detail } : {}) } });
      const p = s.client.open();
      const rejected = assert.rejects(p, (e) => {
        assert.ok(e instanceof StrafeError);
        assert.equal(e.code, code);
        assert.equal(e.status, status);
        assert.equal(e.problem.title, title);
        assert.equal(e.retryable, retryable);
        assert.match(e.message, new RegExp(`HTTP ${status} \\(${title}`));
        return true;
      });
      await s.clock.advance(0);
      await rejected;
      assert.equal(s.server.pc.closed, true, 'the peer connection is closed on failure');
      assert.equal(s.client.state, 'closed');
    });
  }

  test('error mapping without a JSON body', () => {
    const e = errorFromProblem(502, null);
    assert.equal(e.code, 'http');
    assert.equal(e.problem, null);
    assert.equal(e.message, 'join failed with HTTP 502');
  });

  test('network failure, join timeout, ICE gathering timeout, bad response, channels never open', async () => {
    let s = start();
    s.server.failures.push('network');
    let p = s.client.open();
    const n = assert.rejects(p, (e) => e.code === 'network' && e.retryable);
    await s.clock.advance(0);
    await n;

    s = start({ joinTimeoutMs: 2000 });
    s.server.failures.push('hang');
    p = s.client.open();
    const r = assert.rejects(p, (e) => e.code === 'timeout');
    await s.clock.advance(2000);
    await r;

    s = start({ iceGatheringTimeoutMs: 1000 });
    s.server.pcBehaviour = { gather: 'never' };
    p = s.client.open();
    const g = assert.rejects(p, (e) => e.code === 'ice-gathering');
    await s.clock.advance(1000);
    await g;
    assert.equal(s.server.joins.length, 0);

    s = start({ iceGatheringTimeoutMs: 1000 });
    s.server.pcBehaviour = { gather: 'never-with-candidate' };
    p = s.client.open();
    await s.clock.advance(1000);
    await p; // gathering never signalled complete, but the offer has a host candidate: go on
    s.client.close();

    s = start();
    s.server.fetch = async () => new Response('{"answer":"nope"}', { status: 200 });
    p = s.client.open();
    const b = assert.rejects(p, (e) => e.code === 'bad-response');
    await s.clock.advance(0);
    await b;

    s = start({ openTimeoutMs: 5000 });
    s.server.pcBehaviour = { open: false };
    p = s.client.open();
    const o = assert.rejects(p, (e) => e.code === 'timeout');
    await s.clock.advance(5000);
    await o;
  });

  test('argument errors are thrown synchronously', () => {
    assert.throws(() => new StrafeClient({ room: 'a b', name: 'x' }), (e) => e.code === 'invalid-argument');
    assert.throws(() => new StrafeClient({ room: 'r', name: '  ' }), (e) => e.code === 'invalid-argument');
  });
});

describe('StrafeClient session', () => {
  test('sends one input per tick with increasing sequence and the newest snapshot tick as ack', async () => {
    const { server, client, clock } = await connected();
    client.setInput({ moveX: 127, moveY: 0 });
    await clock.advance(150); // 3 ticks at 20 Hz
    assert.deepEqual(server.inputs.map((i) => i.sequence), [1, 2, 3]);
    assert.deepEqual(server.inputs.map((i) => i.ackTick), [0, 0, 0]);
    server.snapshot(100, [me(2000, 1500)], 0);
    await clock.advance(50);
    assert.equal(server.inputs.at(-1).ackTick, 100);
    assert.equal(server.inputs.at(-1).moveX, 127);
    server.snapshot(101, [me(2030, 1500)], 4); // a delta against 100
    await clock.advance(50);
    assert.equal(server.inputs.at(-1).ackTick, 101);
    client.close();
  });

  test('skips inputs while pos is backed up, and survives a send that throws', async () => {
    const { server, client, clock } = await connected();
    const pos = server.pc.channels.get('pos');
    pos.bufferedAmount = 100_000;
    await clock.advance(100);
    assert.equal(server.inputs.length, 0);
    pos.bufferedAmount = 0;
    pos.onSend = () => { throw new Error('OperationError: send queue full'); };
    await clock.advance(100); // no exception escapes the tick
    assert.equal(client.state, 'connected');
    client.close();
  });

  test('emits snapshots, predicts the local player from the server state and replays unacked inputs', async () => {
    const { server, client, clock } = await connected();
    const seen = [];
    client.on('snapshot', (s) => seen.push(s));
    server.snapshot(10, [me(2000, 1500), { id: 9, kind: 1, x: 100, y: 100, vx: 0, vy: 0, heading: 0 }], 0);
    await clock.advance(0);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].local.x, 2000);
    client.setInput({ moveX: 127 });
    await clock.advance(100); // inputs 1, 2 predicted: +60 cm
    assert.equal(client.view().local.x, 2060);
    server.snapshot(11, [me(2030, 1500), { id: 9, kind: 1, x: 110, y: 100, vx: 0, vy: 0, heading: 0 }], 1);
    await clock.advance(0);
    assert.equal(client.view().local.x, 2060, 'server agreed with input 1; input 2 replayed: no correction');
    assert.equal(client.netStats().corrections, 0);
    assert.deepEqual(client.view().remote.map((e) => e.id), [9], 'the local player is not interpolated');
    client.close();
  });

  test('counts snapshot bytes, rate and loss from tick gaps; invalid snapshots are counted and dropped', async () => {
    const { server, client, clock } = await connected();
    for (let t = 1; t <= 20; t++) {
      if (t % 4 !== 0) server.snapshot(t, [me(2000, 1500)]);
      await clock.advance(50);
    }
    server.pc.channels.get('pos').deliver(new Uint8Array([2, 1, 0]).buffer);
    const stats = client.netStats();
    assert.equal(stats.invalidSnapshots, 1);
    assert.ok(Math.abs(stats.loss - 4 / 19) < 0.06, `loss ${stats.loss}`);
    assert.ok(stats.bytesIn > 0 && stats.bytesOut >= 20 * 21);
    assert.ok(stats.snapshotRate > 5);
    client.close();
  });

  test('transact() round-trips over tx, resolves once, and RTT is measured', async () => {
    const { server, client, clock } = await connected();
    server.autoReply = false;
    const p = client.transact('buy', { item: 'hat' });
    await clock.advance(40);
    const req = server.txRequests[0];
    assert.equal(req.type, 'tx.request');
    server.answerTx(req);
    server.answerTx(req); // duplicate result
    const r = await p;
    assert.equal(r.status, 'committed');
    assert.equal(client.netStats().rttMs, 40);
    client.close();
  });

  test('a draining event reconnects with the resume token; pending transactions are re-sent with the same id', async () => {
    const { server, client, clock } = await connected({ reconnect: { baseMs: 200, maxAttempts: 3 } });
    const events = [];
    client.on('reconnecting', (e) => events.push(['reconnecting', e]));
    client.on('reconnected', (e) => events.push(['reconnected', e]));
    client.on('event', (e) => events.push(['event', e.kind]));
    server.autoReply = false;
    const p = client.transact('pickup', { coinId: 42 });
    await clock.advance(0);
    server.event('draining', { node: 'n1' });
    await clock.advance(0);
    assert.equal(client.state, 'reconnecting');
    assert.equal(server.pcs[0].closed, true);
    await clock.advance(200);
    assert.equal(client.state, 'connected');
    assert.deepEqual(events.map((e) => e[0]), ['event', 'reconnecting', 'reconnected']);
    assert.equal(server.joins[1].body.resume, 'rt-1');
    assert.deepEqual(events[2][1], { attempts: 1, sessionId: 's-2', playerId: 5, resumed: true });
    assert.deepEqual(server.txRequests.map((r) => r.id), [server.txRequests[0].id, server.txRequests[0].id], 'same id again');
    server.autoReply = true;
    server.answerTx(server.txRequests[1]);
    assert.equal((await p).status, 'committed');
    assert.equal(server.applied, 1, 'applied once');
    client.close();
  });

  test('ICE failure reconnects with back-off; bounded attempts end in disconnected and reject pending tx', async () => {
    const { server, client, clock } = await connected({ reconnect: { baseMs: 100, maxMs: 1000, maxAttempts: 3 } });
    const log = [];
    client.on('reconnecting', (e) => log.push(['reconnecting', e.attempt, e.delayMs]));
    client.on('disconnected', (e) => log.push(['disconnected', e.reason, e.error?.code]));
    client.on('error', (e) => log.push(['error', e.code]));
    server.autoReply = false;
    const p = client.transact('buy', { item: 'hat' });
    const rejected = assert.rejects(p, (e) => e.code === 'disconnected');
    server.failures.push('network', { status: 503, body: { title: 'Draining', status: 503 } }, 'network');
    server.pc.fail();
    await clock.advance(10_000);
    await rejected;
    assert.deepEqual(log, [
      ['reconnecting', 1, 75], ['error', 'network'],
      ['reconnecting', 2, 150], ['error', 'draining'],
      ['reconnecting', 3, 300], ['error', 'network'],
      ['disconnected', 'reconnect failed', 'disconnected'],
    ]);
    assert.equal(client.state, 'closed');
    assert.equal(server.joins.length, 4);
  });

  test('a 429 with Retry-After delays the next attempt at least that long', async () => {
    const { server, client, clock } = await connected({ reconnect: { baseMs: 100, maxAttempts: 3 } });
    const delays = [];
    client.on('reconnecting', (e) => delays.push(e.delayMs));
    const realFetch = server.fetch.bind(server);
    let first = true;
    server.fetch = async (url, init) => {
      if (first) {
        first = false;
        server.joins.push({ url, body: JSON.parse(init.body), init });
        return new Response('{"title":"Too many joins","status":429}', { status: 429, headers: { 'retry-after': '2' } });
      }
      return realFetch(url, init);
    };
    server.pc.fail();
    await clock.advance(2100);
    assert.deepEqual(delays, [75, 2000]);
    assert.equal(client.state, 'connected');
    client.close();
  });

  test('a non-retryable answer (401) stops reconnecting at once', async () => {
    const { server, client, clock } = await connected();
    const log = [];
    client.on('disconnected', (e) => log.push(e.error.cause.code));
    server.failures.push({ status: 401, body: { title: 'Bad token', status: 401 } });
    server.pc.fail();
    await clock.advance(60_000);
    assert.deepEqual(log, ['unauthorized']);
    assert.equal(server.joins.length, 2);
  });

  test('silence (no snapshots) is detected as a lost connection', async () => {
    const { server, client, clock } = await connected({ silenceTimeoutMs: 2000 });
    const log = [];
    client.on('reconnecting', (e) => log.push(e.reason));
    server.snapshot(1, [me(0, 0)]);
    await clock.advance(1900);
    assert.deepEqual(log, []);
    await clock.advance(700);
    assert.deepEqual(log, ['no snapshots']);
    client.close();
  });

  test('simulated loss and lag apply to outgoing inputs and incoming snapshots', async () => {
    const { server, client, clock } = await connected();
    client.simulateNetwork({ outLoss: 1 });
    await clock.advance(200);
    assert.equal(server.inputs.length, 0);
    client.simulateNetwork({ outDelayMs: 120, inDelayMs: 80 });
    const seen = [];
    client.on('snapshot', (s) => seen.push(s.tick));
    const before = server.inputs.length;
    server.snapshot(1, [me(0, 0)]);
    await clock.advance(79);
    assert.deepEqual(seen, []);
    await clock.advance(1);
    assert.deepEqual(seen, [1], 'the snapshot arrives 80 ms late');
    await clock.advance(89); // the next input was sent 50 ms after the change: due at 170 ms
    assert.equal(server.inputs.length, before, 'inputs are held back by 120 ms');
    await clock.advance(1);
    assert.equal(server.inputs.length, before + 1);
    assert.ok(client.netStats().simulatedDrops >= 4);
    client.close();
  });

  test('close() stops timers, closes the peer and emits disconnected once', async () => {
    const { server, client, clock } = await connected();
    const log = [];
    client.on('disconnected', (e) => log.push(e.reason));
    client.close();
    client.close();
    assert.deepEqual(log, ['closed']);
    assert.equal(server.pc.closed, true);
    assert.equal(clock.timers.size, 0, 'no timer left');
    await assert.rejects(client.transact('buy', {}), (e) => e.code === 'disconnected');
  });
});
