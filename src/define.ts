/**
 * Registers every Colloquy element. Safe to run twice (a page that loads the script twice,
 * or the ESM package next to the script tag): an already-defined tag is left alone.
 * `<colloquy-moderation>` is defined on demand by `loadModeration()` (src/index.ts defines it at once).
 */
import { ColloquyCharCounter } from './components/char-counter/char-counter.js';
import { ColloquyComment } from './components/comment/comment.js';
import { ColloquyCommentForm } from './components/comment-form/comment-form.js';
import { ColloquyCommentList } from './components/comment-list/comment-list.js';
import { ColloquyComments } from './components/comments/comments.js';
import { ColloquyCount } from './components/count/count.js';
import { ColloquyLikePrompt } from './components/like-prompt/like-prompt.js';
import type { ColloquyModeration } from './components/moderation/moderation.js';

/** Tag names and their classes. */
export const elements = {
  'colloquy-char-counter': ColloquyCharCounter,
  'colloquy-comment-form': ColloquyCommentForm,
  'colloquy-comment': ColloquyComment,
  'colloquy-comment-list': ColloquyCommentList,
  'colloquy-like-prompt': ColloquyLikePrompt,
  'colloquy-comments': ColloquyComments,
  'colloquy-count': ColloquyCount,
} as const;

/** Defines one element unless the tag is already taken. */
export function define(tag: string, ctor: CustomElementConstructor): void {
  if (typeof customElements === 'undefined' || customElements.get(tag)) return;
  customElements.define(tag, ctor);
}

/** Defines every Colloquy element (idempotent). */
export function defineAll(): void {
  for (const [tag, ctor] of Object.entries(elements)) define(tag, ctor);
}

defineAll();

/**
 * Fetches `<colloquy-moderation>` (a moderator's page needs it; readers' pages never do: on the
 * script-tag path it is a separate chunk) and defines it. Resolves with its class.
 */
export async function loadModeration(): Promise<typeof import('./components/moderation/moderation.js').ColloquyModeration> {
  const { ColloquyModeration: ctor } = await import('./components/moderation/moderation.js');
  define('colloquy-moderation', ctor);
  return ctor;
}

declare global {
  interface HTMLElementTagNameMap {
    'colloquy-char-counter': ColloquyCharCounter;
    'colloquy-comment-form': ColloquyCommentForm;
    'colloquy-comment': ColloquyComment;
    'colloquy-comment-list': ColloquyCommentList;
    'colloquy-like-prompt': ColloquyLikePrompt;
    'colloquy-comments': ColloquyComments;
    'colloquy-count': ColloquyCount;
    'colloquy-moderation': ColloquyModeration;
  }
}
