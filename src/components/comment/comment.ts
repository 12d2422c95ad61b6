import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { MAX_REPORT_DETAILS, REPORT_REASONS, type ReportReason } from '../../core/adapter.js';
import { replySlot, type DraftStore } from '../../core/drafts.js';
import { checkReport, type ReportProblem } from '../../core/report.js';
import { LINK_REL, loadSanitizer, sanitizeToFragment, sanitizerReady } from '../../core/sanitize.js';
import { linkify, safeHttpUrl, type TextPiece } from '../../core/urls.js';
import { DEFAULT_MAX_LENGTH, fitInsertion, isBlank, normalizeNewlines, toParagraphs } from '../../core/text.js';
import { isPlaceholder, type CommentAction, type CommentNode } from '../../core/thread.js';
import { defaultLocalizer, type Localizer } from '../../i18n/index.js';
import type { TextKey } from '../../i18n/en.js';
import type { ColloquyCommentForm } from '../comment-form/comment-form.js';
import { emit } from '../shared/events.js';
import { focusIsFree } from '../shared/focus.js';
import { REASON_KEYS } from '../shared/report-reasons.js';
import { maxLengthAttribute } from '../shared/attributes.js';
import { fieldFooter, linkButton, tokens } from '../shared/tokens.styles.js';
import styles from './comment.styles.js';

/** Parts of the reply form, re-exported by each comment. */
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

/** The draft slot of the edit form of comment `id` (kept apart from its reply draft). */
export function editSlot(id: string): string {
  return `edit:${id}`;
}

/** Parts of one comment, including the nested replies and reply form. */
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

/** `exportparts` values, joined once rather than on every render of every comment. */
export const COMMENT_EXPORTS = COMMENT_PARTS.join(', ');
const FORM_EXPORTS = FORM_PARTS.join(', ');

/** What is open under the comment besides the reply form. */
type Panel = 'none' | 'edit' | 'delete' | 'report';

/**
 * One comment: author, time, body, its "Reply" action with an inline reply form, and its
 * replies nested beneath it (each another `colloquy-comment`). The reader's own comment, while
 * its edit window is open and nobody has answered it, has "Edit" (an inline form in place of the
 * body) and "Delete" (after an inline confirmation); other people's comments have "Report" (an
 * inline form with a reason). A deleted or hidden comment that still has replies shows as a
 * placeholder ("Comment deleted") above them. The comment only raises events: whoever owns the
 * adapter (normally `<colloquy-comments>`) acts, then calls `finishAction()` or sets `actionError`.
 *
 * @tagname colloquy-comment
 * @summary One comment with its replies.
 *
 * @attr sending - Reflected while the comment is not yet confirmed by the backend.
 * @attr pending - Reflected while the comment awaits moderation.
 *
 * @fires colloquy-reply-open - The reader opened the reply form of this comment.
 * @fires colloquy-load-replies - The reader asked for more replies of this (top-level) comment.
 * @fires colloquy-like-comment - The reader liked this comment, or took the like back.
 * @fires colloquy-edit-comment - The reader saved a new text for their comment. `detail`: `{ commentId, body }`.
 * @fires colloquy-delete-comment - The reader confirmed deleting their comment. `detail`: `{ commentId }`.
 * @fires colloquy-report-comment - The reader sent a report. `detail`: `{ commentId, reason, details }`.
 *
 * @csspart comment - The `<article>` of a comment.
 * @csspart comment-sending - A comment not yet confirmed by the backend (state).
 * @csspart comment-pending - A comment awaiting moderation (state).
 * @csspart comment-deleted - A placeholder for a deleted or hidden comment that still has replies (state).
 * @csspart comment-hidden - A placeholder for a comment hidden after reports (state, with `comment-deleted`).
 * @csspart placeholder - "Comment deleted" / "Comment hidden until a moderator reviews it", in place of the body.
 * @csspart header - The line with author and time.
 * @csspart author - The author's name, a link when the backend gives an http(s) author URL.
 * @csspart author-anonymous - The author when there is no name: "Anonymous" (state).
 * @csspart avatar - The author's avatar image, when the backend gives an http(s) URL.
 * @csspart replying-to - "replying to <name>" on replies shown flatter than they are.
 * @csspart timestamp - The `<time>`.
 * @csspart status - "Sending…" or "awaiting moderation".
 * @csspart edited - "edited", on a comment its author changed (a `<time>`; the time of the edit is its title).
 * @csspart body - The comment text.
 * @csspart reply-button - The "Reply" button.
 * @csspart comment-like-button - The comment's "Like" toggle (aria-pressed), when the backend supports likes.
 * @csspart comment-likes - The comment's like count ("12 likes").
 * @csspart comment-like-error - Why a like was not saved.
 * @csspart edit-button - "Edit", on the reader's own comment while it may still be changed.
 * @csspart delete-button - "Delete", on the reader's own comment while it may still be changed.
 * @csspart report-button - "Report" on other people's comments; "Reported" (aria-disabled) once done.
 * @csspart edit-form - The inline form that replaces the body while editing.
 * @csspart edit-label - The edit box's label.
 * @csspart edit-textarea - The edit box.
 * @csspart edit-save - "Save" ("Saving…" while the change is being saved).
 * @csspart edit-cancel - "Cancel" in the edit form.
 * @csspart edit-error - Why the change was not saved (the text stays in the box).
 * @csspart delete-confirm - "Delete this comment? This cannot be undone." with its buttons.
 * @csspart delete-confirm-button - "Yes, delete it".
 * @csspart delete-cancel - "Cancel" in the delete confirmation.
 * @csspart delete-error - Why the comment was not deleted.
 * @csspart report-form - The inline report form.
 * @csspart report-legend - "Why are you reporting this comment?", the legend of the reasons.
 * @csspart report-reason - Each reason: a label holding its radio button.
 * @csspart report-details-label - The label of the details box.
 * @csspart report-details - The details box (required for "Something else", up to 500 characters).
 * @csspart report-submit - "Send report".
 * @csspart report-cancel - "Cancel" in the report form.
 * @csspart report-error - Why the report was not sent.
 * @csspart report-status - "Thank you. A moderator will review this comment."
 * @csspart reply-form - The inline reply form element (its inner parts are re-exported too).
 * @csspart replies - The container of the replies.
 * @csspart more-replies - "Show 3 more replies" under a comment whose page carried only its first replies.
 *
 * @cssprop --colloquy-comment-gap - Space between comments (falls back to `--colloquy-space-4`).
 * @cssprop --colloquy-comment-indent - Indentation of replies (default 1.5rem).
 * @cssprop --colloquy-comment-rule - Line beside replies (falls back to `--colloquy-color-border`).
 * @cssprop --colloquy-comment-pending-rule - Dashed line beside a comment that is sending or awaiting moderation.
 */
