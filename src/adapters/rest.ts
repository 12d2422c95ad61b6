/**
 * RestAdapter: talks to a backend that implements docs/http-api.md (the reference server does).
 * Every request has a timeout; GETs (and idempotent writes: a POST with its idempotency key, a
 * PUT, a PATCH, a DELETE, a report) are retried with backoff on network failures and 5xx answers.
 * HTTP failures become the AdapterError kinds the UI explains. Live updates read the thread's
 * server-sent events through fetch and a streaming reader (no EventSource needed), reconnecting
 * with backoff. DOM-free (uses fetch, AbortController, TextDecoder, optional storage).
 */
import {
  AdapterError,
  isAbort,
  type AdapterErrorKind,
  type AdapterErrorReason,
  type Comment,
  type CommentCounts,
  type CommentPage,
  type CommentsAdapter,
  type ListOptions,
  type ModerationAction,
  type ModerationAdapter,
  type ModerationQueue,
  type NewComment,
  type PostOptions,
  type ReactionSummary,
  type ReactionValue,
  type ReportReason,
  type ThreadEvent,
} from '../core/adapter.js';
import { abortError, delay } from '../core/abort.js';
import { tellDeveloper } from '../core/diagnostics.js';
import { browserStorage, type KeyValueStorage } from '../core/storage.js';
import { baseUrlOf, commentsUrl, threadPath, visitorIdFrom } from './rest-paths.js';

export { VISITOR_KEY, visitorIdFrom } from './rest-paths.js';

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
  /** First delay before a live-update stream reconnects, in ms (doubles each time, up to 30 s). Default 1000. */
  reconnectDelayMs?: number;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** May this request be sent again after a failure? */
  retry: boolean;
  /** A 404 to a retry means an earlier attempt did it (a DELETE whose answer was lost): success. */
  goneIsDone?: boolean;
}

const KIND_BY_STATUS: Record<number, AdapterErrorKind> = { 401: 'forbidden', 403: 'forbidden', 404: 'not-found', 429: 'rate-limited' };
const REASON_BY_CODE: Record<string, AdapterErrorReason> = { edit_window_closed: 'edit-window-closed', has_replies: 'has-replies' };
/** Most threads in one counts request (the server's limit). */
const COUNT_CHUNK = 100;
/** Longest wait between two attempts to reconnect a live-update stream. */
const MAX_RECONNECT_MS = 30_000;
/** The longest a server's Retry-After may make a live-update stream wait before reconnecting. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;
/** A stream that sends nothing for this long (the server pings every 25 s) is dead: reconnect. */
const STREAM_IDLE_MS = 60_000;

/** One server-sent event. */
export interface SseEvent {
  /** The event type ("message" when the event has no `event:` field). */
  event: string;
  data: string;
  /** The last event id seen on the stream so far (the event's own `id:`, or an earlier one). */
  lastEventId: string;
}

/**
 * An incremental parser of a text/event-stream (the WHATWG rules): feed it text as it arrives,
 * in chunks split anywhere; it calls `onEvent` for each complete event. Comments (": ping") and
 * unknown fields are ignored; an event without data is not dispatched. `lastEventId` carries the
 * id over from an earlier connection. `onBlock` is called at the end of every block that had a
 * comment, an `id:` or a `data:` line (an event, an id-only block, a ping), with the last event id
 * so far: an id-only block (`id: 7` and a blank line) sets it without dispatching an event.
 */
