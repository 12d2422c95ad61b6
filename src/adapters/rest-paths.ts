/**
 * The HTTP API's addresses and the visitor id, shared by the RestAdapter and the reader stage of
 * the script-tag path (which fetches a thread's first page itself, before the adapter's code has
 * arrived, exactly as the adapter would).
 */
import { browserStorage, readJson, writeJson, type KeyValueStorage } from '../core/storage.js';
import type { ListOptions } from '../core/adapter.js';

/** The storage key of the visitor id. */
export const VISITOR_KEY = 'colloquy:visitor';

function randomId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return c?.randomUUID ? c.randomUUID() : `v-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** The visitor id kept in `storage`, created on first use. */
export function visitorIdFrom(storage: KeyValueStorage | null = browserStorage()): string {
  const saved = readJson(storage, VISITOR_KEY);
  if (typeof saved === 'string' && /^[\w-]{8,100}$/.test(saved)) return saved;
  const id = randomId();
  writeJson(storage, VISITOR_KEY, id);
  return id;
}

/** A base URL as the adapter uses it: no trailing slash. */
export function baseUrlOf(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** `/api/threads/{thread}` under `baseUrl`. */
export function threadPath(baseUrl: string, thread: string): string {
  return `${baseUrl}/api/threads/${encodeURIComponent(thread)}`;
}

/** The address of a page of comments. */
export function commentsUrl(baseUrl: string, thread: string, opts: ListOptions = {}): string {
  const q = new URLSearchParams();
  if (opts.limit !== undefined) q.set('limit', String(opts.limit));
  if (opts.sort) q.set('sort', opts.sort);
  if (opts.cursor) q.set('cursor', opts.cursor);
  const query = q.toString() ? `?${q}` : '';
  return `${threadPath(baseUrl, thread)}/comments${query}`;
}
