/**
 * RestAdapter against scripted HTTP answers: every error status, retries with backoff,
 * timeouts, the idempotency key on retried POSTs, and malformed answers.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRetryAfter, RestAdapter, VISITOR_KEY, visitorIdFrom } from '../../src/adapters/rest.js';
import { AdapterError } from '../../src/core/adapter.js';
import { MapStorage } from '../../src/core/storage.js';
import { ThreadStore } from '../../src/core/thread.js';
import { rejectsWith } from '../core/helpers.js';

type Answer = Response | Error | ((init: RequestInit) => Promise<Response>);
interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that gives the scripted answers in order (the last one repeats). */
function scripted(...answers: Answer[]): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const f = (async (url: string, init: RequestInit = {}) => {
    calls.push({ url, init });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    if (typeof answer === 'function') return answer(init);
    return answer.clone();
  }) as unknown as typeof fetch;
  return { fetch: f, calls };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const errorBody = (status: number, code: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  json({ error: { code, message, ...extra } }, status, headers);
const page = { comments: [], nextCursor: null, total: 0 };
const comment = { id: 'c1', parentId: null, authorName: 'A', body: 'hi', createdAt: '2026-11-27T10:00:00.000Z', status: 'published' };

function adapter(f: typeof fetch, extra: Partial<ConstructorParameters<typeof RestAdapter>[0]> = {}): RestAdapter {
  return new RestAdapter({ baseUrl: 'https://comments.example/', fetch: f, visitorId: 'visitor-test-1', retryDelayMs: 1, ...extra });
}

describe('RestAdapter requests', () => {
  it('lists with limit, sort and cursor, and sends the visitor id', async () => {
    const s = scripted(json(page));
    await adapter(s.fetch, { headers: { 'x-api-key': 'k' } }).listComments('article 1/2', { limit: 20, sort: 'newest', cursor: 'abc' });
    assert.equal(s.calls[0].url, 'https://comments.example/api/threads/article%201%2F2/comments?limit=20&sort=newest&cursor=abc');
    const headers = s.calls[0].init.headers as Record<string, string>;
    assert.equal(headers['x-colloquy-visitor'], 'visitor-test-1');
    assert.equal(headers['x-api-key'], 'k');
    assert.equal(s.calls[0].init.method, 'GET');
  });

  it('posts JSON with the idempotency key', async () => {
    const s = scripted(json(comment, 201));
    const saved = await adapter(s.fetch).postComment('t', { body: 'hi', authorName: 'A' }, { idempotencyKey: 'key-12345' });
    assert.deepEqual(saved, comment);
    const headers = s.calls[0].init.headers as Record<string, string>;
    assert.equal(headers['idempotency-key'], 'key-12345');
    assert.equal(headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(String(s.calls[0].init.body)), { body: 'hi', authorName: 'A' });
  });

  it('puts a reaction', async () => {
    const s = scripted(json({ likes: 1, dislikes: 0, mine: 'like' }));
    assert.deepEqual(await adapter(s.fetch).reactToArticle('t', 'like'), { likes: 1, dislikes: 0, mine: 'like' });
    assert.equal(s.calls[0].init.method, 'PUT');
    assert.equal(s.calls[0].url, 'https://comments.example/api/threads/t/reactions');
  });

  it('uses the page origin for an empty base URL', async () => {
    const s = scripted(json(page));
    await new RestAdapter({ baseUrl: '', fetch: s.fetch, visitorId: 'visitor-test-1' }).listComments('t', {});
    assert.equal(s.calls[0].url, '/api/threads/t/comments');
  });
});

describe('RestAdapter errors', () => {
  const cases: [string, Response, AdapterError['kind'], Partial<AdapterError>][] = [
    ['400 with the server message and field', errorBody(400, 'invalid_body', 'The comment is too long.', { field: 'body' }), 'rejected', { message: 'The comment is too long.', field: 'body' }],
    ['404', errorBody(404, 'not_found', 'No such comment.'), 'not-found', { message: 'No such comment.' }],
    ['409 duplicate', errorBody(409, 'duplicate', 'You already posted this comment.'), 'rejected', { message: 'You already posted this comment.' }],
    ['413 too large', errorBody(413, 'too_large', 'The request is larger than 65536 bytes.'), 'rejected', {}],
    ['415', errorBody(415, 'unsupported_media_type', 'Send JSON.'), 'rejected', {}],
    ['429 with Retry-After seconds', errorBody(429, 'rate_limited', 'Slow down.', {}, { 'retry-after': '42' }), 'rate-limited', { retryAfterSeconds: 42 }],
    ['500 without a JSON body', new Response('<html>oops</html>', { status: 500 }), 'server', { message: 'HTTP 500' }],
    ['503', errorBody(503, 'unavailable', 'Restarting.'), 'server', {}],
  ];
  for (const [name, response, kind, expected] of cases) {
    it(`maps ${name} to '${kind}'`, async () => {
      const err = await rejectsWith(adapter(scripted(response).fetch, { retries: 0 }).listComments('t', {}), kind);
      for (const [k, v] of Object.entries(expected)) assert.equal(err[k as keyof AdapterError], v, k);
    });
  }

  it('parses Retry-After as seconds or an HTTP date', () => {
    assert.equal(parseRetryAfter('30'), 30);
    const fromDate = parseRetryAfter(new Date(Date.now() + 10_500).toUTCString());
    assert.ok(fromDate !== undefined && fromDate >= 9 && fromDate <= 11, String(fromDate));
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(null), undefined);
  });

  it('turns a network failure into a network error', async () => {
    await rejectsWith(adapter(scripted(new TypeError('fetch failed')).fetch, { retries: 0 }).listComments('t', {}), 'network');
  });

  it('turns a 200 that is not JSON into a malformed-response server error, without retrying', async () => {
    const s = scripted(new Response('<html>', { status: 200 }));
    const err = await rejectsWith(adapter(s.fetch).listComments('t', {}), 'server');
    assert.equal(err.reason, 'malformed-response');
    assert.equal(s.calls.length, 1);
  });

  it('a JSON answer of the wrong shape becomes an error state through the store, never an exception', async () => {
    const store = new ThreadStore(adapter(scripted(json({ comments: 'nope' })).fetch), 't');
    await store.load();
    assert.equal(store.status, 'error');
    assert.equal(store.error?.reason, 'malformed-response');
  });
});

