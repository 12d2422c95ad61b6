/**
 * dist/colloquy.js, the one script a page includes (≤ 2 KB gzip). It costs the page almost
 * nothing until a comment section comes near the viewport, then imports the reader stage
 * (dist/colloquy-reader.js, next to this file), which renders the sections at once and fetches
 * the interaction stage (dist/colloquy-app.js, which registers the real elements) when the
 * browser is idle or the reader starts doing something (src/reader.ts).
 *
 * - `<colloquy-comments>` and `<colloquy-count>` are watched with an IntersectionObserver; the
 *   margin is the element's `loading-margin` attribute (any CSS margin, default "600px"),
 *   measured on this document's own viewport (`root: document`), so it holds inside iframes too.
 *   `loading="eager"` on an element loads at once. Elements added later are watched too.
 * - `<colloquy-moderation>` (a moderator's page) loads at once; the application then fetches
 *   that element's own chunk.
 * - Until then they are placeholders: undefined elements given a reserved block
 *   (`--colloquy-placeholder-height`, default 12rem) so the page does not jump when they load.
 * - `window.Colloquy.ready` resolves with the full API (once the interaction stage is here);
 *   `Colloquy.load()` loads both stages at once.
 *   Loading this script twice is harmless: the second copy sees `window.Colloquy` and stops.
 *   A failed load is logged and tried again when the section is (still) near the viewport after
 *   a pause that doubles each time; `load()` rejects for that attempt, `ready` keeps waiting.
 *
 * Built by esbuild as a classic IIFE (vite.config.ts); imports nothing at run time.
 */
import type { ColloquyApi, ColloquyGlobal } from './embed.js';

/** What dist/colloquy-reader.js exports (src/reader.ts). */
type ReaderStage = { start(now?: boolean): Promise<void> };

const TAGS = 'colloquy-comments,colloquy-count,colloquy-moderation';
const DEFAULT_MARGIN = '600px';

if (typeof window !== 'undefined' && !window.Colloquy) {
  const script = document.currentScript as HTMLScriptElement | null;
  const readerUrl = new URL('colloquy-reader.js', script?.src || document.baseURI).href;
  // `ready` settles only with success: a failed attempt is retried, so a page awaiting it waits on.
  let resolveReady!: (api: ColloquyApi) => void;
  const ready = new Promise<ColloquyApi>((res) => (resolveReady = res));
  let attempt: Promise<ReaderStage> | null = null;
  let failures = 0;
  const observers = new Map<string, IntersectionObserver>();

  const stopWatching = (): void => {
    mutations.disconnect();
    for (const io of observers.values()) io.disconnect();
    observers.clear();
  };
  const startWatching = (): void => {
    mutations.observe(document, { childList: true, subtree: true });
    scan(document);
  };

  /**
   * Loads the reader stage (which renders the sections and then fetches the interaction stage by
   * itself); `now` asks it for the interaction stage at once. Resolves with the full API.
   */
  const load = (now = false): Promise<ColloquyApi> => {
    if (!attempt) {
      stopWatching();
      // A failed module fetch is remembered by the browser for its URL: a retry needs a fresh one.
      const url = failures ? `${readerUrl}?retry=${failures}` : readerUrl;
      attempt = (import(/* @vite-ignore */ url) as Promise<ReaderStage>).catch((e: unknown) => {
        console.error(`[colloquy] could not load ${readerUrl}`, e);
        // Watch again after a pause (2 s, 4 s, … up to a minute), so a section in view retries without hammering.
        setTimeout(
          () => {
            attempt = null;
            startWatching();
          },
          Math.min(60_000, 2000 * 2 ** failures++),
        );
        throw e;
      });
    }
    return attempt.then((stage) => stage.start(now)).then(() => {
      resolveReady(window.Colloquy as ColloquyApi);
      return ready;
    });
  };

  window.Colloquy = { ready, load: () => load(true) } as ColloquyGlobal;

  const observer = (margin: string): IntersectionObserver => {
    const onChange = (entries: IntersectionObserverEntry[]) => entries.some((e) => e.isIntersecting) && void load().catch(() => undefined);
    // The document's own viewport where supported (so iframes work too), else the default root;
    // a margin that is not valid CSS falls back to the default one.
    for (const options of [{ root: document, rootMargin: margin }, { rootMargin: margin }, { rootMargin: DEFAULT_MARGIN }]) {
      try {
        return new IntersectionObserver(onChange, options);
      } catch {
        // try the next
      }
    }
    return new IntersectionObserver(onChange);
  };

  const watch = (el: Element): void => {
    if (attempt) return;
    if (el.getAttribute('loading') === 'eager' || el.localName === 'colloquy-moderation' || typeof IntersectionObserver === 'undefined') {
      void load(el.localName === 'colloquy-moderation').catch(() => undefined);
      return;
    }
    const margin = el.getAttribute('loading-margin') || DEFAULT_MARGIN;
    let io = observers.get(margin);
    if (!io) observers.set(margin, (io = observer(margin)));
    io.observe(el);
  };
  const scan = (root: ParentNode): void => root.querySelectorAll(TAGS).forEach(watch);

  const style = document.createElement('style');
  style.textContent = ':where(colloquy-comments:not(:defined)){display:block;min-height:var(--colloquy-placeholder-height,12rem)}';
  document.head.append(style);

  const mutations = new MutationObserver((records) => {
    for (const r of records)
      for (const n of r.addedNodes)
        if (n instanceof Element) {
          if (n.matches(TAGS)) watch(n);
          scan(n);
        }
  });
  startWatching();
}
