/**
 * The comment form's one template (`<colloquy-comment-form>` renders it; so does the reader
 * stage of the script-tag path, whose native fields take typing before the form's code arrives).
 */
import { html, nothing } from 'lit/html.js';
import { MAX_MARKS_PER_CHARACTER, type CommentDraft, type FieldErrors, type FormField } from '../../core/text.js';
import type { Localizer } from '../../i18n/index.js';
import type { TextKey } from '../../i18n/en.js';
import { fieldFooter, linkButton, tokens } from '../shared/tokens.styles.js';
import styles from './comment-form.styles.js';

/** The style sheets of the element this template renders (the reader stage adopts the same ones). */
export const FORM_STYLES = [tokens, linkButton, fieldFooter, styles];

const ERROR_KEYS: Record<FormField, Partial<Record<string, TextKey>>> = {
  name: { required: 'nameRequired', 'too-long': 'nameTooLong', 'too-many-marks': 'tooManyMarks' },
  email: { required: 'emailRequired', 'invalid-email': 'emailInvalid' },
  body: { required: 'bodyRequired', blank: 'bodyBlank', 'too-long': 'bodyTooLong', 'too-many-marks': 'tooManyMarks' },
};

/** The form's handlers (the reader stage has only `submit`, which waits for the form's code). */
export interface FormHandlers {
  submit?: (e: SubmitEvent) => void;
  keydown?: (e: KeyboardEvent) => void;
  name?: (e: Event) => void;
  email?: (e: Event) => void;
  body?: (e: InputEvent) => void;
  retry?: () => void;
  forget?: () => void;
  cancel?: () => void;
}

/** Everything the form's template reads. */
export interface FormView {
  l: Localizer;
  /** Required fields (the comment always is). */
  fields: ReadonlySet<FormField>;
  maxlength: number;
  /** A reply form: to whom (null: a new comment). */
  parentId: string | null;
  replyTo: string | null;
  busy: boolean;
  error: string;
  /** Whether trying the same post again may work ("Try again" is offered only then). */
  retryable: boolean;
  notice: string;
  offline: boolean;
  draft: CommentDraft;
  errors: FieldErrors;
  /** A remembered name and e-mail can be forgotten (top form only). */
  remembered: boolean;
  on: FormHandlers;
}

function errorText(v: FormView, field: FormField): string {
  const code = v.errors[field];
  if (!code) return '';
  const key = ERROR_KEYS[field][code];
  return key ? v.l.t(key, { max: v.maxlength, marks: MAX_MARKS_PER_CHARACTER }) : '';
}

function mark(v: FormView, field: FormField) {
  return v.fields.has(field) ? html`<span part="required-mark" class="required" aria-hidden="true">*</span>` : nothing;
}

function describedBy(v: FormView, field: FormField, ...extra: string[]): string {
  return [v.errors[field] ? `${field}-error` : '', ...extra].filter(Boolean).join(' ');
}

function renderError(v: FormView, field: FormField) {
  const text = errorText(v, field);
  return html`<p id="${field}-error" part="error" class="error" ?hidden=${!text}>${text}</p>`;
}

/** The form: name, e-mail, comment with its counter, notices, and the buttons. */
export function renderForm(v: FormView) {
  const { l, fields, busy, on } = v;
  const reply = v.parentId !== null;
  const bodyLabel = reply ? l.t('replyBodyLabel', { name: v.replyTo || l.t('anonymous') }) : l.t('bodyLabel');
  return html`<form part="form" novalidate @submit=${on.submit} @keydown=${on.keydown} aria-busy=${busy ? 'true' : 'false'}><div class="row"><div part="field field-name" class="field"><label part="label" for="name">${l.t('nameLabel')}${mark(v, 'name')}</label><input part="input" id="name" name="name" autocomplete="name" maxlength="200" .value=${v.draft.authorName} ?required=${fields.has('name')} ?readonly=${busy} aria-invalid=${v.errors.name ? 'true' : 'false'} aria-describedby=${describedBy(v, 'name') || nothing} @input=${on.name}>${renderError(v, 'name')}</div><div part="field field-email" class="field"><label part="label" for="email">${l.t('emailLabel')}${mark(v, 'email')}</label><input part="input" id="email" name="email" type="email" autocomplete="email" maxlength="254" .value=${v.draft.authorEmail} ?required=${fields.has('email')} ?readonly=${busy} aria-invalid=${v.errors.email ? 'true' : 'false'} aria-describedby=${describedBy(v, 'email', 'email-hint')} @input=${on.email}><p id="email-hint" part="hint" class="hint">${l.t('emailHint')}</p>${renderError(v, 'email')}</div></div><div part="field field-body" class="field"><label part="label" for="body">${bodyLabel}${mark(v, 'body')}</label><textarea part="textarea" id="body" name="body" rows=${reply ? 4 : 6} required ?readonly=${busy} .value=${v.draft.body} aria-invalid=${v.errors.body ? 'true' : 'false'} aria-describedby=${describedBy(v, 'body', v.notice ? 'notice' : '', 'body-limit')} @input=${on.body}></textarea><div class="under">${renderError(v, 'body')}<span id="body-limit" class="visually-hidden">${l.t('counterLimit', { max: v.maxlength })}</span><colloquy-char-counter exportparts="counter, counter-near, counter-at" .value=${v.draft.body} .max=${v.maxlength} .localizer=${l}></colloquy-char-counter></div></div><p id="notice" part="notice" class="notice" role="status" ?hidden=${!v.notice}>${v.notice}</p><p part="notice offline" class="notice" role="status" ?hidden=${!v.offline}>${l.t('offlineNotice')}</p><div part="post-error" class="notice failed" role="alert" ?hidden=${!v.error}><span>${v.error}</span>${v.error && v.retryable
    ? html`<button part="post-retry" type="button" class="link-button" @click=${on.retry}>${l.t('retry')}</button>`
    : nothing}</div><div part="actions" class="actions"><button part="submit-button" type="submit" aria-disabled=${busy ? 'true' : 'false'}>${busy ? l.t('submitting') : reply ? l.t('submitReply') : l.t('submit')}</button>${v.remembered
    ? html`<button part="forget-button" type="button" class="link-button forget" @click=${on.forget}>${l.t('forgetMe')}</button>`
    : nothing}${reply
    ? html`<button part="cancel-button" type="button" class="link-button" aria-disabled=${busy ? 'true' : 'false'} @click=${on.cancel}>${l.t('cancel')}</button>`
    : nothing}</div></form>`;
}
