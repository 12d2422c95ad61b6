import { property } from 'lit/decorators.js';
import type { CommentNode, LoadStatus } from '../../core/tree.js';
import { CommentHost } from '../comment/comment-host.js';
import { emit } from '../shared/events.js';
import { renderList, type ListHandlers, LIST_STYLES } from './list-template.js';

export { LIST_PARTS } from './list-template.js';

/**
 * The thread: a feed of top-level comments (each with its nested replies), with loading,
 * empty and error states and a "Load more" button. Every comment is rendered by one template
 * function into this element's one shadow root (no element per comment); each top-level comment
 * skips layout and paint while off screen (`content-visibility: auto`). Reply, edit, delete and
 * report forms exist only while open. The list only raises events: whoever owns the adapter
 * (normally `<colloquy-comments>`) acts, then calls `finishAction()`, `showActionError()` or
 * `showLikeError()` with the comment's id.
 *
 * @tagname colloquy-comment-list
 * @summary The list of comments.
 *
 * @fires colloquy-retry - The reader pressed "Try again" after a failed load.
 * @fires colloquy-load-more - The reader asked for the next page.
 * @fires colloquy-show-new - The reader asked to see the comments live updates brought ("3 new comments — show").
 * @fires colloquy-reply-open - The reader opened the reply form of a comment. `detail`: `{ commentId }`.
 * @fires colloquy-load-replies - The reader asked for more replies of a (top-level) comment. `detail`: `{ commentId }`.
 * @fires colloquy-like-comment - The reader liked a comment, or took the like back. `detail`: `{ commentId, liked }`.
 * @fires colloquy-edit-comment - The reader saved a new text for their comment. `detail`: `{ commentId, body }`.
 * @fires colloquy-delete-comment - The reader confirmed deleting their comment. `detail`: `{ commentId }`.
 * @fires colloquy-report-comment - The reader sent a report. `detail`: `{ commentId, reason, details }`.
 *
 * @csspart list - The feed element holding the comments (present while loading and when there are comments).
 * @csspart skeleton - The placeholder shown while the first page loads.
 * @csspart empty - The "Be the first to comment" message.
 * @csspart list-error - The message shown when loading failed.
 * @csspart retry-button - "Try again".
 * @csspart load-more - The "Load more comments" button.
 * @csspart new-comments - "3 new comments — show", at the top of the list when live updates brought comments; they are shown only when it is pressed. It takes no room and stays in view while the reader scrolls through the list.
 *
 * @cssprop --colloquy-skeleton-color - Color of the loading placeholder bars.
 * @cssprop --colloquy-new-comments-top - How far from the top of the viewport the "new comments" button stays while scrolling (default `--colloquy-space-5`).
 * @cssprop --colloquy-comment-size - Height a top-level comment is assumed to have before it is first drawn (default 8rem; then its real height is remembered).
 */
export class ColloquyCommentList extends CommentHost {
  static override styles = LIST_STYLES;

  /** Top-level comments with their replies. */
  @property({ attribute: false }) nodes: CommentNode[] = [];

  /** Loading state of the first page. */
  @property({ reflect: true }) status: LoadStatus = 'ready';

  /** The reader-facing error when `status` is `error`, or a failed "Load more". */
  @property({ attribute: false }) errorMessage = '';

  /** True when the backend has more pages. */
  @property({ type: Boolean, attribute: 'has-more' }) hasMore = false;

  /** True while the next page loads. */
  @property({ type: Boolean, attribute: 'loading-more' }) loadingMore = false;

  /** Comments live updates brought that are not shown yet. */
  @property({ attribute: false }) newCount = 0;

  /** A polite announcement (e.g. "20 more comments loaded"), read once by screen readers. */
  @property({ attribute: false }) announcement = '';

  protected get shown(): readonly CommentNode[] {
    return this.nodes;
  }

  private readonly handlers: ListHandlers = {
    retry: () => emit(this, 'colloquy-retry', {}),
    showNew: () => emit(this, 'colloquy-show-new', {}),
    loadMore: () => !this.loadingMore && emit(this, 'colloquy-load-more', {}),
  };

  protected override render() {
    const ctx = this.context(this.hasMore ? -1 : this.nodes.length);
    return renderList({
      l: this.localizer,
      status: this.status,
      nodes: this.nodes,
      errorMessage: this.errorMessage,
      hasMore: this.hasMore,
      loadingMore: this.loadingMore,
      newCount: this.newCount,
      announcement: this.announcement,
      item: (n, i) => this.renderShown(n, i, ctx, i + 1),
      on: this.handlers,
    });
  }
}
