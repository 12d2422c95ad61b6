/**
 * MemoryAdapter: the embedded default backend. Comments live in memory, optionally persisted
 * to localStorage, optionally seeded, with simulated latency and failures for QA and tests.
 * DOM-free.
 */
import {
  AdapterError,
  type Comment,
  type CommentPage,
  type CommentsAdapter,
  type ListOptions,
  type NewComment,
  type PostOptions,
  type ReactionSummary,
  type ReactionValue,
} from '../core/adapter.js';
import { abortError, delay } from '../core/abort.js';
import { browserStorage, readJson, writeJson, removeKey, type KeyValueStorage } from '../core/storage.js';
import { DEFAULT_MAX_LENGTH, DEFAULT_REQUIRED, normalizeNewlines, validateDraft, type FormField } from '../core/text.js';

/** A seed comment: any Comment field may be left out except the body. */
export type SeedComment = Partial<Comment> & { body: string };

/** Options for a MemoryAdapter. */
export interface MemoryAdapterOptions {
  /** Comments a thread starts with (by thread id, or a function of it). Used when the thread has no saved data. */
  seed?: Record<string, SeedComment[]> | ((thread: string) => SeedComment[] | undefined);
  /** Save threads to storage. `true` uses the key prefix "colloquy"; a string sets the prefix. */
  persist?: boolean | string;
  /** Where to persist (defaults to localStorage when available). */
  storage?: KeyValueStorage;
  /** Simulated latency in ms, or a [min, max] range. Default 0. */
  latencyMs?: number | [number, number];
  /** Probability (0–1) that a call fails with a simulated network error. Default 0. */
  failureRate?: number;
  /** Maximum comment length (user-perceived characters). Default 1500. */
  maxLength?: number;
  /** Which fields the backend requires. Default name, email, body. */
  required?: readonly FormField[];
  /** Random source (for repeatable tests). */
  random?: () => number;
  /** Clock (for repeatable tests). */
  now?: () => Date;
}

interface ThreadData {
  comments: Comment[];
  /** idempotency key → comment id */
  keys: Record<string, string>;
  likes: number;
  dislikes: number;
  mine: ReactionValue | null;
  /** Comments this browser's visitor likes. */
  myLikes: string[];
}

const DEFAULT_PAGE = 20;
/** Most comments (top-level and replies) in one page, as the reference server. */
const PAGE_COMMENTS = 200;
/** Replies sent with each top-level comment on a page; the rest come through its replies cursor. */
export const FIRST_REPLIES = 5;
const DUPLICATE_WINDOW_MS = 60_000;
const MAX_PAGE = 100;

/** The embedded default adapter. Implements every capability of issue 1. */
export class MemoryAdapter implements CommentsAdapter {
  /** Simulated latency; may be changed at any time (the demo's QA panel does). */
  latencyMs: number | [number, number];
  /** Simulated failure probability; may be changed at any time. */
  failureRate: number;
  readonly maxLength: number;
  readonly required: readonly FormField[];

  private readonly threads = new Map<string, ThreadData>();
  private readonly storage: KeyValueStorage | null;
  private readonly prefix: string | null;
  private readonly seed: MemoryAdapterOptions['seed'];
  private readonly random: () => number;
  private readonly now: () => Date;
  private counter = 0;

