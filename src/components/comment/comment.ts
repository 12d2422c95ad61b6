import { property } from 'lit/decorators.js';
import type { CommentNode } from '../../core/thread.js';
import { fieldFooter, linkButton, tokens } from '../shared/tokens.styles.js';
import { CommentHost } from './comment-host.js';
import { renderComment } from './render.js';
import styles from './comment.styles.js';

export { COMMENT_PARTS, FORM_PARTS } from './render.js';
export { editSlot } from '../../core/drafts.js';

/**
 * One comment with its replies, on its own (outside a `<colloquy-comment-list>`): author, time,
 * body, its "Reply" action with an inline reply form, and its replies nested beneath it. It is
 * drawn by the same template function as every comment of the list (the list does not use this
 * element: its comments are templates in its own root). The reader's own comment, while its
 * edit window is open and nobody has answered it, has "Edit" (an inline form in place of the
 * body) and "Delete" (after an inline confirmation); other people's comments have "Report" (an
 * inline form with a reason). A deleted or hidden comment that still has replies shows as a
 * placeholder ("Comment deleted") above them. The element only raises events: whoever owns the
 * adapter acts, then calls `finishAction(id, action)` or `showActionError(id, message)`.
 *
 * @tagname colloquy-comment
 * @summary One comment with its replies.
 *
 * @fires colloquy-reply-open - The reader opened the reply form of this comment.
 * @fires colloquy-load-replies - The reader asked for more replies of this (top-level) comment.
 * @fires colloquy-like-comment - The reader liked this comment, or took the like back.
 * @fires colloquy-edit-comment - The reader saved a new text for their comment. `detail`: `{ commentId, body }`.
 * @fires colloquy-delete-comment - The reader confirmed deleting their comment. `detail`: `{ commentId }`.
 * @fires colloquy-report-comment - The reader sent a report. `detail`: `{ commentId, reason, details }`.
 *
 * @csspart comment - The `<article>` of a comment.
 * @csspart comment-sending - A comment not yet confirmed by the backend (state).
 * @csspart comment-pending - A comment awaiting moderation (state).
 * @csspart comment-deleted - A placeholder for a deleted or hidden comment that still has replies (state).
 * @csspart comment-hidden - A placeholder for a comment hidden after reports (state, with `comment-deleted`).
 * @csspart placeholder - "Comment deleted" / "Comment hidden until a moderator reviews it", in place of the body.
 * @csspart header - The line with author and time.
 * @csspart author - The author's name, a link when the backend gives an http(s) author URL.
 * @csspart author-anonymous - The author when there is no name: "Anonymous" (state).
 * @csspart avatar - The author's avatar image, when the backend gives an http(s) URL.
 * @csspart replying-to - "replying to <name>" on replies shown flatter than they are.
 * @csspart timestamp - The `<time>`.
 * @csspart status - "Sending…" or "awaiting moderation".
 * @csspart edited - "edited", on a comment its author changed (a `<time>`; the time of the edit is its title).
 * @csspart body - The comment text.
 * @csspart reply-button - The "Reply" button.
 * @csspart comment-like-button - The comment's "Like" toggle (aria-pressed), when the backend supports likes.
 * @csspart comment-likes - The comment's like count ("12 likes").
 * @csspart comment-like-error - Why a like was not saved.
 * @csspart edit-button - "Edit", on the reader's own comment while it may still be changed.
 * @csspart delete-button - "Delete", on the reader's own comment while it may still be changed.
 * @csspart report-button - "Report" on other people's comments; "Reported" (aria-disabled) once done.
 * @csspart edit-form - The inline form that replaces the body while editing.
 * @csspart edit-label - The edit box's label.
 * @csspart edit-textarea - The edit box.
 * @csspart edit-save - "Save" ("Saving…" while the change is being saved).
 * @csspart edit-cancel - "Cancel" in the edit form.
 * @csspart edit-error - Why the change was not saved (the text stays in the box).
 * @csspart delete-confirm - "Delete this comment? This cannot be undone." with its buttons.
 * @csspart delete-confirm-button - "Yes, delete it".
 * @csspart delete-cancel - "Cancel" in the delete confirmation.
 * @csspart delete-error - Why the comment was not deleted.
 * @csspart report-form - The inline report form.
 * @csspart report-legend - "Why are you reporting this comment?", the legend of the reasons.
 * @csspart report-reason - Each reason: a label holding its radio button.
 * @csspart report-details-label - The label of the details box.
 * @csspart report-details - The details box (required for "Something else", up to 500 characters).
 * @csspart report-submit - "Send report".
 * @csspart report-cancel - "Cancel" in the report form.
 * @csspart report-error - Why the report was not sent.
 * @csspart report-status - "Thank you. A moderator will review this comment."
 * @csspart reply-form - The inline reply form element, while open (its inner parts are re-exported too).
 * @csspart replies - The container of the replies.
 * @csspart more-replies - "Show 3 more replies" under a comment whose page carried only its first replies.
 *
 * @cssprop --colloquy-comment-gap - Space between comments (falls back to `--colloquy-space-4`).
 * @cssprop --colloquy-comment-indent - Indentation of replies (default 1.5rem).
 * @cssprop --colloquy-comment-rule - Line beside replies (falls back to `--colloquy-color-border`).
 * @cssprop --colloquy-comment-pending-rule - Dashed line beside a comment that is sending or awaiting moderation.
 */
export class ColloquyComment extends CommentHost {
  static override styles = [tokens, linkButton, fieldFooter, styles];

  /** The comment and its replies. */
  @property({ attribute: false }) node!: CommentNode;

  protected get shown(): readonly CommentNode[] {
    return this.node ? [this.node] : [];
  }

  protected override render() {
    return this.node ? renderComment(this.node, this.context(-1)) : null;
  }
}
