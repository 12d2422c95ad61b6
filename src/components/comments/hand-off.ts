/**
 * A section's first page, fetched before `<colloquy-comments>`'s own code arrived (by the reader
 * stage of the script-tag path, src/reader.ts), handed to the element when it takes over: its
 * ThreadStore starts from it (`hydrate`) instead of asking again and showing "Loading" between.
 */
import type { CommentsAdapter, SortOrder } from '../../core/adapter.js';

/** Where a first page came from and what was asked. */
export interface FirstPage {
  /** The `adapter` property it was asked of, or the `api` base URL. */
  source: CommentsAdapter | string;
  thread: string;
  pageSize: number;
  sort: SortOrder;
  page: unknown;
}

const pages = new WeakMap<Element, FirstPage>();

/** Leaves `first` for section `el`. */
export function handFirstPage(el: Element, first: FirstPage): void {
  pages.set(el, first);
}

/** The page left for `el`, if it answers the same question; taken once. */
export function takeFirstPage(el: Element, ask: Omit<FirstPage, 'page'>): unknown {
  const first = pages.get(el);
  pages.delete(el);
  if (!first || first.source !== ask.source || first.thread !== ask.thread || first.pageSize !== ask.pageSize || first.sort !== ask.sort) return undefined;
  return first.page;
}
