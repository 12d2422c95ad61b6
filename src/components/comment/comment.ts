import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { replySlot, type DraftStore } from '../../core/drafts.js';
import { LINK_REL, loadSanitizer, sanitizeToFragment, sanitizerReady } from '../../core/sanitize.js';
import { linkify, safeHttpUrl, type TextPiece } from '../../core/urls.js';
import { DEFAULT_MAX_LENGTH, toParagraphs } from '../../core/text.js';
import type { CommentNode } from '../../core/thread.js';
import { defaultLocalizer, type Localizer } from '../../i18n/index.js';
import type { ColloquyCommentForm } from '../comment-form/comment-form.js';
import { emit } from '../shared/events.js';
import { maxLengthAttribute } from '../shared/attributes.js';
import { linkButton, tokens } from '../shared/tokens.styles.js';
import styles from './comment.styles.js';

/** Parts of the reply form, re-exported by each comment. */
export const FORM_PARTS = [
  'form',
  'field',
  'field-name',
  'field-email',
  'field-body',
  'label',
  'required-mark',
  'input',
  'hint',
  'textarea',
  'counter',
  'counter-near',
  'counter-at',
  'error',
  'notice',
  'offline',
  'post-error',
  'post-retry',
  'forget-button',
  'actions',
  'submit-button',
  'cancel-button',
];

/** Parts of one comment, including the nested replies and reply form. */
export const COMMENT_PARTS = [
  'comment',
  'comment-sending',
  'comment-pending',
  'header',
  'author',
  'author-anonymous',
  'avatar',
  'replying-to',
  'timestamp',
  'status',
  'body',
  'reply-button',
  'comment-like-button',
  'comment-likes',
  'comment-like-error',
  'replies',
  'more-replies',
  'reply-form',
  ...FORM_PARTS,
];

/** `exportparts` values, joined once rather than on every render of every comment. */
export const COMMENT_EXPORTS = COMMENT_PARTS.join(', ');
const FORM_EXPORTS = FORM_PARTS.join(', ');

/**
 * One comment: author, time, body, its "Reply" action with an inline reply form, and its
 * replies nested beneath it (each another `colloquy-comment`).
 *
 * @tagname colloquy-comment
 * @summary One comment with its replies.
 *
 * @attr sending - Reflected while the comment is not yet confirmed by the backend.
 * @attr pending - Reflected while the comment awaits moderation.
 *
 * @fires colloquy-reply-open - The reader opened the reply form of this comment.
 * @fires colloquy-load-replies - The reader asked for more replies of this (top-level) comment.
 * @fires colloquy-like-comment - The reader liked this comment, or took the like back.
 *
 * @csspart comment - The `<article>` of a comment.
 * @csspart comment-sending - A comment not yet confirmed by the backend (state).
 * @csspart comment-pending - A comment awaiting moderation (state).
 * @csspart header - The line with author and time.
 * @csspart author - The author's name, a link when the backend gives an http(s) author URL.
 * @csspart author-anonymous - The author when there is no name: "Anonymous" (state).
 * @csspart avatar - The author's avatar image, when the backend gives an http(s) URL.
 * @csspart replying-to - "replying to <name>" on replies shown flatter than they are.
 * @csspart timestamp - The `<time>`.
 * @csspart status - "Sending…" or "awaiting moderation".
 * @csspart body - The comment text.
 * @csspart reply-button - The "Reply" button.
 * @csspart comment-like-button - The comment's "Like" toggle (aria-pressed), when the backend supports likes.
 * @csspart comment-likes - The comment's like count ("12 likes").
 * @csspart comment-like-error - Why a like was not saved.
 * @csspart reply-form - The inline reply form element (its inner parts are re-exported too).
 * @csspart replies - The container of the replies.
 * @csspart more-replies - "Show 3 more replies" under a comment whose page carried only its first replies.
 *
 * @cssprop --colloquy-comment-gap - Space between comments (falls back to `--colloquy-space-4`).
 * @cssprop --colloquy-comment-indent - Indentation of replies (default 1.5rem).
 * @cssprop --colloquy-comment-rule - Line beside replies (falls back to `--colloquy-color-border`).
 * @cssprop --colloquy-comment-pending-rule - Dashed line beside a comment that is sending or awaiting moderation.
 */
