/**
 * RestAdapter against scripted HTTP answers: every error status, retries with backoff,
 * timeouts, the idempotency key on retried POSTs, and malformed answers.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRetryAfter, RestAdapter, sseParser, VISITOR_KEY, visitorIdFrom, type SseEvent } from '../../src/adapters/rest.js';
import { AdapterError, type ThreadEvent } from '../../src/core/adapter.js';
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
    try {
      await store.load();
      assert.equal(store.status, 'error');
      assert.equal(store.error?.reason, 'malformed-response');
    } finally {
      store.dispose(); // the store subscribes to live updates with its first load: stop them
    }
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

const headersOf = (c: Call): Record<string, string> => c.init.headers as Record<string, string>;

describe('RestAdapter: edit, delete, report', () => {
  it('edits with PATCH, the author token header and the new body; retries with the same token', async () => {
    const edited = { ...comment, body: 'new', editedAt: '2026-11-27T10:05:00.000Z' };
    const s = scripted(errorBody(503, 'unavailable', 'Restarting.'), json(edited));
    assert.deepEqual(await adapter(s.fetch).editComment('t 1', 'c/1', 'new', 'tok_EN-123'), edited);
    assert.equal(s.calls.length, 2);
    for (const c of s.calls) {
      assert.equal(c.url, 'https://comments.example/api/threads/t%201/comments/c%2F1');
      assert.equal(c.init.method, 'PATCH');
      assert.equal(headersOf(c)['x-colloquy-author-token'], 'tok_EN-123');
      assert.equal(headersOf(c)['x-colloquy-visitor'], 'visitor-test-1');
      assert.deepEqual(JSON.parse(String(c.init.body)), { body: 'new' });
    }
  });

  it('deletes with DELETE and the token; a 404 to a retry means the lost first answer was a success', async () => {
    const s = scripted(new TypeError('fetch failed'), errorBody(404, 'not_found', 'No such comment.'));
    assert.equal(await adapter(s.fetch).deleteComment('t', 'c1', 'tok-1'), undefined);
    assert.deepEqual(s.calls.map((c) => [c.init.method, headersOf(c)['x-colloquy-author-token']]), [['DELETE', 'tok-1'], ['DELETE', 'tok-1']]);
    assert.equal(s.calls[0]!.url, 'https://comments.example/api/threads/t/comments/c1');
    // …but a 404 at the first attempt is a 404.
    await rejectsWith(adapter(scripted(errorBody(404, 'not_found', 'No such comment.')).fetch).deleteComment('t', 'c1', 'tok-1'), 'not-found');
    const ok = scripted(json({ ok: true }));
    await adapter(ok.fetch).deleteComment('t', 'c1', 'tok-1');
    assert.equal(ok.calls.length, 1);
  });

  it('refuses a token that cannot be sent as a header, without a request', async () => {
    const s = scripted(json(comment));
    for (const token of ['', 'two words', 'line\nbreak', 'é']) {
      await rejectsWith(adapter(s.fetch).editComment('t', 'c1', 'x', token), 'forbidden');
      await rejectsWith(adapter(s.fetch).deleteComment('t', 'c1', token), 'forbidden');
    }
    assert.equal(s.calls.length, 0);
  });

  it('reports with POST …/reports (details only when given), retried as it is idempotent per visitor', async () => {
    const s = scripted(errorBody(502, 'bad_gateway', 'Bad gateway'), json({ ok: true }));
    assert.equal(await adapter(s.fetch).reportComment('t', 'c1', 'other', 'Advertising'), undefined);
    assert.equal(s.calls.length, 2);
    assert.equal(s.calls[1]!.url, 'https://comments.example/api/threads/t/comments/c1/reports');
    assert.equal(s.calls[1]!.init.method, 'POST');
    assert.deepEqual(JSON.parse(String(s.calls[1]!.init.body)), { reason: 'other', details: 'Advertising' });
    const plain = scripted(json({ ok: true }));
    await adapter(plain.fetch).reportComment('t', 'c1', 'spam');
    assert.deepEqual(JSON.parse(String(plain.calls[0]!.init.body)), { reason: 'spam' });
  });

  const refusals: [string, Response, AdapterError['kind'], AdapterError['reason']][] = [
    ['401', errorBody(401, 'unauthorized', 'The moderator token is missing or wrong.'), 'forbidden', undefined],
    ['403', errorBody(403, 'forbidden', 'Only the author can change it.'), 'forbidden', undefined],
    ['403 moderation_off', errorBody(403, 'moderation_off', 'Moderation is not set up.'), 'forbidden', undefined],
    ['409 edit_window_closed', errorBody(409, 'edit_window_closed', 'Too late.'), 'rejected', 'edit-window-closed'],
    ['409 has_replies', errorBody(409, 'has_replies', 'Someone replied.'), 'rejected', 'has-replies'],
    ['409 with another code', errorBody(409, 'duplicate', 'Already posted.'), 'rejected', undefined],
    ['409 with a code from Object.prototype', errorBody(409, 'constructor', 'Odd.'), 'rejected', undefined],
  ];
  for (const [name, response, kind, reason] of refusals) {
    it(`maps ${name} to '${kind}'${reason ? ` with reason '${reason}'` : ''}, without retrying`, async () => {
      const s = scripted(response);
      const err = await rejectsWith(adapter(s.fetch).editComment('t', 'c1', 'x', 'tok-1'), kind);
      assert.equal(err.reason, reason);
      assert.equal(err.message, (await response.clone().json()).error.message);
      assert.equal(s.calls.length, 1);
    });
  }
});

describe('RestAdapter: counts', () => {
  it('asks for at most 100 threads a request and merges the answers, for exactly the requested threads', async () => {
    const threads = Array.from({ length: 250 }, (_, i) => `article ${i}`);
    const s = scripted(async (init) => {
      void init;
      const url = new URL(s.calls[s.calls.length - 1]!.url);
      const asked = url.searchParams.getAll('thread');
      // Answers a count for every other thread asked, plus one nobody asked for.
      return json({ counts: Object.fromEntries([...asked.filter((_, i) => i % 2 === 0).map((t) => [t, t.length]), ['unasked', 9]]) });
    });
    const counts = await adapter(s.fetch).countComments([...threads, 'article 0']);
    assert.deepEqual(s.calls.map((c) => new URL(c.url).searchParams.getAll('thread').length), [100, 100, 50], 'duplicates asked once');
    assert.ok(s.calls.every((c) => c.url.startsWith('https://comments.example/api/counts?thread=article+')), s.calls[0]!.url);
    assert.equal(counts['article 0'], 9);
    assert.equal(counts['article 1'], 0, 'a thread the server left out counts 0');
    assert.equal(counts['article 248'], 11);
    assert.equal(Object.keys(counts).length, 250);
  });

  it('asks nothing for no threads, and reads a malformed answer as such', async () => {
    const none = scripted(json({ counts: {} }));
    assert.deepEqual(await adapter(none.fetch).countComments([]), {});
    assert.equal(none.calls.length, 0);
    const err = await rejectsWith(adapter(scripted(json({ a: 1 })).fetch).countComments(['a']), 'server');
    assert.equal(err.reason, 'malformed-response');
  });
});

describe('RestAdapter: moderation', () => {
  it('lists the queue and moderates with the bearer token', async () => {
    const queue = { items: [], nextCursor: null };
    const s = scripted(json(queue), json({ ok: true }));
    const m = adapter(s.fetch).moderation('a-moderator-token-123456');
    assert.deepEqual(await m.listQueue({ cursor: 'abc=' }), queue);
    assert.equal(await m.moderate('t 1', 'c1', 'reject'), undefined);
    assert.equal(s.calls[0]!.url, 'https://comments.example/api/moderation/queue?cursor=abc%3D');
    assert.equal(s.calls[0]!.init.method, 'GET');
    assert.equal(s.calls[1]!.url, 'https://comments.example/api/moderation/threads/t%201/comments/c1');
    assert.equal(s.calls[1]!.init.method, 'POST');
    assert.deepEqual(JSON.parse(String(s.calls[1]!.init.body)), { action: 'reject' });
    for (const c of s.calls) assert.equal(headersOf(c).authorization, 'Bearer a-moderator-token-123456');
  });

  it('turns 401 and 403 into forbidden, and refuses an unusable token without a request', async () => {
    await rejectsWith(adapter(scripted(errorBody(401, 'unauthorized', 'Wrong token.')).fetch).moderation('wrong-token-0000000').listQueue(), 'forbidden');
    await rejectsWith(adapter(scripted(errorBody(403, 'moderation_off', 'Off.')).fetch).moderation('any-token-00000000').moderate('t', 'c', 'approve'), 'forbidden');
    const s = scripted(json({ items: [], nextCursor: null }));
    for (const token of ['', 'with space', 'new\nline']) {
      await rejectsWith(adapter(s.fetch).moderation(token).listQueue(), 'forbidden');
      await rejectsWith(adapter(s.fetch).moderation(token).moderate('t', 'c', 'delete'), 'forbidden');
    }
    assert.equal(s.calls.length, 0);
  });
});

describe('sseParser', () => {
  const parse = (...chunks: string[]): SseEvent[] => {
    const events: SseEvent[] = [];
    const feed = sseParser((e) => events.push(e));
    for (const c of chunks) feed(c);
    return events;
  };

  it('reads events, their type, id and multi-line data; skips comments and unknown fields', () => {
    const events = parse(
      'retry: 3000\n\n: ping\n\nid: 7\nevent: comment-added\ndata: {"a":\ndata:1}\nfoo: bar\n\n',
      'data:  two spaces\ndata\n\n',
    );
    assert.deepEqual(events, [
      { event: 'comment-added', data: '{"a":\n1}', lastEventId: '7' },
      { event: 'message', data: ' two spaces\n', lastEventId: '7' },
    ]);
  });

  it('gives the same events however the text is split, with LF, CRLF or CR line ends', () => {
    const text = 'id: a1\nevent: comment-added\ndata: {"x":"y"}\n\n: ping\n\nid: a2\ndata: second\n\n';
    const expected = parse(text);
    assert.equal(expected.length, 2);
    for (const eol of ['\n', '\r\n', '\r']) {
      const t = text.replace(/\n/g, eol);
      for (let cut = 0; cut <= t.length; cut++) {
        for (let cut2 = cut; cut2 <= t.length; cut2 += 7) {
          assert.deepEqual(parse(t.slice(0, cut), t.slice(cut, cut2), t.slice(cut2)), expected, JSON.stringify([eol, cut, cut2]));
        }
      }
    }
    assert.deepEqual(parse(...text.split('')), expected, 'one character at a time');
  });

  it('does not dispatch an event without data or an unfinished one; ignores an id with NUL', () => {
    assert.deepEqual(parse('event: comment-added\n\nid: x\u0000y\ndata: a\n\ndata: unfinished\n'), [{ event: 'message', data: 'a', lastEventId: '' }]);
  });

  it('keeps the last event id for events without one, starting from the one given', () => {
    const events: SseEvent[] = [];
    const feed = sseParser((e) => events.push(e), 'from-before');
    feed('data: a\n\nid: 9\ndata: b\n\ndata: c\n\nid\ndata: d\n\n');
    assert.deepEqual(events.map((e) => e.lastEventId), ['from-before', '9', '9', '']);
  });

  it('reports every block with an id, data or a comment to onBlock: an id-only block sets the id without an event', () => {
    const events: SseEvent[] = [];
    const blocks: string[] = [];
    const feed = sseParser((e) => events.push(e), '', (id) => blocks.push(id));
    feed('retry: 3000\n\nid: 41\n\n');
    assert.deepEqual([events, blocks], [[], ['41']], 'the retry block does not count; the id-only block does');
    feed(': ping\n\nevent: comment-added\ndata: x\n\n');
    assert.deepEqual(blocks, ['41', '41', '41']);
    assert.deepEqual(events, [{ event: 'comment-added', data: 'x', lastEventId: '41' }]);
  });
});

/** A server-sent events answer whose body streams `chunks`, then ends (or stays open until aborted). */
function sse(init: RequestInit, chunks: (string | Uint8Array)[], open = false): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(typeof c === 'string' ? encoder.encode(c) : c);
      if (!open) controller.close();
      init.signal?.addEventListener('abort', () => controller.error(Object.assign(new Error('aborted'), { name: 'AbortError' })));
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

