import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  [part~='list'] {
    display: grid;
    gap: var(--colloquy-comment-gap, var(--colloquy-space-1, 0.25rem));
  }
  .skeleton {
    display: grid;
    gap: var(--colloquy-space-4, 1rem);
    padding-block: var(--colloquy-space-3, 0.75rem);
  }
  .bone {
    display: grid;
    gap: var(--colloquy-space-2, 0.5rem);
  }
  .bone span {
    display: block;
    block-size: 0.8em;
    border-radius: var(--colloquy-radius, 4px);
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
    color: var(--colloquy-color-muted, color-mix(in srgb, currentColor 70%, transparent));
  }
  .error {
    color: var(--colloquy-color-danger, #b3261e);
  }
  .error p {
    margin: 0;
  }
  .load-more {
    margin-block-start: var(--colloquy-space-3, 0.75rem);
    padding: var(--colloquy-space-2, 0.5rem) var(--colloquy-space-4, 1rem);
    border: 1px solid var(--colloquy-color-border, color-mix(in srgb, currentColor 40%, transparent));
    border-radius: var(--colloquy-radius, 4px);
    background: transparent;
    color: inherit;
  }
`;
