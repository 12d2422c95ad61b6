import { css } from '@lit/reactive-element/css-tag.js';

export default css`
  :host {
    display: block;
    --_gap: var(--colloquy-moderation-gap, var(--_space-4));
  }
  section {
    display: grid;
    gap: var(--_gap);
  }
  h2 {
    margin: 0;
    font-size: 1.375em;
    line-height: 1.2;
  }
  h2:focus,
  article:focus,
  .confirm:focus {
    outline: none;
  }
  h2:focus-visible,
  article:focus-visible,
  .confirm:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .sign-in {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-2);
    align-items: center;
  }
  label {
    font-weight: 600;
  }
  input {
    font: inherit;
    color: inherit;
    padding: var(--_space-1) var(--_space-2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    min-inline-size: 16ch;
  }
  input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .sign-in .error {
    flex-basis: 100%;
  }
  button {
    padding: var(--_space-1) var(--_space-3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: transparent;
    color: inherit;
  }
  button[part~='sign-in-button'],
  button[part~='approve-button'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  button[part~='delete-button'],
  button[part~='confirm-button'] {
    border-color: var(--_danger);
    color: var(--_danger);
  }
  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.6;
  }
  .toolbar,
  .actions,
  .confirm {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-2);
    align-items: center;
  }
  .queue {
    display: grid;
    gap: var(--_gap);
  }
  .queue[aria-busy='true'] {
    opacity: 0.7;
  }
  .item {
    display: grid;
    gap: var(--_space-2);
    padding: var(--colloquy-moderation-item-padding, var(--_space-3));
    border: var(--colloquy-moderation-item-border, 1px solid var(--_rule));
    border-radius: var(--_radius);
  }
  .item-header {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-1) var(--_space-3);
    align-items: baseline;
    font-size: 0.9375em;
  }
  .author {
    font-weight: 700;
  }
  .email,
  .thread,
  time {
    color: var(--_muted);
    overflow-wrap: anywhere;
  }
  .status {
    margin: 0;
    font-weight: 600;
    color: var(--_warning);
  }
  .reports {
    margin: 0;
    padding-inline-start: var(--_space-4);
    font-size: 0.9375em;
  }
  .reports li > * + * {
    margin-inline-start: var(--_space-2);
  }
  .reason {
    font-weight: 600;
  }
  .details {
    overflow-wrap: anywhere;
  }
  .body {
    overflow-wrap: anywhere;
  }
  .body p,
  .confirm p {
    margin: 0 0 var(--_space-2);
  }
  .body > :last-child {
    margin-block-end: 0;
  }
  .confirm p {
    flex-basis: 100%;
  }
  .error {
    margin: 0;
    color: var(--_danger);
  }
  .empty {
    margin: 0;
    color: var(--_muted);
  }
`;
