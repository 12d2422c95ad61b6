/**
 * The reference server's community features over real HTTP on loopback: author tokens (edit and
 * delete), reports and hiding, placeholders, counts, moderation, live updates (SSE), the
 * configuration of all that, and the migration of a database written before them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { loadConfig } from '../../server/config.js';
import { SQLITE_MIGRATIONS } from '../../server/store/schema.js';
import { REPORT_PROBLEM_MESSAGES, type ReportProblem } from '../../src/core/report.js';
import { EventHub } from '../../server/events.js';
import { addressKey, resetForwardedWarning } from '../../server/address.js';
import { RestAdapter } from '../../src/adapters/rest.js';
import { call, sleep, startTestServer, stream, TEST_STORE, until, type Stream, type TestServer } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MOD = 'moderator-token-0123456789';
const asMod = { authorization: `Bearer ${MOD}` };
let n = 0;
const key = (): string => `key-${Date.now()}-${++n}-xxxx`;
const visitor = (name: string): Record<string, string> => ({ 'x-colloquy-visitor': `visitor-${name}` });
const enc = encodeURIComponent;

/** Posts a comment as `who` (a visitor name, also the author name) and returns the answer. */
async function post(s: TestServer, thread: string, who: string, body: string, parentId?: string, headers: Record<string, string> = {}) {
  const r = await call(`${s.url}/api/threads/${enc(thread)}/comments`, {
    body: { body, authorName: who, authorEmail: `${who}@example.com`, ...(parentId ? { parentId } : {}) },
    headers: { 'idempotency-key': key(), ...visitor(who), ...headers },
  });
  return r;
}
/** Posts and returns the new comment (asserting 201). */
async function posted(s: TestServer, thread: string, who: string, body: string, parentId?: string): Promise<any> {
  const r = await post(s, thread, who, body, parentId);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}
const list = (s: TestServer, thread: string, who?: string, query = '') =>
  call(`${s.url}/api/threads/${enc(thread)}/comments${query}`, { headers: who ? visitor(who) : {} });
const bodies = async (s: TestServer, thread: string, who?: string): Promise<string[]> =>
  (await list(s, thread, who)).body.comments.map((c: { body: string }) => c.body);
const edit = (s: TestServer, thread: string, id: string, body: unknown, token?: string) =>
  call(`${s.url}/api/threads/${enc(thread)}/comments/${enc(id)}`, {
    method: 'PATCH',
    body: { body },
    headers: token === undefined ? {} : { 'x-colloquy-author-token': token },
  });
const remove = (s: TestServer, thread: string, id: string, token?: string) =>
  call(`${s.url}/api/threads/${enc(thread)}/comments/${enc(id)}`, { method: 'DELETE', headers: token === undefined ? {} : { 'x-colloquy-author-token': token } });
const addresses = new Map<string, string>();
/** A client address of its own for each visitor name (sent as X-Forwarded-For: only a server with trustProxy believes it). */
const addressOf = (who: string): string =>
  addresses.get(who) ?? addresses.set(who, `10.1.${Math.floor(addresses.size / 250)}.${(addresses.size % 250) + 1}`).get(who)!;
/**
 * Reports as `who` from `address` (by default the visitor's own, see `addressOf`). Servers that
 * count distinct reporters need `trustProxy` (and no report limit): `reportServer`.
 */
const report = (s: TestServer, thread: string, id: string, who: string | null, body: unknown = { reason: 'spam' }, address = addressOf(who ?? '')) =>
  call(`${s.url}/api/threads/${enc(thread)}/comments/${enc(id)}/reports`, {
    body,
    headers: { ...(who ? visitor(who) : {}), 'x-forwarded-for': address },
  });
/** A test server where every visitor reports from an address of their own (see `report`), without a report limit. */
const reportServer = (overrides: Parameters<typeof startTestServer>[0] = {}, dir?: string) =>
  startTestServer({ trustProxy: true, reportLimitPerMinute: 0, ...overrides }, dir);
const like = (s: TestServer, thread: string, id: string, who: string) =>
  call(`${s.url}/api/threads/${enc(thread)}/comments/${enc(id)}/like`, { method: 'PUT', body: { liked: true }, headers: visitor(who) });
const moderate = (s: TestServer, thread: string, id: string, action: string, headers: Record<string, string> = asMod) =>
  call(`${s.url}/api/moderation/threads/${enc(thread)}/comments/${enc(id)}`, { body: { action }, headers });
const queuePage = (s: TestServer, cursor?: string, headers: Record<string, string> = asMod) =>
  call(`${s.url}/api/moderation/queue${cursor ? `?cursor=${cursor}` : ''}`, { headers });
/** Every queue item (all pages), optionally of one thread only. */
async function queue(s: TestServer, thread?: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await queuePage(s, cursor);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    items.push(...page.body.items);
    if (!page.body.nextCursor) break;
    cursor = page.body.nextCursor;
  }
  return thread ? items.filter((i) => i.thread === thread) : items;
}
const counts = (s: TestServer, threads: string[]) => call(`${s.url}/api/counts?${threads.map((t) => `thread=${enc(t)}`).join('&')}`);
/** The stored row of a comment (what the database keeps, not what the API shows). */
const row = async (s: TestServer, id: string): Promise<any> => (await s.app.store.execute('SELECT * FROM comments WHERE id = ?', [id]))[0];
/** A comment inserted straight into the store (no broadcast): for states the API cannot make directly. */
async function insert(s: TestServer, thread: string, body: string, extra: { parentId?: string; status?: 'published' | 'pending'; visitor?: string } = {}): Promise<string> {
  const r = await s.app.store.insert(
    {
      thread,
      parentId: extra.parentId ?? null,
      authorName: 'Stored',
      authorEmail: 'stored@example.com',
      body,
      status: extra.status ?? 'published',
      visitorId: extra.visitor ? `visitor-${extra.visitor}` : null,
      createdAt: new Date().toISOString(),
    },
    { key: key(), maxDepth: 10, duplicateWindowSeconds: 0 },
  );
  assert.ok(r.ok);
  return r.comment.id;
}

