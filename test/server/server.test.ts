/**
 * The reference server over real HTTP on loopback: validation, limits, CORS, rate limiting,
 * pre-moderation, persistence across restarts, and no acknowledged comment lost to kill -9.
 */
import { after, before, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect as netConnect } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../server/config.js';
import { call, startTestServer, TEST_STORE, type TestServer } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let n = 0;
const key = () => `key-${Date.now()}-${++n}`;
const comment = (body: string, extra: Record<string, unknown> = {}) => ({ body, authorName: 'Amira', authorEmail: 'amira@example.com', ...extra });
const post = (s: TestServer, thread: string, body: unknown, headers: Record<string, string> = {}) =>
  call(`${s.url}/api/threads/${encodeURIComponent(thread)}/comments`, { body, headers: { 'idempotency-key': key(), ...headers } });

describe('reference server: a comment within the character limit is never refused for its size in bytes', () => {
  it('takes 1,500 characters of 8 marks each past a 1 KB body cap', async () => {
    const s = await startTestServer({ maxLength: 1500, maxBodyBytes: 1024 });
    try {
      const body = `e${'\u{1D165}'.repeat(8)}`.repeat(1500); // 1,500 characters, 49.5 KB of UTF-8
      const r = await post(s, 'bytes', comment(body));
      assert.equal(r.status, 201, JSON.stringify(r.body).slice(0, 200));
      const like = await call(`${s.url}/api/threads/bytes/comments/${r.body.id}/like`, { method: 'PUT', body: { liked: true, pad: 'x'.repeat(2000) }, headers: { 'x-colloquy-visitor': 'visitor-123456' } });
      assert.equal(like.status, 413, 'other requests keep the configured cap');
    } finally {
      await s.close();
    }
  });
});

