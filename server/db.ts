/**
 * The reference server's storage: one SQLite file through better-sqlite3 (synchronous, so a
 * write is committed — WAL, synchronous=FULL — before the HTTP answer acknowledges it).
 * Schema created and migrated on open (PRAGMA user_version).
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Comment, CommentReport, CommentStatus, ModerationAction, ModerationItem, ReactionSummary, ReactionValue, ReportReason, SortOrder } from '../src/core/adapter.js';
import { blocks, exceptions, showsItself, type Exceptions, type ForestRow, type Removal } from './visibility.js';

/** The schema's history, applied in order on open. Never edit a released entry: add one. */
export const MIGRATIONS: readonly string[] = [
  // 1: comments, idempotency keys, article reactions
  `CREATE TABLE comments (
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
  // 2: comment likes (one per visitor), counted on the comment for sorting by most liked
  `ALTER TABLE comments ADD COLUMN likes INTEGER NOT NULL DEFAULT 0;
   CREATE TABLE comment_likes (
     comment_seq INTEGER NOT NULL REFERENCES comments (seq) ON DELETE CASCADE,
     visitor_id TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (comment_seq, visitor_id)
   );
   CREATE INDEX comments_liked ON comments (thread, depth, likes DESC, seq);`,
  // 3: removal (deleted / rejected / hidden: placeholders), edits, live-update numbering, reports,
  //    and a key-value table for server state (the author-token secret).
  `ALTER TABLE comments ADD COLUMN removed TEXT CHECK (removed IN ('deleted', 'rejected', 'hidden'));
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
  // 4: where a report came from, as a keyed hash of the client address (never the address itself),
  //    so that one client inventing visitor ids cannot hide a comment on its own.
  `ALTER TABLE reports ADD COLUMN address_hash TEXT;`,
];

interface Row {
  seq: number;
  id: string;
  thread: string;
  parent_id: string | null;
  root_seq: number;
  depth: number;
  author_name: string | null;
  author_email: string | null;
  body: string;
  created_at: string;
  /** The moderation state as stored; removal is a separate column (see `apiStatus`). */
  status: 'published' | 'pending';
  visitor_id: string | null;
  likes: number;
  removed: Removal | null;
  edited_at: string | null;
  /** Number of the live-update event that announced it (per thread), when everyone could see it. */
  announced: number | null;
  /** Listing queries only: 1 when the visitor likes this comment. */
  mine?: number;
}

/** What the server stores for a new comment (already validated). */
export interface NewCommentRow {
  thread: string;
  parentId: string | null;
  authorName: string | null;
  authorEmail: string | null;
  body: string;
  status: 'published' | 'pending';
  visitorId: string | null;
  createdAt: string;
}

/** Order of top-level comments: the contract's. */
export type Sort = SortOrder;

/** A comment that everyone can now see, numbered for the thread's event stream. */
export interface Announcement {
  /** Event number, increasing within a thread (the stream's `id:`). */
  id: number;
  /** The comment as an anonymous visitor's listing returns it. */
  comment: Comment;
}

/** Result of an insert attempt. */
export type InsertResult =
  | { ok: true; comment: Comment; replayed: boolean; announcements: Announcement[] }
  | { ok: false; reason: 'parent-missing' | 'too-deep' | 'duplicate' | 'removed' | 'conflict' };

/** Why an author may not change their comment now ('ok' when they may). */
export type AuthorCheck = 'ok' | 'not-found' | 'edit-window-closed' | 'has-replies';

/**
 * Where the next page starts: after top-level comment `top`; or, for a replies cursor
 * (`replies: true`), within the replies of top-level comment `top` after reply `reply`.
 */
export interface PageCursor {
  top: number;
  reply: number;
  replies?: boolean;
}

/** The contract's status of a stored comment. */
export function apiStatus(r: Pick<Row, 'status' | 'removed'>): CommentStatus {
  if (r.removed === 'hidden') return 'hidden';
  if (r.removed !== null) return 'deleted';
  return r.status;
}

function toComment(r: Row): Comment {
  const c: Comment = { id: r.id, parentId: r.parent_id, authorName: r.author_name, body: r.body, createdAt: r.created_at, status: apiStatus(r) };
  if (r.likes > 0) c.likes = r.likes;
  if (r.mine) c.liked = true;
  if (r.edited_at) c.editedAt = r.edited_at;
  return c;
}

