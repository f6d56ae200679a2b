// The demo's view of the room economy, built only from room events (the server is authoritative):
// player names, coin balances (scoreboard) and the local player's inventory.
// Event kinds (game-server RoomLedger): coin.picked {player, coin, value, balance}, shop.bought {player, item,
// price}, coins.transferred {from, to, amount}, player.joined {player, name}, player.left {player}.

/** The shop of the demo room (the server's default price list). */
export const SHOP = Object.freeze([
  { item: 'speed-boots', price: 5, label: 'Speed boots' },
  { item: 'hat', price: 3, label: 'Hat' },
  { item: 'shield', price: 8, label: 'Shield' },
]);

/**
 * @typedef {object} PlayerRecord
 * @property {number} id
 * @property {string} name
 * @property {number} balance
 * @property {boolean} online
 * @property {Record<string, number>} items
 */

export class Economy {
  /** @param {number} localId */
  constructor(localId) {
    this.localId = localId;
    /** @type {Map<number, PlayerRecord>} */
    this.players = new Map();
    this.lastVersion = 0;
  }

  /** @param {number} id @returns {PlayerRecord} */
  player(id) {
    let p = this.players.get(id);
    if (!p) {
      p = { id, name: `player ${id}`, balance: 0, online: true, items: {} };
      this.players.set(id, p);
    }
    return p;
  }

  /**
   * Applies one room event; returns a log line or null.
   * @param {{kind: string, data: Record<string, any>, stateVersion?: number}} ev
   * @returns {string|null}
   */
  apply(ev) {
    const d = ev.data ?? {};
    if (typeof ev.stateVersion === 'number') this.lastVersion = Math.max(this.lastVersion, ev.stateVersion);
    switch (ev.kind) {
      case 'player.joined': {
        const p = this.player(d.player);
        if (typeof d.name === 'string') p.name = d.name;
        if (typeof d.balance === 'number') p.balance = d.balance; // a returning player keeps its coins
        if (d.items && typeof d.items === 'object') p.items = { ...d.items };
        p.online = true;
        return `${p.name} joined`;
      }
      case 'player.left': {
        const p = this.player(d.player);
        p.online = false;
        return `${p.name} left`;
      }
      case 'coin.picked': {
        const p = this.player(d.player);
        p.balance = typeof d.balance === 'number' ? d.balance : p.balance + (d.value ?? 1);
        return `${p.name} picked up a coin (${p.balance})`;
      }
      case 'shop.bought': {
        const p = this.player(d.player);
        p.balance = Math.max(0, p.balance - (d.price ?? 0));
        p.items[d.item] = (p.items[d.item] ?? 0) + 1;
        return `${p.name} bought ${d.item} for ${d.price}`;
      }
      case 'coins.transferred': {
        const from = this.player(d.from);
        const to = this.player(d.to);
        from.balance = Math.max(0, from.balance - d.amount);
        to.balance += d.amount;
        return `${from.name} sent ${d.amount} to ${to.name}`;
      }
      case 'draining':
      case 'room.draining':
        return 'server is draining: moving to another node…';
      default:
        if (Array.isArray(d.players)) { // a room state summary, if the server sends one
          for (const s of d.players) {
            const p = this.player(s.player ?? s.id);
            if (typeof s.name === 'string') p.name = s.name;
            if (typeof s.balance === 'number') p.balance = s.balance;
            if (s.items && typeof s.items === 'object') p.items = { ...s.items };
          }
          return null;
        }
        return `${ev.kind}`;
    }
  }

  /**
   * The local player came back under another entity id (a resumed session after the server had let the old
   * one go): its name, balance and items move to the new id; the old entity is forgotten, so it never shows
   * twice on the scoreboard.
   * @param {number} id
   */
  moveLocal(id) {
    if (id === this.localId) return;
    const old = this.local;
    this.players.delete(this.localId);
    this.localId = id;
    const p = this.player(id);
    p.name = old.name;
    p.balance = old.balance;
    p.items = { ...old.items };
    p.online = true;
  }

  /** Players that are online, richest first. */
  scoreboard() {
    return [...this.players.values()].filter((p) => p.online).sort((a, b) => b.balance - a.balance || a.id - b.id);
  }

  get local() {
    return this.player(this.localId);
  }
}