describe('reference server: input', () => {
  let s: TestServer;
  before(async () => (s = await startTestServer({ maxLength: 40 })));
  after(() => s.close());

  it('answers health checks', async () => {
    assert.deepEqual((await call(`${s.url}/api/health`)).body, { ok: true, store: TEST_STORE });
  });

  const refusals: [string, unknown, Record<string, string>, number, string, string | undefined][] = [
    ['a missing body', { authorName: 'A', authorEmail: 'a@example.com' }, {}, 400, 'invalid_body', 'body'],
    ['a blank body', comment(' \n\t\u200b '), {}, 400, 'invalid_body', 'body'],
    ['a body over the limit (graphemes)', comment('x'.repeat(41)), {}, 400, 'invalid_body', 'body'],
    ['a missing name', comment('hi', { authorName: '' }), {}, 400, 'invalid_name', 'name'],
    ['a name that is not text', comment('hi', { authorName: 42 }), {}, 400, 'invalid_name', 'name'],
    ['an invalid e-mail', comment('hi', { authorEmail: 'nope' }), {}, 400, 'invalid_email', 'email'],
    ['a JSON array', [1, 2], {}, 400, 'invalid_request', undefined],
    ['a reply to an unknown comment', comment('hi', { parentId: 'c_nope' }), {}, 404, 'not_found', undefined],
  ];
  for (const [what, body, headers, status, code, field] of refusals) {
    it(`refuses ${what} with ${status} ${code}`, async () => {
      const r = await post(s, 'input', body, headers);
      assert.equal(r.status, status);
      assert.equal(r.body.error.code, code);
      assert.equal(typeof r.body.error.message, 'string');
      assert.equal(r.body.error.field, field);
    });
  }

  it('counts the limit in user-perceived characters, like the widget', async () => {
    const r = await post(s, 'graphemes', comment('👨‍👩‍👧‍👦'.repeat(40)));
    assert.equal(r.status, 201);
  });

  it('refuses bodies that are not JSON, and an Idempotency-Key that is missing or malformed', async () => {
    const bad = await call(`${s.url}/api/threads/t/comments`, { raw: '{nope', headers: { 'content-type': 'application/json', 'idempotency-key': key() } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'invalid_json');
    const text = await call(`${s.url}/api/threads/t/comments`, { raw: 'body=hi', headers: { 'content-type': 'text/plain', 'idempotency-key': key() } });
    assert.equal(text.status, 415);
    const noKey = await call(`${s.url}/api/threads/t/comments`, { body: comment('hi') });
    assert.equal(noKey.status, 400);
    assert.equal(noKey.body.error.code, 'invalid_key');
    const shortKey = await post(s, 't', comment('hi'), { 'idempotency-key': 'short' });
    assert.equal(shortKey.body.error.code, 'invalid_key');
  });

  it('refuses a request body over the size cap with 413, and stays up', async () => {
    const r = await call(`${s.url}/api/threads/t/comments`, {
      raw: JSON.stringify(comment('x'.repeat(70 * 1024))),
      headers: { 'content-type': 'application/json', 'idempotency-key': key() },
    });
    assert.equal(r.status, 413);
    assert.equal(r.body.error.code, 'too_large');
    assert.equal((await call(`${s.url}/api/health`)).status, 200);
  });

  it('speaks in characters when a comment is too large, and stores names without bidi controls', async () => {
    const big = await call(`${s.url}/api/threads/t/comments`, {
      raw: JSON.stringify(comment('x'.repeat(70 * 1024))),
      headers: { 'content-type': 'application/json', 'idempotency-key': key() },
    });
    assert.equal(big.body.error.message, 'The comment is longer than 40 characters.');
    const spoofed = await post(s, 'bidi', comment('hello', { authorName: '\u202Enimda\u200f' }));
    assert.equal(spoofed.status, 201);
    assert.equal(spoofed.body.authorName, 'nimda');
    const invisibleName = await post(s, 'bidi', comment('hello', { authorName: '\u2800\u3164\u202e' }));
    assert.equal(invisibleName.body.error?.field, 'name', 'a name of invisible characters is no name (required here)');
  });

  it('refuses a body of invisible characters, and a character under more than 8 combining marks', async () => {
    for (const blank of ['\u2800\u2800', '\u3164', '\u00ad\u034f\u200b', '\u202e\u2066\u200e', '\u0000 \u0000']) {
      const r = await post(s, 'marks', comment(blank));
      assert.equal(r.status, 400, JSON.stringify(blank));
      assert.equal(r.body.error.field, 'body');
    }
    const zalgo = await post(s, 'marks', comment(`a${'\u0301'.repeat(20)}`));
    assert.equal(zalgo.status, 400);
    assert.equal(zalgo.body.error.field, 'body');
    assert.match(zalgo.body.error.message, /more than 8 accent marks/);
    const zalgoName = await post(s, 'marks', comment('fine', { authorName: `Z${'\u0336'.repeat(12)}` }));
    assert.equal(zalgoName.body.error.field, 'name');
    const vietnamese = await post(s, 'marks', comment('Tiếng Việt, ậ ổn'));
    assert.equal(vietnamese.status, 201, 'real accents are fine');
  });

  it('refuses a thread id over 200 characters, a bad cursor, sort or limit', async () => {
    assert.equal((await call(`${s.url}/api/threads/${'t'.repeat(201)}/comments`)).body.error.code, 'invalid_thread');
    assert.equal((await call(`${s.url}/api/threads/t/comments?cursor=xyz`)).body.error.code, 'invalid_cursor');
    assert.equal((await call(`${s.url}/api/threads/t/comments?sort=best`)).body.error.code, 'invalid_sort');
    assert.equal((await call(`${s.url}/api/threads/t/comments?limit=0`)).body.error.code, 'invalid_limit');
    assert.equal((await call(`${s.url}/api/threads/t/comments?limit=101`)).status, 400);
  });

  it('answers unknown routes with 404 and wrong methods with 405, all as JSON errors', async () => {
    const missing = await call(`${s.url}/api/nothing`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'not_found');
    const wrong = await call(`${s.url}/api/threads/t/comments`, { method: 'DELETE' });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'GET, POST');
  });

  it('stores hostile text as text and returns it unchanged', async () => {
    const payloads = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)', '"><svg/onload=alert(1)>', "'; DROP TABLE comments; --"];
    for (const p of payloads) {
      const r = await post(s, 'xss', comment(p, { authorName: p.slice(0, 30) }));
      assert.equal(r.status, 201);
      assert.equal(r.body.body, p);
      assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    }
    const list = await call(`${s.url}/api/threads/xss/comments?limit=100`);
    assert.deepEqual(list.body.comments.map((c: { body: string }) => c.body), payloads);
  });

  it('serves the demo and nothing outside it', async () => {
    assert.equal((await call(`${s.url}/`)).status, 200);
    assert.equal((await call(`${s.url}/%E0%A4%A`)).status, 400);
  });
});

