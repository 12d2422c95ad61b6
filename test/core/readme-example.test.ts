// The documented adapter example (docs/adapters.md) is docs/examples/fetch-adapter.ts, verbatim: these tests prove it
// compiles (typecheck), maps a backend correctly, turns HTTP failures into the UI's error kinds,
// and drives a real ThreadStore.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MyBackendAdapter } from '../../docs/examples/fetch-adapter.js';
import { AdapterError } from '../../src/core/adapter.js';
import { ThreadStore } from '../../src/core/thread.js';

type Call = { url: string; init: RequestInit };

function fakeFetch(respond: (call: Call) => Response | Promise<Response>): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const f = (async (url: string, init: RequestInit = {}) => {
    const call = { url, init };
    calls.push(call);
    return respond(call);
  }) as unknown as typeof fetch;
  return { fetch: f, calls };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('README adapter example', () => {
  it('is in docs/adapters.md word for word', () => {
    const readme = readFileSync(new URL('../../docs/adapters.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('../../docs/examples/fetch-adapter.ts', import.meta.url), 'utf8')
      .replace("from 'colloquy/adapter'", "from 'colloquy'");
    assert.ok(readme.includes(example.trim()), 'docs/adapters.md must contain docs/examples/fetch-adapter.ts (importing from "colloquy")');
  });

  it('maps a page of the backend to comments and sends the cursor', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json({ items: [{ id: 7, reply_to: null, author: 'Amira', text: 'Hello', created_at: '2026-11-27T10:00:00Z' }], next: 'abc', count: 9 }),
    );
    const a = new MyBackendAdapter('https://comments.example', fetch);
    const page = await a.listComments('article 1', { cursor: 'xyz', limit: 20 });
    assert.equal(calls[0].url, 'https://comments.example/threads/article%201/comments?limit=20&cursor=xyz');
    assert.deepEqual(page, {
      comments: [{ id: '7', parentId: null, authorName: 'Amira', body: 'Hello', createdAt: '2026-11-27T10:00:00Z' }],
      nextCursor: 'abc',
      total: 9,
    });
  });

  it('posts with the idempotency key', async () => {
    const { fetch, calls } = fakeFetch(() => json({ id: 8, reply_to: '7', author: 'Lee', text: 'Hi', created_at: '2026-11-27T10:00:00Z' }, 201));
    const a = new MyBackendAdapter('https://c.example', fetch);
    const saved = await a.postComment('t', { body: 'Hi', authorName: 'Lee', parentId: '7' }, { idempotencyKey: 'k1' });
    assert.equal(saved.parentId, '7');
    assert.equal((calls[0].init.headers as Record<string, string>)['idempotency-key'], 'k1');
    assert.equal(calls[0].init.method, 'POST');
  });

  it('turns HTTP failures into AdapterError kinds', async () => {
    const cases: [Response | Error, string, number | undefined][] = [
      [json({ error: { code: 'rate_limited', message: 'Slow down' } }, 429, { 'retry-after': '12' }), 'rate-limited', 12],
      [json({ error: { code: 'not_found', message: 'No such thread' } }, 404), 'not-found', undefined],
      [json({ error: { code: 'invalid', message: 'Body required' } }, 400), 'rejected', undefined],
      [new Response('oops', { status: 502 }), 'server', undefined],
      [new TypeError('Failed to fetch'), 'network', undefined],
    ];
    for (const [answer, kind, retry] of cases) {
      const { fetch } = fakeFetch(() => {
        if (answer instanceof Error) throw answer;
        return answer;
      });
      const a = new MyBackendAdapter('https://c.example', fetch);
      await assert.rejects(a.listComments('t', {}), (err: unknown) => {
        assert.ok(err instanceof AdapterError);
        assert.equal(err.kind, kind);
        assert.equal(err.retryAfterSeconds, retry);
        return true;
      });
    }
  });

  it('drives a ThreadStore, and a malformed backend answer becomes an error state', async () => {
    const good = fakeFetch(() => json({ items: [{ id: 1, author: null, text: 'exactly', created_at: '2026-11-27T10:00:00Z' }], next: null, count: 1 }));
    const store = new ThreadStore(new MyBackendAdapter('https://c.example', good.fetch), 't');
    await store.load();
    assert.equal(store.status, 'ready');
    assert.equal(store.count, 1);
    const bad = fakeFetch(() => json({ items: [{ id: 1, text: 42 }] }));
    const broken = new ThreadStore(new MyBackendAdapter('https://c.example', bad.fetch), 't');
    await broken.load();
    assert.equal(broken.status, 'error');
    assert.equal(broken.error?.kind, 'server');
  });
});
