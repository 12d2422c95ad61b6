/**
 * The comment section's one template (`<colloquy-comments>` renders it; so does the reader stage
 * of the script-tag path before the section's own code has arrived, src/reader.ts).
 */
import { html, nothing } from 'lit/html.js';
import type { CommentsAdapter, SortOrder } from '../../core/adapter.js';
import type { DraftStore } from '../../core/drafts.js';
import type { CommentNode, LoadStatus } from '../../core/tree.js';
import type { Localizer } from '../../i18n/index.js';
import { isRtl } from '../../i18n/catalogs.js';
import { FORM_EXPORTS } from '../comment/render.js';
import { LIKE_PARTS } from '../like-prompt/like-template.js';
import { LIST_PARTS } from '../comment-list/list-template.js';
import { linkButton, tokens } from '../shared/tokens.styles.js';
import styles from './comments.styles.js';

/** The style sheets of the element this template renders (the reader stage adopts the same ones). */
export const SECTION_STYLES = [tokens, linkButton, styles];

const LIKE_EXPORTS = LIKE_PARTS.join(', ');
const LIST_EXPORTS = LIST_PARTS.join(', ');

/** Everything the section's template reads. */
export interface SectionView {
  l: Localizer;
  thread: string;
  /** The "Comment Policy" link, checked (null: none). */
  policy: string | null;
  /** The adapter the like prompt votes through (null until the section's code has arrived). */
  likeAdapter: CommentsAdapter | null;
  status: LoadStatus;
  /** Comments in the thread, once loaded. */
  count: number;
  nodes: readonly CommentNode[];
  errorMessage: string;
  hasMore: boolean;
  loadingMore: boolean;
  newCount: number;
  canLike: boolean;
  canEdit: boolean;
  canDelete: boolean;
  canReport: boolean;
  sort: SortOrder;
  onSort?: (e: Event) => void;
  drafts: DraftStore | null;
  offline: boolean;
  maxlength: number;
  /** Required fields, joined. */
  required: string;
  /** Commenting could not be loaded (reader stage only): why, and "Try again". */
  stageError?: { message: string; retry: () => void } | null;
}

function renderSort(v: SectionView) {
  if (!v.canLike) return nothing;
  const l = v.l;
  const options: [SortOrder, string][] = [
    ['oldest', l.t('sortOldest')],
    ['newest', l.t('sortNewest')],
    ['liked', l.t('sortLiked')],
  ];
  return html`<label part="sort-label" class="sort">${l.t('sortLabel')} <select part="sort" aria-controls="list" @change=${v.onSort}>${options.map(
    ([value, label]) => html`<option value=${value} ?selected=${value === v.sort}>${label}</option>`,
  )}</select></label>`;
}

/** The section: like prompt, count, policy and required note, the form, the sort and the list. */
export function renderSection(v: SectionView) {
  const l = v.l;
  const heading = v.status === 'ready' ? l.plural('commentCount', v.count) : l.t('sectionLabel');
  return html`<section part="base" aria-labelledby="count" lang=${l.locale} dir=${isRtl(l.locale) ? 'rtl' : 'ltr'}><colloquy-like-prompt exportparts=${LIKE_EXPORTS} .thread=${v.thread} .adapter=${v.likeAdapter} .localizer=${l}></colloquy-like-prompt><h2 id="count" part="count" class="count">${heading}</h2><div part="form-header" class="form-header">${v.policy
    ? html`<a part="policy-link" class="policy" href=${v.policy}>${l.t('policyLink')}</a>`
    : nothing}<p part="required-note" class="required-note"><span aria-hidden="true" class="mark">*</span> ${l.t('requiredNote')}</p></div>${v.stageError
    ? html`<p part="stage-error" class="stage-error" role="alert">${v.stageError.message} <button type="button" class="link-button" @click=${v.stageError.retry}>${l.t('retry')}</button></p>`
    : nothing}<colloquy-comment-form part="main-form" exportparts=${FORM_EXPORTS} .drafts=${v.drafts} .offline=${v.offline} .maxlength=${v.maxlength} .required=${v.required} .localizer=${l}></colloquy-comment-form>${renderSort(v)}<colloquy-comment-list id="list" exportparts=${LIST_EXPORTS} .canLike=${v.canLike} .canEdit=${v.canEdit} .canDelete=${v.canDelete} .canReport=${v.canReport} .newCount=${v.newCount} .nodes=${v.nodes} .status=${v.status} .errorMessage=${v.errorMessage} .hasMore=${v.hasMore} .loadingMore=${v.loadingMore} .drafts=${v.drafts} .offline=${v.offline} .maxlength=${v.maxlength} .required=${v.required} .localizer=${l}></colloquy-comment-list></section>`;
}
