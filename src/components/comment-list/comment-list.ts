import { LitElement, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { DraftStore } from '../../core/drafts.js';
import { DEFAULT_MAX_LENGTH } from '../../core/text.js';
import type { CommentNode, LoadStatus } from '../../core/thread.js';
import { defaultLocalizer, type Localizer } from '../../i18n/index.js';
import { COMMENT_EXPORTS, COMMENT_PARTS, type ColloquyComment } from '../comment/comment.js';
import { emit } from '../shared/events.js';
import { maxLengthAttribute } from '../shared/attributes.js';
import { linkButton, tokens } from '../shared/tokens.styles.js';
import styles from './comment-list.styles.js';

/** Parts of the list, including every comment part it re-exports. */
export const LIST_PARTS = ['list', 'skeleton', 'empty', 'list-error', 'retry-button', 'load-more', 'new-comments', ...COMMENT_PARTS];

/**
 * The thread: a feed of top-level comments (each with its nested replies), with loading,
 * empty and error states and a "Load more" button.
 *
 * @tagname colloquy-comment-list
 * @summary The list of comments.
 *
 * @fires colloquy-retry - The reader pressed "Try again" after a failed load.
 * @fires colloquy-load-more - The reader asked for the next page.
 * @fires colloquy-show-new - The reader asked to see the comments live updates brought ("3 new comments — show").
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
 */
export class ColloquyCommentList extends LitElement {
  static override styles = [tokens, linkButton, styles];

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

  /** Maximum reply length. */
  @property({ converter: maxLengthAttribute }) maxlength = DEFAULT_MAX_LENGTH;

  /** Required fields of reply forms. */
  @property() required = 'name email';

  /** Strings and formats. */
  @property({ attribute: false }) localizer: Localizer = defaultLocalizer();

  /** Where reply drafts are kept. */
  @property({ attribute: false }) drafts: DraftStore | null = null;

  /** True while the browser is offline. */
  @property({ type: Boolean }) offline = false;

  /** Show each comment's Like button and count (the adapter supports comment likes). */
  @property({ attribute: false }) canLike = false;

  /** Show "Edit" on the reader's own comments while they may change (the adapter supports editing). */
  @property({ attribute: false }) canEdit = false;

  /** Show "Delete" on the reader's own comments while they may change (the adapter supports deleting). */
  @property({ attribute: false }) canDelete = false;

  /** Show "Report" on other people's comments (the adapter takes reports). */
  @property({ attribute: false }) canReport = false;

  /** Comments live updates brought that are not shown yet. */
  @property({ attribute: false }) newCount = 0;

  /** Finds the element showing comment `id`, searching nested replies. */
  async findComment(id: string): Promise<ColloquyComment | null> {
    await this.updateComplete;
    for (const el of this.renderRoot.querySelectorAll<ColloquyComment>('[part~="list"] > colloquy-comment')) {
      const found = await el.findComment(id);
      if (found) return found;
    }
    return null;
  }

  private renderState() {
    const l = this.localizer;
    if (this.status === 'loading') {
      // A first load shows a skeleton; a reload keeps the comments (and any open reply form) in place.
      return html`${this.nodes.length === 0
          ? html`<div part="skeleton" class="skeleton" aria-hidden="true">
              ${[0, 1, 2].map(() => html`<div class="bone"><span></span><span></span><span></span></div>`)}
            </div>`
          : nothing}
        <p class="visually-hidden" role="status">${l.t('loading')}</p>`;
    }
    if (this.status === 'error') {
      return html`<div part="list-error" class="error" role="alert">
        <p>${this.errorMessage}</p>
        <button part="retry-button" type="button" class="link-button" @click=${() => emit(this, 'colloquy-retry', {})}>
          ${l.t('retry')}
        </button>
      </div>`;
    }
    if (this.nodes.length === 0) return html`<p part="empty" class="empty">${l.t('empty')}</p>`;
    return nothing;
  }

  protected override render() {
    const l = this.localizer;
    const ready = this.status === 'ready';
    const busy = this.status === 'loading' || this.loadingMore;
    const setsize = this.hasMore ? -1 : this.nodes.length;
    return html`
      ${this.renderState()}
      <div class="new-comments" role="status">
        ${this.newCount > 0
          ? html`<button part="new-comments" type="button" aria-controls="feed" @click=${() => emit(this, 'colloquy-show-new', {})}>
              ${l.plural('newComments', this.newCount)}
            </button>`
          : nothing}
      </div>
      ${busy || this.nodes.length > 0
        ? html`<div id="feed" part="list" role="feed" aria-busy=${busy ? 'true' : 'false'} aria-label=${l.t('sectionLabel')}>
            ${repeat(
              this.nodes,
              (n) => n.comment.id,
              (n, i) => html`<colloquy-comment
                exportparts=${COMMENT_EXPORTS}
                .node=${n}
                .posinset=${i + 1}
                .setsize=${setsize}
                .maxlength=${this.maxlength}
                .required=${this.required}
                .localizer=${this.localizer}
                .drafts=${this.drafts}
                .offline=${this.offline}
                .canLike=${this.canLike}
                .canEdit=${this.canEdit}
                .canDelete=${this.canDelete}
                .canReport=${this.canReport}
              ></colloquy-comment>`,
            )}
          </div>`
        : nothing}
      ${ready && this.errorMessage ? html`<p part="list-error" class="error" role="alert">${this.errorMessage}</p>` : nothing}
      ${ready && this.hasMore
        ? html`<button
            part="load-more"
            type="button"
            class="load-more"
            aria-disabled=${this.loadingMore ? 'true' : 'false'}
            @click=${() => !this.loadingMore && emit(this, 'colloquy-load-more', {})}
          >
            ${this.loadingMore ? l.t('loadingMore') : this.errorMessage ? l.t('retry') : l.t('loadMore')}
          </button>`
        : nothing}
    `;
  }
}
