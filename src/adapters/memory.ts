/**
 * MemoryAdapter: the embedded default backend. Comments live in memory, optionally persisted
 * to localStorage, optionally seeded, with simulated latency and failures for QA and tests.
 * It implements the whole contract (reports, edit/delete, placeholders, moderation, counts,
 * live updates), and `forVisitor(id)` acts as another reader on the same data. DOM-free.
 */
import {
  AdapterError,
  type AdapterErrorKind,
  type AdapterErrorOptions,
  type Comment,
  type CommentCounts,
  type CommentPage,
  type CommentReport,
  type CommentsAdapter,
  type ListOptions,
  type ModerationAction,
  type ModerationAdapter,
  type ModerationItem,
  type ModerationQueue,
  type NewComment,
  type PostOptions,
  type ReactionSummary,
  type ReactionValue,
  type ReportReason,
  type ThreadEvent,
} from '../core/adapter.js';
import { abortError, delay } from '../core/abort.js';
import { browserStorage, keysWithPrefix, readJson, writeJson, removeKey, type KeyValueStorage } from '../core/storage.js';
import { checkReport, REPORT_PROBLEM_MESSAGES } from '../core/report.js';
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
  /** Minutes after posting during which the author may edit or delete a comment. Default 15. */
  editWindowMinutes?: number;
  /** Distinct reporters that hide a published comment until a moderator decides. Default 3; 0 = never. */
  hideAfterReports?: number;
  /** Store new comments as 'pending' (shown to their author only) until a moderator approves them. Default false. */
  preModeration?: boolean;
  /** The token `moderation(token)` accepts. Unset: every moderation call is refused ('forbidden'). */
  moderatorToken?: string;
  /** Random source (for repeatable tests). */
  random?: () => number;
  /** Clock (for repeatable tests). */
  now?: () => Date;
}

interface StoredReport extends CommentReport {
  /** The reporting visitor. */
  by: string;
  /** False once a moderator has dealt with it. */
  open: boolean;
}

interface ThreadData {
  /** Every comment ever posted here, in posting order, whatever its status. */
  comments: Comment[];
  /** idempotency key (prefixed by the visitor, except for this browser's) → comment id */
  keys: Record<string, string>;
  likes: number;
  dislikes: number;
  /** visitor → article vote */
  votes: Record<string, ReactionValue>;
  /** visitor → ids of the comments they like */
  liked: Record<string, string[]>;
  /** comment id → the visitor who posted it (absent: this browser's visitor) */
  owners: Record<string, string>;
  /** comment id → its author token */
  tokens: Record<string, string>;
  /** comment id → the author's e-mail address (moderators only) */
  emails: Record<string, string>;
  /** comment id → its reports, oldest first */
  reports: Record<string, StoredReport[]>;
}

/** What the views of one MemoryAdapter share: the data and the live-update listeners. */
interface Shared {
  threads: Map<string, ThreadData>;
  listeners: Map<string, Set<(e: ThreadEvent) => void>>;
  counter: number;
}

/** The visitor id of this browser (the adapter's default view). */
export const LOCAL_VISITOR = 'local';
const DEFAULT_PAGE = 20;
/** Most comments (top-level and replies) in one page, as the reference server. */
const PAGE_COMMENTS = 200;
/** Replies sent with each top-level comment on a page; the rest come through its replies cursor. */
export const FIRST_REPLIES = 5;
const DUPLICATE_WINDOW_MS = 60_000;
const MAX_PAGE = 100;
const QUEUE_PAGE = 50;

const removed = (c: Comment): boolean => c.status === 'deleted' || c.status === 'hidden';
const fail = (kind: AdapterErrorKind, message: string, options?: AdapterErrorOptions): never => {
  throw new AdapterError(kind, message, options);
};
const notFound = (): never => fail('not-found', 'This comment does not exist (any more).');
const push = <K, V>(map: Map<K, V[]>, k: K, v: V): void => void (map.get(k) ?? map.set(k, []).get(k)!).push(v);

