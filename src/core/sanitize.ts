/**
 * The only path by which HTML from a backend reaches the page: DOMPurify with a strict
 * allow-list, returning a DocumentFragment that Lit renders as a node (no `unsafeHTML`,
 * no string ever assigned to `innerHTML`).
 *
 * This is the one module under `src/core/` that needs a DOM (DOMPurify parses with the
 * browser's parser); nothing else in core imports it.
 */
import DOMPurify from 'dompurify';

/** Elements a comment body may contain. */
export const ALLOWED_TAGS = ['p', 'br', 'a', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li'];
/** Attributes a comment body may contain (only on links). */
export const ALLOWED_ATTR = ['href'];
/** The `rel` every link in a comment gets. */
export const LINK_REL = 'nofollow ugc noopener noreferrer';

const SAFE_URL = /^(?:https?:|mailto:)/i;

let purifier: ReturnType<typeof DOMPurify> | undefined;

function instance(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  // A private instance, so hooks added here never affect a page that uses DOMPurify itself.
  const p = DOMPurify(window);
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    const el = node as Element;
    const href = el.getAttribute('href');
    // Only absolute http, https and mailto links survive; anything else loses its href.
    if (href === null || !SAFE_URL.test(href.trim())) el.removeAttribute('href');
    else {
      el.setAttribute('rel', LINK_REL);
      el.setAttribute('target', '_blank');
    }
  });
  purifier = p;
  return p;
}

/** Sanitizes an HTML comment body into a fragment that is safe to insert. */
export function sanitizeToFragment(html: string): DocumentFragment {
  return instance().sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
    RETURN_DOM_FRAGMENT: true,
  });
}

/** Sanitizes an HTML comment body into a string (for inspection and tests). */
export function sanitizeToString(html: string): string {
  const holder = document.createElement('div');
  holder.append(sanitizeToFragment(html));
  return holder.innerHTML;
}
