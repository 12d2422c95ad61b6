/**
 * ReactionStore: the reader's vote on an article, remembered per thread, recorded through
 * the adapter. DOM-free; storage is injected (localStorage by default).
 */
import { guardAdapter, toAdapterError, type AdapterError, type CommentsAdapter, type ReactionSummary, type ReactionValue } from './adapter.js';
import { Listeners } from './listeners.js';
import { browserStorage, reactionKey, readJson, writeJson, type KeyValueStorage } from './storage.js';

export { reactionKey } from './storage.js';

/** Vote state of one thread. */
export class ReactionStore {
  /** The vote this browser cast, remembered across reloads. */
  vote: ReactionValue | null = null;
  /** Counts, when the adapter provides them. */
  summary: ReactionSummary | null = null;
  busy = false;
  error: AdapterError | null = null;

  private readonly adapter: CommentsAdapter;
  private readonly listeners = new Listeners();

  constructor(
    adapter: CommentsAdapter,
    readonly thread: string,
    private readonly storage: KeyValueStorage | null = browserStorage(),
  ) {
    this.adapter = guardAdapter(adapter);
    const saved = readJson(storage, reactionKey(thread));
    if (saved === 'like' || saved === 'dislike') this.vote = saved;
  }

  /** True when the adapter can record votes. */
  get supported(): boolean {
    return typeof this.adapter.reactToArticle === 'function';
  }

  subscribe(fn: () => void): () => void {
    return this.listeners.add(fn);
  }

  /** Fetches the counts when a vote was already cast (so a reload shows them). Never rejects. */
  async refresh(): Promise<void> {
    if (this.vote === null || !this.adapter.getArticleReactions) return;
    try {
      this.summary = await this.adapter.getArticleReactions(this.thread);
      this.changed();
    } catch {
      // Counts are a nicety: without them the remembered vote and the thanks still show.
    }
  }

  /** Records a vote. Resolves to the summary, or null when it failed (see `error`). Never rejects. */
  async cast(value: ReactionValue): Promise<ReactionSummary | null> {
    if (!this.adapter.reactToArticle || this.busy) return null;
    this.busy = true;
    this.error = null;
    this.changed();
    try {
      const summary = await this.adapter.reactToArticle(this.thread, value);
      this.vote = value;
      this.summary = summary;
      writeJson(this.storage, reactionKey(this.thread), value);
      return summary;
    } catch (err) {
      this.error = toAdapterError(err);
      return null;
    } finally {
      this.busy = false;
      this.changed();
    }
  }

  private changed(): void {
    this.listeners.notify();
  }
}