/** A removed comment listed in its place because replies under it are shown: nothing of what was said. */
function toPlaceholder(r: Row): Comment {
  return { id: r.id, parentId: r.parent_id, authorName: null, body: '', createdAt: r.created_at, status: apiStatus(r) };
}

/** Opens (creating and migrating) the database. */
export function openDatabase(file: string): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    db.close();
    throw new Error(`${file} was written by a newer Colloquy (schema ${version}); this server knows ${MIGRATIONS.length}.`);
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return new Store(db);
}

/** Queries and writes. Every method is synchronous and atomic. */
export class Store {
  private readonly q;

  constructor(readonly db: Database.Database) {
    const shown = `seq NOT IN (SELECT value FROM json_each(@unlisted))`;
    this.q = {
      // The irregular comments of a thread (pending or removed) and all their descendants, parents
      // first: the only ones whose visibility needs working out (see visibility.ts). Without
      // statistics the planner would rather scan the thread than use the small partial index.
      forest: db.prepare(
        `WITH RECURSIVE forest (seq, id) AS (
           SELECT seq, id FROM comments INDEXED BY comments_irregular WHERE thread = ? AND (status = 'pending' OR removed IS NOT NULL)
           UNION SELECT c.seq, c.id FROM comments c JOIN forest f ON c.parent_id = f.id
         )
         SELECT seq, id, parent_id, status, removed, visitor_id FROM comments WHERE seq IN (SELECT seq FROM forest) ORDER BY seq`,
      ),
      topOldest: db.prepare(`SELECT * FROM comments WHERE thread = @thread AND depth = 0 AND ${shown} AND seq > @after ORDER BY seq LIMIT @limit`),
      topNewest: db.prepare(`SELECT * FROM comments WHERE thread = @thread AND depth = 0 AND ${shown} AND seq < @before ORDER BY seq DESC LIMIT @limit`),
      topLiked: db.prepare(
        `SELECT * FROM comments WHERE thread = @thread AND depth = 0 AND ${shown} ORDER BY likes DESC, seq LIMIT @limit OFFSET @offset`,
      ),
      // The same, when some are placeholders: they show no likes, so they sort as having none.
      topLikedPlaceholders: db.prepare(
        `SELECT * FROM comments WHERE thread = @thread AND depth = 0 AND ${shown}
         ORDER BY (CASE WHEN seq IN (SELECT value FROM json_each(@placeholders)) THEN 0 ELSE likes END) DESC, seq LIMIT @limit OFFSET @offset`,
      ),
      replies: db.prepare(`SELECT * FROM comments WHERE root_seq = @root AND depth > 0 AND ${shown} AND seq > @after ORDER BY seq LIMIT @limit`),
      replyCount: db.prepare(`SELECT count(*) AS n FROM comments WHERE root_seq = @root AND depth > 0 AND ${shown}`),
      topBySeq: db.prepare(`SELECT seq FROM comments WHERE seq = @seq AND thread = @thread AND depth = 0 AND ${shown}`),
      countThread: db.prepare(`SELECT count(*) AS n FROM comments WHERE thread = ?`),
      // Which of the comments of a page this visitor likes.
      likedBy: db.prepare(`SELECT comment_seq AS seq FROM comment_likes WHERE visitor_id = @visitor AND comment_seq IN (SELECT value FROM json_each(@seqs))`),
      addLike: db.prepare(`INSERT OR IGNORE INTO comment_likes (comment_seq, visitor_id, created_at) VALUES (@seq, @visitor, @now)`),
      removeLike: db.prepare(`DELETE FROM comment_likes WHERE comment_seq = @seq AND visitor_id = @visitor`),
      countLikes: db.prepare(`UPDATE comments SET likes = (SELECT count(*) FROM comment_likes WHERE comment_seq = @seq) WHERE seq = @seq`),
      byId: db.prepare(`SELECT * FROM comments WHERE id = ?`),
      bySeq: db.prepare(`SELECT * FROM comments WHERE seq = ?`),
      hasReply: db.prepare(`SELECT 1 FROM comments WHERE parent_id = ? LIMIT 1`),
      keyed: db.prepare(`SELECT comment_id FROM idempotency WHERE thread = ? AND key = ?`),
      lastBy: db.prepare(
        `SELECT * FROM comments WHERE thread = @thread AND created_at >= @since AND removed IS NULL AND
           ((@visitor IS NOT NULL AND visitor_id = @visitor) OR
            (@name IS NOT NULL AND @email IS NOT NULL AND author_name = @name AND author_email = @email))
         ORDER BY seq DESC LIMIT 1`,
      ),
      insert: db.prepare(
        `INSERT INTO comments (id, thread, parent_id, root_seq, depth, author_name, author_email, body, created_at, status, visitor_id)
         VALUES (@id, @thread, @parent_id, @root_seq, @depth, @author_name, @author_email, @body, @created_at, @status, @visitor_id)`,
      ),
      fixRoot: db.prepare(`UPDATE comments SET root_seq = seq WHERE seq = ?`),
      remember: db.prepare(`INSERT INTO idempotency (thread, key, comment_id, created_at) VALUES (?, ?, ?, ?)`),
      announce: db.prepare(
        `UPDATE comments SET announced = (SELECT coalesce(max(announced), 0) + 1 FROM comments WHERE thread = @thread) WHERE seq = @seq`,
      ),
      announcedSince: db.prepare(`SELECT * FROM comments WHERE thread = ? AND announced > ? ORDER BY announced`),
      // With pre-moderation, changed text waits for a moderator again (the author still sees it).
      edit: db.prepare(
        `UPDATE comments SET body = @body, edited_at = @now, status = CASE WHEN @premoderate = 1 THEN 'pending' ELSE status END WHERE seq = @seq`,
      ),
      erase: db.prepare(
        `UPDATE comments SET removed = 'deleted', body = '', author_name = NULL, author_email = NULL, visitor_id = NULL WHERE seq = ?`,
      ),
      reject: db.prepare(`UPDATE comments SET removed = 'rejected' WHERE seq = ?`),
      hide: db.prepare(`UPDATE comments SET removed = 'hidden' WHERE seq = ?`),
      approve: db.prepare(`UPDATE comments SET status = 'published', removed = NULL WHERE seq = ?`),
      addReport: db.prepare(
        `INSERT OR IGNORE INTO reports (comment_seq, visitor_id, reason, details, created_at, address_hash)
         VALUES (@seq, @visitor, @reason, @details, @now, @address)`,
      ),
      // Distinct reporters of the open reports: visitors, and client addresses (reports from before
      // addresses were recorded have none and count as no address).
      openReporters: db.prepare(
        `SELECT count(DISTINCT visitor_id) AS visitors, count(DISTINCT address_hash) AS addresses FROM reports WHERE comment_seq = ? AND dismissed = 0`,
      ),
      openReports: db.prepare(`SELECT reason, details, created_at FROM reports WHERE comment_seq = ? AND dismissed = 0 ORDER BY created_at, rowid`),
      dismissReports: db.prepare(`UPDATE reports SET dismissed = 1 WHERE comment_seq = ? AND dismissed = 0`),
      // The moderation queue: pending comments, and comments shown or hidden that have open reports.
      queue: db.prepare(
        `SELECT * FROM comments WHERE seq IN (
           SELECT seq FROM comments WHERE status = 'pending' AND removed IS NULL AND seq > @after
           UNION SELECT comment_seq FROM reports WHERE dismissed = 0 AND comment_seq > @after
         ) AND (removed IS NULL OR removed = 'hidden')
         ORDER BY seq LIMIT @limit`,
      ),
      getMeta: db.prepare(`SELECT value FROM meta WHERE key = ?`),
      setMetaOnce: db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)`),
      reactions: db.prepare(
        `SELECT coalesce(sum(value = 'like'), 0) AS likes, coalesce(sum(value = 'dislike'), 0) AS dislikes FROM reactions WHERE thread = ?`,
      ),
      mine: db.prepare(`SELECT value FROM reactions WHERE thread = ? AND visitor_id = ?`),
      react: db.prepare(
        `INSERT INTO reactions (thread, visitor_id, value, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (thread, visitor_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      ),
      count: db.prepare(`SELECT count(*) AS n FROM comments WHERE thread = ?`),
    };
  }

