/**
 * Every event Colloquy raises: `colloquy-<verb>`, bubbling and composed, with a typed detail.
 */
import type { AdapterError, Comment, NewComment, ReactionSummary, ReactionValue, ReportReason } from '../../core/adapter.js';

/** Detail of `colloquy-submit`: the comment about to be posted (a listener may amend it). */
export interface SubmitDetail {
  input: NewComment;
}
/** Detail of `colloquy-comment-posted`. */
export interface CommentPostedDetail {
  thread: string;
  comment: Comment;
}
/** Detail of `colloquy-reaction`. */
export interface ReactionDetail {
  thread: string;
  value: ReactionValue;
  summary: ReactionSummary | null;
}
/** Detail of `colloquy-error`: what failed and why. */
export interface ErrorDetail {
  action: 'load' | 'load-more' | 'load-replies' | 'post' | 'react' | 'like' | 'edit' | 'delete' | 'report' | 'moderate' | 'count';
  error: AdapterError;
  thread: string;
}
/** Detail of `colloquy-reply-open`. */
export interface ReplyOpenDetail {
  commentId: string;
}

/** Detail of `colloquy-load-replies`. */
export interface LoadRepliesDetail {
  commentId: string;
}

/** Detail of `colloquy-like-comment`. */
export interface LikeCommentDetail {
  commentId: string;
  /** True to like, false to take the like back. */
  liked: boolean;
}

/** Detail of `colloquy-edit-comment`: the reader saved a new text for their comment. */
export interface EditCommentDetail {
  commentId: string;
  body: string;
}

/** Detail of `colloquy-delete-comment`: the reader confirmed deleting their comment. */
export interface DeleteCommentDetail {
  commentId: string;
}

/** Detail of `colloquy-report-comment`: the reader sent a report. */
export interface ReportCommentDetail {
  commentId: string;
  reason: ReportReason;
  /** What the reader wrote (may be empty, except for 'other'). */
  details: string;
}

/** Detail of `colloquy-comment-edited`: the backend saved the new text. */
export interface CommentEditedDetail {
  thread: string;
  comment: Comment;
}

/** Detail of `colloquy-comment-deleted`: the backend deleted the comment. */
export interface CommentDeletedDetail {
  thread: string;
  commentId: string;
}

/** Detail of `colloquy-comment-reported`: the backend took the report. */
export interface CommentReportedDetail {
  thread: string;
  commentId: string;
  reason: ReportReason;
}

/** Event names mapped to their detail types. */
export interface ColloquyEventMap {
  'colloquy-submit': CustomEvent<SubmitDetail>;
  'colloquy-comment-posted': CustomEvent<CommentPostedDetail>;
  'colloquy-reaction': CustomEvent<ReactionDetail>;
  'colloquy-error': CustomEvent<ErrorDetail>;
  'colloquy-cancel': CustomEvent<Record<string, never>>;
  'colloquy-retry': CustomEvent<Record<string, never>>;
  'colloquy-load-more': CustomEvent<Record<string, never>>;
  'colloquy-show-new': CustomEvent<Record<string, never>>;
  'colloquy-load-replies': CustomEvent<LoadRepliesDetail>;
  'colloquy-like-comment': CustomEvent<LikeCommentDetail>;
  'colloquy-reply-open': CustomEvent<ReplyOpenDetail>;
  'colloquy-edit-comment': CustomEvent<EditCommentDetail>;
  'colloquy-delete-comment': CustomEvent<DeleteCommentDetail>;
  'colloquy-report-comment': CustomEvent<ReportCommentDetail>;
  'colloquy-comment-edited': CustomEvent<CommentEditedDetail>;
  'colloquy-comment-deleted': CustomEvent<CommentDeletedDetail>;
  'colloquy-comment-reported': CustomEvent<CommentReportedDetail>;
}

/** Dispatches a Colloquy event from `target`; returns false when a listener cancelled it. */
export function emit<K extends keyof ColloquyEventMap>(
  target: EventTarget,
  name: K,
  detail: ColloquyEventMap[K]['detail'],
  options: { cancelable?: boolean } = {},
): boolean {
  return target.dispatchEvent(
    new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }),
  );
}

declare global {
  interface HTMLElementEventMap extends ColloquyEventMap {}
}
