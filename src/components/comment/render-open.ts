/**
 * What opens under a comment, and only while open: the reply form, the edit form (in place of
 * the body), the delete confirmation, the report form and its thanks, a like error. Reached
 * through `RenderContext.panels` from `renderComment()` (render.ts), so that the reader stage
 * of the script-tag path, where nothing opens, carries none of it.
 */
import { html, nothing } from 'lit/html.js';
import { MAX_REPORT_DETAILS, REPORT_REASONS } from '../../core/contract.js';
import { replySlot } from '../../core/drafts.js';
import type { CommentNode } from '../../core/tree.js';
import { REASON_KEYS } from '../shared/report-reasons.js';
import { FORM_EXPORTS, type CommentView, type Derived, type FieldError, type Panels, type RenderContext } from './render.js';

/** What is open under a comment: a like error, a panel, the report thanks, the reply form. */
function renderOpen(node: CommentNode, d: Derived, view: CommentView, ctx: RenderContext) {
  const l = ctx.l;
  const c = node.comment;
  return html`${view.likeError ? html`<p part="comment-like-error" class="like-error" role="alert">${view.likeError}</p>` : nothing}${view.panel === 'delete'
    ? renderDeleteConfirm(node, d, view, ctx)
    : view.panel === 'report'
      ? renderReportForm(node, d, view, ctx)
      : nothing}${view.panel === 'report' || view.reportThanks
    ? html`<p part="report-status" class="report-status" role="status">${view.reportThanks ? l.t('reportSent') : ''}</p>`
    : nothing}${view.reply
    ? html`<colloquy-comment-form part="reply-form" exportparts=${FORM_EXPORTS} parent-id=${c.id} reply-to=${d.author} .drafts=${ctx.drafts} .draftSlot=${replySlot(c.id)} .offline=${ctx.offline} .maxlength=${ctx.maxlength} .required=${ctx.required} .localizer=${l}></colloquy-comment-form>`
    : nothing}`;
}

function fieldErrorOf(view: CommentView, field: FieldError['field'], ctx: RenderContext): string {
  return view.fieldError?.field === field ? ctx.l.t(view.fieldError.key, { max: ctx.maxlength }) : '';
}

const ids = (...list: (string | false)[]) => list.filter(Boolean).join(' ') || nothing;

function renderNotice(d: Derived, view: CommentView) {
  return html`<p id=${`${d.key}n`} part="notice" class="notice" role="status" ?hidden=${!view.notice}>${view.notice ?? ''}</p>`;
}

function renderEditForm(node: CommentNode, d: Derived, view: CommentView, ctx: RenderContext) {
  const l = ctx.l;
  const k = d.key;
  const saving = node.working === 'edit';
  const error = fieldErrorOf(view, 'edit', ctx);
  const text = view.editText ?? '';
  return html`<form part="edit-form" class="panel" data-form="edit" novalidate aria-busy=${saving ? 'true' : 'false'}><label part="edit-label" for=${`${k}e`}>${l.t('editLabel')}</label><textarea part="edit-textarea" id=${`${k}e`} data-field="edit" rows="4" required dir="auto" ?readonly=${saving} .value=${text} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${ids(error && `${k}ee`, !!view.notice && `${k}n`, !!view.actionError && `${k}x`, `${k}m`)}></textarea><div class="under"><p id=${`${k}ee`} part="error" class="error" ?hidden=${!error}>${error}</p><span id=${`${k}m`} class="visually-hidden">${l.t('counterLimit', { max: ctx.maxlength })}</span><colloquy-char-counter exportparts="counter, counter-near, counter-at" .value=${text} .max=${ctx.maxlength} .localizer=${l}></colloquy-char-counter></div>${renderNotice(d, view)}${view.actionError
    ? html`<p id=${`${k}x`} part="edit-error" class="failed" role="alert">${view.actionError}</p>`
    : nothing}<div class="panel-actions"><button part="edit-save" class="primary" type="submit" aria-disabled=${saving ? 'true' : 'false'}>${saving ? l.t('saving') : l.t('save')}</button><button part="edit-cancel" class="link-button" type="button" data-action="cancel-panel" aria-disabled=${saving ? 'true' : 'false'}>${l.t('cancel')}</button></div></form>`;
}

