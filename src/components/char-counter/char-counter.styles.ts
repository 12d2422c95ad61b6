import { css } from '@lit/reactive-element/css-tag.js';

export default css`
  :host {
    display: inline-block;
    font-variant-numeric: tabular-nums;
    font-size: var(--colloquy-counter-font-size, 0.875em);
    color: var(--colloquy-counter-color, var(--_muted));
  }
  :host([state='near']) [part~='counter'] {
    color: var(--colloquy-counter-near-color, var(--_warning));
    font-weight: 600;
  }
  :host([state='at']) [part~='counter'] {
    color: var(--colloquy-counter-at-color, var(--_danger));
    font-weight: 700;
  }
`;
