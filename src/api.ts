/**
 * What both entries export (src/index.ts for bundlers, src/embed.ts for the script tag): the
 * elements, the adapter contract, the RestAdapter and the page-wide default adapter. The
 * browser-only MemoryAdapter is not here: the script-tag path fetches it only when asked.
 */
export { defineAll, define, elements, loadModeration } from './define.js';
export { ColloquyComments } from './components/comments/comments.js';
export { ColloquyCommentForm } from './components/comment-form/comment-form.js';
export { ColloquyCharCounter, type CounterState } from './components/char-counter/char-counter.js';
export { ColloquyCommentList } from './components/comment-list/comment-list.js';
export { ColloquyComment } from './components/comment/comment.js';
export { ColloquyLikePrompt } from './components/like-prompt/like-prompt.js';
export { ColloquyCount } from './components/count/count.js';
// The class itself is exported by the ESM entry only: on the script-tag path it is a lazy chunk (loadModeration()).
export type { ColloquyModeration, ModeratedDetail } from './components/moderation/moderation.js';
export * from './components/shared/events.js';
export * from './core/adapter.js';
export { setDefaultAdapter, getDefaultAdapter } from './core/default-adapter.js';
export type { MemoryAdapterOptions, SeedComment } from './adapters/memory.js';
export { RestAdapter, type RestAdapterOptions } from './adapters/rest.js';
export { countGraphemes, DEFAULT_MAX_LENGTH } from './core/text.js';
export { Localizer, en, type Messages } from './i18n/index.js';
export { registerCatalog, SHIPPED_LOCALES } from './i18n/catalogs.js';

/** Fetches the MemoryAdapter's code (a separate chunk on the script-tag path) and returns the class. */
export async function loadMemoryAdapter(): Promise<typeof import('./adapters/memory.js').MemoryAdapter> {
  return (await import('./adapters/memory.js')).MemoryAdapter;
}

/** The package version. */
export const version = '0.1.0';
