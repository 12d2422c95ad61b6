/**
 * The one function that renders a comment (and, through it, its replies): `renderComment()`.
 * Nothing else renders a comment. Comments are templates, not elements: the list renders every
 * comment of the thread into its one shadow root, so there is no shadow root, no `exportparts`
 * and no per-comment custom-property block per comment, and events are delegated (buttons carry
 * `data-action`, the article `data-id`; see `comment-host.ts`).
 *
 * The template reads only its inputs (the node, the context and the open view state), never
 * `window` or `document`, so the same function can render on a server. Work that does not differ
 * per comment (formatters, localizer, joined part lists) is done once; work that differs per
 * comment object (paragraphs and links, URL checks, dates) once per comment object (`Derived`),
 * not once per render. Templates are written without whitespace between tags so that
 * indentation does not become text nodes.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { html as staticHtml, unsafeStatic, type StaticValue } from 'lit/static-html.js';
import { Directive, directive } from 'lit/directive.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Comment, ReportReason } from '../../core/adapter.js';
import type { DraftStore } from '../../core/drafts.js';
import { LINK_REL } from '../../core/sanitize.js';
import { isPlaceholder, type CommentNode } from '../../core/tree.js';
import type { Localizer } from '../../i18n/index.js';
import type { TextKey } from '../../i18n/en.js';

/** Parts of a comment form (the reply form re-exports them). */
export const FORM_PARTS = [
  'form',
  'field',
  'field-name',
  'field-email',
  'field-body',
  'label',
  'required-mark',
  'input',
  'hint',
  'textarea',
  'counter',
  'counter-near',
  'counter-at',
  'error',
  'notice',
  'offline',
  'post-error',
  'post-retry',
  'forget-button',
  'actions',
  'submit-button',
  'cancel-button',
];

/** `exportparts` of the one open reply form, joined once. */
export const FORM_EXPORTS = FORM_PARTS.join(', ');

/** Parts of a comment (replies are comments too). */
export const COMMENT_PARTS = [
  'comment',
  'comment-sending',
  'comment-pending',
  'comment-deleted',
  'comment-hidden',
  'placeholder',
  'header',
  'author',
  'author-anonymous',
  'avatar',
  'replying-to',
  'timestamp',
  'status',
  'edited',
  'body',
  'reply-button',
  'comment-like-button',
  'comment-likes',
  'comment-like-error',
  'edit-button',
  'delete-button',
  'report-button',
  'edit-form',
  'edit-label',
  'edit-textarea',
  'edit-save',
  'edit-cancel',
  'edit-error',
  'delete-confirm',
  'delete-confirm-button',
  'delete-cancel',
  'delete-error',
  'report-form',
  'report-legend',
  'report-reason',
  'report-details-label',
  'report-details',
  'report-submit',
  'report-cancel',
  'report-error',
  'report-status',
  'replies',
  'more-replies',
  'reply-form',
  ...FORM_PARTS,
];

/** What can be open under a comment besides its reply form. */
export type Panel = 'edit' | 'delete' | 'report';

/** A field error in an open panel: which field, and the message key. */
export type FieldError = { field: 'edit' | 'reason' | 'details'; key: TextKey };

/**
 * What the reader has open on one comment. Most comments have none: their forms do not exist
 * until opened, one panel at a time.
 */
export interface CommentView {
  reply?: boolean;
  panel?: Panel;
  /** The text in the edit box (also kept as a draft). */
  editText?: string;
  /** The reason picked in the report form. */
  reason?: ReportReason | null;
  /** The details typed in the report form. */
  details?: string;
  fieldError?: FieldError | null;
  /** A paste cut to fit the limit. */
  notice?: string;
  /** The report was sent from this page: "Thank you…" is shown. */
  reportThanks?: boolean;
  /** Why the last edit, delete or report failed. */
  actionError?: string;
  /** Why the last like was not saved. */
  likeError?: string;
}

