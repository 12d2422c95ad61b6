import { css } from '@lit/reactive-element/css-tag.js';

export default css`
  :host {
    display: block;
  }
  /* Each comment clips what overflows its own box (a letter under 20,000 combining marks draws
     no column over the comments above), with room for the focus rings inside it. */
  article {
    overflow: clip;
    overflow-clip-margin: 4px;
    display: grid;
    gap: var(--_space-2);
    padding-block: var(--colloquy-comment-padding, var(--_space-3));
    border-block-start: var(--colloquy-comment-border, 1px solid var(--_rule));
  }
  article:focus {
    outline: none;
  }
  article:focus-visible {
    outline: 2px solid var(--_focus);
  }
  [part~='comment-sending'],
  [part~='comment-pending'] {
    padding-inline-start: var(--_space-3);
    border-inline-start: 3px dashed var(--colloquy-comment-pending-rule, var(--_border));
  }
  /* Off-screen top-level comments (not inside another's replies) skip layout and paint; their
     height is estimated until first drawn, then remembered ('auto'). Find-in-page, anchors and
     focus still reach them. */
  :not(.replies) > .comment {
    content-visibility: auto;
    contain-intrinsic-size: auto var(--colloquy-comment-size, 8rem);
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-2);
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
    color: var(--_muted);
  }
  .status {
    font-style: italic;
  }
  .body {
    overflow-wrap: anywhere;
  }
  .body p {
    margin: 0 0 var(--_space-2);
  }
  .body > :last-child {
    margin-block-end: 0;
  }
  .body a {
    color: var(--_accent);
  }
  .body pre {
    overflow-x: auto;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: var(--_space-3);
  }
  .like-button[aria-pressed='true'] {
    text-decoration-thickness: 2px;
  }
  .like-button[aria-pressed='true']::before {
    content: '♥ ' / '';
  }
  .likes {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .like-error {
    margin: 0;
    color: var(--_danger);
  }
  .replies {
    margin-inline-start: var(--colloquy-comment-indent, 1.5rem);
    padding-inline-start: var(--_space-3);
    border-inline-start: 2px solid var(--colloquy-comment-rule, var(--_rule));
  }
  [part~='reply-form'] {
    padding-block: var(--_space-2);
  }
  .more-replies {
    justify-self: start;
    margin-inline-start: calc(var(--colloquy-comment-indent, 1.5rem) + var(--_space-3));
    margin-block-end: var(--_space-2);
  }
  .edited,
  .placeholder {
    color: var(--_muted);
    font-style: italic;
  }
  .placeholder {
    margin: 0;
  }
  [hidden] {
    display: none !important;
  }
  .panel {
    display: grid;
    gap: var(--_space-2);
    padding-block: var(--_space-2);
  }
  .panel label,
  .panel legend {
    font-weight: 600;
  }
  .panel fieldset {
    display: grid;
    gap: var(--_space-1);
    margin: 0;
    padding: 0;
    border: 0;
  }
  .panel legend {
    padding: 0;
    margin-block-end: var(--_space-1);
  }
  .panel .reason {
    display: flex;
    gap: var(--_space-2);
    align-items: baseline;
    font-weight: normal;
  }
  .panel textarea {
    font: inherit;
    color: inherit;
    inline-size: 100%;
    min-block-size: 5em;
    padding: var(--_space-2);
    border: var(--colloquy-input-border, 1px solid var(--_border));
    border-radius: var(--_radius);
    background: var(--colloquy-input-background, var(--_surface));
    resize: vertical;
  }
  .panel textarea[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .panel textarea[readonly] {
    opacity: 0.7;
  }
  .question,
  .notice,
  .report-status {
    margin: 0;
  }
  .required {
    color: var(--_danger);
    margin-inline-start: 0.15em;
  }
  .panel-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-3);
    align-items: center;
  }
  /* A transparent border: forced-colors mode paints it, so the button keeps its edge there. */
  .primary {
    padding: calc(var(--_space-2) - 1px) calc(var(--_space-4) - 1px);
    border: 1px solid transparent;
    border-radius: var(--_radius);
    background: var(--colloquy-button-background, var(--_accent));
    color: var(--colloquy-button-color, var(--_on-accent));
    font-weight: 600;
  }
  .primary.danger {
    background: var(--_danger);
    color: var(--_on-accent);
  }
  .panel button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: progress;
  }
  .report-button[aria-disabled='true'] {
    color: var(--_muted);
    text-decoration: none;
    cursor: default;
  }
`;
