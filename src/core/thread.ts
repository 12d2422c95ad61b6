/**
 * ThreadStore: the state of one thread (loaded pages, optimistic posts, the reply tree, the
 * reader's own comments and reports, live updates) and the only code that calls the adapter for
 * comments. DOM-free; components subscribe to it.
 */
import {
  AdapterError,
  guardAdapter,
  parseCommentPage,
  toAdapterError,
  type Comment,
  type CommentPage,
  type CommentsAdapter,
  type NewComment,
  type ReportReason,
  type SortOrder,
  type ThreadEvent,
} from './adapter.js';
import { AuthoredStore, ReportedStore } from './authored.js';
import { Listeners } from './listeners.js';
import { checkReport, REPORT_PROBLEM_MESSAGES } from './report.js';
import { browserStorage, type KeyValueStorage } from './storage.js';
import { normalizeNewlines } from './text.js';

import { buildTree, isPlaceholder, keepUnchanged, type CommentAction, type CommentNode, type LoadStatus } from './tree.js';

export { buildTree, findNode, isPlaceholder, keepUnchanged, replyIds, type CommentAction, type CommentNode, type LoadStatus } from './tree.js';


/** The comment without the author token and window a post answers with (kept apart, in storage). */
function withoutSecrets(comment: Comment): Comment {
  if (!('authorToken' in comment) && !('editableUntil' in comment)) return comment;
  const { authorToken: _token, editableUntil: _until, ...rest } = comment;
  return rest;
}

/** Options for a ThreadStore. */
export interface ThreadStoreOptions {
  /** Top-level comments asked for per page. Default 20. */
  pageSize?: number;
  /** Deepest nesting shown; deeper replies are shown at this level. Default 3. */
  maxDepth?: number;
  /** Order of top-level comments. Default 'oldest'. */
  sort?: SortOrder;
  /** Where author tokens and reports are kept (default localStorage when available; null: memory only). */
  storage?: KeyValueStorage | null;
  /** Clock in ms (for tests). Default `Date.now`. */
  now?: () => number;
}

/** Longest a timer may wait (setTimeout's limit). */
const MAX_TIMER = 2 ** 31 - 1;

/** Most comments announced by live updates kept until "show"; past it they are only counted, and "show" reloads. */
export const MAX_INCOMING = 200;

/** Why the reader cannot edit or delete a comment now. */
type ChangeBlock = 'not-found' | 'edit-window-closed' | 'has-replies';

