import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  form {
    display: grid;
    gap: var(--colloquy-space-3, 0.75rem);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--colloquy-space-3, 0.75rem);
  }
  .row > .field {
    flex: 1 1 14rem;
  }
  .field {
    display: grid;
    gap: var(--colloquy-space-1, 0.25rem);
    align-content: start;
  }
  label {
    font-weight: 600;
  }
  .required {
    color: var(--colloquy-color-danger, #b3261e);
    margin-inline-start: 0.15em;
  }
  input,
  textarea {
    font: inherit;
    color: inherit;
    inline-size: 100%;
    padding: var(--colloquy-space-2, 0.5rem);
    border: var(--colloquy-input-border, 1px solid var(--colloquy-color-border, color-mix(in srgb, currentColor 40%, transparent)));
    border-radius: var(--colloquy-radius, 4px);
    background: var(--colloquy-input-background, var(--colloquy-color-surface, transparent));
  }
  textarea {
    min-block-size: var(--colloquy-textarea-min-height, 8em);
    resize: vertical;
  }
  input[aria-invalid='true'],
  textarea[aria-invalid='true'] {
    border-color: var(--colloquy-color-danger, #b3261e);
  }
  input[readonly],
  textarea[readonly] {
    opacity: 0.7;
  }
  .under {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: var(--colloquy-space-2, 0.5rem);
  }
  .under colloquy-char-counter {
    margin-inline-start: auto;
  }
  .hint {
    margin: 0;
    font-size: 0.875em;
    color: var(--colloquy-color-muted, color-mix(in srgb, currentColor 70%, transparent));
  }
  .error,
  .failed {
    margin: 0;
    color: var(--colloquy-color-danger, #b3261e);
    font-size: 0.875em;
    font-weight: 600;
  }
  .notice {
    margin: 0;
    font-size: 0.875em;
  }
  [hidden] {
    display: none !important;
  }
  .failed {
    display: flex;
    flex-wrap: wrap;
    gap: var(--colloquy-space-2, 0.5rem);
    align-items: baseline;
  }
  .forget {
    margin-inline-start: auto;
    font-weight: normal;
    font-size: 0.875em;
  }
  .actions {
    display: flex;
    gap: var(--colloquy-space-3, 0.75rem);
    align-items: center;
  }
  button[type='submit'] {
    padding: var(--colloquy-space-2, 0.5rem) var(--colloquy-space-4, 1rem);
    border: 0;
    border-radius: var(--colloquy-radius, 4px);
    background: var(--colloquy-button-background, var(--colloquy-color-accent, #1a56c4));
    color: var(--colloquy-button-color, var(--colloquy-color-on-accent, #fff));
    font-weight: 600;
  }
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: progress;
  }
`;
