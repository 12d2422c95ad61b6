/**
 * Text rules shared by the widget and the reference server: one place for the character
 * limit, how characters are counted and what a valid comment is.
 *
 * Characters are user-perceived characters (extended grapheme clusters, `Intl.Segmenter`):
 * an emoji family, a flag, or an Urdu letter with its marks count as 1; CRLF counts as 1.
 *
 * DOM-free: runs in browsers and in Node.
 */

/** The default maximum comment length, in user-perceived characters. */
export const DEFAULT_MAX_LENGTH = 1500;

/** Fields of the comment form a site can mark as required (the comment body always is). */
export type FormField = 'name' | 'email' | 'body';

/** Fields required when a page does not say otherwise. */
export const DEFAULT_REQUIRED: readonly FormField[] = ['name', 'email', 'body'];

let segmenter: Intl.Segmenter | undefined;
function graphemes(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter;
}

/** Fast path: text made only of characters that are always one grapheme each. */
// eslint-disable-next-line no-control-regex
const SIMPLE = /^[\x20-\x7e\n\t]*$/;

/** Counts user-perceived characters. */
export function countGraphemes(text: string): number {
  if (SIMPLE.test(text)) return text.length;
  let n = 0;
  for (const _ of graphemes().segment(text)) n++;
  return n;
}

/** Returns the longest prefix of `text` holding at most `max` user-perceived characters. */
export function truncateGraphemes(text: string, max: number): string {
  if (max <= 0) return '';
  if (SIMPLE.test(text)) return text.slice(0, max);
  let n = 0;
  for (const { index } of graphemes().segment(text)) {
    if (n === max) return text.slice(0, index);
    n++;
  }
  return text;
}

/**
 * Text every store can hold: lone surrogates (which UTF-8 cannot encode) become U+FFFD, like
 * String#toWellFormed; NUL (invisible, and PostgreSQL's text cannot hold it) is dropped.
 */
export function toStorable(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD').replace(/\0/g, '');
}

/** Turns CRLF and lone CR line ends into LF. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Characters that draw nothing: white space (no-break spaces included), zero-width characters,
 * bidi controls and marks, the soft hyphen, the combining grapheme joiner, the Hangul fillers,
 * the blank Braille pattern, NUL. A body or a name made only of these is blank.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\s\0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u2800\u3164\ufeff\uffa0]/g;

/** True when the text has nothing a reader could see (see INVISIBLE). */
export function isBlank(text: string): boolean {
  return text.replace(INVISIBLE, '') === '';
}

/** Bidi embeddings, overrides, isolates and marks (LRE…RLO, LRI…PDI, LRM, RLM, ALM). */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/**
 * A name as it is stored and shown: without bidi controls (so "\u202Enimda" cannot show as
 * "admin", nor a name reorder the text around it), trimmed. Each name is already isolated where
 * it is shown (`dir="auto"`), so nothing is lost for right-to-left names.
 */
export function cleanName(name: string): string {
  return stripBidiControls(name).trim();
}

/** `text` without bidi controls (see cleanName), otherwise as it is. */
export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * Most combining marks kept on one character. No writing system in use stacks more than a few
 * on one letter (Vietnamese two, fully pointed and cantillated Hebrew four or five, Tibetan and
 * Indic stacks fewer than eight); "Zalgo" text stacks dozens so that they spill over the lines
 * around it. The widget drops the extra marks as they are typed or pasted (saying so); the
 * server refuses a text that still has them.
 */
export const MAX_MARKS_PER_CHARACTER = 8;

const MARK = /\p{M}/u;
/** More marks than allowed in a row (joiners may stand between them within one character). */
const MARK_RUN = new RegExp(`(?:\\p{M}[\\u200c\\u200d]*){${MAX_MARKS_PER_CHARACTER + 1}}`, 'u');

/** `text` with at most MAX_MARKS_PER_CHARACTER combining marks on each character; `cut` when any were dropped. */
export function capMarks(text: string): { text: string; cut: boolean } {
  // Checked on every keystroke: text without such a run (nearly all text, in every script) is done at once.
  if (SIMPLE.test(text) || !MARK_RUN.test(text)) return { text, cut: false };
  let out = '';
  let cut = false;
  for (const { segment } of graphemes().segment(text)) {
    let marks = 0;
    for (const ch of segment) {
      if (MARK.test(ch) && ++marks > MAX_MARKS_PER_CHARACTER) {
        cut = true;
        continue;
      }
      out += ch;
    }
  }
  return { text: out, cut };
}

/** The result of fitting an edit into the limit. */
export interface FitResult {
  /** The value to keep in the field. */
  value: string;
  /** Where the caret goes (UTF-16 offset into `value`). */
  caret: number;
  /** True when part of the inserted text had to be dropped. */
  cut: boolean;
  /** Present (true) when what was dropped includes combining marks over MAX_MARKS_PER_CHARACTER. */
  marksCut?: true;
}

/**
 * Fits an edit of a text field into `max` characters without touching what was there before:
 * only the newly inserted run is shortened. `previous` is the value before the edit (assumed
 * to fit), `next` the value the browser produced.
 */
