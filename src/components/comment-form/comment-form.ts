import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { NewComment } from '../../core/adapter.js';
import {
  DEFAULT_MAX_LENGTH,
  fitInsertion,
  normalizeNewlines,
  parseRequired,
  validateDraft,
  type CommentDraft,
  type FieldErrors,
  type FormField,
} from '../../core/text.js';
import { defaultLocalizer, type Localizer } from '../../i18n/index.js';
import type { TextKey } from '../../i18n/en.js';
import { MAIN_SLOT, type DraftStore } from '../../core/drafts.js';
import { emit } from '../shared/events.js';
import { maxLengthAttribute } from '../shared/attributes.js';
import { fieldFooter, linkButton, tokens } from '../shared/tokens.styles.js';
import styles from './comment-form.styles.js';

const ERROR_KEYS: Record<FormField, Partial<Record<string, TextKey>>> = {
  name: { required: 'nameRequired', 'too-long': 'nameTooLong' },
  email: { required: 'emailRequired', 'invalid-email': 'emailInvalid' },
  body: { required: 'bodyRequired', blank: 'bodyBlank', 'too-long': 'bodyTooLong' },
};

const FIELD_ORDER: FormField[] = ['name', 'email', 'body'];

/**
 * The comment form: name, e-mail (never displayed), comment with a character counter, and
 * submit. Used for new comments and, inline, for replies. It validates, then raises a
 * cancelable `colloquy-submit`; whoever owns the adapter (normally `<colloquy-comments>`)
 * posts it, sets `busy` meanwhile, and calls `reset()` once the post is confirmed.
 * Nothing typed is ever discarded by a failed validation or a failed post.
 *
 * @tagname colloquy-comment-form
 * @summary Write a comment or a reply.
 *
 * @attr maxlength - Maximum comment length in user-perceived characters (default 1500).
 * @attr required - Which fields are required, e.g. `"name email"` (the comment always is). Default: name and e-mail.
 * @attr parent-id - When set, the form writes a reply to that comment.
 * @attr reply-to - The name of the author being answered (for the reply's label).
 * @attr busy - Set while a post is in flight: submit and Cancel do nothing (`aria-disabled`, so focus stays on them), fields are read-only.
 *
 * @fires colloquy-submit - Cancelable. `detail.input` is the comment to post; a listener may amend it or call `preventDefault()` to veto.
 * @fires colloquy-cancel - The reader closed a reply form (Cancel or Escape).
 * @fires input - Relayed from the fields as the reader types.
 *
 * @csspart form - The `<form>`.
 * @csspart field - Each label + control group.
 * @csspart field-name - The name field group.
 * @csspart field-email - The e-mail field group.
 * @csspart field-body - The comment field group.
 * @csspart label - Each label.
 * @csspart required-mark - The `*` after a required field's label.
 * @csspart input - The name and e-mail inputs.
 * @csspart hint - Help text under a field (the e-mail's "never shown publicly").
 * @csspart textarea - The comment box.
 * @csspart counter - The character counter's text (with `counter-near` / `counter-at` states).
 * @csspart error - An inline field error.
 * @csspart notice - A form-level message: a paste that was cut, being offline.
 * @csspart offline - The notice shown while the browser is offline.
 * @csspart post-error - Why the last post failed, with its `post-retry` "Try again" button.
 * @csspart post-retry - "Try again" after a failed post (same idempotency key: never a second comment).
 * @csspart forget-button - "Forget my name and e-mail", shown when they are remembered.
 * @csspart actions - The row holding the buttons.
 * @csspart submit-button - The submit button.
 * @csspart cancel-button - The Cancel button of a reply form.
 *
 * @cssprop --colloquy-input-border - Border of the fields (falls back to `--colloquy-color-border`).
 * @cssprop --colloquy-input-background - Background of the fields (falls back to `--colloquy-color-surface`).
 * @cssprop --colloquy-textarea-min-height - Minimum height of the comment box (default 8em).
 * @cssprop --colloquy-button-background - Submit button background (falls back to `--colloquy-color-accent`).
 * @cssprop --colloquy-button-color - Submit button text color (falls back to `--colloquy-color-on-accent`).
 */
