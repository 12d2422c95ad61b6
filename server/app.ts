/**
 * The reference server: the HTTP API of docs/http-api.md on node:http, plus the demo page and
 * the built widget. No framework: the API is five routes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerConfig } from './config.js';
import { z } from 'zod';
import { openDatabase, type PageCursor, type Sort, type Store } from './db.js';
import { IdempotencyKey, InputError, LikeBody, newCommentSchema, parseOrThrow, ReactionBody, ThreadId, VisitorId } from './validation.js';
import { RateLimiter } from './rate-limit.js';
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
  /** The base URL it listens on (after `listen`). */
  url: string;
  /** Stops accepting requests, finishes the ones in flight, closes the database. */
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

function sendError(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof InputError) {
    send(res, err.status, { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } });
  } else if (err instanceof HttpError) {
    send(res, err.status, { error: { code: err.code, message: err.message } }, err.headers);
  } else {
    console.error('[colloquy-server]', err);
    send(res, 500, { error: { code: 'server_error', message: 'The comment service failed. Please try again.' } });
  }
}

/** Reads a JSON body, refusing more than `max` bytes (413) and anything but JSON (415 / 400). */
async function readJson(req: IncomingMessage, max: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'unsupported_media_type', 'Send the request body as application/json.');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) throw new HttpError(413, 'too_large', `The request is larger than ${max} bytes.`, { connection: 'close' });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new HttpError(413, 'too_large', `The request is larger than ${max} bytes.`, { connection: 'close' });
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

/** Most comments (top-level and replies) in one page. */
export const MAX_PAGE_COMMENTS = 200;
/** Replies sent with each top-level comment on a page; "Show N more replies" fetches the rest. */
export const FIRST_REPLIES = 5;

