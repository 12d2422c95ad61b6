/** The language an element speaks, shared by every element and by the reader stage. */

/** The element's `lang`, else the nearest `lang` above it (across shadow roots), else 'en'. */
export function localeOf(el: Element): string {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element && node.getAttribute('lang')) return node.getAttribute('lang')!;
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return 'en';
}
