import { css } from 'lit';

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
`;