/** What is computed once per comment object (and per language). */
export interface Derived {
  /** Prefix of the DOM ids of this comment (unique in the root, never from the backend's id). */
  key: string;
  /** The author as shown, "Anonymous" when there is none. */
  author: string;
  anonymous: boolean;
  authorHref: string | null;
  avatarHref: string | null;
  iso: string;
  /** The date in words (the time's title, and part of the comment's accessible name). */
  absolute: string;
  date: Date;
  /** The accessible name: author and time, so that "Anonymous" ×3 can be told apart. */
  label: string;
  editedIso?: string;
  editedTitle?: string;
  /**
   * The body's `<div part="body">`, built once: the sanitized HTML body, or the plain-text body
   * as paragraphs of text nodes and link elements (never parsed HTML). Fewer nodes and less work
   * than a template per paragraph and line.
   */
  body: Node;
}

/** Everything a comment's template reads besides its node. */
export interface RenderContext {
  l: Localizer;
  now?: Date;
  maxlength: number;
  required: string;
  drafts: DraftStore | null;
  offline: boolean;
  canLike: boolean;
  canEdit: boolean;
  canDelete: boolean;
  canReport: boolean;
  /** Size of the feed, or -1 when more pages may come. */
  setsize: number;
  view(id: string): CommentView | undefined;
  derive(comment: Comment): Derived;
  /** The labels every comment shows (Reply, Like, Report…), written into the templates once per language. */
  labels: Labels;
  /**
   * What can open under a comment (its reply form, edit / delete / report panels: render-open.ts).
   * Absent in the reader stage of the script-tag path, where nothing opens until the interaction
   * stage has arrived.
   */
  panels?: Panels;
}

/** The templates of what opens under a comment. */
export interface Panels {
  /** The like error, the delete / report panel, the report thanks and the reply form. */
  open(node: CommentNode, d: Derived, view: CommentView, ctx: RenderContext): unknown;
  /** The edit form, in place of the body. */
  edit(node: CommentNode, d: Derived, view: CommentView, ctx: RenderContext): unknown;
}

/** Labels that are the same on every comment, as static template text (escaped). */
export type Labels = Record<'reply' | 'like' | 'report' | 'reported' | 'edit' | 'delete', StaticValue>;

const escapeText = (s: string) => s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));

/** The labels of `l`, made once per language. */
export function labelsOf(l: Localizer): Labels {
  const label = (key: TextKey) => unsafeStatic(escapeText(l.t(key)));
  return { reply: label('reply'), like: label('commentLike'), report: label('report'), reported: label('reported'), edit: label('edit'), delete: label('delete') };
}

/** Bodies already shown somewhere: another place shows a copy. */
const placed = new WeakSet<Node>();

/**
 * Renders a body built once as nodes: the first place it is shown takes those nodes themselves
 * (no copy: most bodies are shown once), any other place a copy; later renders leave it alone
 * (a fresh copy each render would replace the nodes every time).
 */
class BodyDirective extends Directive {
  private source: Node | null = null;
  private shown: Node | null = null;
  render(source: Node): Node {
    if (source !== this.source) {
      this.source = source;
      this.shown = placed.has(source) ? source.cloneNode(true) : source;
      placed.add(source);
    }
    return this.shown!;
  }
}
const body = directive(BodyDirective);

/** The body, built once per comment object as nodes (`Derived.body`). */
function renderBody(d: Derived) {
  return body(d.body);
}

function renderTime(d: Derived, ctx: RenderContext) {
  return html`<time part="timestamp" datetime=${d.iso} title=${d.absolute}>${ctx.l.relativeTime(d.date, ctx.now)}</time>`;
}

