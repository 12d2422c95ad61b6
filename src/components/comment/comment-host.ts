/**
 * What an element that shows comments needs around `renderComment()`: the open view state of
 * each comment (reply form, edit / delete / report panel, errors), what is derived once per
 * comment object, and the delegated event handling. `<colloquy-comment-list>` (the thread) and
 * the standalone `<colloquy-comment>` are both such hosts: one root, many comments, one
 * listener per event type.
 */
import { LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { MAX_REPORT_DETAILS } from '../../core/contract.js';
import type { ReportReason } from '../../core/adapter.js';
import { editSlot, slotForm, type DraftStore } from '../../core/drafts.js';
import { checkReport, type ReportProblem } from '../../core/report.js';
import { DEFAULT_MAX_LENGTH, fitInsertion, isBlank, MAX_MARKS_PER_CHARACTER, normalizeNewlines } from '../../core/text.js';
import { findNode, type CommentAction, type CommentNode } from '../../core/tree.js';
import { defaultLocalizer, type Localizer } from '../../i18n/index.js';
import type { ColloquyCommentForm } from '../comment-form/comment-form.js';
import type { ColloquyCharCounter } from '../char-counter/char-counter.js';
import { emit } from '../shared/events.js';
import { focusIsFree } from '../shared/focus.js';
import { takeOverRoot } from '../shared/take-over.js';
import { maxLengthAttribute } from '../shared/attributes.js';
import { Deriver } from './derive.js';
import { PANELS } from './render-open.js';
import { labelsOf, renderComment, type Labels, type CommentView, type FieldError, type Panel, type RenderContext } from './render.js';

/** The report form's message for each problem the one rule finds that the reader can fix there. */
const REPORT_FIELD_ERRORS: Partial<Record<ReportProblem, FieldError>> = {
  reason: { field: 'reason', key: 'reportReasonRequired' },
  'details-required': { field: 'details', key: 'reportDetailsRequired' },
};

/** An element that renders comments with `renderComment()` into its one shadow root. */
export abstract class CommentHost extends LitElement {
  /** Maximum reply length (passed to reply forms). */
  @property({ converter: maxLengthAttribute }) maxlength = DEFAULT_MAX_LENGTH;

  /** Required fields of reply forms. */
  @property() required = 'name email';

  /** Strings and formats. */
  @property({ attribute: false }) localizer: Localizer = defaultLocalizer();

  /** Where reply and edit drafts are kept (a comment with a saved reply draft reopens its form). */
  @property({ attribute: false }) drafts: DraftStore | null = null;

  /** True while the browser is offline (passed to reply forms). */
  @property({ type: Boolean }) offline = false;

  /** The time relative dates are computed from (defaults to now). */
  @property({ attribute: false }) now: Date | undefined;

  /** Show each comment's Like button and count (the adapter supports comment likes). */
  @property({ attribute: false }) canLike = false;

  /** Show "Edit" on the reader's own comments while they may change (the adapter supports editing). */
  @property({ attribute: false }) canEdit = false;

  /** Show "Delete" on the reader's own comments while they may change (the adapter supports deleting). */
  @property({ attribute: false }) canDelete = false;

  /** Show "Report" on other people's comments (the adapter takes reports). */
  @property({ attribute: false }) canReport = false;

  /** The comments this host shows (top level, with their replies). */
  protected abstract get shown(): readonly CommentNode[];

  private readonly views = new Map<string, CommentView>();
  /** Authors, dates and bodies in words and nodes, once per comment object. */
  private readonly deriver = new Deriver(this.localizer, (id) => {
    this.touch(id);
    this.requestUpdate();
  });
  /** Draft slots found when the drafts arrived, not yet matched to a shown comment. */
  private toRestore = new Set<string>();
  /** Edit or Delete, when it had focus as new nodes came: it may go away with this update. */
  private focusedAction: { id: string; button: HTMLElement } | null = null;

  constructor() {
    super();
    this.addEventListener('colloquy-cancel', (e) => {
      const id = this.idOf(e.composedPath()[0]);
      if (id !== null) void this.closeReply(id);
    });
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = takeOverRoot(this, super.createRenderRoot());
    root.addEventListener('click', (e) => this.onClick(e as MouseEvent));
    root.addEventListener('input', (e) => this.onInput(e as InputEvent));
    root.addEventListener('change', (e) => this.onChange(e));
    root.addEventListener('submit', (e) => this.onSubmitPanel(e as SubmitEvent));
    root.addEventListener('keydown', (e) => this.onKeydown(e as KeyboardEvent));
    return root;
  }

  private lastContext: RenderContext | null = null;
  private labelsCache: { l: Localizer; labels: Labels } | null = null;

  private labels(): Labels {
    if (this.labelsCache?.l !== this.localizer) this.labelsCache = { l: this.localizer, labels: labelsOf(this.localizer) };
    return this.labelsCache.labels;
  }
  /** Per top-level comment, a number that changes whenever what is open in it changes. */
  private readonly versions = new Map<string, number>();

  /**
   * The context every comment template of this render reads: the same object as long as nothing
   * in it changed, so that a comment whose node, position and open state are unchanged is not
   * rendered again (see `renderShown`).
   */
  protected context(setsize: number): RenderContext {
    this.deriver.use(this.localizer);
    const last = this.lastContext;
    if (
      last &&
      last.l === this.localizer &&
      last.now === this.now &&
      last.maxlength === this.maxlength &&
      last.required === this.required &&
      last.drafts === this.drafts &&
      last.offline === this.offline &&
      last.canLike === this.canLike &&
      last.canEdit === this.canEdit &&
      last.canDelete === this.canDelete &&
      last.canReport === this.canReport &&
      last.setsize === setsize
    ) {
      return last;
    }
    return (this.lastContext = {
      l: this.localizer,
      now: this.now,
      maxlength: this.maxlength,
      required: this.required,
      drafts: this.drafts,
      offline: this.offline,
      canLike: this.canLike,
      canEdit: this.canEdit,
      canDelete: this.canDelete,
      canReport: this.canReport,
      setsize,
      view: (id) => this.views.get(id),
      derive: (c) => this.deriver.derive(c),
      labels: this.labels(),
      panels: PANELS,
    });
  }

  /**
   * Renders top-level comment `node` at position `index`, or keeps what it rendered last time
   * when neither the node, its position, the context nor anything open in it changed.
   */
  protected renderShown(node: CommentNode, index: number, ctx: RenderContext, posinset?: number) {
    return guard([node, index, ctx, this.versions.get(node.comment.id) ?? 0], () => renderComment(node, ctx, posinset));
  }

  /** Something shown in comment `id` changed outside its node (open state, an HTML body that arrived). */
  private touch(id: string): void {
    const top = this.shown.find((n) => n.comment.id === id || (n.children.length && findNode(n.children, id)));
    if (top) this.versions.set(top.comment.id, (this.versions.get(top.comment.id) ?? 0) + 1);
  }

  /** Also waits for HTML bodies' sanitizer, so `await el.updateComplete` sees the final bodies. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    while (this.deriver.sanitizing.size) {
      await Promise.all(this.deriver.sanitizing);
      done = await super.getUpdateComplete();
    }
    return done;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const active = this.shadowRoot?.activeElement;
    this.focusedAction =
      active instanceof HTMLElement && active.matches('[part~="edit-button"], [part~="delete-button"]') && this.idOf(active) !== null
        ? { id: this.idOf(active)!, button: active }
        : null;
    // A reply (or an edit) that was being written before a reload comes back, form open, text restored.
    if (changed.has('drafts')) this.toRestore = this.drafts?.savedSlots() ?? new Set();
    if (this.toRestore.size) this.restoreDrafts();
  }

  private restoreDrafts(): void {
    for (const slot of [...this.toRestore]) {
      const of = slotForm(slot);
      const node = of && findNode(this.shown, of.id);
      if (of && !node) continue; // not shown (yet)
      this.toRestore.delete(slot);
      if (!of || !node) continue;
      const view = this.view(of.id);
      if (of.form === 'edit') {
        const saved = this.drafts?.load(slot)?.body;
        if (saved && !view.panel && node.editable && this.canEdit) Object.assign(view, { panel: 'edit', editText: saved });
      } else if (!node.sending) {
        view.reply = true;
      }
      this.touch(of.id);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The edit window closed (or somebody answered) while Edit or Delete had focus: the button
    // is gone, and focus goes to its comment rather than falling to the page.
    const f = this.focusedAction;
    this.focusedAction = null;
    if (f && !f.button.isConnected) this.article(f.id)?.focus();
  }

  /** The open view state of comment `id`, created on first use. */
  private view(id: string): CommentView {
    let v = this.views.get(id);
    if (!v) this.views.set(id, (v = {}));
    return v;
  }

  /** Changes the view of comment `id` and renders. */
  private setView(id: string, patch: Partial<CommentView>): void {
    Object.assign(this.view(id), patch);
    this.touch(id);
    this.requestUpdate();
  }

  /** The id of the comment `target` belongs to (the nearest article). */
  private idOf(target: EventTarget | null | undefined): string | null {
    const article = target instanceof Element ? target.closest<HTMLElement>('[data-id]') : null;
    return article?.dataset.id ?? null;
  }

  private nodeOf(id: string): CommentNode | undefined {
    return findNode(this.shown, id);
  }

  /** The `<article>` of comment `id`, if shown. */
  article(id: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`article[data-id="${CSS.escape(id)}"]`);
  }

  /** An element of comment `id` itself (not of its replies), by part. */
  private own<T extends HTMLElement>(id: string, selector: string): T | null {
    const article = this.article(id);
    if (!article) return null;
    for (const el of article.querySelectorAll<T>(selector)) if (el.closest('article') === article) return el;
    return null;
  }

  /** Whether the reply form of comment `id` is open. */
  isReplyOpen(id: string): boolean {
    return !!this.views.get(id)?.reply;
  }

  /** The panel open under comment `id`: 'edit', 'delete', 'report' or 'none'. */
  openPanel(id: string): Panel | 'none' {
    return this.views.get(id)?.panel ?? 'none';
  }

  /** The reply form of comment `id`, while open. */
  replyForm(id: string): ColloquyCommentForm | null {
    return this.own<ColloquyCommentForm>(id, 'colloquy-comment-form');
  }

  /** Opens the reply form of comment `id` and moves focus into it. */
  async openReply(id: string): Promise<void> {
    const node = this.nodeOf(id);
    if (!node || node.sending) return;
    this.setView(id, { reply: true });
    emit(this, 'colloquy-reply-open', { commentId: id });
    await this.updateComplete;
    this.replyForm(id)?.focus();
  }

  /**
   * Closes the reply form of comment `id`; by default focus returns to its Reply button. A form
   * whose reply is being posted stays open unless `force` (the owner closes it after a confirmed post).
   */
  async closeReply(id: string, options: { focus?: boolean; force?: boolean } = {}): Promise<void> {
    if (this.replyForm(id)?.busy && !options.force) return;
    this.setView(id, { reply: false });
    await this.updateComplete;
    if (options.focus ?? true) this.own<HTMLButtonElement>(id, '[part~="reply-button"]')?.focus();
  }

  /** Opens the edit form of comment `id` in place of its body, with the saved draft or the current text, and focuses it. */
  async openEdit(id: string): Promise<void> {
    const node = this.nodeOf(id);
    if (!node?.editable || !this.canEdit) return;
    const editText = this.drafts?.load(editSlot(id))?.body || node.comment.body;
    this.openPanelOf(id, 'edit', { editText });
    await this.updateComplete;
    const ta = this.own<HTMLTextAreaElement>(id, '[part~="edit-textarea"]');
    ta?.focus();
    ta?.setSelectionRange(ta.value.length, ta.value.length);
  }

  /** Asks "Delete this comment?" inline under comment `id`; focus goes to its Cancel button. */
  async openDelete(id: string): Promise<void> {
    const node = this.nodeOf(id);
    if (!node?.editable || !this.canDelete) return;
    this.openPanelOf(id, 'delete');
    await this.updateComplete;
    this.own<HTMLButtonElement>(id, '[part~="delete-cancel"]')?.focus();
  }

  /** Opens the report form of comment `id`; focus goes to the first reason. */
  async openReport(id: string): Promise<void> {
    const node = this.nodeOf(id);
    if (!node || !this.canReport || node.reported || node.editable || node.own) return;
    this.openPanelOf(id, 'report', { reason: null, details: '', reportThanks: false });
    await this.updateComplete;
    this.own<HTMLInputElement>(id, 'input[type="radio"]')?.focus();
  }

  private openPanelOf(id: string, panel: Panel, patch: Partial<CommentView> = {}): void {
    this.setView(id, { panel, fieldError: null, notice: '', actionError: '', ...patch });
  }

  /**
   * Closes the panel open under comment `id` (Cancel, Escape) unless its action is in flight;
   * focus goes back to the button that opened it. An edit cancelled forgets its draft.
   */
  async closePanel(id: string, options: { focus?: boolean; force?: boolean } = {}): Promise<void> {
    const panel = this.views.get(id)?.panel;
    if (!panel || (this.nodeOf(id)?.working && !options.force)) return;
    if (panel === 'edit') this.drafts?.clear(editSlot(id));
    this.setView(id, { panel: undefined, fieldError: null, notice: '', actionError: '' });
    await this.updateComplete;
    if (options.focus ?? true) this.focusAction(id, panel);
  }

  /**
   * The owner calls this when the adapter confirmed what the reader asked: the edit form closes
   * (its draft is forgotten), or the report form closes and "Thank you…" is shown. Focus goes
   * back to the Edit or Report button when it was in this comment.
   */
  async finishAction(id: string, action: CommentAction): Promise<void> {
    const hadFocus = focusIsFree(this.article(id));
    if (action === 'report') this.setView(id, { reportThanks: true });
    if (this.views.get(id)?.panel === action) await this.closePanel(id, { focus: false, force: true });
    await this.updateComplete;
    if (hadFocus) this.focusAction(id, action);
  }

  /** Shows why the last edit, delete or report of comment `id` failed, in its open panel. */
  showActionError(id: string, message: string): void {
    this.setView(id, { actionError: message });
  }

  /** Shows why the last like of comment `id` was not saved. */
  showLikeError(id: string, message: string): void {
    this.setView(id, { likeError: message });
  }

  /** Focus on the button of `panel`, or on the comment when that button is gone (the window closed). */
  private focusAction(id: string, panel: Panel): void {
    const button = this.own<HTMLButtonElement>(id, `[part~="${panel}-button"]`);
    if (button) button.focus();
    else this.article(id)?.focus();
  }

  /** Moves focus to comment `id` and brings it into view (`block` as for `scrollIntoView`). Resolves false when it is not shown. */
  async focusComment(id: string, block: ScrollLogicalPosition = 'nearest'): Promise<boolean> {
    await this.updateComplete;
    const article = this.article(id);
    if (!article) return false;
    article.focus({ preventScroll: true });
    article.scrollIntoView?.({ block });
    return true;
  }

  private onClick(e: MouseEvent): void {
    const button = (e.target as Element).closest?.<HTMLElement>('[data-action]');
    const id = this.idOf(button);
    if (!button || id === null) return;
    const node = this.nodeOf(id);
    if (!node) return;
    const panel = this.views.get(id)?.panel;
    switch (button.dataset.action) {
      case 'reply':
        void (this.isReplyOpen(id) ? this.closeReply(id, { focus: false }) : this.openReply(id));
        return;
      case 'like':
        if (this.views.get(id)?.likeError) this.setView(id, { likeError: '' });
        emit(this, 'colloquy-like-comment', { commentId: id, liked: !node.comment.liked });
        return;
      case 'edit':
        void (panel === 'edit' ? this.closePanel(id) : this.openEdit(id));
        return;
      case 'delete':
        void (panel === 'delete' ? this.closePanel(id) : this.openDelete(id));
        return;
      case 'report':
        void (panel === 'report' ? this.closePanel(id) : this.openReport(id));
        return;
      case 'cancel-panel':
        void this.closePanel(id);
        return;
      case 'confirm-delete':
        if (node.working) return;
        this.setView(id, { actionError: '' });
        emit(this, 'colloquy-delete-comment', { commentId: id });
        return;
      case 'more-replies':
        if (!node.moreReplies?.loading) emit(this, 'colloquy-load-replies', { commentId: id });
        return;
    }
  }

  /** A text box that keeps within `max` characters: a paste that does not fit is cut, and the reader told. */
  private fit(e: InputEvent, view: CommentView, previous: string, max: number): string {
    const ta = e.target as HTMLTextAreaElement;
    const fit = fitInsertion(previous, ta.value, max);
    if (fit.cut) {
      ta.value = fit.value;
      ta.setSelectionRange(fit.caret, fit.caret);
      if (fit.marksCut) view.notice = this.localizer.t('marksCut', { marks: MAX_MARKS_PER_CHARACTER });
      else if (e.inputType === 'insertFromPaste' || e.inputType === 'insertFromDrop') view.notice = this.localizer.t('pasteCut', { max });
    } else if (view.notice) {
      view.notice = '';
    }
    return fit.value;
  }

  private onInput(e: InputEvent): void {
    const field = (e.target as HTMLElement).dataset?.field;
    const id = this.idOf(e.target);
    if (id === null || (field !== 'edit' && field !== 'details')) return;
    const view = this.view(id);
    const before = `${view.notice}|${view.fieldError?.field}`;
    if (field === 'edit') {
      view.editText = this.fit(e, view, view.editText ?? '', this.maxlength);
      this.drafts?.save(editSlot(id), { authorName: '', authorEmail: '', body: view.editText });
    } else {
      view.details = this.fit(e, view, view.details ?? '', MAX_REPORT_DETAILS);
    }
    if (view.fieldError && (field === 'edit' || view.fieldError.field === 'details')) view.fieldError = null;
    // Typing touches this comment's counter only; the whole list renders only when more than that changed.
    const counter = (e.target as Element).parentElement?.querySelector<ColloquyCharCounter>('colloquy-char-counter');
    if (counter) counter.value = field === 'edit' ? view.editText! : view.details!;
    if (`${view.notice}|${view.fieldError?.field}` !== before) {
      this.touch(id);
      this.requestUpdate();
    }
  }

  private onChange(e: Event): void {
    const input = e.target as HTMLInputElement;
    const id = this.idOf(input);
    if (id === null || input.dataset?.field !== 'reason') return;
    this.setView(id, { reason: input.value as ReportReason, fieldError: null });
  }

  private onSubmitPanel(e: SubmitEvent): void {
    const form = e.target as HTMLFormElement;
    const kind = form.dataset?.form;
    const id = this.idOf(form);
    if (id === null || (kind !== 'edit' && kind !== 'report')) return;
    e.preventDefault();
    const node = this.nodeOf(id);
    if (!node || node.working) return;
    const view = this.view(id);
    if (kind === 'edit') this.submitEdit(id, node, view);
    else this.submitReport(id, view);
  }

  private submitEdit(id: string, node: CommentNode, view: CommentView): void {
    this.drafts?.flush(editSlot(id));
    const text = view.editText ?? '';
    const key = text === '' ? 'bodyRequired' : isBlank(text) ? 'bodyBlank' : null;
    if (key) {
      this.setView(id, { fieldError: { field: 'edit', key } });
      void this.updateComplete.then(() => this.own<HTMLTextAreaElement>(id, '[part~="edit-textarea"]')?.focus());
      return;
    }
    const body = normalizeNewlines(text).trim();
    // Nothing changed: nothing to save.
    if (body === node.comment.body) {
      void this.closePanel(id);
      return;
    }
    this.setView(id, { actionError: '' });
    emit(this, 'colloquy-edit-comment', { commentId: id, body });
  }

  private submitReport(id: string, view: CommentView): void {
    // The one rule for a report (src/core/report.ts). Details longer than 500 cannot be typed
    // (the box keeps to the limit); were they sent anyway, the section refuses them by the same rule.
    const check = checkReport(view.reason ?? null, view.details ?? '');
    const error = check.ok ? null : (REPORT_FIELD_ERRORS[check.problem] ?? null);
    this.setView(id, { fieldError: error });
    if (error) {
      void this.updateComplete.then(() =>
        this.own<HTMLElement>(id, error.field === 'reason' ? 'input[type="radio"]' : '[part~="report-details"]')?.focus(),
      );
      return;
    }
    this.setView(id, { actionError: '' });
    const details = check.ok ? (check.report.details ?? '') : (view.details ?? '');
    emit(this, 'colloquy-report-comment', { commentId: id, reason: view.reason!, details });
  }

  /** Escape closes the open panel. */
  private onKeydown(e: KeyboardEvent): void {
    if (e.key !== 'Escape' || !(e.target as Element).closest?.('.panel')) return;
    const id = this.idOf(e.target);
    if (id === null) return;
    e.preventDefault();
    e.stopPropagation();
    void this.closePanel(id);
  }
}
