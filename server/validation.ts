/**
 * Request validation with zod. The text rules (grapheme counting, blank, e-mail) are the
 * widget's own, from src/core/text.ts, so client and server never disagree about a limit.
 */
import { z } from 'zod';
import { capMarks, cleanName, countGraphemes, isBlank, isValidEmail, MAX_MARKS_PER_CHARACTER, MAX_NAME_LENGTH, normalizeNewlines, toStorable } from '../src/core/text.js';
import { checkReport, REPORT_PROBLEM_MESSAGES, type CleanReport } from '../src/core/report.js';
import type { ServerConfig } from './config.js';

/** A field-level refusal: HTTP 400 with a code, a reader-facing message and the form field. */
export class InputError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: 'name' | 'email' | 'body',
    readonly status = 400,
  ) {
    super(message);
  }
}

/** A thread id: 1 to 200 characters, none of them NUL (no store can hold it). */
export const ThreadId = z.string().min(1).max(200).regex(/^[^\0]*$/);
export const IdempotencyKey = z.string().regex(/^[\w-]{8,100}$/);
export const VisitorId = z.string().regex(/^[\w-]{8,100}$/);

const TOO_MANY_MARKS = `A character has more than ${MAX_MARKS_PER_CHARACTER} accent marks (combining marks). Remove some.`;

/**
 * The largest request a comment (or an edit) may need, so that a comment within the character
 * limit is never refused for its size in bytes: 100 bytes of JSON per character (a character of
 * the largest real kind, a base with ${MAX_MARKS_PER_CHARACTER} marks or an emoji sequence, takes under 40 in UTF-8;
 * escapes at most double that), and 16 KB for the name, e-mail and the rest.
 */
export function commentRequestBytes(config: Pick<ServerConfig, 'maxLength' | 'maxBodyBytes'>): number {
  return Math.max(config.maxBodyBytes, config.maxLength * 100 + 16 * 1024);
}

/** The rules of a comment body (a new comment's, and an edit's): trimmed, CRLF → LF, not blank, at most `maxLength` graphemes. */
export function bodySchema(config: Pick<ServerConfig, 'maxLength'>) {
  return (
    z
      .string({ error: 'Please write a comment.' })
      // Lone surrogates (U+FFFD) and NUL (dropped) cannot be stored: mend them before counting and storing.
      .transform((s) => normalizeNewlines(toStorable(s)).trim())
      .refine((s) => !isBlank(s), { message: 'Please write a comment.' })
      .refine((s) => countGraphemes(s) <= config.maxLength, {
        message: `The comment is longer than ${config.maxLength} characters.`,
      })
      .refine((s) => !capMarks(s).cut, { message: TOO_MANY_MARKS })
  );
}

/** Builds the schema of a new comment for this configuration. */
export function newCommentSchema(config: ServerConfig) {
  const requireName = config.required.includes('name');
  const requireEmail = config.required.includes('email');
  return z.object({
    body: bodySchema(config),
    authorName: z
      .string({ error: 'The name must be text.' })
      .nullish()
      // Bidi controls go (so "\u202Enimda" cannot show as "admin"); a name of invisible characters is none.
      .transform((s) => (s == null || isBlank(cleanName(s)) ? null : cleanName(toStorable(s))))
      .refine((s) => !requireName || s !== null, { message: 'Please enter your name.' })
      .refine((s) => s === null || countGraphemes(s) <= MAX_NAME_LENGTH, { message: `The name is longer than ${MAX_NAME_LENGTH} characters.` })
      .refine((s) => s === null || !capMarks(s).cut, { message: TOO_MANY_MARKS }),
    authorEmail: z
      .string({ error: 'The e-mail address must be text.' })
      .nullish()
      .transform((s) => (s == null || s.trim() === '' ? null : s.trim()))
      .refine((s) => !requireEmail || s !== null, { message: 'Please enter your e-mail address.' })
      .refine((s) => s === null || isValidEmail(s), { message: 'Please enter a valid e-mail address.' }),
    parentId: z
      .string({ error: 'parentId must be a comment id.' })
      .min(1)
      .max(200)
      .nullish()
      .transform((s) => s ?? null),
  });
}

const FIELD_OF: Record<string, { code: string; field: 'name' | 'email' | 'body' } | undefined> = {
  body: { code: 'invalid_body', field: 'body' },
  authorName: { code: 'invalid_name', field: 'name' },
  authorEmail: { code: 'invalid_email', field: 'email' },
};

/** Parses with `schema`, turning the first problem into an InputError. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, fallbackCode = 'invalid_request'): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  const known = FIELD_OF[key];
  if (key === 'parentId') throw new InputError('invalid_parent', issue.message);
  if (known) throw new InputError(known.code, issue.message, known.field);
  throw new InputError(fallbackCode, issue?.message ?? 'The request is not valid.');
}

export const ReactionBody = z.object({ value: z.enum(['like', 'dislike']) });

/** Body of PUT …/comments/{id}/like. */
export const LikeBody = z.object({ liked: z.boolean() });

/** Body of PATCH …/comments/{id}: the new text, under the same rules as a new comment's body. */
export function editCommentSchema(config: ServerConfig) {
  return z.object({ body: bodySchema(config) });
}

/**
 * Body of POST …/comments/{id}/reports, under the one report rule of src/core/report.ts (the
 * widget's and the MemoryAdapter's too): a known reason; `details` text, trimmed (blank →
 * absent), at most MAX_REPORT_DETAILS user-perceived characters, required for 'other'.
 */
export const ReportBody = z
  .object({
    reason: z.unknown().optional(),
    details: z.string({ error: 'details must be text.' }).nullish(),
  })
  .transform((r, ctx): CleanReport => {
    const checked = checkReport(r.reason, r.details);
    if (checked.ok) return checked.report;
    ctx.issues.push({
      code: 'custom',
      message: REPORT_PROBLEM_MESSAGES[checked.problem],
      path: [checked.problem === 'reason' ? 'reason' : 'details'],
      input: r,
    });
    return z.NEVER;
  });

/** Body of POST /api/moderation/threads/{thread}/comments/{id}. */
export const ModerationBody = z.object({
  action: z.enum(['approve', 'reject', 'delete'], { error: 'action must be "approve", "reject" or "delete".' }),
});