export function sseParser(onEvent: (e: SseEvent) => void, lastEventId = '', onBlock?: (lastEventId: string) => void): (chunk: string) => void {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id = lastEventId;
  let skipLf = false;
  let counts = false;
  const line = (l: string): void => {
    if (l === '') {
      lastEventId = id;
      if (data.length) onEvent({ event: event || 'message', data: data.join('\n'), lastEventId });
      if (counts) onBlock?.(lastEventId);
      event = '';
      data = [];
      counts = false;
      return;
    }
    if (l.startsWith(':')) {
      counts = true;
      return;
    }
    const colon = l.indexOf(':');
    const field = colon < 0 ? l : l.slice(0, colon);
    let value = colon < 0 ? '' : l.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') {
      data.push(value);
      counts = true;
    } else if (field === 'id' && !value.includes('\0')) {
      id = value;
      counts = true;
    }
  };
  return (chunk) => {
    if (chunk === '') return;
    if (skipLf && chunk.startsWith('\n')) chunk = chunk.slice(1);
    skipLf = false;
    buffer += chunk;
    let at: number;
    while ((at = buffer.search(/[\r\n]/)) >= 0) {
      line(buffer.slice(0, at));
      if (buffer[at] === '\r') {
        if (at + 1 === buffer.length) skipLf = true; // a "\r\n" split between two chunks
        else if (buffer[at + 1] === '\n') at++;
      }
      buffer = buffer.slice(at + 1);
    }
  };
}

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
  private readonly reconnectDelayMs: number;

  constructor(options: RestAdapterOptions) {
    this.baseUrl = baseUrlOf(options.baseUrl);
    this.headers = { ...options.headers };
    const f = options.fetch ?? (globalThis as { fetch?: typeof fetch }).fetch;
    if (!f) throw new Error('RestAdapter needs fetch: pass options.fetch.');
    this.fetchFn = options.fetch ?? f.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retries = Math.max(0, options.retries ?? 2);
    this.retryDelayMs = options.retryDelayMs ?? 300;
    this.reconnectDelayMs = Math.max(1, options.reconnectDelayMs ?? 1000);
    this.visitorId = options.visitorId ?? visitorIdFrom(options.storage === undefined ? browserStorage() : options.storage);
  }

  async listComments(thread: string, opts: ListOptions = {}): Promise<CommentPage> {
    return (await this.request(commentsUrl(this.baseUrl, thread, opts), { signal: opts.signal, retry: true })) as CommentPage;
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

  /** PATCH: sets the body; repeating it changes nothing, so it may be retried. */
  async editComment(thread: string, commentId: string, body: string, authorToken: string): Promise<Comment> {
    return (await this.request(this.commentPath(thread, commentId), {
      method: 'PATCH',
      body: { body },
      headers: authorHeader(authorToken),
      retry: true,
    })) as Comment;
  }

  async deleteComment(thread: string, commentId: string, authorToken: string): Promise<void> {
    await this.request(this.commentPath(thread, commentId), { method: 'DELETE', headers: authorHeader(authorToken), retry: true, goneIsDone: true });
  }

  /** One report per visitor per comment: a repeat changes nothing, so it may be retried. */
  async reportComment(thread: string, commentId: string, reason: ReportReason, details?: string): Promise<void> {
    const body = details === undefined ? { reason } : { reason, details };
    await this.request(`${this.commentPath(thread, commentId)}/reports`, { method: 'POST', body, retry: true });
  }

  /** Counts for any number of threads: one request per 100, merged. */
  async countComments(threads: string[]): Promise<CommentCounts> {
    const unique = [...new Set(threads)];
    const chunks: string[][] = [];
    for (let i = 0; i < unique.length; i += COUNT_CHUNK) chunks.push(unique.slice(i, i + COUNT_CHUNK));
    const answers = await Promise.all(
      chunks.map(async (chunk) => {
        const q = new URLSearchParams(chunk.map((t) => ['thread', t]));
        const answer = (await this.request(`${this.baseUrl}/api/counts?${q}`, { retry: true })) as { counts?: unknown } | null;
        const counts = answer?.counts;
        if (typeof counts !== 'object' || counts === null || Array.isArray(counts)) {
          throw new AdapterError('server', 'The comment service sent an answer that could not be read (counts is not an object).', { reason: 'malformed-response' });
        }
        return counts as Record<string, unknown>;
      }),
    );
    const merged: Record<string, unknown> = {};
    for (const counts of answers) for (const t of Object.keys(counts)) merged[t] = counts[t];
    const out: CommentCounts = {};
    for (const t of threads) out[t] = (merged[t] ?? 0) as number; // validated by guardAdapter
    return out;
  }

  /** The moderation API, authorized with the moderator's bearer token. */
  moderation(token: string): ModerationAdapter {
    const headers = { authorization: `Bearer ${token}` };
    const usable = /^[\x21-\x7e]{1,1000}$/.test(token);
    const refuse = (): Promise<never> => Promise.reject(new AdapterError('forbidden', 'The moderator token is not valid.'));
    return {
      listQueue: async (opts = {}) => {
        if (!usable) return refuse();
        const query = opts.cursor ? `?${new URLSearchParams({ cursor: opts.cursor })}` : '';
        return (await this.request(`${this.baseUrl}/api/moderation/queue${query}`, { headers, signal: opts.signal, retry: true })) as ModerationQueue;
      },
      moderate: async (thread: string, commentId: string, action: ModerationAction) => {
        if (!usable) return refuse();
        // Sets the comment's state: repeating it changes nothing, so it may be retried.
        const url = `${this.baseUrl}/api/moderation/threads/${encodeURIComponent(thread)}/comments/${encodeURIComponent(commentId)}`;
        await this.request(url, { method: 'POST', body: { action }, headers, retry: true });
      },
    };
  }

  /**
   * Live updates from GET …/events (server-sent events, read with fetch). Reconnects after an
   * error or the end of the stream (1 s, doubling to 30 s; at least a 429's or 503's Retry-After,
   * up to 5 minutes), sending the last event id so that the server replays what was missed. Never throws; the returned function stops it.
   */
  subscribe(thread: string, onChange: (e: ThreadEvent) => void): () => void {
    const stop = new AbortController();
    const url = `${this.threadPath(thread)}/events`;
    // The last event id seen: from an event, or from the id-only block with which the server
    // starts a fresh stream (its head), so that even a stream that drops before its first event
    // reconnects from where it began.
    let lastEventId = '';
    const deliver = ({ event, data, lastEventId: id }: SseEvent): void => {
      lastEventId = id;
      if (event !== 'comment-added' || stop.signal.aborted) return;
      let comment: unknown;
      try {
        comment = JSON.parse(data);
      } catch {
        return; // not JSON: nothing to show
      }
      try {
        onChange({ type: 'comment-added', comment: comment as Comment });
      } catch (err) {
        console.error('[colloquy] a live-update listener failed:', err);
      }
    };
    // Whether the attempt opened a stream: an event stream from which at least one block (an
    // event, an id, a ping) was read. A 200 with an HTML page, or a stream that ends at once,
    // does not count (the backoff goes on growing).
    let opened = false;
    // The server's Retry-After of a 429 or 503, in ms: the least wait before the next attempt.
    let retryAfterMs = 0;
    const block = (id: string): void => {
      lastEventId = id;
      opened = true;
    };
    const connect = async (): Promise<void> => {
      const attempt = new AbortController();
      let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
      // Stops this attempt: its timer, its request and a read in progress (a body that ignores
      // the signal must not keep the attempt, or a Node process, alive).
      const abort = (): void => {
        clearTimeout(timer);
        attempt.abort();
        reader?.cancel().catch(() => undefined);
      };
      stop.signal.addEventListener('abort', abort);
      // No answer within the timeout, or nothing (not even a ping) for a minute: try again.
      let timer = setTimeout(abort, this.timeoutMs);
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream', 'x-colloquy-visitor': this.visitorId, ...this.headers };
        if (lastEventId) headers['last-event-id'] = lastEventId;
        const res = await this.fetchFn(url, { headers, signal: attempt.signal });
        const type = res.headers.get('content-type') ?? '';
        if (!res.ok || !res.body || !/^text\/event-stream\s*(;|$)/i.test(type)) {
          if (res.status === 429 || res.status === 503) retryAfterMs = (parseRetryAfter(res.headers.get('retry-after')) ?? 0) * 1000;
          res.body?.cancel().catch(() => undefined);
          return;
        }
        reader = res.body.getReader();
        const decoder = new TextDecoder();
        const feed = sseParser(deliver, lastEventId, block);
        for (;;) {
          clearTimeout(timer);
          timer = setTimeout(abort, STREAM_IDLE_MS);
          const { done, value } = await reader.read();
          if (done) return;
          feed(decoder.decode(value, { stream: true }));
        }
      } finally {
        clearTimeout(timer);
        stop.signal.removeEventListener('abort', abort);
        attempt.abort(); // ends a stream left half-read
      }
    };
    const run = async (): Promise<void> => {
      let wait = this.reconnectDelayMs;
      while (!stop.signal.aborted) {
        opened = false;
        retryAfterMs = 0;
        await connect().catch(() => undefined);
        if (stop.signal.aborted) return;
        if (opened) wait = this.reconnectDelayMs; // the stream worked: start the backoff again
        const backoff = Math.min(MAX_RECONNECT_MS, wait * (1 + Math.random() * 0.2));
        await delay(Math.min(MAX_RETRY_AFTER_MS, Math.max(backoff, retryAfterMs)), stop.signal);
        wait = Math.min(MAX_RECONNECT_MS, wait * 2);
      }
    };
    run().catch(() => undefined); // an abort while waiting: stopped
    return () => stop.abort();
  }

  private commentPath(thread: string, commentId: string): string {
    return `${this.threadPath(thread)}/comments/${encodeURIComponent(commentId)}`;
  }

  private threadPath(thread: string): string {
    return threadPath(this.baseUrl, thread);
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
        if (attempt > 0 && opts.goneIsDone && err.kind === 'not-found') return undefined;
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
      this.diagnoseUnreachable(err);
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
    const error = (body as { error?: { code?: unknown; message?: unknown; field?: unknown } } | undefined)?.error;
    const message = typeof error?.message === 'string' && error.message.length <= 500 ? error.message : `HTTP ${res.status}`;
    const field = error?.field === 'name' || error?.field === 'email' || error?.field === 'body' ? error.field : undefined;
    const kind: AdapterErrorKind = KIND_BY_STATUS[res.status] ?? (res.status >= 500 ? 'server' : 'rejected');
    const retryAfterSeconds = res.status === 429 ? parseRetryAfter(res.headers.get('retry-after')) : undefined;
    const reason = typeof error?.code === 'string' && Object.hasOwn(REASON_BY_CODE, error.code) ? REASON_BY_CODE[error.code] : undefined;
    throw new AdapterError(kind, message, { retryAfterSeconds, field, reason });
  }

  /**
   * A request to another origin that fails without an answer is most often CORS: the browser
   * refused the answer because the service does not allow this page's origin. Said once per
   * service, for the site developer.
   */
  private diagnoseUnreachable(err: unknown): void {
    const page = (globalThis as { location?: { origin?: string } }).location?.origin;
    let service: string;
    try {
      service = new URL(this.baseUrl, page).origin;
    } catch {
      return;
    }
    if (!page || page === 'null' || service === page) return;
    tellDeveloper(
      `unreachable:${service}`,
      `Could not reach ${service} from this page (${page}). If the service is up, it most likely does not allow this page's origin (CORS): ` +
        `the reference server must list ${page} in allowedOrigins (COLLOQUY_ALLOWED_ORIGINS). Readers see "Could not reach the comment service." with "Try again".`,
      err,
    );
  }

  private backoff(attempt: number, signal?: AbortSignal): Promise<void> {
    return delay(this.retryDelayMs * 2 ** (attempt - 1) * (1 + Math.random() * 0.3), signal);
  }
}

/** The header proving authorship; a token that cannot be a header value proves nothing. */
function authorHeader(token: string): Record<string, string> {
  if (typeof token !== 'string' || !/^[\x21-\x7e]{1,1000}$/.test(token)) throw new AdapterError('forbidden', 'Only the author may change this comment.');
  return { 'x-colloquy-author-token': token };
}
