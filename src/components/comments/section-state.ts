/**
 * What a section reads from its page before it renders, shared by `<colloquy-comments>` and the
 * reader stage of the script-tag path (src/reader.ts): its inline messages and the remembered sort
 * (its language: shared/lang.ts).
 */
import type { SortOrder } from '../../core/adapter.js';
import { browserStorage, readJson } from '../../core/storage.js';
import { validateCatalog } from '../../i18n/catalogs.js';
import type { Messages } from '../../i18n/index.js';

/** Where the reader's sort order is remembered, for every thread on the site. */
export const SORT_KEY = 'colloquy:sort';
const SORTS: readonly SortOrder[] = ['oldest', 'newest', 'liked'];

/** The reader's remembered sort order, or 'oldest'. */
export function readSort(): SortOrder {
  const saved = readJson(browserStorage(), SORT_KEY);
  return SORTS.includes(saved as SortOrder) ? (saved as SortOrder) : 'oldest';
}

/** "Most liked" needs likes: a remembered choice falls back to oldest for a backend without them. */
export function sortFor(sort: SortOrder, canLike: boolean): SortOrder {
  return sort === 'liked' && !canLike ? 'oldest' : sort;
}

const warned = new WeakSet<Element>();

/** Messages from a `<script type="application/json">` child of the section (invalid JSON: none, said once). */
export function inlineMessages(el: Element): Partial<Messages> {
  const script = el.querySelector(':scope > script[type="application/json"]');
  if (!script) return {};
  try {
    return validateCatalog(JSON.parse(script.textContent ?? ''));
  } catch {
    if (!warned.has(el)) console.warn('[colloquy] the messages in <script type="application/json"> are not valid JSON; they are ignored.');
    warned.add(el);
    return {};
  }
}
