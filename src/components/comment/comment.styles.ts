import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  article {
    display: grid;
    gap: var(--colloquy-space-2, 0.5rem);
    padding-block: var(--colloquy-comment-padding, var(--colloquy-space-3, 0.75rem));
    border-block-start: var(--colloquy-comment-border, 1px solid var(--colloquy-color-border, color-mix(in srgb, currentColor 20%, transparent)));
  }
  article:focus {
    outline: none;
  }
  article:focus-visible {
    outline: 2px solid var(--colloquy-color-focus, var(--colloquy-color-accent, #1a56c4));
  }
  :host([sending]) article,
  :host([pending]) article {
    padding-inline-start: var(--colloquy-space-3, 0.75rem);
    border-inline-start: 3px dashed var(--colloquy-comment-pending-rule, var(--colloquy-color-border, color-mix(in srgb, currentColor 40%, transparent)));
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    gap: var(--colloquy-space-2, 0.5rem);
    align-items: baseline;
    font-size: 0.9375em;
  }
  .author {
    font-weight: 700;
  }
  a.author {
    color: inherit;
  }
  .avatar {
    inline-size: var(--colloquy-avatar-size, 2rem);
    block-size: var(--colloquy-avatar-size, 2rem);
    border-radius: 50%;
    object-fit: cover;
    align-self: center;
  }
  time,
  .replying-to,
  .status {
    color: var(--colloquy-color-muted, color-mix(in srgb, currentColor 70%, transparent));
  }
  .status {
    font-style: italic;
  }
  .body {
    overflow-wrap: anywhere;
  }
  .body p {
    margin: 0 0 var(--colloquy-space-2, 0.5rem);
  }
  .body > :last-child {
    margin-block-end: 0;
  }
  .body a {
    color: var(--colloquy-color-accent, #1a56c4);
  }
  .body pre {
    overflow-x: auto;
  }
  .actions {
    display: flex;
    gap: var(--colloquy-space-3, 0.75rem);
  }
  .replies {
    margin-inline-start: var(--colloquy-comment-indent, 1.5rem);
    padding-inline-start: var(--colloquy-space-3, 0.75rem);
    border-inline-start: 2px solid var(--colloquy-comment-rule, var(--colloquy-color-border, color-mix(in srgb, currentColor 20%, transparent)));
  }
  colloquy-comment-form {
    padding-block: var(--colloquy-space-2, 0.5rem);
  }
`;
