/**
 * ThreadStore: the state of one thread (loaded pages, optimistic posts, the reply tree) and
 * the only code that calls the adapter for comments. DOM-free; components subscribe to it.
 */
import {
  AdapterError,
  guardAdapter,
  toAdapterError,
  type Comment,
  type CommentsAdapter,
  type NewComment,
  type SortOrder,
} from './adapter.js';
import { Listeners } from './listeners.js';

/** Where loading the thread stands. */
export type LoadStatus = 'loading' | 'ready' | 'error';

/** A comment as the list shows it. */
export interface CommentNode {
  comment: Comment;
  /** Display depth: 0 for top level, capped at the store's max depth. */
  depth: number;
  children: CommentNode[];
  /** Set when the comment was moved up to the last level: the name of the author it answers. */
  replyingTo?: string | null;
  /** True while the adapter has not confirmed this comment yet. */
  sending: boolean;
  /** Top-level comments whose replies are not all loaded: how many are left, and how loading them goes. */
  moreReplies?: { count: number; loading: boolean; error: AdapterError | null };
}

/** Options for a ThreadStore. */
export interface ThreadStoreOptions {
  /** Top-level comments asked for per page. Default 20. */
  pageSize?: number;
  /** Deepest nesting shown; deeper replies are shown at this level. Default 3. */
  maxDepth?: number;
  /** Order of top-level comments. Default 'oldest'. */
  sort?: SortOrder;
}

/** Creates a unique idempotency key. */
export function newIdempotencyKey(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Builds the display tree. Replies whose parent is not loaded (or that would form a cycle in
 * bad data) are shown at the top level. Climbing uses the display tree, which is acyclic by
 * construction, so no input can make it loop.
 */
export function buildTree(comments: readonly Comment[], maxDepth: number, sending: ReadonlySet<string> = new Set()): CommentNode[] {
  const roots: CommentNode[] = [];
  const byId = new Map<string, CommentNode>();
  const shownUnder = new Map<CommentNode, CommentNode>();
  const max = Number.isFinite(maxDepth) ? Math.max(0, Math.floor(maxDepth)) : 0;
  for (const comment of comments) {
    const node: CommentNode = { comment, depth: 0, children: [], sending: sending.has(comment.id) };
    const parent = comment.parentId === null ? undefined : byId.get(comment.parentId);
    if (!byId.has(comment.id)) byId.set(comment.id, node);
    let host = parent;
    if (parent && parent.depth + 1 > max) {
      // Too deep: show it at the last level, under the ancestor one level above, and say whom it answers.
      node.replyingTo = parent.comment.authorName;
      while (host && host.depth + 1 > max) host = shownUnder.get(host);
    }
    if (!host) {
      roots.push(node); // a top-level comment, an orphan, or max depth 0
      continue;
    }
    node.depth = host.depth + 1;
    host.children.push(node);
    shownUnder.set(node, host);
  }
  return roots;
}

/** Ids of the replies under `node`, in the order they are shown. */
export function replyIds(node: CommentNode, out: string[] = []): string[] {
  for (const child of node.children) {
    out.push(child.comment.id);
    replyIds(child, out);
  }
  return out;
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
  /** Per top-level comment whose replies are not all loaded: its cursor, replies still to come, and state. */
  private readonly replyPaging = new Map<string, { cursor: string; total: number | undefined; loading: boolean; error: AdapterError | null }>();
  /** Replies loaded from pages (not posted here) under each top-level comment. */
  private readonly repliesLoaded = new Map<string, number>();
  /** Top-level comment of each loaded comment (from pages; parents always come before replies). */
  private readonly rootOf = new Map<string, string>();
  private disposed = false;

  constructor(adapter: CommentsAdapter, thread: string, options: ThreadStoreOptions = {}) {
    this.adapter = guardAdapter(adapter);
    this.thread = thread;
    this.pageSize = options.pageSize ?? 20;
    this.depth = options.maxDepth ?? 3;
    this.order = options.sort ?? 'oldest';
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
    this.changed();
    try {
      const page = await this.adapter.listComments(this.thread, { limit: this.pageSize, sort: this.sort, signal: abort.signal });
      if (abort.signal.aborted || this.disposed) return;
      // Keep what the page cannot know yet: posts still in flight, and posts confirmed while it loaded.
      const unconfirmed = this.comments.filter((c) => this.sending.has(c.id));
      const confirmed = this.confirmedDuringLoad;
      this.comments = [];
      this.ids.clear();
      this.replyPaging.clear();
      this.rootOf.clear();
      this.repliesLoaded.clear();
      this.add(page.comments);
      const missing = confirmed.filter((c) => !this.ids.has(c.id));
      this.add(missing, false);
      this.add(unconfirmed, false);
      this.total = page.total === undefined ? undefined : page.total + missing.length;
      this.nextCursor = page.nextCursor;
      this.status = 'ready';
    } catch (err) {
      if (abort.signal.aborted || this.disposed) return;
      this.status = 'error';
      this.error = toAdapterError(err);
    }
    this.changed();
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
      this.add(page.comments);
      if (page.total !== undefined) this.total = page.total;
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
      this.add(page.comments.filter((c) => c.parentId !== null));
      if (page.nextCursor === null) this.replyPaging.delete(id);
      else paging.cursor = page.nextCursor;
      if (page.total !== undefined) this.total = page.total;
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
    this.sending.add(localId);
    this.add([optimistic], false);
    this.changed();
    try {
      const saved = await this.adapter.postComment(this.thread, input, { idempotencyKey });
      this.sending.delete(localId);
      this.replace(localId, saved);
      if (this.status === 'loading') this.confirmedDuringLoad.push(saved);
      this.changed();
      return saved;
    } catch (err) {
      this.sending.delete(localId);
      this.remove(localId);
      this.changed();
      throw toAdapterError(err);
    }
  }

  /** Stops listening and cancels requests in flight. */
  dispose(): void {
    this.disposed = true;
    this.abort?.abort();
    this.listeners.clear();
  }

  private confirmedCount(): number {
    return this.comments.length - this.sending.size;
  }

  /** Adds comments not loaded yet; `fromPage` ones count as replies loaded for "Show N more replies". */
  private add(comments: readonly Comment[], fromPage = true): void {
    for (const c of comments) {
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

  private remove(localId: string): void {
    this.ids.delete(localId);
    this.comments = this.comments.filter((c) => c.id !== localId);
  }

  private changed(): void {
    this.treeCache = null;
    this.listeners.notify();
  }
}