describe('author tokens: edit and delete your own comment', () => {
  let s: TestServer;
  const secret = 'a-configured-secret-0123';
  before(async () => (s = await startTestServer({ secret })));
  after(() => s.close());

  it('answers a post with HMAC-SHA256(secret, id) and the edit deadline; a replay gives the same; listings never', async () => {
    const k = key();
    const first = await post(s, 'tok', 'amira', 'hello', undefined, { 'idempotency-key': k });
    assert.equal(first.status, 201);
    const c = first.body;
    assert.equal(c.authorToken, createHmac('sha256', secret).update(c.id).digest('base64url'));
    assert.equal(Date.parse(c.editableUntil) - Date.parse(c.createdAt), 15 * 60_000);
    const replay = await post(s, 'tok', 'amira', 'hello', undefined, { 'idempotency-key': k });
    assert.equal(replay.status, 200);
    assert.equal(replay.body.authorToken, c.authorToken);
    assert.equal(replay.body.editableUntil, c.editableUntil);
    const other = await posted(s, 'tok', 'bilal', 'another');
    assert.notEqual(other.authorToken, c.authorToken);
    const listed = JSON.stringify((await list(s, 'tok', 'amira')).body);
    assert.ok(!listed.includes(c.authorToken) && !listed.includes('authorToken') && !listed.includes('editableUntil'));
  });

  it('edits with the token: trimmed body and editedAt in the answer and the list', async () => {
    const c = await posted(s, 'edit', 'amira', 'first version');
    const r = await edit(s, 'edit', c.id, '  second\r\nversion  ', c.authorToken);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.id, c.id);
    assert.equal(r.body.body, 'second\nversion');
    assert.ok(Date.parse(r.body.editedAt) >= Date.parse(c.createdAt));
    assert.equal(r.body.authorToken, undefined);
    const listed = (await list(s, 'edit')).body.comments[0];
    assert.equal(listed.body, 'second\nversion');
    assert.equal(listed.editedAt, r.body.editedAt);
  });

  it('refuses a missing token, a wrong one and another comment\'s (403), and changes nothing', async () => {
    const c = await posted(s, 'forbid', 'amira', 'mine');
    const theirs = await posted(s, 'forbid', 'bilal', 'theirs');
    for (const token of [undefined, '', 'not-the-token', theirs.authorToken, c.authorToken.slice(0, -1)]) {
      for (const r of [await edit(s, 'forbid', c.id, 'forged', token), await remove(s, 'forbid', c.id, token)]) {
        assert.equal(r.status, 403, `token ${token}`);
        assert.equal(r.body.error.code, 'forbidden');
      }
    }
    assert.deepEqual(await bodies(s, 'forbid'), ['mine', 'theirs']);
    assert.equal((await row(s, c.id)).edited_at, null);
  });

  it('answers 404 for an unknown comment or another thread, and 400 invalid_body like a post', async () => {
    const c = await posted(s, 'e404', 'amira', 'here');
    assert.equal((await edit(s, 'e404', 'c_nope', 'x', c.authorToken)).status, 404);
    assert.equal((await edit(s, 'elsewhere', c.id, 'x', c.authorToken)).status, 404);
    assert.equal((await remove(s, 'elsewhere', c.id, c.authorToken)).status, 404);
    for (const body of [' \n\u200b ', 'x'.repeat(1501), 42, undefined]) {
      const r = await edit(s, 'e404', c.id, body, c.authorToken);
      assert.equal(r.status, 400);
      assert.equal(r.body.error.code, 'invalid_body');
      assert.equal(r.body.error.field, 'body');
    }
    // Counted in user-perceived characters, like a post.
    assert.equal((await edit(s, 'e404', c.id, '👨‍👩‍👧‍👦'.repeat(1500), c.authorToken)).status, 200);
  });

  it('deletes with the token: gone for everyone, text and author erased, key and token dead', async () => {
    const k = key();
    const c = (await post(s, 'del', 'amira', 'regret', undefined, { 'idempotency-key': k })).body;
    const kept = await posted(s, 'del', 'bilal', 'stays');
    const r = await remove(s, 'del', c.id, c.authorToken);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { ok: true });
    for (const who of ['amira', 'bilal', undefined]) {
      const page = (await list(s, 'del', who)).body;
      assert.deepEqual(page.comments.map((x: { id: string }) => x.id), [kept.id]);
      assert.equal(page.total, 1);
    }
    const stored = await row(s, c.id);
    assert.deepEqual([stored.removed, stored.body, stored.author_name, stored.author_email, stored.visitor_id], ['deleted', '', null, null, null]);
    assert.equal((await remove(s, 'del', c.id, c.authorToken)).status, 404);
    assert.equal((await edit(s, 'del', c.id, 'back', c.authorToken)).status, 404);
    const again = await post(s, 'del', 'amira', 'regret', undefined, { 'idempotency-key': k });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'removed');
    // Posting the same words again is a new comment, not a double post.
    assert.equal((await post(s, 'del', 'amira', 'regret')).status, 201);
  });

  it('refuses to change a comment that has a reply, of any state (409 has_replies), but checks the token first', async () => {
    const c = await posted(s, 'replied', 'amira', 'answered');
    await insert(s, 'replied', 'a pending reply', { parentId: c.id, status: 'pending', visitor: 'bilal' });
    for (const r of [await edit(s, 'replied', c.id, 'changed', c.authorToken), await remove(s, 'replied', c.id, c.authorToken)]) {
      assert.equal(r.status, 409);
      assert.equal(r.body.error.code, 'has_replies');
    }
    assert.equal((await edit(s, 'replied', c.id, 'changed', 'wrong-token')).status, 403);
    assert.deepEqual(await bodies(s, 'replied'), ['answered']);
  });

  it('refuses a change once the window has passed since posting (409 edit_window_closed)', async () => {
    const c = await posted(s, 'late', 'amira', 'old news');
    const d = await posted(s, 'late', 'amira', 'still fresh');
    await s.app.store.execute('UPDATE comments SET created_at = ? WHERE id = ?', [new Date(Date.now() - 15 * 60_000 - 1000).toISOString(), c.id]);
    for (const r of [await edit(s, 'late', c.id, 'changed', c.authorToken), await remove(s, 'late', c.id, c.authorToken)]) {
      assert.equal(r.status, 409);
      assert.equal(r.body.error.code, 'edit_window_closed');
    }
    assert.equal((await remove(s, 'late', c.id, 'wrong-token')).status, 403);
    assert.equal((await edit(s, 'late', d.id, 'changed', d.authorToken)).status, 200);
    assert.deepEqual(await bodies(s, 'late'), ['old news', 'changed']);
  });

  it('with editWindowMinutes 0, never allows a change', async () => {
    const z = await startTestServer({ editWindowMinutes: 0 });
    try {
      const c = await posted(z, 'zero', 'amira', 'final');
      assert.equal(c.editableUntil, c.createdAt);
      const r = await edit(z, 'zero', c.id, 'changed', c.authorToken);
      assert.equal(r.status, 409);
      assert.equal(r.body.error.code, 'edit_window_closed');
      assert.equal((await remove(z, 'zero', c.id, c.authorToken)).body.error.code, 'edit_window_closed');
    } finally {
      await z.close();
    }
  });

  it('generates a secret once and keeps it in the database (tokens survive a restart)', async () => {
    const a = await startTestServer();
    const k = key();
    const c = (await post(a, 'keep', 'amira', 'kept', undefined, { 'idempotency-key': k })).body;
    const [stored] = (await a.app.store.execute(`SELECT value FROM meta WHERE key = 'secret'`)) as { value: string }[];
    assert.ok(stored.value.length >= 32);
    assert.equal(c.authorToken, createHmac('sha256', stored.value).update(c.id).digest('base64url'));
    await a.close(true);
    const b = await startTestServer({ db: a.db }, a.dir);
    try {
      assert.equal((await post(b, 'keep', 'amira', 'kept', undefined, { 'idempotency-key': k })).body.authorToken, c.authorToken);
      assert.equal((await edit(b, 'keep', c.id, 'edited after a restart', c.authorToken)).status, 200);
    } finally {
      await b.close();
    }
  });
});

describe('reports', () => {
  let s: TestServer;
  before(async () => (s = await reportServer({ moderatorToken: MOD })));
  after(() => s.close());

  it('validates the report and needs a visitor', async () => {
    const c = await posted(s, 'rep', 'amira', 'reported');
    const refusals: [string | null, unknown, number, string][] = [
      [null, { reason: 'spam' }, 400, 'missing_visitor'],
      ['bilal', { reason: 'boring' }, 400, 'invalid_report'],
      ['bilal', {}, 400, 'invalid_report'],
      ['bilal', { reason: 'other' }, 400, 'invalid_report'],
      ['bilal', { reason: 'other', details: ' \n ' }, 400, 'invalid_report'],
      ['bilal', { reason: 'abuse', details: 'x'.repeat(501) }, 400, 'invalid_report'],
      ['bilal', { reason: 'abuse', details: 12 }, 400, 'invalid_report'],
      ['bilal', [], 400, 'invalid_report'],
    ];
    for (const [who, body, status, code] of refusals) {
      const r = await report(s, 'rep', c.id, who, body);
      assert.equal(r.status, status, JSON.stringify(body));
      assert.equal(r.body.error.code, code, JSON.stringify(body));
    }
    assert.equal((await report(s, 'rep', 'c_nope', 'bilal')).status, 404);
    assert.equal((await report(s, 'elsewhere', c.id, 'bilal')).status, 404);
    assert.equal((await queue(s, 'rep')).length, 0, 'nothing was recorded');
    const ok = await report(s, 'rep', c.id, 'bilal', { reason: 'other', details: `  ${'é'.repeat(500)}  ` });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { ok: true });
    const [item] = await queue(s, 'rep');
    assert.deepEqual(item.reports.map((r: { reason: string; details?: string }) => [r.reason, r.details]), [['other', 'é'.repeat(500)]]);
  });

  it('hides a published comment after 3 distinct reporters (the default); one visitor reporting again counts once', async () => {
    const bad = await posted(s, 'hide', 'amira', 'buy cheap watches');
    const good = await posted(s, 'hide', 'amira', 'a fair point');
    for (let i = 0; i < 3; i++) assert.equal((await report(s, 'hide', bad.id, 'bilal', { reason: i ? 'abuse' : 'spam' })).status, 200);
    assert.equal((await report(s, 'hide', bad.id, 'chen')).status, 200);
    assert.deepEqual(await bodies(s, 'hide'), ['buy cheap watches', 'a fair point'], 'two reporters: still shown');
    assert.equal(Number((await s.app.store.execute<{ n: number }>('SELECT count(*) AS n FROM reports r JOIN comments c ON c.seq = r.comment_seq WHERE c.id = ?', [bad.id]))[0]!.n), 2);
    assert.equal((await report(s, 'hide', bad.id, 'dana')).status, 200);
    for (const who of ['amira', 'bilal', 'erin', undefined]) assert.deepEqual(await bodies(s, 'hide', who), ['a fair point'], `for ${who}`);
    const page = (await list(s, 'hide')).body;
    assert.deepEqual([page.comments.map((c: { id: string }) => c.id), page.total], [[good.id], 1]);
    assert.deepEqual((await counts(s, ['hide'])).body.counts, { hide: 1 });
    assert.equal((await row(s, bad.id)).body, 'buy cheap watches', 'the text is kept for the moderator');
    // A hidden comment can no longer be liked, reported or answered.
    assert.equal((await report(s, 'hide', bad.id, 'erin')).status, 404);
    assert.equal((await like(s, 'hide', bad.id, 'erin')).status, 404);
    assert.equal((await post(s, 'hide', 'erin', 'replying', bad.id)).status, 404);
    // Its author cannot edit it out of moderation either.
    assert.equal((await edit(s, 'hide', bad.id, 'innocent now', bad.authorToken)).status, 404);
    const [item] = await queue(s, 'hide');
    assert.equal(item.comment.status, 'hidden');
  });

  it('never hides with hideAfterReports 0, nor a pending comment', async () => {
    const never = await reportServer({ hideAfterReports: 0, moderatorToken: MOD });
    const pm = await reportServer({ hideAfterReports: 1, preModeration: true });
    try {
      const c = await posted(never, 'never', 'amira', 'reported a lot');
      for (let i = 0; i < 5; i++) await report(never, 'never', c.id, `reporter${i}`);
      assert.deepEqual(await bodies(never, 'never'), ['reported a lot']);
      assert.equal((await queue(never, 'never'))[0].reports.length, 5);
      const p = await posted(pm, 'pending', 'amira', 'awaiting');
      assert.equal((await report(pm, 'pending', p.id, 'bilal')).status, 404, 'others cannot see it');
      assert.equal((await report(pm, 'pending', p.id, 'amira')).status, 200);
      assert.equal((await row(pm, p.id)).removed, null);
      assert.deepEqual((await list(pm, 'pending', 'amira')).body.comments.map((x: { status: string }) => x.status), ['pending']);
    } finally {
      await never.close();
      await pm.close();
    }
  });

  it('limits reports per address on their own, stricter than likes (10 a minute by default): 429 with Retry-After', async () => {
    const limited = await startTestServer({ rateLimitPerMinute: 5, hideAfterReports: 0 });
    try {
      const c = await posted(limited, 'rl', 'amira', 'target');
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await report(limited, 'rl', c.id, `made-up-${i}`)).status);
      assert.deepEqual(statuses, Array(10).fill(200));
      const last = await report(limited, 'rl', c.id, 'one-more');
      assert.equal(last.status, 429);
      assert.equal(last.body.error.code, 'rate_limited');
      assert.match(last.body.error.message, /reports/);
      assert.ok(Number(last.headers.get('retry-after')) > 0, 'Retry-After gives the seconds to wait');
      // Likes have their own allowance (30 a minute here): the reports did not use it up.
      for (let i = 0; i < 20; i++) assert.equal((await like(limited, 'rl', c.id, `liker-${i}`)).status, 200, `like ${i}`);
    } finally {
      await limited.close();
    }
    const tight = await startTestServer({ reportLimitPerMinute: 2 });
    try {
      const c = await posted(tight, 'rl', 'amira', 'target');
      assert.deepEqual([await report(tight, 'rl', c.id, 'one'), await report(tight, 'rl', c.id, 'two'), await report(tight, 'rl', c.id, 'three')].map((r) => r.status), [200, 200, 429]);
    } finally {
      await tight.close();
    }
  });

  it('says what is wrong with a report in the words of the one report rule (src/core/report.ts)', async () => {
    const c = await posted(s, 'rep-words', 'amira', 'reported');
    const cases: [unknown, ReportProblem][] = [
      [{ reason: 'boring' }, 'reason'],
      [{ details: 'no reason' }, 'reason'],
      [{ reason: 'other' }, 'details-required'],
      [{ reason: 'other', details: ' \n\u200b ' }, 'details-required'],
      [{ reason: 'spam', details: 'é'.repeat(501) }, 'details-too-long'],
    ];
    for (const [body, problem] of cases) {
      const r = await report(s, 'rep-words', c.id, 'bilal', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.deepEqual(r.body.error, { code: 'invalid_report', message: REPORT_PROBLEM_MESSAGES[problem] }, JSON.stringify(body));
    }
    assert.deepEqual(await queue(s, 'rep-words'), [], 'nothing was recorded');
  });
});