/** The replies and "Show N more replies". */
function renderReplies(node: CommentNode, d: Derived, ctx: RenderContext) {
  const more = node.moreReplies;
  return html`${node.children.length
    ? html`<div part="replies" class="replies">${repeat(node.children, (n) => n.comment.id, (n) => renderComment(n, ctx))}</div>`
    : nothing}${more
    ? html`<button part="more-replies" class="link-button more-replies" type="button" data-action="more-replies" aria-busy=${more.loading ? 'true' : 'false'} aria-describedby=${`${d.key}a`}>${more.loading
        ? ctx.l.t('loadingMore')
        : more.error
          ? ctx.l.t('retry')
          : ctx.l.plural('moreReplies', more.count)}</button>`
    : nothing}`;
}

/** A deleted or hidden comment kept for its replies: no author, no text, no actions but its replies'. */
function renderPlaceholder(node: CommentNode, d: Derived, ctx: RenderContext, posinset?: number) {
  const hidden = node.comment.status === 'hidden';
  const text = ctx.l.t(hidden ? 'commentHidden' : 'commentDeleted');
  return html`<article part="comment comment-deleted${hidden ? ' comment-hidden' : ''}" class="comment" data-id=${node.comment.id} tabindex="-1" aria-label=${text} aria-posinset=${posinset ?? nothing} aria-setsize=${posinset ? ctx.setsize : nothing}><header part="header" class="header">${renderTime(d, ctx)}</header><p part="placeholder" class="placeholder">${text}</p>${renderReplies(node, d, ctx)}</article>`;
}

/**
 * One comment with its replies. `posinset` is its position in the feed (top-level comments only).
 */
export function renderComment(node: CommentNode, ctx: RenderContext, posinset?: number): TemplateResult {
  const c = node.comment;
  const d = ctx.derive(c);
  if (isPlaceholder(c)) return renderPlaceholder(node, d, ctx, posinset);
  const l = ctx.l;
  const view = ctx.view(c.id);
  const { sending } = node;
  const pending = c.status === 'pending';
  const status = sending ? l.t('sending') : pending ? l.t('awaitingModeration') : '';
  const editing = view?.panel === 'edit';
  const more = !!(view || node.children.length || node.moreReplies);
  return html`<article part=${sending ? 'comment comment-sending' : pending ? 'comment comment-pending' : 'comment'} class="comment" data-id=${c.id} tabindex="-1" aria-label=${d.label} aria-posinset=${posinset ?? nothing} aria-setsize=${posinset ? ctx.setsize : nothing} aria-busy=${sending ? 'true' : nothing}><header part="header" class="header">${renderAuthor(d)}${node.replyingTo !== undefined || d.editedIso || status
    ? renderHeaderExtras(node, d, status, ctx)
    : renderTime(d, ctx)}</header>${editing && ctx.panels ? ctx.panels.edit(node, d, view!, ctx) : renderBody(d)}${renderActions(node, d, view, ctx)}${more
    ? html`${view && ctx.panels ? ctx.panels.open(node, d, view, ctx) : nothing}${renderReplies(node, d, ctx)}`
    : nothing}</article>`;
}

/**
 * The avatar (when there is an http(s) one) and the author's name, a link when there is an
 * http(s) author URL. The commonest ones (a name, no link) have templates of their own with their
 * constant attributes written in, since this runs for every comment.
 */
function renderAuthor(d: Derived) {
  const id = `${d.key}a`;
  if (!d.anonymous && !d.authorHref) {
    return d.avatarHref
      ? html`<img part="avatar" class="avatar" src=${d.avatarHref} alt="" width="32" height="32" loading="lazy" referrerpolicy="no-referrer"><span id=${id} part="author" class="author" dir="auto">${d.author}</span>`
      : html`<span id=${id} part="author" class="author" dir="auto">${d.author}</span>`;
  }
  const part = d.anonymous ? 'author author-anonymous' : 'author';
  const avatar = d.avatarHref
    ? html`<img part="avatar" class="avatar" src=${d.avatarHref} alt="" width="32" height="32" loading="lazy" referrerpolicy="no-referrer">`
    : nothing;
  return d.authorHref
    ? html`${avatar}<a id=${id} part=${part} class="author" dir="auto" href=${d.authorHref} rel=${LINK_REL} target="_blank">${d.author}</a>`
    : html`${avatar}<span id=${id} part=${part} class="author" dir="auto">${d.author}</span>`;
}

