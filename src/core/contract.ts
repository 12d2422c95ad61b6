/**
 * The data of the adapter contract (comments, pages, votes), its values and the validation of
 * every answer that crosses it, with the one error type (AdapterError). DOM-free, and apart from
 * the adapter interface and `guardAdapter` (core/adapter.ts),
 * so that the reader stage of the script-tag path can check a first page without the rest.
 * core/adapter.ts re-exports everything here.
 */
import { safeHttpUrl } from './urls.js';
import { stripBidiControls } from './text.js';

// ---- What crosses the boundary: the data an adapter answers with.

/**
 * State of a comment as the backend reports it. 'pending' awaits moderation (shown to its author
 * only). 'deleted' (by its author or a moderator) and 'hidden' (after reports, until a moderator
 * decides) are only ever listed as placeholders, with an empty body and no author, when they
 * have replies that are still shown.
 */
export type CommentStatus = 'published' | 'pending' | 'deleted' | 'hidden';

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
  /** Optional: ISO 8601 time of the last edit by its author. */
  editedAt?: string;
  /**
   * Only in the answer to `postComment` (adapters with `editComment` / `deleteComment`): the
   * secret that proves authorship. The widget keeps it in this browser; it is never displayed.
   */
  authorToken?: string;
  /** Only in the answer to `postComment`, with `authorToken`: until when the author may edit or delete it. */
  editableUntil?: string;
}

/** Why a reader reports a comment. 'other' needs `details`. */
export type ReportReason = 'spam' | 'abuse' | 'off-topic' | 'other';

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

/** A vote on the article. */
export type ReactionValue = 'like' | 'dislike';

/** Counts of article votes, and this reader's own vote when the backend knows it. */
export interface ReactionSummary {
  likes: number;
  dislikes: number;
  mine?: ReactionValue | null;
}

/** The report reasons, in the order the widget offers them. */
export const REPORT_REASONS: readonly ReportReason[] = ['spam', 'abuse', 'off-topic', 'other'];

/** Longest report details accepted (characters). */
export const MAX_REPORT_DETAILS = 500;

/** The kinds of failure the UI knows how to explain. */
export type AdapterErrorKind = 'network' | 'rate-limited' | 'rejected' | 'not-found' | 'forbidden' | 'server';

/**
 * A finer reason within the kind, for a better message: a malformed answer, a timeout, an edit
 * after the window closed, a change to a comment that has replies.
 */
export type AdapterErrorReason = 'malformed-response' | 'timeout' | 'edit-window-closed' | 'has-replies';

/** Extra facts an adapter may attach to an error. */
export interface AdapterErrorOptions {
  /** For 'rate-limited': seconds until the reader may try again. */
  retryAfterSeconds?: number;
  /** For 'rejected': which field the backend refused, when it says. */
  field?: 'name' | 'email' | 'body';
  /** A finer reason within the kind, for a better message. */
  reason?: AdapterErrorReason;
  cause?: unknown;
}

/** The single error type that crosses the adapter boundary. */
export class AdapterError extends Error {
  override readonly name = 'AdapterError';
  readonly kind: AdapterErrorKind;
  readonly retryAfterSeconds?: number;
  readonly field?: 'name' | 'email' | 'body';
  readonly reason?: AdapterErrorReason;

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

/** @internal */
export class Malformed extends Error {}

/** Runs `parse`, prefixing a malformed answer's message with where it is (`comments[3].createdAt is not a date`). */
function at<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof Malformed) {
      // "createdAt is not a date" is about a field: comments[3].createdAt; anything else follows a colon.
      const field = /^(?!comment )[a-zA-Z]+ is /.test(err.message);
      throw new Malformed(field ? `${path}.${err.message}` : `${path}: ${err.message}`);
    }
    throw err;
  }
}

/** @internal */
export function malformed(what: string): never {
  throw new Malformed(what);
}

/** @internal */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** @internal */
export function str(v: unknown, what: string): string {
  if (typeof v !== 'string') malformed(`${what} is not a string`);
  return v;
}

/** @internal */
export function id(v: unknown, what: string): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  const s = str(v, what);
  if (s === '' || s.length > 200) malformed(`${what} is empty or too long`);
  return s;
}

/** Validates one comment from a backend and returns a clean copy. */
export function parseComment(raw: unknown): Comment {
  if (!isRecord(raw)) malformed('comment is not an object');
  const created = date(raw.createdAt, 'createdAt');
  const parent = raw.parentId;
  const name = raw.authorName;
  if (name != null && typeof name !== 'string') malformed('authorName is not a string');
  const status = raw.status ?? 'published';
  if (status !== 'published' && status !== 'pending' && status !== 'deleted' && status !== 'hidden') malformed('status is unknown');
  const commentId = id(raw.id, 'id');
  const parentId = parent == null || parent === '' ? null : id(parent, 'parentId');
  if (parentId === commentId) malformed('a comment answers itself');
  const comment: Comment = {
    id: commentId,
    parentId,
    // Whatever a backend stored: no bidi controls in a name (so "\u202Enimda" cannot show as "admin").
    authorName: name == null ? null : stripBidiControls(name.slice(0, MAX_RECEIVED_NAME)),
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
  if (raw.editedAt != null) comment.editedAt = date(raw.editedAt, 'editedAt');
  if (raw.authorToken != null) {
    const token = str(raw.authorToken, 'authorToken');
    if (token.length > 500) malformed('authorToken is too long');
    comment.authorToken = token;
  }
  if (raw.editableUntil != null) comment.editableUntil = date(raw.editableUntil, 'editableUntil');
  if (status === 'deleted' || status === 'hidden') {
    // A placeholder shows nothing of what was said, whatever a backend sends.
    comment.body = '';
    comment.authorName = null;
    for (const k of ['bodyHtml', 'authorUrl', 'avatarUrl', 'likes', 'liked', 'editedAt', 'authorToken', 'editableUntil'] as const) delete comment[k];
  }
  return comment;
}

/** @internal */
export function date(v: unknown, what: string): string {
  const s = str(v, what);
  if (Number.isNaN(Date.parse(s))) malformed(`${what} is not a date`);
  return s;
}

/** A page's `nextCursor`: a string, or null for the last page (absent or empty). */
/** @internal */
export function nextCursor(v: unknown): string | null {
  if (v != null && typeof v !== 'string') malformed('nextCursor is not a string');
  return v == null || v === '' ? null : v;
}

/** Validates a page from a backend. */
export function parseCommentPage(raw: unknown): CommentPage {
  if (!isRecord(raw)) malformed('page is not an object');
  if (!Array.isArray(raw.comments)) malformed('comments is not a list');
  const page: CommentPage = {
    comments: raw.comments.slice(0, MAX_PAGE_COMMENTS).map((c, i) => at(`comments[${i}]`, () => parseComment(c))),
    nextCursor: nextCursor(raw.nextCursor),
  };
  if (raw.total != null) page.total = count(raw.total, 'total');
  return page;
}

/** @internal */
export function count(v: unknown, what: string): number {
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


