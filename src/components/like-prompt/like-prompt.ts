import { LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { CommentsAdapter, ReactionValue } from '../../core/adapter.js';
import { ReactionStore } from '../../core/reactions.js';
import type { KeyValueStorage } from '../../core/storage.js';
import { defaultLocalizer, type Localizer } from '../../i18n/index.js';
import { emit } from '../shared/events.js';
import { renderLikePrompt, LIKE_STYLES } from './like-template.js';
import { takeOverRoot } from '../shared/take-over.js';

export { LIKE_PARTS } from './like-template.js';

/**
 * "Do you like this article?" with Yes / No. The vote is recorded through the adapter and
 * remembered per thread in this browser, so a reload shows it already cast.
 * It hides itself when the adapter cannot record votes.
 *
 * @tagname colloquy-like-prompt
 * @summary A yes/no vote on the article.
 *
 * @attr thread - The thread (article) id.
 *
 * @fires colloquy-reaction - The reader's vote was recorded. `detail`: `{ thread, value, summary }`.
 * @fires colloquy-error - The vote could not be recorded. `detail`: `{ action: 'react', error, thread }`.
 *
 * @csspart like-prompt - The whole prompt.
 * @csspart like-question - "Do you like this article?".
 * @csspart like-button - Both buttons.
 * @csspart like-button-yes - The Yes button.
 * @csspart like-button-no - The No button.
 * @csspart like-button-pressed - The button of the vote cast (state).
 * @csspart like-thanks - "Thanks for your feedback".
 * @csspart like-counts - The vote counts.
 * @csspart like-error - Why a vote failed.
 *
 * @cssprop --colloquy-like-border - Border of the buttons.
 * @cssprop --colloquy-like-pressed-background - Background of the chosen button (falls back to `--colloquy-color-accent`).
 * @cssprop --colloquy-like-pressed-color - Text color of the chosen button.
 */
export class ColloquyLikePrompt extends LitElement {
  static override styles = LIKE_STYLES;

  /** The thread (article) id. */
  @property() thread = '';

  /** The backend. */
  @property({ attribute: false }) adapter: CommentsAdapter | null = null;

  /** Where the vote is remembered (defaults to localStorage). */
  @property({ attribute: false }) storage: KeyValueStorage | null | undefined;

  /** Strings and formats. */
  @property({ attribute: false }) localizer: Localizer = defaultLocalizer();

  private store: ReactionStore | null = null;
  private unsubscribe: (() => void) | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('thread') || changed.has('adapter') || changed.has('storage')) this.connectStore();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.store = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.store && this.hasUpdated) this.connectStore();
  }

  private connectStore(): void {
    this.unsubscribe?.();
    this.store = null;
    if (!this.adapter || !this.thread) return;
    const store =
      this.storage === undefined ? new ReactionStore(this.adapter, this.thread) : new ReactionStore(this.adapter, this.thread, this.storage);
    this.store = store;
    this.unsubscribe = store.subscribe(() => this.requestUpdate());
    void store.refresh();
  }

  private async vote(value: ReactionValue): Promise<void> {
    const store = this.store;
    if (!store || store.busy) return;
    const summary = await store.cast(value);
    if (store !== this.store) return;
    await this.updateComplete;
    if (store.error) emit(this, 'colloquy-error', { action: 'react', error: store.error, thread: this.thread });
    else emit(this, 'colloquy-reaction', { thread: this.thread, value, summary });
  }

  private readonly onVote = (value: ReactionValue): void => void this.vote(value);

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    return takeOverRoot(this, super.createRenderRoot());
  }

  protected override render() {
    return renderLikePrompt(this.localizer, this.store, this.onVote);
  }
}
