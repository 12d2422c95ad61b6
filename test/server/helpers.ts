import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type App } from '../../server/app.js';
import { loadConfig, type ServerConfig } from '../../server/config.js';

/** A reference server on a free loopback port with a temporary database. */
export interface TestServer {
  url: string;
  app: App;
  dir: string;
  db: string;
  /** Stops the server (and removes the temporary folder unless `keep`). */
  close(keep?: boolean): Promise<void>;
}

/** Starts a server for a test: rate limit off unless asked, no demo seed. */
export async function startTestServer(overrides: Partial<ServerConfig> = {}, dir?: string): Promise<TestServer> {
  const folder = dir ?? mkdtempSync(join(tmpdir(), 'colloquy-test-'));
  const db = overrides.db ?? join(folder, 'colloquy.db');
  const config = loadConfig({}, { port: 0, host: '127.0.0.1', db, rateLimitPerMinute: 0, seedDemo: false, ...overrides });
  const app = await startServer(config);
  return {
    url: app.url,
    app,
    dir: folder,
    db,
    async close(keep = false) {
      await app.close();
      if (!keep) rmSync(folder, { recursive: true, force: true });
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
