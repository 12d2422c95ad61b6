/** The character counter's one template (`<colloquy-char-counter>` and the reader stage render it). */
import { html } from 'lit/html.js';
import type { Localizer } from '../../i18n/index.js';
import { tokens } from '../shared/tokens.styles.js';
import styles from './char-counter.styles.js';

/** The style sheets of the element this template renders (the reader stage adopts the same ones). */
export const COUNTER_STYLES = [tokens, styles];

/** The counter's state: plenty left, near the limit (≤ 10 % left), or at it. */
export type CounterState = 'normal' | 'near' | 'at';

/** The state for `remaining` characters left of `max`. */
export function counterState(remaining: number, max: number): CounterState {
  return remaining <= 0 ? 'at' : remaining <= max * 0.1 ? 'near' : 'normal';
}

/** "remaining / max" for the eye, and the polite announcement for screen readers. */
export function renderCounter(l: Localizer, remaining: number, max: number, state: CounterState, announcement: string) {
  const statePart = state === 'normal' ? '' : ` counter-${state}`;
  return html`<span part="counter${statePart}" aria-hidden="true">${l.plainNumber(remaining)} / ${l.plainNumber(max)}</span><span class="visually-hidden" aria-live="polite" aria-atomic="true">${announcement}</span>`;
}
