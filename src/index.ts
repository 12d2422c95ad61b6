/**
 * Colloquy's ESM entry for bundlers: importing it registers the elements and gives access to
 * the adapter contract, the embedded MemoryAdapter, the RestAdapter and the page-wide default adapter.
 */
import './define.js';

export * from './api.js';
export { MemoryAdapter } from './adapters/memory.js';
