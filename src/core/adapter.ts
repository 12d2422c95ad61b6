/**
 * The one contract a backend implements, plus the typed error that crosses it and the
 * validation applied to every answer. DOM-free.
 */
import { safeHttpUrl } from './urls.js';

/** Moderation state of a comment as the backend reports it. */
export type CommentStatus = 'published' | 'pending';

/** A comment as the widget receives it from an adapter. */
export interface Comment {
  /** Opaque, unique within the thread. */
  id: string;
  /** The comment this one answers, or null for a top-level comment. */
  parentId: string | null;
  /** Display name; null or empty shows as "Anonymous". E-mail addresses are never part of a comment. */
  authorName: string | null;
  /** Optional link for the author's name (http/https only; anything else is dropped). */
  authorUrl?: string;
  /** Optional avatar image URL (http/https only; anything else is dropped). */
  avatarUrl?: string;
  /** Plain-text body. Always present; used when `bodyHtml` is absent. */
  body: string;
  /** Optional HTML body; rendered only through the sanitizer's strict allow-list. */
  bodyHtml?: string;
  /** ISO 8601 time the comment was posted. */
  createdAt: string;
  /** Defaults to 'published'. 'pending' means it awaits moderation (shown to its author only). */
  status?: CommentStatus;
  /**
   * Top-level comments only, optional: how many replies it has in all (its whole subtree), so the
   * list can say "Show 12 more replies" when a page carries only the first ones.
   */
  replyCount?: number;
  /**
   * Top-level comments only, optional: set when the page carries only its first replies. Passed as
   * `cursor` to `listComments`, it returns a page of the next replies of this comment only
   * (oldest first), whose `nextCursor` continues them.
   */
  repliesCursor?: string;
  /** Optional (adapters with `likeComment`): how many visitors like this comment. */
  likes?: number;
  /** Optional (adapters with `likeComment`): true when this visitor likes it. */
  liked?: boolean;
}

/**
 * Order of top-level comments (replies are always oldest first under their parent). 'liked'
 * (most liked first, then oldest) is for adapters with `likeComment`.
 */
export type SortOrder = 'oldest' | 'newest' | 'liked';

/** Options for listing a thread. */
export interface ListOptions {
  /** The `nextCursor` of the previous page; absent for the first page. */
  cursor?: string;
  /** Top-level comments per page the widget asks for; the adapter may return fewer. */
  limit?: number;
  /** Order of top-level comments. Default 'oldest'. */
  sort?: SortOrder;
  /** Aborted when the widget no longer needs the answer. */
  signal?: AbortSignal;
}

/**
 * One page of a thread: up to `limit` top-level comments in the requested order, each followed
 * by its replies (oldest first), so a reply never comes before the comment it answers.
 */
export interface CommentPage {
  comments: Comment[];
  /** Cursor for the next page, or null when this is the last page. */
  nextCursor: string | null;
  /** Number of comments in the whole thread (replies included), when the backend knows it. */
  total?: number;
}

/** What the reader submits. */
export interface NewComment {
  body: string;
  authorName: string;
  /** Never displayed; the backend may use it for notifications or moderation. */
  authorEmail?: string;
  parentId?: string | null;
}

/** Options for posting. */
export interface PostOptions {
  /** The same key for every retry of one submission: a backend must not store it twice. */
  idempotencyKey: string;
  signal?: AbortSignal;
}

/** A vote on the article. */
export type ReactionValue = 'like' | 'dislike';

/** Counts of article votes, and this reader's own vote when the backend knows it. */
export interface ReactionSummary {
  likes: number;
  dislikes: number;
  mine?: ReactionValue | null;
}

/** Something that changed in a thread (for live updates). */
export type ThreadEvent = { type: 'comment-added'; comment: Comment };

/**
 * The interface a backend implements. Only `listComments` and `postComment` are required;
 * the widget shows a feature only when the adapter has the matching method.
 */
