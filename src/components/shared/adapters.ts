/**
 * Which adapter an element uses: its own `adapter` property, else a RestAdapter for its `api`
 * attribute (one per base URL, shared by the page), else the page default, else (once the page's
 * own scripts have run) the browser-only MemoryAdapter fallback. Shared by every element that
 * talks to a backend.
 */
import type { MemoryAdapter } from '../../adapters/memory.js';
import { RestAdapter } from '../../adapters/rest.js';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CommentsAdapter } from '../../core/adapter.js';
import { getDefaultAdapter, onDefaultAdapterChange } from '../../core/default-adapter.js';
import { tellDeveloper } from '../../core/diagnostics.js';

let fallback: MemoryAdapter | null = null;

const restAdapters = new Map<string, RestAdapter>();

/** One RestAdapter per base URL, shared by the sections of a page that name the same `api`. */
export function restAdapterFor(baseUrl: string): RestAdapter {
  let adapter = restAdapters.get(baseUrl);
  if (!adapter) {
    adapter = new RestAdapter({ baseUrl });
    restAdapters.set(baseUrl, adapter);
  }
  return adapter;
}

/**
 * The adapter used when a page gives none: comments are kept in this browser only. Its code is
 * a separate chunk, fetched only by a page that sets no adapter.
 */
export async function fallbackAdapter(): Promise<MemoryAdapter> {
  const { MemoryAdapter } = await import('../../adapters/memory.js');
  if (!fallback) {
    // The page's form enforces its own required fields and length; this stand-in backend accepts what the form sends.
    fallback = new MemoryAdapter({ persist: true, required: ['body'], maxLength: 100_000 });
    tellDeveloper(
      'fallback',
      'No adapter was given, so comments are stored in this browser only (localStorage) and nobody else sees them. ' +
        'Give the section an `api` attribute (a server of docs/http-api.md), set its `adapter` property, or call Colloquy.setDefaultAdapter() ' +
        'before the page has loaded (DOMContentLoaded).',
    );
  }
  return fallback;
}

let pageSettled = false;
let settling: Promise<void> | null = null;

/** DOMContentLoaded, or at once if it has already fired (deferred scripts run before it). */
function domContentLoaded(): Promise<void> {
  if (document.readyState === 'complete') return Promise.resolve();
  const nav = performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (nav && nav.domContentLoadedEventEnd > 0) return Promise.resolve();
  return new Promise((resolve) => {
    document.addEventListener('DOMContentLoaded', () => resolve(), { once: true });
    // Should the event have been missed, the document still becomes complete.
    document.addEventListener('readystatechange', () => document.readyState === 'complete' && resolve());
  });
}

/**
 * Resolves once the page's own scripts have had their chance to set an adapter: after
 * DOMContentLoaded (every deferred script has run by then) and one more task. Only then does a
 * section without an adapter fall back to the browser-only one.
 */
function whenPageSettled(): Promise<void> {
  settling ??= domContentLoaded()
    .then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))
    .then(async () => {
      if (!getDefaultAdapter()) await fallbackAdapter().catch(() => undefined);
      pageSettled = true;
    });
  return settling;
}

/** True once a section has shown the browser-only fallback. */
let fellBack = false;

// A default adapter that arrives after a section fell back: the sections switch to it, but
// readers saw the fallback's (empty) thread first.
onDefaultAdapterChange(() => {
  if (fellBack && getDefaultAdapter()) {
    tellDeveloper(
      'late-default',
      'Colloquy.setDefaultAdapter() came after the page had loaded, when a section had already fallen back to this browser\'s storage; it now uses the adapter given, ' +
        'but readers first saw the fallback. Call it before DOMContentLoaded (in a deferred or module script that runs before it), or set the section\'s `adapter` property.',
    );
  }
});

/** The adapter for an element with these settings, or null while still waiting for the page. */
export function adapterFor(own: CommentsAdapter | null, api: string | null): CommentsAdapter | null {
  if (own) return own;
  if (api !== null && api.trim() !== '') return restAdapterFor(api.trim());
  const chosen = getDefaultAdapter() ?? (pageSettled ? fallback : null);
  if (chosen && chosen === fallback) fellBack = true;
  return chosen;
}

/** Resolves when `adapterFor` may have an answer: after the page settled and the fallback's code arrived. */
export function waitForAdapter(): Promise<unknown> {
  return pageSettled ? fallbackAdapter() : whenPageSettled();
}

/**
 * Re-renders its host whenever the page-wide default adapter changes (`setDefaultAdapter`), as
 * long as the host has no adapter of its own: a late registration still reaches every element.
 */
export class DefaultAdapterController implements ReactiveController {
  private stop: (() => void) | null = null;

  constructor(private readonly host: ReactiveControllerHost & { adapter: CommentsAdapter | null }) {
    host.addController(this);
  }

  hostConnected(): void {
    this.stop = onDefaultAdapterChange(() => {
      if (!this.host.adapter) this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.stop?.();
    this.stop = null;
  }
}