export class ColloquyCommentForm extends LitElement {
  static override styles = [tokens, linkButton, fieldFooter, styles];

  /** Maximum comment length. */
  @property({ converter: maxLengthAttribute }) maxlength = DEFAULT_MAX_LENGTH;

  /** Required fields as words: `name`, `email` (the comment is always required). */
  @property() required = 'name email';

  /** The comment this form replies to, or null for a new top-level comment. */
  @property({ attribute: 'parent-id' }) parentId: string | null = null;

  /** Name of the author being answered (labels only). */
  @property({ attribute: 'reply-to' }) replyTo: string | null = null;

  /** True while the owner posts the comment. */
  @property({ type: Boolean, reflect: true }) busy = false;

  /** A form-level error to show (set by the owner when a post fails). Empty for none. */
  @property({ attribute: false }) error = '';

  /** Strings and number formatting. */
  @property({ attribute: false }) localizer: Localizer = defaultLocalizer();

  /** Where drafts are kept as the reader types (none: nothing is saved). */
  @property({ attribute: false }) drafts: DraftStore | null = null;

  /** This form's draft slot: "main" for the top form, the parent's id for a reply. */
  @property({ attribute: false }) draftSlot = MAIN_SLOT;

  /** True while the browser is offline: posting waits, the text is kept. */
  @property({ type: Boolean }) offline = false;

  @state() private draft: CommentDraft = { authorName: '', authorEmail: '', body: '' };
  @state() private errors: FieldErrors = {};
  @state() private notice = '';

  @query('textarea') private textarea!: HTMLTextAreaElement;
  @query('form') private form?: HTMLFormElement;

  /** What the reader has typed. */
  get value(): CommentDraft {
    return { ...this.draft };
  }

  /** Sets what the form holds (saved as a draft too). */
  set value(draft: Partial<CommentDraft>) {
    this.draft = { ...this.draft, ...draft };
    this.drafts?.save(this.draftSlot, this.draft);
  }

  private get fields(): Set<FormField> {
    return new Set(parseRequired(this.required));
  }

  private get isReply(): boolean {
    return this.parentId !== null;
  }

  /**
   * Clears the comment after a confirmed post (`posted`: the text that was posted): the draft is
   * deleted, and the name and e-mail stay (and are remembered) for the next comment.
   */
  reset(posted?: string): void {
    this.draft = { ...this.draft, body: '' };
    this.errors = {};
    this.notice = '';
    this.error = '';
    if (this.drafts) {
      this.drafts.clear(this.draftSlot, posted);
      const { authorName, authorEmail } = this.draft;
      if (authorName.trim() || authorEmail.trim()) this.drafts.rememberIdentity({ authorName: authorName.trim(), authorEmail: authorEmail.trim() });
    }
  }

  /** Forgets the remembered name and e-mail (storage and fields). */
  forgetIdentity(): void {
    this.drafts?.forgetIdentity();
    this.draft = { ...this.draft, authorName: '', authorEmail: '' };
  }

  /**
   * "Forget my name and e-mail" was pressed. The button goes away with the identity, so focus
   * would fall to `<body>`: it goes to the emptied name field instead, where the reader types next.
   */
  private onForget(): void {
    this.forgetIdentity();
    void this.updateComplete.then(() => this.control('name')?.focus());
  }