export interface CommentsAdapter {
  listComments(thread: string, opts: ListOptions): Promise<CommentPage>;
  postComment(thread: string, input: NewComment, opts: PostOptions): Promise<Comment>;
  getArticleReactions?(thread: string): Promise<ReactionSummary>;
  reactToArticle?(thread: string, value: ReactionValue): Promise<ReactionSummary>;
  /**
   * Likes a comment for this visitor (one like per visitor), or takes the like back with
   * `liked = false`. Resolves with the comment, its `likes` and `liked` updated.
   */
  likeComment?(thread: string, commentId: string, liked?: boolean): Promise<Comment>;
  reportComment?(thread: string, commentId: string, reason: string): Promise<void>;
  subscribe?(thread: string, onChange: (e: ThreadEvent) => void): () => void;
}

/** The kinds of failure the UI knows how to explain. */
export type AdapterErrorKind = 'network' | 'rate-limited' | 'rejected' | 'not-found' | 'server';

/** Extra facts an adapter may attach to an error. */
export interface AdapterErrorOptions {
  /** For 'rate-limited': seconds until the reader may try again. */
  retryAfterSeconds?: number;
  /** For 'rejected': which field the backend refused, when it says. */
  field?: 'name' | 'email' | 'body';
  /** A finer reason within the kind, for a better message: a malformed answer, a timeout. */
  reason?: 'malformed-response' | 'timeout';
  cause?: unknown;
}

/** The single error type that crosses the adapter boundary. */
export class AdapterError extends Error {
  override readonly name = 'AdapterError';
  readonly kind: AdapterErrorKind;
  readonly retryAfterSeconds?: number;
  readonly field?: 'name' | 'email' | 'body';
  readonly reason?: 'malformed-response' | 'timeout';

  constructor(kind: AdapterErrorKind, message: string, options: AdapterErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
    if (options.field !== undefined) this.field = options.field;
    if (options.reason !== undefined) this.reason = options.reason;
  }

  /** True when trying the same thing again may work. */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'server' || this.kind === 'rate-limited';
  }
}

const FETCH_FAILURE = /fetch|network|load failed/i;

/** Turns anything thrown by an adapter into an AdapterError. */
export function toAdapterError(err: unknown): AdapterError {
  if (err instanceof AdapterError) return err;
  if (isAbort(err)) return new AdapterError('network', 'The request was cancelled.', { cause: err });
  if (err instanceof TypeError && FETCH_FAILURE.test(err.message)) {
    // fetch() rejects with a TypeError when the network fails ("Failed to fetch", "fetch failed",
    // "NetworkError when attempting…", "Load failed"). Other TypeErrors are bugs: 'server'.
    return new AdapterError('network', 'Could not reach the comment service.', { cause: err });
  }
  return new AdapterError('server', 'The comment service failed.', { cause: err });
}

/** True for an AbortError from an AbortSignal. */
export function isAbort(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError';
}

// ---------------------------------------------------------------------------------------------
// Validation at the boundary. A malformed answer becomes an AdapterError('server'), never a
// TypeError somewhere in the UI.

/** Largest body (in UTF-16 units) accepted from a backend; longer ones are cut. */
export const MAX_RECEIVED_BODY = 100_000;
/** Largest author name accepted from a backend; longer ones are cut. */
export const MAX_RECEIVED_NAME = 200;
/** Most comments accepted in one page; the rest are dropped. */
export const MAX_PAGE_COMMENTS = 1000;

class Malformed extends Error {}

function malformed(what: string): never {
  throw new Malformed(what);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') malformed(`${what} is not a string`);
  return v;
}

function id(v: unknown, what: string): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  const s = str(v, what);
  if (s === '' || s.length > 200) malformed(`${what} is empty or too long`);
  return s;
}