describe('RestAdapter retries', () => {
  it('retries a GET after network errors and 5xx, then succeeds', async () => {
    const s = scripted(new TypeError('fetch failed'), errorBody(502, 'bad_gateway', 'Bad gateway'), json(page));
    assert.deepEqual(await adapter(s.fetch).listComments('t', {}), page);
    assert.equal(s.calls.length, 3);
  });

  it('gives up after the configured retries', async () => {
    const s = scripted(errorBody(500, 'server_error', 'Boom'));
    await rejectsWith(adapter(s.fetch, { retries: 2 }).listComments('t', {}), 'server');
    assert.equal(s.calls.length, 3);
  });

  it('never retries a 4xx', async () => {
    const s = scripted(errorBody(400, 'invalid_body', 'No.'), json(comment));
    await rejectsWith(adapter(s.fetch).postComment('t', { body: 'x', authorName: 'A' }, { idempotencyKey: 'key-12345' }), 'rejected');
    assert.equal(s.calls.length, 1);
  });

  it('retries a POST only with the same idempotency key', async () => {
    const s = scripted(new TypeError('fetch failed'), errorBody(503, 'unavailable', 'Restarting.'), json(comment, 201));
    await adapter(s.fetch).postComment('t', { body: 'hi', authorName: 'A' }, { idempotencyKey: 'key-same-1' });
    assert.equal(s.calls.length, 3);
    const keys = s.calls.map((c) => (c.init.headers as Record<string, string>)['idempotency-key']);
    assert.deepEqual(keys, ['key-same-1', 'key-same-1', 'key-same-1']);
  });

  it('times out a request that gets no answer, as a network error with the timeout reason', async () => {
    const hang = (init: RequestInit) =>
      new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))));
    const s = scripted(hang);
    const err = await rejectsWith(adapter(s.fetch, { timeoutMs: 30, retries: 1 }).listComments('t', {}), 'network');
    assert.equal(err.reason, 'timeout');
    assert.equal(s.calls.length, 2, 'a timed-out GET is retried');
  });

  it("stops at once when the caller's signal aborts, without retrying", async () => {
    const hang = (init: RequestInit) =>
      new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))));
    const s = scripted(hang);
    const controller = new AbortController();
    const pending = adapter(s.fetch, { timeoutMs: 10_000 }).listComments('t', { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await assert.rejects(pending, (err: unknown) => (err as Error).name === 'AbortError');
    assert.equal(s.calls.length, 1);
  });
});

describe('RestAdapter visitor id', () => {
  it('creates one id per browser and keeps it', () => {
    const storage = new MapStorage();
    const first = visitorIdFrom(storage);
    assert.match(first, /^[\w-]{8,100}$/);
    assert.equal(visitorIdFrom(storage), first);
    assert.equal(JSON.parse(storage.getItem(VISITOR_KEY)!), first);
    const a = new RestAdapter({ baseUrl: '', fetch: scripted(json(page)).fetch, storage });
    assert.equal(a.visitorId, first);
  });

  it('replaces a corrupt stored id', () => {
    const storage = new MapStorage();
    storage.setItem(VISITOR_KEY, '"<script>"');
    assert.match(visitorIdFrom(storage), /^[\w-]{8,100}$/);
  });
});
