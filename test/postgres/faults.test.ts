/**
 * PostgreSQL going wrong: unreachable at start (one clear error, a non-zero exit), lost while
 * running (503 with Retry-After, and the server recovers by itself once it is back: requests,
 * and the live-update listener). The database is a throwaway cluster of this file's own, stopped
 * and started again. Run by `npm run test:pg` (PostgreSQL only).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startPostgres, type Cluster } from '../../scripts/postgres.mjs';
import { startServer, type App } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { call, stream, until } from '../server/helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const comment = (body: string) => ({ body, authorName: 'Amira', authorEmail: 'amira@example.com' });
let n = 0;
const key = (): string => `faults-key-${++n}-${Math.random().toString(36).slice(2)}`;

/** A loopback port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('PostgreSQL unreachable at start', () => {
  it('stops with one clear error naming the database (no password) and exit code 1', async () => {
    const port = await closedPort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', DATABASE_URL: `postgres://colloquy:s3cret@127.0.0.1:${port}/comments`, COLLOQUY_SEED_DEMO: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 1);
    const lines = stderr.trim().split('\n');
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0]!, new RegExp(`^Cannot reach PostgreSQL at postgres://colloquy:\\*\\*\\*@127\\.0\\.0\\.1:${port}/comments: .*ECONNREFUSED`));
    assert.ok(!stderr.includes('s3cret'));
  });
});

describe('PostgreSQL lost while running', () => {
  let cluster: Cluster;
  let app: App;
  before(async () => {
    cluster = await startPostgres();
    app = await startServer(loadConfig({}, { port: 0, host: '127.0.0.1', databaseUrl: cluster.url, rateLimitPerMinute: 0, seedDemo: false }));
  });
  after(async () => {
    await app?.close();
    cluster?.stop();
  });

  it('answers 503 with Retry-After meanwhile, and recovers by itself: requests and live updates', { timeout: 60_000 }, async () => {
    const post = (body: string) => call(`${app.url}/api/threads/outage/comments`, { body: comment(body), headers: { 'idempotency-key': key() } });
    assert.equal((await post('before')).status, 201);
    const live = await stream(`${app.url}/api/threads/outage/events`);
    try {
      await until(() => live.text.includes('id: 1'), 'the head');
      cluster.pause();
      for (const r of [await call(`${app.url}/api/threads/outage/comments`), await post('during'), await call(`${app.url}/api/health`)]) {
        assert.equal(r.status, 503, JSON.stringify(r.body));
        assert.equal(r.body.error?.code ?? (r.body.ok === false ? 'unavailable' : r.body), 'unavailable');
        assert.ok(Number(r.headers.get('retry-after')) > 0);
      }
      cluster.resume();
      await until(async () => (await call(`${app.url}/api/health`)).status === 200, 'health again', 20_000);
      const list = await call(`${app.url}/api/threads/outage/comments`);
      assert.deepEqual(list.body.comments.map((c: { body: string }) => c.body), ['before'], 'nothing of the refused post was stored');
      const after = await post('after');
      assert.equal(after.status, 201);
      // The listener connection came back too: the stream opened before the outage hears it.
      await until(() => live.events.some((e) => e.data.id === after.body.id), 'the live event after recovery', 10_000);
    } finally {
      live.close();
    }
  });
});
