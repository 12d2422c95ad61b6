/**
 * Several instances of the reference server on one PostgreSQL database, as behind a load
 * balancer: live updates fan out through LISTEN/NOTIFY, a reconnect to any instance replays what
 * it missed, and rate limits, idempotency keys and the report rule hold across instances.
 * Run by `npm run test:pg` (PostgreSQL only).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, startTestServer, stream, until, type TestServer } from '../server/helpers.js';

const MOD = 'moderator-token-for-tests';
const comment = (body: string, name = 'Amira') => ({ body, authorName: name, authorEmail: `${name.toLowerCase()}@example.com` });
let n = 0;
const key = (): string => `instances-key-${++n}-${Math.random().toString(36).slice(2)}`;

describe('three instances on one PostgreSQL database', () => {
  let a: TestServer;
  let b: TestServer;
  let c: TestServer;
  const post = (s: TestServer, thread: string, body: unknown, headers: Record<string, string> = {}) =>
    call(`${s.url}/api/threads/${thread}/comments`, { body, headers: { 'idempotency-key': key(), ...headers } });

  before(async () => {
    const shared = { moderatorToken: MOD, rateLimitPerMinute: 3, trustProxy: true, hideAfterReports: 2 };
    a = await startTestServer({ ...shared, instance: 'a' });
    b = await startTestServer({ ...shared, instance: 'b', db: a.db });
    c = await startTestServer({ ...shared, instance: 'c', db: a.db });
  });
  after(async () => {
    await c.close(true);
    await b.close(true);
    await a.close();
  });

  it('says which instance answered (X-Colloquy-Instance) and which store (health)', async () => {
    for (const [s, name] of [[a, 'a'], [b, 'b'], [c, 'c']] as const) {
      const r = await call(`${s.url}/api/health`);
      assert.equal(r.headers.get('x-colloquy-instance'), name);
      assert.deepEqual(r.body, { ok: true, store: 'postgres' });
    }
  });

  it('a comment posted on A reaches live readers on B and C within 1 s, each once and in order', async () => {
    const onB = await stream(`${b.url}/api/threads/fan-out/events`);
    const onC = await stream(`${c.url}/api/threads/fan-out/events`);
    try {
      await until(() => onB.text.includes('id: 0') && onC.text.includes('id: 0'), 'both heads');
      const started = Date.now();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await post(a, 'fan-out', comment(`from A ${i}`), { 'x-forwarded-for': `192.0.2.${i + 1}` })).body.id);
      await until(() => onB.events.length >= 3 && onC.events.length >= 3, 'three events on B and on C', 1000);
      const took = Date.now() - started;
      assert.ok(took < 1000, `${took} ms`);
      for (const st of [onB, onC]) {
        assert.deepEqual(st.events.map((e) => e.data.id), ids);
        assert.deepEqual(st.events.map((e) => Number(e.id)), [1, 2, 3]);
      }
    } finally {
      onB.close();
      onC.close();
    }
  });

  it('a reader that reconnects to another instance with Last-Event-ID gets what it missed', async () => {
    const first = await post(a, 'resume', comment('before'), { 'x-forwarded-for': '198.51.100.1' });
    const onB = await stream(`${b.url}/api/threads/resume/events?after=0`);
    await until(() => onB.events.length === 1, 'the replay on B');
    assert.equal(onB.events[0]!.data.id, first.body.id);
    const last = onB.events[0]!.id;
    onB.close();
    const missed = [
      (await post(b, 'resume', comment('missed 1', 'Bilal'), { 'x-forwarded-for': '198.51.100.2' })).body.id,
      (await post(a, 'resume', comment('missed 2', 'Chen'), { 'x-forwarded-for': '198.51.100.3' })).body.id,
    ];
    const onC = await stream(`${c.url}/api/threads/resume/events`, { 'last-event-id': last });
    try {
      await until(() => onC.events.length === 2, 'the missed events on C');
      assert.deepEqual(onC.events.map((e) => e.data.id), missed);
      const live = (await post(a, 'resume', comment('live', 'Dana'), { 'x-forwarded-for': '198.51.100.4' })).body.id;
      await until(() => onC.events.length === 3, 'then the live one');
      assert.equal(onC.events[2]!.data.id, live);
    } finally {
      onC.close();
    }
  });

  it('shares the rate limit: 3 posts a minute from one address, whichever instances take them', async () => {
    const from = { 'x-forwarded-for': '203.0.113.9' };
    const statuses = [];
    for (const [i, s] of [a, b, c, a, b].entries()) statuses.push((await post(s, 'limited', comment(`post ${i}`), from)).status);
    assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
    const refused = await post(c, 'limited', comment('again'), from);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    assert.equal((await post(c, 'limited', comment('another address'), { 'x-forwarded-for': '203.0.113.10' })).status, 201);
  });

  it('replays an idempotency key on any instance: a retry that lands elsewhere stores nothing twice', async () => {
    const k = key();
    const first = await post(a, 'retry', comment('once'), { 'idempotency-key': k, 'x-forwarded-for': '192.0.2.50' });
    const again = await post(b, 'retry', comment('once'), { 'idempotency-key': k, 'x-forwarded-for': '192.0.2.50' });
    assert.deepEqual([first.status, again.status], [201, 200]);
    assert.equal(again.body.id, first.body.id);
    assert.equal(again.body.authorToken, first.body.authorToken, 'the same author token: one secret for all instances');
    assert.equal((await call(`${c.url}/api/threads/retry/comments`)).body.total, 1);
  });

  it('counts reports from different instances together, and a moderator on C sees and restores what A and B hid', async () => {
    const target = (await post(a, 'reports', comment('contested'), { 'x-forwarded-for': '192.0.2.60' })).body;
    const report = (s: TestServer, visitor: string, address: string) =>
      call(`${s.url}/api/threads/reports/comments/${target.id}/reports`, {
        body: { reason: 'spam' },
        headers: { 'x-colloquy-visitor': `visitor-${visitor}-123`, 'x-forwarded-for': address },
      });
    assert.equal((await report(a, 'bilal', '192.0.2.61')).status, 200);
    assert.equal((await call(`${c.url}/api/threads/reports/comments`)).body.total, 1, 'one report: still shown');
    assert.equal((await report(b, 'chen', '192.0.2.62')).status, 200);
    assert.equal((await call(`${c.url}/api/threads/reports/comments`)).body.total, 0, 'two, through two instances: hidden');
    const queue = await call(`${c.url}/api/moderation/queue`, { headers: { authorization: `Bearer ${MOD}` } });
    assert.deepEqual(queue.body.items.map((i: { comment: { id: string } }) => i.comment.id), [target.id]);
    const approve = await call(`${c.url}/api/moderation/threads/reports/comments/${target.id}`, { body: { action: 'approve' }, headers: { authorization: `Bearer ${MOD}` } });
    assert.equal(approve.status, 200);
    assert.equal((await call(`${a.url}/api/threads/reports/comments`)).body.total, 1, 'restored, seen from A');
  });
});
