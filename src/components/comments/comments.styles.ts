import { css } from 'lit';

export default css`
  :host {
    display: block;
    --_gap: var(--colloquy-section-gap, var(--colloquy-space-5, 1.5rem));
  }
  section {
    display: grid;
    gap: var(--_gap);
  }
  .count {
    margin: 0;
    font-size: var(--colloquy-count-font-size, 1.375em);
    line-height: 1.2;
  }
  .form-header {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: var(--colloquy-space-2, 0.5rem);
    margin-block-end: calc(var(--_gap) * -0.5);
  }
  .policy {
    color: var(--colloquy-color-accent, #1a56c4);
    font-weight: 600;
  }
  .required-note {
    margin: 0;
    font-size: 0.875em;
  }
  .mark {
    color: var(--colloquy-color-danger, #b3261e);
  }
`;
