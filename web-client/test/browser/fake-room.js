// Injected into the demo page by demo-smoke.mjs (before any page script): replaces RTCPeerConnection and
// the join endpoint with an in-page fake room, so the real demo + SDK run in Chromium without a server.
// The fake room moves the local player with the SAME step as the SDK (as the real room does), moves two
// bots, spawns coins and answers pickup/buy/transfer transactions with id deduplication.
(() => {
  const TICK = 20;
  const world = { width: 4000, height: 3000, maxSpeed: 600, pickupRadius: 150 };
  const room = { id: 'lobby', tickRate: TICK, snapshotRate: TICK, capacity: 32, protocolVersion: 1, maxSnapshotBytes: 1100, world };
  const state = { pcs: [], joins: 0 };
  window.__fakeRoom = state;

  class FakeChannel extends EventTarget {
    constructor(label) { super(); this.label = label; this.readyState = 'connecting'; this.binaryType = 'blob'; this.peer = null; }
    send(data) { if (this.readyState !== 'open') throw new Error('not open'); this.peer?.(data); }
    open() { this.readyState = 'open'; this.dispatchEvent(new Event('open')); }
    close() { if (this.readyState === 'closed') return; this.readyState = 'closed'; this.dispatchEvent(new Event('close')); }
    deliver(data) { this.dispatchEvent(new MessageEvent('message', { data })); }
  }

  class FakePeerConnection extends EventTarget {
    constructor() { super(); this.channels = {}; this.iceGatheringState = 'new'; this.connectionState = 'new'; this.localDescription = null; state.pcs.push(this); }
    createDataChannel(label) { return (this.channels[label] = new FakeChannel(label)); }
    async createOffer() { return { type: 'offer', sdp: 'v=0\r\na=candidate:1 1 udp 1 127.0.0.1 9 typ host\r\n' }; }
    async setLocalDescription(d) { this.localDescription = d; this.iceGatheringState = 'complete'; }
    async setRemoteDescription() { setTimeout(() => { this.connectionState = 'connected'; Object.values(this.channels).forEach((c) => c.open()); startRoom(this); }, 30); }
    close() { this.connectionState = 'closed'; Object.values(this.channels).forEach((c) => { c.readyState = 'closed'; }); clearInterval(this.timer); }
  }
  window.RTCPeerConnection = FakePeerConnection;

  const realFetch = window.fetch.bind(window);
  window.fetch = async (url, init) => {
    if (String(url).match(/\/v1\/rooms\/[^/]+\/join$/)) {
      state.joins++;
      const body = JSON.parse(init.body);
      state.lastJoin = body;
      return new Response(JSON.stringify({ answer: 'v=0\r\n', sessionId: `s-${state.joins}`, resumeToken: `rt-${state.joins}`, playerId: 1, room: { ...room, id: location.search.match(/room=([^&]+)/)?.[1] ?? 'lobby' } }), { status: 200, headers: { 'content-type': 'application/json' } });
    }
    return realFetch(url, init);
  };

  let sim = null;
  async function startRoom(pc) {
    const P = await import('/sdk/protocol.js');
    const { step } = await import('/sdk/movement.js');
    if (!sim) {
      sim = {
        tick: 0, version: 0, balance: { 1: 0, 2: 3, 3: 7 }, names: { 1: 'you', 2: 'bot-ana', 3: 'bot-bo' },
        me: { x: 2000, y: 1500, vx: 0, vy: 0 }, lastSeq: 0, coins: new Map(), nextCoin: 100, results: new Map(), t: 0,
      };
      for (let i = 0; i < 8; i++) sim.coins.set(sim.nextCoin++, { x: 300 + ((i * 937) % 3400), y: 300 + ((i * 613) % 2400) });
    }
    const pos = pc.channels.pos;
    const tx = pc.channels.tx;
    let ack = 0;
    const views = new Map();
    const queue = [];
    pos.peer = (bytes) => {
      const input = P.decodeInput(bytes);
      if (input.ackTick) ack = input.ackTick;
      queue.push(input);
    };
    const event = (kind, data, txId) => tx.deliver(JSON.stringify({ type: 'room.event', kind, data, stateVersion: ++sim.version, ...(txId ? { txId } : {}) }));
    tx.peer = (text) => {
      const req = JSON.parse(text);
      let r = sim.results.get(req.id);
      if (!r) {
        const me = 1;
        let error = null;
        if (req.kind === 'pickup') {
          const c = sim.coins.get(req.payload.coinId);
          if (!c) error = 'coin_gone';
          else if (Math.hypot(c.x - sim.me.x, c.y - sim.me.y) > world.pickupRadius + 40) error = 'too_far';
          else { sim.coins.delete(req.payload.coinId); sim.balance[me]++; event('coin.picked', { player: me, coin: req.payload.coinId, value: 1, balance: sim.balance[me] }, req.id); }
        } else if (req.kind === 'buy') {
          const price = { 'speed-boots': 5, hat: 3, shield: 8 }[req.payload.item];
          if (!price) error = 'unknown_item';
          else if (sim.balance[me] < price) error = 'insufficient_funds';
          else { sim.balance[me] -= price; event('shop.bought', { player: me, item: req.payload.item, price }, req.id); }
        } else if (req.kind === 'transfer') {
          const { to, amount } = req.payload;
          if (!(to in sim.balance)) error = 'unknown_recipient';
          else if (sim.balance[me] < amount) error = 'insufficient_funds';
          else { sim.balance[me] -= amount; sim.balance[to] += amount; event('coins.transferred', { from: me, to, amount }, req.id); }
        } else error = 'unknown_kind';
        r = { type: 'tx.result', id: req.id, status: error ? 'rejected' : 'committed', ...(error ? { error } : {}), stateVersion: sim.version };
        sim.results.set(req.id, r);
      }
      tx.deliver(JSON.stringify(r));
    };
    event('player.joined', { player: 2, name: sim.names[2] });
    event('player.joined', { player: 3, name: sim.names[3] });
    const buf = new Uint8Array(1100);
    pc.timer = setInterval(() => {
      if (pos.readyState !== 'open') return;
      sim.tick = P.Seq32.nextTick(sim.tick);
      sim.t += 1 / TICK;
      const input = queue.shift();
      if (input) { const b = step(sim.me, input, world, TICK); sim.me = b; sim.lastSeq = input.sequence; } else { sim.me = { ...sim.me, vx: 0, vy: 0 }; }
      if (sim.coins.size < 8 && sim.tick % 40 === 0) sim.coins.set(sim.nextCoin++, { x: 200 + Math.random() * 3600, y: 200 + Math.random() * 2600 });
      const bot = (id, cx, cy, r, w) => ({ id, kind: 1, x: Math.round(cx + r * Math.cos(sim.t * w)), y: Math.round(cy + r * Math.sin(sim.t * w)), vx: Math.round(-r * w * Math.sin(sim.t * w)), vy: Math.round(r * w * Math.cos(sim.t * w)), heading: 0 });
      const entities = [
        { id: 1, kind: 1, x: sim.me.x, y: sim.me.y, vx: sim.me.vx, vy: sim.me.vy, heading: 0 },
        bot(2, 1200, 1000, 500, 1.1), bot(3, 2800, 2000, 700, -0.7),
        ...[...sim.coins].map(([id, c]) => ({ id, kind: 2, x: Math.round(c.x), y: Math.round(c.y), vx: 0, vy: 0, heading: 0 })),
      ];
      const baseline = views.get(ack) ?? null;
      const { length } = P.encodeSnapshot(baseline, { tick: sim.tick, lastInputSequence: sim.lastSeq, entities }, buf);
      const msg = buf.slice(0, length);
      views.set(sim.tick, P.decodeSnapshot(msg, baseline));
      if (views.size > 64) views.delete(views.keys().next().value);
      pos.deliver(msg.buffer);
    }, 1000 / TICK);
  }
})();