describe('reports from one client cannot hide a comment', () => {
  it('hides only when distinct visitors AND distinct client addresses reach hideAfterReports', async () => {
    const secret = 'the-report-secret-0123';
    const s = await reportServer({ moderatorToken: MOD, secret });
    try {
      const c = await posted(s, 'sybil', 'amira', 'an unpopular opinion');
      // One script posing as ten visitors, from one address.
      for (let i = 0; i < 10; i++) assert.equal((await report(s, 'sybil', c.id, `sock-${i}`, { reason: 'spam' }, '203.0.113.7')).status, 200);
      assert.deepEqual(await bodies(s, 'sybil'), ['an unpopular opinion'], 'one address never hides a comment');
      const [item] = await queue(s, 'sybil');
      assert.deepEqual([item.comment.status, item.reports.length], ['published', 10], 'every report reaches the moderators');
      await report(s, 'sybil', c.id, 'bilal', { reason: 'spam' }, '198.51.100.1');
      assert.deepEqual(await bodies(s, 'sybil'), ['an unpopular opinion'], 'two addresses are not three');
      // A third address, but a visitor who already reported: no new report.
      await report(s, 'sybil', c.id, 'bilal', { reason: 'spam' }, '198.51.100.2');
      assert.deepEqual(await bodies(s, 'sybil'), ['an unpopular opinion'], 'a repeat by the same visitor counts once');
      await report(s, 'sybil', c.id, 'chen', { reason: 'abuse' }, '198.51.100.2');
      assert.deepEqual(await bodies(s, 'sybil'), [], 'three visitors from three addresses hide it');
      // Stored: a keyed hash of each address, never the address itself.
      const hash = (address: string): string => createHash('sha256').update(secret + address).digest('base64url');
      const rows = await s.app.store.execute<{ visitor_id: string; address_hash: string }>(
        'SELECT r.visitor_id, r.address_hash FROM reports r JOIN comments c ON c.seq = r.comment_seq WHERE c.id = ?',
        [c.id],
      );
      assert.equal(rows.length, 12);
      assert.deepEqual(new Set(rows.map((r) => r.address_hash)), new Set([hash('203.0.113.7'), hash('198.51.100.1'), hash('198.51.100.2')]));
      const dump = JSON.stringify(await s.app.store.execute('SELECT * FROM reports'));
      assert.ok(!dump.includes('203.0.113') && !dump.includes('198.51.100'), 'no client address in the database');
    } finally {
      await s.close();
    }
  });

  it('without trustProxy, made-up X-Forwarded-For headers are one address (the connection\'s)', async () => {
    const s = await startTestServer({ reportLimitPerMinute: 0 });
    try {
      const c = await posted(s, 'direct', 'amira', 'still here');
      for (const [i, who] of ['bilal', 'chen', 'dana', 'erin'].entries()) {
        assert.equal((await report(s, 'direct', c.id, who, { reason: 'spam' }, `192.0.2.${i + 1}`)).status, 200);
      }
      assert.deepEqual(await bodies(s, 'direct'), ['still here']);
    } finally {
      await s.close();
    }
  });
});

