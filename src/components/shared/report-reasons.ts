/**
 * The words of each report reason, shared by the report form and the moderation queue.
 */
import type { ReportReason } from '../../core/adapter.js';
import type { TextKey } from '../../i18n/en.js';

/** The message key of each report reason. */
export const REASON_KEYS: Readonly<Record<ReportReason, TextKey>> = {
  spam: 'reportSpam',
  abuse: 'reportAbuse',
  'off-topic': 'reportOffTopic',
  other: 'reportOther',
};