  /** The comments of a thread that `visitor` (null: anyone) does not see as themselves. */
  private exceptions(thread: string, visitor: string | null): Exceptions {
    return exceptions(this.q.forest.all(thread) as ForestRow[], visitor);
  }

  /** How many comments of a thread `visitor` sees as themselves (what `total` says). */
  private anchorCount(thread: string, ex: Exceptions): number {
    return (this.q.countThread.get(thread) as { n: number }).n - ex.unlisted.size - ex.placeholders.size;
  }

  /** True when `row` is listed as itself for `visitor`: it shows itself and nothing above it blocks it (as `exceptions` decides). */
  private isAnchor(row: Row, visitor: string | null): boolean {
    if (!showsItself(row, visitor)) return false;
    for (let parentId = row.parent_id; parentId !== null; ) {
      const p = this.q.byId.get(parentId) as Row | undefined;
      if (!p || p.thread !== row.thread || blocks(p, visitor)) return false;
      parentId = p.parent_id;
    }
    return true;
  }

  /** The comment `id` of `thread` when `visitor` can act on it (like, report, reply): listed as itself. */
  private actionable(thread: string, id: string, visitor: string | null): Row | undefined {
    const row = this.q.byId.get(id) as Row | undefined;
    return row && row.thread === thread && this.isAnchor(row, visitor) ? row : undefined;
  }