export class ColloquyComment extends LitElement {
  static override styles = [tokens, linkButton, fieldFooter, styles];

  /** The comment and its replies. */
  @property({ attribute: false }) node!: CommentNode;

  /** Maximum reply length (passed to the reply form). */
  @property({ converter: maxLengthAttribute }) maxlength = DEFAULT_MAX_LENGTH;

  /** Required fields of the reply form. */
  @property() required = 'name email';

  /** Strings and formats. */
  @property({ attribute: false }) localizer: Localizer = defaultLocalizer();

  /** Where reply drafts are kept (the reply form of a comment with a saved draft reopens by itself). */
  @property({ attribute: false }) drafts: DraftStore | null = null;

  /** True while the browser is offline (passed to the reply form). */
  @property({ type: Boolean }) offline = false;

  /** The time relative dates are computed from (defaults to now). */
  @property({ attribute: false }) now: Date | undefined;

  /** Position in the feed (top-level comments only), for assistive technology. */
  @property({ attribute: false }) posinset: number | undefined;

  /** Size of the feed, or -1 when unknown. */
  @property({ attribute: false }) setsize: number | undefined;

  /** Reflected while the comment is unconfirmed. */
  @property({ type: Boolean, reflect: true }) sending = false;

  /** Reflected while the comment awaits moderation. */
  @property({ type: Boolean, reflect: true }) pending = false;

  @state() private replyOpen = false;
  /** The edit form, delete confirmation or report form, when one is open. */
  @state() private panel: Panel = 'none';
  /** The text in the edit box (also kept as a draft). */
  @state() private editText = '';
  /** The reason picked in the report form. */
  @state() private reason: ReportReason | null = null;
  /** The details typed in the report form. */
  @state() private details = '';
  /** A field error in the open panel: which field, and the message key. */
  @state() private fieldError: { field: 'edit' | 'reason' | 'details'; key: TextKey } | null = null;
  /** A paste cut to fit the limit. */
  @state() private notice = '';
  /** The report was sent from this element: "Thank you…" is shown. */
  @state() private reportThanks = false;

  /** Show "Edit" on the reader's own editable comment (the adapter supports editing). */
  @property({ attribute: false }) canEdit = false;

  /** Show "Delete" on the reader's own editable comment (the adapter supports deleting). */
  @property({ attribute: false }) canDelete = false;

  /** Show "Report" on other people's comments (the adapter takes reports). */
  @property({ attribute: false }) canReport = false;

