/**
 * The script-tag entry: `<script src=".../colloquy.js" defer></script>` registers the elements
 * and exposes `window.Colloquy` ({ MemoryAdapter, AdapterError, setDefaultAdapter, … }).
 * Built by Vite into one self-contained IIFE (dist/colloquy.js) that declares no globals of
 * its own, so loading it twice neither throws nor replaces the first copy's API.
 */
import * as Colloquy from './index.js';

declare global {
  interface Window {
    Colloquy: typeof Colloquy;
  }
}

if (typeof window !== 'undefined' && !window.Colloquy) window.Colloquy = Colloquy;