describe('placeholders', () => {
  let s: TestServer;
  before(async () => (s = await reportServer({ moderatorToken: MOD, hideAfterReports: 2 })));
  after(() => s.close());

  const assertPlaceholder = (c: any, status: 'deleted' | 'hidden'): void => {
    assert.equal(c.status, status);
    assert.equal(c.body, '');
    assert.equal(c.authorName, null);
    for (const k of ['bodyHtml', 'authorUrl', 'avatarUrl', 'likes', 'liked', 'editedAt', 'authorToken', 'editableUntil']) assert.equal(c[k], undefined, k);
  };

  it('lists deleted and hidden comments only as placeholders for their shown replies, counted nowhere', async () => {
    const t = 'ph';
    const top = await posted(s, t, 'amira', 'the top');
    const middle = await posted(s, t, 'bilal', 'the middle', top.id);
    const leaf = await posted(s, t, 'chen', 'the leaf', middle.id);
    const lonely = await posted(s, t, 'amira', 'no replies');
    const hiddenAlone = await posted(s, t, 'amira', 'hidden, no replies');
    await like(s, t, top.id, 'dana');
    await edit(s, t, lonely.id, 'no replies (edited)', lonely.authorToken);
    await report(s, t, top.id, 'bilal');
    await report(s, t, top.id, 'chen');
    await report(s, t, hiddenAlone.id, 'bilal');
    await report(s, t, hiddenAlone.id, 'chen');
    assert.equal((await moderate(s, t, middle.id, 'delete')).status, 200);
    assert.equal((await moderate(s, t, lonely.id, 'reject')).status, 200);
    for (const who of ['amira', 'dana', undefined]) {
      const page = (await list(s, t, who)).body;
      assert.deepEqual(page.comments.map((c: { id: string }) => c.id), [top.id, middle.id, leaf.id], `for ${who}`);
      assertPlaceholder(page.comments[0], 'hidden');
      assertPlaceholder(page.comments[1], 'deleted');
      assert.equal(page.comments[0].replyCount, 2);
      assert.equal(page.comments[2].body, 'the leaf');
      assert.equal(page.total, 1);
      const text = JSON.stringify(page);
      assert.ok(!text.includes('the top') && !text.includes('the middle') && !text.includes('amira') && !text.includes('bilal'));
    }
    for (const sort of ['newest', 'liked']) {
      const page = (await list(s, t, 'dana', `?sort=${sort}`)).body;
      assert.deepEqual(page.comments.map((c: { id: string }) => c.id), [top.id, middle.id, leaf.id], sort);
      assertPlaceholder(page.comments[0], 'hidden');
    }
    assert.deepEqual((await counts(s, [t])).body.counts, { [t]: 1 });
    // Nothing can be done with a placeholder.
    assert.equal((await like(s, t, top.id, 'erin')).status, 404);
    assert.equal((await report(s, t, middle.id, 'erin')).status, 404);
    assert.equal((await post(s, t, 'erin', 'a reply', middle.id)).status, 404);
    // Without the reply that held them, they are gone.
    assert.equal((await remove(s, t, leaf.id, leaf.authorToken)).status, 200);
    const page = (await list(s, t)).body;
    assert.deepEqual(page.comments, []);
    assert.equal(page.total, 0);
  });

  it('keeps the first-replies paging under a placeholder; a placeholder sorts as unliked', async () => {
    const t = 'ph-paging';
    const top = await posted(s, t, 'amira', 'top');
    for (let i = 0; i < 7; i++) await posted(s, t, `r${i}`, `reply ${i}`, top.id);
    const second = await posted(s, t, 'bilal', 'second');
    for (const v of ['x1', 'x2', 'x3']) await like(s, t, top.id, v);
    await like(s, t, second.id, 'x1');
    assert.equal((await moderate(s, t, top.id, 'reject')).status, 200);
    assert.equal((await row(s, top.id)).body, 'top', 'a rejected comment keeps its text in storage');
    const page = (await list(s, t, undefined, '?limit=1')).body;
    assertPlaceholder(page.comments[0], 'deleted');
    assert.deepEqual(page.comments.slice(1).map((c: { body: string }) => c.body), ['reply 0', 'reply 1', 'reply 2', 'reply 3', 'reply 4']);
    assert.equal(page.comments[0].replyCount, 7);
    assert.equal(page.total, 8);
    const rest = (await list(s, t, undefined, `?cursor=${page.comments[0].repliesCursor}`)).body;
    assert.deepEqual(rest.comments.map((c: { body: string }) => c.body), ['reply 5', 'reply 6']);
    const next = (await list(s, t, undefined, `?limit=1&cursor=${page.nextCursor}`)).body;
    assert.deepEqual(next.comments.map((c: { body: string }) => c.body), ['second']);
    const liked = (await list(s, t, undefined, '?sort=liked')).body.comments.filter((c: { parentId: string | null }) => c.parentId === null);
    assert.deepEqual(liked.map((c: { id: string }) => c.id), [second.id, top.id]);
  });

  it("hides what lies under someone else's pending comment, and shows it under a placeholder once it is rejected", async () => {
    const t = 'ph-blocked';
    const pending = await insert(s, t, 'pending top', { status: 'pending', visitor: 'amira' });
    const reply = await insert(s, t, 'published reply', { parentId: pending, visitor: 'amira' });
    const deeper = await insert(s, t, 'deeper', { parentId: reply, visitor: 'amira' });
    assert.deepEqual(await bodies(s, t, 'amira'), ['pending top', 'published reply', 'deeper'], 'its author sees it all');
    assert.equal((await list(s, t, 'amira')).body.total, 3);
    assert.deepEqual(await bodies(s, t, 'bilal'), []);
    assert.equal((await list(s, t, 'bilal')).body.total, 0);
    assert.deepEqual((await counts(s, [t])).body.counts, { [t]: 0 });
    assert.equal((await like(s, t, deeper, 'bilal')).status, 404);
    assert.equal((await post(s, t, 'bilal', 'answer', deeper)).status, 404);
    assert.equal((await moderate(s, t, pending, 'reject')).status, 200);
    const page = (await list(s, t, 'bilal')).body;
    assert.deepEqual(page.comments.map((c: { body: string }) => c.body), ['', 'published reply', 'deeper']);
    assertPlaceholder(page.comments[0], 'deleted');
    assert.equal(page.total, 2);
    assert.deepEqual((await counts(s, [t])).body.counts, { [t]: 2 });
    assert.equal((await like(s, t, deeper, 'bilal')).status, 200);
  });

  it("shows a visitor their own pending reply under a placeholder, and nobody else", async () => {
    const pm = await startTestServer({ moderatorToken: MOD, preModeration: true });
    try {
      const t = 'ph-pending';
      const top = await posted(pm, t, 'amira', 'top');
      assert.equal((await moderate(pm, t, top.id, 'approve')).status, 200);
      const mine = await posted(pm, t, 'bilal', 'my pending reply', top.id);
      assert.equal((await moderate(pm, t, top.id, 'delete')).status, 200);
      const own = (await list(pm, t, 'bilal')).body;
      assert.deepEqual(own.comments.map((c: { id: string; status: string }) => [c.id, c.status]), [[top.id, 'deleted'], [mine.id, 'pending']]);
      assert.equal(own.total, 1);
      assert.deepEqual((await list(pm, t, 'chen')).body.comments, []);
      assert.deepEqual((await counts(pm, [t])).body.counts, { [t]: 0 });
    } finally {
      await pm.close();
    }
  });
});

describe('counts', () => {
  let s: TestServer;
  before(async () => (s = await startTestServer({ moderatorToken: MOD, preModeration: true })));
  after(() => s.close());

  it('counts what everyone sees, for exactly the requested threads', async () => {
    const c1 = await posted(s, 'n1', 'amira', 'one');
    const c2 = await posted(s, 'n1', 'amira', 'two');
    await posted(s, 'n2', 'bilal', 'waiting');
    await moderate(s, 'n1', c1.id, 'approve');
    await moderate(s, 'n1', c2.id, 'approve');
    const reply = await posted(s, 'n1', 'bilal', 'a reply', c2.id);
    await moderate(s, 'n1', reply.id, 'approve');
    await moderate(s, 'n1', c2.id, 'reject');
    await posted(s, 'n1', 'amira', 'my pending one');
    assert.equal((await list(s, 'n1', 'amira')).body.total, 3, 'its author sees their pending comment');
    for (const headers of [{}, visitor('amira')]) {
      const r = await call(`${s.url}/api/counts?thread=n1&thread=n2&thread=unknown&thread=n1`, { headers });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { counts: { n1: 2, n2: 0, unknown: 0 } });
    }
    const odd = await counts(s, ['__proto__', 'a/b?c&d']);
    assert.deepEqual(Object.keys(odd.body.counts), ['__proto__', 'a/b?c&d']);
  });

  it('asks for 1 to 100 valid thread ids', async () => {
    assert.equal((await call(`${s.url}/api/counts`)).body.error.code, 'invalid_request');
    const many = Array.from({ length: 101 }, (_, i) => `t${i}`);
    assert.equal((await counts(s, many)).status, 400);
    assert.equal((await counts(s, many.slice(0, 100))).status, 200);
    assert.equal((await counts(s, ['x'.repeat(201)])).body.error.code, 'invalid_thread');
    assert.equal((await counts(s, [''])).body.error.code, 'invalid_thread');
    const wrong = await call(`${s.url}/api/counts?thread=a`, { method: 'POST', body: {} });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'GET');
  });
});