  /** Why the last edit, delete or report failed, shown in the open panel (set by the owner); cleared by the next try. */
  @property({ attribute: false }) actionError = '';

  @query('.reply-button') private replyButton?: HTMLButtonElement;
  @query('colloquy-comment-form') private replyForm?: ColloquyCommentForm;
  @query('article') private article?: HTMLElement;

  private htmlBody: DocumentFragment | null = null;
  private htmlPending: Promise<void> | null = null;
  /** Show the Like button and count (the adapter supports comment likes). */
  @property({ attribute: false }) canLike = false;

  /** Why the last like was not saved, shown under the comment; cleared by the next click. */
  @property({ attribute: false }) likeError = '';

  /** The plain-text body split into paragraphs, lines and links: computed once per comment. */
  private textBody: TextPiece[][][] = [];
  private authorHref: string | null = null;
  private avatarHref: string | null = null;

  /** Whether the reply form is open. */
  get isReplyOpen(): boolean {
    return this.replyOpen;
  }

  /** Opens the reply form and moves focus into it. */
  async openReply(): Promise<void> {
    if (this.node.sending) return;
    this.replyOpen = true;
    emit(this, 'colloquy-reply-open', { commentId: this.node.comment.id });
    await this.updateComplete;
    this.replyForm?.focus();
  }

  /**
   * Closes the reply form; by default focus returns to the Reply button. A form whose reply is
   * being posted stays open unless `force` (the owner closes it after a confirmed post).
   */
  async closeReply(options: { focus?: boolean; force?: boolean } = {}): Promise<void> {
    if (this.replyForm?.busy && !options.force) return;
    this.replyOpen = false;
    await this.updateComplete;
    if (options.focus ?? true) this.replyButton?.focus();
  }

  /** The panel open under this comment: 'edit', 'delete', 'report' or 'none'. */
  get openPanel(): Panel {
    return this.panel;
  }

  /** Opens the edit form in place of the body, with the saved draft or the current text, and focuses it. */
  async openEdit(): Promise<void> {
    if (!this.node.editable || !this.canEdit) return;
    this.editText = this.drafts?.load(editSlot(this.node.comment.id))?.body || this.node.comment.body;
    this.openPanelOf('edit');
    await this.updateComplete;
    const ta = this.renderRoot.querySelector<HTMLTextAreaElement>('[part~="edit-textarea"]');
    ta?.focus();
    ta?.setSelectionRange(ta.value.length, ta.value.length);
  }

  /** Asks "Delete this comment?" inline; focus goes to its Cancel button. */
  async openDelete(): Promise<void> {
    if (!this.node.editable || !this.canDelete) return;
    this.openPanelOf('delete');
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('[part~="delete-cancel"]')?.focus();
  }

  /** Opens the report form; focus goes to the first reason. */
  async openReport(): Promise<void> {
    if (!this.canReport || this.node.reported || this.node.editable || this.node.own) return;
    this.reason = null;
    this.details = '';
    this.reportThanks = false;
    this.openPanelOf('report');
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('input[type="radio"]')?.focus();
  }

  private openPanelOf(panel: Panel): void {
    this.panel = panel;
    this.fieldError = null;
    this.notice = '';
    this.actionError = '';
  }

  /**
   * Closes the open panel (Cancel, Escape) unless its action is in flight; focus goes back to
   * the button that opened it. An edit cancelled forgets its draft.
   */
  async closePanel(options: { focus?: boolean; force?: boolean } = {}): Promise<void> {
    const panel = this.panel;
    if (panel === 'none' || (this.node.working && !options.force)) return;
    if (panel === 'edit') this.drafts?.clear(editSlot(this.node.comment.id));
    this.panel = 'none';
    this.fieldError = null;
    this.notice = '';
    this.actionError = '';
    await this.updateComplete;
    if (options.focus ?? true) this.focusAction(panel);
  }

  /**
   * The owner calls this when the adapter confirmed what the reader asked: the edit form closes
   * (its draft is forgotten), or the report form closes and "Thank you…" is shown. Focus goes
   * back to the Edit or Report button when it was in this comment.
   */
  async finishAction(action: CommentAction): Promise<void> {
    const hadFocus = focusIsFree(this);
    if (action === 'report') this.reportThanks = true;
    if (this.panel === action) await this.closePanel({ focus: false, force: true });
    await this.updateComplete;
    if (hadFocus) this.focusAction(action);
  }

  /** Focus on the button of `panel`, or on the comment when that button is gone (the window closed). */
  private focusAction(panel: Panel): void {
    const button = this.renderRoot.querySelector<HTMLButtonElement>(`[part~="${panel}-button"]`);
    if (button) button.focus();
    else this.article?.focus();
  }

