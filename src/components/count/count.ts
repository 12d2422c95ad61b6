import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { toAdapterError, type AdapterError, type CommentsAdapter } from '../../core/adapter.js';
import { isRtl } from '../../i18n/catalogs.js';
import type { Messages } from '../../i18n/index.js';
import { adapterFor, waitForAdapter, DefaultAdapterController } from '../shared/adapters.js';
import { emit } from '../shared/events.js';
import { tokens } from '../shared/tokens.styles.js';
import { requestCount } from './batch.js';
import { LocaleController } from './locale.js';
import styles from './count.styles.js';

/**
 * A thread's comment count as text ("12 comments", "No comments yet"), for listing pages: put
 * one beside each article link. Every count on the page is fetched together: one
 * `countComments` call per adapter for all their threads (an adapter without it is asked
 * `listComments(thread, { limit: 1 })` for each thread's `total`).
 * While loading it is empty (one line high, `aria-busy`); when the count cannot be had it shows
 * a dash, hidden from assistive technology.
 *
 * @tagname colloquy-count
 * @summary The number of comments of a thread, batched with every other count on the page.
 *
 * @attr thread - Required. The thread (article) id.
 * @attr api - Base URL of a backend implementing docs/http-api.md; used when no `adapter` property is set.
 * @attr lang - Language of the text; defaults to the nearest `lang` in the page.
 *
 * @fires colloquy-error - The count could not be fetched. `detail`: `{ action: 'count', error, thread }`.
 *
 * @csspart count - The text: the count, empty while loading, a dash after a failure.
 * @csspart error - Added to `count` when the count could not be fetched.
 *
 * @cssprop --colloquy-count-color - Text color (default: inherited).
 * @cssprop --colloquy-count-error-color - Color of the dash shown after a failure (default: the muted color).
 */
export class ColloquyCount extends LitElement {
  static override styles = [tokens, styles];

  /** The thread id. */
  @property({ reflect: true }) thread = '';

  /** Base URL of an HTTP backend (docs/http-api.md); a RestAdapter is created for it. */
  @property() api: string | null = null;

  /** The backend. When unset, the `api` attribute, the page default or the browser-only fallback is used. */
  @property({ attribute: false }) adapter: CommentsAdapter | null = null;

  /** Overrides for any string (`commentCount` is the one this element shows). */
  @property({ attribute: false }) messages: Partial<Messages> = {};

  @state() private status: 'loading' | 'ready' | 'error' = 'loading';
  @state() private value = 0;

  /** The failure, when `status` is 'error'. */
  get error(): AdapterError | null {
    return this.failure;
  }

  /** The count once loaded, else null. */
  get count(): number | null {
    return this.status === 'ready' ? this.value : null;
  }

  private readonly locale = new LocaleController(this, () => this.messages);
  private failure: AdapterError | null = null;
  /** What the current count is for; a change of either fetches it again. */
  private fetchedFor: { adapter: CommentsAdapter; thread: string } | null = null;
  private generation = 0;

  constructor() {
    super();
    new DefaultAdapterController(this); // re-renders when the page registers a default adapter later
  }


  override connectedCallback(): void {
    super.connectedCallback();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
  }

  /** Fetches the count again (batched with any other count asked for in this task). */
  refresh(): void {
    this.fetchedFor = null;
    this.requestUpdate();
  }

  protected override willUpdate(): void {
    if (!this.thread) {
      this.generation++;
      this.fetchedFor = null;
      this.status = 'loading';
      return;
    }
    const adapter = adapterFor(this.adapter, this.api);
    if (!adapter) {
      // Still waiting for the page's scripts, or for the browser-only fallback's code to arrive.
      void waitForAdapter().then(() => this.requestUpdate(), () => undefined);
      return;
    }
    if (this.fetchedFor?.adapter === adapter && this.fetchedFor.thread === this.thread) return;
    this.fetchedFor = { adapter, thread: this.thread };
    void this.fetch(adapter, this.thread);
  }

  private async fetch(adapter: CommentsAdapter, thread: string): Promise<void> {
    const generation = ++this.generation;
    this.status = 'loading';
    this.failure = null;
    try {
      const n = await requestCount(adapter, thread);
      if (generation !== this.generation) return;
      this.value = n;
      this.status = 'ready';
    } catch (err) {
      if (generation !== this.generation) return;
      const error = toAdapterError(err);
      this.failure = error;
      this.status = 'error';
      await this.updateComplete;
      emit(this, 'colloquy-error', { action: 'count', error, thread });
    }
  }

  protected override render() {
    if (!this.thread) return nothing;
    const l = this.locale.localizer;
    const dir = isRtl(l.locale) ? 'rtl' : 'ltr';
    switch (this.status) {
      case 'ready':
        return html`<span part="count" lang=${l.locale} dir=${dir}>${l.plural('commentCount', this.value)}</span>`;
      case 'error':
        return html`<span part="count error" aria-hidden="true">–</span>`;
      default:
        // A zero-width space keeps the line's height, so the count arriving does not move the page.
        return html`<span part="count" aria-busy="true">\u200b</span>`;
    }
  }
}