  /** Listed comments as the visitor sees them, in the given order: placeholders, or themselves with whether the visitor likes them. */
  private materialize(rows: readonly Row[], ex: Exceptions, visitor: string | null): Comment[] {
    const mine = new Set(
      visitor === null || rows.length === 0
        ? []
        : (this.q.likedBy.all({ seqs: JSON.stringify(rows.map((r) => r.seq)), visitor }) as { seq: number }[]).map((r) => r.seq),
    );
    return rows.map((r) => (ex.placeholders.has(r.seq) ? toPlaceholder(r) : toComment({ ...r, mine: mine.has(r.seq) ? 1 : 0 })));
  }

  /**
   * One page: up to `limit` top-level comments after the cursor, each with its reply count and
   * its first `firstReplies` listed replies (oldest first), never more than `maxComments`
   * comments in all. A comment with more replies gets a replies cursor (in `moreReplies`);
   * listing with it returns the next replies of that comment only. Removed comments with shown
   * replies are placeholders; `total` counts what is listed as itself.
   */
  list(
    thread: string,
    opts: { limit: number; sort: Sort; cursor: PageCursor | null; visitor: string | null; maxComments: number; firstReplies: number },
  ): { comments: Comment[]; next: PageCursor | null; total: number; moreReplies: Map<string, PageCursor> } {
    return this.db.transaction(() => {
      const visitor = opts.visitor;
      const ex = this.exceptions(thread, visitor);
      const unlisted = JSON.stringify([...ex.unlisted]);
      const total = this.anchorCount(thread, ex);
      const moreReplies = new Map<string, PageCursor>();
      const replies = (root: number, after: number, limit: number): Row[] => this.q.replies.all({ root, after, unlisted, limit }) as Row[];
      if (opts.cursor?.replies) {
        // Only replies of a top-level comment of this thread that this visitor can see (itself or as a placeholder).
        const root = this.q.topBySeq.get({ seq: opts.cursor.top, thread, unlisted }) as { seq: number } | undefined;
        const rows = root ? replies(root.seq, opts.cursor.reply, opts.maxComments + 1) : [];
        const shown = rows.slice(0, opts.maxComments);
        const next = rows.length > shown.length ? { top: opts.cursor.top, reply: shown[shown.length - 1]!.seq, replies: true } : null;
        return { comments: this.materialize(shown, ex, visitor), next, total, moreReplies };
      }
      let budget = opts.maxComments;
      let lastTop = opts.cursor?.top ?? null;
      const params = { thread, unlisted, limit: opts.limit + 1 };
      // For 'liked', the cursor's `top` is an offset (likes change; a page may repeat or skip one that moved).
      const offset = opts.sort === 'liked' ? (opts.cursor?.top ?? 0) : 0;
      const tops = (
        opts.sort === 'oldest'
          ? this.q.topOldest.all({ ...params, after: lastTop ?? 0 })
          : opts.sort === 'newest'
            ? this.q.topNewest.all({ ...params, before: lastTop ?? Number.MAX_SAFE_INTEGER })
            : ex.placeholders.size > 0
              ? this.q.topLikedPlaceholders.all({ ...params, offset, placeholders: JSON.stringify([...ex.placeholders]) })
              : this.q.topLiked.all({ ...params, offset })
      ) as Row[];
      let next: PageCursor | null = null;
      const rows: Row[] = [];
      const replyCounts = new Map<number, number>();
      for (const [n, t] of tops.entries()) {
        if (n === opts.limit || budget === 0) {
          next = { top: opts.sort === 'liked' ? offset + n : lastTop!, reply: 0 };
          break;
        }
        // replyCount counts the listed replies (placeholders included): what "Show N more replies" pages through.
        const count = (this.q.replyCount.get({ root: t.seq, unlisted }) as { n: number }).n;
        if (count > 0) replyCounts.set(t.seq, count);
        const shown = count > 0 ? replies(t.seq, 0, Math.min(opts.firstReplies, budget - 1)) : [];
        if (shown.length < count) moreReplies.set(t.id, { top: t.seq, reply: shown.length ? shown[shown.length - 1]!.seq : 0, replies: true });
        rows.push(t, ...shown);
        budget -= 1 + shown.length;
        lastTop = t.seq;
      }
      const comments = this.materialize(rows, ex, visitor);
      rows.forEach((r, i) => {
        const count = replyCounts.get(r.seq);
        if (count !== undefined) comments[i]!.replyCount = count;
      });
      return { comments, next, total, moreReplies };
    })();
  }