export class ColloquyComment extends LitElement {
  static override styles = [tokens, linkButton, styles];

  /** The comment and its replies. */
  @property({ attribute: false }) node!: CommentNode;

  /** Maximum reply length (passed to the reply form). */
  @property({ converter: maxLengthAttribute }) maxlength = DEFAULT_MAX_LENGTH;

  /** Required fields of the reply form. */
  @property() required = 'name email';

  /** Strings and formats. */
  @property({ attribute: false }) localizer: Localizer = defaultLocalizer();

  /** Where reply drafts are kept (the reply form of a comment with a saved draft reopens by itself). */
  @property({ attribute: false }) drafts: DraftStore | null = null;

  /** True while the browser is offline (passed to the reply form). */
  @property({ type: Boolean }) offline = false;

  /** The time relative dates are computed from (defaults to now). */
  @property({ attribute: false }) now: Date | undefined;

  /** Position in the feed (top-level comments only), for assistive technology. */
  @property({ attribute: false }) posinset: number | undefined;

  /** Size of the feed, or -1 when unknown. */
  @property({ attribute: false }) setsize: number | undefined;

  /** Reflected while the comment is unconfirmed. */
  @property({ type: Boolean, reflect: true }) sending = false;

  /** Reflected while the comment awaits moderation. */
  @property({ type: Boolean, reflect: true }) pending = false;

  @state() private replyOpen = false;

  @query('.reply-button') private replyButton?: HTMLButtonElement;
  @query('colloquy-comment-form') private replyForm?: ColloquyCommentForm;
  @query('article') private article?: HTMLElement;

  private htmlBody: DocumentFragment | null = null;
  private htmlPending: Promise<void> | null = null;
  /** Show the Like button and count (the adapter supports comment likes). */
  @property({ attribute: false }) canLike = false;

  /** Why the last like was not saved, shown under the comment; cleared by the next click. */
  @property({ attribute: false }) likeError = '';

  /** The plain-text body split into paragraphs, lines and links: computed once per comment. */
  private textBody: TextPiece[][][] = [];
  private authorHref: string | null = null;
  private avatarHref: string | null = null;

  /** Whether the reply form is open. */
  get isReplyOpen(): boolean {
    return this.replyOpen;
  }

  /** Opens the reply form and moves focus into it. */
  async openReply(): Promise<void> {
    if (this.node.sending) return;
    this.replyOpen = true;
    emit(this, 'colloquy-reply-open', { commentId: this.node.comment.id });
    await this.updateComplete;
    this.replyForm?.focus();
  }

  /**
   * Closes the reply form; by default focus returns to the Reply button. A form whose reply is
   * being posted stays open unless `force` (the owner closes it after a confirmed post).
   */
  async closeReply(options: { focus?: boolean; force?: boolean } = {}): Promise<void> {
    if (this.replyForm?.busy && !options.force) return;
    this.replyOpen = false;
    await this.updateComplete;
    if (options.focus ?? true) this.replyButton?.focus();
  }

  /** Moves focus to this comment (after posting, for instance). */
  async focusComment(): Promise<void> {
    await this.updateComplete;
    this.article?.focus();
    this.article?.scrollIntoView?.({ block: 'nearest' });
  }

  /** Finds the element showing comment `id` among this comment and its replies. */
  async findComment(id: string): Promise<ColloquyComment | null> {
    if (this.node.comment.id === id) return this;
    await this.updateComplete;
    for (const child of this.renderRoot.querySelectorAll<ColloquyComment>('.replies > colloquy-comment')) {
      const found = await child.findComment(id);
      if (found) return found;
    }
    return null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A reply that was being written before a reload comes back, form open, text restored.
    if (changed.has('drafts') && this.drafts && !this.replyOpen && !this.node.sending && this.drafts.load(replySlot(this.node.comment.id))?.body) {
      this.replyOpen = true;
    }
    if (changed.has('node')) {
      const c = this.node.comment;
      this.sending = this.node.sending;
      this.pending = c.status === 'pending';
      const prev = changed.get('node') as CommentNode | undefined;
      // The tree is rebuilt on every change, but comments keep their identity: parse each body once.
      if (!prev || prev.comment !== c) {
        if (!prev || prev.comment.bodyHtml !== c.bodyHtml || prev.comment.body !== c.body) this.parseBody(c);
        // Checked at the adapter boundary already; checked again here, once per comment, not per render.
        this.authorHref = safeHttpUrl(c.authorUrl);
        this.avatarHref = safeHttpUrl(c.avatarUrl);
      }
    }
  }

