import { css } from '@lit/reactive-element/css-tag.js';

export default css`
  :host {
    display: block;
  }
  [part~='like-prompt'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-2) var(--_space-3);
    align-items: center;
  }
  .question {
    margin: 0;
    font-weight: 600;
  }
  .buttons {
    display: flex;
    gap: var(--_space-2);
  }
  button {
    padding: var(--_space-1) var(--_space-3);
    border: 1px solid var(--colloquy-like-border, var(--_border));
    border-radius: var(--_radius);
    background: transparent;
    color: inherit;
  }
  button[aria-disabled='true'] {
    cursor: progress;
  }
  button[aria-pressed='true'] {
    background: var(--colloquy-like-pressed-background, var(--_accent));
    border-color: var(--colloquy-like-pressed-background, var(--_accent));
    color: var(--colloquy-like-pressed-color, var(--_on-accent));
  }
  @media (forced-colors: active) {
    /* Windows High Contrast repaints every button alike: the vote cast keeps the system's selection colors. */
    button[aria-pressed='true'] {
      forced-color-adjust: none;
      background: Highlight;
      border-color: Highlight;
      color: HighlightText;
      outline-color: CanvasText;
    }
  }
  .thanks,
  .counts {
    margin: 0;
    color: var(--_muted);
  }
  .error {
    margin: 0;
    color: var(--_danger);
  }
`;