/** "replying to <name>", the time, "edited" and the status: the less common header. */
function renderHeaderExtras(node: CommentNode, d: Derived, status: string, ctx: RenderContext) {
  const l = ctx.l;
  return html`${node.replyingTo !== undefined
    ? html`<span part="replying-to" class="replying-to">${l.t('replyingTo', { name: node.replyingTo?.trim() || l.t('anonymous') })}</span>`
    : nothing}${renderTime(d, ctx)}${d.editedIso ? html`<time part="edited" class="edited" datetime=${d.editedIso} title=${d.editedTitle}>${l.t('edited')}</time>` : nothing}${status
    ? html`<span part="status" class="status">${status}</span>`
    : nothing}`;
}

/** Reply, Like with its count, and Edit / Delete or Report. */
function renderActions(node: CommentNode, d: Derived, view: CommentView | undefined, ctx: RenderContext) {
  const s = ctx.labels;
  const a = `${d.key}a`;
  // A comment being sent can only show that it cannot be answered yet.
  if (node.sending) return staticHtml`<div class="actions"><button part="reply-button" class="link-button" type="button" data-action="reply" aria-expanded="false" aria-describedby=${a} disabled>${s.reply}</button></div>`;
  return staticHtml`<div class="actions"><button part="reply-button" class="link-button" type="button" data-action="reply" aria-expanded=${view?.reply ? 'true' : 'false'} aria-describedby=${a}>${s.reply}</button>${ctx.canLike
    ? staticHtml`<button part="comment-like-button" class="link-button like-button" type="button" data-action="like" aria-pressed=${node.comment.liked ? 'true' : 'false'} aria-describedby=${`${a} ${d.key}l`}>${s.like}</button><span part="comment-likes" class="likes" id=${`${d.key}l`}>${ctx.l.plural('commentLikeCount', node.comment.likes ?? 0)}</span>${renderOwnActions(node, d, view, ctx)}`
    : renderOwnActions(node, d, view, ctx)}</div>`;
}

/** Edit / Delete on the reader's own comment, Report on other people's. */
function renderOwnActions(node: CommentNode, d: Derived, view: CommentView | undefined, ctx: RenderContext) {
  const { editable, reported, sending } = node;
  if (sending) return nothing;
  const s = ctx.labels;
  const panel = view?.panel;
  if (editable || panel === 'edit' || panel === 'delete') {
    return html`${ctx.canEdit && editable ? panelToggle('edit', s.edit, d, panel) : nothing}${ctx.canDelete && editable ? panelToggle('delete', s.delete, d, panel) : nothing}`;
  }
  // A comment awaiting moderation is shown to its author only, and the reader's own comments
  // (also once their window has closed) are never theirs to report.
  if (!ctx.canReport || node.comment.status === 'pending' || node.own) return nothing;
  if (reported) {
    // Still focusable (aria-disabled), so focus can stay here after the report is sent.
    return staticHtml`<button part="report-button" class="link-button report-button" type="button" aria-disabled="true" aria-describedby=${`${d.key}a`}>${s.reported}</button>`;
  }
  // The most common toggle of all (on every other reader's comment): its static attributes
  // written into the template, not set one by one.
  return staticHtml`<button part="report-button" class="link-button report-button" type="button" data-action="report" aria-expanded=${panel === 'report' ? 'true' : 'false'} aria-describedby=${`${d.key}a`}>${s.report}</button>`;
}

/** Edit, Delete or Report: opens its inline panel, or closes it when it is the one open. */
function panelToggle(panel: Panel, label: StaticValue, d: Derived, open: Panel | undefined) {
  return staticHtml`<button part=${`${panel}-button`} class=${`link-button ${panel}-button`} type="button" data-action=${panel} aria-expanded=${open === panel ? 'true' : 'false'} aria-describedby=${`${d.key}a`}>${label}</button>`;
}
