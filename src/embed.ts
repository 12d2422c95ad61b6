/**
 * The script-tag path's application module (dist/colloquy-app.js, an ES module with chunks).
 * The tiny classic loader, dist/colloquy.js (src/loader.ts), imports it when a section comes
 * near the viewport; it registers the elements and completes `window.Colloquy`.
 * DOMPurify, the MemoryAdapter, `<colloquy-moderation>` and other languages are separate chunks
 * fetched only when needed.
 */
import { loadModeration } from './define.js';
import * as api from './api.js';

/** The full script-tag API, as `window.Colloquy` has it once loaded. */
export type ColloquyApi = typeof api;

/** `window.Colloquy`: available at once from the loader; the rest arrives with `ready`. */
export type ColloquyGlobal = Partial<ColloquyApi> & {
  /** Resolves with the full API once the elements are registered. */
  ready: Promise<ColloquyApi>;
  /** Loads everything now (what `loading="eager"` does for one section); resolves like `ready`. */
  load(): Promise<ColloquyApi>;
};

declare global {
  interface Window {
    Colloquy?: ColloquyGlobal;
  }
}

// Imported directly as a module (no loader), this sets up window.Colloquy itself.
if (typeof window !== 'undefined') {
  const g = window.Colloquy ?? (window.Colloquy = { ready: Promise.resolve(api), load: () => Promise.resolve(api) });
  for (const [k, v] of Object.entries(api)) if (!(k in g)) (g as Record<string, unknown>)[k] = v;
  watchForModeration();
}

/**
 * `<colloquy-moderation>` is fetched when one is on the page or appears later (readers' pages
 * never pay for it). Elements inside other shadow roots are not seen: call `loadModeration()`.
 */
function watchForModeration(): void {
  const found = document.getElementsByTagName('colloquy-moderation'); // live: cheap to check again
  const load = (): void => {
    observer?.disconnect();
    loadModeration().catch((e: unknown) => console.error('[colloquy] could not load <colloquy-moderation>', e));
  };
  let observer: MutationObserver | null = null;
  if (found.length) return load();
  observer = new MutationObserver(() => found.length && load());
  observer.observe(document, { childList: true, subtree: true });
}

export * from './api.js';