  /** Moves focus into the form: the first empty field, or the comment box. */
  override focus(options?: FocusOptions): void {
    void this.updateComplete.then(() => {
      const root = this.renderRoot as ShadowRoot;
      const empty = [...root.querySelectorAll<HTMLInputElement>('input')].find((i) => i.value === '' && i.required);
      (empty ?? this.textarea)?.focus(options);
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('error') && this.error) this.notice = '';
    if ((changed.has('drafts') || changed.has('draftSlot')) && this.drafts) this.restore(this.drafts);
  }

  /** Restores the saved draft of this slot, or the remembered name and e-mail, into empty fields. */
  private restore(drafts: DraftStore): void {
    const saved = drafts.load(this.draftSlot);
    const identity = drafts.identity();
    const d = this.draft;
    this.draft = {
      authorName: d.authorName || saved?.authorName || identity?.authorName || '',
      authorEmail: d.authorEmail || saved?.authorEmail || identity?.authorEmail || '',
      body: d.body || (saved?.body ?? ''),
    };
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.drafts?.flush(this.draftSlot);
  }

  private saveDraft(): void {
    this.drafts?.save(this.draftSlot, this.draft);
  }

  private onField(field: 'authorName' | 'authorEmail', e: Event): void {
    const v = (e.target as HTMLInputElement).value;
    this.draft = { ...this.draft, [field]: v };
    this.saveDraft();
    const f: FormField = field === 'authorName' ? 'name' : 'email';
    if (this.errors[f]) this.errors = { ...this.errors, [f]: undefined };
  }

  private onBody(e: InputEvent): void {
    const ta = e.target as HTMLTextAreaElement;
    const fit = fitInsertion(this.draft.body, ta.value, this.maxlength);
    if (fit.cut) {
      ta.value = fit.value;
      ta.setSelectionRange(fit.caret, fit.caret);
      if (e.inputType === 'insertFromPaste' || e.inputType === 'insertFromDrop') {
        this.notice = this.localizer.t('pasteCut', { max: this.maxlength });
      }
    } else if (this.notice) {
      this.notice = '';
    }
    this.draft = { ...this.draft, body: fit.value };
    this.saveDraft();
    if (this.errors.body) this.errors = { ...this.errors, body: undefined };
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.isReply) {
      e.preventDefault();
      this.cancel();
    }
  }

  private cancel(): void {
    // While a reply is being posted the form stays: closing it would lose the text if the post fails.
    if (this.busy) return;
    emit(this, 'colloquy-cancel', {});
  }

