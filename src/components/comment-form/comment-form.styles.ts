import { css } from '@lit/reactive-element/css-tag.js';

export default css`
  :host {
    display: block;
  }
  form {
    display: grid;
    gap: var(--_space-3);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-3);
  }
  .row > .field {
    flex: 1 1 14rem;
  }
  .field {
    display: grid;
    gap: var(--_space-1);
    align-content: start;
  }
  label {
    font-weight: 600;
  }
  .required {
    color: var(--_danger);
    margin-inline-start: 0.15em;
  }
  input,
  textarea {
    font: inherit;
    color: inherit;
    inline-size: 100%;
    padding: var(--_space-2);
    border: var(--colloquy-input-border, 1px solid var(--_border));
    border-radius: var(--_radius);
    background: var(--colloquy-input-background, var(--_surface));
  }
  textarea {
    min-block-size: var(--colloquy-textarea-min-height, 8em);
    resize: vertical;
  }
  input[aria-invalid='true'],
  textarea[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  input[readonly],
  textarea[readonly] {
    opacity: 0.7;
  }
  .hint {
    margin: 0;
    font-size: 0.875em;
    color: var(--_muted);
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
    gap: var(--_space-2);
    align-items: baseline;
  }
  .forget {
    margin-inline-start: auto;
    font-weight: normal;
    font-size: 0.875em;
  }
  .actions {
    display: flex;
    gap: var(--_space-3);
    align-items: center;
  }
  button[type='submit'] {
    /* A transparent border (the padding gives back its width): invisible here, painted in forced colors. */
    padding: calc(var(--_space-2) - 1px) calc(var(--_space-4) - 1px);
    border: 1px solid transparent;
    border-radius: var(--_radius);
    background: var(--colloquy-button-background, var(--_accent));
    color: var(--colloquy-button-color, var(--_on-accent));
    font-weight: 600;
  }
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: progress;
  }
  @media (forced-colors: active) {
    /* Windows High Contrast: the button's edge in the system's button text color. */
    button[type='submit'] {
      border-color: ButtonText;
    }
  }
`;
