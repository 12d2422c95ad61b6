/**
 * RestAdapter: talks to a backend that implements docs/http-api.md (the reference server does).
 * Every request has a timeout; GETs (and idempotent writes: a POST with its idempotency key, a
 * PUT) are retried with backoff on network failures and 5xx answers. HTTP failures become the
 * AdapterError kinds the UI explains. DOM-free (uses fetch, AbortController, optional storage).
 */
import {
  AdapterError,
  isAbort,
  type AdapterErrorKind,
  type Comment,
  type CommentPage,
  type CommentsAdapter,
  type ListOptions,
  type NewComment,
  type PostOptions,
  type ReactionSummary,
  type ReactionValue,
} from '../core/adapter.js';
import { abortError, delay } from '../core/abort.js';
import { browserStorage, readJson, writeJson, type KeyValueStorage } from '../core/storage.js';

/** Options for a RestAdapter. */
export interface RestAdapterOptions {
  /** The server's base URL, e.g. "https://comments.example.com" ("" or "/" for the page's own origin). */
  baseUrl: string;
  /** Extra headers sent with every request (e.g. an API key). */
  headers?: Record<string, string>;
  /** The fetch to use (defaults to the global one). */
  fetch?: typeof fetch;
  /** Time allowed for one attempt, in ms. Default 10,000. */
  timeoutMs?: number;
  /** Extra attempts after a network failure or a 5xx. Default 2. */
  retries?: number;
  /** First backoff delay in ms (doubles each time, plus jitter). Default 300. */
  retryDelayMs?: number;
  /** This browser's visitor id; by default a random id kept in localStorage ("colloquy:visitor"). */
  visitorId?: string;
  /** Where the visitor id is kept (defaults to localStorage when available). */
  storage?: KeyValueStorage | null;
}

/** The storage key of the visitor id. */
export const VISITOR_KEY = 'colloquy:visitor';

