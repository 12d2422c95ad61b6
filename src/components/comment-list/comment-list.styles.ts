import { css } from '@lit/reactive-element/css-tag.js';

export default css`
  :host {
    display: block;
  }
  [part~='list'] {
    display: grid;
    gap: var(--colloquy-comment-gap, var(--_space-1));
  }
  .skeleton {
    display: grid;
    gap: var(--_space-4);
    padding-block: var(--_space-3);
  }
  .bone {
    display: grid;
    gap: var(--_space-2);
  }
  .bone span {
    display: block;
    block-size: 0.8em;
    border-radius: var(--_radius);
    background: var(--colloquy-skeleton-color, color-mix(in srgb, currentColor 12%, transparent));
    animation: pulse 1.4s ease-in-out infinite;
  }
  .bone span:first-child {
    inline-size: 30%;
  }
  .bone span:last-child {
    inline-size: 70%;
  }
  @keyframes pulse {
    50% {
      opacity: 0.5;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .bone span {
      animation: none;
    }
  }
  .empty {
    color: var(--_muted);
  }
  .error {
    color: var(--_danger);
  }
  .error p {
    margin: 0;
  }
  .load-more {
    margin-block-start: var(--_space-3);
    padding: var(--_space-2) var(--_space-4);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: transparent;
    color: inherit;
  }
  /* The live region takes no room: its button straddles the top edge of the list and stays in
     view while the reader scrolls through it, so nothing moves until they press it. */
  .new-comments {
    position: sticky;
    inset-block-start: var(--colloquy-new-comments-top, var(--_space-5));
    z-index: 1;
    display: flex;
    justify-content: center;
    align-items: center;
    block-size: 0;
  }
  /* It wraps rather than widening the page (a long French or Russian label at 320 px), and its
     transparent border is what forced-colors mode paints as the button's edge. */
  [part~='new-comments'] {
    max-inline-size: calc(100% - 2 * var(--_space-2));
    padding: var(--_space-1) var(--_space-4);
    border: 1px solid transparent;
    text-align: center;
    overflow-wrap: anywhere;
    border-radius: 999px;
    background: var(--colloquy-button-background, var(--_accent));
    color: var(--colloquy-button-color, var(--_on-accent));
    font-weight: 600;
    box-shadow: 0 1px 4px rgb(0 0 0 / 30%);
  }
`;