export function fitInsertion(previous: string, next: string, max: number): FitResult {
  const capped = capMarks(next);
  const marksCut = capped.cut;
  if (marksCut) next = capped.text;
  if (countGraphemes(next) <= max) {
    if (!marksCut) return { value: next, caret: -1, cut: false };
    // The caret goes where the inserted text ended: before what the edit left unchanged at the end.
    let same = 0;
    while (same < previous.length && same < next.length && previous.charCodeAt(previous.length - 1 - same) === next.charCodeAt(next.length - 1 - same)) same++;
    return { value: next, caret: next.length - same, cut: true, marksCut: true };
  }
  // Find the inserted run: the part of `next` between the common prefix and common suffix.
  let start = 0;
  const limit = Math.min(previous.length, next.length);
  while (start < limit && previous.charCodeAt(start) === next.charCodeAt(start)) start++;
  // Do not split a surrogate pair at the start of the inserted run (before aligning the suffix).
  if (start > 0 && isHighSurrogate(next.charCodeAt(start - 1))) start--;
  let endPrev = previous.length;
  let endNext = next.length;
  while (endPrev > start && endNext > start && previous.charCodeAt(endPrev - 1) === next.charCodeAt(endNext - 1)) {
    endPrev--;
    endNext--;
  }
  // Do not split a surrogate pair at the end of the inserted run either.
  if (endNext < next.length && isLowSurrogate(next.charCodeAt(endNext)) && endNext > start) {
    endNext++;
    endPrev++;
  }
  const prefix = next.slice(0, start);
  const suffix = next.slice(endNext);
  const inserted = next.slice(start, endNext);
  const room = Math.max(0, max - countGraphemes(prefix) - countGraphemes(suffix));
  const kept = truncateGraphemes(inserted, room);
  let value = prefix + kept + suffix;
  // If the kept text merges with its neighbours into more characters than allowed (or the old
  // text itself was too long), fall back to a plain cut at the limit.
  if (countGraphemes(value) > max) value = truncateGraphemes(value, max);
  return { value, caret: Math.min(value.length, prefix.length + kept.length), cut: true, ...(marksCut ? { marksCut: true as const } : {}) };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Splits a plain-text body into paragraphs (blank-line separated), each a list of lines. */
export function toParagraphs(body: string): string[][] {
  return normalizeNewlines(body)
    .trim()
    .split(/\n(?:[ \t]*\n)+/)
    .filter((p) => p.trim() !== '')
    .map((p) => p.split('\n'));
}

/** A pragmatic e-mail check: something@domain.tld, no spaces or control characters, one @. */
export function isValidEmail(email: string): boolean {
  return /^[^\s@\0-\x1f\x7f]+@[^\s@.\0-\x1f\x7f]+(\.[^\s@.\0-\x1f\x7f]+)+$/.test(email.trim()) && email.trim().length <= 254;
}

/** Maximum length of an author name, in characters. */
export const MAX_NAME_LENGTH = 80;

/** Why a field is invalid. */
export type FieldErrorCode = 'required' | 'blank' | 'too-long' | 'invalid-email' | 'too-many-marks';

/** Field errors keyed by field; a field that is fine is absent. */
export type FieldErrors = Partial<Record<FormField, FieldErrorCode>>;

/** What a reader typed into the comment form. */
export interface CommentDraft {
  authorName: string;
  authorEmail: string;
  body: string;
}

/** Rules a form or a server applies to a draft. */
export interface CommentRules {
  maxLength: number;
  required: readonly FormField[];
}

/** Checks a draft against the rules; returns the errors in form order (name, email, body). */
export function validateDraft(draft: CommentDraft, rules: CommentRules): FieldErrors {
  const errors: FieldErrors = {};
  const required = new Set<FormField>(rules.required);
  const name = cleanName(draft.authorName);
  if (required.has('name') && isBlank(name)) errors.name = 'required';
  else if (countGraphemes(name) > MAX_NAME_LENGTH) errors.name = 'too-long';
  else if (capMarks(name).cut) errors.name = 'too-many-marks';
  const email = draft.authorEmail.trim();
  if (required.has('email') && email === '') errors.email = 'required';
  else if (email !== '' && !isValidEmail(email)) errors.email = 'invalid-email';
  if (draft.body === '') errors.body = 'required';
  else if (isBlank(draft.body)) errors.body = 'blank';
  else if (countGraphemes(normalizeNewlines(draft.body).trim()) > rules.maxLength) errors.body = 'too-long';
  else if (capMarks(draft.body).cut) errors.body = 'too-many-marks';
  return errors;
}

/** Parses a list of field names such as `"name email"`; unknown words are ignored. */
export function parseRequired(value: string | null | undefined): FormField[] {
  if (value == null) return [...DEFAULT_REQUIRED];
  const words = value.split(/[\s,]+/).filter(Boolean);
  const fields = words.filter((w): w is FormField => w === 'name' || w === 'email' || w === 'body');
  // The comment itself is always required.
  if (!fields.includes('body')) fields.push('body');
  return fields;
}