/** Validates one comment from a backend and returns a clean copy. */
export function parseComment(raw: unknown): Comment {
  if (!isRecord(raw)) malformed('comment is not an object');
  const created = str(raw.createdAt, 'createdAt');
  if (Number.isNaN(Date.parse(created))) malformed('createdAt is not a date');
  const parent = raw.parentId;
  const name = raw.authorName;
  if (name != null && typeof name !== 'string') malformed('authorName is not a string');
  const status = raw.status ?? 'published';
  if (status !== 'published' && status !== 'pending') malformed('status is unknown');
  const commentId = id(raw.id, 'id');
  const parentId = parent == null || parent === '' ? null : id(parent, 'parentId');
  if (parentId === commentId) malformed('a comment answers itself');
  const comment: Comment = {
    id: commentId,
    parentId,
    authorName: name == null ? null : name.slice(0, MAX_RECEIVED_NAME),
    body: str(raw.body, 'body').slice(0, MAX_RECEIVED_BODY),
    createdAt: created,
    status,
  };
  if (raw.bodyHtml != null) comment.bodyHtml = str(raw.bodyHtml, 'bodyHtml').slice(0, MAX_RECEIVED_BODY);
  // Links from a backend are kept only when they are plain http(s): never javascript:, data: and the like.
  const authorUrl = safeHttpUrl(raw.authorUrl);
  if (authorUrl) comment.authorUrl = authorUrl;
  const avatarUrl = safeHttpUrl(raw.avatarUrl);
  if (avatarUrl) comment.avatarUrl = avatarUrl;
  if (raw.replyCount != null) comment.replyCount = count(raw.replyCount, 'replyCount');
  if (raw.repliesCursor != null && raw.repliesCursor !== '') comment.repliesCursor = str(raw.repliesCursor, 'repliesCursor');
  if (raw.likes != null) comment.likes = count(raw.likes, 'likes');
  if (raw.liked != null) {
    if (typeof raw.liked !== 'boolean') malformed('liked is not a boolean');
    comment.liked = raw.liked;
  }
  return comment;
}

/** Validates a page from a backend. */
export function parseCommentPage(raw: unknown): CommentPage {
  if (!isRecord(raw)) malformed('page is not an object');
  if (!Array.isArray(raw.comments)) malformed('comments is not a list');
  const next = raw.nextCursor;
  if (next != null && typeof next !== 'string') malformed('nextCursor is not a string');
  const page: CommentPage = {
    comments: raw.comments.slice(0, MAX_PAGE_COMMENTS).map(parseComment),
    nextCursor: next == null || next === '' ? null : next,
  };
  if (raw.total != null) page.total = count(raw.total, 'total');
  return page;
}

function count(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) malformed(`${what} is not a count`);
  return Math.floor(v);
}

/** Validates a reaction summary from a backend. */
export function parseReactionSummary(raw: unknown): ReactionSummary {
  if (!isRecord(raw)) malformed('reactions is not an object');
  const mine = raw.mine ?? null;
  if (mine !== null && mine !== 'like' && mine !== 'dislike') malformed('mine is unknown');
  return { likes: count(raw.likes, 'likes'), dislikes: count(raw.dislikes, 'dislikes'), mine };
}

async function guarded<T>(call: () => Promise<unknown>, parse: (raw: unknown) => T): Promise<T> {
  let raw: unknown;
  try {
    raw = await call();
  } catch (err) {
    throw toAdapterError(err);
  }
  try {
    return parse(raw);
  } catch (err) {
    if (err instanceof Malformed) {
      throw new AdapterError('server', `The comment service sent an answer that could not be read (${err.message}).`, {
        cause: err,
        reason: 'malformed-response',
      });
    }
    throw toAdapterError(err);
  }
}

/**
 * Wraps an adapter so that every answer is validated and every failure is an AdapterError,
 * including an adapter method that throws synchronously.
 */
export function guardAdapter(adapter: CommentsAdapter): CommentsAdapter {
  const a = adapter;
  const guardedAdapter: CommentsAdapter = {
    listComments: (thread, opts) => guarded(() => a.listComments(thread, opts), parseCommentPage),
    postComment: (thread, input, opts) => guarded(() => a.postComment(thread, input, opts), parseComment),
  };
  if (typeof a.getArticleReactions === 'function') {
    guardedAdapter.getArticleReactions = (thread) => guarded(() => a.getArticleReactions!(thread), parseReactionSummary);
  }
  if (typeof a.reactToArticle === 'function') {
    guardedAdapter.reactToArticle = (thread, value) => guarded(() => a.reactToArticle!(thread, value), parseReactionSummary);
  }
  if (typeof a.likeComment === 'function') {
    guardedAdapter.likeComment = (thread, id, liked = true) => guarded(() => a.likeComment!(thread, id, liked), parseComment);
  }
  return guardedAdapter;
}