/** Creates a unique idempotency key. */
export function newIdempotencyKey(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** State of one thread. Create one per (adapter, thread); call `dispose()` when done. */
export class ThreadStore {
  readonly thread: string;
  readonly adapter: CommentsAdapter;
  readonly pageSize: number;

  status: LoadStatus = 'loading';
  error: AdapterError | null = null;
  /** An error from "Load more" (the loaded comments stay). */
  moreError: AdapterError | null = null;
  loadingMore = false;
  nextCursor: string | null = null;

  private depth: number;
  private order: SortOrder;
  private comments: Comment[] = [];
  /** Posts confirmed while a load was in flight: merged into the page that load returns. */
  private confirmedDuringLoad: Comment[] = [];
  private readonly ids = new Set<string>();
  private readonly sending = new Set<string>();
  private readonly liking = new Set<string>();
  private total: number | undefined;
  private readonly listeners = new Listeners();
  private abort: AbortController | null = null;
  private treeCache: CommentNode[] | null = null;
  /** The last tree handed out: its nodes are reused where nothing in them changed. */
  private previousTree: CommentNode[] = [];
  /** Per top-level comment whose replies are not all loaded: its cursor, replies still to come, and state. */
  private readonly replyPaging = new Map<string, { cursor: string; total: number | undefined; loading: boolean; error: AdapterError | null }>();
  /** Replies loaded from pages (not posted here) under each top-level comment. */
  private readonly repliesLoaded = new Map<string, number>();
  /** Top-level comment of each loaded comment (from pages; parents always come before replies). */
  private readonly rootOf = new Map<string, string>();
  private disposed = false;
  /** Author tokens of the comments posted in this browser. */
  private readonly authored: AuthoredStore;
  private readonly reportedIds: ReportedStore;
  /** Comments with an action waiting for the adapter. */
  private readonly working = new Map<string, CommentAction>();
  /** Own comments the backend said can no longer change (they have replies we have not loaded). */
  private readonly locked = new Set<string>();
  private readonly now: () => number;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Comments announced by live updates, not shown until `showNew()` (at most MAX_INCOMING). */
  private incoming: Comment[] = [];
  /** Comments announced past MAX_INCOMING: only counted; `showNew()` then reloads the thread. */
  private overflow = 0;
  /** Comments announced while a load was in flight (or had failed): judged against the page it brings. */
  private held: Comment[] = [];
  private heldOverflow = 0;
  /** Per top-level comment: ids of the announced replies already counted in "Show N more replies" (each once). */
  private readonly repliesCounted = new Map<string, Set<string>>();
  /** Local time each post was first sent, by idempotency key: a replayed answer's window counts from it. */
  private readonly firstSent = new Map<string, number>();
  /** Comments that live updates showed to have replies (shown or not). */
  private readonly repliedTo = new Set<string>();
  /** Comments deleted here: a page read before the delete does not bring them back. */
  private readonly deletedHere = new Set<string>();
  /** Edits saved here: a page read before the edit does not bring the old text back. */
  private readonly editedHere = new Map<string, Comment>();
  private stopLive: (() => void) | null = null;

  constructor(adapter: CommentsAdapter, thread: string, options: ThreadStoreOptions = {}) {
    this.adapter = guardAdapter(adapter);
    this.thread = thread;
    this.pageSize = options.pageSize ?? 20;
    this.depth = options.maxDepth ?? 3;
    this.order = options.sort ?? 'oldest';
    this.now = options.now ?? Date.now;
    const storage = options.storage === undefined ? browserStorage() : options.storage;
    this.authored = new AuthoredStore(thread, storage, this.now);
    this.reportedIds = new ReportedStore(thread, storage);
  }

  /** Order of top-level comments. */
  get sort(): SortOrder {
    return this.order;
  }

  /** Reloads the thread in another order, in place: posts in flight and their forms are kept. */
  setSort(sort: SortOrder): Promise<void> {
    if (sort === this.order) return Promise.resolve();
    this.order = sort;
    return this.load();
  }

  /** True when the adapter supports comment likes (and so the 'liked' sort). */
  get canLike(): boolean {
    return typeof this.adapter.likeComment === 'function';
  }

  /** True when the adapter lets authors change their comments. */
  get canEdit(): boolean {
    return typeof this.adapter.editComment === 'function';
  }

  /** True when the adapter lets authors delete their comments. */
  get canDelete(): boolean {
    return typeof this.adapter.deleteComment === 'function';
  }

  /** True when the adapter takes reports. */
  get canReport(): boolean {
    return typeof this.adapter.reportComment === 'function';
  }

  /** Ids of the comments reported from this browser. */
  get reported(): ReadonlySet<string> {
    return this.reportedIds.all;
  }

  /** New comments announced by live updates and not shown yet ("3 new comments — show"). */
  get newCount(): number {
    return this.incoming.filter((c) => !this.maybeOwn(c)).length + this.overflow;
  }

  /** Deepest nesting shown; changing it rebuilds the tree. */
  get maxDepth(): number {
    return this.depth;
  }
  set maxDepth(value: number) {
    if (value === this.depth) return;
    this.depth = value;
    this.changed();
  }

  /** Calls `fn` after every change; returns the unsubscribe function. */
  subscribe(fn: () => void): () => void {
    return this.listeners.add(fn);
  }

  /** The reply tree of what is loaded (memoized until the next change). */
  get tree(): CommentNode[] {
    if (!this.treeCache) {
      this.treeCache = buildTree(this.comments, this.depth, this.sending);
      for (const node of this.treeCache) {
        const more = this.replyPaging.get(node.comment.id);
        if (more) node.moreReplies = { count: this.repliesLeft(node.comment.id), loading: more.loading, error: more.error };
      }
      const answered = this.answered();
      const mayChange = this.canEdit || this.canDelete;
      const mark = (nodes: CommentNode[]): void => {
        for (const node of nodes) {
          const c = node.comment;
          node.editable = mayChange && this.changeBlock(c, answered) === null;
          node.own = node.sending || this.authored.isOwn(c.id);
          node.reported = this.reportedIds.has(c.id);
          const working = this.working.get(c.id);
          if (working) node.working = working;
          mark(node.children);
        }
      };
      mark(this.treeCache);
      this.treeCache = keepUnchanged(this.treeCache, this.previousTree);
      this.previousTree = this.treeCache;
    }
    return this.treeCache;
  }

  /** Comments in the whole thread: the backend's total when known, plus unconfirmed posts. */
  get count(): number {
    return (this.total ?? this.confirmedCount()) + this.sending.size;
  }

  /** Loaded comments, oldest first (including unconfirmed ones). */
  get loaded(): readonly Comment[] {
    return this.comments;
  }

  /** (Re)loads the first page. Never rejects: failures end in `status = 'error'`. */
  async load(): Promise<void> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.status = 'loading';
    this.confirmedDuringLoad = [];
    this.error = null;
    this.moreError = null;
    this.loadingMore = false;
    // Listen before asking, so nothing posted between the answer and the stream is missed:
    // what arrives meanwhile is held and judged against the page.
    this.startLive();
    this.changed();
    try {
      const page = await this.adapter.listComments(this.thread, { limit: this.pageSize, sort: this.sort, signal: abort.signal });
      if (abort.signal.aborted || this.disposed) return;
      this.accept(page);
    } catch (err) {
      if (abort.signal.aborted || this.disposed) return;
      this.status = 'error';
      this.error = toAdapterError(err);
    }
    this.changed();
  }

  /**
   * Starts from a first page fetched before this store existed (the reader stage of the
   * script-tag path fetched it; a server-rendered page will carry one): the thread is ready at
   * once, with no second request and no loading state in between. Live updates start now.
   * The page is validated like any answer; false (and nothing changed) when it is malformed.
   */
  hydrate(raw: unknown): boolean {
    let page: CommentPage;
    try {
      page = parseCommentPage(raw);
    } catch {
      return false;
    }
    this.abort?.abort();
    this.abort = null;
    this.startLive();
    this.accept(page);
    this.changed();
    return true;
  }

  /** A first page arrived: it replaces what was loaded, keeping posts in flight and those confirmed meanwhile. */
  private accept(page: CommentPage): void {
    this.authored.prune(); // what other tabs posted meanwhile is the reader's own too
    // Keep what the page cannot know yet: posts still in flight, and posts confirmed while it loaded.
    const unconfirmed = this.comments.filter((c) => this.sending.has(c.id));
    const confirmed = this.confirmedDuringLoad;
    const fresh = this.overlay(page.comments);
    this.comments = [];
    this.ids.clear();
    this.replyPaging.clear();
    this.rootOf.clear();
    this.repliesLoaded.clear();
    this.add(fresh.comments);
    const missing = this.overlay(confirmed.filter((c) => !this.ids.has(c.id))).comments;
    this.add(missing, false);
    this.add(unconfirmed, false);
    this.total = page.total === undefined ? undefined : Math.max(0, page.total - fresh.dropped) + missing.length;
    this.nextCursor = page.nextCursor;
    this.status = 'ready';
    // Announced comments the new page brought (or no longer fits) are dropped; so is the count
    // of those past the cap (they came with this page, or come with later ones). Then what was
    // announced during the load: kept when the page lacks it (changed() below tells listeners once).
    this.incoming = this.incoming.filter((c) => this.acceptable(c));
    const held = this.held;
    this.overflow = this.heldOverflow;
    this.held = [];
    this.heldOverflow = 0;
    for (const c of held) this.take(c, true);
  }

  /** Loads the next page. Never rejects: failures end in `moreError`. */
  async loadMore(): Promise<void> {
    if (this.loadingMore || this.nextCursor === null || this.status !== 'ready') return;
    const abort = this.abort ?? new AbortController();
    this.loadingMore = true;
    this.moreError = null;
    this.changed();
    try {
      const page = await this.adapter.listComments(this.thread, { cursor: this.nextCursor, limit: this.pageSize, sort: this.sort, signal: abort.signal });
      if (abort.signal.aborted || this.disposed) return;
      const fresh = this.overlay(page.comments);
      this.add(fresh.comments);
      if (page.total !== undefined) this.total = Math.max(0, page.total - fresh.dropped);
      this.nextCursor = page.nextCursor;
    } catch (err) {
      if (abort.signal.aborted || this.disposed) return;
      this.moreError = toAdapterError(err);
    }
    this.loadingMore = false;
    this.changed();
  }

  /**
   * Loads the next replies of top-level comment `id` ("Show N more replies"), through the
   * replies cursor its page gave. Never rejects: a failure is kept in the node's `moreReplies`.
   */
  async loadReplies(id: string): Promise<void> {
    const paging = this.replyPaging.get(id);
    if (!paging || paging.loading || this.status !== 'ready') return;
    const abort = this.abort ?? new AbortController();
    paging.loading = true;
    paging.error = null;
    this.changed();
    try {
      const page = await this.adapter.listComments(this.thread, { cursor: paging.cursor, limit: this.pageSize, signal: abort.signal });
      if (abort.signal.aborted || this.disposed || this.replyPaging.get(id) !== paging) return;
      const fresh = this.overlay(page.comments);
      this.add(fresh.comments.filter((c) => c.parentId !== null));
      if (page.nextCursor === null) this.replyPaging.delete(id);
      else paging.cursor = page.nextCursor;
      if (page.total !== undefined) this.total = Math.max(0, page.total - fresh.dropped);
    } catch (err) {
      if (abort.signal.aborted || this.disposed) return;
      paging.error = toAdapterError(err);
    }
    paging.loading = false;
    this.changed();
  }

  /**
   * Likes a comment (or takes the like back): shown at once, then set to the adapter's count, or
   * undone when the adapter fails (the promise then rejects with an AdapterError).
   */
  async like(id: string, liked: boolean): Promise<void> {
    const like = this.adapter.likeComment;
    const before = this.comments.find((c) => c.id === id);
    if (!like || !before || this.liking.has(id) || this.sending.has(id) || !!before.liked === liked) return;
    this.liking.add(id);
    this.swap(id, { ...before, likes: Math.max(0, (before.likes ?? 0) + (liked ? 1 : -1)), liked });
    try {
      const saved = await like.call(this.adapter, this.thread, id, liked);
      const now = this.comments.find((c) => c.id === id);
      if (now) this.swap(id, { ...now, likes: saved.likes ?? 0, liked: saved.liked ?? liked });
    } catch (err) {
      // Undone only if nothing newer (a reload, another click) has set it since.
      const now = this.comments.find((c) => c.id === id);
      if (now && !!now.liked === liked) this.swap(id, { ...now, likes: before.likes, liked: before.liked });
      throw toAdapterError(err);
    } finally {
      this.liking.delete(id);
    }
  }

  private swap(id: string, next: Comment): void {
    const i = this.comments.findIndex((c) => c.id === id);
    if (i < 0) return;
    this.comments = this.comments.slice();
    this.comments[i] = next;
    this.changed();
  }

  /**
   * Posts a comment: it is shown at once as unconfirmed, then replaced by the adapter's answer,
   * or removed again when the adapter fails (the promise then rejects with an AdapterError).
   * Reuse the same `idempotencyKey` to retry the same submission.
   */
  async post(input: NewComment, idempotencyKey: string): Promise<Comment> {
    const localId = `local:${idempotencyKey}`;
    if (this.ids.has(localId)) throw new AdapterError('rejected', 'This comment is already being posted.');
    const optimistic: Comment = {
      id: localId,
      parentId: input.parentId ?? null,
      authorName: input.authorName.trim() === '' ? null : input.authorName.trim(),
      body: input.body.trim(),
      createdAt: new Date().toISOString(),
      status: 'published',
    };
    if (!this.firstSent.has(idempotencyKey)) this.firstSent.set(idempotencyKey, this.now());
    this.sending.add(localId);
    this.add([optimistic], false);
    this.changed();
    try {
      const answer = await this.adapter.postComment(this.thread, input, { idempotencyKey });
      // The author token proves authorship later; it is kept in storage, never in the list. The
      // id is kept too, so the reader is never offered to report their own comment.
      // Its window counts from when this submission was first sent (a retry may get a replayed answer).
      this.authored.set(answer.id, answer.authorToken, answer.editableUntil, answer.createdAt, this.firstSent.get(idempotencyKey));
      this.firstSent.delete(idempotencyKey);
      const saved = withoutSecrets(answer);
      this.sending.delete(localId);
      this.replace(localId, saved);
      // A live update of this very post may have come before its answer: it is not "new".
      this.incoming = this.incoming.filter((c) => c.id !== saved.id);
      this.held = this.held.filter((c) => c.id !== saved.id);
      if (this.status === 'loading') this.confirmedDuringLoad.push(saved);
      this.changed();
      return saved;
    } catch (err) {
      this.sending.delete(localId);
      this.dropLocal(localId);
      this.changed();
      const error = toAdapterError(err);
      // Definitely not stored: a later try with this key makes the comment then.
      if (error.kind !== 'network' && error.kind !== 'server') this.firstSent.delete(idempotencyKey);
      throw error;
    }
  }

  /**
   * Changes the body of one of the reader's own comments. Not optimistic: the node's `working`
   * is 'edit' meanwhile, the comment is replaced when the adapter confirms, and a failure rejects
   * with an AdapterError (the caller keeps the text). A refusal because the window has closed or
   * the comment has replies makes it no longer editable.
   */
  async edit(id: string, body: string): Promise<Comment> {
    const token = this.tokenFor(id, this.adapter.editComment);
    this.working.set(id, 'edit');
    this.changed();
    try {
      const saved = withoutSecrets(await this.adapter.editComment!(this.thread, id, normalizeNewlines(body).trim(), token));
      this.editedHere.set(id, saved);
      const now = this.find(id);
      // Keep what the answer may not carry (reply count, cursor, likes).
      if (now) this.swap(id, { ...now, ...saved });
      return this.find(id) ?? saved;
    } catch (err) {
      throw this.refused(id, err);
    } finally {
      this.working.delete(id);
      this.changed();
    }
  }

  /**
   * Deletes one of the reader's own comments: removed from the list (the count drops by one)
   * when the adapter confirms; a failure rejects with an AdapterError and changes nothing.
   */
  async remove(id: string): Promise<void> {
    const token = this.tokenFor(id, this.adapter.deleteComment);
    this.working.set(id, 'delete');
    this.changed();
    try {
      await this.adapter.deleteComment!(this.thread, id, token);
      this.authored.delete(id);
      this.deletedHere.add(id);
      this.editedHere.delete(id);
      if (this.ids.delete(id)) {
        this.comments = this.comments.filter((c) => c.id !== id);
        this.rootOf.delete(id);
        this.replyPaging.delete(id);
        if (this.total !== undefined) this.total = Math.max(0, this.total - 1);
      }
    } catch (err) {
      throw this.refused(id, err);
    } finally {
      this.working.delete(id);
      this.changed();
    }
  }

  /**
   * Reports a comment to the moderators. Once done, the comment stays `reported` in this browser
   * (a second call does nothing). The report is checked by the one rule (src/core/report.ts):
   * `details` required for 'other', 500 characters at most. The reader's own comments cannot be
   * reported.
   */
  async report(id: string, reason: ReportReason, details = ''): Promise<void> {
    const report = this.adapter.reportComment;
    const comment = this.find(id);
    if (!report || !comment || isPlaceholder(comment) || this.sending.has(id)) throw new AdapterError('not-found', 'This comment cannot be reported.');
    if (this.reportedIds.has(id)) return;
    this.authored.prune(); // posted in another tab?
    if (this.authored.isOwn(id)) throw new AdapterError('rejected', 'You cannot report your own comment.');
    if (this.working.has(id)) throw new AdapterError('rejected', 'This comment is already being reported.');
    const check = checkReport(reason, details);
    if (!check.ok) throw new AdapterError('rejected', REPORT_PROBLEM_MESSAGES[check.problem]);
    this.working.set(id, 'report');
    this.changed();
    try {
      await report(this.thread, id, check.report.reason, check.report.details);
      this.reportedIds.add(id);
    } catch (err) {
      throw toAdapterError(err);
    } finally {
      this.working.delete(id);
      this.changed();
    }
  }

  /**
   * Shows the comments announced by live updates: new top-level comments where the order puts
   * them (first when newest first, else last), replies under their parents. Past MAX_INCOMING
   * announced comments, reloads the thread in place instead. Resolves with the ids of the
   * comments it brought (empty when a reload failed).
   */
  async showNew(): Promise<string[]> {
    if (this.overflow > 0) return this.reloadForNew();
    this.authored.prune(); // what other tabs posted is not new

    const held = this.incoming.filter((c) => this.maybeOwn(c));
    const fresh = this.incoming.filter((c) => !this.maybeOwn(c) && this.acceptable(c));
    this.incoming = held;
    if (fresh.length === 0) {
      this.changed();
      return [];
    }
    const tops = fresh.filter((c) => c.parentId === null);
    this.add(tops, false);
    if (this.order === 'newest') {
      // Newest first: the latest of them at the very top.
      const ids = new Set(tops.map((c) => c.id));
      this.comments = [...this.comments.filter((c) => ids.has(c.id)).reverse(), ...this.comments.filter((c) => !ids.has(c.id))];
    }
    // In arrival order, so a reply to a reply comes after it.
    this.add(fresh.filter((c) => c.parentId !== null), false);
    if (this.total !== undefined) this.total += fresh.length;
    this.changed();
    return fresh.map((c) => c.id);
  }

  /** Stops listening (change listeners and live updates), and cancels requests in flight. */
  dispose(): void {
    this.disposed = true;
    this.abort?.abort();
    this.listeners.clear();
    this.stopLive?.();
    this.stopLive = null;
    clearTimeout(this.expiryTimer);
  }

  private find(id: string): Comment | undefined {
    return this.comments.find((c) => c.id === id);
  }

  /** The author token for an action on `id`, or an AdapterError saying why it cannot be done. */
  private tokenFor(id: string, method: unknown): string {
    const comment = this.find(id);
    if (typeof method !== 'function' || !comment || this.sending.has(id)) throw new AdapterError('not-found', 'This comment cannot be changed.');
    if (this.working.has(id)) throw new AdapterError('rejected', 'This comment is already being changed.');
    const block = this.changeBlock(comment, this.answered());
    if (block === 'not-found') throw new AdapterError('not-found', 'This comment cannot be changed.');
    if (block === 'edit-window-closed') throw new AdapterError('rejected', 'The time to change this comment has passed.', { reason: 'edit-window-closed' });
    if (block === 'has-replies') throw new AdapterError('rejected', 'This comment has replies.', { reason: 'has-replies' });
    return this.authored.get(id)!.token;
  }

  /**
   * The one rule for editing and deleting: why the reader cannot change comment `c` now, or null
   * when they can. It must be confirmed and not a placeholder, its token known and its window
   * open, and nobody may have answered it: no reply loaded or announced (`answered`), no reply
   * count from the backend, no refusal that said it has replies.
   */
  private changeBlock(c: Comment, answered: ReadonlySet<string>): ChangeBlock | null {
    if (this.sending.has(c.id) || isPlaceholder(c)) return 'not-found';
    if (this.authored.get(c.id) === undefined) return 'edit-window-closed';
    if (c.replyCount || this.locked.has(c.id) || answered.has(c.id)) return 'has-replies';
    return null;
  }

  /** Ids of the comments known to have replies: loaded ones, and ones live updates announced (shown or not). */
  private answered(): Set<string> {
    const out = new Set(this.repliedTo);
    for (const c of this.comments) if (c.parentId !== null) out.add(c.parentId);
    return out;
  }

  /** A page as this store knows it: comments deleted here left out (`dropped` counts them), edits made here kept. */
  private overlay(comments: readonly Comment[]): { comments: Comment[]; dropped: number } {
    const out: Comment[] = [];
    let dropped = 0;
    for (const raw of comments) {
      const c = withoutSecrets(raw);
      if (this.deletedHere.has(c.id)) {
        if (!isPlaceholder(c)) dropped++;
        continue;
      }
      out.push(this.withEdit(c));
    }
    return { comments: out, dropped };
  }

  /** `c` with the edit saved here, unless `c` carries a newer edit (made elsewhere since). */
  private withEdit(c: Comment): Comment {
    const mine = this.editedHere.get(c.id);
    if (!mine || isPlaceholder(c)) return c;
    const theirs = Date.parse(c.editedAt ?? '');
    const ours = Date.parse(mine.editedAt ?? '');
    if (Number.isFinite(theirs) && !(theirs <= ours)) {
      this.editedHere.delete(c.id);
      return c;
    }
    if (Number.isFinite(theirs) && theirs === ours) return c; // the page knows this edit (and its status now)
    const { bodyHtml: _old, editedAt: _at, ...rest } = c;
    return {
      ...rest,
      // Under pre-moderation the edit made it 'pending' again: an older page does not publish it.
      ...(mine.status !== undefined ? { status: mine.status } : {}),
      body: mine.body,
      ...(mine.bodyHtml !== undefined ? { bodyHtml: mine.bodyHtml } : {}),
      ...(mine.editedAt !== undefined ? { editedAt: mine.editedAt } : {}),
    };
  }

  /** "Show" past MAX_INCOMING: reloads the first page in place; the comments it brought are the new ones. */
  private async reloadForNew(): Promise<string[]> {
    const before = new Set(this.ids);
    // The reload brings what it brings (the count comes from its page): nothing announced
    // before it stays for another "show", whatever the order.
    this.incoming = [];
    this.overflow = 0;
    await this.load();
    if (this.status !== 'ready') return [];
    return this.comments.filter((c) => !before.has(c.id) && !this.sending.has(c.id) && !this.authored.isOwn(c.id)).map((c) => c.id);
  }

  /** Learns from a refused edit or delete: the comment may no longer be changed. */
  private refused(id: string, err: unknown): AdapterError {
    const error = toAdapterError(err);
    if (error.kind === 'forbidden' || error.reason === 'edit-window-closed') this.authored.forgetToken(id);
    if (error.reason === 'has-replies') this.locked.add(id);
    return error;
  }

  private startLive(): void {
    if (this.stopLive || this.disposed || typeof this.adapter.subscribe !== 'function') return;
    this.stopLive = this.adapter.subscribe(this.thread, (e) => this.onLive(e));
  }

  private onLive(e: ThreadEvent): void {
    if (this.disposed || e.type !== 'comment-added') return;
    const c = withoutSecrets(e.comment);
    // Another tab may have posted it: take in what the tabs saved before judging it.
    this.authored.prune();
    // Somebody answered: the comment answered can no longer be changed, shown or not.
    const answers = c.parentId !== null && (c.status ?? 'published') === 'published' && !this.repliedTo.has(c.parentId);
    if (answers) this.repliedTo.add(c.parentId!);
    if (this.status !== 'ready') {
      // A load is in flight (or failed): judged against the page it brings.
      if (this.held.length < MAX_INCOMING || this.maybeOwn(c)) this.held.push(c);
      else this.heldOverflow++;
      if (answers && this.ids.has(c.parentId!)) this.changed();
      return;
    }
    if (this.take(c) || (answers && this.ids.has(c.parentId!))) this.changed();
  }

  /**
   * Keeps an announced comment for "show" (or only counts it past MAX_INCOMING), or counts it
   * in "Show N more replies"; true when that changed anything (the caller then calls changed()).
   */
  private take(c: Comment, held = false): boolean {
    if (!this.acceptable(c)) {
      // A reply under a comment whose replies are not all loaded comes with "Show N more replies":
      // counted once per id (a replayed announcement is not new), and not when it was held
      // during a load (the page's reply count, read meanwhile, is taken to include it).
      const root = c.parentId === null ? undefined : this.rootOf.get(c.parentId);
      const paging = root === undefined ? undefined : this.replyPaging.get(root);
      if (paging && !this.ids.has(c.id) && !this.incoming.some((i) => i.id === c.id) && paging.total !== undefined) {
        let counted = this.repliesCounted.get(root!);
        if (!counted) this.repliesCounted.set(root!, (counted = new Set()));
        if (counted.has(c.id)) return false;
        counted.add(c.id);
        if (held) return false;
        paging.total++;
        return true;
      }
      return false;
    }
    // Possibly the reader's own post in flight: always kept, so its answer can drop it.
    if (this.incoming.length < MAX_INCOMING || this.maybeOwn(c)) this.incoming.push(c);
    else this.overflow++;
    return true;
  }

  /**
   * Whether an announced comment can be shown: published, not loaded or announced already, not
   * one of the reader's own, with its parent loaded (or announced), and where the loaded part of
   * the thread can hold it (a top-level comment in oldest order comes with a later page when
   * there is one; a reply comes with "Show N more replies" when its thread is not all loaded).
   */
  private acceptable(c: Comment): boolean {
    if ((c.status ?? 'published') !== 'published' || this.ids.has(c.id) || this.deletedHere.has(c.id) || this.authored.isOwn(c.id)) return false;
    if (this.incoming.some((i) => i !== c && i.id === c.id)) return false; // announced twice
    if (c.parentId === null) return this.order === 'newest' || this.nextCursor === null;
    if (this.ids.has(c.parentId)) {
      const root = this.rootOf.get(c.parentId);
      return root === undefined || !this.replyPaging.has(root);
    }
    return this.incoming.some((i) => i.id === c.parentId && i !== c);
  }

  /** True for an announced comment that may be the answer to a post still in flight (same place, same text). */
  private maybeOwn(c: Comment): boolean {
    if (this.sending.size === 0) return false;
    const body = normalizeNewlines(c.body).trim();
    return this.comments.some((s) => this.sending.has(s.id) && s.parentId === c.parentId && normalizeNewlines(s.body).trim() === body);
  }

  /** Re-renders when the first window of the reader's own comments closes (Edit and Delete go away). */
  private scheduleExpiry(): void {
    clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    if (this.disposed) return;
    const next = this.authored.nextExpiry((id) => this.ids.has(id));
    if (next === null) return;
    this.expiryTimer = setTimeout(() => {
      this.authored.prune();
      this.changed();
    }, Math.min(MAX_TIMER, Math.max(0, next - this.now()) + 1));
    // Under Node, a window far ahead must not keep the process alive.
    (this.expiryTimer as { unref?: () => void }).unref?.();
  }

  private confirmedCount(): number {
    return this.comments.filter((c) => !isPlaceholder(c)).length - this.sending.size;
  }

  /** Adds comments not loaded yet; `fromPage` ones count as replies loaded for "Show N more replies". */
  private add(comments: readonly Comment[], fromPage = true): void {
    for (const raw of comments) {
      const c = withoutSecrets(raw);
      if (this.ids.has(c.id)) continue;
      this.ids.add(c.id);
      this.comments.push(c);
      const root = c.parentId === null ? c.id : this.rootOf.get(c.parentId);
      if (root === undefined) continue;
      this.rootOf.set(c.id, root);
      if (c.parentId === null && c.repliesCursor && !this.replyPaging.has(c.id)) {
        this.replyPaging.set(c.id, { cursor: c.repliesCursor, total: c.replyCount, loading: false, error: null });
      }
      if (fromPage && c.parentId !== null) this.repliesLoaded.set(root, (this.repliesLoaded.get(root) ?? 0) + 1);
    }
  }

  /** Replies of top-level `id` still to load, when its page said there are more. */
  private repliesLeft(id: string): number {
    const paging = this.replyPaging.get(id);
    if (!paging) return 0;
    // Without a count from the backend, "more" is all that is known: at least one.
    return paging.total === undefined ? 1 : Math.max(1, paging.total - (this.repliesLoaded.get(id) ?? 0));
  }

  private replace(localId: string, saved: Comment): void {
    const i = this.comments.findIndex((c) => c.id === localId);
    this.ids.delete(localId);
    if (i >= 0) this.comments.splice(i, 1);
    if (this.ids.has(saved.id)) return; // already arrived through a page load
    this.ids.add(saved.id);
    const root = saved.parentId === null ? saved.id : this.rootOf.get(saved.parentId);
    if (root !== undefined) this.rootOf.set(saved.id, root); // so replies to it find their thread
    this.comments.splice(i >= 0 ? i : this.comments.length, 0, saved);
    if (this.total !== undefined) this.total++;
  }

  private dropLocal(localId: string): void {
    this.ids.delete(localId);
    this.comments = this.comments.filter((c) => c.id !== localId);
  }

  private changed(): void {
    this.treeCache = null;
    this.scheduleExpiry();
    this.listeners.notify();
  }
}
