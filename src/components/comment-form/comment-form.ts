import { LitElement, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { NewComment } from '../../core/adapter.js';
import {
  capMarks,
  cleanName,
  DEFAULT_MAX_LENGTH,
  fitInsertion,
  MAX_MARKS_PER_CHARACTER,
  normalizeNewlines,
  parseRequired,
  validateDraft,
  type CommentDraft,
  type FieldErrors,
  type FormField,
} from '../../core/text.js';
import { defaultLocalizer, type Localizer } from '../../i18n/index.js';
import { MAIN_SLOT, type DraftStore } from '../../core/drafts.js';
import { emit } from '../shared/events.js';
import { maxLengthAttribute } from '../shared/attributes.js';
import { renderForm, type FormHandlers, FORM_STYLES } from './form-template.js';
import { takeOverRoot } from '../shared/take-over.js';

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
  static override styles = FORM_STYLES;

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

  /** Whether the same post may work if tried again: "Try again" is offered with `error` only then (not after a refusal). */
  @property({ attribute: false }) retryable = true;

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
  /** Text was found in the fields when this form took over the reader stage's (not saved yet). */
  private typedBeforeCode = false;
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
    if ((changed.has('drafts') || changed.has('draftSlot')) && this.drafts) {
      this.restore(this.drafts);
      // Typed in the reader stage, before there was code to save it: saved now, like any typing.
      if (this.typedBeforeCode) this.saveDraft();
      this.typedBeforeCode = false;
    }
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
    const input = e.target as HTMLInputElement;
    let v = input.value;
    const capped = field === 'authorName' ? capMarks(v) : null;
    if (capped?.cut) {
      // A name under a column of combining marks would cover the comments above it: the extra marks go.
      v = input.value = capped.text;
      this.notice = this.localizer.t('marksCut', { marks: MAX_MARKS_PER_CHARACTER });
    }
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
      if (fit.marksCut) {
        this.notice = this.localizer.t('marksCut', { marks: MAX_MARKS_PER_CHARACTER });
      } else if (e.inputType === 'insertFromPaste' || e.inputType === 'insertFromDrop') {
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
      authorName: cleanName(this.draft.authorName),
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

  private readonly handlers: FormHandlers = {
    submit: (e) => this.onSubmit(e),
    keydown: (e) => this.onKeydown(e),
    name: (e) => this.onField('authorName', e),
    email: (e) => this.onField('authorEmail', e),
    body: (e) => this.onBody(e),
    retry: () => this.form?.requestSubmit(),
    forget: () => this.onForget(),
    cancel: () => this.cancel(),
  };

  /**
   * Taking over the reader stage's form (src/reader.ts): what the reader typed before this code
   * arrived is in the native fields; it becomes the draft, so it is counted, saved and posted.
   */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = takeOverRoot(this, super.createRenderRoot());
    const typed = (id: string) => (root.querySelector(`#${id}`) as HTMLInputElement | null)?.value ?? '';
    if (root.firstChild) {
      this.draft = { authorName: typed('name'), authorEmail: typed('email'), body: typed('body') };
      this.typedBeforeCode = !!(this.draft.authorName || this.draft.authorEmail || this.draft.body);
    }
    return root;
  }

  protected override render() {
    return renderForm({
      l: this.localizer,
      fields: this.fields,
      maxlength: this.maxlength,
      parentId: this.parentId,
      replyTo: this.replyTo,
      busy: this.busy,
      error: this.error,
      retryable: this.retryable,
      notice: this.notice,
      offline: this.offline,
      draft: this.draft,
      errors: this.errors,
      remembered: !this.isReply && !!this.drafts?.identity(),
      on: this.handlers,
    });
  }
}
