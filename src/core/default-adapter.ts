/**
 * The page-wide default adapter: `setDefaultAdapter()` registers one for every section on the
 * page that was not given its own. Sections subscribe, so a late registration still applies.
 * DOM-free.
 */
import type { CommentsAdapter } from './adapter.js';

let current: CommentsAdapter | null = null;
const listeners = new Set<() => void>();

/** Registers the adapter used by every `<colloquy-comments>` without an `adapter` property. */
export function setDefaultAdapter(adapter: CommentsAdapter | null): void {
  current = adapter;
  for (const fn of [...listeners]) fn();
}

/** The adapter registered with `setDefaultAdapter`, or null. */
export function getDefaultAdapter(): CommentsAdapter | null {
  return current;
}

/** Calls `fn` whenever the default adapter changes; returns the unsubscribe function. */
export function onDefaultAdapterChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
