// Keyboard input: WASD and arrow keys -> Input axes. Ignores keys typed into form fields.
import { axes } from '../sdk/movement.js';

/** @type {Record<string, [number, number]>} */
const KEYS = {
  KeyW: [0, -1], ArrowUp: [0, -1], KeyS: [0, 1], ArrowDown: [0, 1],
  KeyA: [-1, 0], ArrowLeft: [-1, 0], KeyD: [1, 0], ArrowRight: [1, 0],
};

export class Keyboard {
  /** @param {Window} win */
  constructor(win) {
    /** @type {Set<string>} */
    this.down = new Set();
    win.addEventListener('keydown', (e) => {
      if (isTyping(e.target) || !(e.code in KEYS)) return;
      this.down.add(e.code);
      e.preventDefault();
    });
    win.addEventListener('keyup', (e) => this.down.delete(e.code));
    win.addEventListener('blur', () => this.down.clear());
  }

  /** @returns {{moveX: number, moveY: number}} */
  axes() {
    let dx = 0;
    let dy = 0;
    for (const code of this.down) {
      dx += KEYS[code][0];
      dy += KEYS[code][1];
    }
    return axes(Math.sign(dx), Math.sign(dy));
  }
}

/** @param {EventTarget|null} t */
function isTyping(t) {
  return t instanceof HTMLElement && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA');
}