describe('reference server: double posts and idempotency', () => {
  let s: TestServer;
  before(async () => (s = await startTestServer()));
  after(() => s.close());

  it('refuses the same body twice in a row from the same author with 409', async () => {
    assert.equal((await post(s, 'dup', comment('Will the car park stay open?'))).status, 201);
    const again = await post(s, 'dup', comment('Will the car park stay open?'));
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'duplicate');
    // Somebody else saying the same thing is not a double post.
    assert.equal((await post(s, 'dup', comment('Will the car park stay open?', { authorName: 'Tom', authorEmail: 'tom@example.com' }))).status, 201);
  });

  it('answers a repeated Idempotency-Key with the original comment (200), whatever the body', async () => {
    const k = key();
    const first = await post(s, 'idem', comment('one'), { 'idempotency-key': k });
    const second = await post(s, 'idem', comment('two'), { 'idempotency-key': k });
    assert.equal(first.status, 201);
    assert.equal(second.status, 200);
    assert.equal(second.body.id, first.body.id);
    assert.equal((await call(`${s.url}/api/threads/idem/comments`)).body.total, 1);
  });

  it('limits reply depth', async () => {
    const deep = await startTestServer({ maxDepth: 1 });
    try {
      const top = await post(deep, 't', comment('top'));
      const reply = await post(deep, 't', comment('reply', { parentId: top.body.id }));
      assert.equal(reply.status, 201);
      const tooDeep = await post(deep, 't', comment('deeper', { parentId: reply.body.id }));
      assert.equal(tooDeep.status, 400);
      assert.equal(tooDeep.body.error.code, 'too_deep');
    } finally {
      await deep.close();
    }
  });
});

describe('reference server: reactions', () => {
  let s: TestServer;
  before(async () => (s = await startTestServer()));
  after(() => s.close());

  it('keeps one reaction per visitor, changeable, and needs a visitor id', async () => {
    const url = `${s.url}/api/threads/r/reactions`;
    const put = (visitor: string, value: string) => call(url, { method: 'PUT', body: { value }, headers: { 'x-colloquy-visitor': visitor } });
    assert.deepEqual((await put('visitor-aaaa', 'like')).body, { likes: 1, dislikes: 0, mine: 'like' });
    assert.deepEqual((await put('visitor-bbbb', 'like')).body, { likes: 2, dislikes: 0, mine: 'like' });
    assert.deepEqual((await put('visitor-aaaa', 'dislike')).body, { likes: 1, dislikes: 1, mine: 'dislike' });
    assert.deepEqual((await call(url)).body, { likes: 1, dislikes: 1, mine: null });
    assert.equal((await call(url, { method: 'PUT', body: { value: 'like' } })).body.error.code, 'missing_visitor');
    assert.equal((await put('visitor-aaaa', 'love')).body.error.code, 'invalid_reaction');
    assert.equal((await put('<bad>', 'like')).body.error.code, 'invalid_visitor');
  });
});

