/**
 * Each store's migrations (the tables' shape as Kysely sees it: tables.ts).
 *
 * SQLite keeps its history (PRAGMA user_version; files written by earlier versions are migrated
 * on open). PostgreSQL starts at today's schema and counts its versions in `colloquy_schema`;
 * several instances starting at once migrate one at a time (an advisory lock).
 */
import { sql, type Kysely } from 'kysely';
import type { Schema } from './tables.js';
import { refreshTree } from './trees.js';

/** A step of a schema's history: SQL, then optionally work that SQL cannot do. Never edit a released one: add one. */
export interface Migration {
  sql: string;
  after?: (db: Kysely<Schema>) => Promise<void>;
}

/** SQLite's history, applied in order on open. */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  // 1: comments, idempotency keys, article reactions
  {
    sql: `CREATE TABLE comments (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     thread TEXT NOT NULL,
     parent_id TEXT,
     root_seq INTEGER NOT NULL,
     depth INTEGER NOT NULL,
     author_name TEXT,
     author_email TEXT,
     body TEXT NOT NULL,
     created_at TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('published', 'pending')),
     visitor_id TEXT
   );
   CREATE INDEX comments_top ON comments (thread, depth, seq);
   CREATE INDEX comments_root ON comments (root_seq, seq);
   CREATE INDEX comments_visitor ON comments (thread, visitor_id, seq);
   CREATE TABLE idempotency (
     thread TEXT NOT NULL,
     key TEXT NOT NULL,
     comment_id TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (thread, key)
   );
   CREATE TABLE reactions (
     thread TEXT NOT NULL,
     visitor_id TEXT NOT NULL,
     value TEXT NOT NULL CHECK (value IN ('like', 'dislike')),
     updated_at TEXT NOT NULL,
     PRIMARY KEY (thread, visitor_id)
   );`,
  },
  // 2: comment likes (one per visitor), counted on the comment for sorting by most liked
  {
    sql: `ALTER TABLE comments ADD COLUMN likes INTEGER NOT NULL DEFAULT 0;
   CREATE TABLE comment_likes (
     comment_seq INTEGER NOT NULL REFERENCES comments (seq) ON DELETE CASCADE,
     visitor_id TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (comment_seq, visitor_id)
   );
   CREATE INDEX comments_liked ON comments (thread, depth, likes DESC, seq);`,
  },
  // 3: removal (deleted / rejected / hidden: placeholders), edits, live-update numbering, reports,
  //    and a key-value table for server state (the author-token secret).
  {
    sql: `ALTER TABLE comments ADD COLUMN removed TEXT CHECK (removed IN ('deleted', 'rejected', 'hidden'));
   ALTER TABLE comments ADD COLUMN edited_at TEXT;
   ALTER TABLE comments ADD COLUMN announced INTEGER;
   UPDATE comments SET announced = seq WHERE status = 'published';
   CREATE INDEX comments_parent ON comments (parent_id);
   CREATE INDEX comments_irregular ON comments (thread) WHERE status = 'pending' OR removed IS NOT NULL;
   CREATE INDEX comments_announced ON comments (thread, announced);
   CREATE INDEX comments_pending ON comments (seq) WHERE status = 'pending' AND removed IS NULL;
   CREATE TABLE reports (
     comment_seq INTEGER NOT NULL REFERENCES comments (seq) ON DELETE CASCADE,
     visitor_id TEXT NOT NULL,
     reason TEXT NOT NULL CHECK (reason IN ('spam', 'abuse', 'off-topic', 'other')),
     details TEXT,
     created_at TEXT NOT NULL,
     dismissed INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (comment_seq, visitor_id)
   );
   CREATE INDEX reports_open ON reports (comment_seq) WHERE dismissed = 0;
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  },
  // 4: where a report came from, as a keyed hash of the client address (never the address itself),
  //    so that one client inventing visitor ids cannot hide a comment on its own.
  { sql: `ALTER TABLE reports ADD COLUMN address_hash TEXT;` },
  // 5: what everyone sees, kept on each comment (pages no longer work it out from every removed
  //    or waiting comment of the thread); per-thread event counters; shared rate limits.
  {
    sql: `ALTER TABLE comments ADD COLUMN listed INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE comments ADD COLUMN anchor INTEGER NOT NULL DEFAULT 0;
   DROP INDEX comments_top;
   DROP INDEX comments_root;
   DROP INDEX comments_irregular;
   DROP INDEX comments_liked;
   CREATE INDEX comments_tops ON comments (thread, depth, listed, seq);
   CREATE INDEX comments_tree ON comments (root_seq, listed, seq);
   CREATE INDEX comments_anchors ON comments (thread, anchor);
   CREATE INDEX comments_own_pending ON comments (thread, visitor_id) WHERE status = 'pending' AND removed IS NULL;
   CREATE TABLE threads (thread TEXT PRIMARY KEY, last_event INTEGER NOT NULL DEFAULT 0);
   INSERT INTO threads (thread, last_event) SELECT thread, coalesce(max(announced), 0) FROM comments GROUP BY thread;
   CREATE TABLE rate_limits (bucket TEXT NOT NULL, key TEXT NOT NULL, tat INTEGER NOT NULL, PRIMARY KEY (bucket, key));`,
    after: (db) => refreshAll(db),
  },
];

/** PostgreSQL's history: it starts with SQLite's schema 5. */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    sql: `CREATE TABLE comments (
     seq INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     thread TEXT NOT NULL,
     parent_id TEXT,
     root_seq INTEGER NOT NULL,
     depth INTEGER NOT NULL,
     author_name TEXT,
     author_email TEXT,
     body TEXT NOT NULL,
     created_at TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('published', 'pending')),
     visitor_id TEXT,
     likes INTEGER NOT NULL DEFAULT 0,
     removed TEXT CHECK (removed IN ('deleted', 'rejected', 'hidden')),
     edited_at TEXT,
     announced INTEGER,
     listed INTEGER NOT NULL DEFAULT 0,
     anchor INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX comments_visitor ON comments (thread, visitor_id, seq);
   CREATE INDEX comments_parent ON comments (parent_id);
   CREATE INDEX comments_announced ON comments (thread, announced);
   CREATE INDEX comments_pending ON comments (seq) WHERE status = 'pending' AND removed IS NULL;
   CREATE INDEX comments_tops ON comments (thread, depth, listed, seq);
   CREATE INDEX comments_tree ON comments (root_seq, listed, seq);
   CREATE INDEX comments_anchors ON comments (thread, anchor);
   CREATE INDEX comments_own_pending ON comments (thread, visitor_id) WHERE status = 'pending' AND removed IS NULL;
   CREATE TABLE idempotency (
     thread TEXT NOT NULL,
     key TEXT NOT NULL,
     comment_id TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (thread, key)
   );
   CREATE TABLE reactions (
     thread TEXT NOT NULL,
     visitor_id TEXT NOT NULL,
     value TEXT NOT NULL CHECK (value IN ('like', 'dislike')),
     updated_at TEXT NOT NULL,
     PRIMARY KEY (thread, visitor_id)
   );
   CREATE TABLE comment_likes (
     comment_seq INTEGER NOT NULL REFERENCES comments (seq) ON DELETE CASCADE,
     visitor_id TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (comment_seq, visitor_id)
   );
   CREATE TABLE reports (
     comment_seq INTEGER NOT NULL REFERENCES comments (seq) ON DELETE CASCADE,
     visitor_id TEXT NOT NULL,
     reason TEXT NOT NULL CHECK (reason IN ('spam', 'abuse', 'off-topic', 'other')),
     details TEXT,
     created_at TEXT NOT NULL,
     dismissed INTEGER NOT NULL DEFAULT 0,
     address_hash TEXT,
     n BIGINT GENERATED ALWAYS AS IDENTITY,
     PRIMARY KEY (comment_seq, visitor_id)
   );
   CREATE INDEX reports_open ON reports (comment_seq) WHERE dismissed = 0;
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE threads (thread TEXT PRIMARY KEY, last_event INTEGER NOT NULL DEFAULT 0);
   CREATE TABLE rate_limits (bucket TEXT NOT NULL, key TEXT NOT NULL, tat BIGINT NOT NULL, PRIMARY KEY (bucket, key));`,
  },
];

/** Recomputes what everyone sees of every comment (after a migration, or a repair by hand). */
export async function refreshAll(db: Kysely<Schema>): Promise<void> {
  const roots = await db.selectFrom('comments').select('seq').where('depth', '=', 0).execute();
  for (const r of roots) await refreshTree(db, r.seq);
}

/** Splits a migration's SQL into statements (none of ours has a ';' inside a literal). */
export function statements(text: string): string[] {
  return text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Runs `sql` statements one by one (drivers run one statement per query). */
export async function runStatements(db: Kysely<Schema>, text: string): Promise<void> {
  for (const s of statements(text)) await sql.raw(s).execute(db);
}
