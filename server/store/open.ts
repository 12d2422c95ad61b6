/**
 * Opens the configured store: the SQLite file (the default, nothing to set up) or, with a
 * `databaseUrl`, PostgreSQL. Migrates the schema on open.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS, runStatements, type Migration } from './schema.js';
import type { Schema } from './tables.js';
import { Store } from './store.js';

/** Where the data lives. */
export interface StoreOptions {
  /** The SQLite file (used when there is no `databaseUrl`). */
  db: string;
  /** postgres://… : PostgreSQL instead of SQLite. */
  databaseUrl?: string | undefined;
  /** PostgreSQL schema to keep the tables in (created when missing). Default: the server's search_path (public). */
  databaseSchema?: string | undefined;
  /** Most connections of this instance's pool. */
  poolSize?: number;
}

export function openStore(options: StoreOptions): Promise<Store> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openSqlite(options.db);
}

/** A connection string without its password, for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the configured DATABASE_URL';
  }
}

/** True when `err` says the database could not be reached or went away (not that a query was wrong). */
export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENOENT'].includes(e.code)) return true;
  // Class 08 (connection exception), 57P01-03 (shutting down, cannot connect now), 53300 (too many connections).
  if (e.code && (/^08/.test(e.code) || /^57P0[1-3]$/.test(e.code) || e.code === '53300')) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(e.message ?? '');
}

async function openSqlite(file: string): Promise<Store> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SQLITE_MIGRATIONS.length) {
    db.close();
    throw new Error(`${file} was written by a newer Colloquy (schema ${version}); this server knows ${SQLITE_MIGRATIONS.length}.`);
  }
  // Kysely prepares each query's text anew; keep the prepared statements (the texts are few).
  const prepared = new Map<string, Database.Statement>();
  const cached = {
    close: () => db.close(),
    prepare: (text: string) => {
      let s = prepared.get(text);
      if (!s) {
        s = db.prepare(text);
        if (prepared.size < 1000) prepared.set(text, s);
      }
      return s;
    },
  };
  const kysely = new Kysely<Schema>({ dialect: new SqliteDialect({ database: cached }) });
  const store = new Store(kysely, 'sqlite', () => kysely.destroy(), null);
  // One transaction per step, before anything else uses the file.
  for (let v = version; v < SQLITE_MIGRATIONS.length; v++) {
    await kysely.transaction().execute(async (trx) => {
      await runStatements(trx as unknown as Kysely<Schema>, SQLITE_MIGRATIONS[v]!.sql);
      await SQLITE_MIGRATIONS[v]!.after?.(trx as unknown as Kysely<Schema>);
      await sql.raw(`PRAGMA user_version = ${v + 1}`).execute(trx);
    });
  }
  return store;
}

async function openPostgres(url: string, options: StoreOptions): Promise<Store> {
  const schema = options.databaseSchema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`databaseSchema must be a lower-case SQL name: ${schema}`);
  const config: pg.PoolConfig = {
    connectionString: url,
    max: options.poolSize ?? 10,
    // A request waits at most this long for a connection: an unreachable database answers 503 quickly.
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    // Counts and sums come back as bigint; ours fit a JavaScript number.
    types: { getTypeParser: (oid: number, format?: string) => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) } as pg.CustomTypesConfig,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  };
  const pool = new pg.Pool(config);
  // An idle client losing its connection must not crash the process: the pool replaces it.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => {});
    throw new Error(`Cannot reach PostgreSQL at ${safeUrl(url)}: ${(err as Error).message}`);
  }
  const kysely = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  const channel = `colloquy:${schema ?? 'public'}`;
  const listener = new Listener(config, channel);
  const store = new Store(
    kysely,
    'postgres',
    async () => {
      listener.stop();
      await kysely.destroy();
    },
    async (db, thread, last) => {
      await sql`SELECT pg_notify(${channel}, ${JSON.stringify([thread, last])})`.execute(db);
    },
  );
  try {
    if (schema) await sql.raw(`CREATE SCHEMA IF NOT EXISTS ${schema}`).execute(kysely);
    await migratePostgres(kysely, POSTGRES_MIGRATIONS);
  } catch (err) {
    await kysely.destroy().catch(() => {});
    throw err;
  }
  listener.start((thread, last) => store.signal(thread, last));
  await listener.ready;
  return store;
}

/** Applies the missing migrations, one instance at a time. */
async function migratePostgres(db: Kysely<Schema>, migrations: readonly Migration[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(727373)`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS colloquy_schema (version INTEGER NOT NULL)`.execute(trx);
    const row = (await sql<{ version: number }>`SELECT version FROM colloquy_schema`.execute(trx)).rows[0];
    const version = row?.version ?? 0;
    if (version > migrations.length) throw new Error(`The database was written by a newer Colloquy (schema ${version}); this server knows ${migrations.length}.`);
    for (let v = version; v < migrations.length; v++) {
      await runStatements(trx as unknown as Kysely<Schema>, migrations[v]!.sql);
      await migrations[v]!.after?.(trx as unknown as Kysely<Schema>);
    }
    if (!row) await sql`INSERT INTO colloquy_schema (version) VALUES (${migrations.length})`.execute(trx);
    else await sql`UPDATE colloquy_schema SET version = ${migrations.length}`.execute(trx);
  });
}

/**
 * PostgreSQL's LISTEN on one connection of its own: every instance hears the announcements
 * any instance commits. A lost connection is made again (every second until it works); once
 * back, it signals `null` so that streams catch up on what they missed meanwhile.
 */
class Listener {
  private client: pg.Client | null = null;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private onSignal: (thread: string | null, last: number) => void = () => {};
  private resolveReady: () => void = () => {};
  /** Settles once the first LISTEN is in place. */
  readonly ready = new Promise<void>((r) => (this.resolveReady = r));

  constructor(
    private readonly config: pg.PoolConfig,
    private readonly channel: string,
  ) {}

  start(onSignal: (thread: string | null, last: number) => void): void {
    this.onSignal = onSignal;
    void this.connect(false);
  }

  private async connect(again: boolean): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client(this.config);
    this.client = client;
    let lost = false;
    const retry = (): void => {
      if (lost || this.stopped) return;
      lost = true;
      client.removeAllListeners('notification');
      void client.end().catch(() => {});
      this.timer = setTimeout(() => void this.connect(true), 1000);
      this.timer.unref();
    };
    client.on('error', retry);
    client.on('end', retry);
    client.on('notification', (n) => {
      try {
        const [thread, last] = JSON.parse(n.payload ?? '') as [string, number];
        this.onSignal(thread, last);
      } catch {
        /* not ours */
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel.replace(/"/g, '""')}"`);
      this.resolveReady();
      if (again) this.onSignal(null, 0);
    } catch {
      retry();
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const c = this.client;
    this.client = null;
    c?.removeAllListeners();
    c?.on('error', () => {});
    void c?.end().catch(() => {});
  }
}
