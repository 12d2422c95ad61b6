/**
 * On the script-tag path the reader stage renders each element's template into its shadow root
 * before the element's own code has arrived (src/reader.ts). When the element is then defined and
 * upgraded, it takes that rendering over in place: Lit updates the same nodes (the same
 * templates, so nothing is rebuilt) instead of rendering a second copy before them. Typed text,
 * focus and scroll position stay as they are.
 */
import type { LitElement } from 'lit';

/** Call from `createRenderRoot()` with what `super.createRenderRoot()` returned. */
export function takeOverRoot(host: LitElement, root: HTMLElement | DocumentFragment): HTMLElement | DocumentFragment {
  // LitElement renders before the root's first child, which is where the reader stage's own
  // render sits; rendering into the root itself finds that render and updates it.
  if (root.firstChild) host.renderOptions.renderBefore = undefined;
  return root;
}
