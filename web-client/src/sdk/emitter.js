// Minimal typed event emitter (no dependencies). Listener errors are isolated: one failing listener never
// stops the others or the SDK's own processing; they are reported on the 'error' event (or the console).

/**
 * @template {Record<string, any>} Events  map of event name -> payload type
 */
export class Emitter {
  constructor() {
    /** @type {Map<keyof Events, Set<(payload: any) => void>>} */
    this.listeners = new Map();
  }

  /**
   * Subscribes; returns a function that unsubscribes.
   * @template {keyof Events} K
   * @param {K} event
   * @param {(payload: Events[K]) => void} fn
   * @returns {() => void}
   */
  on(event, fn) {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(fn);
    return () => this.off(event, fn);
  }

  /**
   * @template {keyof Events} K
   * @param {K} event
   * @param {(payload: Events[K]) => void} fn
   */
  off(event, fn) {
    this.listeners.get(event)?.delete(fn);
  }

  /**
   * @template {keyof Events} K
   * @param {K} event
   * @param {Events[K]} payload
   */
  emit(event, payload) {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        fn(payload);
      } catch (e) {
        if (event !== 'error' && this.listeners.get('error')?.size) {
          this.emit(/** @type {keyof Events} */ ('error'), /** @type {any} */ (e));
        } else {
          console.error(`strafe: listener of '${String(event)}' failed`, e);
        }
      }
    }
  }
}
