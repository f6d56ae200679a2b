// Canvas drawing of the arena: world in centimetres, scaled to fit the canvas (device-pixel aware).

export const KIND_PLAYER = 1;
export const KIND_COIN = 2;

const PALETTE = ['#5eead4', '#f472b6', '#a78bfa', '#fbbf24', '#60a5fa', '#f87171', '#34d399', '#fb923c'];

/** @param {number} id */
export function colorOf(id) {
  return PALETTE[id % PALETTE.length];
}

export class ArenaRenderer {
  /** @param {HTMLCanvasElement} canvas */
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
    this.scale = 1;
    this.dpr = 1;
    this.ox = 0;
    this.oy = 0;
  }

  /** Fits the canvas to its CSS box and the world into the canvas. @param {{width: number, height: number}} world */
  layout(world) {
    const dpr = globalThis.devicePixelRatio || 1;
    const w = Math.max(1, Math.floor(this.canvas.clientWidth * dpr));
    const h = Math.max(1, Math.floor(this.canvas.clientHeight * dpr));
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    const pad = 16 * dpr;
    this.scale = Math.min((w - 2 * pad) / world.width, (h - 2 * pad) / world.height);
    this.ox = (w - world.width * this.scale) / 2;
    this.oy = (h - world.height * this.scale) / 2;
    this.dpr = dpr;
  }

  /** @param {number} x */
  px(x) { return this.ox + x * this.scale; }

  /** @param {number} y */
  py(y) { return this.oy + y * this.scale; }

  /**
   * @param {object} frame
   * @param {{width: number, height: number, pickupRadius: number}} frame.world
   * @param {{id: number, x: number, y: number}|null} frame.local
   * @param {import('../sdk/protocol.js').Entity[]} frame.remote
   * @param {(id: number) => string} frame.nameOf
   * @param {(id: number) => Record<string, number>} frame.itemsOf
   * @param {number} frame.time  ms, for animation
   */
  draw(frame) {
    const { ctx } = this;
    const { world } = frame;
    this.layout(world);
    const s = this.scale;
    const dpr = this.dpr;
    ctx.fillStyle = '#0b0f17';
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);

    // floor and grid (1 m)
    ctx.fillStyle = '#111827';
    ctx.fillRect(this.px(0), this.py(0), world.width * s, world.height * s);
    ctx.strokeStyle = 'rgba(148, 163, 184, 0.07)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let x = 100; x < world.width; x += 100) {
      ctx.moveTo(Math.round(this.px(x)) + 0.5, this.py(0));
      ctx.lineTo(Math.round(this.px(x)) + 0.5, this.py(world.height));
    }
    for (let y = 100; y < world.height; y += 100) {
      ctx.moveTo(this.px(0), Math.round(this.py(y)) + 0.5);
      ctx.lineTo(this.px(world.width), Math.round(this.py(y)) + 0.5);
    }
    ctx.stroke();
    ctx.strokeStyle = '#334155';
    ctx.lineWidth = 2 * dpr;
    ctx.strokeRect(this.px(0), this.py(0), world.width * s, world.height * s);

    // coins
    const pulse = 1 + 0.08 * Math.sin(frame.time / 180);
    for (const e of frame.remote) {
      if (e.kind !== KIND_COIN) continue;
      const r = Math.max(4 * dpr, 34 * s) * pulse;
      const g = ctx.createRadialGradient(this.px(e.x), this.py(e.y), r * 0.2, this.px(e.x), this.py(e.y), r * 2.2);
      g.addColorStop(0, 'rgba(250, 204, 21, 0.35)');
      g.addColorStop(1, 'rgba(250, 204, 21, 0)');
      ctx.fillStyle = g;
      ctx.beginPath();
      ctx.arc(this.px(e.x), this.py(e.y), r * 2.2, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = '#facc15';
      ctx.beginPath();
      ctx.arc(this.px(e.x), this.py(e.y), r, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = '#a16207';
      ctx.font = `${Math.round(r * 1.2)}px system-ui, sans-serif`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText('¢', this.px(e.x), this.py(e.y) + r * 0.05);
    }

    // remote players
    for (const e of frame.remote) {
      if (e.kind !== KIND_PLAYER) continue;
      this.player(e.id, e.x, e.y, frame.nameOf(e.id), frame.itemsOf(e.id), false);
    }
    // local player on top, with its pickup radius
    if (frame.local) {
      const { x, y, id } = frame.local;
      ctx.strokeStyle = 'rgba(94, 234, 212, 0.18)';
      ctx.lineWidth = 1 * dpr;
      ctx.setLineDash([4 * dpr, 4 * dpr]);
      ctx.beginPath();
      ctx.arc(this.px(x), this.py(y), world.pickupRadius * s, 0, Math.PI * 2);
      ctx.stroke();
      ctx.setLineDash([]);
      this.player(id, x, y, frame.nameOf(id), frame.itemsOf(id), true);
    }
  }

  /**
   * @param {number} id
   * @param {number} x
   * @param {number} y
   * @param {string} name
   * @param {Record<string, number>} items
   * @param {boolean} local
   */
  player(id, x, y, name, items, local) {
    const { ctx, dpr } = this;
    const r = Math.max(8 * dpr, 60 * this.scale);
    const cx = this.px(x);
    const cy = this.py(y);
    ctx.fillStyle = 'rgba(0, 0, 0, 0.35)';
    ctx.beginPath();
    ctx.ellipse(cx, cy + r * 0.85, r * 0.9, r * 0.3, 0, 0, Math.PI * 2);
    ctx.fill();
    if (items.shield) {
      ctx.strokeStyle = 'rgba(96, 165, 250, 0.7)';
      ctx.lineWidth = 3 * dpr;
      ctx.beginPath();
      ctx.arc(cx, cy, r * 1.35, 0, Math.PI * 2);
      ctx.stroke();
    }
    ctx.fillStyle = colorOf(id);
    ctx.beginPath();
    ctx.arc(cx, cy, r, 0, Math.PI * 2);
    ctx.fill();
    if (local) {
      ctx.strokeStyle = '#f8fafc';
      ctx.lineWidth = 2.5 * dpr;
      ctx.stroke();
    }
    if (items.hat) {
      ctx.fillStyle = '#e5e7eb';
      ctx.fillRect(cx - r * 0.55, cy - r * 1.3, r * 1.1, r * 0.6);
      ctx.fillRect(cx - r * 0.85, cy - r * 0.78, r * 1.7, r * 0.2);
      ctx.fillStyle = colorOf(id + 3);
      ctx.fillRect(cx - r * 0.55, cy - r * 0.95, r * 1.1, r * 0.15);
    }
    if (items['speed-boots']) { // two speed stripes under the player
      ctx.fillStyle = '#fbbf24';
      ctx.fillRect(cx - r * 0.7, cy + r * 0.75, r * 0.5, r * 0.28);
      ctx.fillRect(cx + r * 0.2, cy + r * 0.75, r * 0.5, r * 0.28);
    }
    ctx.font = `${local ? 600 : 500} ${Math.round(12 * dpr)}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    const label = name;
    const ty = cy - r * (items.hat ? 1.35 : 1.15) - 2 * dpr;
    const w = ctx.measureText(label).width + 10 * dpr;
    ctx.fillStyle = 'rgba(15, 23, 42, 0.75)';
    ctx.fillRect(cx - w / 2, ty - 16 * dpr, w, 16 * dpr);
    ctx.fillStyle = local ? '#f8fafc' : '#cbd5e1';
    ctx.fillText(label, cx, ty - 2 * dpr);
  }
}