/** An unguessable token (128 bits from the platform's cryptographic random source). */
function secret(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The embedded default adapter. Implements every capability of the contract. */
export class MemoryAdapter implements CommentsAdapter {
  /** Simulated latency; may be changed at any time (the demo's QA panel does). */
  latencyMs: number | [number, number];
  /** Simulated failure probability; may be changed at any time. */
  failureRate: number;
  readonly maxLength: number;
  readonly required: readonly FormField[];
  /** Who this view acts as: `LOCAL_VISITOR`, or the id given to `forVisitor`. */
  readonly visitorId: string = LOCAL_VISITOR;

  private readonly shared: Shared = { threads: new Map(), listeners: new Map(), counter: 0 };
  private readonly storage: KeyValueStorage | null;
  private readonly prefix: string | null;
  private readonly seed: MemoryAdapterOptions['seed'];
  private readonly random: () => number;
  private readonly now: () => Date;
  private readonly editWindowMs: number;
  private readonly hideAfterReports: number;
  private readonly preModeration: boolean;
  private readonly moderatorToken: string | undefined;

  constructor(options: MemoryAdapterOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.failureRate = options.failureRate ?? 0;
    this.maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
    this.required = options.required ?? DEFAULT_REQUIRED;
    this.seed = options.seed;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => new Date());
    this.editWindowMs = (options.editWindowMinutes ?? 15) * 60_000;
    this.hideAfterReports = options.hideAfterReports ?? 3;
    this.preModeration = options.preModeration ?? false;
    this.moderatorToken = options.moderatorToken || undefined;
    const persist = options.persist ?? false;
    this.prefix = persist === false ? null : persist === true ? 'colloquy' : persist;
    this.storage = this.prefix === null ? null : (options.storage ?? browserStorage());
  }

  /**
   * Another reader on the same data (threads, storage, live-update listeners): their own
   * pending comments, likes, votes, reports and idempotency keys. Starts with this view's
   * latency and failure rate.
   */
  forVisitor(visitorId: string): MemoryAdapter {
    return Object.assign(Object.create(MemoryAdapter.prototype) as MemoryAdapter, this, { visitorId });
  }

  async listComments(thread: string, opts: ListOptions = {}): Promise<CommentPage> {
    await this.simulate(opts.signal);
    const data = this.thread(thread);
    const listed = this.listed(data, this.visitorId);
    const shown = data.comments.filter((c) => listed.has(c.id));
    const total = shown.filter((c) => !removed(c)).length;
    const rootOf = rootFinder(shown);
    const byRoot = new Map<string, Comment[]>();
    for (const c of shown) {
      if (c.parentId === null) continue;
      const root = rootOf(c.id);
      if (root !== undefined) push(byRoot, root, c);
    }
    // A replies cursor, "replies:<top-level id>:<replies already sent>": the next replies of one comment.
    const more = opts.cursor ? /^replies:(.+):(\d+)$/.exec(opts.cursor) : null;
    if (more) {
      const replies = byRoot.get(more[1]!) ?? [];
      const from = Number(more[2]);
      const page = replies.slice(from, from + PAGE_COMMENTS);
      const nextCursor = from + page.length < replies.length ? `replies:${more[1]}:${from + page.length}` : null;
      return { comments: page.map((c) => this.view(data, c)), nextCursor, total };
    }
    // Cursor: "<sort>:<index of the next top-level comment>".
    const sort = opts.sort ?? 'oldest';
    const match = opts.cursor ? /^(oldest|newest|liked):(\d+)$/.exec(opts.cursor) : null;
    if (opts.cursor && (!match || match[1] !== sort)) fail('rejected', 'The page cursor is not valid.');
    let top = match ? Number(match[2]) : 0;
    const limit = Math.min(Math.max(1, opts.limit ?? DEFAULT_PAGE), MAX_PAGE);
    // Top-level comments in the requested order, each followed by its first replies, oldest
    // first; at most PAGE_COMMENTS in all. A comment with more replies gets a replies cursor.
    const tops = shown.filter((c) => c.parentId === null);
    if (sort === 'newest') tops.reverse();
    const likes = (c: Comment): number => (removed(c) ? 0 : (c.likes ?? 0));
    if (sort === 'liked') tops.sort((a, b) => likes(b) - likes(a)); // stable: oldest first among equals
    const comments: Comment[] = [];
    let nextCursor: string | null = null;
    for (let shownTops = 0; top < tops.length; top++, shownTops++) {
      if (shownTops === limit || comments.length >= PAGE_COMMENTS) {
        nextCursor = `${sort}:${top}`;
        break;
      }
      const t = tops[top]!;
      const replies = byRoot.get(t.id) ?? [];
      const first = replies.slice(0, Math.min(FIRST_REPLIES, PAGE_COMMENTS - comments.length - 1));
      const head = this.view(data, t);
      if (replies.length) head.replyCount = replies.length;
      if (first.length < replies.length) head.repliesCursor = `replies:${t.id}:${first.length}`;
      comments.push(head, ...first.map((c) => this.view(data, c)));
    }
    return { comments, nextCursor, total };
  }

  async postComment(thread: string, input: NewComment, opts: PostOptions): Promise<Comment> {
    await this.simulate(opts.signal);
    const data = this.thread(thread);
    const key = this.visitorId === LOCAL_VISITOR ? opts.idempotencyKey : `${this.visitorId}\n${opts.idempotencyKey}`;
    const existing = data.comments.find((c) => c.id === data.keys[key]);
    if (existing) {
      // Deleted (by its author or a moderator), rejected or hidden since: as the reference server.
      if (removed(existing)) fail('rejected', 'This comment was posted and has since been removed.');
      return this.authored(data, existing);
    }
    const draft = { authorName: input.authorName ?? '', authorEmail: input.authorEmail ?? '', body: input.body ?? '' };
    const errors = validateDraft(draft, { maxLength: this.maxLength, required: this.required });
    const field = (['body', 'name', 'email'] as const).find((f) => errors[f]);
    if (field) {
      const what = { body: 'comment', name: 'name', email: 'e-mail address' }[field];
      fail('rejected', `The ${what} is missing or invalid.`, { field });
    }
    const parentId = input.parentId ?? null;
    if (parentId !== null && !this.findListed(data, parentId)) {
      fail('not-found', 'The comment you are replying to no longer exists.');
    }
    const name = draft.authorName.trim();
    const body = normalizeNewlines(draft.body).trim();
    // The same comment twice in a row from the same author within a minute is a double post.
    const last = data.comments.findLast((c) => (c.authorName ?? '') === name);
    const now = this.now();
    if (last && last.body === body && last.parentId === parentId && now.getTime() - Date.parse(last.createdAt) < DUPLICATE_WINDOW_MS) {
      fail('rejected', 'You already posted this comment.');
    }
    const comment: Comment = {
      id: this.newId(),
      parentId,
      authorName: name === '' ? null : name,
      body,
      createdAt: now.toISOString(),
      status: this.preModeration ? 'pending' : 'published',
    };
    this.changing(thread, data, () => data.comments.push(comment));
    data.keys[key] = comment.id;
    data.tokens[comment.id] = secret();
    if (this.visitorId !== LOCAL_VISITOR) data.owners[comment.id] = this.visitorId;
    const email = draft.authorEmail.trim();
    if (email) data.emails[comment.id] = email;
    this.save(thread, data);
    return this.authored(data, comment);
  }

  /**
   * Changes the body of a comment this browser posted, proven by its author token; only within
   * the edit window and while it has no replies.
   */
  async editComment(thread: string, commentId: string, body: string, authorToken: string): Promise<Comment> {
    await this.simulate();
    const data = this.thread(thread);
    const c = this.ownComment(data, commentId, authorToken);
    if (validateDraft({ authorName: '', authorEmail: '', body: body ?? '' }, { maxLength: this.maxLength, required: ['body'] }).body) {
      fail('rejected', 'The comment is missing or invalid.', { field: 'body' });
    }
    c.body = normalizeNewlines(body).trim();
    delete c.bodyHtml;
    c.editedAt = this.now().toISOString();
    // With pre-moderation, changed text waits for a moderator again (its author still sees it).
    if (this.preModeration) c.status = 'pending';
    this.save(thread, data);
    return this.view(data, c);
  }

  /** Deletes a comment this browser posted (the same rules as `editComment`): it disappears. */
  async deleteComment(thread: string, commentId: string, authorToken: string): Promise<void> {
    await this.simulate();
    const data = this.thread(thread);
    erase(data, this.ownComment(data, commentId, authorToken));
    this.save(thread, data);
  }

  /**
   * Reports a comment this visitor can see, once per visitor; enough distinct reporters hide it
   * (visitors only: unlike the reference server, there are no client addresses here).
   */
  async reportComment(thread: string, commentId: string, reason: ReportReason, details?: string): Promise<void> {
    await this.simulate();
    const checked = checkReport(reason, details);
    if (!checked.ok) return fail('rejected', REPORT_PROBLEM_MESSAGES[checked.problem]);
    const data = this.thread(thread);
    const c = this.findListed(data, commentId) ?? notFound();
    const reports = (data.reports[commentId] ??= []);
    if (reports.some((r) => r.by === this.visitorId)) return;
    reports.push({ by: this.visitorId, ...checked.report, createdAt: this.now().toISOString(), open: true });
    const reporters = new Set(reports.filter((r) => r.open).map((r) => r.by)).size;
    if ((c.status ?? 'published') === 'published' && this.hideAfterReports > 0 && reporters >= this.hideAfterReports) c.status = 'hidden';
    this.save(thread, data);
  }

  /** Comments everyone can see, per requested thread (unknown threads: 0). */
  async countComments(threads: string[]): Promise<CommentCounts> {
    await this.simulate();
    const counts: CommentCounts = {};
    for (const t of threads) {
      const data = this.thread(t);
      const listed = this.listed(data, null);
      counts[t] = data.comments.filter((c) => listed.has(c.id) && !removed(c)).length;
    }
    return counts;
  }

  /**
   * Calls `onChange` (asynchronously, never inside the caller's stack) when a comment becomes
   * visible to everyone in the thread: a published post by any visitor, or an approval.
   */
  subscribe(thread: string, onChange: (e: ThreadEvent) => void): () => void {
    const listeners = this.shared.listeners;
    const set = listeners.get(thread) ?? listeners.set(thread, new Set()).get(thread)!;
    const listener = (e: ThreadEvent): void => onChange(e);
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size && listeners.get(thread) === set) listeners.delete(thread);
    };
  }

  /** The moderator's side, for the holder of the `moderatorToken` option. */
  moderation(token: string): ModerationAdapter {
    const allowed = this.moderatorToken !== undefined && token === this.moderatorToken;
    const check = async (signal?: AbortSignal): Promise<void> => {
      await this.simulate(signal);
      if (!allowed) fail('forbidden', 'The moderator token is not valid.');
    };
    return {
      listQueue: async (opts = {}) => {
        await check(opts.signal);
        return this.queue(opts.cursor);
      },
      moderate: async (thread, commentId, action) => {
        await check();
        this.moderate(thread, commentId, action);
      },
    };
  }

  async getArticleReactions(thread: string): Promise<ReactionSummary> {
    await this.simulate();
    return this.reactions(this.thread(thread));
  }

  async reactToArticle(thread: string, value: ReactionValue): Promise<ReactionSummary> {
    await this.simulate();
    if (value !== 'like' && value !== 'dislike') fail('rejected', 'Unknown reaction.');
    const d = this.thread(thread);
    const mine = d.votes[this.visitorId];
    if (mine !== value) {
      if (mine === 'like') d.likes--;
      if (mine === 'dislike') d.dislikes--;
      if (value === 'like') d.likes++;
      else d.dislikes++;
      d.votes[this.visitorId] = value;
      this.save(thread, d);
    }
    return this.reactions(d);
  }

  /** Likes a comment for this visitor, or takes the like back. */
  async likeComment(thread: string, commentId: string, liked = true): Promise<Comment> {
    await this.simulate();
    const d = this.thread(thread);
    const c = this.findListed(d, commentId) ?? notFound();
    const mine = d.liked[this.visitorId] ?? [];
    if (liked !== mine.includes(commentId)) {
      c.likes = Math.max(0, (c.likes ?? 0) + (liked ? 1 : -1));
      if (c.likes === 0) delete c.likes;
      d.liked[this.visitorId] = liked ? [...mine, commentId] : mine.filter((id) => id !== commentId);
      this.save(thread, d);
    }
    return this.view(d, c);
  }

  /** Forgets everything (memory and storage) for one thread, or for every thread it has seen. */
  reset(thread?: string): void {
    const ids = thread === undefined ? [...this.shared.threads.keys()] : [thread];
    for (const t of ids) {
      this.shared.threads.delete(t);
      if (this.prefix !== null) removeKey(this.storage, this.key(t));
    }
  }

  private reactions(d: ThreadData): ReactionSummary {
    return { likes: d.likes, dislikes: d.dislikes, mine: d.votes[this.visitorId] ?? null };
  }

  /**
   * The ids of the comments visitor `v` (null: an anonymous reader) gets listed: published ones
   * and `v`'s own pending ones whose ancestors are all listed, and deleted or hidden ones that
   * have such a comment in their subtree (as placeholders).
   */
  private listed(d: ThreadData, v: string | null): Set<string> {
    const children = new Map<string | null, Comment[]>();
    for (const c of d.comments) push(children, c.parentId, c);
    const out = new Set<string>();
    const walk = (c: Comment): boolean => {
      const visible = (c.status ?? 'published') === 'published' || (c.status === 'pending' && (d.owners[c.id] ?? LOCAL_VISITOR) === v);
      if (!visible && !removed(c)) return false;
      let any = false;
      for (const child of children.get(c.id) ?? []) any = walk(child) || any;
      if (visible || any) out.add(c.id);
      return visible || any;
    };
    for (const c of children.get(null) ?? []) walk(c);
    return out;
  }

  /** A comment this visitor sees in full (not a placeholder), or undefined. */
  private findListed(d: ThreadData, id: string): Comment | undefined {
    const c = d.comments.find((x) => x.id === id);
    return c && !removed(c) && this.listed(d, this.visitorId).has(id) ? c : undefined;
  }

  /** The comment the author token proves this visitor wrote, if it may still change. */
  private ownComment(d: ThreadData, id: string, token: string): Comment {
    const c = d.comments.find((x) => x.id === id);
    if (!c || removed(c)) notFound();
    if (typeof token !== 'string' || !token || d.tokens[id] !== token) fail('forbidden', 'Only the author may change this comment.');
    if (this.now().getTime() >= Date.parse(c!.createdAt) + this.editWindowMs) {
      fail('rejected', 'This comment can no longer be changed.', { reason: 'edit-window-closed' });
    }
    if (d.comments.some((x) => x.parentId === id)) fail('rejected', 'This comment has replies: it can no longer be changed.', { reason: 'has-replies' });
    return c!;
  }

  /** A copy of a stored comment as this visitor sees it (a placeholder for a deleted or hidden one). */
  private view(d: ThreadData, c: Comment): Comment {
    if (removed(c)) return { id: c.id, parentId: c.parentId, authorName: null, body: '', createdAt: c.createdAt, status: c.status! };
    return d.liked[this.visitorId]?.includes(c.id) ? { ...c, liked: true } : { ...c };
  }

  /** The answer to a post: the comment with its author token and edit deadline. */
  private authored(d: ThreadData, c: Comment): Comment {
    const view = this.view(d, c);
    const token = d.tokens[c.id];
    if (token) {
      view.authorToken = token;
      view.editableUntil = new Date(Date.parse(c.createdAt) + this.editWindowMs).toISOString();
    }
    return view;
  }

  /**
   * Makes a change, then tells the thread's listeners (asynchronously) about every comment it
   * made visible to everyone: a published post, an approved one, replies that waited on it.
   */
  private changing(thread: string, d: ThreadData, change: () => void): void {
    const set = this.shared.listeners.get(thread);
    const before = set?.size ? this.listed(d, null) : undefined;
    change();
    if (!set || !before) return;
    const after = this.listed(d, null);
    for (const c of d.comments) {
      if (!after.has(c.id) || before.has(c.id) || removed(c)) continue;
      const comment: Comment = { ...c };
      for (const listener of [...set]) {
        setTimeout(() => {
          if (!set.has(listener)) return; // unsubscribed meanwhile
          try {
            listener({ type: 'comment-added', comment: { ...comment } });
          } catch (err) {
            console.error('[colloquy] a live-update listener failed:', err);
          }
        }, 0);
      }
    }
  }

  private queue(cursor?: string): ModerationQueue {
    // Oldest first across threads; ties by thread, then posting order. The cursor is the
    // position of the last item sent, "<createdAt>|<index in its thread>|<thread>".
    type Position = [createdAt: string, index: number, thread: string];
    const after = cursor ? /^([^|]+)\|(\d+)\|([\s\S]*)$/.exec(cursor) : null;
    if (cursor && !after) fail('rejected', 'The page cursor is not valid.');
    const from: Position | null = after ? [after[1]!, Number(after[2]), after[3]!] : null;
    const before = (a: Position, b: Position): number =>
      a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[2] !== b[2] ? (a[2] < b[2] ? -1 : 1) : a[1] - b[1];
    if (this.prefix !== null) {
      const start = `${this.prefix}:thread:`;
      for (const k of keysWithPrefix(this.storage, start)) this.thread(k.slice(start.length));
    }
    const entries: [Position, ModerationItem][] = [];
    for (const [thread, d] of this.shared.threads) {
      d.comments.forEach((c, i) => {
        const reports = (d.reports[c.id] ?? []).filter((r) => r.open);
        if (c.status !== 'pending' && (c.status === 'deleted' || !reports.length)) return;
        const item: ModerationItem = {
          thread,
          comment: { ...c, status: c.status ?? 'published' },
          reports: reports.map(({ reason, details, createdAt }) => ({ reason, ...(details ? { details } : {}), createdAt })),
        };
        if (d.emails[c.id]) item.authorEmail = d.emails[c.id];
        const at: Position = [c.createdAt, i, thread];
        if (!from || before(at, from) > 0) entries.push([at, item]);
      });
    }
    entries.sort((a, b) => before(a[0], b[0]));
    const page = entries.slice(0, QUEUE_PAGE);
    const last = page[page.length - 1]?.[0];
    return { items: page.map((e) => e[1]), nextCursor: entries.length > page.length && last ? last.join('|') : null };
  }

  private moderate(thread: string, id: string, action: ModerationAction): void {
    if (action !== 'approve' && action !== 'reject' && action !== 'delete') fail('rejected', 'Unknown moderation action.');
    const d = this.thread(thread);
    const c = d.comments.find((x) => x.id === id) ?? notFound();
    if (action === 'approve' && c.status === 'deleted') fail('rejected', 'This comment was already removed; it cannot be approved.');
    for (const r of d.reports[id] ?? []) r.open = false;
    this.changing(thread, d, () => {
      if (action === 'approve') c.status = 'published';
      else if (action === 'reject') c.status = 'deleted';
      else erase(d, c);
    });
    this.save(thread, d);
  }

  private thread(thread: string): ThreadData {
    let data = this.shared.threads.get(thread);
    if (data) return data;
    data = this.load(thread) ?? this.seeded(thread);
    this.shared.threads.set(thread, data);
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
      ...(s.editedAt === undefined ? {} : { editedAt: s.editedAt }),
    }));
    return this.data({ comments });
  }

  /** Thread data with defaults for what `raw` lacks; reads the format of earlier versions too (mine, myLikes). */
  private data(raw: Partial<ThreadData> & { mine?: ReactionValue | null; myLikes?: string[] }): ThreadData {
    const obj = <T>(v: Record<string, T> | undefined): Record<string, T> => (v && typeof v === 'object' ? v : {});
    const votes = obj(raw.votes);
    if (raw.mine && !votes[LOCAL_VISITOR]) votes[LOCAL_VISITOR] = raw.mine;
    const liked = obj(raw.liked);
    if (Array.isArray(raw.myLikes) && !liked[LOCAL_VISITOR]) liked[LOCAL_VISITOR] = raw.myLikes;
    return {
      comments: raw.comments ?? [],
      keys: obj(raw.keys),
      likes: raw.likes ?? 0,
      dislikes: raw.dislikes ?? 0,
      votes,
      liked,
      owners: obj(raw.owners),
      tokens: obj(raw.tokens),
      emails: obj(raw.emails),
      reports: obj(raw.reports),
    };
  }

  private key(thread: string): string {
    return `${this.prefix}:thread:${thread}`;
  }

  private load(thread: string): ThreadData | undefined {
    if (this.prefix === null) return undefined;
    const raw = readJson(this.storage, this.key(thread)) as Partial<ThreadData> | undefined;
    return raw && Array.isArray(raw.comments) ? this.data(raw) : undefined;
  }

  private save(thread: string, data: ThreadData): void {
    if (this.prefix !== null) writeJson(this.storage, this.key(thread), data);
  }

  private newId(): string {
    const n = ++this.shared.counter;
    return `m${this.now().getTime().toString(36)}${n.toString(36)}${Math.floor(this.random() * 1e6).toString(36)}`;
  }

  private async simulate(signal?: AbortSignal): Promise<void> {
    const l = this.latencyMs;
    const ms = Array.isArray(l) ? l[0] + this.random() * Math.max(0, l[1] - l[0]) : l;
    if (ms > 0) await delay(ms, signal);
    if (signal?.aborted) throw abortError();
    if (this.failureRate > 0 && this.random() < this.failureRate) {
      fail('network', 'Simulated network failure (QA failure rate).');
    }
  }
}

/** Marks a comment deleted and erases what it said and who said it. */
function erase(d: ThreadData, c: Comment): void {
  c.status = 'deleted';
  c.body = '';
  c.authorName = null;
  for (const k of ['bodyHtml', 'authorUrl', 'avatarUrl', 'editedAt', 'likes'] as const) delete c[k];
  delete d.emails[c.id];
  delete d.tokens[c.id];
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