describe('moderation', () => {
  let s: TestServer;
  before(async () => (s = await reportServer({ moderatorToken: MOD, preModeration: true, hideAfterReports: 2 })));
  after(() => s.close());

  it('refuses a missing or wrong token with 401 on every route, and changes nothing', async () => {
    const c = await posted(s, 'm401', 'amira', 'waiting');
    const wrongs: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${MOD}x` },
      { authorization: `Bearer ${MOD.slice(1)}` },
      { authorization: MOD },
      { authorization: `Basic ${MOD}` },
      { authorization: 'Bearer ' },
    ];
    for (const headers of wrongs) {
      const calls = [
        await queuePage(s, undefined, headers),
        await moderate(s, 'm401', c.id, 'approve', headers),
        await moderate(s, 'm401', c.id, 'delete', headers),
        await moderate(s, 'm401', 'c_nope', 'delete', headers),
        await call(`${s.url}/api/moderation/queue`, { method: 'DELETE', headers }),
      ];
      for (const r of calls) {
        assert.equal(r.status, 401, JSON.stringify(headers));
        assert.equal(r.body.error.code, 'unauthorized');
        assert.match(r.headers.get('www-authenticate')!, /^Bearer/);
      }
    }
    assert.deepEqual(await bodies(s, 'm401', 'bilal'), [], 'still pending');
    assert.equal((await row(s, c.id)).body, 'waiting');
    assert.equal((await queue(s, 'm401')).length, 1);
  });

  it('refuses everything with 403 moderation_off when no token is configured', async () => {
    const off = await startTestServer();
    try {
      const c = await posted(off, 'off', 'amira', 'hello');
      for (const r of [await queuePage(off), await moderate(off, 'off', c.id, 'delete'), await moderate(off, 'off', c.id, 'delete', {})]) {
        assert.equal(r.status, 403);
        assert.equal(r.body.error.code, 'moderation_off');
      }
      assert.deepEqual(await bodies(off, 'off'), ['hello']);
    } finally {
      await off.close();
    }
  });

  it('queues pending and reported comments across threads, oldest first, with e-mail and open reports', async () => {
    const q = await reportServer({ moderatorToken: MOD, hideAfterReports: 2 });
    try {
      const quiet = await posted(q, 'qa', 'amira', 'nobody minds');
      const reported = await posted(q, 'qa', 'amira', 'one report');
      const pending = await insert(q, 'qb', 'pending elsewhere', { status: 'pending', visitor: 'chen' });
      const hidden = await posted(q, 'qa', 'bilal', 'two reports');
      await report(q, 'qa', hidden.id, 'chen', { reason: 'other', details: 'Off the rails.' });
      await report(q, 'qa', hidden.id, 'dana', { reason: 'abuse' });
      await report(q, 'qa', reported.id, 'chen', { reason: 'off-topic' });
      const items = await queue(q);
      assert.deepEqual(items.map((i) => [i.thread, i.comment.id, i.comment.status]), [
        ['qa', reported.id, 'published'],
        ['qb', pending, 'pending'],
        ['qa', hidden.id, 'hidden'],
      ]);
      assert.ok(!items.some((i) => i.comment.id === quiet.id));
      const h = items[2];
      assert.equal(h.comment.body, 'two reports', 'the moderator sees what was said');
      assert.equal(h.comment.authorName, 'bilal');
      assert.equal(h.authorEmail, 'bilal@example.com');
      assert.deepEqual(h.reports.map((r: { reason: string; details?: string }) => [r.reason, r.details]), [['other', 'Off the rails.'], ['abuse', undefined]]);
      assert.ok(h.reports.every((r: { createdAt: string }) => !Number.isNaN(Date.parse(r.createdAt))));
      assert.deepEqual(items[1].reports, []);
      assert.equal(items[1].authorEmail, 'stored@example.com');
    } finally {
      await q.close();
    }
  });

  it('pages the queue 50 at a time with an opaque cursor', async () => {
    const q = await startTestServer({ moderatorToken: MOD });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 120; i++) ids.push(await insert(q, `page-${i % 3}`, `pending ${i}`, { status: 'pending' }));
      const sizes: number[] = [];
      const seen: string[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await queuePage(q, cursor);
        sizes.push(page.body.items.length);
        seen.push(...page.body.items.map((i: { comment: { id: string } }) => i.comment.id));
        if (page.body.nextCursor === null) break;
        assert.equal(typeof page.body.nextCursor, 'string');
        cursor = page.body.nextCursor;
      }
      assert.deepEqual(sizes, [50, 50, 20]);
      assert.deepEqual(seen, ids);
      for (const bad of ['xyz', Buffer.from('{"q":-1}').toString('base64url')]) {
        const r = await queuePage(q, bad);
        assert.equal(r.status, 400);
        assert.equal(r.body.error.code, 'invalid_cursor');
      }
    } finally {
      await q.close();
    }
  });

  it('approve publishes a pending comment for everyone and takes it off the queue', async () => {
    const c = await posted(s, 'approve', 'amira', 'please');
    assert.equal(c.status, 'pending');
    assert.equal((await queue(s, 'approve')).length, 1);
    const r = await moderate(s, 'approve', c.id, 'approve');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { ok: true });
    const page = (await list(s, 'approve', 'bilal')).body;
    assert.deepEqual(page.comments.map((x: { id: string; status: string }) => [x.id, x.status]), [[c.id, 'published']]);
    assert.deepEqual(await queue(s, 'approve'), []);
  });

  it('approve restores a hidden comment and dismisses its reports; the same reporters cannot report again', async () => {
    const c = await posted(s, 'restore', 'amira', 'controversial');
    await moderate(s, 'restore', c.id, 'approve');
    await report(s, 'restore', c.id, 'bilal');
    await report(s, 'restore', c.id, 'chen');
    assert.deepEqual(await bodies(s, 'restore', 'dana'), []);
    assert.equal((await moderate(s, 'restore', c.id, 'approve')).status, 200);
    assert.deepEqual(await bodies(s, 'restore', 'dana'), ['controversial']);
    assert.deepEqual(await queue(s, 'restore'), []);
    await report(s, 'restore', c.id, 'bilal');
    await report(s, 'restore', c.id, 'chen');
    assert.deepEqual(await queue(s, 'restore'), [], 'one report per visitor, ever');
    await report(s, 'restore', c.id, 'dana');
    const [item] = await queue(s, 'restore');
    assert.equal(item.reports.length, 1, 'only the open report');
    assert.deepEqual(await bodies(s, 'restore', 'erin'), ['controversial'], 'one new report does not hide it again');
  });

  it('reject removes a comment and keeps its text; delete erases it; both leave the queue', async () => {
    const rejected = await posted(s, 'remove', 'amira', 'rejected text');
    const deleted = await posted(s, 'remove', 'bilal', 'deleted text');
    assert.equal((await queue(s, 'remove')).length, 2);
    assert.equal((await moderate(s, 'remove', rejected.id, 'reject')).status, 200);
    assert.equal((await moderate(s, 'remove', deleted.id, 'delete')).status, 200);
    assert.deepEqual(await queue(s, 'remove'), []);
    assert.deepEqual(await bodies(s, 'remove', 'amira'), [], 'not even its author sees a rejected comment');
    assert.deepEqual(await bodies(s, 'remove', 'bilal'), []);
    const r = await row(s, rejected.id);
    assert.deepEqual([r.removed, r.body, r.author_name, r.author_email], ['rejected', 'rejected text', 'amira', 'amira@example.com']);
    const d = await row(s, deleted.id);
    assert.deepEqual([d.removed, d.body, d.author_name, d.author_email], ['deleted', '', null, null]);
    const again = await moderate(s, 'remove', rejected.id, 'approve');
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'removed');
    assert.equal((await moderate(s, 'remove', rejected.id, 'delete')).status, 200, 'a rejected comment can still be erased');
    assert.equal((await row(s, rejected.id)).body, '');
  });

  it('answers 404 for an unknown comment or another thread, 400 for a bad action, 405 with Allow', async () => {
    const c = await posted(s, 'm-errors', 'amira', 'here');
    assert.equal((await moderate(s, 'm-errors', 'c_nope', 'approve')).status, 404);
    assert.equal((await moderate(s, 'elsewhere', c.id, 'approve')).status, 404);
    const bad = await moderate(s, 'm-errors', c.id, 'ban');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'invalid_action');
    const text = await call(`${s.url}/api/moderation/threads/m-errors/comments/${c.id}`, { raw: 'approve', headers: { ...asMod, 'content-type': 'text/plain' } });
    assert.equal(text.status, 415);
    const get = await call(`${s.url}/api/moderation/threads/m-errors/comments/${c.id}`, { headers: asMod });
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    const postQueue = await call(`${s.url}/api/moderation/queue`, { method: 'POST', body: {}, headers: asMod });
    assert.equal(postQueue.status, 405);
    assert.equal(postQueue.headers.get('allow'), 'GET');
    assert.equal((await call(`${s.url}/api/moderation/other`, { headers: asMod })).status, 404);
    assert.equal((await row(s, c.id)).status, 'pending');
  });
});

describe('live updates (server-sent events)', () => {
  let s: TestServer;
  before(async () => (s = await startTestServer({ moderatorToken: MOD, allowedOrigins: ['https://news.example'] })));
  after(() => s.close());
  const events = (thread: string, query = '', headers: Record<string, string> = {}) => stream(`${s.url}/api/threads/${enc(thread)}/events${query}`, headers);

  it('streams each published comment of its thread as the anonymous listing shows it', async () => {
    const st = await events('live', '', { origin: 'https://news.example' });
    try {
      assert.equal(st.status, 200);
      assert.match(st.headers.get('content-type')!, /^text\/event-stream/);
      assert.equal(st.headers.get('cache-control'), 'no-store');
      assert.equal(st.headers.get('access-control-allow-origin'), 'https://news.example');
      await until(() => st.text.startsWith('retry: 3000\n\n'), 'the retry line');
      assert.equal(s.app.events.size('live'), 1);
      await posted(s, 'elsewhere', 'bilal', 'not this thread');
      const c = await posted(s, 'live', 'bilal', 'live!');
      await like(s, 'live', c.id, 'chen');
      const reply = await posted(s, 'live', 'chen', 'a reply', c.id);
      await until(() => st.events.length === 2, 'two events');
      assert.deepEqual(st.events.map((e) => [e.event, e.data.id]), [['comment-added', c.id], ['comment-added', reply.id]]);
      const anonymous = (await list(s, 'live')).body.comments;
      const { replyCount: _, likes: __, ...head } = anonymous[0];
      // The comment as it is when the event is sent: the like, made meanwhile, may be in it already.
      const { likes, ...sent } = st.events[0]!.data;
      assert.deepEqual(sent, head);
      assert.ok(likes === undefined || likes === 1, `likes: ${likes}`);
      assert.deepEqual(st.events[1]!.data, anonymous[1]);
      assert.equal(st.events[0]!.data.authorToken, undefined);
      assert.ok(Number(st.events[1]!.id) > Number(st.events[0]!.id), 'ids increase');
    } finally {
      st.close();
    }
    await until(() => s.app.events.size('live') === 0, 'the stream to be forgotten on disconnect');
  });

  it('replays what was announced after Last-Event-ID or ?after=, only what everyone still sees, in batches of 100', async () => {
    const first = await events('replay');
    const a = await posted(s, 'replay', 'amira', 'a');
    const b = await posted(s, 'replay', 'amira', 'b');
    const c = await posted(s, 'replay', 'amira', 'c');
    const d = await posted(s, 'replay', 'amira', 'd');
    await until(() => first.events.length === 4, 'four events');
    first.close();
    assert.equal((await remove(s, 'replay', c.id, c.authorToken)).status, 200);
    const idOfA = first.events[0]!.id;
    assert.equal(first.events[0]!.data.id, a.id);
    const expected = [b.id, d.id];
    for (const [query, headers] of [['', { 'last-event-id': idOfA }], [`?after=${idOfA}`, {}], ['?after=0', { 'last-event-id': idOfA }]] as const) {
      const again = await events('replay', query, headers);
      try {
        await until(() => again.events.length === expected.length, 'the replay');
        assert.deepEqual(again.events.map((e) => e.data.id), expected, `${query} ${JSON.stringify(headers)}`);
        const e = await posted(s, 'replay', 'bilal', `live after ${query}`);
        await until(() => again.events.length === expected.length + 1, 'a live event after the replay');
        assert.equal(again.events.at(-1)!.data.id, e.id);
        expected.push(e.id);
      } finally {
        again.close();
      }
    }
    const fresh = await events('replay', '', { 'last-event-id': 'garbage' });
    await sleep(100);
    assert.deepEqual(fresh.events, [], 'an unreadable Last-Event-ID replays nothing');
    fresh.close();
    const bad = await call(`${s.url}/api/threads/replay/events?after=x`);
    assert.equal(bad.status, 400);
    for (let i = 0; i < 105; i++) await insert(s, 'replay-many', `stored ${i}`);
    const many = await events('replay-many', '?after=0');
    try {
      // Every one, in order, though they come 100 at a time.
      await until(() => many.events.length === 105, '105 events');
      await sleep(100);
      assert.equal(many.events.length, 105);
      assert.deepEqual(many.events.map((e) => e.data.body), Array.from({ length: 105 }, (_, i) => `stored ${i}`));
    } finally {
      many.close();
    }
  });

  it('announces nothing for a pending comment, then the approved comment and the replies it uncovers', async () => {
    const pm = await startTestServer({ moderatorToken: MOD, preModeration: true });
    const st = await stream(`${pm.url}/api/threads/pending/events`);
    try {
      await until(() => pm.app.events.size('pending') === 1, 'the subscription');
      const c = await posted(pm, 'pending', 'amira', 'awaiting');
      const reply = await posted(pm, 'pending', 'amira', 'my own reply', c.id);
      await sleep(150);
      assert.equal(st.events.length, 0, 'pending comments are not announced');
      assert.equal((await moderate(pm, 'pending', reply.id, 'approve')).status, 200);
      await sleep(150);
      assert.equal(st.events.length, 0, 'a reply under a pending comment is still not visible to everyone');
      assert.equal((await moderate(pm, 'pending', c.id, 'approve')).status, 200);
      await until(() => st.events.length === 2, 'two events');
      assert.deepEqual(st.events.map((e) => [e.data.id, e.data.status]), [[c.id, 'published'], [reply.id, 'published']]);
      assert.equal((await moderate(pm, 'pending', c.id, 'approve')).status, 200);
      await sleep(150);
      assert.equal(st.events.length, 2, 'approving again announces nothing');
    } finally {
      st.close();
      await pm.close();
    }
  });

  it('under pre-moderation, takes an edited comment out of sight unannounced, and announces it again once approved', async () => {
    const pm = await startTestServer({ moderatorToken: MOD, preModeration: true });
    const st = await stream(`${pm.url}/api/threads/edited/events`);
    try {
      await until(() => pm.app.events.size('edited') === 1, 'the subscription');
      const c = await posted(pm, 'edited', 'amira', 'harmless text');
      assert.equal((await moderate(pm, 'edited', c.id, 'approve')).status, 200);
      await until(() => st.events.length === 1, 'the approval event');
      const r = await edit(pm, 'edited', c.id, 'BUY CHEAP WATCHES', c.authorToken);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual([r.body.status, r.body.body], ['pending', 'BUY CHEAP WATCHES']);
      assert.equal((await row(pm, c.id)).status, 'pending');
      for (const who of ['bilal', undefined]) assert.deepEqual(await bodies(pm, 'edited', who), [], `hidden from ${who ?? 'anonymous readers'}`);
      assert.deepEqual(await bodies(pm, 'edited', 'amira'), ['BUY CHEAP WATCHES'], 'its author still sees it');
      const replay = await stream(`${pm.url}/api/threads/edited/events?after=0`);
      await sleep(150);
      replay.close();
      assert.deepEqual(replay.events, [], 'a reconnect replays nothing of it');
      assert.equal((await moderate(pm, 'edited', c.id, 'approve')).status, 200);
      await until(() => st.events.length === 2, 'the second approval event');
      assert.deepEqual([st.events[1]!.data.id, st.events[1]!.data.body, st.events[1]!.data.status], [c.id, 'BUY CHEAP WATCHES', 'published']);
    } finally {
      st.close();
      await pm.close();
    }
  });

  it('refuses a stream to an origin that is not allowed (403), and opens none; its own pages and allowed origins may', { timeout: 10_000 }, async () => {
    const refused = await events('cors', '', { origin: 'https://evil.example' });
    await refused.ended;
    assert.equal(refused.status, 403);
    assert.equal(JSON.parse(refused.text).error.code, 'forbidden_origin');
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
    assert.equal(s.app.events.size('cors'), 0);
    for (const origin of [new URL(s.url).origin, 'https://news.example']) {
      const ok = await events('cors', '', { origin });
      try {
        assert.equal(ok.status, 200, origin);
        await until(() => s.app.events.size('cors') === 1, `the stream for ${origin}`);
      } finally {
        ok.close();
      }
      await until(() => s.app.events.size('cors') === 0, 'the stream to be forgotten');
    }
  });

  it('caps open streams per client address (429) and in all (503), with Retry-After; a closed stream frees its place', { timeout: 10_000 }, async () => {
    const capped = await startTestServer({ trustProxy: true, maxEventStreamsPerAddress: 2, maxEventStreams: 3 });
    const open: Stream[] = [];
    const from = (address: string, thread = 'capped'): Promise<Stream> =>
      stream(`${capped.url}/api/threads/${thread}/events`, { 'x-forwarded-for': address }).then((x) => (open.push(x), x));
    const refusal = async (x: Stream): Promise<[number, string, boolean]> => {
      await x.ended;
      return [x.status, JSON.parse(x.text).error.code, Number(x.headers.get('retry-after')) > 0];
    };
    try {
      // Streams of any thread count.
      assert.deepEqual([(await from('10.9.0.1', 'one')).status, (await from('10.9.0.1', 'two')).status], [200, 200]);
      assert.deepEqual(await refusal(await from('10.9.0.1')), [429, 'rate_limited', true]);
      assert.equal((await from('10.9.0.2')).status, 200, 'another address may');
      await until(() => capped.app.events.size() === 3, 'three streams');
      assert.deepEqual(await refusal(await from('10.9.0.3')), [503, 'unavailable', true]);
      assert.equal(capped.app.events.size(), 3, 'refused streams are not opened');
      open[0]!.close();
      await until(() => capped.app.events.size() === 2, 'the closed stream to be forgotten');
      assert.equal((await from('10.9.0.1')).status, 200, 'its address has a place again');
      assert.deepEqual(await refusal(await from('10.9.0.1')), [429, 'rate_limited', true]);
    } finally {
      for (const x of open) x.close();
      await capped.close();
    }
  });

  it('refuses other methods with 405', async () => {
    const r = await call(`${s.url}/api/threads/t/events`, { method: 'POST', body: {} });
    assert.equal(r.status, 405);
    assert.equal(r.headers.get('allow'), 'GET');
  });

  it("starts a fresh stream with the thread's head as an id-only block; a resumed one without", async () => {
    const empty = await events('head-empty');
    await until(() => empty.text.includes('id: '), 'the head');
    empty.close();
    assert.equal(empty.text, 'retry: 3000\n\nid: 0\n\n', 'a thread without announcements: head 0');
    await posted(s, 'head', 'amira', 'one');
    await posted(s, 'head', 'amira', 'two');
    const all = await events('head', '?after=0');
    await until(() => all.events.length === 2, 'the replay');
    all.close();
    const fresh = await events('head');
    await until(() => fresh.text.includes('id: '), 'the head');
    fresh.close();
    assert.equal(fresh.text, `retry: 3000\n\nid: ${all.events[1]!.id}\n\n`, 'the head is the latest announcement, and nothing is replayed');
    const resumed = await events('head', '', { 'last-event-id': all.events[1]!.id });
    await sleep(100);
    resumed.close();
    assert.equal(resumed.text, 'retry: 3000\n\n', 'a resumed stream gets no head');
  });

  it('RestAdapter: a stream that drops after the head reconnects with it and gets what was announced in between', { timeout: 10_000 }, async () => {
    await posted(s, 'gap', 'amira', 'before');
    const calls: Record<string, string>[] = [];
    const f = (async (url: string, init: RequestInit = {}) => {
      calls.push({ ...(init.headers as Record<string, string>) });
      const res = await fetch(url, init);
      if (calls.length > 1) return res;
      // The first stream: read up to the head, then drop it before any event, and post meanwhile.
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      while (!/id: \d+\n\n/.test(text)) text += decoder.decode((await reader.read()).value, { stream: true });
      await reader.cancel();
      await posted(s, 'gap', 'bilal', 'between');
      return new Response(text, { headers: { 'content-type': 'text/event-stream' } });
    }) as typeof fetch;
    const got: string[] = [];
    const stop = new RestAdapter({ baseUrl: s.url, fetch: f, visitorId: 'visitor-gap', reconnectDelayMs: 10 }).subscribe('gap', (e) => got.push(e.comment.body));
    try {
      await until(() => got.length === 1, 'the comment posted in between');
      await sleep(50);
      assert.deepEqual(got, ['between'], 'only what was announced after the head');
      assert.equal(calls[0]!['last-event-id'], undefined);
      assert.ok(/^\d+$/.test(calls[1]!['last-event-id'] ?? ''), `the reconnect carries the head (${calls[1]!['last-event-id']})`);
    } finally {
      stop();
    }
  });

  it('ends open streams on close(), so that shutdown never hangs', { timeout: 5000 }, async () => {
    const own = await startTestServer();
    const streams = [await stream(`${own.url}/api/threads/a/events`), await stream(`${own.url}/api/threads/b/events`)];
    await until(() => own.app.events.size() === 2, 'two subscriptions');
    const started = Date.now();
    await own.close();
    assert.ok(Date.now() - started < 2000, `closed in ${Date.now() - started} ms`);
    await Promise.race([Promise.all(streams.map((x) => x.ended)), sleep(2000).then(() => assert.fail('the streams did not end'))]);
    assert.equal(own.app.events.size(), 0);
  });

  it('sends a ping comment periodically (EventHub)', async () => {
    const announced = [{ id: 7, comment: { id: 'c1', parentId: null, authorName: null, body: 'x', createdAt: new Date(0).toISOString() } }];
    const hub = new EventHub(30, {}, async (_thread, after) => announced.filter((a) => a.id > after));
    const server: Server = createServer((req, res) => hub.open('t', req, res, { after: 0 }));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const { port } = server.address() as { port: number };
    const st = await stream(`http://127.0.0.1:${port}/`);
    try {
      await until(() => st.text.includes(': ping\n\n'), 'a ping');
      assert.ok(st.text.startsWith('retry: 3000\n\nid: 7\nevent: comment-added\ndata: {"id":"c1"'));
      assert.deepEqual(st.events.map((e) => e.id), ['7']);
    } finally {
      hub.close();
      await st.ended;
      await new Promise((ok) => server.close(ok));
    }
  });
});

