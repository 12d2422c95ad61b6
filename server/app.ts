/**
 * The reference server: the HTTP API of docs/http-api.md on node:http, plus the demo page and
 * the built widget. No framework: the API is a dozen routes.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerConfig } from './config.js';
import { z } from 'zod';
import type { Comment } from '../src/core/adapter.js';
import { isUnavailable, openStore } from './store/open.js';
import type { AuthorCheck, PageCursor, RateLimit, Sort, Store } from './store/store.js';
import { addressKey, warnForwardedWithoutTrust } from './address.js';
import { EventHub } from './events.js';
import {
  editCommentSchema,
  IdempotencyKey,
  InputError,
  LikeBody,
  ModerationBody,
  newCommentSchema,
  parseOrThrow,
  ReactionBody,
  ReportBody,
  ThreadId,
  VisitorId,
  commentRequestBytes,
} from './validation.js';
import { seedDemoThread } from './seed.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** A running server. */
export interface App {
  server: Server;
  store: Store;
  config: ServerConfig;
  /** The open live-update streams. */
  events: EventHub;
  /** The base URL it listens on (after `listen`). */
  url: string;
  /** This instance's name (X-Colloquy-Instance). */
  instance: string;
  /** Stops accepting requests, ends the event streams, finishes the requests in flight, closes the database. */
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

/** Seconds a client is told to wait when the database cannot be reached. */
export const UNAVAILABLE_RETRY_SECONDS = 5;

function sendError(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (isUnavailable(err)) {
    console.error('[colloquy-server] the database cannot be reached:', (err as Error).message);
    send(
      res,
      503,
      { error: { code: 'unavailable', message: 'The comment service cannot reach its database just now. Please try again in a moment.' } },
      { 'retry-after': String(UNAVAILABLE_RETRY_SECONDS) },
    );
  } else if (err instanceof InputError) {
    send(res, err.status, { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } });
  } else if (err instanceof HttpError) {
    send(res, err.status, { error: { code: err.code, message: err.message } }, err.headers);
  } else {
    console.error('[colloquy-server]', err);
    send(res, 500, { error: { code: 'server_error', message: 'The comment service failed. Please try again.' } });
  }
}

/**
 * Reads a JSON body, refusing more than `max` bytes (413) and anything but JSON (415 / 400).
 * `tooLarge` is the refusal's message (a comment's speaks in characters, not bytes).
 */
async function readJson(req: IncomingMessage, max: number, tooLarge = `The request is larger than ${max} bytes.`): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'unsupported_media_type', 'Send the request body as application/json.');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) throw new HttpError(413, 'too_large', tooLarge, { connection: 'close' });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new HttpError(413, 'too_large', tooLarge, { connection: 'close' });
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
}

function encodeCursor(cursor: PageCursor, sort: Sort): string {
  const raw = cursor.replies ? { s: cursor.top, r: cursor.reply, p: 1 } : { s: cursor.top, o: sort };
  return Buffer.from(JSON.stringify(raw)).toString('base64url');
}

const CursorSchema = z.object({
  s: z.number().int().min(0),
  r: z.number().int().min(0).default(0),
  o: z.enum(['oldest', 'newest', 'liked']).optional(),
  p: z.literal(1).optional(),
});

/** A page cursor, or a replies cursor (which holds for any sort order). */
function decodeCursor(cursor: string, sort: Sort): PageCursor {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    raw = null;
  }
  const v = CursorSchema.safeParse(raw);
  if (v.success && v.data.p === 1) return { top: v.data.s, reply: v.data.r, replies: true };
  if (v.success && v.data.o === sort) return { top: v.data.s, reply: 0 };
  throw new InputError('invalid_cursor', 'The page cursor is not valid (it belongs to another sort order or was altered).');
}

/** Query of the list endpoint. */
const ListQuery = z.object({
  sort: z.enum(['oldest', 'newest', 'liked'], { error: 'sort must be "oldest", "newest" or "liked".' }).default('oldest'),
  limit: z.coerce.number({ error: 'limit must be a whole number from 1 to 100.' }).int('limit must be a whole number from 1 to 100.').min(1, 'limit must be a whole number from 1 to 100.').max(100, 'limit must be a whole number from 1 to 100.').default(20),
  cursor: z.string().max(500).optional(),
});

/** Query of the moderation queue: an opaque cursor. */
const QueueCursor = z.object({ q: z.number().int().min(0) });

