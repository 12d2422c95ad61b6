import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { CommentNode, LoadStatus } from '../../core/thread.js';
import { CommentHost } from '../comment/comment-host.js';
import { COMMENT_PARTS } from '../comment/render.js';
import commentStyles from '../comment/comment.styles.js';
import { emit } from '../shared/events.js';
import { fieldFooter, linkButton, tokens } from '../shared/tokens.styles.js';
import styles from './comment-list.styles.js';

/** Parts of the list, including every comment part (comments render in the list's own root). */
export const LIST_PARTS = ['list', 'skeleton', 'empty', 'list-error', 'retry-button', 'load-more', 'new-comments', ...COMMENT_PARTS];

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
  static override styles = [tokens, linkButton, fieldFooter, commentStyles, styles];

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

  private renderState() {
    const l = this.localizer;
    if (this.status === 'loading') {
      // A first load shows a skeleton; a reload keeps the comments (and any open reply form) in place.
      return html`${this.nodes.length === 0
        ? html`<div part="skeleton" class="skeleton" aria-hidden="true">${[0, 1, 2].map(() => html`<div class="bone"><span></span><span></span><span></span></div>`)}</div>`
        : nothing}<p class="visually-hidden" role="status">${l.t('loading')}</p>`;
    }
    if (this.status === 'error') {
      return html`<div part="list-error" class="error" role="alert"><p>${this.errorMessage}</p><button part="retry-button" type="button" class="link-button" @click=${() => emit(this, 'colloquy-retry', {})}>${l.t('retry')}</button></div>`;
    }
    if (this.nodes.length === 0) return html`<p part="empty" class="empty" tabindex="-1">${l.t('empty')}</p>`;
    return nothing;
  }

  protected override render() {
    const l = this.localizer;
    const ready = this.status === 'ready';
    const busy = this.status === 'loading' || this.loadingMore;
    const ctx = this.context(this.hasMore ? -1 : this.nodes.length);
    return html`${this.renderState()}<div class="new-comments" role="status">${this.newCount > 0
      ? html`<button part="new-comments" type="button" aria-controls="feed" @click=${() => emit(this, 'colloquy-show-new', {})}>${l.plural('newComments', this.newCount)}</button>`
      : nothing}</div>${busy || this.nodes.length > 0
      ? html`<div id="feed" part="list" role="feed" aria-busy=${busy ? 'true' : 'false'} aria-label=${l.t('sectionLabel')}>${repeat(
          this.nodes,
          (n) => n.comment.id,
          (n, i) => this.renderShown(n, i, ctx, i + 1),
        )}</div>`
      : nothing}${ready && this.errorMessage ? html`<p part="list-error" class="error" role="alert">${this.errorMessage}</p>` : nothing}${ready && this.hasMore
      ? html`<button part="load-more" type="button" class="load-more" aria-disabled=${this.loadingMore ? 'true' : 'false'} @click=${() => !this.loadingMore && emit(this, 'colloquy-load-more', {})}>${this.loadingMore
          ? l.t('loadingMore')
          : this.errorMessage
            ? l.t('retry')
            : l.t('loadMore')}</button>`
      : nothing}<p class="visually-hidden" role="status">${this.announcement}</p>`;
  }
}
