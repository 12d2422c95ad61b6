import { LitElement, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import {
  AdapterError,
  guardAdapter,
  isAbort,
  toAdapterError,
  type CommentsAdapter,
  type ModerationAction,
  type ModerationAdapter,
  type ModerationItem,
} from '../../core/adapter.js';
import { toParagraphs } from '../../core/text.js';
import { isRtl } from '../../i18n/catalogs.js';
import type { Localizer, Messages } from '../../i18n/index.js';
import { LocaleController } from '../count/locale.js';
import { adapterFor, waitForAdapter, DefaultAdapterController } from '../shared/adapters.js';
import { emit } from '../shared/events.js';
import { focusIsFree } from '../shared/focus.js';
import { REASON_KEYS } from '../shared/report-reasons.js';
import { tokens } from '../shared/tokens.styles.js';
import styles from './moderation.styles.js';

/** Detail of `colloquy-moderated`: a moderator's decision was recorded. */
export interface ModeratedDetail {
  thread: string;
  commentId: string;
  action: ModerationAction;
}

declare global {
  interface HTMLElementEventMap {
    'colloquy-moderated': CustomEvent<ModeratedDetail>;
  }
}

/** One queue item as shown: the backend's item and what the moderator is doing with it. */
interface ItemView {
  key: string;
  /** Unique within this element, for ids. */
  uid: number;
  data: ModerationItem;
  busy: boolean;
  confirming: boolean;
  error: string;
}

const DONE_KEYS: Record<ModerationAction, 'moderationApproved' | 'moderationRejected' | 'moderationDeleted'> = {
  approve: 'moderationApproved',
  reject: 'moderationRejected',
  delete: 'moderationDeleted',
};

const itemKey = (item: ModerationItem): string => `${item.thread}\u0000${item.comment.id}`;

/**
 * A moderator's page: a token field, then the queue of comments awaiting a decision (pending
 * ones and reported ones, oldest first, across all threads) with Approve / Reject / Delete.
 * The token is held in this element's memory only (never in storage or an attribute) and
 * forgotten with "Close the queue". Bodies are shown as text, never as HTML.
 *
 * On the script-tag path this element is a separate chunk, fetched only when a page has one.
 *
 * @tagname colloquy-moderation
 * @summary The moderation queue: approve, reject or delete pending and reported comments.
 *
 * @attr api - Base URL of a backend implementing docs/http-api.md; used when no `adapter` property is set.
 * @attr lang - Language of the queue; defaults to the nearest `lang` in the page.
 *
 * @fires colloquy-moderated - A decision was recorded. `detail`: `{ thread, commentId, action }`.
 * @fires colloquy-error - Opening the queue, loading it or a decision failed. `detail`: `{ action: 'moderate', error, thread }` (`thread` is '' for the queue itself).
 *
 * @csspart base - The `<section>`.
 * @csspart title - The heading "Moderation queue".
 * @csspart sign-in - The token form.
 * @csspart label - "Moderator token".
 * @csspart token-input - The password field for the token.
 * @csspart sign-in-button - "Open the queue".
 * @csspart sign-in-error - Why the queue could not be opened (next to the field).
 * @csspart button - Every button.
 * @csspart toolbar - The row with Refresh and Close the queue.
 * @csspart refresh-button - "Refresh".
 * @csspart close-button - "Close the queue".
 * @csspart queue - The list of items.
 * @csspart queue-error - Why the queue could not be (re)loaded.
 * @csspart empty - "Nothing to review."
 * @csspart load-more-button - "Load more comments" (when the queue has another page).
 * @csspart item - One comment to review (an `<article>`); also `item-pending`, `item-hidden`, `item-reported`, `item-busy`.
 * @csspart item-header - Author, e-mail, time and thread of an item.
 * @csspart author - The author's name.
 * @csspart email - The author's e-mail address, when given.
 * @csspart timestamp - When the comment was posted (`<time>`).
 * @csspart thread - The thread the comment belongs to.
 * @csspart status - "Awaiting approval", "Hidden after reports", "Reported 3 times".
 * @csspart reports - The list of reports.
 * @csspart report - One report: its reason, details and time.
 * @csspart report-reason - The reason of a report.
 * @csspart report-details - What the reader added.
 * @csspart body - The comment's text.
 * @csspart actions - The item's buttons.
 * @csspart approve-button - "Approve".
 * @csspart reject-button - "Reject".
 * @csspart delete-button - "Delete".
 * @csspart confirm - The delete confirmation.
 * @csspart confirm-button - "Yes, delete it".
 * @csspart cancel-button - "Cancel" in the confirmation.
 * @csspart item-error - Why a decision failed (the item stays).
 *
 * @cssprop --colloquy-moderation-gap - Space between items (default `--colloquy-space-4`).
 * @cssprop --colloquy-moderation-item-border - Border of an item.
 * @cssprop --colloquy-moderation-item-padding - Padding of an item.
 * @cssprop --colloquy-color-accent - Buttons and focus ring.
 * @cssprop --colloquy-color-danger - Errors and the Delete button.
 */
export class ColloquyModeration extends LitElement {
  static override styles = [tokens, styles];

  /** Base URL of an HTTP backend (docs/http-api.md); a RestAdapter is created for it. */
  @property() api: string | null = null;

  /** The backend. When unset, the `api` attribute, the page default or the browser-only fallback is used. */
  @property({ attribute: false }) adapter: CommentsAdapter | null = null;

  /** Overrides for any string. */
  @property({ attribute: false }) messages: Partial<Messages> = {};

  @state() private phase: 'signed-out' | 'opening' | 'open' = 'signed-out';
  @state() private signInError = '';
  @state() private items: ItemView[] = [];
  @state() private nextCursor: string | null = null;
  @state() private loading: 'refresh' | 'more' | null = null;
  @state() private queueError = '';
  @state() private announcement = '';

  @query('#token') private tokenInput?: HTMLInputElement;
  @query('#title') private heading?: HTMLElement;

  private readonly locale = new LocaleController(this, () => this.messages);
  /** The moderation client: holds the token, in memory only. Null when the queue is closed. */
  private client: ModerationAdapter | null = null;
  /** The adapter the client came from: another one closes the queue. */
  private clientAdapter: CommentsAdapter | null = null;
  private loads: AbortController | null = null;
  private uids = 0;
  constructor() {
    super();
    new DefaultAdapterController(this); // re-renders when the page registers a default adapter later
  }


  /** True while the queue is open (a token was accepted). */
  get isOpen(): boolean {
    return this.phase === 'open';
  }

  override connectedCallback(): void {
    super.connectedCallback();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.loads?.abort();
    this.loads = null;
    if (this.phase === 'opening') this.phase = 'signed-out';
    this.loading = null;
  }

  private get l(): Localizer {
    return this.locale.localizer;
  }

  protected override willUpdate(): void {
    const adapter = adapterFor(this.adapter, this.api);
    if (!adapter) void waitForAdapter().then(() => this.requestUpdate(), () => undefined);
    // The queue belongs to the backend its token was given to.
    if (this.client && adapter !== this.clientAdapter) this.forget();
  }

  /** Closes the queue and forgets the token. */
  close(): void {
    this.forget();
    this.signInError = '';
  }

  private forget(): void {
    this.loads?.abort();
    this.loads = null;
    this.client = null;
    this.clientAdapter = null;
    this.items = [];
    this.nextCursor = null;
    this.loading = null;
    this.queueError = '';
    this.phase = 'signed-out';
  }

  private async activeAdapter(): Promise<CommentsAdapter | null> {
    const now = adapterFor(this.adapter, this.api);
    if (now) return now;
    await waitForAdapter().catch(() => undefined);
    return adapterFor(this.adapter, this.api);
  }

  private emitError(error: AdapterError, thread: string): void {
    emit(this, 'colloquy-error', { action: 'moderate', error, thread });
  }

  private announce(text: string): void {
    // The same words twice in a row must still be announced: alternate a trailing no-break space.
    this.announcement = this.announcement === text ? `${text}\u00a0` : text;
  }

  private async onSignIn(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const input = this.tokenInput;
    if (!input || this.phase !== 'signed-out') return;
    const token = input.value;
    if (token.trim() === '') {
      input.reportValidity();
      return;
    }
    this.phase = 'opening';
    this.signInError = '';
    const adapter = await this.activeAdapter();
    const controller = new AbortController();
    this.loads?.abort();
    this.loads = controller;
    try {
      if (!adapter || typeof adapter.moderation !== 'function') throw new AdapterError('forbidden', 'This comment service has no moderation.');
      const client = guardAdapter(adapter).moderation!(token);
      const queue = await client.listQueue({ signal: controller.signal });
      if (controller.signal.aborted) return;
      const form = this.renderRoot.querySelector('form');
      const focusWasHere = focusIsFree(form);
      this.client = client;
      this.clientAdapter = adapter;
      this.items = [];
      this.addItems(queue.items);
      this.nextCursor = queue.nextCursor;
      this.queueError = '';
      this.phase = 'open';
      await this.updateComplete;
      if (focusWasHere) this.heading?.focus();
    } catch (err) {
      if (controller.signal.aborted || isAbort(err)) return;
      const error = toAdapterError(err);
      this.phase = 'signed-out';
      this.signInError = this.l.error(error);
      this.emitError(error, '');
    } finally {
      if (this.loads === controller) this.loads = null;
    }
  }

  private addItems(items: ModerationItem[]): ItemView[] {
    const known = new Set(this.items.map((i) => i.key));
    const added: ItemView[] = [];
    for (const data of items) {
      const key = itemKey(data);
      if (known.has(key)) continue;
      known.add(key);
      added.push({ key, uid: ++this.uids, data, busy: false, confirming: false, error: '' });
    }
    this.items = [...this.items, ...added];
    return added;
  }

  /** Reloads the queue from its first page. */
  async refresh(): Promise<void> {
    await this.load('refresh');
  }

  private async load(kind: 'refresh' | 'more'): Promise<void> {
    const client = this.client;
    if (!client || this.loading) return;
    const cursor = kind === 'more' ? this.nextCursor : null;
    if (kind === 'more' && !cursor) return;
    const controller = new AbortController();
    this.loads = controller;
    this.loading = kind;
    this.queueError = '';
    const button = this.renderRoot.querySelector(kind === 'more' ? '[part~="load-more-button"]' : '[part~="refresh-button"]');
    try {
      const queue = await client.listQueue(cursor ? { cursor, signal: controller.signal } : { signal: controller.signal });
      if (client !== this.client || controller.signal.aborted) return;
      if (kind === 'refresh') this.items = [];
      const added = this.addItems(queue.items);
      this.nextCursor = queue.nextCursor;
      this.loading = null;
      if (kind === 'more' && added[0] && focusIsFree(button)) {
        await this.updateComplete;
        this.article(added[0].key)?.focus();
      }
    } catch (err) {
      if (client !== this.client || controller.signal.aborted || isAbort(err)) return;
      const error = toAdapterError(err);
      this.loading = null;
      this.emitError(error, '');
      if (error.kind === 'forbidden') {
        // The token no longer works: back to the field, with the reason next to it.
        this.forget();
        this.signInError = this.l.error(error);
        await this.updateComplete;
        this.tokenInput?.focus();
        return;
      }
      this.queueError = this.l.error(error);
    } finally {
      if (this.loads === controller) this.loads = null;
    }
  }

  private async onClose(): Promise<void> {
    this.close();
    await this.updateComplete;
    this.tokenInput?.focus();
  }

  private article(key: string): HTMLElement | null {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('article')].find((a) => a.dataset.key === key) ?? null;
  }

  private patch(key: string, change: Partial<ItemView>): void {
    this.items = this.items.map((i) => (i.key === key ? { ...i, ...change } : i));
  }

  private find(key: string): ItemView | undefined {
    return this.items.find((i) => i.key === key);
  }

  private async askDelete(key: string): Promise<void> {
    const item = this.find(key);
    if (!item || item.busy) return;
    this.patch(key, { confirming: true, error: '' });
    await this.updateComplete;
    this.article(key)?.querySelector<HTMLElement>('[part~="confirm"]')?.focus();
  }

  private async cancelDelete(key: string): Promise<void> {
    this.patch(key, { confirming: false });
    await this.updateComplete;
    this.article(key)?.querySelector<HTMLElement>('[part~="delete-button"]')?.focus();
  }

  private async act(key: string, action: ModerationAction): Promise<void> {
    const item = this.find(key);
    const client = this.client;
    if (!item || item.busy || !client) return;
    const { thread } = item.data;
    const commentId = item.data.comment.id;
    const articleEl = this.article(key);
    this.patch(key, { busy: true, error: '' });
    try {
      await client.moderate(thread, commentId, action);
    } catch (err) {
      if (client !== this.client) return;
      const error = toAdapterError(err);
      const focusWasHere = focusIsFree(articleEl);
      this.patch(key, { busy: false, confirming: false, error: this.l.t('moderationFailed', { reason: this.l.error(error) }) });
      await this.updateComplete;
      // A failed delete came from the confirmation, which is gone: focus goes back to Delete.
      if (action === 'delete' && focusWasHere) this.article(key)?.querySelector<HTMLElement>('[part~="delete-button"]')?.focus();
      this.emitError(error, thread);
      return;
    }
    if (client !== this.client) return;
    const focusWasHere = focusIsFree(articleEl);
    const index = this.items.findIndex((i) => i.key === key);
    this.items = this.items.filter((i) => i.key !== key);
    this.announce(this.l.t(DONE_KEYS[action]));
    await this.updateComplete;
    if (focusWasHere) {
      const next = this.items[index] ?? this.items[index - 1];
      (next ? this.article(next.key) : this.heading)?.focus();
    }
    this.dispatchEvent(new CustomEvent('colloquy-moderated', { detail: { thread, commentId, action }, bubbles: true, composed: true }));
  }

  protected override render() {
    const l = this.l;
    return html`<section part="base" aria-labelledby="title" lang=${l.locale} dir=${isRtl(l.locale) ? 'rtl' : 'ltr'}>
      <h2 id="title" part="title" tabindex="-1">${l.t('moderationTitle')}</h2>
      ${this.phase === 'open' ? this.renderQueue(l) : this.renderSignIn(l)}
      <p role="status" class="visually-hidden" part="announcement">${this.announcement}</p>
    </section>`;
  }

  private renderSignIn(l: Localizer) {
    const opening = this.phase === 'opening';
    return html`<form part="sign-in" class="sign-in" @submit=${this.onSignIn}>
      <label part="label" for="token">${l.t('moderationToken')}</label>
      <input
        part="token-input"
        id="token"
        type="password"
        autocomplete="off"
        spellcheck="false"
        required
        aria-invalid=${this.signInError ? 'true' : 'false'}
        aria-describedby=${this.signInError ? 'token-error' : nothing}
      />
      <button part="button sign-in-button" type="submit" aria-disabled=${opening ? 'true' : 'false'}>${l.t('moderationSignIn')}</button>
      ${this.signInError ? html`<p part="sign-in-error" id="token-error" class="error" role="alert">${this.signInError}</p>` : nothing}
    </form>`;
  }

  private renderQueue(l: Localizer) {
    const busy = this.loading !== null;
    return html`<div part="toolbar" class="toolbar">
        <button part="button refresh-button" type="button" aria-disabled=${busy ? 'true' : 'false'} @click=${() => void this.load('refresh')}>
          ${l.t('moderationRefresh')}
        </button>
        <button part="button close-button" type="button" @click=${() => void this.onClose()}>${l.t('moderationSignOut')}</button>
      </div>
      ${this.queueError ? html`<p part="queue-error" class="error" role="alert">${this.queueError}</p>` : nothing}
      <div part="queue" class="queue" aria-busy=${busy ? 'true' : 'false'}>
        ${this.items.length === 0 && !busy
          ? html`<p part="empty" class="empty">${l.t('moderationEmpty')}</p>`
          : repeat(
              this.items,
              (i) => i.key,
              (i) => this.renderItem(l, i),
            )}
      </div>
      ${this.nextCursor
        ? html`<button
            part="button load-more-button"
            type="button"
            aria-disabled=${busy ? 'true' : 'false'}
            @click=${() => void this.load('more')}
          >
            ${this.loading === 'more' ? l.t('loadingMore') : l.t('loadMore')}
          </button>`
        : nothing}`;
  }

  private renderItem(l: Localizer, item: ItemView) {
    const { data, key, uid, busy } = item;
    const c = data.comment;
    const status = c.status ?? 'published';
    const states = [
      status === 'pending' ? 'item-pending' : '',
      status === 'hidden' ? 'item-hidden' : '',
      data.reports.length ? 'item-reported' : '',
      busy ? 'item-busy' : '',
    ].filter(Boolean);
    const statusText = [
      status === 'pending' ? l.t('moderationPending') : '',
      status === 'hidden' ? l.t('moderationHidden') : '',
      data.reports.length ? l.plural('moderationReported', data.reports.length) : '',
    ].filter(Boolean);
    const created = new Date(c.createdAt);
    const authorId = `author-${uid}`;
    const disabled = busy ? 'true' : 'false';
    const button = (action: ModerationAction, label: string, onClick: () => void) =>
      html`<button part="button ${action}-button" type="button" aria-disabled=${disabled} aria-describedby=${authorId} @click=${onClick}>
        ${label}
      </button>`;
    return html`<article part="item ${states.join(' ')}" class="item" data-key=${key} tabindex="-1" aria-labelledby=${authorId} aria-busy=${disabled}>
      <header part="item-header" class="item-header">
        <span part="author" class="author" id=${authorId}>${c.authorName || l.t('anonymous')}</span>
        ${data.authorEmail ? html`<span part="email" class="email">${data.authorEmail}</span>` : nothing}
        <time part="timestamp" datetime=${created.toISOString()}>${l.dateTime(created)}</time>
        <span part="thread" class="thread">${l.t('moderationThread', { thread: data.thread })}</span>
      </header>
      ${statusText.length ? html`<p part="status" class="status">${statusText.join(' · ')}</p>` : nothing}
      ${data.reports.length
        ? html`<ul part="reports" class="reports">
            ${data.reports.map((r) => {
              const at = new Date(r.createdAt);
              return html`<li part="report">
                <span part="report-reason" class="reason">${l.t(REASON_KEYS[r.reason])}</span>
                ${r.details ? html`<span part="report-details" class="details">${r.details}</span>` : nothing}
                <time datetime=${at.toISOString()}>${l.dateTime(at)}</time>
              </li>`;
            })}
          </ul>`
        : nothing}
      <div part="body" class="body" dir="auto">${toParagraphs(c.body).map((lines) => html`<p>${lines.map((line, i) => (i ? html`<br />${line}` : line))}</p>`)}</div>
      <div part="actions" class="actions">
        ${button('approve', l.t('moderationApprove'), () => void this.act(key, 'approve'))}
        ${button('reject', l.t('moderationReject'), () => void this.act(key, 'reject'))}
        ${button('delete', l.t('moderationDelete'), () => void this.askDelete(key))}
      </div>
      ${item.confirming ? this.renderConfirm(l, item) : nothing}
      ${item.error ? html`<p part="item-error" class="error" role="alert">${item.error}</p>` : nothing}
    </article>`;
  }

  private renderConfirm(l: Localizer, item: ItemView) {
    const questionId = `confirm-${item.uid}`;
    const disabled = item.busy ? 'true' : 'false';
    return html`<div
      part="confirm"
      class="confirm"
      role="group"
      tabindex="-1"
      aria-labelledby=${questionId}
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && !item.busy && void this.cancelDelete(item.key)}
    >
      <p id=${questionId}>${l.t('deleteConfirm')}</p>
      <button part="button confirm-button" type="button" aria-disabled=${disabled} @click=${() => void this.act(item.key, 'delete')}>
        ${l.t('deleteConfirmButton')}
      </button>
      <button part="button cancel-button" type="button" aria-disabled=${disabled} @click=${() => !item.busy && void this.cancelDelete(item.key)}>
        ${l.t('cancel')}
      </button>
    </div>`;
  }
}