  /** Comments everyone can see in each thread (what an anonymous visitor's `total` would be). */
  counts(threads: readonly string[]): Record<string, number> {
    return this.db.transaction(() => Object.fromEntries(threads.map((t) => [t, this.anchorCount(t, this.exceptions(t, null))])))();
  }

  /**
   * Likes (or un-likes) a comment this visitor can see, once per visitor. Null when there is no
   * such comment in the thread (or only its placeholder).
   */
  like(thread: string, id: string, visitor: string, liked: boolean): Comment | null {
    return this.db.transaction(() => {
      const row = this.actionable(thread, id, visitor);
      if (!row) return null;
      if (liked) this.q.addLike.run({ seq: row.seq, visitor, now: new Date().toISOString() });
      else this.q.removeLike.run({ seq: row.seq, visitor });
      this.q.countLikes.run({ seq: row.seq });
      const c = toComment(this.q.byId.get(id) as Row);
      if (liked) c.liked = true;
      return c;
    })();
  }

  /**
   * Records a visitor's report on a comment they can see (a repeat by the same visitor changes
   * nothing). `addressHash` identifies the client address the report came from (a keyed hash,
   * never the address). A published comment is hidden once its open reports come from
   * `hideAfter` (> 0) distinct visitors AND as many distinct addresses: visitor ids are chosen by
   * the client, so one client alone never hides a comment. False when there is no such comment.
   */
  report(
    thread: string,
    id: string,
    visitor: string,
    addressHash: string,
    report: { reason: ReportReason; details?: string | null },
    hideAfter: number,
  ): boolean {
    return this.db.transaction(() => {
      const row = this.actionable(thread, id, visitor);
      if (!row) return false;
      this.q.addReport.run({
        seq: row.seq,
        visitor,
        reason: report.reason,
        details: report.details ?? null,
        now: new Date().toISOString(),
        address: addressHash,
      });
      if (hideAfter > 0 && row.status === 'published' && row.removed === null) {
        const n = this.q.openReporters.get(row.seq) as { visitors: number; addresses: number };
        if (n.visitors >= hideAfter && n.addresses >= hideAfter) this.q.hide.run(row.seq);
      }
      return true;
    })();
  }

  /**
   * What an idempotency key already produced in this thread: the comment (a pending one only for
   * its own author), 'removed' when that comment was deleted, rejected or hidden since, 'conflict'
   * when the key is someone else's pending comment, or null for a new key.
   */
  replay(thread: string, key: string, visitor: string | null): Comment | 'removed' | 'conflict' | null {
    const hit = this.q.keyed.get(thread, key) as { comment_id: string } | undefined;
    if (!hit) return null;
    const row = this.q.byId.get(hit.comment_id) as Row | undefined;
    if (!row || row.removed !== null) return 'removed';
    if (row.status === 'pending' && row.visitor_id !== visitor) return 'conflict';
    return toComment(row);
  }

