/**
 * A set of change listeners for the DOM-free stores. A listener that throws is reported and
 * skipped: one bad subscriber never breaks a store or leaves it half-updated. DOM-free.
 */
export class Listeners {
  private readonly set = new Set<() => void>();

  /** Adds `fn`; returns the function that removes it. */
  add(fn: () => void): () => void {
    this.set.add(fn);
    return () => this.set.delete(fn);
  }

  /** Calls every listener; errors are logged, never thrown. */
  notify(): void {
    for (const fn of [...this.set]) {
      try {
        fn();
      } catch (err) {
        console.error('[colloquy] a change listener failed', err);
      }
    }
  }

  clear(): void {
    this.set.clear();
  }
}
