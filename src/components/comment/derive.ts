/**
 * What a comment's template needs that does not change between renders of the same comment
 * object: its author and dates in words, checked URLs, and its body built once as nodes.
 * A `Deriver` keeps that per comment object for one root (its DOM id prefixes are unique in
 * that root) and one language. Used by every host of comments, and by the reader stage of the
 * script-tag path before the hosts' own code has arrived.
 */
import type { Comment } from '../../core/adapter.js';
import { LINK_REL, loadSanitizer, sanitizeToFragment, sanitizerReady } from '../../core/sanitize.js';
import { toParagraphs } from '../../core/text.js';
import { linkify, safeHttpUrl, type TextPiece } from '../../core/urls.js';
import type { Localizer } from '../../i18n/index.js';
import type { Derived } from './render.js';

/**
 * A plain-text body as nodes: paragraphs, line breaks, text and links (elements built one by
 * one, the text set as text: nothing is parsed as HTML).
 */
function textNodes(paragraphs: TextPiece[][][]): DocumentFragment {
  const out = document.createDocumentFragment();
  for (const lines of paragraphs) {
    const p = document.createElement('p');
    lines.forEach((line, i) => {
      if (i) p.append(document.createElement('br'));
      for (const piece of line) {
        if (piece.href === undefined) {
          p.append(piece.text);
        } else {
          anchor ??= Object.assign(document.createElement('a'), { rel: LINK_REL, target: '_blank' });
          const a = anchor.cloneNode() as HTMLAnchorElement;
          a.setAttribute('href', piece.href);
          a.textContent = piece.text;
          p.append(a);
        }
      }
    });
    out.append(p);
  }
  return out;
}

let bodyTemplate: HTMLElement | null = null;
/** A link with its constant attributes, cloned for each link in a body. */
let anchor: HTMLAnchorElement | null = null;

/** `<div part="body">` holding `content`. */
function bodyElement(content: Node): HTMLElement {
  if (!bodyTemplate) {
    bodyTemplate = document.createElement('div');
    bodyTemplate.setAttribute('part', 'body');
    bodyTemplate.className = 'body';
    bodyTemplate.dir = 'auto';
  }
  const out = bodyTemplate.cloneNode() as HTMLElement;
  out.appendChild(content);
  return out;
}

/** Derives comments for one root, caching per comment object and language. */
export class Deriver {
  private derived = new WeakMap<Comment, Derived>();
  private localizer: Localizer;
  private readonly keys = new Map<string, string>();
  /** Sanitizer loads that comments with an HTML body wait for. */
  readonly sanitizing = new Set<Promise<void>>();

  /** `bodyChanged(id)` is called when an HTML body arrived sanitized in place of its text. */
  constructor(
    localizer: Localizer,
    private readonly bodyChanged: (id: string) => void,
  ) {
    this.localizer = localizer;
  }

  /** Switches language: what was derived in another is derived again. */
  use(localizer: Localizer): void {
    if (localizer === this.localizer) return;
    this.localizer = localizer;
    this.derived = new WeakMap();
  }

  /** What comment `c`'s template needs, computed once per comment object. */
  derive(c: Comment): Derived {
    let d = this.derived.get(c);
    if (d) return d;
    const l = this.localizer;
    let key = this.keys.get(c.id);
    if (!key) this.keys.set(c.id, (key = `c${this.keys.size}-`));
    const name = c.authorName?.trim() || '';
    const author = name || l.t('anonymous');
    const date = new Date(c.createdAt);
    const absolute = l.dateTime(date);
    const edited = c.editedAt ? new Date(c.editedAt) : null;
    d = {
      key,
      author,
      anonymous: !name,
      // Checked at the adapter boundary already; checked again here, once per comment object.
      authorHref: safeHttpUrl(c.authorUrl),
      avatarHref: safeHttpUrl(c.avatarUrl),
      date,
      iso: date.toISOString(),
      absolute,
      label: l.t('commentLabel', { author, time: absolute }),
      editedIso: edited?.toISOString(),
      editedTitle: edited ? l.t('editedAt', { time: l.dateTime(edited) }) : undefined,
      body: c.bodyHtml && sanitizerReady() ? bodyElement(sanitizeToFragment(c.bodyHtml)) : bodyElement(textNodes(toParagraphs(c.body).map((lines) => lines.map(linkify)))),
    };
    if (c.bodyHtml && !sanitizerReady()) this.whenSanitizer(c, d);
    this.derived.set(c, d);
    return d;
  }

  /**
   * Text bodies are split into paragraphs and links once. An HTML body needs DOMPurify, which is
   * fetched with the first such comment: until it is here (or if it cannot load) the plain-text
   * `body` is shown, so nothing unsanitized is ever rendered and the reader still gets the words.
   */
  private whenSanitizer(c: Comment, d: Derived): void {
    const pending: Promise<void> = loadSanitizer().then(
      () => {
        this.sanitizing.delete(pending);
        if (this.derived.get(c) === d) d.body = bodyElement(sanitizeToFragment(c.bodyHtml!));
        this.bodyChanged(c.id);
      },
      () => void this.sanitizing.delete(pending), // the text body stays
    );
    this.sanitizing.add(pending);
  }
}