  /**
   * Text bodies are split into paragraphs and links once. An HTML body needs DOMPurify, which is
   * fetched with the first such comment: until it is here (or if it cannot load) the plain-text
   * `body` is shown, so nothing unsanitized is ever rendered and the reader still gets the words.
   */
  private parseBody(c: CommentNode['comment']): void {
    this.htmlBody = null;
    this.htmlPending = null;
    this.textBody = [];
    if (c.bodyHtml && sanitizerReady()) {
      this.htmlBody = sanitizeToFragment(c.bodyHtml);
      return;
    }
    this.textBody = toParagraphs(c.body).map((lines) => lines.map(linkify));
    if (!c.bodyHtml) return;
    const pending = loadSanitizer().then(
      () => {
        // parseBody() runs again whenever the body changes and replaces `htmlPending`; a comment
        // object replaced with the same body (a like, a reload) still gets this one.
        if (this.htmlPending !== pending) return;
        this.htmlPending = null;
        this.htmlBody = sanitizeToFragment(c.bodyHtml!);
        this.requestUpdate();
      },
      () => {
        if (this.htmlPending === pending) this.htmlPending = null; // the text body stays
      },
    );
    this.htmlPending = pending;
  }

  /** Also waits for an HTML body's sanitizer, so `await el.updateComplete` sees the final body. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    for (let pending = this.htmlPending; pending; pending = this.htmlPending === pending ? null : this.htmlPending) {
      await pending;
      done = await super.getUpdateComplete();
    }
    return done;
  }

  private renderBody() {
    if (this.htmlBody) {
      // A fresh fragment per render pass would move nodes; clone so re-renders stay stable.
      return html`<div part="body" class="body" dir="auto">${this.htmlBody.cloneNode(true)}</div>`;
    }
    return html`<div part="body" class="body" dir="auto">
      ${this.textBody.map((lines) => html`<p>${lines.map((line, i) => html`${i === 0 ? nothing : html`<br />`}${this.renderLine(line)}`)}</p>`)}
    </div>`;
  }

  /** A line of plain text, its bare http(s) URLs as links (built as elements: no HTML parsing). */
  private renderLine(pieces: TextPiece[]) {
    return pieces.map((piece) =>
      piece.href === undefined ? piece.text : html`<a href=${piece.href} rel=${LINK_REL} target="_blank">${piece.text}</a>`,
    );
  }

  private renderTime() {
    const l = this.localizer;
    const date = new Date(this.node.comment.createdAt);
    const absolute = l.dateTime(date);
    return html`<time part="timestamp" datetime=${date.toISOString()} title=${absolute}>${l.relativeTime(date, this.now)}</time>`;
  }

  /** The Like toggle and the count beside it ("12 likes"), which also describes the button. */
  private renderLike() {
    const l = this.localizer;
    const c = this.node.comment;
    return html`<button
        part="comment-like-button"
        class="link-button like-button"
        type="button"
        aria-pressed=${c.liked ? 'true' : 'false'}
        aria-describedby="author likes"
        @click=${() => {
          this.likeError = '';
          emit(this, 'colloquy-like-comment', { commentId: c.id, liked: !c.liked });
        }}
      >
        ${l.t('commentLike')}
      </button>
      <span part="comment-likes" class="likes" id="likes">${l.plural('commentLikeCount', c.likes ?? 0)}</span>`;
  }

