import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  [part~='like-prompt'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--colloquy-space-2, 0.5rem) var(--colloquy-space-3, 0.75rem);
    align-items: center;
  }
  .question {
    margin: 0;
    font-weight: 600;
  }
  .buttons {
    display: flex;
    gap: var(--colloquy-space-2, 0.5rem);
  }
  button {
    padding: var(--colloquy-space-1, 0.25rem) var(--colloquy-space-3, 0.75rem);
    border: 1px solid var(--colloquy-like-border, var(--colloquy-color-border, color-mix(in srgb, currentColor 40%, transparent)));
    border-radius: var(--colloquy-radius, 4px);
    background: transparent;
    color: inherit;
  }
  button[aria-disabled='true'] {
    cursor: progress;
  }
  button[aria-pressed='true'] {
    background: var(--colloquy-like-pressed-background, var(--colloquy-color-accent, #1a56c4));
    border-color: var(--colloquy-like-pressed-background, var(--colloquy-color-accent, #1a56c4));
    color: var(--colloquy-like-pressed-color, var(--colloquy-color-on-accent, #fff));
  }
  .thanks,
  .counts {
    margin: 0;
    color: var(--colloquy-color-muted, color-mix(in srgb, currentColor 70%, transparent));
  }
  .error {
    margin: 0;
    color: var(--colloquy-color-danger, #b3261e);
  }
`;