  /** Moves focus to this comment (after posting, for instance). */
  async focusComment(): Promise<void> {
    await this.updateComplete;
    this.article?.focus();
    this.article?.scrollIntoView?.({ block: 'nearest' });
  }

  /** Finds the element showing comment `id` among this comment and its replies. */
  async findComment(id: string): Promise<ColloquyComment | null> {
    if (this.node.comment.id === id) return this;
    await this.updateComplete;
    for (const child of this.renderRoot.querySelectorAll<ColloquyComment>('.replies > colloquy-comment')) {
      const found = await child.findComment(id);
      if (found) return found;
    }
    return null;
  }

  /** Edit or Delete, when it had focus as a new node came: it may go away with this update. */
  private focusedAction: HTMLElement | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('node')) {
      const active = this.shadowRoot?.activeElement;
      this.focusedAction = active instanceof HTMLElement && active.matches('[part~="edit-button"], [part~="delete-button"]') ? active : null;
    }
    // A reply that was being written before a reload comes back, form open, text restored.
    if (changed.has('drafts') && this.drafts && !this.replyOpen && !this.node.sending && this.drafts.load(replySlot(this.node.comment.id))?.body) {
      this.replyOpen = true;
    }
    // So does an edit, while the comment may still be changed.
    if (changed.has('drafts') && this.drafts && this.panel === 'none' && this.node.editable && this.canEdit) {
      const saved = this.drafts.load(editSlot(this.node.comment.id))?.body;
      if (saved) {
        this.editText = saved;
        this.panel = 'edit';
      }
    }
    if (changed.has('node')) {
      const c = this.node.comment;
      this.sending = this.node.sending;
      this.pending = c.status === 'pending';
      const prev = changed.get('node') as CommentNode | undefined;
      // The tree is rebuilt on every change, but comments keep their identity: parse each body once.
      if (!prev || prev.comment !== c) {
        if (!prev || prev.comment.bodyHtml !== c.bodyHtml || prev.comment.body !== c.body) this.parseBody(c);
        // Checked at the adapter boundary already; checked again here, once per comment, not per render.
        this.authorHref = safeHttpUrl(c.authorUrl);
        this.avatarHref = safeHttpUrl(c.avatarUrl);
      }
    }
  }

  protected override updated(): void {
    // The edit window closed (or somebody answered) while Edit or Delete had focus: the button
    // is gone, and focus goes to this comment rather than falling to the page.
    if (this.focusedAction && !this.focusedAction.isConnected) this.article?.focus();
    this.focusedAction = null;
  }

  /**
   * Text bodies are split into paragraphs and links once. An HTML body needs DOMPurify, which is
   * fetched with the first such comment: until it is here (or if it cannot load) the plain-text
   * `body` is shown, so nothing unsanitized is ever rendered and the reader still gets the words.
   */
  private parseBody(c: CommentNode['comment']): void {
    this.htmlBody = null;
    this.htmlPending = null;
    this.textBody = [];
    if (c.bodyHtml && sanitizerReady()) {
      this.htmlBody = sanitizeToFragment(c.bodyHtml);
      return;
    }
    this.textBody = toParagraphs(c.body).map((lines) => lines.map(linkify));
    if (!c.bodyHtml) return;
    const pending = loadSanitizer().then(
      () => {
        // parseBody() runs again whenever the body changes and replaces `htmlPending`; a comment
        // object replaced with the same body (a like, a reload) still gets this one.
        if (this.htmlPending !== pending) return;
        this.htmlPending = null;
        this.htmlBody = sanitizeToFragment(c.bodyHtml!);
        this.requestUpdate();
      },
      () => {
        if (this.htmlPending === pending) this.htmlPending = null; // the text body stays
      },
    );
    this.htmlPending = pending;
  }

  /** Also waits for an HTML body's sanitizer, so `await el.updateComplete` sees the final body. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    for (let pending = this.htmlPending; pending; pending = this.htmlPending === pending ? null : this.htmlPending) {
      await pending;
      done = await super.getUpdateComplete();
    }
    return done;
  }

  private renderBody() {
    if (this.htmlBody) {
      // A fresh fragment per render pass would move nodes; clone so re-renders stay stable.
      return html`<div part="body" class="body" dir="auto">${this.htmlBody.cloneNode(true)}</div>`;
    }
    return html`<div part="body" class="body" dir="auto">
      ${this.textBody.map((lines) => html`<p>${lines.map((line, i) => html`${i === 0 ? nothing : html`<br />`}${this.renderLine(line)}`)}</p>`)}
    </div>`;
  }

  /** A line of plain text, its bare http(s) URLs as links (built as elements: no HTML parsing). */
  private renderLine(pieces: TextPiece[]) {
    return pieces.map((piece) =>
      piece.href === undefined ? piece.text : html`<a href=${piece.href} rel=${LINK_REL} target="_blank">${piece.text}</a>`,
    );
  }

  private renderTime() {
    const l = this.localizer;
    const date = new Date(this.node.comment.createdAt);
    const absolute = l.dateTime(date);
    return html`<time part="timestamp" datetime=${date.toISOString()} title=${absolute}>${l.relativeTime(date, this.now)}</time>`;
  }

  /** The Like toggle and the count beside it ("12 likes"), which also describes the button. */
  private renderLike() {
    const l = this.localizer;
    const c = this.node.comment;
    return html`<button
        part="comment-like-button"
        class="link-button like-button"
        type="button"
        aria-pressed=${c.liked ? 'true' : 'false'}
        aria-describedby="author likes"
        @click=${() => {
          this.likeError = '';
          emit(this, 'colloquy-like-comment', { commentId: c.id, liked: !c.liked });
        }}
      >
        ${l.t('commentLike')}
      </button>
      <span part="comment-likes" class="likes" id="likes">${l.plural('commentLikeCount', c.likes ?? 0)}</span>`;
  }

  /** "Show 3 more replies": asks the section for the next replies (it moves focus to the first of them). */
  private renderMoreReplies(more: NonNullable<CommentNode['moreReplies']>) {
    const l = this.localizer;
    return html`<button
      part="more-replies"
      class="link-button more-replies"
      type="button"
      aria-busy=${more.loading ? 'true' : 'false'}
      aria-describedby="author"
      @click=${() => {
        if (more.loading) return;
        emit(this, 'colloquy-load-replies', { commentId: this.node.comment.id });
      }}
    >
      ${more.loading ? l.t('loadingMore') : more.error ? l.t('retry') : l.plural('moreReplies', more.count)}
    </button>`;
  }

  /** "edited", with the time of the edit as its title. */
  private renderEdited(editedAt: string) {
    const l = this.localizer;
    const date = new Date(editedAt);
    return html`<time part="edited" class="edited" datetime=${date.toISOString()} title=${l.t('editedAt', { time: l.dateTime(date) })}>${l.t('edited')}</time>`;
  }

  /** Edit / Delete on the reader's own comment, Report on other people's. */
  private renderOwnActions() {
    const l = this.localizer;
    const { editable, reported, sending } = this.node;
    if (sending) return nothing;
    if (editable || this.panel === 'edit' || this.panel === 'delete') {
      return html`${this.canEdit && editable ? this.panelToggle('edit', 'edit-button', l.t('edit'), () => this.openEdit()) : nothing}
      ${this.canDelete && editable ? this.panelToggle('delete', 'delete-button', l.t('delete'), () => this.openDelete()) : nothing}`;
    }
    // A comment awaiting moderation is shown to its author only, and the reader's own comments
    // (also once their window has closed) are never theirs to report.
    if (!this.canReport || this.pending || this.node.own) return nothing;
    if (reported) {
      // Still focusable (aria-disabled), so focus can stay here after the report is sent.
      return html`<button part="report-button" class="link-button report-button" type="button" aria-disabled="true" aria-describedby="author">
        ${l.t('reported')}
      </button>`;
    }
    return this.panelToggle('report', 'report-button', l.t('report'), () => this.openReport());
  }

  /** Edit, Delete or Report: opens its inline panel, or closes it when it is the one open. */
  private panelToggle(panel: 'edit' | 'delete' | 'report', part: string, label: string, open: () => Promise<void>) {
    return html`<button
      part=${part}
      class="link-button ${part}"
      type="button"
      aria-expanded=${this.panel === panel ? 'true' : 'false'}
      aria-describedby="author"
      @click=${() => (this.panel === panel ? this.closePanel() : open())}
    >
      ${label}
    </button>`;
  }

  /** Escape closes the open panel. */
  private onPanelKeydown(e: KeyboardEvent): void {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    void this.closePanel();
  }

  private fieldErrorOf(field: 'edit' | 'reason' | 'details'): string {
    return this.fieldError?.field === field ? this.localizer.t(this.fieldError.key, { max: this.maxlength }) : '';
  }

  /** A text box that keeps within `max` characters: a paste that does not fit is cut, and the reader told. */
  private fit(e: InputEvent, previous: string, max: number): string {
    const ta = e.target as HTMLTextAreaElement;
    const fit = fitInsertion(previous, ta.value, max);
    if (fit.cut) {
      ta.value = fit.value;
      ta.setSelectionRange(fit.caret, fit.caret);
      if (e.inputType === 'insertFromPaste' || e.inputType === 'insertFromDrop') this.notice = this.localizer.t('pasteCut', { max });
    } else if (this.notice) {
      this.notice = '';
    }
    return fit.value;
  }

  private onEditInput(e: InputEvent): void {
    this.editText = this.fit(e, this.editText, this.maxlength);
    this.drafts?.save(editSlot(this.node.comment.id), { authorName: '', authorEmail: '', body: this.editText });
    if (this.fieldError) this.fieldError = null;
  }

  private onEditSubmit(e: SubmitEvent): void {
    e.preventDefault();
    if (this.node.working) return;
    const id = this.node.comment.id;
    this.drafts?.flush(editSlot(id));
    const key: TextKey | null = this.editText === '' ? 'bodyRequired' : isBlank(this.editText) ? 'bodyBlank' : null;
    if (key) {
      this.fieldError = { field: 'edit', key };
      this.renderRoot.querySelector<HTMLTextAreaElement>('[part~="edit-textarea"]')?.focus();
      return;
    }
    const body = normalizeNewlines(this.editText).trim();
    // Nothing changed: nothing to save.
    if (body === this.node.comment.body) {
      void this.closePanel();
      return;
    }
    this.actionError = '';
    emit(this, 'colloquy-edit-comment', { commentId: id, body });
  }

  private renderEditForm() {
    const l = this.localizer;
    const saving = this.node.working === 'edit';
    const error = this.fieldErrorOf('edit');
    return html`<form part="edit-form" class="panel" novalidate aria-busy=${saving ? 'true' : 'false'} @submit=${this.onEditSubmit} @keydown=${this.onPanelKeydown}>
      <label part="edit-label" for="edit-body">${l.t('editLabel')}</label>
      <textarea
        part="edit-textarea"
        id="edit-body"
        rows="4"
        required
        dir="auto"
        ?readonly=${saving}
        .value=${this.editText}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${[error ? 'edit-body-error' : '', this.notice ? 'panel-notice' : '', this.actionError ? 'edit-error' : ''].filter(Boolean).join(' ') || nothing}
        @input=${this.onEditInput}
      ></textarea>
      <div class="under">
        <p id="edit-body-error" part="error" class="error" ?hidden=${!error}>${error}</p>
        <colloquy-char-counter exportparts="counter, counter-near, counter-at" .value=${this.editText} .max=${this.maxlength} .localizer=${l}></colloquy-char-counter>
      </div>
      ${this.renderNotice()}
      ${this.actionError ? html`<p id="edit-error" part="edit-error" class="failed" role="alert">${this.actionError}</p>` : nothing}
      <div class="panel-actions">
        <button part="edit-save" class="primary" type="submit" aria-disabled=${saving ? 'true' : 'false'}>${saving ? l.t('saving') : l.t('save')}</button>
        <button part="edit-cancel" class="link-button" type="button" aria-disabled=${saving ? 'true' : 'false'} @click=${() => void this.closePanel()}>
          ${l.t('cancel')}
        </button>
      </div>
    </form>`;
  }

  private renderNotice() {
    return html`<p id="panel-notice" part="notice" class="notice" role="status" ?hidden=${!this.notice}>${this.notice}</p>`;
  }

  private renderDeleteConfirm() {
    const l = this.localizer;
    const deleting = this.node.working === 'delete';
    return html`<div part="delete-confirm" class="panel" role="group" aria-labelledby="delete-question" @keydown=${this.onPanelKeydown}>
      <p id="delete-question" class="question">${l.t('deleteConfirm')}</p>
      ${this.actionError ? html`<p part="delete-error" class="failed" role="alert">${this.actionError}</p>` : nothing}
      <div class="panel-actions">
        <button
          part="delete-confirm-button"
          class="primary danger"
          type="button"
          aria-disabled=${deleting ? 'true' : 'false'}
          @click=${() => {
            if (this.node.working) return;
            this.actionError = '';
            emit(this, 'colloquy-delete-comment', { commentId: this.node.comment.id });
          }}
        >
          ${deleting ? l.t('deleting') : l.t('deleteConfirmButton')}
        </button>
        <button part="delete-cancel" class="link-button" type="button" aria-disabled=${deleting ? 'true' : 'false'} @click=${() => void this.closePanel()}>
          ${l.t('cancel')}
        </button>
      </div>
    </div>`;
  }

  private onReportSubmit(e: SubmitEvent): void {
    e.preventDefault();
    if (this.node.working) return;
    // The one rule for a report (src/core/report.ts). Details longer than 500 cannot be typed
    // (the box keeps to the limit); were they sent anyway, the section refuses them by the same rule.
    const check = checkReport(this.reason, this.details);
    const error = check.ok ? null : (REPORT_FIELD_ERRORS[check.problem] ?? null);
    this.fieldError = error;
    if (error) {
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>(error.field === 'reason' ? 'input[type="radio"]' : '[part~="report-details"]')?.focus(),
      );
      return;
    }
    this.actionError = '';
    const details = check.ok ? (check.report.details ?? '') : this.details;
    emit(this, 'colloquy-report-comment', { commentId: this.node.comment.id, reason: this.reason!, details });
  }

  private renderReportForm() {
    const l = this.localizer;
    const sending = this.node.working === 'report';
    const reasonError = this.fieldErrorOf('reason');
    const detailsError = this.fieldErrorOf('details');
    const other = this.reason === 'other';
    return html`<form part="report-form" class="panel" novalidate aria-busy=${sending ? 'true' : 'false'} @submit=${this.onReportSubmit} @keydown=${this.onPanelKeydown}>
      <fieldset aria-describedby=${reasonError ? 'reason-error' : nothing}>
        <legend part="report-legend">${l.t('reportLegend')}</legend>
        ${REPORT_REASONS.map(
          (r) => html`<label part="report-reason" class="reason">
            <input
              type="radio"
              name="reason"
              value=${r}
              .checked=${this.reason === r}
              ?disabled=${sending}
              aria-invalid=${reasonError ? 'true' : 'false'}
              aria-describedby=${reasonError ? 'reason-error' : nothing}
              @change=${() => {
                this.reason = r;
                if (this.fieldError) this.fieldError = null;
              }}
            />
            ${l.t(REASON_KEYS[r])}
          </label>`,
        )}
      </fieldset>
      <p id="reason-error" part="error" class="error" ?hidden=${!reasonError}>${reasonError}</p>
      <label part="report-details-label" for="report-details">
        ${l.t('reportDetails')}${other ? html`<span part="required-mark" class="required" aria-hidden="true">*</span>` : nothing}
      </label>
      <textarea
        part="report-details"
        id="report-details"
        rows="3"
        dir="auto"
        ?required=${other}
        ?readonly=${sending}
        .value=${this.details}
        aria-invalid=${detailsError ? 'true' : 'false'}
        aria-describedby=${[detailsError ? 'details-error' : '', this.notice ? 'panel-notice' : ''].filter(Boolean).join(' ') || nothing}
        @input=${(e: InputEvent) => {
          this.details = this.fit(e, this.details, MAX_REPORT_DETAILS);
          if (this.fieldError?.field === 'details') this.fieldError = null;
        }}
      ></textarea>
      <div class="under">
        <p id="details-error" part="error" class="error" ?hidden=${!detailsError}>${detailsError}</p>
        <colloquy-char-counter exportparts="counter, counter-near, counter-at" .value=${this.details} .max=${MAX_REPORT_DETAILS} .localizer=${l}></colloquy-char-counter>
      </div>
      ${this.renderNotice()}
      ${this.actionError ? html`<p part="report-error" class="failed" role="alert">${this.actionError}</p>` : nothing}
      <div class="panel-actions">
        <button part="report-submit" class="primary" type="submit" aria-disabled=${sending ? 'true' : 'false'}>
          ${sending ? l.t('reportSending') : l.t('reportSubmit')}
        </button>
        <button part="report-cancel" class="link-button" type="button" aria-disabled=${sending ? 'true' : 'false'} @click=${() => void this.closePanel()}>
          ${l.t('cancel')}
        </button>
      </div>
    </form>`;
  }

  /** A deleted or hidden comment kept for its replies: no author, no text, no actions but its replies'. */
  private renderPlaceholder() {
    const l = this.localizer;
    const c = this.node.comment;
    const text = c.status === 'hidden' ? l.t('commentHidden') : l.t('commentDeleted');
    return html`
      <article
        part="comment comment-deleted${c.status === 'hidden' ? ' comment-hidden' : ''}"
        tabindex="-1"
        aria-label=${text}
        aria-posinset=${this.posinset ?? nothing}
        aria-setsize=${this.setsize ?? nothing}
      >
        <header part="header" class="header">${this.renderTime()}</header>
        <p part="placeholder" class="placeholder">${text}</p>
        ${this.renderReplies()}
      </article>
    `;
  }

  private renderReplies() {
    const children = this.node.children;
    return html`${children.length
        ? html`<div part="replies" class="replies">
            ${repeat(
              children,
              (n) => n.comment.id,
              (n) => html`<colloquy-comment
                exportparts=${COMMENT_EXPORTS}
                .node=${n}
                .maxlength=${this.maxlength}
                .required=${this.required}
                .localizer=${this.localizer}
                .drafts=${this.drafts}
                .offline=${this.offline}
                .now=${this.now}
                .canLike=${this.canLike}
                .canEdit=${this.canEdit}
                .canDelete=${this.canDelete}
                .canReport=${this.canReport}
              ></colloquy-comment>`,
            )}
          </div>`
        : nothing}
      ${this.node.moreReplies ? this.renderMoreReplies(this.node.moreReplies) : nothing}`;
  }

  protected override render() {
    if (isPlaceholder(this.node.comment)) return this.renderPlaceholder();
    const l = this.localizer;
    const { comment: c, replyingTo, sending } = this.node;
    const name = c.authorName?.trim() || '';
    const author = name || l.t('anonymous');
    const authorPart = name ? 'author' : 'author author-anonymous';
    const states = `${sending ? ' comment-sending' : ''}${c.status === 'pending' ? ' comment-pending' : ''}`;
    const status = sending ? l.t('sending') : c.status === 'pending' ? l.t('awaitingModeration') : '';
    const editing = this.panel === 'edit';
    return html`
      <article
        part="comment${states}"
        tabindex="-1"
        aria-label=${author}
        aria-posinset=${this.posinset ?? nothing}
        aria-setsize=${this.setsize ?? nothing}
        aria-busy=${sending ? 'true' : 'false'}
      >
        <header part="header" class="header">
          ${this.avatarHref
            ? html`<img part="avatar" class="avatar" src=${this.avatarHref} alt="" width="32" height="32" loading="lazy" referrerpolicy="no-referrer" />`
            : nothing}
          ${this.authorHref
            ? html`<a id="author" part=${authorPart} class="author" dir="auto" href=${this.authorHref} rel=${LINK_REL} target="_blank">${author}</a>`
            : html`<span id="author" part=${authorPart} class="author" dir="auto">${author}</span>`}
          ${replyingTo !== undefined
            ? html`<span part="replying-to" class="replying-to">${l.t('replyingTo', { name: replyingTo?.trim() || l.t('anonymous') })}</span>`
            : nothing}
          ${this.renderTime()}
          ${c.editedAt ? this.renderEdited(c.editedAt) : nothing}
          ${status ? html`<span part="status" class="status">${status}</span>` : nothing}
        </header>
        ${editing ? this.renderEditForm() : this.renderBody()}
        <div class="actions">
          <button
            part="reply-button"
            class="link-button reply-button"
            type="button"
            aria-expanded=${this.replyOpen ? 'true' : 'false'}
            aria-describedby="author"
            ?disabled=${sending}
            @click=${() => (this.replyOpen ? this.closeReply({ focus: false }) : this.openReply())}
          >
            ${l.t('reply')}
          </button>
          ${this.canLike && !sending ? this.renderLike() : nothing}
          ${this.renderOwnActions()}
        </div>
        ${this.likeError ? html`<p part="comment-like-error" class="like-error" role="alert">${this.likeError}</p>` : nothing}
        ${this.panel === 'delete' ? this.renderDeleteConfirm() : nothing}
        ${this.panel === 'report' ? this.renderReportForm() : nothing}
        ${this.panel === 'report' || this.reportThanks
          ? html`<p part="report-status" class="report-status" role="status">${this.reportThanks ? l.t('reportSent') : ''}</p>`
          : nothing}
        ${this.replyOpen
          ? html`<colloquy-comment-form
              part="reply-form"
              exportparts=${FORM_EXPORTS}
              parent-id=${c.id}
              reply-to=${author}
              .drafts=${this.drafts}
              .draftSlot=${replySlot(c.id)}
              .offline=${this.offline}
              .maxlength=${this.maxlength}
              .required=${this.required}
              .localizer=${this.localizer}
              @colloquy-cancel=${() => void this.closeReply()}
            ></colloquy-comment-form>`
          : nothing}
        ${this.renderReplies()}
      </article>
    `;
  }
}

/** A field error in the report form. */
type ReportFieldError = { field: 'reason' | 'details'; key: TextKey };

/** The report form's message for each problem the one rule finds that the reader can fix there. */
const REPORT_FIELD_ERRORS: Partial<Record<ReportProblem, ReportFieldError>> = {
  reason: { field: 'reason', key: 'reportReasonRequired' },
  'details-required': { field: 'details', key: 'reportDetailsRequired' },
};