  /** "Show 3 more replies": asks the section for the next replies (it moves focus to the first of them). */
  private renderMoreReplies(more: NonNullable<CommentNode['moreReplies']>) {
    const l = this.localizer;
    return html`<button
      part="more-replies"
      class="link-button more-replies"
      type="button"
      aria-busy=${more.loading ? 'true' : 'false'}
      aria-describedby="author"
      @click=${() => {
        if (more.loading) return;
        emit(this, 'colloquy-load-replies', { commentId: this.node.comment.id });
      }}
    >
      ${more.loading ? l.t('loadingMore') : more.error ? l.t('retry') : l.plural('moreReplies', more.count)}
    </button>`;
  }

  protected override render() {
    const l = this.localizer;
    const { comment: c, children, replyingTo, sending } = this.node;
    const name = c.authorName?.trim() || '';
    const author = name || l.t('anonymous');
    const authorPart = name ? 'author' : 'author author-anonymous';
    const states = `${sending ? ' comment-sending' : ''}${c.status === 'pending' ? ' comment-pending' : ''}`;
    const status = sending ? l.t('sending') : c.status === 'pending' ? l.t('awaitingModeration') : '';
    return html`
      <article
        part="comment${states}"
        tabindex="-1"
        aria-label=${author}
        aria-posinset=${this.posinset ?? nothing}
        aria-setsize=${this.setsize ?? nothing}
        aria-busy=${sending ? 'true' : 'false'}
      >
        <header part="header" class="header">
          ${this.avatarHref
            ? html`<img part="avatar" class="avatar" src=${this.avatarHref} alt="" width="32" height="32" loading="lazy" referrerpolicy="no-referrer" />`
            : nothing}
          ${this.authorHref
            ? html`<a id="author" part=${authorPart} class="author" dir="auto" href=${this.authorHref} rel=${LINK_REL} target="_blank">${author}</a>`
            : html`<span id="author" part=${authorPart} class="author" dir="auto">${author}</span>`}
          ${replyingTo !== undefined
            ? html`<span part="replying-to" class="replying-to">${l.t('replyingTo', { name: replyingTo?.trim() || l.t('anonymous') })}</span>`
            : nothing}
          ${this.renderTime()}
          ${status ? html`<span part="status" class="status">${status}</span>` : nothing}
        </header>
        ${this.renderBody()}
        <div class="actions">
          <button
            part="reply-button"
            class="link-button reply-button"
            type="button"
            aria-expanded=${this.replyOpen ? 'true' : 'false'}
            aria-describedby="author"
            ?disabled=${sending}
            @click=${() => (this.replyOpen ? this.closeReply({ focus: false }) : this.openReply())}
          >
            ${l.t('reply')}
          </button>
          ${this.canLike && !sending ? this.renderLike() : nothing}
        </div>
        ${this.likeError ? html`<p part="comment-like-error" class="like-error" role="alert">${this.likeError}</p>` : nothing}
        ${this.replyOpen
          ? html`<colloquy-comment-form
              part="reply-form"
              exportparts=${FORM_EXPORTS}
              parent-id=${c.id}
              reply-to=${author}
              .drafts=${this.drafts}
              .draftSlot=${replySlot(c.id)}
              .offline=${this.offline}
              .maxlength=${this.maxlength}
              .required=${this.required}
              .localizer=${this.localizer}
              @colloquy-cancel=${() => void this.closeReply()}
            ></colloquy-comment-form>`
          : nothing}
        ${children.length
          ? html`<div part="replies" class="replies">
              ${repeat(
                children,
                (n) => n.comment.id,
                (n) => html`<colloquy-comment
                  exportparts=${COMMENT_EXPORTS}
                  .node=${n}
                  .maxlength=${this.maxlength}
                  .required=${this.required}
                  .localizer=${this.localizer}
                  .drafts=${this.drafts}
                  .offline=${this.offline}
                  .now=${this.now}
                  .canLike=${this.canLike}
                ></colloquy-comment>`,
              )}
            </div>`
          : nothing}
        ${this.node.moreReplies ? this.renderMoreReplies(this.node.moreReplies) : nothing}
      </article>
    `;
  }
}
