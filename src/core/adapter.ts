/**
 * The one contract a backend implements, plus the typed error that crosses it and the
 * validation applied to every answer. DOM-free.
 */
import {
  AdapterError,
  count,
  date,
  id,
  isRecord,
  malformed,
  Malformed,
  MAX_PAGE_COMMENTS,
  MAX_REPORT_DETAILS,
  nextCursor,
  parseComment,
  parseCommentPage,
  parseReactionSummary,
  REPORT_REASONS,
  str,
  toAdapterError,
} from './contract.js';
import type { Comment, CommentPage, ReactionSummary, ReactionValue, ReportReason } from './contract.js';
import { tellDeveloper } from './diagnostics.js';

export {
  AdapterError,
  isAbort,
  MAX_PAGE_COMMENTS,
  MAX_RECEIVED_BODY,
  MAX_RECEIVED_NAME,
  MAX_REPORT_DETAILS,
  parseComment,
  parseCommentPage,
  parseReactionSummary,
  REPORT_REASONS,
  toAdapterError,
  type AdapterErrorKind,
  type AdapterErrorOptions,
  type AdapterErrorReason,
  type Comment,
  type CommentPage,
  type CommentStatus,
  type ReactionSummary,
  type ReactionValue,
  type ReportReason,
} from './contract.js';

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

/** Something that changed in a thread (for live updates): a comment everyone can now see. */
export type ThreadEvent = { type: 'comment-added'; comment: Comment };

/** Comment counts by thread id. */
export type CommentCounts = Record<string, number>;

/** What a moderator does with a comment in the queue. */
export type ModerationAction = 'approve' | 'reject' | 'delete';

/** One reader's report on a comment, as a moderator sees it. */
export interface CommentReport {
  reason: ReportReason;
  details?: string;
  createdAt: string;
}

/** A comment awaiting a moderator: pending, or reported (published or hidden). */
export interface ModerationItem {
  thread: string;
  /** The comment as posted (real body and author, even when hidden). */
  comment: Comment;
  /** Moderators see the e-mail address, when there is one. */
  authorEmail?: string;
  /** Open reports, oldest first. */
  reports: CommentReport[];
}

/** One page of the moderation queue, oldest first. */
export interface ModerationQueue {
  items: ModerationItem[];
  nextCursor: string | null;
}

/**
 * The moderator's side of a backend, obtained from `CommentsAdapter.moderation(token)`. Every
 * call with a wrong token fails with kind 'forbidden'.
 */
export interface ModerationAdapter {
  listQueue(opts?: { cursor?: string; signal?: AbortSignal }): Promise<ModerationQueue>;
  /**
   * 'approve' publishes a pending comment or dismisses the reports on a reported one; 'reject'
   * removes it from the thread (kept for the record); 'delete' removes it and erases its text
   * and author. A removed comment with replies stays as a "Comment deleted" placeholder.
   */
  moderate(thread: string, commentId: string, action: ModerationAction): Promise<void>;
}

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
  /** Reports a comment to the moderators (once per visitor; a repeat changes nothing). */
  reportComment?(thread: string, commentId: string, reason: ReportReason, details?: string): Promise<void>;
  /**
   * Changes the body of the visitor's own comment, proven by the `authorToken` its post returned.
   * Refused ('rejected') after `editableUntil` or once it has replies; 'forbidden' for a wrong token.
   */
  editComment?(thread: string, commentId: string, body: string, authorToken: string): Promise<Comment>;
  /** Deletes the visitor's own comment; the same rules as `editComment`. */
  deleteComment?(thread: string, commentId: string, authorToken: string): Promise<void>;
  /** Counts for listing pages: comments everyone can see, for each requested thread (at most 100). */
  countComments?(threads: string[]): Promise<CommentCounts>;
  /** Live updates: calls `onChange` when a comment appears in the thread. Returns the unsubscribe function. */
  subscribe?(thread: string, onChange: (e: ThreadEvent) => void): () => void;
  /** The moderator's side of this backend, for the holder of `token`. */
  moderation?(token: string): ModerationAdapter;
}

