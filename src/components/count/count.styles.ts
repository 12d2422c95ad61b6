import { css } from '@lit/reactive-element/css-tag.js';

export default css`
  :host {
    display: inline;
    line-height: inherit;
  }
  [part~='count'] {
    color: var(--colloquy-count-color, inherit);
    white-space: nowrap;
  }
  [part~='error'] {
    color: var(--colloquy-count-error-color, var(--_muted));
  }
`;