  constructor(options: MemoryAdapterOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.failureRate = options.failureRate ?? 0;
    this.maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
    this.required = options.required ?? DEFAULT_REQUIRED;
    this.seed = options.seed;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => new Date());
    const persist = options.persist ?? false;
    this.prefix = persist === false ? null : persist === true ? 'colloquy' : persist;
    this.storage = this.prefix === null ? null : (options.storage ?? browserStorage());
  }

  async listComments(thread: string, opts: ListOptions = {}): Promise<CommentPage> {
    await this.simulate(opts.signal);
    const data = this.thread(thread);
    const sort = opts.sort ?? 'oldest';
    const rootOf = rootFinder(data.comments);
    const byRoot = new Map<string, Comment[]>();
    for (const c of data.comments) {
      if (c.parentId === null) continue;
      const root = rootOf(c.id);
      if (root !== undefined) (byRoot.get(root) ?? byRoot.set(root, []).get(root)!).push(c);
    }
    // A replies cursor, "replies:<top-level id>:<replies already sent>": the next replies of one comment.
    const more = opts.cursor ? /^replies:(.+):(\d+)$/.exec(opts.cursor) : null;
    if (more) {
      const replies = byRoot.get(more[1]!) ?? [];
      const from = Number(more[2]);
      const shown = replies.slice(from, from + PAGE_COMMENTS);
      const nextCursor = from + shown.length < replies.length ? `replies:${more[1]}:${from + shown.length}` : null;
      return { comments: shown.map((c) => this.view(data, c)), nextCursor, total: data.comments.length };
    }
    // Cursor: "<sort>:<index of the next top-level comment>".
    const match = opts.cursor ? /^(oldest|newest|liked):(\d+)$/.exec(opts.cursor) : null;
    if (opts.cursor && (!match || match[1] !== sort)) throw new AdapterError('rejected', 'The page cursor is not valid.');
    let top = match ? Number(match[2]) : 0;
    const limit = Math.min(Math.max(1, opts.limit ?? DEFAULT_PAGE), MAX_PAGE);
    // Top-level comments in the requested order, each followed by its first replies, oldest
    // first; at most PAGE_COMMENTS in all. A comment with more replies gets a replies cursor.
    const tops = data.comments.filter((c) => c.parentId === null);
    if (sort === 'newest') tops.reverse();
    if (sort === 'liked') tops.sort((a, b) => (b.likes ?? 0) - (a.likes ?? 0)); // stable: oldest first among equals
    const comments: Comment[] = [];
    let nextCursor: string | null = null;
    for (let shownTops = 0; top < tops.length; top++, shownTops++) {
      if (shownTops === limit || comments.length >= PAGE_COMMENTS) {
        nextCursor = `${sort}:${top}`;
        break;
      }
      const t = tops[top]!;
      const replies = byRoot.get(t.id) ?? [];
      const shown = replies.slice(0, Math.min(FIRST_REPLIES, PAGE_COMMENTS - comments.length - 1));
      const head: Comment = replies.length ? { ...t, replyCount: replies.length } : t;
      if (shown.length < replies.length) head.repliesCursor = `replies:${t.id}:${shown.length}`;
      comments.push(head, ...shown);
    }
    return { comments: comments.map((c) => this.view(data, c)), nextCursor, total: data.comments.length };
  }

  async postComment(thread: string, input: NewComment, opts: PostOptions): Promise<Comment> {
    await this.simulate(opts.signal);
    const data = this.thread(thread);
    const existingId = data.keys[opts.idempotencyKey];
    const existing = existingId && data.comments.find((c) => c.id === existingId);
    if (existing) return { ...existing };
    const draft = { authorName: input.authorName ?? '', authorEmail: input.authorEmail ?? '', body: input.body ?? '' };
    const errors = validateDraft(draft, { maxLength: this.maxLength, required: this.required });
    const field = (['body', 'name', 'email'] as const).find((f) => errors[f]);
    if (field) {
      const what = { body: 'comment', name: 'name', email: 'e-mail address' }[field];
      throw new AdapterError('rejected', `The ${what} is missing or invalid.`, { field });
    }
    const parentId = input.parentId ?? null;
    if (parentId !== null && !data.comments.some((c) => c.id === parentId)) {
      throw new AdapterError('not-found', 'The comment you are replying to no longer exists.');
    }
    const name = draft.authorName.trim();
    const body = normalizeNewlines(draft.body).trim();
    // The same comment twice in a row from the same author within a minute is a double post.
    const last = data.comments.findLast((c) => (c.authorName ?? '') === name);
    const now = this.now();
    if (
      last &&
      last.body === body &&
      last.parentId === parentId &&
      (last.authorName ?? '') === name &&
      now.getTime() - Date.parse(last.createdAt) < DUPLICATE_WINDOW_MS
    ) {
      throw new AdapterError('rejected', 'You already posted this comment.');
    }
    const comment: Comment = {
      id: this.newId(),
      parentId,
      authorName: name === '' ? null : name,
      body,
      createdAt: now.toISOString(),
      status: 'published',
    };
    data.comments.push(comment);
    data.keys[opts.idempotencyKey] = comment.id;
    this.save(thread, data);
    return { ...comment };
  }

  async getArticleReactions(thread: string): Promise<ReactionSummary> {
    await this.simulate();
    const d = this.thread(thread);
    return { likes: d.likes, dislikes: d.dislikes, mine: d.mine };
  }

  async reactToArticle(thread: string, value: ReactionValue): Promise<ReactionSummary> {
    await this.simulate();
    if (value !== 'like' && value !== 'dislike') throw new AdapterError('rejected', 'Unknown reaction.');
    const d = this.thread(thread);
    if (d.mine !== value) {
      if (d.mine === 'like') d.likes--;
      if (d.mine === 'dislike') d.dislikes--;
      if (value === 'like') d.likes++;
      else d.dislikes++;
      d.mine = value;
      this.save(thread, d);
    }
    return { likes: d.likes, dislikes: d.dislikes, mine: d.mine };
  }

  /** Likes a comment for this browser's visitor, or takes the like back. */
  async likeComment(thread: string, commentId: string, liked = true): Promise<Comment> {
    await this.simulate();
    const d = this.thread(thread);
    const c = d.comments.find((x) => x.id === commentId);
    if (!c) throw new AdapterError('not-found', 'This comment does not exist (any more).');
    const has = d.myLikes.includes(commentId);
    if (liked !== has) {
      c.likes = Math.max(0, (c.likes ?? 0) + (liked ? 1 : -1));
      if (c.likes === 0) delete c.likes;
      d.myLikes = liked ? [...d.myLikes, commentId] : d.myLikes.filter((id) => id !== commentId);
      this.save(thread, d);
    }
    return this.view(d, c);
  }

  /** A copy of a stored comment as this visitor sees it. */
  private view(d: ThreadData, c: Comment): Comment {
    return d.myLikes.includes(c.id) ? { ...c, liked: true } : { ...c };
  }

  /** Forgets everything (memory and storage) for one thread, or for every thread it has seen. */
  reset(thread?: string): void {
    const ids = thread === undefined ? [...this.threads.keys()] : [thread];
    for (const t of ids) {
      this.threads.delete(t);
      if (this.prefix !== null) removeKey(this.storage, this.key(t));
    }
  }

  private thread(thread: string): ThreadData {
    let data = this.threads.get(thread);
    if (data) return data;
    data = this.load(thread) ?? this.seeded(thread);
    this.threads.set(thread, data);
    return data;
  }

  private seeded(thread: string): ThreadData {
    const seed = typeof this.seed === 'function' ? this.seed(thread) : this.seed?.[thread];
    const base = this.now().getTime();
    const comments = (seed ?? []).map((s, i): Comment => ({
      id: s.id ?? `seed-${i + 1}`,
      parentId: s.parentId ?? null,
      authorName: s.authorName ?? null,
      body: s.body,
      ...(s.bodyHtml === undefined ? {} : { bodyHtml: s.bodyHtml }),
      ...(s.authorUrl === undefined ? {} : { authorUrl: s.authorUrl }),
      ...(s.avatarUrl === undefined ? {} : { avatarUrl: s.avatarUrl }),
      createdAt: s.createdAt ?? new Date(base - (seed!.length - i) * 3_600_000).toISOString(),
      status: s.status ?? 'published',
      ...(s.likes ? { likes: s.likes } : {}),
    }));
    return { comments, keys: {}, likes: 0, dislikes: 0, mine: null, myLikes: [] };
  }

  private key(thread: string): string {
    return `${this.prefix}:thread:${thread}`;
  }

  private load(thread: string): ThreadData | undefined {
    if (this.prefix === null) return undefined;
    const raw = readJson(this.storage, this.key(thread)) as Partial<ThreadData> | undefined;
    if (!raw || !Array.isArray(raw.comments)) return undefined;
    return {
      comments: raw.comments,
      keys: raw.keys ?? {},
      likes: raw.likes ?? 0,
      dislikes: raw.dislikes ?? 0,
      mine: raw.mine ?? null,
      myLikes: Array.isArray(raw.myLikes) ? raw.myLikes : [],
    };
  }

  private save(thread: string, data: ThreadData): void {
    if (this.prefix !== null) writeJson(this.storage, this.key(thread), data);
  }

  private newId(): string {
    this.counter++;
    return `m${this.now().getTime().toString(36)}${this.counter.toString(36)}${Math.floor(this.random() * 1e6).toString(36)}`;
  }

  private async simulate(signal?: AbortSignal): Promise<void> {
    const l = this.latencyMs;
    const ms = Array.isArray(l) ? l[0] + this.random() * Math.max(0, l[1] - l[0]) : l;
    if (ms > 0) await delay(ms, signal);
    if (signal?.aborted) throw abortError();
    if (this.failureRate > 0 && this.random() < this.failureRate) {
      throw new AdapterError('network', 'Simulated network failure (QA failure rate).');
    }
  }
}

/** Returns a function giving the id of a comment's top-level ancestor (memoized). */
function rootFinder(comments: readonly Comment[]): (id: string) => string | undefined {
  const parent = new Map(comments.map((c) => [c.id, c.parentId]));
  const memo = new Map<string, string | undefined>();
  const find = (id: string): string | undefined => {
    const path: string[] = [];
    let cur = id;
    let root: string | undefined;
    for (;;) {
      if (memo.has(cur)) {
        root = memo.get(cur);
        break;
      }
      const p = parent.get(cur);
      path.push(cur);
      if (p === undefined || path.length > parent.size) break; // unknown id, or a cycle in bad data
      if (p === null) {
        root = cur;
        break;
      }
      cur = p;
    }
    for (const x of path) memo.set(x, root);
    return root;
  };
  return find;
}
