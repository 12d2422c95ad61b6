/**
 * The one rule for a report, used by the widget (before sending), the MemoryAdapter and the
 * reference server: a known reason; details trimmed (blank → none), at most MAX_REPORT_DETAILS
 * user-perceived characters, and required for 'other'. DOM-free.
 */
import { MAX_REPORT_DETAILS, REPORT_REASONS, type ReportReason } from './adapter.js';
import { countGraphemes, isBlank, normalizeNewlines, toStorable } from './text.js';

/** What is wrong with a report, if anything. */
export type ReportProblem = 'reason' | 'details-required' | 'details-too-long';

/** A report made ready to send or store. */
export interface CleanReport {
  reason: ReportReason;
  /** Absent when blank. */
  details?: string;
}

/** Checks a report; returns the cleaned report or the first problem. */
export function checkReport(reason: unknown, details: unknown): { ok: true; report: CleanReport } | { ok: false; problem: ReportProblem } {
  if (!REPORT_REASONS.includes(reason as ReportReason)) return { ok: false, problem: 'reason' };
  const text = typeof details === 'string' && !isBlank(details) ? normalizeNewlines(toStorable(details)).trim() : '';
  if (reason === 'other' && text === '') return { ok: false, problem: 'details-required' };
  if (countGraphemes(text) > MAX_REPORT_DETAILS) return { ok: false, problem: 'details-too-long' };
  return { ok: true, report: text ? { reason: reason as ReportReason, details: text } : { reason: reason as ReportReason } };
}

/** A plain English explanation of a problem (for AdapterError / HTTP messages; the widget localizes its own). */
export const REPORT_PROBLEM_MESSAGES: Record<ReportProblem, string> = {
  reason: `The reason must be one of ${REPORT_REASONS.map((r) => `"${r}"`).join(', ')}.`,
  'details-required': 'Please say what is wrong with this comment.',
  'details-too-long': `The details are longer than ${MAX_REPORT_DETAILS} characters.`,
};
