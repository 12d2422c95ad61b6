import { css } from 'lit';

export default css`
  :host {
    display: inline-block;
    font-variant-numeric: tabular-nums;
    font-size: var(--colloquy-counter-font-size, 0.875em);
    color: var(--colloquy-counter-color, var(--colloquy-color-muted, color-mix(in srgb, currentColor 70%, transparent)));
  }
  :host([state='near']) [part~='counter'] {
    color: var(--colloquy-counter-near-color, var(--colloquy-color-warning, #8a5a00));
    font-weight: 600;
  }
  :host([state='at']) [part~='counter'] {
    color: var(--colloquy-counter-at-color, var(--colloquy-color-danger, #b3261e));
    font-weight: 700;
  }
`;