/** Creates the server (not yet listening). */
export function createApp(config: ServerConfig): App {
  const store = openDatabase(config.db);
  if (config.seedDemo) seedDemoThread(store, join(ROOT, 'demo', 'seed.json'));
  const limiter = new RateLimiter(config.rateLimitPerMinute, 60_000);
  // Votes: one per visitor per thread, but a client can invent visitors: limit them per address too.
  const reactionLimiter = new RateLimiter(config.rateLimitPerMinute > 0 ? Math.max(30, config.rateLimitPerMinute * 6) : 0, 60_000);
  const commentSchema = newCommentSchema(config);
  const allowed = new Set(config.allowedOrigins.map((o) => new URL(o).origin));
  let closing = false;

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

  function cors(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin;
    if (!origin) return true;
    res.setHeader('vary', 'Origin');
    if (!allowed.has(origin)) return false;
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', 'Retry-After');
    return true;
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const originOk = cors(req, res);
    if (req.method === 'OPTIONS') {
      if (!originOk || !req.headers.origin) throw new HttpError(403, 'forbidden_origin', 'This origin may not use the comment service.');
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, PUT',
        'access-control-allow-headers': 'Content-Type, Idempotency-Key, X-Colloquy-Visitor',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    if (url.pathname === '/api/health') {
      send(res, 200, { ok: true });
      return;
    }
    const m = /^\/api\/threads\/([^/]+)\/(comments|reactions)(?:\/([^/]+)\/(like))?$/.exec(url.pathname);
    if (!m) throw new HttpError(404, 'not_found', 'There is nothing at this address.');
    let thread: string;
    try {
      thread = parseOrThrow(ThreadId, decodeURIComponent(m[1]), 'invalid_thread');
    } catch {
      throw new InputError('invalid_thread', 'The thread id must be 1 to 200 characters.');
    }
    const visitor = visitorOf(req);

    if (m[4] === 'like') {
      if (req.method !== 'PUT') throw new HttpError(405, 'method_not_allowed', 'Only PUT here.');
      if (!visitor) throw new InputError('missing_visitor', 'An X-Colloquy-Visitor header is required to like a comment.');
      const wait = reactionLimiter.take(clientAddress(req));
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        throw new HttpError(429, 'rate_limited', `Too many likes at once. Try again in ${seconds} seconds.`, { 'retry-after': String(seconds) });
      }
      const { liked } = parseOrThrow(LikeBody, await readJson(req, config.maxBodyBytes), 'invalid_like');
      const comment = store.like(thread, decodeURIComponent(m[3]!), visitor, liked);
      if (!comment) throw new HttpError(404, 'not_found', 'This comment does not exist (any more).');
      send(res, 200, comment);
      return;
    }

    if (m[2] === 'comments' && req.method === 'GET') {
      const query = ListQuery.safeParse(Object.fromEntries(url.searchParams));
      if (!query.success) {
        const issue = query.error.issues[0];
        throw new InputError(`invalid_${String(issue?.path[0] ?? 'request')}`, issue?.message ?? 'The query is not valid.');
      }
      const { sort, limit, cursor } = query.data;
      const page = store.list(thread, {
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
      const replay = store.replay(thread, key.data, visitor);
      if (replay === 'removed') throw new HttpError(409, 'removed', 'This comment was posted and has since been removed.');
      if (replay === 'conflict') throw new HttpError(409, 'key_in_use', 'This Idempotency-Key belongs to another submission.');
      if (replay) {
        send(res, 200, replay);
        return;
      }
      const address = clientAddress(req);
      const wait = limiter.take(address);
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        throw new HttpError(429, 'rate_limited', `Too many comments at once. Try again in ${seconds} seconds.`, { 'retry-after': String(seconds) });
      }
      // Only stored comments count against the limit: a refused one gives its slot back.
      let stored = false;
      try {
        await postComment(req, res, thread, key.data, visitor);
        stored = true;
      } finally {
        if (!stored) limiter.refund(address);
      }
      return;
    }

    if (m[2] === 'reactions' && req.method === 'GET') {
      send(res, 200, store.reactions(thread, visitor));
      return;
    }

    if (m[2] === 'reactions' && req.method === 'PUT') {
      if (!visitor) throw new InputError('missing_visitor', 'An X-Colloquy-Visitor header is required to react.');
      const wait = reactionLimiter.take(clientAddress(req));
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        throw new HttpError(429, 'rate_limited', `Too many votes at once. Try again in ${seconds} seconds.`, { 'retry-after': String(seconds) });
      }
      const { value } = parseOrThrow(ReactionBody, await readJson(req, config.maxBodyBytes), 'invalid_reaction');
      send(res, 200, store.react(thread, visitor, value));
      return;
    }

    throw new HttpError(405, 'method_not_allowed', `${req.method} is not allowed here.`, {
      allow: m[2] === 'comments' ? 'GET, POST' : 'GET, PUT',
    });
  }

  async function postComment(req: IncomingMessage, res: ServerResponse, thread: string, key: string, visitor: string | null): Promise<void> {
    const input = parseOrThrow(commentSchema, await readJson(req, config.maxBodyBytes));
    const result = store.insert(
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
    send(res, result.replayed ? 200 : 201, result.comment);
  }

  async function staticFile(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method_not_allowed', 'Only GET here.');
    const path = decodeURIComponent(url.pathname);
    let file: string | null;
    if (path === '/' || path === '/index.html') file = join(ROOT, 'demo', 'index.html');
    // The loader, the application module and its chunks (colloquy-<name>-<hash>.js), and the catalogs.
    else if (/^\/colloquy(-[\w.-]+)?\.js(\.map)?$/.test(path) || /^\/locales\/[a-z-]{2,10}\.json$/.test(path)) file = join(ROOT, 'dist', path.slice(1));
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
    url: '',
    close: () =>
      new Promise<void>((resolveClose) => {
        closing = true;
        server.close(() => {
          store.close();
          resolveClose();
        });
        server.closeIdleConnections();
      }),
  };
  return app;
}

/** Creates and starts a server; resolves once it listens. */
export async function startServer(config: ServerConfig): Promise<App> {
  const app = createApp(config);
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
