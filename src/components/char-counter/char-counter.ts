import { LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { countGraphemes, DEFAULT_MAX_LENGTH } from '../../core/text.js';
import { defaultLocalizer, type Localizer } from '../../i18n/index.js';
import { maxLengthAttribute } from '../shared/attributes.js';
import { counterState, renderCounter, type CounterState, COUNTER_STYLES } from './counter-template.js';
import { takeOverRoot } from '../shared/take-over.js';

export type { CounterState } from './counter-template.js';

/** How long typing must pause before the remaining count is announced (ms). */
export const ANNOUNCE_DELAY = 1200;

/**
 * Shows "remaining / max" for a text field, counting user-perceived characters.
 * The visible figures are hidden from assistive technology; a polite live region announces
 * the remaining count after a pause in typing and when a threshold is crossed.
 *
 * @tagname colloquy-char-counter
 * @summary Characters remaining for a text field.
 *
 * @attr max - The maximum number of characters (default 1500).
 * @attr state - Reflected: `normal`, `near` (10 % or less left) or `at` (no characters left). Style with `colloquy-char-counter[state='near']` or the `counter` part's state parts.
 *
 * @csspart counter - The visible "remaining / max" text.
 * @csspart counter-near - The counter when 10 % or less is left (state).
 * @csspart counter-at - The counter when nothing is left (state).
 *
 * @cssprop --colloquy-counter-color - Text color (falls back to `--colloquy-color-muted`).
 * @cssprop --colloquy-counter-near-color - Color near the limit (falls back to `--colloquy-color-warning`).
 * @cssprop --colloquy-counter-at-color - Color at the limit (falls back to `--colloquy-color-danger`).
 * @cssprop --colloquy-counter-font-size - Font size (default 0.875em).
 */
export class ColloquyCharCounter extends LitElement {
  static override styles = COUNTER_STYLES;

  /** The text being counted. */
  @property({ attribute: false }) value = '';

  /** Maximum number of characters. */
  @property({ converter: maxLengthAttribute }) max = DEFAULT_MAX_LENGTH;

  /** Reflected state for styling. */
  @property({ reflect: true }) state: CounterState = 'normal';

  /** Strings and number formatting. */
  @property({ attribute: false }) localizer: Localizer = defaultLocalizer();

  @state() private announcement = '';

  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastRemaining: number | undefined;

  /** Characters left (never below 0). */
  get remaining(): number {
    return Math.max(0, this.max - countGraphemes(this.value));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('value') && !changed.has('max')) return;
    const remaining = this.remaining;
    const next = counterState(remaining, this.max);
    const crossed = next !== this.state;
    this.state = next;
    const first = this.lastRemaining === undefined;
    const edited = !first && remaining !== this.lastRemaining;
    this.lastRemaining = remaining;
    if (!edited) return;
    clearTimeout(this.timer);
    if (crossed) this.announce();
    else this.timer = setTimeout(() => this.announce(), ANNOUNCE_DELAY);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  private announce(): void {
    const remaining = this.remaining;
    this.announcement = remaining === 0 ? this.localizer.t('counterAtLimit') : this.localizer.plural('counterRemaining', remaining);
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    return takeOverRoot(this, super.createRenderRoot());
  }

  protected override render() {
    return renderCounter(this.localizer, this.remaining, this.max, this.state, this.announcement);
  }
}
