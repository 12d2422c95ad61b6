import { LitElement, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { toAdapterError, type CommentsAdapter, type NewComment, type SortOrder } from '../../core/adapter.js';
import { browserStorage, writeJson } from '../../core/storage.js';
import { DraftStore } from '../../core/drafts.js';
import { DEFAULT_MAX_LENGTH, parseRequired } from '../../core/text.js';
import { safeHttpUrl } from '../../core/urls.js';
import { newIdempotencyKey, replyIds, ThreadStore, type CommentNode } from '../../core/thread.js';
import { Localizer, type Messages } from '../../i18n/index.js';
import { catalogNow, loadCatalog, onCatalogRegistered } from '../../i18n/catalogs.js';
import { ColloquyCommentForm } from '../comment-form/comment-form.js';
import type { ColloquyCommentList } from '../comment-list/comment-list.js';
import {
  emit,
  type DeleteCommentDetail,
  type EditCommentDetail,
  type LikeCommentDetail,
  type LoadRepliesDetail,
  type ReportCommentDetail,
  type SubmitDetail,
} from '../shared/events.js';
import { maxLengthAttribute, pageSizeAttribute, replyDepthAttribute } from '../shared/attributes.js';
import { focusIsFree } from '../shared/focus.js';
import { adapterFor, waitForAdapter, DefaultAdapterController } from '../shared/adapters.js';
import { renderSection, SECTION_STYLES } from './section-template.js';
import { inlineMessages, readSort, SORT_KEY, sortFor } from './section-state.js';
import { localeOf } from '../shared/lang.js';
import { takeOverRoot } from '../shared/take-over.js';
import { takeFirstPage } from './hand-off.js';

/** The message for each failed action on a comment. */
const FAILED = { edit: 'editFailed', delete: 'deleteFailed', report: 'reportFailed' } as const;

/** Where comment `id` sits in the tree: its siblings, and the comment it is shown under. */
function locate(nodes: CommentNode[], id: string, parent: CommentNode | null = null): { siblings: CommentNode[]; parent: CommentNode | null } | null {
  for (const n of nodes) {
    if (n.comment.id === id) return { siblings: nodes, parent };
    const found = locate(n.children, id, n);
    if (found) return found;
  }
  return null;
}

/** The first comment of `ids` in display order. */
function firstShown(nodes: CommentNode[], ids: ReadonlySet<string>): string | undefined {
  for (const n of nodes) {
    if (ids.has(n.comment.id)) return n.comment.id;
    const inside = firstShown(n.children, ids);
    if (inside) return inside;
  }
  return undefined;
}

/** The comment id in an address's `#comment-<id>`, or null. */
export function commentIdFromHash(hash: string): string | null {
  if (!hash.startsWith('#comment-') || hash.length === 9) return null;
  try {
    return decodeURIComponent(hash.slice(9));
  } catch {
    return null;
  }
}

/**
 * The whole comment section of an article: like prompt, comment count, comment policy link,
 * required-field note, the form and the list of comments with replies. It owns the adapter:
 * its children never talk to a backend themselves.
 *
 * @tagname colloquy-comments
 * @summary A complete comment section.
 *
 * @attr thread - Required. The id of the thread (usually one per article); opaque to Colloquy.
 * @attr theme - `auto` (default: follows the page's `color-scheme`, so a page with `color-scheme: light dark` follows the reader's system), `light` or `dark`.
 * @attr api - Base URL of a backend implementing docs/http-api.md (e.g. the reference server); used when no `adapter` property is set.
 * @attr policy-href - URL of the comment policy (http, https or relative); the "Comment Policy" link is hidden without one.
 * @attr maxlength - Maximum comment length in user-perceived characters (default 1500).
 * @attr required - Required fields, e.g. `"name email"` (default), `"name"`, or `""` (the comment itself always is).
 * @attr reply-depth - Deepest reply nesting shown (default 3); deeper replies show at that level with "replying to <name>".
 * @attr page-size - Top-level comments fetched per page, each with its replies (default 20).
 * @attr lang - Language of the section: en, fr, ru, ar or ur are shipped (others fall back to English strings with that locale's numbers, plurals and dates); defaults to the nearest `lang` in the page. Arabic and Urdu lay out right to left.
 *
 * @fires colloquy-submit - Cancelable, before a comment is posted. `detail.input` may be amended; `preventDefault()` vetoes.
 * @fires colloquy-comment-posted - The backend confirmed a comment. `detail`: `{ thread, comment }`.
 * @fires colloquy-reaction - The reader voted on the article.
 * @fires colloquy-comment-edited - The backend saved the reader's change to their comment. `detail`: `{ thread, comment }`.
 * @fires colloquy-comment-deleted - The backend deleted the reader's comment. `detail`: `{ thread, commentId }`.
 * @fires colloquy-comment-reported - The backend took the reader's report. `detail`: `{ thread, commentId, reason }`.
 * @fires colloquy-error - Loading, posting, voting, editing, deleting or reporting failed. `detail`: `{ action, error, thread }`.
 *
 * @csspart base - The `<section>`.
 * @csspart count - The heading with the number of comments.
 * @csspart form-header - The row with the policy link and the required-field note.
 * @csspart policy-link - The "Comment Policy" link.
 * @csspart required-note - "* Denotes required field".
 * @csspart sort-label - "Sort by", the label of the sort control (shown when the backend can sort by likes).
 * @csspart sort - The sort `<select>`: oldest (default), newest, most liked; the choice is remembered on this site.
 * @csspart stage-error - Script-tag path only: the comment form's code could not be loaded (after a second try); says so, with "Try again". What was typed stays.
 * @csspart main-form - The top comment form element (its inner parts are re-exported: form, field, label, input, textarea, counter, error, submit-button…).
 *
 * @cssprop --colloquy-font - Font family (default: inherited from the page).
 * @cssprop --colloquy-font-size - Base font size (default: inherited).
 * @cssprop --colloquy-line-height - Line height (default 1.5).
 * @cssprop --colloquy-color-text - Text color (default: inherited; with a forced theme, that theme's).
 * @cssprop --colloquy-color-background - Background with a forced theme (default: transparent in auto).
 * @cssprop --colloquy-color-rule - Separators between comments and beside replies.
 * @cssprop --colloquy-color-focus - Focus ring (falls back to the accent).
 * @cssprop --colloquy-color-muted - Secondary text (times, hints).
 * @cssprop --colloquy-color-accent - Links, buttons, focus ring.
 * @cssprop --colloquy-color-on-accent - Text on accent backgrounds.
 * @cssprop --colloquy-color-border - Field borders and separators.
 * @cssprop --colloquy-color-surface - Field backgrounds.
 * @cssprop --colloquy-color-danger - Errors and the at-limit counter.
 * @cssprop --colloquy-color-warning - The near-limit counter.
 * @cssprop --colloquy-radius - Corner radius.
 * @cssprop --colloquy-space-1 - Smallest spacing step (0.25rem); also -2, -3, -4, -5.
 * @cssprop --colloquy-section-gap - Space between the parts of the section.
 */
export class ColloquyComments extends LitElement {
  static override styles = SECTION_STYLES;

  /** The thread id. */
  @property({ reflect: true }) thread = '';

  /**
   * `auto` (default) follows the page's color-scheme; `light` or `dark` force one. A plain
   * attribute, not a reactive property: switching is pure CSS and never re-renders anything.
   */
  get theme(): 'auto' | 'light' | 'dark' {
    const t = this.getAttribute('theme');
    return t === 'light' || t === 'dark' ? t : 'auto';
  }
  set theme(value: 'auto' | 'light' | 'dark') {
    this.setAttribute('theme', value);
  }

  /** Base URL of an HTTP backend (docs/http-api.md); a RestAdapter is created for it. */
  @property() api: string | null = null;

  /** Comment policy URL. */
  @property({ attribute: 'policy-href' }) policyHref: string | null = null;

  /** Maximum comment length. */
  @property({ converter: maxLengthAttribute }) maxlength = DEFAULT_MAX_LENGTH;

  /** Required fields. */
  @property() required = 'name email';

  /** Deepest reply nesting shown. */
  @property({ attribute: 'reply-depth', converter: replyDepthAttribute }) replyDepth = 3; // replyDepthAttribute's default

  /** Top-level comments per page. */
  @property({ attribute: 'page-size', converter: pageSizeAttribute }) pageSize = 20; // pageSizeAttribute's default

  /** The backend for this section. When unset, the page default or the browser-only fallback is used. */
  @property({ attribute: false }) adapter: CommentsAdapter | null = null;

  /** Overrides for any string (also possible with a `<script type="application/json">` child). */
  @property({ attribute: false }) messages: Partial<Messages> = {};

  /** True while the browser reports being offline. */
  @state() private offline = false;
  /** Order of top-level comments: remembered in localStorage ("colloquy:sort") for every thread on the site. */
  @state() private sort: SortOrder = readSort();

  @query('colloquy-comment-list') private list?: ColloquyCommentList;
  @query('[part~="main-form"]') private mainForm?: ColloquyCommentForm;

  private drafts: DraftStore | null = null;
  private langObserver: MutationObserver | null = null;
  private unsubscribeCatalogs: (() => void) | null = null;

  private store: ThreadStore | null = null;
  private storeAdapter: CommentsAdapter | null = null;
  private unsubscribeStore: (() => void) | null = null;
  private localizerCache: Localizer | null = null;
  /** Forms whose submission is being handled (guards against a double click). */
  private readonly submitting = new WeakSet<ColloquyCommentForm>();

  constructor() {
    super();
    new DefaultAdapterController(this); // re-renders when the page registers a default adapter later
    this.addEventListener('colloquy-submit', (e) => this.onSubmit(e));
    this.addEventListener('colloquy-retry', () => void this.retry());
    this.addEventListener('colloquy-load-more', () => void this.loadMore());
    this.addEventListener('colloquy-load-replies', (e) => void this.loadReplies(e));
    this.addEventListener('colloquy-like-comment', (e) => void this.likeComment(e));
    this.addEventListener('colloquy-edit-comment', (e) => void this.editComment(e));
    this.addEventListener('colloquy-delete-comment', (e) => void this.deleteComment(e));
    this.addEventListener('colloquy-report-comment', (e) => void this.reportComment(e));
    this.addEventListener('colloquy-show-new', () => void this.showNew());
  }

  /**
   * The adapter in use: the `adapter` property, else a RestAdapter for the `api` attribute, else
   * the page default, else (once the page's scripts have run) the browser-only fallback. Null
   * while still waiting for the page.
   */
  get activeAdapter(): CommentsAdapter | null {
    return adapterFor(this.adapter, this.api);
  }

  /** The thread's state (for tests and advanced hosts). */
  get threadStore(): ThreadStore | null {
    return this.store;
  }

  /** Reloads the thread from the adapter. */
  reload(): Promise<void> {
    return this.store?.load() ?? Promise.resolve();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    this.readInlineMessages();
    // A change of `lang` here or anywhere above re-renders in the new language, as does a new catalog.
    this.langObserver = new MutationObserver(() => this.requestUpdate());
    this.langObserver.observe(document, { attributes: true, attributeFilter: ['lang'], subtree: true });
    if (this.getRootNode() !== document) this.langObserver.observe(this, { attributes: true, attributeFilter: ['lang'] });
    this.unsubscribeCatalogs = onCatalogRegistered(() => {
      this.localizerCache = null;
      this.requestUpdate();
    });
    window.addEventListener('online', this.onConnectivity);
    window.addEventListener('offline', this.onConnectivity);
    window.addEventListener('pagehide', this.onPageHide);
    window.addEventListener('hashchange', this.onHashChange);
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.onConnectivity);
    window.removeEventListener('offline', this.onConnectivity);
    window.removeEventListener('pagehide', this.onPageHide);
    window.removeEventListener('hashchange', this.onHashChange);
    this.langObserver?.disconnect();
    this.unsubscribeCatalogs?.();
    this.drafts?.dispose();
    this.dropStore();
  }

  private readonly onConnectivity = (): void => {
    this.offline = navigator.onLine === false;
  };

  /** The tab is going away: write pending drafts now rather than after the typing pause. */
  private readonly onPageHide = (): void => this.drafts?.flush();

  /** The locale: this element's `lang`, else the nearest `lang` above it (across shadow roots), else English. */
  get locale(): string {
    return localeOf(this);
  }

  private get localizer(): Localizer {
    const locale = this.locale;
    const catalog = catalogNow(locale);
    if (catalog === undefined) {
      // Render in English meanwhile; the catalog arrives once and every section re-renders with it.
      void loadCatalog(locale).then(() => this.requestUpdate());
    }
    const key = `${locale}|${catalog ? 'catalog' : ''}`;
    if (!this.localizerCache || this.localizerKey !== key) {
      this.localizerCache = new Localizer(locale, { ...catalog, ...this.inlineMessages, ...this.messages });
      this.localizerKey = key;
    }
    return this.localizerCache;
  }

  /** Messages from a `<script type="application/json">` child, read once when connected. */
  private inlineMessages: Partial<Messages> = {};
  private localizerKey = '';

  private readInlineMessages(): void {
    this.localizerCache = null;
    this.inlineMessages = inlineMessages(this);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('messages')) this.localizerCache = null;
    if (!this.thread) {
      this.dropStore();
      return;
    }
    if (!this.drafts || this.drafts.thread !== this.thread) {
      this.drafts?.dispose();
      this.drafts = new DraftStore(this.thread);
    }
    const adapter = this.activeAdapter;
    if (!adapter) {
      // Still waiting for the page's scripts, or for the browser-only fallback's code to arrive.
      void waitForAdapter().then(() => this.requestUpdate(), () => undefined);
      return;
    }
    // "Most liked" needs likes: a remembered choice falls back to oldest for a backend without them.
    const sort = sortFor(this.sort, typeof adapter.likeComment === 'function');
    const stale = !this.store || this.store.thread !== this.thread || this.storeAdapter !== adapter || this.store.pageSize !== this.pageSize;
    if (stale) {
      this.dropStore();
      const store = new ThreadStore(adapter, this.thread, { pageSize: this.pageSize, maxDepth: this.replyDepth, sort });
      this.store = store;
      this.storeAdapter = adapter;
      this.unsubscribeStore = store.subscribe(() => this.onStoreChange(store));
      const source = this.adapter ?? this.api?.trim() ?? '';
      const first = takeFirstPage(this, { source, thread: this.thread, pageSize: this.pageSize, sort });
      if (first === undefined || !store.hydrate(first)) void store.load();
    } else if (this.store) {
      if (changed.has('replyDepth')) this.store.maxDepth = this.replyDepth;
      // Reloaded in place, so posts in flight, open forms and drafts stay as they are.
      if (this.store.sort !== sort) void this.store.setSort(sort);
    }
  }

  private dropStore(): void {
    this.unsubscribeStore?.();
    this.unsubscribeStore = null;
    this.store?.dispose();
    this.store = null;
    this.storeAdapter = null;
  }

  private lastReportedError: unknown = null;
  /** The store whose first page was checked for a `#comment-<id>` in the address. */
  private hashFollowedFor: ThreadStore | null = null;

  /**
   * A link to `#comment-<id>` (the page's address, on load or when it changes): the comment,
   * when it is shown, is scrolled to and focused. The browser cannot do it by itself: the
   * comment is inside the section's shadow root.
   */
  private async followHash(): Promise<void> {
    const id = commentIdFromHash(location.hash);
    if (id === null || this.store?.status !== 'ready') return;
    await this.updateComplete;
    await this.list?.focusComment(id, 'start');
  }

  private readonly onHashChange = (): void => void this.followHash();

  private onStoreChange(store: ThreadStore): void {
    this.requestUpdate();
    if (store.status === 'ready' && this.hashFollowedFor !== store) {
      this.hashFollowedFor = store;
      void this.followHash();
    }
    if (store.status === 'error' && store.error && store.error !== this.lastReportedError) {
      this.lastReportedError = store.error;
      emit(this, 'colloquy-error', { action: 'load', error: store.error, thread: this.thread });
    }
  }

  /**
   * "Load more comments": the next page is announced ("20 more comments loaded"), and a reader
   * who pressed the button goes on to the first comment that arrived (the button may be gone:
   * that was the last page), so focus never falls to the page.
   */
  private async loadMore(): Promise<void> {
    const store = this.store;
    if (!store) return;
    const button = this.list?.shadowRoot?.querySelector('[part~="load-more"]');
    const before = new Set(store.tree.map((n) => n.comment.id));
    await store.loadMore();
    if (store !== this.store) return;
    if (store.moreError) {
      emit(this, 'colloquy-error', { action: 'load-more', error: store.moreError, thread: this.thread });
      return;
    }
    const added = store.tree.filter((n) => !before.has(n.comment.id));
    if (!added.length) return;
    const total = added.reduce((sum, n) => sum + 1 + replyIds(n).length, 0);
    this.announce(this.localizer.plural('moreCommentsLoaded', total));
    if (focusIsFree(button)) await this.list?.focusComment(added[0]!.comment.id);
  }

  /** A polite announcement in the list's status region; cleared after a moment so a repeat is read again. */
  private announce(text: string): void {
    if (!this.list) return;
    this.list.announcement = text;
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => this.list && (this.list.announcement = ''), 5000);
  }

  private announceTimer: ReturnType<typeof setTimeout> | undefined;

  /** "Try again" after a failed first load: once it works, the reader goes on to the first comment (or the form). */
  private async retry(): Promise<void> {
    const store = this.store;
    if (!store) return;
    const button = this.list?.shadowRoot?.querySelector('[part~="retry-button"]');
    await store.load();
    if (store !== this.store || store.status !== 'ready' || !focusIsFree(button)) return;
    await this.updateComplete;
    const first = store.tree[0];
    if (!first || !(await this.list?.focusComment(first.comment.id))) this.mainForm?.focus();
  }

  private async likeComment(e: CustomEvent<LikeCommentDetail>): Promise<void> {
    try {
      await this.store?.like(e.detail.commentId, e.detail.liked);
    } catch (err) {
      const error = toAdapterError(err);
      this.list?.showLikeError(e.detail.commentId, this.localizer.t('commentLikeFailed', { reason: this.localizer.error(error) }));
      emit(this, 'colloquy-error', { action: 'like', error, thread: this.thread });
    }
  }

  private async editComment(e: CustomEvent<EditCommentDetail>): Promise<void> {
    const store = this.store;
    if (!store) return;
    const id = e.detail.commentId;
    try {
      const comment = await store.edit(id, e.detail.body);
      await this.list?.finishAction(id, 'edit');
      emit(this, 'colloquy-comment-edited', { thread: store.thread, comment });
    } catch (err) {
      this.actionFailed(id, 'edit', err, store.thread);
    }
  }

  /** Deletes after the reader confirmed; focus goes to the comment beside it (or the one it answered). */
  private async deleteComment(e: CustomEvent<DeleteCommentDetail>): Promise<void> {
    const store = this.store;
    if (!store) return;
    const id = e.detail.commentId;
    const where = locate(store.tree, id);
    const i = where ? where.siblings.findIndex((n) => n.comment.id === id) : -1;
    const next = where && (where.siblings[i + 1] ?? where.siblings[i - 1] ?? where.parent);
    try {
      const focusWasHere = focusIsFree(this.list?.article(id));
      await store.remove(id);
      await this.updateComplete;
      emit(this, 'colloquy-comment-deleted', { thread: store.thread, commentId: id });
      if (!focusWasHere || store !== this.store) return;
      if (!next || !(await this.list?.focusComment(next.comment.id))) this.mainForm?.focus();
    } catch (err) {
      this.actionFailed(id, 'delete', err, store.thread);
    }
  }

  /** Shows on the comment why the reader's edit, delete or report failed, and raises colloquy-error. */
  private actionFailed(id: string, action: 'edit' | 'delete' | 'report', err: unknown, thread: string): void {
    const error = toAdapterError(err);
    const l = this.localizer;
    this.list?.showActionError(id, l.t(FAILED[action], { reason: l.error(error) }));
    emit(this, 'colloquy-error', { action, error, thread });
  }

  private async reportComment(e: CustomEvent<ReportCommentDetail>): Promise<void> {
    const store = this.store;
    if (!store) return;
    const { commentId, reason, details } = e.detail;
    try {
      await store.report(commentId, reason, details);
      await this.list?.finishAction(commentId, 'report');
      emit(this, 'colloquy-comment-reported', { thread: store.thread, commentId, reason });
    } catch (err) {
      this.actionFailed(commentId, 'report', err, store.thread);
    }
  }

  /**
   * "3 new comments — show": merges them in (past the store's cap, reloads the thread in place),
   * then takes the reader to the first of them, unless they moved on to another field meanwhile.
   */
  private async showNew(): Promise<void> {
    const store = this.store;
    if (!store) return;
    const ids = new Set(await store.showNew());
    if (store !== this.store || !focusIsFree(this.list)) return;
    await this.updateComplete;
    const first = firstShown(store.tree, ids);
    if (first) await this.list?.focusComment(first);
  }

  private onSort(e: Event): void {
    const value = (e.target as HTMLSelectElement).value as SortOrder;
    this.sort = value;
    writeJson(browserStorage(), SORT_KEY, value);
  }

  /** "Show N more replies": loads them, then takes the reader to the first one that arrived. */
  private async loadReplies(e: CustomEvent<LoadRepliesDetail>): Promise<void> {
    const store = this.store;
    const id = e.detail.commentId;
    const node = () => store?.tree.find((n) => n.comment.id === id);
    const before = node();
    if (!store || !before?.moreReplies || before.moreReplies.loading) return;
    const button = this.list?.article(id)?.querySelector(':scope > [part~="more-replies"]');
    const shown = new Set(replyIds(before));
    await store.loadReplies(id);
    const after = node();
    if (after?.moreReplies?.error) {
      emit(this, 'colloquy-error', { action: 'load-replies', error: after.moreReplies.error, thread: this.thread });
      return;
    }
    const first = after && replyIds(after).find((r) => !shown.has(r));
    if (!first || store !== this.store || !focusIsFree(button)) return;
    await this.updateComplete;
    await this.list?.focusComment(first);
  }

  private onSubmit(e: CustomEvent<SubmitDetail>): void {
    const form = e.composedPath()[0];
    if (!(form instanceof ColloquyCommentForm) || this.submitting.has(form)) return;
    this.submitting.add(form);
    // Decide after the event has reached every listener, so a host page can still veto or amend it.
    queueMicrotask(() => {
      if (e.defaultPrevented) {
        this.submitting.delete(form);
        return;
      }
      void this.post(form, e.detail.input).finally(() => this.submitting.delete(form));
    });
  }

  private async post(form: ColloquyCommentForm, input: NewComment): Promise<void> {
    const store = this.store;
    if (!store) return;
    const thread = store.thread;
    // The same text from the same form is a retry (even after a reload): it keeps its idempotency key.
    const drafts = this.drafts?.thread === thread ? this.drafts : new DraftStore(thread, null);
    const key = drafts.keyFor(form.draftSlot, JSON.stringify(input), newIdempotencyKey);
    form.error = '';
    form.busy = true;
    const l = this.localizer;
    try {
      const saved = await store.post(input, key);
      form.busy = false;
      if (!form.isConnected) {
        // The page moved on (a reload, a re-mount) while posting. Its draft and key stay saved: a
        // form restored from them that posts the same text gets this comment back, not a second one.
        emit(this, 'colloquy-comment-posted', { thread, comment: saved });
        return;
      }
      if (saved.body !== input.body) {
        // The backend already had an earlier version of this comment (a post whose answer was
        // lost, then edited): nothing new was stored. Keep the edited text for the reader to decide.
        drafts.forgetKey(form.draftSlot);
        form.error = l.t('earlierVersionPosted');
        emit(this, 'colloquy-comment-posted', { thread, comment: saved });
        return;
      }
      form.reset(input.body);
      emit(this, 'colloquy-comment-posted', { thread, comment: saved });
      if (store !== this.store) return; // the section moved on to another thread meanwhile
      // Focus follows the post only if the reader is still on the form that posted it (or nowhere):
      // never pull it out of another field they have started typing in.
      const focusWasHere = focusIsFree(form);
      if (form.parentId !== null) await this.list?.closeReply(form.parentId, { focus: false, force: true });
      await this.updateComplete;
      if (focusWasHere) await this.list?.focusComment(saved.id);
    } catch (err) {
      const error = toAdapterError(err);
      // A network failure or a 5xx may have stored the comment: keep its key, even for edits.
      if (error.kind === 'network' || error.kind === 'server') drafts.markUncertain(form.draftSlot);
      else drafts.markRefused(form.draftSlot);
      form.busy = false;
      // A refusal (too long, a duplicate, not allowed…) stays a refusal: no "Try again" then.
      form.retryable = error.retryable;
      form.error = l.t('postFailed', { reason: l.error(error) });
      emit(this, 'colloquy-error', { action: 'post', error, thread });
    }
  }

  private readonly onSortChange = (e: Event): void => this.onSort(e);

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    return takeOverRoot(this, super.createRenderRoot());
  }

  protected override render() {
    const store = this.store;
    const l = this.localizer;
    return renderSection({
      l,
      thread: this.thread,
      policy: this.policyHref ? safeHttpUrl(this.policyHref, document.baseURI) : null,
      likeAdapter: store ? this.storeAdapter : null,
      status: store?.status ?? 'loading',
      count: store?.count ?? 0,
      nodes: store?.tree ?? [],
      errorMessage:
        store?.status === 'error' && store.error ? l.t('loadFailed', { reason: l.error(store.error) }) : store?.moreError ? l.error(store.moreError) : '',
      hasMore: store?.nextCursor != null,
      loadingMore: store?.loadingMore ?? false,
      newCount: store?.newCount ?? 0,
      canLike: store?.canLike ?? false,
      canEdit: store?.canEdit ?? false,
      canDelete: store?.canDelete ?? false,
      canReport: store?.canReport ?? false,
      sort: this.sort,
      onSort: this.onSortChange,
      drafts: this.drafts,
      offline: this.offline,
      maxlength: this.maxlength,
      required: parseRequired(this.required).join(' '),
    });
  }
}