/** Calls an adapter method and validates its answer: every failure becomes an AdapterError, a site developer's mistake is said once. */
async function guarded<T>(call: () => Promise<unknown>, parse: (raw: unknown) => T, method = 'an adapter method'): Promise<T> {
  let raw: unknown;
  try {
    raw = await call();
  } catch (err) {
    const error = toAdapterError(err);
    if (!(err instanceof AdapterError) && error.kind === 'server' && err instanceof Error) {
      tellDeveloper(
        `plain:${method}:${err.message}`,
        `${method} threw a plain ${err.name} ("${err.message}"), so readers see only "${error.message}" with "Try again". To show them a message of yours, throw new AdapterError('rejected', message); for a failure a retry may mend, throw AdapterError('network' | 'server' | 'rate-limited', …).`,
        err,
      );
    }
    throw error;
  }
  try {
    return parse(raw);
  } catch (err) {
    if (err instanceof Malformed) {
      tellDeveloper(`malformed:${method}:${err.message}`, `${method} answered something the contract does not allow: ${err.message}. The answer is refused (readers see an error with "Try again").`, raw);
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
    listComments: (thread, opts) => guarded(() => a.listComments(thread, opts), parseCommentPage, 'listComments'),
    postComment: (thread, input, opts) => guarded(() => a.postComment(thread, input, opts), parseComment, 'postComment'),
  };
  if (typeof a.getArticleReactions === 'function') {
    guardedAdapter.getArticleReactions = (thread) => guarded(() => a.getArticleReactions!(thread), parseReactionSummary, 'getArticleReactions');
  }
  if (typeof a.reactToArticle === 'function') {
    guardedAdapter.reactToArticle = (thread, value) => guarded(() => a.reactToArticle!(thread, value), parseReactionSummary, 'reactToArticle');
  }
  if (typeof a.likeComment === 'function') {
    guardedAdapter.likeComment = (thread, id, liked = true) => guarded(() => a.likeComment!(thread, id, liked), parseComment, 'likeComment');
  }
  if (typeof a.reportComment === 'function') {
    guardedAdapter.reportComment = (thread, id, reason, details) => guarded(() => a.reportComment!(thread, id, reason, details), () => undefined, 'reportComment');
  }
  if (typeof a.editComment === 'function') {
    guardedAdapter.editComment = (thread, id, body, token) => guarded(() => a.editComment!(thread, id, body, token), parseComment, 'editComment');
  }
  if (typeof a.deleteComment === 'function') {
    guardedAdapter.deleteComment = (thread, id, token) => guarded(() => a.deleteComment!(thread, id, token), () => undefined, 'deleteComment');
  }
  if (typeof a.countComments === 'function') {
    guardedAdapter.countComments = (threads) => guarded(() => a.countComments!(threads), (raw) => parseCounts(raw, threads), 'countComments');
  }
  if (typeof a.subscribe === 'function') {
    guardedAdapter.subscribe = (thread, onChange) => guardSubscribe(a, thread, onChange);
  }
  if (typeof a.moderation === 'function') {
    guardedAdapter.moderation = (token) => {
      try {
        return guardModeration(a.moderation!(token));
      } catch (err) {
        const error = toAdapterError(err);
        return { listQueue: () => Promise.reject(error), moderate: () => Promise.reject(error) };
      }
    };
  }
  return guardedAdapter;
}

/** Validates counts: a number for each requested thread (a missing one is 0); others are dropped. */
export function parseCounts(raw: unknown, threads: readonly string[]): CommentCounts {
  if (!isRecord(raw)) malformed('counts is not an object');
  const out: CommentCounts = {};
  for (const t of threads) out[t] = raw[t] == null ? 0 : count(raw[t], `count of ${t}`);
  return out;
}

/**
 * Subscribes through the adapter; an event whose comment is malformed is dropped (with a warning),
 * and neither a throwing `subscribe` nor a throwing unsubscribe reaches the page.
 */
function guardSubscribe(a: CommentsAdapter, thread: string, onChange: (e: ThreadEvent) => void): () => void {
  let stopped = false;
  let unsubscribe: (() => void) | undefined;
  try {
    const result: unknown = a.subscribe!(thread, (e: unknown) => {
      if (stopped) return;
      if (!isRecord(e) || e.type !== 'comment-added') return;
      let comment: Comment;
      try {
        comment = parseComment(e.comment);
      } catch (err) {
        console.warn('[colloquy] a live update could not be read and was ignored:', err);
        return;
      }
      onChange({ type: 'comment-added', comment });
    });
    if (typeof result === 'function') unsubscribe = result as () => void;
  } catch (err) {
    console.warn('[colloquy] live updates could not start:', err);
  }
  return () => {
    if (stopped) return;
    stopped = true;
    try {
      unsubscribe?.();
    } catch (err) {
      console.warn('[colloquy] stopping live updates failed:', err);
    }
  };
}

/** Validates one queue item. */
export function parseModerationItem(raw: unknown): ModerationItem {
  if (!isRecord(raw)) malformed('queue item is not an object');
  const thread = id(raw.thread, 'thread');
  if (!isRecord(raw.comment)) malformed('comment is not an object');
  // The moderator must see what was said even on a hidden comment: parse it as published, then restore the status.
  const status = raw.comment.status;
  const comment = parseComment({ ...raw.comment, status: status === 'deleted' || status === 'hidden' ? 'published' : status });
  if (status === 'hidden' || status === 'deleted') comment.status = status;
  if (!Array.isArray(raw.reports)) malformed('reports is not a list');
  const reports = raw.reports.slice(0, 1000).map((r): CommentReport => {
    if (!isRecord(r)) malformed('report is not an object');
    if (!REPORT_REASONS.includes(r.reason as ReportReason)) malformed('report reason is unknown');
    const report: CommentReport = { reason: r.reason as ReportReason, createdAt: date(r.createdAt, 'report createdAt') };
    if (r.details != null && r.details !== '') report.details = str(r.details, 'report details').slice(0, MAX_REPORT_DETAILS);
    return report;
  });
  const item: ModerationItem = { thread, comment, reports };
  if (raw.authorEmail != null && raw.authorEmail !== '') item.authorEmail = str(raw.authorEmail, 'authorEmail').slice(0, 320);
  return item;
}

/** Validates a page of the moderation queue. */
export function parseModerationQueue(raw: unknown): ModerationQueue {
  if (!isRecord(raw)) malformed('queue is not an object');
  if (!Array.isArray(raw.items)) malformed('items is not a list');
  return { items: raw.items.slice(0, MAX_PAGE_COMMENTS).map(parseModerationItem), nextCursor: nextCursor(raw.nextCursor) };
}

/** Wraps a moderation client like `guardAdapter` wraps an adapter. */
export function guardModeration(m: ModerationAdapter): ModerationAdapter {
  return {
    listQueue: (opts = {}) => guarded(() => m.listQueue(opts), parseModerationQueue, 'moderation().listQueue'),
    moderate: (thread, commentId, action) => guarded(() => m.moderate(thread, commentId, action), () => undefined, 'moderation().moderate'),
  };
}
