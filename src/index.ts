/**
 * Colloquy's ESM entry for bundlers: importing it registers the elements (the moderation queue
 * included) and gives access to the adapter contract, the embedded MemoryAdapter, the RestAdapter and the page-wide default adapter.
 */
import { define } from './define.js';
import { ColloquyModeration } from './components/moderation/moderation.js';

// Bundlers get the moderation element like any other (a bundler's own code splitting applies).
define('colloquy-moderation', ColloquyModeration);

export * from './api.js';
export { ColloquyModeration } from './components/moderation/moderation.js';
export { MemoryAdapter } from './adapters/memory.js';
