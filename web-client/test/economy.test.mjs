// The demo's scoreboard and inventory, built from room events (src/demo/economy.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Economy } from '../src/demo/economy.js';

test('balances, names and items follow the room events', () => {
  const e = new Economy(3);
  e.apply({ kind: 'player.joined', data: { player: 3, name: 'ada' }, stateVersion: 1 });
  e.apply({ kind: 'player.joined', data: { player: 7, name: 'bob' }, stateVersion: 2 });
  for (let b = 1; b <= 6; b++) e.apply({ kind: 'coin.picked', data: { player: 3, coin: 40 + b, value: 1, balance: b }, stateVersion: 2 + b });
  assert.equal(e.apply({ kind: 'shop.bought', data: { player: 3, item: 'hat', price: 3 }, stateVersion: 9 }), 'ada bought hat for 3');
  e.apply({ kind: 'coins.transferred', data: { from: 3, to: 7, amount: 2 }, stateVersion: 10 });
  assert.equal(e.local.balance, 1);
  assert.deepEqual(e.local.items, { hat: 1 });
  assert.deepEqual(e.scoreboard().map((p) => [p.name, p.balance]), [['bob', 2], ['ada', 1]]);
  e.apply({ kind: 'player.left', data: { player: 7 }, stateVersion: 11 });
  assert.deepEqual(e.scoreboard().map((p) => p.name), ['ada']);
  assert.equal(e.lastVersion, 11);
});

test('unknown players get a placeholder name; a state summary event fills them in', () => {
  const e = new Economy(1);
  e.apply({ kind: 'coin.picked', data: { player: 9, coin: 2, value: 1, balance: 4 } });
  assert.equal(e.player(9).name, 'player 9');
  e.apply({ kind: 'room.state', data: { players: [{ player: 9, name: 'cy', balance: 5, items: { shield: 1 } }] } });
  assert.deepEqual([e.player(9).name, e.player(9).balance, e.player(9).items], ['cy', 5, { shield: 1 }]);
});

test('a returning player\'s player.joined carries its balance and items', () => {
  const e = new Economy(1);
  e.apply({ kind: 'player.joined', data: { player: 17, name: 'ada', balance: 4, items: { hat: 1 } } });
  assert.deepEqual([e.player(17).name, e.player(17).balance, e.player(17).items], ['ada', 4, { hat: 1 }]);
});

test('the local player resumed under a new entity id keeps its name, coins and items, once', () => {
  const e = new Economy(1);
  e.apply({ kind: 'player.joined', data: { player: 1, name: 'ada' } });
  e.apply({ kind: 'coin.picked', data: { player: 1, coin: 5, value: 1, balance: 2 } });
  e.apply({ kind: 'shop.bought', data: { player: 1, item: 'hat', price: 1 } });
  e.moveLocal(17);
  assert.equal(e.localId, 17);
  assert.deepEqual([e.local.name, e.local.balance, e.local.items], ['ada', 1, { hat: 1 }]);
  assert.deepEqual(e.scoreboard().map((p) => [p.id, p.name]), [[17, 'ada']]);
  e.apply({ kind: 'player.left', data: { player: 1 } }); // the old entity's late event changes nothing visible
  assert.deepEqual(e.scoreboard().map((p) => p.id), [17]);
});
