/**
 * dist/colloquy.js, the one script a page includes (≤ 2 KB gzip). It costs the page almost
 * nothing until a comment section comes near the viewport, then imports the application
 * module (dist/colloquy-app.js, next to this file) which registers the real elements.
 *
 * - `<colloquy-comments>` and `<colloquy-count>` are watched with an IntersectionObserver; the
 *   margin is the element's `loading-margin` attribute (any CSS margin, default "600px"),
 *   measured on this document's own viewport (`root: document`), so it holds inside iframes too.
 *   `loading="eager"` on an element loads at once. Elements added later are watched too.
 * - Until then they are placeholders: undefined elements given a reserved block
 *   (`--colloquy-placeholder-height`, default 12rem) so the page does not jump when they load.
 * - `window.Colloquy.ready` resolves with the full API; `Colloquy.load()` loads at once.
 *   Loading this script twice is harmless: the second copy sees `window.Colloquy` and stops.
 *
 * Built by esbuild as a classic IIFE (vite.config.ts); imports nothing at run time.
 */
import type { ColloquyApi, ColloquyGlobal } from './embed.js';

const TAGS = 'colloquy-comments,colloquy-count';
const DEFAULT_MARGIN = '600px';

if (typeof window !== 'undefined' && !window.Colloquy) {
  const script = document.currentScript as HTMLScriptElement | null;
  const appUrl = new URL('colloquy-app.js', script?.src || document.baseURI).href;
  let resolveReady!: (api: ColloquyApi) => void;
  let rejectReady!: (e: unknown) => void;
  const ready = new Promise<ColloquyApi>((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  let started = false;
  const observers = new Map<string, IntersectionObserver>();
  let mutations: MutationObserver | undefined;

  const load = (): Promise<ColloquyApi> => {
    if (!started) {
      started = true;
      mutations?.disconnect();
      for (const io of observers.values()) io.disconnect();
      observers.clear();
      import(/* @vite-ignore */ appUrl).then(
        () => resolveReady(window.Colloquy as ColloquyApi),
        (e: unknown) => {
          started = false; // a later scroll or load() may try again
          console.error(`[colloquy] could not load ${appUrl}`, e);
          rejectReady(e);
        },
      );
    }
    return ready;
  };
  ready.catch(() => undefined); // a failed load is reported above, not as an unhandled rejection

  window.Colloquy = { ready, load } as ColloquyGlobal;

  const watch = (el: Element): void => {
    if (started) return;
    if (el.getAttribute('loading') === 'eager' || typeof IntersectionObserver === 'undefined') {
      void load().catch(() => undefined);
      return;
    }
    const margin = el.getAttribute('loading-margin') || DEFAULT_MARGIN;
    let io = observers.get(margin);
    if (!io) {
      const options = (rootMargin: string): IntersectionObserverInit => ({ root: document, rootMargin });
      const onChange = (entries: IntersectionObserverEntry[]) => entries.some((e) => e.isIntersecting) && void load().catch(() => undefined);
      try {
        io = new IntersectionObserver(onChange, options(margin));
      } catch {
        io = new IntersectionObserver(onChange, options(DEFAULT_MARGIN)); // not a valid margin
      }
      observers.set(margin, io);
    }
    io.observe(el);
  };
  const scan = (root: ParentNode): void => root.querySelectorAll(TAGS).forEach(watch);

  const style = document.createElement('style');
  style.textContent = ':where(colloquy-comments:not(:defined)){display:block;min-height:var(--colloquy-placeholder-height,12rem)}';
  document.head.append(style);

  mutations = new MutationObserver((records) => {
    for (const r of records)
      for (const n of r.addedNodes)
        if (n instanceof Element) {
          if (n.matches(TAGS)) watch(n);
          scan(n);
        }
  });
  mutations.observe(document, { childList: true, subtree: true });
  scan(document);
}
