/**
 * `npm start`: the reference server with the demo. Configuration: PORT, HOST, COLLOQUY_DB or
 * DATABASE_URL, COLLOQUY_CONFIG (a JSON file) and the other COLLOQUY_* variables (see README).
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from './config.js';
import { startServer } from './app.js';
import { safeUrl } from './store/open.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, process.env.COLLOQUY_SEED_DEMO === undefined ? { seedDemo: true } : {});
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  // Without a configured moderator token, make one up for this run so that the queue can be opened.
  const madeUpToken = config.moderatorToken ? null : randomBytes(18).toString('base64url');
  if (madeUpToken) config = { ...config, moderatorToken: madeUpToken };
  let app;
  try {
    app = await startServer(config);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    console.error(e.code === 'EADDRINUSE' ? `Port ${config.port} is in use: set PORT to another one (PORT=8080 npm start).` : e.message);
    process.exit(1);
  }
  console.log(
    `Colloquy reference server: ${app.url}/  (database: ${config.databaseUrl ? `PostgreSQL ${safeUrl(config.databaseUrl)}` : `SQLite ${config.db}`}${config.preModeration ? ', pre-moderation on' : ''})` +
      (madeUpToken ? `  Moderator token for this run: ${madeUpToken}` : ''),
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing requests in flight, closing the database…`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void app.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