/** Comments per page of the moderation queue. */
export const QUEUE_PAGE = 50;
/** Most threads in one counts request. */
export const MAX_COUNT_THREADS = 100;
/** Seconds a client refused a live-update stream (too many open) is told to wait. */
export const STREAM_RETRY_SECONDS = 30;

/** Hashes both sides first, so the comparison takes the same time whatever their lengths. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** What a refused thread id is told. */
const THREAD_ID_RULE = 'The thread id must be 1 to 200 characters, none of them NUL.';

/** A thread id from a path segment. */
function threadOf(segment: string): string {
  try {
    return parseOrThrow(ThreadId, decodeURIComponent(segment), 'invalid_thread');
  } catch {
    throw new InputError('invalid_thread', THREAD_ID_RULE);
  }
}

/** Most comments (top-level and replies) in one page. */
export const MAX_PAGE_COMMENTS = 200;
/** Replies sent with each top-level comment on a page; "Show N more replies" fetches the rest. */
export const FIRST_REPLIES = 5;

/** A limit of `limit` requests per minute per client address, kept in the store (so shared by every instance). */
const perMinute = (bucket: string, limit: number): RateLimit => ({ bucket, limit, windowMs: 60_000 });

/** Creates the server (not yet listening): opens the store (migrating it) first. */
export async function createApp(config: ServerConfig): Promise<App> {
  const store = await openStore({ db: config.db, databaseUrl: config.databaseUrl, databaseSchema: config.databaseSchema });
  if (config.seedDemo) await seedDemoThread(store, join(ROOT, 'demo', 'seed.json'));
  const posts = perMinute('posts', config.rateLimitPerMinute);
  const commentTooLarge = `The comment is longer than ${config.maxLength} characters.`;
  // Votes: one per visitor per thread, but a client can invent visitors: limit them per address too.
  const reactionLimit = perMinute('reactions', config.rateLimitPerMinute > 0 ? Math.max(30, config.rateLimitPerMinute * 6) : 0);
  // Reports are stricter: enough of them hide a comment.
  const reportLimit = perMinute('reports', config.reportLimitPerMinute);
  const commentSchema = newCommentSchema(config);
  const editSchema = editCommentSchema(config);
  const allowed = new Set(config.allowedOrigins.map((o) => new URL(o).origin));
  const events = new EventHub(undefined, { maxStreams: config.maxEventStreams, maxPerAddress: config.maxEventStreamsPerAddress }, (thread, after, max) =>
    store.announcedSince(thread, after, max),
  );
  // Announcements committed by any instance (this one too) reach this instance's streams.
  const unsubscribe = store.subscribe((thread, last) => events.news(thread, last));
  // The key of authors' tokens: configured, or made up once and kept with the data.
  const secret = config.secret ?? (await store.meta('secret', () => randomBytes(32).toString('base64url')));
  const editWindowMs = config.editWindowMinutes * 60_000;
  // Which instance answered (behind a load balancer): on every response, and in the demo's QA panel.
  const instance = config.instance ?? `${hostname()}:${process.pid}`;
  let closing = false;

  /** The secret that proves authorship of comment `id`: HMAC-SHA256(secret, id), base64url. */
  function authorToken(id: string): string {
    return createHmac('sha256', secret).update(id).digest('base64url');
  }

  /** The answer to a post: the comment, plus its author's token and until when it works. */
  function forAuthor(c: Comment): Comment {
    return { ...c, authorToken: authorToken(c.id), editableUntil: new Date(Date.parse(c.createdAt) + editWindowMs).toISOString() };
  }

  function checkAuthorToken(req: IncomingMessage, id: string): void {
    const given = req.headers['x-colloquy-author-token'];
    if (typeof given !== 'string' || given === '' || !sameSecret(given, authorToken(id))) {
      throw new HttpError(403, 'forbidden', 'Only the author of this comment can change it, from the browser it was posted with.');
    }
  }

  /** Turns a refusal of an author's change into its HTTP error. */
  function authorRefusal(check: Exclude<AuthorCheck, 'ok'>): HttpError {
    if (check === 'not-found') return new HttpError(404, 'not_found', 'This comment does not exist (any more).');
    if (check === 'edit-window-closed') {
      return new HttpError(409, 'edit_window_closed', `A comment can be changed for ${config.editWindowMinutes} minutes after it is posted; this one no longer can.`);
    }
    return new HttpError(409, 'has_replies', 'Someone has replied to this comment, so it can no longer be changed.');
  }

  function checkModerator(req: IncomingMessage): void {
    if (!config.moderatorToken) throw new HttpError(403, 'moderation_off', 'Moderation is not set up on this server (no moderator token is configured).');
    const header = req.headers.authorization;
    const bearer = typeof header === 'string' ? /^Bearer +(\S+) *$/i.exec(header) : null;
    if (!bearer || !sameSecret(bearer[1]!, config.moderatorToken)) {
      throw new HttpError(401, 'unauthorized', 'The moderator token is missing or wrong.', { 'www-authenticate': 'Bearer realm="colloquy-moderation"' });
    }
  }

  /** Takes one request of the client's address from `limit`; a 429 when it has none left. */
  async function take(req: IncomingMessage, limit: RateLimit, what: string): Promise<void> {
    const wait = await store.takeRate(limit, addressKey(clientAddress(req)));
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new HttpError(429, 'rate_limited', `Too many ${what} at once. Try again in ${seconds} seconds.`, { 'retry-after': String(seconds) });
    }
  }

  /** Who a report came from, as far as the server can tell: a keyed hash of the client address (never stored in the clear). */
  function addressHash(req: IncomingMessage): string {
    return createHash('sha256').update(secret + addressKey(clientAddress(req))).digest('base64url');
  }

  function clientAddress(req: IncomingMessage): string {
    if (config.trustProxy) {
      // The proxy appends the address it saw: the rightmost entry. Anything left of it came from the client.
      const fwd = req.headers['x-forwarded-for'];
      const last = (Array.isArray(fwd) ? fwd.at(-1) : fwd)?.split(',').at(-1)?.trim();
      if (last) return last;
    }
    return req.socket.remoteAddress ?? 'unknown';
  }

  function visitorOf(req: IncomingMessage): string | null {
    const raw = req.headers['x-colloquy-visitor'];
    if (typeof raw !== 'string' || raw === '') return null;
    const parsed = VisitorId.safeParse(raw);
    if (!parsed.success) throw new InputError('invalid_visitor', 'The visitor id is not valid.');
    return parsed.data;
  }

  /** True when the request's Origin is this server's own (a page it served itself). */
  function sameOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (!origin) return true;
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }

  /** Origins refused so far, each logged once (at most 100, then one line for the rest). */
  const refusedOrigins = new Set<string>();
  function logRefused(origin: string): void {
    if (refusedOrigins.has(origin) || refusedOrigins.size > 100) return;
    refusedOrigins.add(origin);
    if (refusedOrigins.size > 100) return void console.warn('[colloquy-server] more origins refused; not logging them one by one any more.');
    const list = [...allowed, origin].join(',');
    console.warn(
      `[colloquy-server] refused a request from the origin ${JSON.stringify(origin).slice(0, 200)}: it is not in allowedOrigins, so pages there cannot use the API. ` +
        `To allow it: COLLOQUY_ALLOWED_ORIGINS=${list.slice(0, 2000)} (or "allowedOrigins" in the config file).`,
    );
  }

  function cors(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin;
    if (!origin) return true;
    res.setHeader('vary', 'Origin');
    if (!allowed.has(origin)) {
      if (!sameOrigin(req)) logRefused(origin);
      return false;
    }
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', 'Retry-After, X-Colloquy-Instance');
    return true;
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    // Behind a proxy without trustProxy, every client would count as the proxy: say so, once.
    warnForwardedWithoutTrust(req.headers['x-forwarded-for'], config.trustProxy);
    const originOk = cors(req, res);
    if (req.method === 'OPTIONS') {
      if (!originOk || !req.headers.origin) throw new HttpError(403, 'forbidden_origin', 'This origin may not use the comment service.');
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
        'access-control-allow-headers': 'Content-Type, Idempotency-Key, X-Colloquy-Visitor, X-Colloquy-Author-Token, Authorization, Last-Event-ID',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    if (url.pathname === '/api/health') {
      // For load balancers: 503 while this instance cannot reach its database.
      const ok = await store.ping();
      send(res, ok ? 200 : 503, { ok, store: store.kind }, ok ? {} : { 'retry-after': String(UNAVAILABLE_RETRY_SECONDS) });
      return;
    }
    if (url.pathname === '/api/counts') {
      if (req.method !== 'GET') throw new HttpError(405, 'method_not_allowed', 'Only GET here.', { allow: 'GET' });
      const threads = url.searchParams.getAll('thread');
      if (threads.length === 0 || threads.length > MAX_COUNT_THREADS) {
        throw new InputError('invalid_request', `Ask for the counts of 1 to ${MAX_COUNT_THREADS} threads (?thread=…&thread=…).`);
      }
      for (const t of threads) if (!ThreadId.safeParse(t).success) throw new InputError('invalid_thread', THREAD_ID_RULE);
      send(res, 200, { counts: await store.counts([...new Set(threads)]) });
      return;
    }
    if (url.pathname.startsWith('/api/moderation/')) {
      await moderation(req, res, url);
      return;
    }

    const m = /^\/api\/threads\/([^/]+)\/(comments|reactions|events)(?:\/([^/]+)(?:\/(like|reports))?)?$/.exec(url.pathname);
    if (!m || (m[3] !== undefined && m[2] !== 'comments')) throw new HttpError(404, 'not_found', 'There is nothing at this address.');
    const thread = threadOf(m[1]!);
    const visitor = visitorOf(req);

    if (m[4] === 'like') {
      if (req.method !== 'PUT') throw new HttpError(405, 'method_not_allowed', 'Only PUT here.', { allow: 'PUT' });
      if (!visitor) throw new InputError('missing_visitor', 'An X-Colloquy-Visitor header is required to like a comment.');
      await take(req, reactionLimit, 'likes');
      const { liked } = parseOrThrow(LikeBody, await readJson(req, config.maxBodyBytes), 'invalid_like');
      const comment = await store.like(thread, decodeURIComponent(m[3]!), visitor, liked);
      if (!comment) throw new HttpError(404, 'not_found', 'This comment does not exist (any more).');
      send(res, 200, comment);
      return;
    }

    if (m[4] === 'reports') {
      if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'Only POST here.', { allow: 'POST' });
      if (!visitor) throw new InputError('missing_visitor', 'An X-Colloquy-Visitor header is required to report a comment.');
      await take(req, reportLimit, 'reports');
      const report = parseOrThrow(ReportBody, await readJson(req, config.maxBodyBytes), 'invalid_report');
      if (!(await store.report(thread, decodeURIComponent(m[3]!), visitor, addressHash(req), report, config.hideAfterReports))) {
        throw new HttpError(404, 'not_found', 'This comment does not exist (any more).');
      }
      send(res, 200, { ok: true });
      return;
    }

    if (m[3] !== undefined) {
      // The author's own comment: edit or delete, proven by the token its post returned.
      if (req.method !== 'PATCH' && req.method !== 'DELETE') {
        throw new HttpError(405, 'method_not_allowed', `${req.method} is not allowed here.`, { allow: 'PATCH, DELETE' });
      }
      const id = decodeURIComponent(m[3]);
      const check = await store.authorCheck(thread, id, Date.now(), editWindowMs);
      if (check === 'not-found') throw authorRefusal(check);
      checkAuthorToken(req, id);
      if (check !== 'ok') throw authorRefusal(check);
      if (req.method === 'DELETE') {
        const done = await store.deleteOwn(thread, id, Date.now(), editWindowMs);
        if (done !== 'ok') throw authorRefusal(done);
        send(res, 200, { ok: true });
        return;
      }
      const { body } = parseOrThrow(editSchema, await readJson(req, commentRequestBytes(config), commentTooLarge));
      // Checked again with the write: a reply may have arrived while the body was read.
      const edited = await store.edit(thread, id, body, Date.now(), editWindowMs, config.preModeration);
      if (typeof edited === 'string') throw authorRefusal(edited);
      send(res, 200, edited);
      return;
    }

    if (m[2] === 'events') {
      if (req.method !== 'GET') throw new HttpError(405, 'method_not_allowed', 'Only GET here.', { allow: 'GET' });
      // A stream holds a connection for as long as the client likes: only for allowed origins,
      // and only so many per client address and in all.
      if (!originOk && !sameOrigin(req)) throw new HttpError(403, 'forbidden_origin', 'This origin may not use the comment service.');
      const address = addressKey(clientAddress(req));
      const refusal = events.refusal(address);
      if (refusal === 'address') {
        throw new HttpError(429, 'rate_limited', 'Too many live-update connections from this address. Close some pages and try again.', {
          'retry-after': String(STREAM_RETRY_SECONDS),
        });
      }
      if (refusal === 'total') {
        throw new HttpError(503, 'unavailable', 'The comment service has too many live-update connections. Please try again later.', {
          'retry-after': String(STREAM_RETRY_SECONDS),
        });
      }
      // A reconnecting EventSource sends Last-Event-ID; a fetch-based client may say ?after=.
      const header = req.headers['last-event-id'];
      const query = url.searchParams.get('after');
      if (query !== null && !/^\d{1,15}$/.test(query)) throw new InputError('invalid_request', 'after must be the id of an event of this stream.');
      const fromHeader = typeof header === 'string' && /^\d{1,15}$/.test(header.trim()) ? Number(header.trim()) : null;
      const after = fromHeader ?? (query !== null ? Number(query) : null);
      if (after === null) events.open(thread, req, res, { address, head: await store.latestEvent(thread) });
      else events.open(thread, req, res, { address, after });
      return;
    }

    if (m[2] === 'comments' && req.method === 'GET') {
      const query = ListQuery.safeParse(Object.fromEntries(url.searchParams));
      if (!query.success) {
        const issue = query.error.issues[0];
        throw new InputError(`invalid_${String(issue?.path[0] ?? 'request')}`, issue?.message ?? 'The query is not valid.');
      }
      const { sort, limit, cursor } = query.data;
      const page = await store.list(thread, {
        limit,
        sort,
        cursor: cursor ? decodeCursor(cursor, sort) : null,
        visitor,
        maxComments: MAX_PAGE_COMMENTS,
        firstReplies: FIRST_REPLIES,
      });
      for (const c of page.comments) {
        const more = page.moreReplies.get(c.id);
        if (more) c.repliesCursor = encodeCursor(more, sort);
      }
      send(res, 200, { comments: page.comments, nextCursor: page.next ? encodeCursor(page.next, sort) : null, total: page.total });
      return;
    }

    if (m[2] === 'comments' && req.method === 'POST') {
      const keyHeader = req.headers['idempotency-key'];
      const key = IdempotencyKey.safeParse(keyHeader);
      if (!key.success) throw new InputError('invalid_key', 'An Idempotency-Key header of 8 to 100 letters, digits, "-" or "_" is required.');
      // A retry of a stored comment is answered before any other check (rate limit included),
      // but a comment awaiting moderation only to its own author.
      const replay = await store.replay(thread, key.data, visitor);
      if (replay === 'removed') throw new HttpError(409, 'removed', 'This comment was posted and has since been removed.');
      if (replay === 'conflict') throw new HttpError(409, 'key_in_use', 'This Idempotency-Key belongs to another submission.');
      if (replay) {
        send(res, 200, forAuthor(replay));
        return;
      }
      await take(req, posts, 'comments');
      // Only stored comments count against the limit: a refused one gives its slot back.
      let stored = false;
      try {
        await postComment(req, res, thread, key.data, visitor);
        stored = true;
      } finally {
        if (!stored) await store.refundRate(posts, addressKey(clientAddress(req))).catch(() => {});
      }
      return;
    }

    if (m[2] === 'reactions' && req.method === 'GET') {
      send(res, 200, await store.reactions(thread, visitor));
      return;
    }

    if (m[2] === 'reactions' && req.method === 'PUT') {
      if (!visitor) throw new InputError('missing_visitor', 'An X-Colloquy-Visitor header is required to react.');
      await take(req, reactionLimit, 'votes');
      const { value } = parseOrThrow(ReactionBody, await readJson(req, config.maxBodyBytes), 'invalid_reaction');
      send(res, 200, await store.react(thread, visitor, value));
      return;
    }

    throw new HttpError(405, 'method_not_allowed', `${req.method} is not allowed here.`, {
      allow: m[2] === 'comments' ? 'GET, POST' : 'GET, PUT',
    });
  }

  /** The moderators' routes: every one needs the moderator token. */
  async function moderation(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const target = /^\/api\/moderation\/threads\/([^/]+)\/comments\/([^/]+)$/.exec(url.pathname);
    if (url.pathname !== '/api/moderation/queue' && !target) throw new HttpError(404, 'not_found', 'There is nothing at this address.');
    checkModerator(req);
    if (!target) {
      if (req.method !== 'GET') throw new HttpError(405, 'method_not_allowed', 'Only GET here.', { allow: 'GET' });
      const raw = url.searchParams.get('cursor');
      let after = 0;
      if (raw) {
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
        } catch {
          /* refused below */
        }
        const cursor = QueueCursor.safeParse(parsed);
        if (!cursor.success) throw new InputError('invalid_cursor', 'The queue cursor is not valid.');
        after = cursor.data.q;
      }
      const page = await store.queue(after, QUEUE_PAGE);
      const nextCursor = page.next === null ? null : Buffer.from(JSON.stringify({ q: page.next })).toString('base64url');
      send(res, 200, { items: page.items, nextCursor });
      return;
    }
    if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'Only POST here.', { allow: 'POST' });
    const thread = threadOf(target[1]!);
    const id = decodeURIComponent(target[2]!);
    const { action } = parseOrThrow(ModerationBody, await readJson(req, config.maxBodyBytes), 'invalid_action');
    const result = await store.moderate(thread, id, action);
    if (result === 'not-found') throw new HttpError(404, 'not_found', 'This comment does not exist in this thread.');
    if (result === 'removed') throw new HttpError(409, 'removed', 'This comment was already removed; it cannot be approved.');
    send(res, 200, { ok: true });
  }

  async function postComment(req: IncomingMessage, res: ServerResponse, thread: string, key: string, visitor: string | null): Promise<void> {
    const input = parseOrThrow(commentSchema, await readJson(req, commentRequestBytes(config), commentTooLarge));
    const result = await store.insert(
      {
        thread,
        parentId: input.parentId,
        authorName: input.authorName,
        authorEmail: input.authorEmail,
        body: input.body,
        status: config.preModeration ? 'pending' : 'published',
        visitorId: visitor,
        createdAt: new Date().toISOString(),
      },
      { key, maxDepth: config.maxDepth, duplicateWindowSeconds: config.duplicateWindowSeconds },
    );
    if (!result.ok) {
      if (result.reason === 'parent-missing') throw new HttpError(404, 'not_found', 'The comment you are replying to does not exist in this thread.');
      if (result.reason === 'too-deep') throw new InputError('too_deep', `Replies can be nested at most ${config.maxDepth} levels deep.`);
      if (result.reason === 'removed') throw new HttpError(409, 'removed', 'This comment was posted and has since been removed.');
      if (result.reason === 'conflict') throw new HttpError(409, 'key_in_use', 'This Idempotency-Key belongs to another submission.');
      throw new HttpError(409, 'duplicate', 'You already posted this comment.');
    }
    send(res, result.replayed ? 200 : 201, forAuthor(result.comment));
  }

  async function staticFile(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method_not_allowed', 'Only GET here.');
    const path = decodeURIComponent(url.pathname);
    let file: string | null;
    if (path === '/' || path === '/index.html') file = join(ROOT, 'demo', 'index.html');
    // The loader, the application module and its chunks (colloquy-<name>-<hash>.js), and the catalogs.
    else if (/^\/colloquy(-[\w.-]+)?\.js(\.map)?$/.test(path)) file = join(ROOT, 'dist', path.slice(1));
    else {
      const candidate = normalize(join(ROOT, 'demo', path));
      file = candidate.startsWith(join(ROOT, 'demo') + sep) ? candidate : null;
    }
    if (!file) throw new HttpError(404, 'not_found', 'Not found.');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      throw new HttpError(404, 'not_found', file.endsWith('colloquy.js') ? 'dist/colloquy.js is missing: run `npm run build`.' : 'Not found.');
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      // The widget and its catalogs are public files that publishers' pages load from here.
      'access-control-allow-origin': '*',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const server = createServer((req, res) => {
    res.setHeader('x-colloquy-instance', instance);
    void (async () => {
      try {
        if (closing) throw new HttpError(503, 'unavailable', 'The comment service is restarting. Please try again.', { connection: 'close' });
        const url = new URL(req.url ?? '/', 'http://localhost');
        if (url.pathname.startsWith('/api/')) await api(req, res, url);
        else if (config.serveDemo) await staticFile(req, res, url);
        else throw new HttpError(404, 'not_found', 'Not found.');
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (err instanceof URIError || code === 'ERR_INVALID_URL') sendError(res, new HttpError(400, 'bad_request', 'The address is not valid.'));
        else if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNABORTED') res.destroy(); // the client went away
        else sendError(res, err);
      }
    })();
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;

  const app: App = {
    server,
    store,
    config,
    events,
    url: '',
    instance,
    close: () =>
      new Promise<void>((resolveClose) => {
        closing = true;
        events.close();
        unsubscribe();
        server.close(() => void store.close().then(resolveClose, resolveClose));
        server.closeIdleConnections();
      }),
  };
  return app;
}

/** Creates and starts a server; resolves once it listens. */
export async function startServer(config: ServerConfig): Promise<App> {
  const app = await createApp(config);
  await new Promise<void>((ok, fail) => {
    app.server.once('error', fail);
    app.server.listen(config.port, config.host, () => ok());
  });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  app.url = `http://${host}:${port}`;
  return app;
}
