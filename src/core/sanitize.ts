/**
 * The only path by which HTML from a backend reaches the page: DOMPurify with a strict
 * allow-list, returning a DocumentFragment that Lit renders as a node (no `unsafeHTML`,
 * no string ever assigned to `innerHTML`).
 *
 * DOMPurify (about 11.7 KB gzip) is fetched only when the first comment with `bodyHtml`
 * appears: `loadSanitizer()` starts it, `sanitizeToFragment()` works once it has resolved.
 *
 * This is the one module under `src/core/` that needs a DOM (DOMPurify parses with the
 * browser's parser); nothing else in core imports it.
 */
import type { DOMPurify as Purifier } from 'dompurify';

/** Elements a comment body may contain. */
export const ALLOWED_TAGS = ['p', 'br', 'a', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li'];
/** Attributes a comment body may contain (only on links). */
export const ALLOWED_ATTR = ['href'];
/** The `rel` every link in a comment gets. */
export const LINK_REL = 'nofollow ugc noopener noreferrer';

/** Link targets a comment may use: absolute http, https and mailto URLs only. */
export const SAFE_URL = /^(?:https?:|mailto:)/i;

let purifier: Purifier | undefined;
let loading: Promise<void> | undefined;

/** Fetches DOMPurify once; resolves when `sanitizeToFragment` can be called. Rejects if the chunk cannot load. */
export function loadSanitizer(): Promise<void> {
  loading ??= import('dompurify').then(
    ({ default: DOMPurify }) => {
      // A private instance, so the hook added here never affects a page that uses DOMPurify itself.
      const p = DOMPurify(window);
      p.addHook('afterSanitizeAttributes', (node) => {
        // DOMPurify has already removed any href that does not match SAFE_URL.
        if (node.nodeName === 'A' && (node as Element).hasAttribute('href')) {
          (node as Element).setAttribute('rel', LINK_REL);
          (node as Element).setAttribute('target', '_blank');
        }
      });
      purifier = p;
    },
    (err: unknown) => {
      loading = undefined; // a later comment may try again (e.g. after the network came back)
      throw err;
    },
  );
  return loading;
}

/** True once DOMPurify has loaded. */
export function sanitizerReady(): boolean {
  return purifier !== undefined;
}

/** Sanitizes an HTML comment body into a fragment that is safe to insert. Throws before `loadSanitizer()` has resolved. */
export function sanitizeToFragment(html: string): DocumentFragment {
  if (!purifier) throw new Error('[colloquy] sanitizeToFragment() before loadSanitizer() resolved');
  // DOMPurify answers null when the markup parses to no body at all (`<frameset onload=…>`):
  // that is nothing to show, so an empty fragment rather than a null for callers to trip on.
  return (
    purifier.sanitize(html, {
      ALLOWED_TAGS,
      ALLOWED_ATTR,
      ALLOW_DATA_ATTR: false,
      ALLOW_ARIA_ATTR: false,
      ALLOWED_URI_REGEXP: SAFE_URL,
      RETURN_DOM_FRAGMENT: true,
    }) ?? document.createDocumentFragment()
  );
}