function randomId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return c?.randomUUID ? c.randomUUID() : `v-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** The visitor id kept in `storage`, created on first use. */
export function visitorIdFrom(storage: KeyValueStorage | null): string {
  const saved = readJson(storage, VISITOR_KEY);
  if (typeof saved === 'string' && /^[\w-]{8,100}$/.test(saved)) return saved;
  const id = randomId();
  writeJson(storage, VISITOR_KEY, id);
  return id;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** May this request be sent again after a failure? */
  retry: boolean;
}

const KIND_BY_STATUS: Record<number, AdapterErrorKind> = { 404: 'not-found', 429: 'rate-limited' };

/** Parses Retry-After (seconds or an HTTP date) into seconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** The adapter for the HTTP contract in docs/http-api.md. */
export class RestAdapter implements CommentsAdapter {
  readonly baseUrl: string;
  readonly visitorId: string;
  private readonly headers: Record<string, string>;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;

  constructor(options: RestAdapterOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.headers = { ...options.headers };
    const f = options.fetch ?? (globalThis as { fetch?: typeof fetch }).fetch;
    if (!f) throw new Error('RestAdapter needs fetch: pass options.fetch.');
    this.fetchFn = options.fetch ?? f.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retries = Math.max(0, options.retries ?? 2);
    this.retryDelayMs = options.retryDelayMs ?? 300;
    this.visitorId = options.visitorId ?? visitorIdFrom(options.storage === undefined ? browserStorage() : options.storage);
  }

  async listComments(thread: string, opts: ListOptions = {}): Promise<CommentPage> {
    const q = new URLSearchParams();
    if (opts.limit !== undefined) q.set('limit', String(opts.limit));
    if (opts.sort) q.set('sort', opts.sort);
    if (opts.cursor) q.set('cursor', opts.cursor);
    const query = q.toString() ? `?${q}` : '';
    return (await this.request(`${this.threadPath(thread)}/comments${query}`, { signal: opts.signal, retry: true })) as CommentPage;
  }

  async postComment(thread: string, input: NewComment, opts: PostOptions): Promise<Comment> {
    return (await this.request(`${this.threadPath(thread)}/comments`, {
      method: 'POST',
      body: input,
      headers: { 'idempotency-key': opts.idempotencyKey },
      signal: opts.signal,
      retry: true, // safe: the idempotency key makes a repeat return the original comment
    })) as Comment;
  }

  async getArticleReactions(thread: string): Promise<ReactionSummary> {
    return (await this.request(`${this.threadPath(thread)}/reactions`, { retry: true })) as ReactionSummary;
  }

  async reactToArticle(thread: string, value: ReactionValue): Promise<ReactionSummary> {
    // PUT sets the visitor's one reaction: repeating it changes nothing, so it may be retried.
    return (await this.request(`${this.threadPath(thread)}/reactions`, { method: 'PUT', body: { value }, retry: true })) as ReactionSummary;
  }

  async likeComment(thread: string, commentId: string, liked = true): Promise<Comment> {
    // PUT sets this visitor's like: repeating it changes nothing, so it may be retried.
    const url = `${this.threadPath(thread)}/comments/${encodeURIComponent(commentId)}/like`;
    return (await this.request(url, { method: 'PUT', body: { liked }, retry: true })) as Comment;
  }

  private threadPath(thread: string): string {
    return `${this.baseUrl}/api/threads/${encodeURIComponent(thread)}`;
  }

  private async request(url: string, opts: RequestOptions): Promise<unknown> {
    const attempts = opts.retry ? this.retries + 1 : 1;
    let last: AdapterError | undefined;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await this.backoff(attempt, opts.signal);
      try {
        return await this.once(url, opts);
      } catch (err) {
        if (!(err instanceof AdapterError)) throw err; // an abort by the caller: stop at once
        last = err;
        const transient = err.kind === 'network' || (err.kind === 'server' && err.reason !== 'malformed-response');
        if (!transient) throw err;
      }
    }
    throw last!;
  }

  private async once(url: string, opts: RequestOptions): Promise<unknown> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onAbort = (): void => controller.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) controller.abort();
    let res: Response;
    let text: string;
    try {
      const headers: Record<string, string> = { accept: 'application/json', 'x-colloquy-visitor': this.visitorId, ...this.headers, ...opts.headers };
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      res = await this.fetchFn(url, {
        method: opts.method ?? 'GET',
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: controller.signal,
      });
      // The timeout and the caller's signal cover reading the body too.
      text = await res.text();
    } catch (err) {
      if (opts.signal?.aborted) throw abortError();
      if (timedOut) throw new AdapterError('network', `No answer within ${Math.round(this.timeoutMs / 1000)} seconds.`, { reason: 'timeout', cause: err });
      if (isAbort(err)) throw abortError();
      throw new AdapterError('network', 'Could not reach the comment service.', { cause: err });
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
    let body: unknown = undefined;
    if (text !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = undefined;
      }
    }
    if (res.ok) {
      if (body === undefined) {
        throw new AdapterError('server', 'The comment service sent an answer that could not be read (not JSON).', { reason: 'malformed-response' });
      }
      return body;
    }
    const error = (body as { error?: { message?: unknown; field?: unknown } } | undefined)?.error;
    const message = typeof error?.message === 'string' && error.message.length <= 500 ? error.message : `HTTP ${res.status}`;
    const field = error?.field === 'name' || error?.field === 'email' || error?.field === 'body' ? error.field : undefined;
    const kind: AdapterErrorKind = KIND_BY_STATUS[res.status] ?? (res.status >= 500 ? 'server' : 'rejected');
    const retryAfterSeconds = res.status === 429 ? parseRetryAfter(res.headers.get('retry-after')) : undefined;
    throw new AdapterError(kind, message, { retryAfterSeconds, field });
  }

  private backoff(attempt: number, signal?: AbortSignal): Promise<void> {
    return delay(this.retryDelayMs * 2 ** (attempt - 1) * (1 + Math.random() * 0.3), signal);
  }
}
