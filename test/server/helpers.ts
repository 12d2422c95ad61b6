import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startServer, type App } from '../../server/app.js';
import { loadConfig, type ServerConfig } from '../../server/config.js';
import { startPostgres } from '../../scripts/postgres.mjs';

/**
 * Which store the server suites run against: `COLLOQUY_TEST_STORE=postgres` runs the same tests
 * on PostgreSQL (`npm test` runs them both ways). Each test server gets a schema of its own in
 * the database of COLLOQUY_TEST_DATABASE_URL, or of a throwaway cluster started here.
 */
export const TEST_STORE: 'sqlite' | 'postgres' = process.env.COLLOQUY_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

let cluster: Promise<string> | null = null;
/** The PostgreSQL URL the tests use (starting a throwaway cluster the first time, stopped when the process exits). */
export function testDatabaseUrl(): Promise<string> {
  if (process.env.COLLOQUY_TEST_DATABASE_URL) return Promise.resolve(process.env.COLLOQUY_TEST_DATABASE_URL);
  cluster ??= startPostgres().then((c) => {
    // At the end of the file's tests (a hook of node:test would end with the suite that started it).
    process.once('exit', () => c.stop());
    return c.url;
  });
  return cluster;
}

/** A reference server on a free loopback port with a temporary database. */
export interface TestServer {
  url: string;
  app: App;
  dir: string;
  /** The SQLite file, or (PostgreSQL) the schema: pass it as `db` to start a server on the same data. */
  db: string;
  /** Stops the server (and removes the temporary folder and data unless `keep`). */
  close(keep?: boolean): Promise<void>;
}

/** Starts a server for a test: rate limit off unless asked, no demo seed. */
export async function startTestServer(overrides: Partial<ServerConfig> = {}, dir?: string): Promise<TestServer> {
  const folder = dir ?? mkdtempSync(join(tmpdir(), 'colloquy-test-'));
  let db = overrides.db ?? join(folder, 'colloquy.db');
  let storage: Partial<ServerConfig> = { db };
  let drop = async (): Promise<void> => {};
  if (TEST_STORE === 'postgres') {
    const databaseUrl = await testDatabaseUrl();
    db = overrides.db ?? `t_${Math.random().toString(36).slice(2, 12)}`;
    storage = { databaseUrl, databaseSchema: db };
    drop = async () => {
      const client = new pg.Client(databaseUrl);
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${db} CASCADE`);
      await client.end();
    };
  }
  const config = loadConfig({}, { port: 0, host: '127.0.0.1', rateLimitPerMinute: 0, seedDemo: false, ...overrides, ...storage });
  const app = await startServer(config);
  return {
    url: app.url,
    app,
    dir: folder,
    db,
    async close(keep = false) {
      await app.close();
      if (!keep) {
        rmSync(folder, { recursive: true, force: true });
        await drop();
      }
    },
  };
}

/** A JSON request to the test server; returns status, headers and parsed body. */
export async function call(
  url: string,
  init: { method?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | undefined = init.raw;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** An event stream read with fetch, parsed as it arrives. */
export interface Stream {
  status: number;
  headers: Headers;
  /** Everything received so far. */
  text: string;
  events: { id: string; event: string; data: any }[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function stream(url: string, headers: Record<string, string> = {}): Promise<Stream> {
  const ac = new AbortController();
  const res = await fetch(url, { headers, signal: ac.signal });
  const s: Stream = { status: res.status, headers: res.headers, text: '', events: [], ended: Promise.resolve(), close: () => ac.abort() };
  if (!res.body) return s;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  s.ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const chunk = decoder.decode(value, { stream: true });
        s.text += chunk;
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
          if (fields.event) s.events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return s;
}

/** Waits (polling every 10 ms) until `get` gives something other than undefined or false. */
export async function until<T>(get: () => T | undefined | false | Promise<T | undefined | false>, what: string, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