describe('client addresses', () => {
  it('counts IPv6 by its /64 prefix, IPv4-mapped IPv6 as IPv4, and keeps anything else', () => {
    const cases: [string, string][] = [
      ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
      ['2001:DB8:0001:0002::1', '2001:db8:1:2::/64'],
      ['2001:db8::', '2001:db8:0:0::/64'],
      ['2001:db8:1:2::ffff:1.2.3.4', '2001:db8:1:2::/64'],
      ['fe80::1%eth0', 'fe80:0:0:0::/64'],
      ['::ffff:192.0.2.1', '192.0.2.1'],
      ['::ffff:c000:201', '192.0.2.1'],
      ['198.51.100.7', '198.51.100.7'],
      ['unknown', 'unknown'],
    ];
    for (const [address, key] of cases) assert.equal(addressKey(address), key, address);
  });

  it('caps event streams and hashes reporters by the /64 of an IPv6 client', { timeout: 10_000 }, async () => {
    const secret = 'the-address-secret-0123';
    const s = await startTestServer({ trustProxy: true, maxEventStreamsPerAddress: 1, reportLimitPerMinute: 0, secret });
    const open: Stream[] = [];
    try {
      const from = async (address: string): Promise<number> => {
        const x = await stream(`${s.url}/api/threads/v6/events`, { 'x-forwarded-for': address });
        open.push(x);
        return x.status;
      };
      assert.equal(await from('2001:db8:1:2::a'), 200);
      assert.equal(await from('2001:db8:1:2:ffff::b'), 429, 'another address of the same /64 is the same client');
      assert.equal(await from('2001:db8:1:3::a'), 200, 'another /64 is another client');
      const c = await posted(s, 'v6', 'amira', 'x');
      assert.equal((await report(s, 'v6', c.id, 'bilal', { reason: 'spam' }, '2001:db8:1:2::77')).status, 200);
      const [row] = await s.app.store.execute<{ address_hash: string }>('SELECT address_hash FROM reports');
      assert.equal(row.address_hash, createHash('sha256').update(`${secret}2001:db8:1:2::/64`).digest('base64url'));
    } finally {
      for (const x of open) x.close();
      await s.close();
    }
  });

  it('warns once per process when a request carries X-Forwarded-For while trustProxy is off', async (ctx) => {
    const warn = ctx.mock.method(console, 'warn', () => undefined);
    resetForwardedWarning();
    const trusting = await startTestServer({ trustProxy: true });
    const direct = await startTestServer();
    try {
      await list(trusting, 'fwd');
      assert.equal((await call(`${trusting.url}/api/threads/fwd/comments`, { headers: { 'x-forwarded-for': '192.0.2.1' } })).status, 200);
      await list(direct, 'fwd');
      assert.equal(warn.mock.callCount(), 0, 'no warning with trustProxy, or without the header');
      for (let i = 0; i < 3; i++) await call(`${direct.url}/api/threads/fwd/comments`, { headers: { 'x-forwarded-for': '192.0.2.1' } });
      assert.equal(warn.mock.callCount(), 1, 'one warning however many requests');
      assert.ok(String(warn.mock.calls[0]!.arguments[0]).includes('trustProxy'), 'the warning names the setting');
    } finally {
      await trusting.close();
      await direct.close();
      resetForwardedWarning();
    }
  });
});