describe('reference server: comment likes', () => {
  let s: TestServer;
  before(async () => (s = await startTestServer({ preModeration: true })));
  after(() => s.close());

  it('counts each visitor once, per comment, and only on comments that visitor can see', async () => {
    const posted = await call(`${s.url}/api/threads/l/comments`, {
      method: 'POST',
      body: { body: 'waiting', authorName: 'A', authorEmail: 'a@example.com' },
      headers: { 'idempotency-key': 'like-key-0001', 'x-colloquy-visitor': 'visitor-author' },
    });
    const url = `${s.url}/api/threads/l/comments/${posted.body.id}/like`;
    const put = (visitor: string | null, liked: unknown) =>
      call(url, { method: 'PUT', body: { liked }, headers: visitor ? { 'x-colloquy-visitor': visitor } : {} });
    assert.equal((await put('visitor-other', true)).status, 404, 'a pending comment is not there for others');
    assert.equal((await put('visitor-author', true)).body.likes, 1, 'its author sees it');
    assert.equal((await put(null, true)).body.error.code, 'missing_visitor');
    assert.equal((await put('visitor-author', 'yes')).body.error.code, 'invalid_like');
    assert.equal((await call(`${s.url}/api/threads/other/comments/${posted.body.id}/like`, { method: 'PUT', body: { liked: true }, headers: { 'x-colloquy-visitor': 'visitor-author' } })).status, 404, 'another thread');
    assert.equal((await call(url, { method: 'POST', body: { liked: true } })).status, 405);

    // A published reply under that pending comment is as hidden from others as listing makes it.
    const reply = await s.app.store.insert(
      { thread: 'l', parentId: posted.body.id, authorName: 'R', authorEmail: null, body: 'published reply', status: 'published', visitorId: 'visitor-author', createdAt: new Date().toISOString() },
      { key: 'like-reply-key-1', maxDepth: 10, duplicateWindowSeconds: 0 },
    );
    assert.ok(reply.ok);
    const replyUrl = `${s.url}/api/threads/l/comments/${reply.ok ? reply.comment.id : ''}/like`;
    const likeReply = (visitor: string) => call(replyUrl, { method: 'PUT', body: { liked: true }, headers: { 'x-colloquy-visitor': visitor } });
    assert.equal((await likeReply('visitor-other')).status, 404);
    assert.equal((await likeReply('visitor-author')).body.likes, 1);
  });
});

