// Transactions over the tx channel (src/sdk/tx.js): ids, retries with the same id, exactly-once settling.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { TxClient, parseTxMessage } from '../src/sdk/tx.js';
import { StrafeError } from '../src/sdk/errors.js';
import { FakeClock } from './fakes.mjs';

function setup(options = {}) {
  const clock = new FakeClock();
  const sent = [];
  let open = true;
  const rtts = [];
  const tx = new TxClient({
    send: (text) => { if (!open) return false; sent.push(JSON.parse(text)); return true; },
    clock: clock.api(), timeoutMs: 1000, maxAttempts: 4, idPrefix: 'c0ffee', onRtt: (ms) => rtts.push(ms), ...options,
  });
  tx.onConnected();
  return { clock, sent, tx, rtts, setOpen: (v) => { open = v; } };
}

const result = (id, status = 'committed', extra = {}) => ({ type: 'tx.result', id, status, stateVersion: 1, ...extra });

describe('TxClient', () => {
  test('sends a tx.request with a generated id in the allowed charset', async () => {
    const { tx, sent } = setup();
    const p = tx.transact('buy', { item: 'hat' });
    assert.deepEqual(sent[0], { type: 'tx.request', id: 'c0ffee-1', kind: 'buy', payload: { item: 'hat' } });
    tx.transact('buy', { item: 'hat' });
    assert.notEqual(sent[1].id, sent[0].id);
    for (const m of sent) assert.match(m.id, /^[A-Za-z0-9._:-]{1,64}$/);
    tx.onResult(result('c0ffee-1'));
    assert.equal((await p).status, 'committed');
  });

  test('a timeout re-sends the SAME id, with a doubling timeout, then rejects with tx-timeout', async () => {
    const { tx, sent, clock } = setup();
    const p = tx.transact('pickup', { coinId: 7 });
    const rejected = assert.rejects(p, (e) => e instanceof StrafeError && e.code === 'tx-timeout');
    await clock.advance(999);
    assert.equal(sent.length, 1);
    await clock.advance(1);
    assert.equal(sent.length, 2);
    await clock.advance(2000);
    assert.equal(sent.length, 3);
    await clock.advance(4000);
    assert.equal(sent.length, 4);
    assert.deepEqual(new Set(sent.map((m) => m.id)), new Set([sent[0].id]));
    await clock.advance(8000);
    await rejected;
    assert.equal(tx.pending.size, 0);
  });

  test('duplicate results resolve the promise once; late and unknown results are ignored', async () => {
    const { tx, clock, rtts } = setup();
    let settled = 0;
    const p = tx.transact('transfer', { to: 3, amount: 2 }).then((r) => { settled++; return r; });
    await clock.advance(30);
    assert.equal(tx.onResult(result('c0ffee-1', 'rejected', { error: 'insufficient_funds' })), true);
    assert.equal(tx.onResult(result('c0ffee-1', 'committed')), false);
    assert.equal(tx.onResult(result('other-9')), false);
    const r = await p;
    await clock.settle();
    assert.equal(settled, 1);
    assert.equal(r.status, 'rejected', 'the first result wins');
    assert.equal(r.error, 'insufficient_funds');
    assert.deepEqual(rtts, [30]);
  });

  test('no RTT sample from a retransmitted request (Karn)', async () => {
    const { tx, clock, rtts } = setup();
    const p = tx.transact('buy', {});
    await clock.advance(1500);
    tx.onResult(result('c0ffee-1'));
    await p;
    assert.deepEqual(rtts, []);
  });

  test('a reconnect re-sends every pending request with its id, in order; no attempts burnt while down', async () => {
    const { tx, sent, clock, setOpen } = setup();
    const a = tx.transact('buy', { item: 'hat' });
    const b = tx.transact('buy', { item: 'shield' });
    tx.onDisconnected();
    setOpen(false);
    await clock.advance(60_000); // far past every timeout: nothing rejected while disconnected
    assert.equal(tx.pending.size, 2);
    setOpen(true);
    tx.onConnected();
    assert.deepEqual(sent.map((m) => m.id), ['c0ffee-1', 'c0ffee-2', 'c0ffee-1', 'c0ffee-2']);
    tx.onResult(result('c0ffee-2'));
    tx.onResult(result('c0ffee-1'));
    assert.equal((await a).id, 'c0ffee-1');
    assert.equal((await b).id, 'c0ffee-2');
  });

  test('requests made while disconnected go out on reconnect', async () => {
    const { tx, sent, setOpen } = setup();
    tx.onDisconnected();
    setOpen(false);
    const p = tx.transact('buy', { item: 'hat' });
    assert.equal(sent.length, 0);
    setOpen(true);
    tx.onConnected();
    assert.equal(sent.length, 1);
    tx.onResult(result(sent[0].id));
    await p;
  });

  test('a failed result is retried with the same id, then reported', async () => {
    const { tx, sent, clock } = setup({ maxAttempts: 2 });
    const p = tx.transact('buy', { item: 'hat' });
    tx.onResult(result('c0ffee-1', 'failed', { error: 'owner_moved' }));
    await clock.advance(1000);
    assert.deepEqual(sent.map((m) => m.id), ['c0ffee-1', 'c0ffee-1']);
    tx.onResult(result('c0ffee-1', 'failed', { error: 'owner_moved' }));
    assert.equal((await p).status, 'failed');
  });

  test('bounded pending map and argument checks', async () => {
    const { tx } = setup({ maxPending: 2 });
    tx.transact('a', {});
    tx.transact('b', {});
    await assert.rejects(tx.transact('c', {}), (e) => e.code === 'tx-overflow');
    await assert.rejects(tx.transact('bad kind', {}), (e) => e.code === 'invalid-argument');
    await assert.rejects(tx.transact('k', /** @type {any} */ ([1])), (e) => e.code === 'invalid-argument');
  });

  test('fail() rejects everything pending', async () => {
    const { tx } = setup();
    const p = tx.transact('buy', {});
    tx.fail(new StrafeError('disconnected', 'gone'));
    await assert.rejects(p, (e) => e.code === 'disconnected');
  });

  test('parseTxMessage accepts results and events, ignores the rest', () => {
    assert.equal(parseTxMessage('{"type":"tx.result","id":"a","status":"committed","stateVersion":1}').type, 'tx.result');
    assert.deepEqual(parseTxMessage('{"type":"room.event","kind":"coin.picked","stateVersion":3}').data, {});
    assert.equal(parseTxMessage('nope'), null);
    assert.equal(parseTxMessage('{"type":"tx.request","id":"a"}'), null);
    assert.equal(parseTxMessage('x'.repeat(40000)), null);
  });
});