  /**
   * Inserts a comment atomically: replays an idempotency key, checks the parent, the depth and
   * a double post, then stores the comment and the key in one transaction. A new comment that
   * everyone can see comes with its announcement for the live stream.
   */
  insert(input: NewCommentRow, opts: { key: string; maxDepth: number; duplicateWindowSeconds: number }): InsertResult {
    return this.db.transaction((): InsertResult => {
      const replayed = this.replay(input.thread, opts.key, input.visitorId);
      if (replayed === 'removed' || replayed === 'conflict') return { ok: false, reason: replayed };
      if (replayed) return { ok: true, comment: replayed, replayed: true, announcements: [] };
      let parent: Row | undefined;
      if (input.parentId !== null) {
        // Only a comment the poster sees as itself can be answered (not a placeholder, not someone else's pending one).
        parent = this.actionable(input.thread, input.parentId, input.visitorId);
        if (!parent) return { ok: false, reason: 'parent-missing' };
        if (parent.depth + 1 > opts.maxDepth) return { ok: false, reason: 'too-deep' };
      }
      if (opts.duplicateWindowSeconds > 0) {
        const since = new Date(Date.parse(input.createdAt) - opts.duplicateWindowSeconds * 1000).toISOString();
        const last = this.q.lastBy.get({
          thread: input.thread,
          since,
          visitor: input.visitorId,
          name: input.authorName,
          email: input.authorEmail,
        }) as Row | undefined;
        if (last && last.body === input.body && last.parent_id === input.parentId) return { ok: false, reason: 'duplicate' };
      }
      const id = `c_${randomBytes(12).toString('base64url')}`;
      const info = this.q.insert.run({
        id,
        thread: input.thread,
        parent_id: input.parentId,
        root_seq: parent ? parent.root_seq : 0,
        depth: parent ? parent.depth + 1 : 0,
        author_name: input.authorName,
        author_email: input.authorEmail,
        body: input.body,
        created_at: input.createdAt,
        status: input.status,
        visitor_id: input.visitorId,
      });
      if (!parent) this.q.fixRoot.run(info.lastInsertRowid);
      this.q.remember.run(input.thread, opts.key, id, input.createdAt);
      const row = this.q.byId.get(id) as Row;
      const announcements = this.isAnchor(row, null) ? [this.announce(row)] : [];
      return { ok: true, comment: toComment(row), replayed: false, announcements };
    })();
  }

  /** Numbers a comment that everyone can now see for the thread's event stream. */
  private announce(row: Row): Announcement {
    this.q.announce.run({ thread: row.thread, seq: row.seq });
    const fresh = this.q.bySeq.get(row.seq) as Row;
    return { id: fresh.announced!, comment: toComment(fresh) };
  }

  /** Comments announced in a thread after event `after` that everyone can still see, oldest first, at most `max`. */
  announcedSince(thread: string, after: number, max: number): Announcement[] {
    return this.db.transaction(() => {
      const ex = this.exceptions(thread, null);
      const out: Announcement[] = [];
      for (const r of this.q.announcedSince.iterate(thread, after) as IterableIterator<Row>) {
        if (ex.unlisted.has(r.seq) || ex.placeholders.has(r.seq)) continue;
        out.push({ id: r.announced!, comment: toComment(r) });
        if (out.length === max) break;
      }
      return out;
    })();
  }

  /**
   * Whether the author (already proven by their token) may change comment `id` of `thread` at
   * `now`: it exists and is not removed, its window (`windowMs` after posting) is open, and
   * nobody answered it (any reply, whatever its state).
   */
  authorCheck(thread: string, id: string, now: number, windowMs: number): AuthorCheck {
    const row = this.q.byId.get(id) as Row | undefined;
    if (!row || row.thread !== thread || row.removed !== null) return 'not-found';
    if (now >= Date.parse(row.created_at) + windowMs) return 'edit-window-closed';
    if (this.q.hasReply.get(id)) return 'has-replies';
    return 'ok';
  }

  /**
   * Replaces the body of the author's comment (checks as `authorCheck`, atomically). With
   * `premoderate`, the comment goes back to 'pending' (shown to its author only, in the
   * moderation queue): approved text must not turn into something else unreviewed.
   */
  edit(thread: string, id: string, body: string, now: number, windowMs: number, premoderate = false): Comment | Exclude<AuthorCheck, 'ok'> {
    return this.db.transaction(() => {
      const check = this.authorCheck(thread, id, now, windowMs);
      if (check !== 'ok') return check;
      const row = this.q.byId.get(id) as Row;
      this.q.edit.run({ seq: row.seq, body, now: new Date(now).toISOString(), premoderate: premoderate ? 1 : 0 });
      return toComment(this.q.byId.get(id) as Row);
    })();
  }

