/**
 * Test helpers: reach elements through the public styling contract (parts), across nested
 * shadow roots, and wait until every nested Lit element has rendered.
 */
import { fixture, html } from '@open-wc/testing';
import type { LitElement } from 'lit';
import type { ColloquyComments } from '../../src/components/comments/comments.js';
import type { ColloquyCommentList } from '../../src/components/comment-list/comment-list.js';
import type { CommentsAdapter } from '../../src/core/adapter.js';
import { MemoryAdapter, type SeedComment } from '../../src/adapters/memory.js';
import { MapStorage } from '../../src/core/storage.js';

/** Every shadow root under `root`, depth first (including `root`'s own). Each is visited once. */
export function shadowRoots(root: Element | ShadowRoot): ShadowRoot[] {
  const out: ShadowRoot[] = [];
  const walk = (scope: Element | ShadowRoot): void => {
    // querySelectorAll('*') already covers every element of this tree (not of nested shadow trees).
    for (const el of scope.querySelectorAll('*')) {
      if (el.shadowRoot) {
        out.push(el.shadowRoot);
        walk(el.shadowRoot);
      }
    }
  };
  if (root instanceof Element && root.shadowRoot) {
    out.push(root.shadowRoot);
    walk(root.shadowRoot);
  }
  walk(root);
  return out;
}

/** All elements matching `selector` in any shadow root under `root`. */
export function deepQueryAll<T extends Element = HTMLElement>(root: Element, selector: string): T[] {
  return shadowRoots(root).flatMap((sr) => [...sr.querySelectorAll<T>(selector)]);
}

/** The first element matching `selector` in any shadow root under `root` (throws when none). */
export function deepQuery<T extends Element = HTMLElement>(root: Element, selector: string): T {
  const found = deepQueryAll<T>(root, selector)[0];
  if (!found) throw new Error(`no element matches ${selector}`);
  return found;
}

/** Elements with part `name` anywhere under `root`. */
export function parts<T extends Element = HTMLElement>(root: Element, name: string): T[] {
  return deepQueryAll<T>(root, `[part~="${name}"]`);
}

/** The first element with part `name` (throws when none). */
export function part<T extends Element = HTMLElement>(root: Element, name: string): T {
  return deepQuery<T>(root, `[part~="${name}"]`);
}

/**
 * Comments are templates rendered into one shadow root (the list's, or a standalone
 * `<colloquy-comment>`'s): each is an `<article part="comment …" data-id>`, and a reply's article
 * is inside its parent's. These helpers tell a comment's own elements from its replies'.
 */

/** The `<colloquy-comment-list>` of a `<colloquy-comments>` section (throws when none). */
export function commentList(section: Element): ColloquyCommentList {
  const list = section.shadowRoot?.querySelector<ColloquyCommentList>('colloquy-comment-list');
  if (!list) throw new Error('no colloquy-comment-list');
  return list;
}

/** Every comment's `<article>` under `root` (replies and placeholders too), in document order. */
export function commentArticles(root: Element): HTMLElement[] {
  return deepQueryAll(root, 'article[part~="comment"]');
}

/** The articles of the top-level comments of a section (the feed's children). */
export function topArticles(section: Element): HTMLElement[] {
  return [...part(section, 'list').querySelectorAll<HTMLElement>(':scope > article[part~="comment"]')];
}

/** The id of the comment an article shows. */
export function commentId(article: Element): string {
  const id = (article as HTMLElement).dataset.id;
  if (id === undefined) throw new Error(`${describeElement(article)} is not a comment`);
  return id;
}

/** The parts `name` of the comment `article` itself (not of its nested replies). */
export function ownParts<T extends Element = HTMLElement>(article: Element, name: string): T[] {
  return [...article.querySelectorAll<T>(`[part~="${name}"]`)].filter((el) => el.closest('article') === article);
}

/** The first part `name` of the comment `article` itself (not of its nested replies), or null. */
export function ownPart<T extends Element = HTMLElement>(article: Element, name: string): T | null {
  return ownParts<T>(article, name)[0] ?? null;
}

/**
 * The article of the comment whose own body (not a reply's) contains `text` (or, while it is
 * being edited, whose edit box does). Throws when there is none.
 */
export function commentArticle(root: Element, text: string): HTMLElement {
  const found = commentArticles(root).find((a) => {
    const shown = ownPart(a, 'body')?.textContent ?? ownPart<HTMLTextAreaElement>(a, 'edit-textarea')?.value;
    return shown?.includes(text);
  });
  if (!found) throw new Error(`no comment says "${text}"`);
  return found;
}