describe('reference server: CORS', () => {
  let s: TestServer;
  before(async () => (s = await startTestServer({ allowedOrigins: ['https://news.example'] })));
  after(() => s.close());

  it('allows only the configured origins', async () => {
    const ok = await call(`${s.url}/api/threads/t/comments`, { headers: { origin: 'https://news.example' } });
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://news.example');
    assert.equal(ok.headers.get('vary'), 'Origin');
    const other = await call(`${s.url}/api/threads/t/comments`, { headers: { origin: 'https://evil.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  it('logs each refused origin once, with the setting that would allow it', async () => {
    const warn = mock.method(console, 'warn', () => undefined);
    try {
      for (let i = 0; i < 3; i++) await call(`${s.url}/api/threads/t/comments`, { headers: { origin: 'https://blog.example' } });
      await call(`${s.url}/api/threads/t/comments`, { headers: { origin: 'https://news.example' } });
      const lines = warn.mock.calls.map((c) => String(c.arguments[0])).filter((l) => l.includes('refused a request from the origin'));
      assert.equal(lines.length, 1, lines.join('\n'));
      assert.match(lines[0]!, /"https:\/\/blog\.example"/);
      assert.match(lines[0]!, /COLLOQUY_ALLOWED_ORIGINS=https:\/\/news\.example,https:\/\/blog\.example/);
    } finally {
      warn.mock.restore();
    }
  });

  it('answers the preflight of an allowed origin, and refuses others with 403', async () => {
    const headers = { origin: 'https://news.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, idempotency-key' };
    const ok = await call(`${s.url}/api/threads/t/comments`, { method: 'OPTIONS', headers });
    assert.equal(ok.status, 204);
    assert.match(ok.headers.get('access-control-allow-headers')!, /Idempotency-Key/);
    assert.match(ok.headers.get('access-control-allow-methods')!, /POST/);
    const bad = await call(`${s.url}/api/threads/t/comments`, { method: 'OPTIONS', headers: { ...headers, origin: 'https://evil.example' } });
    assert.equal(bad.status, 403);
    assert.equal(bad.headers.get('access-control-allow-origin'), null);
  });
});

describe('reference server: rate limit', () => {
  it('answers 429 with Retry-After past the per-address limit; a retry of a stored post still works', async () => {
    const s = await startTestServer({ rateLimitPerMinute: 2 });
    try {
      const k = key();
      assert.equal((await post(s, 'rl', comment('one'), { 'idempotency-key': k })).status, 201);
      assert.equal((await post(s, 'rl', comment('two'))).status, 201);
      const third = await post(s, 'rl', comment('three'));
      assert.equal(third.status, 429);
      assert.equal(third.body.error.code, 'rate_limited');
      const retry = Number(third.headers.get('retry-after'));
      assert.ok(retry > 0 && retry <= 60, `Retry-After ${retry}`);
      assert.equal((await post(s, 'rl', comment('one'), { 'idempotency-key': k })).status, 200, 'an idempotent retry is not a new post');
    } finally {
      await s.close();
    }
  });
});

describe('reference server: pre-moderation', () => {
  it('stores new comments as pending and shows them to their author only', async () => {
    const s = await startTestServer({ preModeration: true });
    try {
      const mine = { 'x-colloquy-visitor': 'visitor-author' };
      const r = await post(s, 'pm', comment('please approve'), mine);
      assert.equal(r.status, 201);
      assert.equal(r.body.status, 'pending');
      const asAuthor = await call(`${s.url}/api/threads/pm/comments`, { headers: mine });
      assert.deepEqual(asAuthor.body.comments.map((c: { status: string }) => c.status), ['pending']);
      assert.equal(asAuthor.body.total, 1);
      const asOther = await call(`${s.url}/api/threads/pm/comments`, { headers: { 'x-colloquy-visitor': 'visitor-other' } });
      assert.deepEqual(asOther.body.comments, []);
      assert.equal(asOther.body.total, 0);
      const anonymous = await call(`${s.url}/api/threads/pm/comments`);
      assert.deepEqual(anonymous.body.comments, []);
    } finally {
      await s.close();
    }
  });
});

describe('reference server: configuration', () => {
  it('reads PORT, HOST, COLLOQUY_DB and a JSON config file, and names a bad setting', () => {
    const dir = mkdtempSync(join(tmpdir(), 'colloquy-config-'));
    try {
      const file = join(dir, 'config.json');
      writeFileSync(file, JSON.stringify({ allowedOrigins: ['https://news.example'], maxLength: 800, preModeration: true, rateLimitPerMinute: 3 }));
      const c = loadConfig({ PORT: '8080', HOST: '0.0.0.0', COLLOQUY_DB: '/tmp/x.db', COLLOQUY_CONFIG: file });
      assert.deepEqual([c.port, c.host, c.db, c.maxLength, c.preModeration, c.rateLimitPerMinute], [8080, '0.0.0.0', '/tmp/x.db', 800, true, 3]);
      assert.deepEqual(c.allowedOrigins, ['https://news.example']);
      writeFileSync(file, JSON.stringify({ maxLength: -1 }));
      assert.throws(() => loadConfig({ COLLOQUY_CONFIG: file }), /maxLength/);
      writeFileSync(file, JSON.stringify({ maxLenght: 10 }));
      assert.throws(() => loadConfig({ COLLOQUY_CONFIG: file }), /maxLenght/);
      assert.throws(() => loadConfig({ PORT: 'eighty' }), /port/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('reference server: durability', () => {
  it('keeps everything across a restart on the same file', async () => {
    const s = await startTestServer();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await post(s, 'restart', comment(`comment ${i}`))).body.id);
    await call(`${s.url}/api/threads/restart/reactions`, { method: 'PUT', body: { value: 'like' }, headers: { 'x-colloquy-visitor': 'visitor-keep' } });
    await s.close(true);
    const again = await startTestServer({ db: s.db }, s.dir);
    try {
      const list = await call(`${again.url}/api/threads/restart/comments`);
      assert.deepEqual(list.body.comments.map((c: { id: string }) => c.id), ids);
      assert.equal((await call(`${again.url}/api/threads/restart/reactions`)).body.likes, 1);
    } finally {
      await again.close();
    }
  });

  /** Resolves with the exit code once `child` has exited (at once if it already has). */
  function exited(child: ChildProcess): Promise<number | null> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
    return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Starts `npm start`'s server as a child process and resolves with its URL. */
  function spawnServer(db: string): Promise<{ child: ChildProcess; url: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: ROOT,
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', COLLOQUY_DB: db, COLLOQUY_SEED_DEMO: '0', COLLOQUY_RATE_LIMIT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/[^\s/]+)\//.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve({ child, url: m[1] });
        }
      });
      child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
    });
  }

  it('loses no acknowledged comment when the process is killed with SIGKILL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'colloquy-kill-'));
    const db = join(dir, 'colloquy.db');
    try {
      const first = await spawnServer(db);
      const acknowledged: string[] = [];
      // Post as fast as possible and kill while posts are still in flight.
      let stop = false;
      const writer = (async () => {
        for (let i = 0; !stop && i < 2000; i++) {
          try {
            const r = await call(`${first.url}/api/threads/kill/comments`, {
              body: comment(`comment ${i}`),
              headers: { 'idempotency-key': `kill-key-${i}-xxxx` },
            });
            if (r.status === 201) acknowledged.push(r.body.id);
          } catch {
            break; // the server is gone
          }
        }
      })();
      while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 5));
      const gone = exited(first.child);
      first.child.kill('SIGKILL');
      stop = true;
      await writer;
      await gone;
      const second = await spawnServer(db);
      try {
        const stored = new Set<string>();
        let cursor = '';
        for (;;) {
          const page = await call(`${second.url}/api/threads/kill/comments?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
          for (const c of page.body.comments) stored.add(c.id);
          if (!page.body.nextCursor) break;
          cursor = page.body.nextCursor;
        }
        const lost = acknowledged.filter((id) => !stored.has(id));
        assert.deepEqual(lost, [], `${acknowledged.length} acknowledged, ${lost.length} lost`);
      } finally {
        const gone = exited(second.child);
        second.child.kill('SIGTERM');
        await gone;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shuts down gracefully on SIGTERM (exit code 0)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'colloquy-term-'));
    try {
      const { child, url } = await spawnServer(join(dir, 'c.db'));
      assert.equal((await call(`${url}/api/health`)).status, 200);
      const gone = exited(child);
      child.kill('SIGTERM');
      assert.equal(await gone, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('reference server: hostile requests', () => {
  it('answers 300 random malformed requests with JSON errors below 500, and keeps its data', async () => {
    const s = await startTestServer({ rateLimitPerMinute: 0 });
    try {
      const kept = await post(s, 'fuzz', comment('survivor'));
      assert.equal(kept.status, 201);
      let seed = 42;
      const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
      const junk = ['', '{', 'null', '[]', '"str"', '{"body":{}}', '{"body":["x"]}', '{"body":"x","parentId":{"$ne":1}}', '{"body":"x","authorName":"a","authorEmail":"a@b.co","parentId":"../../etc"}', '\u0000\u0001', '{"body":"' + 'é'.repeat(5000) + '"}', '{"__proto__":{"admin":true},"body":"x"}', '{"value":"like"}', '{"value":null}'];
      const paths = ['/api/threads/fuzz/comments', '/api/threads/fuzz/reactions', '/api/threads/%00/comments', '/api/threads//comments', '/api/threads/fuzz/comments?limit=-1&cursor=%FF', '/api/threads/fuzz/comments?cursor=eyJzIjotMSwibyI6Im9sZGVzdCJ9', '/api/threads/' + 'x'.repeat(5000) + '/comments', '/api/../package.json', '/api/threads/fuzz/comments/extra'];
      const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
      for (let i = 0; i < 300; i++) {
        const method = pick(methods);
        const headers: Record<string, string> = { 'content-type': pick(['application/json', 'text/plain', 'application/json; charset=latin1', '']) };
        if (rand() < 0.7) headers['idempotency-key'] = pick(['short', `fuzz-key-${i}-xxxx`, 'x'.repeat(200), '../../../']);
        if (rand() < 0.5) headers['x-colloquy-visitor'] = pick(['visitor-fuzzing', '<script>', 'v'.repeat(300)]);
        if (!headers['content-type']) delete headers['content-type'];
        const init: RequestInit = { method, headers };
        if (method !== 'GET') init.body = pick(junk);
        const res = await fetch(s.url + pick(paths), init);
        const text = await res.text();
        assert.ok(res.status < 500, `${method} → ${res.status} ${text.slice(0, 200)}`);
        if (res.status >= 400) assert.doesNotThrow(() => JSON.parse(text).error.code, text.slice(0, 200));
      }
      const list = await call(`${s.url}/api/threads/fuzz/comments?limit=100`);
      assert.equal(list.body.comments[0].body, 'survivor');
      if (s.app.store.kind === 'sqlite') assert.deepEqual(await s.app.store.execute('PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
    } finally {
      await s.close();
    }
  });
});

/** A raw HTTP/1.1 request (no URL normalization by a client library). */
function raw(url: string, path: string): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = netConnect(Number(port), hostname, () => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    let data = '';
    socket.on('data', (d) => (data += d.toString()));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

describe('reference server: regressions found in review', () => {
  it('pages a thread whose comment has 1,000 replies: every comment is reachable, pages stay bounded', async () => {
    const s = await startTestServer();
    try {
      const top = await post(s, 'big', comment('top 1'));
      const store = s.app.store;
      for (let i = 0; i < 1000; i++) {
        await store.insert(
          { thread: 'big', parentId: top.body.id, authorName: 'R', authorEmail: null, body: `reply ${i}`, status: 'published', visitorId: null, createdAt: new Date().toISOString() },
          { key: `big-${i}-xxxxxxx`, maxDepth: 10, duplicateWindowSeconds: 0 },
        );
      }
      await post(s, 'big', comment('top 2', { authorName: 'B' }));
      await post(s, 'big', comment('top 3', { authorName: 'C' }));
      // The thread's pages, then the replies cursor of each comment that has one.
      const seen: string[] = [];
      const more: string[] = [];
      let cursor = '';
      let pages = 0;
      for (;;) {
        const page = await call(`${s.url}/api/threads/big/comments?limit=20${cursor ? `&cursor=${cursor}` : ''}`);
        assert.ok(page.body.comments.length <= 200, `page of ${page.body.comments.length}`);
        for (const c of page.body.comments as { body: string; repliesCursor?: string }[]) {
          seen.push(c.body);
          if (c.repliesCursor) more.push(c.repliesCursor);
        }
        pages++;
        if (!page.body.nextCursor) break;
        cursor = page.body.nextCursor;
      }
      assert.deepEqual(seen.slice(0, 8), ['top 1', 'reply 0', 'reply 1', 'reply 2', 'reply 3', 'reply 4', 'top 2', 'top 3']);
      assert.equal(more.length, 1);
      for (let next: string | null = more[0]!; next; pages++) {
        const page = await call(`${s.url}/api/threads/big/comments?cursor=${next}`);
        assert.ok(page.body.comments.length <= 200, `page of ${page.body.comments.length}`);
        seen.push(...page.body.comments.map((c: { body: string }) => c.body));
        next = page.body.nextCursor;
      }
      assert.equal(seen.length, 1003);
      assert.equal(new Set(seen).size, 1003);
      assert.equal(seen.at(-1), 'reply 999');
      assert.ok(pages >= 6);
    } finally {
      await s.close();
    }
  });

  it('behind a proxy, limits by the address the proxy saw (the rightmost X-Forwarded-For entry)', async () => {
    const s = await startTestServer({ rateLimitPerMinute: 2, trustProxy: true });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await post(s, 'xff', comment(`c${i}`), { 'x-forwarded-for': `10.0.0.${i}, 203.0.113.7` })).status);
      assert.deepEqual(statuses, [201, 201, 429, 429]);
    } finally {
      await s.close();
    }
  });

  it('does not count refused posts against the rate limit', async () => {
    const s = await startTestServer({ rateLimitPerMinute: 2 });
    try {
      for (let i = 0; i < 5; i++) assert.equal((await post(s, 'refund', comment('   '))).status, 400);
      assert.equal((await post(s, 'refund', comment('finally valid'))).status, 201);
    } finally {
      await s.close();
    }
  });

  it('limits reactions per address, whatever visitor ids a client invents', async () => {
    const s = await startTestServer({ rateLimitPerMinute: 5 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) {
        statuses.push((await call(`${s.url}/api/threads/r/reactions`, { method: 'PUT', body: { value: 'like' }, headers: { 'x-colloquy-visitor': `visitor-made-up-${i}` } })).status);
      }
      assert.equal(statuses.filter((x) => x === 200).length, 30);
      assert.equal(statuses.at(-1), 429);
    } finally {
      await s.close();
    }
  });

  it("answers a retry of a deleted comment's key with 409 removed, not a 500", async () => {
    const s = await startTestServer();
    try {
      const k = key();
      const first = await post(s, 'del', comment('to be removed'), { 'idempotency-key': k });
      await s.app.store.execute('DELETE FROM comments WHERE id = ?', [first.body.id]);
      const again = await post(s, 'del', comment('to be removed'), { 'idempotency-key': k });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'removed');
    } finally {
      await s.close();
    }
  });

  it('stores lone surrogates as U+FFFD, so a double post of them is still caught', async () => {
    const s = await startTestServer();
    try {
      const r = await post(s, 'sur', comment('a\ud800b'));
      assert.equal(r.status, 201);
      assert.equal(r.body.body, 'a\ufffdb');
      assert.equal((await post(s, 'sur', comment('a\ud800b'))).status, 409);
    } finally {
      await s.close();
    }
  });

  it('keeps pending comments to their author: key replays, replies and totals', async () => {
    const s = await startTestServer({ preModeration: true });
    try {
      const k = key();
      const mine = await post(s, 'pm2', comment('pending'), { 'idempotency-key': k, 'x-colloquy-visitor': 'visitor-author' });
      const stolen = await post(s, 'pm2', comment('pending'), { 'idempotency-key': k, 'x-colloquy-visitor': 'visitor-thief' });
      assert.equal(stolen.status, 409);
      assert.ok(!JSON.stringify(stolen.body).includes(mine.body.id));
      const reply = await post(s, 'pm2', comment('reply', { parentId: mine.body.id, authorName: 'Other' }), { 'x-colloquy-visitor': 'visitor-other' });
      assert.equal(reply.status, 404);
      const own = await post(s, 'pm2', comment('own reply', { parentId: mine.body.id }), { 'x-colloquy-visitor': 'visitor-author' });
      assert.equal(own.status, 201);
      const other = await call(`${s.url}/api/threads/pm2/comments`, { headers: { 'x-colloquy-visitor': 'visitor-other' } });
      assert.equal(other.body.total, 0);
    } finally {
      await s.close();
    }
  });

  it('answers malformed request lines and traversal attempts without 500s', async () => {
    const s = await startTestServer();
    try {
      assert.equal(await raw(s.url, '//['), 400);
      assert.equal(await raw(s.url, '/%2e%2e/package.json'), 404);
      assert.equal(await raw(s.url, '/colloquy.js%2F..%2F..%2Fpackage.json'), 404);
      assert.equal(await raw(s.url, '/locales/..%2F..%2Fpackage.json'), 404);
      assert.equal(await raw(s.url, '/../../../../etc/passwd'), 404);
    } finally {
      await s.close();
    }
  });
});

describe('reference server: the widget files are public', () => {
  it('serves colloquy.js and its stages and chunks to pages on other sites (CORS *)', async () => {
    const s = await startTestServer();
    try {
      for (const path of ['/colloquy.js', '/colloquy-reader.js']) {
        const r = await fetch(`${s.url}${path}`, { headers: { origin: 'https://news.example' } });
        if (r.status === 404) continue; // dist/ not built in this run
        assert.equal(r.headers.get('access-control-allow-origin'), '*', path);
      }
      const api = await call(`${s.url}/api/threads/t/comments`, { headers: { origin: 'https://news.example' } });
      assert.equal(api.headers.get('access-control-allow-origin'), null, 'the API still allows only configured origins');
    } finally {
      await s.close();
    }
  });
});