  private onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    if (this.busy) return;
    this.drafts?.flush(this.draftSlot);
    const errors = validateDraft(this.draft, { maxLength: this.maxlength, required: [...this.fields] });
    this.errors = errors;
    const first = FIELD_ORDER.find((f) => errors[f]);
    if (first) {
      void this.updateComplete.then(() => this.control(first)?.focus());
      return;
    }
    const input: NewComment = {
      body: normalizeNewlines(this.draft.body).trim(),
      authorName: this.draft.authorName.trim(),
      parentId: this.parentId,
    };
    const email = this.draft.authorEmail.trim();
    if (email !== '') input.authorEmail = email;
    if (this.offline) {
      this.error = this.localizer.t('offlineNotSent');
      return;
    }
    emit(this, 'colloquy-submit', { input }, { cancelable: true });
  }

  private control(field: FormField): HTMLInputElement | HTMLTextAreaElement | null {
    return this.renderRoot.querySelector(`#${field}`);
  }

  private errorText(field: FormField): string {
    const code = this.errors[field];
    if (!code) return '';
    const key = ERROR_KEYS[field][code];
    return key ? this.localizer.t(key, { max: this.maxlength }) : '';
  }

  private mark(field: FormField) {
    return this.fields.has(field) ? html`<span part="required-mark" class="required" aria-hidden="true">*</span>` : nothing;
  }

  private describedBy(field: FormField, ...extra: string[]): string {
    return [this.errors[field] ? `${field}-error` : '', ...extra].filter(Boolean).join(' ');
  }

  private renderError(field: FormField) {
    const text = this.errorText(field);
    return html`<p id="${field}-error" part="error" class="error" ?hidden=${!text}>${text}</p>`;
  }

  protected override render() {
    const l = this.localizer;
    const fields = this.fields;
    const replyName = this.replyTo || l.t('anonymous');
    const bodyLabel = this.isReply ? l.t('replyBodyLabel', { name: replyName }) : l.t('bodyLabel');
    return html`
      <form part="form" novalidate @submit=${this.onSubmit} @keydown=${this.onKeydown} aria-busy=${this.busy ? 'true' : 'false'}>
        <div class="row">
          <div part="field field-name" class="field">
            <label part="label" for="name">${l.t('nameLabel')}${this.mark('name')}</label>
            <input
              part="input"
              id="name"
              name="name"
              autocomplete="name"
              maxlength="200"
              .value=${this.draft.authorName}
              ?required=${fields.has('name')}
              ?readonly=${this.busy}
              aria-invalid=${this.errors.name ? 'true' : 'false'}
              aria-describedby=${this.describedBy('name') || nothing}
              @input=${(e: Event) => this.onField('authorName', e)}
            />
            ${this.renderError('name')}
          </div>
          <div part="field field-email" class="field">
            <label part="label" for="email">${l.t('emailLabel')}${this.mark('email')}</label>
            <input
              part="input"
              id="email"
              name="email"
              type="email"
              autocomplete="email"
              maxlength="254"
              .value=${this.draft.authorEmail}
              ?required=${fields.has('email')}
              ?readonly=${this.busy}
              aria-invalid=${this.errors.email ? 'true' : 'false'}
              aria-describedby=${this.describedBy('email', 'email-hint')}
              @input=${(e: Event) => this.onField('authorEmail', e)}
            />
            <p id="email-hint" part="hint" class="hint">${l.t('emailHint')}</p>
            ${this.renderError('email')}
          </div>
        </div>
        <div part="field field-body" class="field">
          <label part="label" for="body">${bodyLabel}${this.mark('body')}</label>
          <textarea
            part="textarea"
            id="body"
            name="body"
            rows=${this.isReply ? 4 : 6}
            required
            ?readonly=${this.busy}
            .value=${this.draft.body}
            aria-invalid=${this.errors.body ? 'true' : 'false'}
            aria-describedby=${this.describedBy('body', this.notice ? 'notice' : '', 'body-limit')}
            @input=${this.onBody}
          ></textarea>
          <div class="under">
            ${this.renderError('body')}
            <span id="body-limit" class="visually-hidden">${l.t('counterLimit', { max: this.maxlength })}</span>
            <colloquy-char-counter
              exportparts="counter, counter-near, counter-at"
              .value=${this.draft.body}
              .max=${this.maxlength}
              .localizer=${this.localizer}
            ></colloquy-char-counter>
          </div>
        </div>
        <p id="notice" part="notice" class="notice" role="status" ?hidden=${!this.notice}>${this.notice}</p>
        <p part="notice offline" class="notice" role="status" ?hidden=${!this.offline}>${l.t('offlineNotice')}</p>
        <div part="post-error" class="notice failed" role="alert" ?hidden=${!this.error}>
          <span>${this.error}</span>
          ${this.error
            ? html`<button part="post-retry" type="button" class="link-button" @click=${() => this.form?.requestSubmit()}>${l.t('retry')}</button>`
            : nothing}
        </div>
        <div part="actions" class="actions">
          <button part="submit-button" type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>
            ${this.busy ? l.t('submitting') : this.isReply ? l.t('submitReply') : l.t('submit')}
          </button>
          ${!this.isReply && this.drafts?.identity()
            ? html`<button part="forget-button" type="button" class="link-button forget" @click=${this.onForget}>
                ${l.t('forgetMe')}
              </button>`
            : nothing}
          ${this.isReply
            ? html`<button part="cancel-button" type="button" class="link-button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.cancel}>
                ${l.t('cancel')}
              </button>`
            : nothing}
        </div>
      </form>
    `;
  }
}