function renderDeleteConfirm(node: CommentNode, d: Derived, view: CommentView, ctx: RenderContext) {
  const l = ctx.l;
  const deleting = node.working === 'delete';
  return html`<div part="delete-confirm" class="panel" role="group" aria-labelledby=${`${d.key}q`}><p id=${`${d.key}q`} class="question">${l.t('deleteConfirm')}</p>${view.actionError
    ? html`<p part="delete-error" class="failed" role="alert">${view.actionError}</p>`
    : nothing}<div class="panel-actions"><button part="delete-confirm-button" class="primary danger" type="button" data-action="confirm-delete" aria-disabled=${deleting ? 'true' : 'false'}>${deleting ? l.t('deleting') : l.t('deleteConfirmButton')}</button><button part="delete-cancel" class="link-button" type="button" data-action="cancel-panel" aria-disabled=${deleting ? 'true' : 'false'}>${l.t('cancel')}</button></div></div>`;
}

function renderReportForm(node: CommentNode, d: Derived, view: CommentView, ctx: RenderContext) {
  const l = ctx.l;
  const k = d.key;
  const sending = node.working === 'report';
  const reasonError = fieldErrorOf(view, 'reason', ctx);
  const detailsError = fieldErrorOf(view, 'details', ctx);
  const other = view.reason === 'other';
  const details = view.details ?? '';
  return html`<form part="report-form" class="panel" data-form="report" novalidate aria-busy=${sending ? 'true' : 'false'}><fieldset aria-describedby=${reasonError ? `${k}re` : nothing}><legend part="report-legend">${l.t('reportLegend')}</legend>${REPORT_REASONS.map(
    (r) =>
      html`<label part="report-reason" class="reason"><input type="radio" name=${`${k}r`} value=${r} data-field="reason" .checked=${view.reason === r} ?disabled=${sending} aria-invalid=${reasonError ? 'true' : 'false'} aria-describedby=${reasonError ? `${k}re` : nothing}>${l.t(REASON_KEYS[r])}</label>`,
  )}</fieldset><p id=${`${k}re`} part="error" class="error" ?hidden=${!reasonError}>${reasonError}</p><label part="report-details-label" for=${`${k}d`}>${l.t('reportDetails')}${other
    ? html`<span part="required-mark" class="required" aria-hidden="true">*</span>`
    : nothing}</label><textarea part="report-details" id=${`${k}d`} data-field="details" rows="3" dir="auto" ?required=${other} ?readonly=${sending} .value=${details} aria-invalid=${detailsError ? 'true' : 'false'} aria-describedby=${ids(detailsError && `${k}de`, !!view.notice && `${k}n`)}></textarea><div class="under"><p id=${`${k}de`} part="error" class="error" ?hidden=${!detailsError}>${detailsError}</p><colloquy-char-counter exportparts="counter, counter-near, counter-at" .value=${details} .max=${MAX_REPORT_DETAILS} .localizer=${l}></colloquy-char-counter></div>${renderNotice(d, view)}${view.actionError
    ? html`<p part="report-error" class="failed" role="alert">${view.actionError}</p>`
    : nothing}<div class="panel-actions"><button part="report-submit" class="primary" type="submit" aria-disabled=${sending ? 'true' : 'false'}>${sending ? l.t('reportSending') : l.t('reportSubmit')}</button><button part="report-cancel" class="link-button" type="button" data-action="cancel-panel" aria-disabled=${sending ? 'true' : 'false'}>${l.t('cancel')}</button></div></form>`;
}

/** The panels, for `RenderContext.panels`. */
export const PANELS: Panels = { open: renderOpen, edit: renderEditForm };