const until = async (check: () => boolean, ms = 3000, what = 'the expected state'): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
};

describe('RestAdapter: live updates', () => {
  const event = (id: string, c: Record<string, unknown>) => `id: ${id}\nevent: comment-added\ndata: ${JSON.stringify(c)}\n\n`;

  it('reads comment-added events from the stream, ignoring other events and unreadable data', async () => {
    const s = scripted((init) =>
      Promise.resolve(sse(init, ['retry: 3000\n\n', ': ping\n\n', 'event: other\ndata: {}\n\n', 'event: comment-added\ndata: not json\n\n', event('e1', comment)], true)),
    );
    const got: ThreadEvent[] = [];
    const stop = adapter(s.fetch, { reconnectDelayMs: 5 }).subscribe('t 1', (e) => got.push(e));
    await until(() => got.length === 1, 3000, 'the event');
    assert.deepEqual(got, [{ type: 'comment-added', comment }]);
    assert.equal(s.calls[0]!.url, 'https://comments.example/api/threads/t%201/events');
    assert.equal(headersOf(s.calls[0]!).accept, 'text/event-stream');
    assert.equal(headersOf(s.calls[0]!)['x-colloquy-visitor'], 'visitor-test-1');
    assert.equal(headersOf(s.calls[0]!)['last-event-id'], undefined);
    stop();
  });

  it('decodes UTF-8 split between chunks', async () => {
    const bytes = new TextEncoder().encode(event('e1', { ...comment, body: 'نعم 👨‍👩‍👧' }));
    const cut = bytes.indexOf(0xf0) + 2; // inside the emoji
    const s = scripted((init) => Promise.resolve(sse(init, [bytes.slice(0, cut), bytes.slice(cut)], true)));
    const got: ThreadEvent[] = [];
    const stop = adapter(s.fetch).subscribe('t', (e) => got.push(e));
    await until(() => got.length === 1, 3000, 'the event');
    assert.equal(got[0]!.comment.body, 'نعم 👨‍👩‍👧');
    stop();
  });

  it('reconnects when the stream ends, sending the last event id', async () => {
    // The second stream has an event without an id: the last id still holds for the next reconnect.
    const streams = [[event('e1', comment)], [': ping\n\nevent: other\ndata: {}\n\n'], [event('e2', { ...comment, id: 'c2' })]];
    const s = scripted((init) => Promise.resolve(sse(init, streams[Math.min(s.calls.length - 1, 2)]!, s.calls.length >= 3)));
    const got: string[] = [];
    const stop = adapter(s.fetch, { reconnectDelayMs: 5 }).subscribe('t', (e) => got.push(e.comment.id));
    await until(() => got.length === 2, 3000, 'both events');
    assert.deepEqual(got, ['c1', 'c2']);
    assert.deepEqual(s.calls.map((c) => headersOf(c)['last-event-id']), [undefined, 'e1', 'e1']);
    stop();
  });

  it('backs off, doubling, while the server cannot be reached or refuses, and starts over once a stream opens', async () => {
    const times: number[] = [];
    const answers: (() => Promise<Response>)[] = [
      () => Promise.reject(new TypeError('fetch failed')),
      () => Promise.resolve(errorBody(503, 'unavailable', 'Restarting.')),
      () => Promise.reject(new TypeError('fetch failed')),
      () => Promise.resolve(errorBody(404, 'not_found', 'There is nothing at this address.')),
    ];
    const s = scripted((init) => {
      times.push(Date.now());
      const answer = answers[s.calls.length - 1];
      return answer ? answer() : Promise.resolve(sse(init, [': ping\n\n'], s.calls.length > 5));
    });
    const stop = adapter(s.fetch, { reconnectDelayMs: 40 }).subscribe('t', () => undefined);
    await until(() => times.length === 6, 5000, 'six attempts');
    stop();
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // 40, 80, 160, 320 ms (+ jitter) after failures and refusals; after the stream that opened (and ended), 40 again.
    for (const [i, least] of [40, 80, 160, 320].entries()) assert.ok(gaps[i]! >= least - 5, `gap ${i}: ${gaps[i]} ms ≥ ${least}`);
    assert.ok(gaps[4]! < 300, `after an open stream the delay starts over (${gaps[4]} ms)`);
  });

  it("reconnects with the id of an id-only block (the server's head) when the stream drops before any event", async () => {
    const s = scripted((init) =>
      Promise.resolve(s.calls.length === 1 ? sse(init, ['retry: 3000\n\nid: 41\n\n']) : sse(init, [event('42', comment)], true)),
    );
    const got: string[] = [];
    const stop = adapter(s.fetch, { reconnectDelayMs: 5 }).subscribe('t', (e) => got.push(e.comment.id));
    await until(() => got.length === 1, 3000, 'the event after the reconnect');
    stop();
    assert.deepEqual(s.calls.map((c) => headersOf(c)['last-event-id']), [undefined, '41']);
  });

  it('does not take a 200 that is not an event stream, or one that sends no block, for an opened stream', async () => {
    const times: number[] = [];
    const s = scripted((init) => {
      times.push(Date.now());
      const n = s.calls.length;
      if (n === 1) return Promise.resolve(new Response('<!doctype html><title>App</title>\n\n: ping\n\n', { headers: { 'content-type': 'text/html' } }));
      if (n === 2) return Promise.resolve(sse(init, []));
      if (n === 3) return Promise.resolve(sse(init, ['retry: 3000\n\n']));
      return Promise.resolve(sse(init, [], true));
    });
    const stop = adapter(s.fetch, { reconnectDelayMs: 40 }).subscribe('t', () => undefined);
    await until(() => times.length === 4, 5000, 'four attempts');
    stop();
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    for (const [i, least] of [40, 80, 160].entries()) assert.ok(gaps[i]! >= least - 5, `gap ${i}: ${gaps[i]} ms ≥ ${least} (the backoff keeps growing)`);
  });

  it('waits at least the Retry-After of a 429 or 503 before reconnecting', { timeout: 10_000 }, async () => {
    for (const status of [429, 503]) {
      const times: number[] = [];
      const s = scripted((init) => {
        times.push(Date.now());
        return Promise.resolve(
          s.calls.length === 1 ? errorBody(status, 'rate_limited', 'Too many.', {}, { 'retry-after': '1' }) : sse(init, [': ping\n\n'], true),
        );
      });
      const stop = adapter(s.fetch, { reconnectDelayMs: 5 }).subscribe('t', () => undefined);
      await until(() => times.length === 2, 5000, 'the second attempt');
      stop();
      assert.ok(times[1]! - times[0]! >= 995, `${status}: waited ${times[1]! - times[0]!} ms, Retry-After is 1 s`);
    }
  });

  it('stops on unsubscribe: aborts the open stream and never connects again', async () => {
    const s = scripted((init) => Promise.resolve(sse(init, [event('e1', comment)], true)));
    const got: ThreadEvent[] = [];
    const stop = adapter(s.fetch, { reconnectDelayMs: 1 }).subscribe('t', (e) => got.push(e));
    await until(() => got.length === 1, 3000, 'the event');
    const signal = s.calls[0]!.init.signal!;
    assert.equal(signal.aborted, false);
    stop();
    assert.equal(signal.aborted, true, 'the request is aborted');
    stop();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(s.calls.length, 1);
  });

  it('unsubscribing while waiting to reconnect, or before the answer, ends it without an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown): void => void unhandled.push(err);
    process.on('unhandledRejection', onUnhandled);
    try {
      const failing = scripted(new TypeError('fetch failed'));
      const stopFailing = adapter(failing.fetch, { reconnectDelayMs: 10_000 }).subscribe('t', () => undefined);
      await until(() => failing.calls.length === 1, 3000, 'the first attempt');
      stopFailing();
      const hanging = scripted(
        (init) => new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })))),
      );
      const stopHanging = adapter(hanging.fetch).subscribe('t', () => undefined);
      await until(() => hanging.calls.length === 1, 3000, 'the request');
      stopHanging();
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(unhandled, []);
      assert.equal(failing.calls.length, 1);
      assert.equal(hanging.calls.length, 1);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('keeps delivering after a listener throws', async (ctx) => {
    const errors = ctx.mock.method(console, 'error', () => undefined);
    const s = scripted((init) => Promise.resolve(sse(init, [event('e1', comment), event('e2', { ...comment, id: 'c2' })], true)));
    const got: string[] = [];
    const stop = adapter(s.fetch).subscribe('t', (e) => {
      got.push(e.comment.id);
      if (got.length === 1) throw new Error('listener bug');
    });
    await until(() => got.length === 2, 3000, 'both events');
    assert.equal(errors.mock.callCount(), 1);
    assert.equal(s.calls.length, 1, 'the stream was not dropped');
    stop();
  });
});

describe('RestAdapter capabilities', () => {
  it('implements every optional method of the contract (the reader stage shows every button for `api` before the adapter code arrives)', () => {
    const a = new RestAdapter({ baseUrl: 'http://127.0.0.1:1', storage: new MapStorage() });
    for (const m of ['likeComment', 'editComment', 'deleteComment', 'reportComment', 'reactToArticle', 'getArticleReactions', 'subscribe', 'countComments'] as const) {
      assert.equal(typeof a[m], 'function', m);
    }
  });
});