describe('HTTP details of the new routes', () => {
  let s: TestServer;
  before(async () => (s = await startTestServer({ allowedOrigins: ['https://news.example'] })));
  after(() => s.close());

  it('lets allowed origins use the new methods and headers', async () => {
    const r = await call(`${s.url}/api/threads/t/comments/c_x`, {
      method: 'OPTIONS',
      headers: { origin: 'https://news.example', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'x-colloquy-author-token' },
    });
    assert.equal(r.status, 204);
    const methods = r.headers.get('access-control-allow-methods')!.split(', ');
    for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) assert.ok(methods.includes(m), m);
    const allowed = r.headers.get('access-control-allow-headers')!.toLowerCase().split(', ');
    for (const h of ['content-type', 'idempotency-key', 'x-colloquy-visitor', 'x-colloquy-author-token', 'authorization', 'last-event-id']) assert.ok(allowed.includes(h), h);
  });

  it('answers wrong methods with 405 and the allowed ones', async () => {
    const c = await posted(s, 'm', 'amira', 'x');
    const cases: [string, string, string][] = [
      [`/api/threads/m/comments/${c.id}`, 'PUT', 'PATCH, DELETE'],
      [`/api/threads/m/comments/${c.id}`, 'POST', 'PATCH, DELETE'],
      [`/api/threads/m/comments/${c.id}/reports`, 'GET', 'POST'],
      [`/api/threads/m/comments/${c.id}/like`, 'GET', 'PUT'],
      ['/api/threads/m/comments', 'PATCH', 'GET, POST'],
    ];
    for (const [path, method, allow] of cases) {
      const r = await call(`${s.url}${path}`, { method });
      assert.equal(r.status, 405, `${method} ${path}`);
      assert.equal(r.headers.get('allow'), allow, `${method} ${path}`);
    }
    assert.equal((await call(`${s.url}/api/threads/m/reactions/${c.id}`)).status, 404);
    assert.equal((await call(`${s.url}/api/threads/m/comments/${c.id}/other`)).status, 404);
  });
});

