/**
 * URL rules for anything a page or a backend hands us. DOM-free.
 */

/**
 * The normalized URL when `value` is an http(s) URL (relative ones resolve against `base`
 * when given), else null. Parsing with URL, as the browser will, defeats "java\tscript:",
 * entity and control-character tricks: what is checked is what would be followed.
 */
export function safeHttpUrl(value: unknown, base?: string): string | null {
  if (typeof value !== 'string' || value.length > 2048) return null;
  // Memoized for absolute URLs (the same avatars and author pages recur across a thread).
  if (base === undefined) {
    const known = checked.get(value);
    if (known !== undefined) return known;
  }
  if (base === undefined && PLAIN_HTTP_URL.test(value)) return value;
  let out: string | null;
  try {
    const url = base === undefined ? new URL(value) : new URL(value, base);
    out = url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    out = null;
  }
  if (base === undefined) {
    if (checked.size >= 2000) checked.clear();
    checked.set(value, out);
  }
  return out;
}

const checked = new Map<string, string | null>();

/**
 * An absolute http(s) URL already in the form URL would give it (lowercase ASCII host name, not
 * punycode, whose last label starts with a letter; no port, user info, "." segments or characters URL would encode):
 * returned as it is, without parsing. Anything else is parsed. A unit test holds the two to the
 * same answer for every URL this accepts.
 */
export const PLAIN_HTTP_URL =
  /^https?:\/\/(?![^/]*xn--)(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z](?:[a-z0-9-]*[a-z0-9])?(?:\/(?!\.|%2[eE])[A-Za-z0-9\-._~!$&()*+,;=:@%]*)+(?:\?[A-Za-z0-9\-._~!$&()*+,;=:@%/?]*)?(?:#[A-Za-z0-9\-._~!$&()*+,;=:@%/?]*)?$/;

/** A piece of a plain-text line: text, or a link found in it. */
export type TextPiece = { text: string; href?: undefined } | { text: string; href: string };

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]{1,2048}/gi;
const TRAILING = new Set('.,;:!?\'"»”’)]}>');
/**
 * Splits plain text into text and links: bare http(s) URLs become links. No HTML is produced
 * or parsed; trailing punctuation stays text, and a closing parenthesis stays in the link only
 * when it closes one opened inside it (https://en.wikipedia.org/wiki/Foo_(bar)).
 */
export function linkify(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_IN_TEXT)) {
    let candidate = m[0];
    // Trailing punctuation stays text, scanned backwards (linear, whatever the input).
    let end = candidate.length;
    while (end > 0 && TRAILING.has(candidate[end - 1])) end--;
    if (end < candidate.length) {
      // Give back closing parentheses that balance opening ones inside the URL.
      let open = 0;
      for (let k = 0; k < end; k++) open += candidate[k] === '(' ? 1 : candidate[k] === ')' ? -1 : 0;
      while (open > 0 && end < candidate.length && candidate[end] === ')') {
        end++;
        open--;
      }
      candidate = candidate.slice(0, end);
    }
    const href = safeHttpUrl(candidate);
    const start = m.index;
    if (!href) continue;
    if (start > last) pieces.push({ text: text.slice(last, start) });
    pieces.push({ text: candidate, href });
    last = start + candidate.length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}
