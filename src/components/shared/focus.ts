/**
 * Focus rules shared by the components.
 */

/**
 * True when focus is on `el` (or inside it), or nowhere: moving it after an action the reader
 * took there takes nothing from them. Never pull focus out of a field they have moved on to.
 */
export function focusIsFree(el: Element | null | undefined): boolean {
  return !!el?.matches(':focus-within') || document.activeElement === document.body || document.activeElement === null;
}
