/**
 * Registers every Colloquy element. Safe to run twice (a page that loads the script twice,
 * or the ESM package next to the script tag): an already-defined tag is left alone.
 */
import { ColloquyCharCounter } from './components/char-counter/char-counter.js';
import { ColloquyComment } from './components/comment/comment.js';
import { ColloquyCommentForm } from './components/comment-form/comment-form.js';
import { ColloquyCommentList } from './components/comment-list/comment-list.js';
import { ColloquyComments } from './components/comments/comments.js';
import { ColloquyLikePrompt } from './components/like-prompt/like-prompt.js';

/** Tag names and their classes. */
export const elements = {
  'colloquy-char-counter': ColloquyCharCounter,
  'colloquy-comment-form': ColloquyCommentForm,
  'colloquy-comment': ColloquyComment,
  'colloquy-comment-list': ColloquyCommentList,
  'colloquy-like-prompt': ColloquyLikePrompt,
  'colloquy-comments': ColloquyComments,
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

declare global {
  interface HTMLElementTagNameMap {
    'colloquy-char-counter': ColloquyCharCounter;
    'colloquy-comment-form': ColloquyCommentForm;
    'colloquy-comment': ColloquyComment;
    'colloquy-comment-list': ColloquyCommentList;
    'colloquy-like-prompt': ColloquyLikePrompt;
    'colloquy-comments': ColloquyComments;
  }
}
