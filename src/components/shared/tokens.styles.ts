import { css } from 'lit';

/**
 * System tokens every component falls back to. A publisher overrides them on any ancestor
 * (`colloquy-comments { --colloquy-color-accent: crimson }`); components' own properties fall
 * back to these. Defaults inherit the page's font and text color.
 */
export const tokens = css`
  :host {
    font-family: var(--colloquy-font, inherit);
    font-size: var(--colloquy-font-size, inherit);
    line-height: var(--colloquy-line-height, 1.5);
    color: var(--colloquy-color-text, inherit);
    box-sizing: border-box;
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .visually-hidden {
    position: absolute !important;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  button:disabled {
    cursor: not-allowed;
  }
  :focus-visible {
    outline: 2px solid var(--colloquy-color-focus, var(--colloquy-color-accent, #1a56c4));
    outline-offset: 2px;
  }
`;

/** A plain text button (Reply, Cancel, Try again). */
export const linkButton = css`
  .link-button {
    background: none;
    border: 0;
    padding: var(--colloquy-space-1, 0.25rem) 0;
    color: var(--colloquy-color-accent, #1a56c4);
    font-weight: 600;
    text-decoration: underline;
    text-underline-offset: 2px;
  }
  .link-button:hover {
    text-decoration-thickness: 2px;
  }
`;
