import { css } from '@lit/reactive-element/css-tag.js';

/**
 * System tokens every component falls back to. A publisher overrides them on any ancestor
 * (`colloquy-comments { --colloquy-color-accent: crimson }`); components' own properties fall
 * back to these. Defaults inherit the page's font and text color.
 */
export const tokens = css`
  :host {
    /* System tokens: a publisher's --colloquy-* value, else a default for light and dark. */
    --_accent: var(--colloquy-color-accent, light-dark(#1a56c4, #8ab4f8));
    --_on-accent: var(--colloquy-color-on-accent, light-dark(#fff, #0b1d3a));
    --_danger: var(--colloquy-color-danger, light-dark(#b3261e, #ffb4ab));
    --_warning: var(--colloquy-color-warning, light-dark(#8a5a00, #ffcc80));
    --_muted: var(--colloquy-color-muted, color-mix(in srgb, currentColor 72%, transparent));
    --_border: var(--colloquy-color-border, color-mix(in srgb, currentColor 40%, transparent));
    --_rule: var(--colloquy-color-rule, color-mix(in srgb, currentColor 20%, transparent));
    --_surface: var(--colloquy-color-surface, transparent);
    --_focus: var(--colloquy-color-focus, var(--_accent));
    --_radius: var(--colloquy-radius, 4px);
    --_space-1: var(--colloquy-space-1, 0.25rem);
    --_space-2: var(--colloquy-space-2, 0.5rem);
    --_space-3: var(--colloquy-space-3, 0.75rem);
    --_space-4: var(--colloquy-space-4, 1rem);
    --_space-5: var(--colloquy-space-5, 1.5rem);
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
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
`;

/** A plain text button (Reply, Cancel, Try again). */
export const linkButton = css`
  .link-button {
    background: none;
    border: 0;
    padding: var(--_space-1) 0;
    color: var(--_accent);
    font-weight: 600;
    text-decoration: underline;
    text-underline-offset: 2px;
  }
  .link-button:hover {
    text-decoration-thickness: 2px;
  }
`;

/** The row under a text box (hints or errors at the start, the character counter at the end) and error text. */
export const fieldFooter = css`
  .error,
  .failed {
    margin: 0;
    color: var(--_danger);
    font-size: 0.875em;
    font-weight: 600;
  }
  .under {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: var(--_space-2);
  }
  .under colloquy-char-counter {
    margin-inline-start: auto;
  }
`;
