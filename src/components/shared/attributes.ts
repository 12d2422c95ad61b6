/**
 * Attribute converters: a malformed number in markup ("", "abc", "-5") falls back to the
 * default instead of breaking the widget.
 */
import type { ComplexAttributeConverter } from 'lit';
import { DEFAULT_MAX_LENGTH } from '../../core/text.js';

/** An integer attribute clamped to [min, max], with `fallback` for anything unreadable. */
export function intAttribute(fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): ComplexAttributeConverter<number> {
  return {
    fromAttribute(value: string | null): number {
      if (value === null || value.trim() === '') return fallback;
      const n = Number(value);
      if (!Number.isFinite(n)) return fallback;
      return Math.min(max, Math.max(min, Math.floor(n)));
    },
    toAttribute(value: number): string {
      return String(value);
    },
  };
}

/** The `maxlength` / `max` attribute: 1 to 100,000 characters, default 1500. */
export const maxLengthAttribute = intAttribute(DEFAULT_MAX_LENGTH, 1, 100_000);

/** `reply-depth` of a section: 0 to 50 levels, default 3. */
export const replyDepthAttribute = intAttribute(3, 0, 50);

/** `page-size` of a section: 1 to 100 top-level comments a page, default 20. */
export const pageSizeAttribute = intAttribute(20, 1, 100);
