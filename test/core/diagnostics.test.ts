/**
 * What a site developer sees in the console, once per distinct problem: an adapter that throws a
 * plain Error, a malformed answer (with where it is), a service out of reach from another origin.
 */
import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { AdapterError, guardAdapter, type CommentsAdapter } from '../../src/core/adapter.js';
import { RestAdapter } from '../../src/adapters/rest.js';
import { MapStorage } from '../../src/core/storage.js';

const warnings = () => {
  const spy = mock.method(console, 'warn', () => undefined);
  return { lines: () => spy.mock.calls.map((c) => String(c.arguments[0])), restore: () => spy.mock.restore() };
};

describe('diagnostics for site developers', () => {
  it('an adapter throwing a plain Error: its message, and how to show one to readers (once)', async () => {
    const w = warnings();
    try {
      const a = guardAdapter({
        listComments: async () => {
          throw new Error('db down');
        },
        postComment: async () => {
          throw new AdapterError('rejected', 'No links, please.');
        },
      } as CommentsAdapter);
      for (let i = 0; i < 3; i++) await assert.rejects(a.listComments('t', {}), (e: AdapterError) => e.kind === 'server');
      await assert.rejects(a.postComment('t', { body: 'x', authorName: 'A', parentId: null }, { idempotencyKey: 'k' }), (e: AdapterError) => e.message === 'No links, please.');
      const said = w.lines();
      assert.equal(said.length, 1, said.join('\n'));
      assert.match(said[0]!, /listComments threw a plain Error \("db down"\)/);
      assert.match(said[0]!, /throw new AdapterError\('rejected', message\)/);
    } finally {
      w.restore();
    }
  });

  it('a malformed answer names the method and the field, with its place in the page', async () => {
    const w = warnings();
    try {
      const good = { id: 'a', parentId: null, authorName: 'A', body: 'x', createdAt: '2026-01-01T00:00:00Z' };
      const a = guardAdapter({
        listComments: async () => ({ comments: [good, { ...good, id: 'b', createdAt: 42 }], nextCursor: null }),
        postComment: async () => good,
      } as unknown as CommentsAdapter);
      const err = await a.listComments('t', {}).catch((e: AdapterError) => e);
      assert.equal((err as AdapterError).reason, 'malformed-response');
      assert.match(w.lines()[0]!, /listComments answered something the contract does not allow: comments\[1\]\.createdAt is not a string/);
    } finally {
      w.restore();
    }
  });

  it('a service on another origin that gives no answer: probably CORS, and the setting to change (once)', async () => {
    const w = warnings();
    const g = globalThis as { location?: unknown };
    const before = g.location;
    g.location = { origin: 'https://news.example' };
    try {
      const a = new RestAdapter({ baseUrl: 'http://127.0.0.1:9', storage: new MapStorage(), retries: 0, timeoutMs: 2000 });
      await assert.rejects(a.listComments('t'), (e: AdapterError) => e.kind === 'network');
      await assert.rejects(a.listComments('t'));
      const said = w.lines().filter((l) => l.includes('Could not reach'));
      assert.equal(said.length, 1);
      assert.match(said[0]!, /https:\/\/news\.example in allowedOrigins \(COLLOQUY_ALLOWED_ORIGINS\)/);
    } finally {
      g.location = before;
      w.restore();
    }
  });
});