  /** Deletes the author's comment: gone from the thread, its text and author data erased (checks as `authorCheck`). */
  deleteOwn(thread: string, id: string, now: number, windowMs: number): AuthorCheck {
    return this.db.transaction(() => {
      const check = this.authorCheck(thread, id, now, windowMs);
      if (check !== 'ok') return check;
      const row = this.q.byId.get(id) as Row;
      this.q.erase.run(row.seq);
      this.q.dismissReports.run(row.seq);
      return 'ok';
    })();
  }

  /**
   * A page of the moderation queue across all threads, oldest first: pending comments, and
   * comments (shown or hidden) with open reports. `next` is the seq to continue after.
   */
  queue(after: number, limit: number): { items: ModerationItem[]; next: number | null } {
    return this.db.transaction(() => {
      const rows = this.q.queue.all({ after, limit: limit + 1 }) as Row[];
      const page = rows.slice(0, limit);
      const items = page.map((r): ModerationItem => {
        const reports = (this.q.openReports.all(r.seq) as { reason: ReportReason; details: string | null; created_at: string }[]).map(
          (x): CommentReport => (x.details ? { reason: x.reason, details: x.details, createdAt: x.created_at } : { reason: x.reason, createdAt: x.created_at }),
        );
        const item: ModerationItem = { thread: r.thread, comment: toComment(r), reports };
        if (r.author_email) item.authorEmail = r.author_email;
        return item;
      });
      return { items, next: rows.length > limit ? page[page.length - 1]!.seq : null };
    })();
  }

  /**
   * A moderator's decision on comment `id` of `thread`. 'approve' publishes a pending comment or
   * restores a hidden one, and dismisses its open reports; 'reject' removes it from the thread
   * (text kept); 'delete' removes it and erases its text and author. Returns the comments that
   * everyone can see because of it (to announce), 'not-found', or 'removed' for approving a
   * comment already rejected or deleted.
   */
  moderate(thread: string, id: string, action: ModerationAction): Announcement[] | 'not-found' | 'removed' {
    return this.db.transaction(() => {
      const row = this.q.byId.get(id) as Row | undefined;
      if (!row || row.thread !== thread) return 'not-found';
      const gone = row.removed === 'deleted' || row.removed === 'rejected';
      if (action === 'approve' && gone) return 'removed';
      const hiddenBefore = this.exceptions(thread, null);
      if (action === 'approve') this.q.approve.run(row.seq);
      else if (action === 'reject' && !gone) this.q.reject.run(row.seq);
      else if (action === 'delete') this.q.erase.run(row.seq);
      this.q.dismissReports.run(row.seq);
      // Approving can show a comment, and replies of it that were waiting on it; rejecting
      // someone's pending comment can show replies under it (as its placeholder).
      const hiddenAfter = this.exceptions(thread, null);
      const fresh = [...hiddenBefore.unlisted, ...hiddenBefore.placeholders]
        .filter((seq) => !hiddenAfter.unlisted.has(seq) && !hiddenAfter.placeholders.has(seq))
        .sort((a, b) => a - b);
      return fresh.map((seq) => this.announce(this.q.bySeq.get(seq) as Row));
    })();
  }

  /** The value of server state `key`, set to `make()` the first time it is asked for. */
  meta(key: string, make: () => string): string {
    return this.db.transaction(() => {
      this.q.setMetaOnce.run(key, make());
      return (this.q.getMeta.get(key) as { value: string }).value;
    })();
  }

  /** Reaction counts, and this visitor's own. */
  reactions(thread: string, visitor: string | null): ReactionSummary {
    const counts = this.q.reactions.get(thread) as { likes: number; dislikes: number };
    const mine = visitor ? ((this.q.mine.get(thread, visitor) as { value: ReactionValue } | undefined)?.value ?? null) : null;
    return { likes: counts.likes, dislikes: counts.dislikes, mine };
  }

  /** Casts or changes a visitor's reaction. */
  react(thread: string, visitor: string, value: ReactionValue): ReactionSummary {
    return this.db.transaction(() => {
      this.q.react.run(thread, visitor, value, new Date().toISOString());
      return this.reactions(thread, visitor);
    })();
  }

  /** Number of comments stored in a thread (all statuses). */
  countAll(thread: string): number {
    return (this.q.count.get(thread) as { n: number }).n;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
