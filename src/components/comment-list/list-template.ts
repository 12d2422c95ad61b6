/**
 * The thread list's one template (`<colloquy-comment-list>` and the reader stage render it):
 * the loading, empty and error states, "N new comments — show", the feed of comments (each by
 * `renderComment()`, through the host's `item`), and "Load more comments".
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { repeat } from 'lit/directives/repeat.js';
import type { CommentNode, LoadStatus } from '../../core/tree.js';
import type { Localizer } from '../../i18n/index.js';
import { COMMENT_PARTS } from '../comment/render.js';
import commentStyles from '../comment/comment.styles.js';
import { fieldFooter, linkButton, tokens } from '../shared/tokens.styles.js';
import styles from './comment-list.styles.js';

/** The style sheets of the element this template renders (the reader stage adopts the same ones). */
export const LIST_STYLES = [tokens, linkButton, fieldFooter, commentStyles, styles];

/** Parts of the list, including every comment part (comments render in the list's own root). */
export const LIST_PARTS = ['list', 'skeleton', 'empty', 'list-error', 'retry-button', 'load-more', 'new-comments', ...COMMENT_PARTS];

/** The list's handlers (none in the reader stage: its clicks wait for the interaction stage). */
export interface ListHandlers {
  retry?: () => void;
  showNew?: () => void;
  loadMore?: () => void;
}

/** Everything the list's template reads. */
export interface ListView {
  l: Localizer;
  status: LoadStatus;
  nodes: readonly CommentNode[];
  errorMessage: string;
  hasMore: boolean;
  loadingMore: boolean;
  newCount: number;
  announcement: string;
  /** Renders top-level comment `node` at `index`. */
  item: (node: CommentNode, index: number) => unknown;
  on: ListHandlers;
}

function renderState(v: ListView): TemplateResult | typeof nothing {
  const l = v.l;
  if (v.status === 'loading') {
    // A first load shows a skeleton; a reload keeps the comments (and any open reply form) in place.
    return html`${v.nodes.length === 0
      ? html`<div part="skeleton" class="skeleton" aria-hidden="true">${[0, 1, 2].map(() => html`<div class="bone"><span></span><span></span><span></span></div>`)}</div>`
      : nothing}<p class="visually-hidden" role="status">${l.t('loading')}</p>`;
  }
  if (v.status === 'error') {
    return html`<div part="list-error" class="error" role="alert"><p>${v.errorMessage}</p><button part="retry-button" type="button" class="link-button" @click=${v.on.retry}>${l.t('retry')}</button></div>`;
  }
  if (v.nodes.length === 0) return html`<p part="empty" class="empty" tabindex="-1">${l.t('empty')}</p>`;
  return nothing;
}

/** The whole list. */
export function renderList(v: ListView) {
  const l = v.l;
  const ready = v.status === 'ready';
  const busy = v.status === 'loading' || v.loadingMore;
  return html`${renderState(v)}<div class="new-comments" role="status">${v.newCount > 0
    ? html`<button part="new-comments" type="button" aria-controls="feed" @click=${v.on.showNew}>${l.plural('newComments', v.newCount)}</button>`
    : nothing}</div>${busy || v.nodes.length > 0
    ? html`<div id="feed" part="list" role="feed" aria-busy=${busy ? 'true' : 'false'} aria-label=${l.t('sectionLabel')}>${repeat(v.nodes, (n) => n.comment.id, v.item)}</div>`
    : nothing}${ready && v.errorMessage ? html`<p part="list-error" class="error" role="alert">${v.errorMessage}</p>` : nothing}${ready && v.hasMore
    ? html`<button part="load-more" type="button" class="load-more" aria-disabled=${v.loadingMore ? 'true' : 'false'} @click=${v.on.loadMore}>${v.loadingMore
        ? l.t('loadingMore')
        : v.errorMessage
          ? l.t('retry')
          : l.t('loadMore')}</button>`
    : nothing}<p class="visually-hidden" role="status">${v.announcement}</p>`;
}