/** The element with DOM id `id` in the same (shadow) root as `el`. */
export function byIdBeside(el: Element, id: string): HTMLElement | null {
  return (el.getRootNode() as Document | ShadowRoot).getElementById(id);
}

/** The elements an `aria-describedby` (or another id list) of `el` points at, resolved in its root (null for a missing id). */
export function describedBy(el: Element, attribute = 'aria-describedby'): (HTMLElement | null)[] {
  const ids = (el.getAttribute(attribute) ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => byIdBeside(el, id));
}

/** Waits until `root` and every Lit element inside it has finished updating (a few rounds). */
export async function settle(root: Element, rounds = 4): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const lits = [root, ...shadowRoots(root).flatMap((sr) => [...sr.querySelectorAll('*')])].filter(
      (el): el is LitElement => 'updateComplete' in el,
    );
    await Promise.all(lits.map((el) => el.updateComplete));
    await new Promise((r) => setTimeout(r, 0));
  }
}

/** Waits until `check` returns true (or fails after `timeout` ms). */
export async function until(check: () => boolean, what = 'condition', timeout = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The element that has focus, looking inside shadow roots. */
export function deepActiveElement(): Element | null {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

/** A thread shaped like the reference page's: 12 comments, oldest first. */
export function referenceThread(): SeedComment[] {
  return [
    { id: 'c1', body: 'exactly', authorName: null },
    { id: 'c2', body: 'A measured piece.\n\nThe second paragraph\nhas a line break.', authorName: 'Amira' },
    { id: 'c3', body: 'very true', authorName: null },
    { id: 'c4', body: 'I agree with the first comment.', authorName: 'Jonas', parentId: 'c1' },
    { id: 'c5', body: 'یہ ایک اچھا مضمون ہے', authorName: 'عائشہ' },
    { id: 'c6', body: 'Thanks for the clear report 👍🏽 “well done”', authorName: 'Lee' },
    { id: 'c7', body: 'The same words twice.', authorName: 'Sam' },
    { id: 'c8', body: 'Reply to a reply.', authorName: 'Kim', parentId: 'c4' },
    { id: 'c9', body: 'The same words twice.', authorName: 'Sam' },
    { id: 'c10', body: 'Deeper still.', authorName: 'Ola', parentId: 'c8' },
    { id: 'c11', body: 'Deepest one.', authorName: 'Per', parentId: 'c10' },
    { id: 'c12', body: 'Last word.', authorName: 'Noor' },
  ];
}

/** A MemoryAdapter seeded with `comments` for thread "t1", persisted to a private MapStorage. */
export function seeded(comments: SeedComment[] = referenceThread(), options: ConstructorParameters<typeof MemoryAdapter>[0] = {}): MemoryAdapter {
  return new MemoryAdapter({ seed: { t1: comments }, persist: 'test', storage: new MapStorage(), ...options });
}

/** Collects uncaught errors and unhandled rejections while a test runs. */
export function watchErrors(): { errors: unknown[]; stop: () => void } {
  const errors: unknown[] = [];
  const onError = (e: ErrorEvent): void => void errors.push(e.error ?? e.message);
  const onRejection = (e: PromiseRejectionEvent): void => void errors.push(e.reason);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    errors,
    stop: () => {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
}

/** A short description of an element for failure messages (never the element itself: chai would try to serialize it). */
export function describeElement(el: Element | null | undefined): string {
  if (!el) return 'nothing';
  const part = el.getAttribute('part');
  return `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}${part ? ` part="${part}"` : ''}>`;
}

/** Asserts that `el` has focus (compared by identity, reported by description). */
export function expectFocus(el: Element | null | undefined, what = describeElement(el)): void {
  const active = deepActiveElement();
  if (active !== el) throw new Error(`expected focus on ${what}, but it is on ${describeElement(active)}`);
}

/** Asserts that two elements are the same one, without handing elements to chai. */
export function expectSame(actual: Element | null | undefined, expected: Element | null | undefined, what = 'element'): void {
  if (actual !== expected) throw new Error(`expected ${what} to be ${describeElement(expected)}, got ${describeElement(actual)}`);
}

/** A `<colloquy-comments>` on `adapter`, once its first load has ended (loaded or failed) and everything rendered. */
export async function loadedSection(adapter: CommentsAdapter, thread = 't1'): Promise<ColloquyComments> {
  const el = await fixture<ColloquyComments>(html`<colloquy-comments thread=${thread} .adapter=${adapter}></colloquy-comments>`);
  await until(() => el.threadStore?.status !== 'loading', 'load');
  await settle(el);
  return el;
}