describe('configuration of the community features', () => {
  it('has defaults, reads the environment, and names a bad setting', () => {
    const d = loadConfig({});
    assert.deepEqual([d.editWindowMinutes, d.hideAfterReports, d.moderatorToken, d.secret], [15, 3, undefined, undefined]);
    const e = loadConfig({ COLLOQUY_MODERATOR_TOKEN: MOD, COLLOQUY_SECRET: 'a-secret-of-16-chars' });
    assert.deepEqual([e.moderatorToken, e.secret], [MOD, 'a-secret-of-16-chars']);
    assert.throws(() => loadConfig({ COLLOQUY_MODERATOR_TOKEN: 'short' }), /moderatorToken/);
    assert.throws(() => loadConfig({}, { secret: 'short' }), /secret/);
    assert.throws(() => loadConfig({}, { editWindowMinutes: -1 }), /editWindowMinutes/);
    assert.throws(() => loadConfig({}, { hideAfterReports: 1.5 }), /hideAfterReports/);
    assert.deepEqual([d.reportLimitPerMinute, d.maxEventStreamsPerAddress, d.maxEventStreams], [10, 20, 1000]);
    assert.throws(() => loadConfig({}, { maxEventStreams: 0 }), /maxEventStreams/);
    assert.throws(() => loadConfig({}, { reportLimitPerMinute: -1 }), /reportLimitPerMinute/);
  });

  /** Starts `server/main.ts` and resolves with its first line of output. */
  function startLine(env: Record<string, string>): Promise<{ line: string; stop: () => Promise<void> }> {
    const dir = mkdtempSync(join(tmpdir(), 'colloquy-main-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', COLLOQUY_DB: join(dir, 'c.db'), COLLOQUY_SEED_DEMO: '0', COLLOQUY_MODERATOR_TOKEN: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stop = async (): Promise<void> => {
      if (child.exitCode === null) {
        const gone = new Promise((ok) => child.once('exit', ok));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    };
    return new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no start line: ${out}`)), 20_000);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) {
          clearTimeout(timer);
          resolve({ line: out.split('\n')[0]!, stop });
        }
      });
      child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    });
  }

  it('npm start makes up a moderator token for the run when none is configured, and prints it', async () => {
    const made = await startLine({});
    try {
      const url = /(http:\/\/[^\s/]+)\//.exec(made.line)![1];
      const token = /Moderator token for this run: (\S+)/.exec(made.line)?.[1];
      assert.ok(token && token.length >= 16, made.line);
      assert.equal((await call(`${url}/api/moderation/queue`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
      assert.equal((await call(`${url}/api/moderation/queue`, { headers: { authorization: 'Bearer another-token-123456' } })).status, 401);
    } finally {
      await made.stop();
    }
    const configured = await startLine({ COLLOQUY_MODERATOR_TOKEN: MOD });
    try {
      assert.ok(!configured.line.includes('Moderator token'), 'a configured token is not printed');
      const url = /(http:\/\/[^\s/]+)\//.exec(configured.line)![1];
      assert.equal((await call(`${url}/api/moderation/queue`, { headers: asMod })).status, 200);
    } finally {
      await configured.stop();
    }
  });
});

// SQLite's own history (PostgreSQL starts at today's schema): part of the SQLite run only.
if (TEST_STORE === 'sqlite') describe('migration of a SQLite database from before these features (schema 2)', () => {
  it('keeps its comments, likes, reactions and idempotency keys, and adds the new features', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'colloquy-v2-'));
    const file = join(dir, 'colloquy.db');
    const old = new Database(file);
    for (const m of SQLITE_MIGRATIONS.slice(0, 2)) old.exec(m.sql);
    old.pragma('user_version = 2');
    const created = new Date(Date.now() - 60_000).toISOString();
    const add = old.prepare(
      `INSERT INTO comments (id, thread, parent_id, root_seq, depth, author_name, author_email, body, created_at, status, visitor_id, likes)
       VALUES (?, 'old', ?, ?, ?, ?, 'x@example.com', ?, ?, ?, ?, ?)`,
    );
    add.run('c_old_top', null, 1, 0, 'Amira', 'an old comment', created, 'published', 'visitor-amira', 1);
    add.run('c_old_reply', 'c_old_top', 1, 1, 'Bilal', 'an old reply', created, 'published', null, 0);
    add.run('c_old_pending', null, 3, 0, 'Chen', 'old and pending', created, 'pending', 'visitor-chen', 0);
    old.prepare(`INSERT INTO comment_likes (comment_seq, visitor_id, created_at) VALUES (1, 'visitor-dana', ?)`).run(created);
    old.prepare(`INSERT INTO reactions (thread, visitor_id, value, updated_at) VALUES ('old', 'visitor-dana', 'like', ?)`).run(created);
    old.prepare(`INSERT INTO idempotency (thread, key, comment_id, created_at) VALUES ('old', 'old-key-123456', 'c_old_top', ?)`).run(created);
    old.close();

    const s = await startTestServer({ db: file, moderatorToken: MOD }, dir);
    try {
      assert.deepEqual(await s.app.store.execute('PRAGMA user_version'), [{ user_version: SQLITE_MIGRATIONS.length }]);
      const page = (await list(s, 'old', 'dana')).body;
      assert.deepEqual(page.comments.map((c: any) => [c.id, c.body, c.likes, c.liked]), [
        ['c_old_top', 'an old comment', 1, true],
        ['c_old_reply', 'an old reply', undefined, undefined],
      ]);
      assert.equal(page.total, 2);
      assert.deepEqual((await list(s, 'old', 'chen')).body.comments.map((c: { id: string }) => c.id), ['c_old_top', 'c_old_reply', 'c_old_pending']);
      assert.equal((await call(`${s.url}/api/threads/old/reactions`)).body.likes, 1);
      const replay = await call(`${s.url}/api/threads/old/comments`, { body: { body: 'x', authorName: 'A', authorEmail: 'a@example.com' }, headers: { 'idempotency-key': 'old-key-123456' } });
      assert.equal(replay.status, 200);
      assert.equal(replay.body.id, 'c_old_top');
      assert.equal(typeof replay.body.authorToken, 'string');
      // Old published comments are part of the event history; pending ones are not.
      const st = await stream(`${s.url}/api/threads/old/events?after=0`);
      await until(() => st.events.length === 2, 'the replay of old comments');
      assert.deepEqual(st.events.map((e) => e.data.id), ['c_old_top', 'c_old_reply']);
      st.close();
      // The new features work on old data.
      assert.equal((await report(s, 'old', 'c_old_reply', 'erin')).status, 200);
      assert.deepEqual((await queue(s, 'old')).map((i) => i.comment.id), ['c_old_reply', 'c_old_pending']);
      assert.equal((await moderate(s, 'old', 'c_old_top', 'delete')).status, 200);
      assert.deepEqual((await list(s, 'old')).body.comments.map((c: { status: string }) => c.status), ['deleted', 'published']);
      assert.deepEqual((await counts(s, ['old'])).body.counts, { old: 1 });
    } finally {
      await s.close();
    }
  });
});

describe('visibility follows its definition on random threads', () => {
  it('lists, totals, counts, allows actions and replays exactly what the definition says, for every visitor', async () => {
    const s = await startTestServer();
    try {
      let seed = 7;
      const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
      const visitors = [null, 'visitor-v1', 'visitor-v2', 'visitor-v3'];
      for (let trial = 0; trial < 30; trial++) {
        const thread = `random-${trial}`;
        type Node = { seq: number; id: string; parent: Node | null; depth: number; root: Node | null; status: string; removed: string | null; visitor: string | null };
        const nodes: Node[] = [];
        const size = 20 + Math.floor(rand() * 60);
        for (let i = 0; i < size; i++) {
          const parent = nodes.length === 0 || rand() < 0.3 ? null : pick(nodes);
          const id = await insert(s, thread, `c${i}`, parent ? { parentId: parent.id } : {});
          const stored = await row(s, id);
          nodes.push({ seq: stored.seq, id, parent, depth: stored.depth, root: null, status: 'published', removed: null, visitor: null });
        }
        for (const x of nodes) {
          x.root = x.parent ? x.parent.root ?? x.parent : null;
          const r = rand();
          if (r < 0.2) [x.status, x.visitor] = ['pending', pick(visitors)];
          else if (r < 0.4) [x.status, x.removed, x.visitor] = [pick(['published', 'pending']), pick(['deleted', 'rejected', 'hidden']), pick(visitors)];
          await s.app.store.execute('UPDATE comments SET status = ?, removed = ?, visitor_id = ? WHERE seq = ?', [x.status, x.removed, x.visitor, x.seq]);
        }
        // Changed by hand, under the store: what everyone sees is worked out again as a write would.
        await s.app.store.refreshThread(thread);
        const shows = (x: Node, v: string | null): boolean => x.removed === null && (x.status === 'published' || (x.visitor !== null && x.visitor === v));
        const blocker = (x: Node, v: string | null): boolean => x.removed === null && !shows(x, v);
        const ancestors = (x: Node): Node[] => (x.parent ? [x.parent, ...ancestors(x.parent)] : []);
        const anchor = (x: Node, v: string | null): boolean => shows(x, v) && ancestors(x).every((a) => !blocker(a, v));
        const listed = (x: Node, v: string | null): boolean => nodes.some((d) => anchor(d, v) && (d === x || ancestors(d).includes(x)));
        for (const v of visitors) {
          const expected: [string, string, number | undefined][] = [];
          for (const top of nodes.filter((x) => x.parent === null && listed(x, v))) {
            const replies = nodes.filter((x) => x.root === top && listed(x, v));
            const state = (x: Node): string => (anchor(x, v) ? x.status : x.removed === 'hidden' ? 'hidden' : 'deleted');
            expected.push([top.id, state(top), replies.length || undefined], ...replies.map((x): [string, string, undefined] => [x.id, state(x), undefined]));
          }
          const page = await s.app.store.list(thread, { limit: 100, sort: 'oldest', cursor: null, visitor: v, maxComments: 1000, firstReplies: 1000 });
          const what = `trial ${trial}, visitor ${v}`;
          assert.deepEqual(page.comments.map((c) => [c.id, c.status, c.replyCount]), expected, what);
          for (const c of page.comments) if (c.status === 'deleted' || c.status === 'hidden') assert.equal(c.body, '', what);
          const anchors = nodes.filter((x) => anchor(x, v));
          assert.equal(page.total, anchors.length, what);
          if (v === null) {
            assert.deepEqual(await s.app.store.counts([thread]), { [thread]: anchors.length }, what);
            assert.deepEqual((await s.app.store.announcedSince(thread, 0, 1000)).map((a) => a.comment.id), anchors.map((x) => x.id), what);
          } else {
            for (const x of nodes) assert.equal((await s.app.store.like(thread, x.id, v, false)) !== null, anchor(x, v), `${what}, like ${x.id}`);
          }
        }
      }
    } finally {
      await s.close();
    }
  });
});
