import { css } from '@lit/reactive-element/css-tag.js';

export default css`
  :host {
    display: block;
  }
  /* theme="auto" (the default) inherits the page's color-scheme; light and dark force one,
     with their own text and background so the section reads on any page. */
  :host([theme='light']) {
    color-scheme: light;
    color: var(--colloquy-color-text, #1d1d1f);
    background: var(--colloquy-color-background, #fff);
  }
  :host([theme='dark']) {
    color-scheme: dark;
    color: var(--colloquy-color-text, #e8eaed);
    background: var(--colloquy-color-background, #16181d);
  }
  :host {
    --_gap: var(--colloquy-section-gap, var(--_space-5));
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
    gap: var(--_space-2);
    margin-block-end: calc(var(--_gap) * -0.5);
  }
  .policy {
    color: var(--_accent);
    font-weight: 600;
  }
  .required-note {
    margin: 0;
    font-size: 0.875em;
  }
  .mark {
    color: var(--_danger);
  }
  .sort {
    display: flex;
    gap: var(--_space-2);
    align-items: baseline;
    justify-content: flex-end;
    font-size: 0.9375em;
  }
  .sort select {
    font: inherit;
  }
  .stage-error {
    margin: 0;
    color: var(--_danger);
  }
`;
