/**
 * Localized strings, plurals, numbers and relative dates through `Intl.*`. DOM-free.
 */
import type { AdapterError } from '../core/adapter.js';
import { en, type Messages, type PluralKey, type TextKey } from './en.js';

export { en, type Messages, type PluralMessage } from './en.js';

type Params = Record<string, string | number>;

/** Units of relative times, largest first, with their length in seconds. */
const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 31_536_000],
  ['month', 2_592_000],
  ['week', 604_800],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** Formats a catalog's messages for one locale. */
export class Localizer {
  readonly locale: string;
  readonly messages: Messages;
  private readonly plurals: Intl.PluralRules;
  private readonly numbers: Intl.NumberFormat;
  private readonly plainNumbers: Intl.NumberFormat;
  private relative?: Intl.RelativeTimeFormat;
  private dates?: Intl.DateTimeFormat;

  constructor(locale = 'en', overrides: Partial<Messages> = {}) {
    this.locale = supported(locale) ? locale : 'en';
    this.messages = { ...en, ...overrides };
    this.plurals = new Intl.PluralRules(this.locale);
    this.numbers = new Intl.NumberFormat(this.locale);
    this.plainNumbers = new Intl.NumberFormat(this.locale, { useGrouping: false });
  }

  /** A plain message with its parameters filled in (numbers formatted for the locale). */
  t(key: TextKey, params: Params = {}): string {
    return this.fill(this.messages[key], params);
  }

  /** A plural message for `n` (exact "=n" match first, then the locale's plural category). */
  plural(key: PluralKey, n: number, params: Params = {}): string {
    const forms = this.messages[key];
    const text = forms[`=${n}`] ?? forms[this.plurals.select(n)] ?? forms.other;
    return this.fill(text, { n, ...params });
  }

  /** A number formatted for the locale. */
  number(n: number): string {
    return this.numbers.format(n);
  }

  /** A date and time in full ("November 27, 2026 at 9:45 AM"). Memoized: formatting is slow. */
  dateTime(date: Date): string {
    this.dates ??= new Intl.DateTimeFormat(this.locale, { dateStyle: 'long', timeStyle: 'short' });
    const key = date.getTime();
    let text = this.dateCache.get(key);
    if (text === undefined) {
      if (this.dateCache.size > 5000) this.dateCache.clear();
      text = this.dates.format(date);
      this.dateCache.set(key, text);
    }
    return text;
  }

  private readonly dateCache = new Map<number, string>();
  private readonly relativeCache = new Map<string, string>();

  /** A number without grouping separators ("1500", as a character counter shows it). */
  plainNumber(n: number): string {
    return this.plainNumbers.format(n);
  }

  /** "3 hours ago", "yesterday", "now": the time since `date`, in the largest unit that fits. */
  relativeTime(date: Date, now: Date = new Date()): string {
    const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
    const abs = Math.abs(seconds);
    let value = 0;
    let unit: Intl.RelativeTimeFormatUnit = 'second';
    for (const [u, size] of UNITS) {
      if (abs >= size) {
        value = Math.trunc(seconds / size);
        unit = u;
        break;
      }
    }
    // Memoized per (value, unit): a thread's comments share a few dozen phrasings ("3 hours ago"),
    // and formatting is the slow part.
    const key = `${value}${unit}`;
    let text = this.relativeCache.get(key);
    if (text === undefined) {
      this.relative ??= new Intl.RelativeTimeFormat(this.locale, { numeric: 'auto' });
      text = this.relative.format(value, unit);
      this.relativeCache.set(key, text);
    }
    return text;
  }

  /** The reader-facing explanation of an adapter failure. */
  error(err: AdapterError): string {
    switch (err.kind) {
      case 'network':
        return this.t(err.reason === 'timeout' ? 'errTimeout' : 'errNetwork');
      case 'rate-limited':
        return this.plural('errRateLimited', Math.max(0, Math.ceil(err.retryAfterSeconds ?? 0)));
      case 'rejected':
        if (err.reason === 'edit-window-closed') return this.t('errEditWindowClosed');
        if (err.reason === 'has-replies') return this.t('errHasReplies');
        // The service's own words, ended as a sentence so that what follows them reads right.
        return this.t('errRejected', { message: /[.!?…。！？]$/.test(err.message.trim()) ? err.message.trim() : `${err.message.trim()}.` });
      case 'not-found':
        return this.t('errNotFound');
      case 'forbidden':
        return this.t('errForbidden');
      default:
        return this.t(err.reason === 'malformed-response' ? 'errMalformed' : 'errServer');
    }
  }

  private fill(text: string, params: Params): string {
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const v = params[name];
      if (v === undefined) return whole;
      return typeof v === 'number' ? this.number(v) : v;
    });
  }
}

function supported(locale: string): boolean {
  try {
    return Intl.PluralRules.supportedLocalesOf([locale]).length > 0;
  } catch {
    return false;
  }
}

let shared: Localizer | undefined;
/** The default English localizer. */
export function defaultLocalizer(): Localizer {
  shared ??= new Localizer('en');
  return shared;
}
