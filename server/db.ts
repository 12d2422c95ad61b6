/**
 * The reference server's storage: one SQLite file through better-sqlite3 (synchronous, so a
 * write is committed — WAL, synchronous=FULL — before the HTTP answer acknowledges it).
 * Schema created and migrated on open (PRAGMA user_version).
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Comment, CommentStatus, ReactionSummary, ReactionValue, SortOrder } from '../src/core/adapter.js';

const MIGRATIONS: string[] = [
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
  status: CommentStatus;
  visitor_id: string | null;
  likes: number;
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
  status: CommentStatus;
  visitorId: string | null;
  createdAt: string;
}

/** Order of top-level comments: the contract's. */
export type Sort = SortOrder;

/** Result of an insert attempt. */
export type InsertResult =
  | { ok: true; comment: Comment; replayed: boolean }
  | { ok: false; reason: 'parent-missing' | 'too-deep' | 'duplicate' | 'removed' | 'conflict' };

/**
 * Where the next page starts: after top-level comment `top`; or, for a replies cursor
 * (`replies: true`), within the replies of top-level comment `top` after reply `reply`.
 */
export interface PageCursor {
  top: number;
  reply: number;
  replies?: boolean;
}

function toComment(r: Row): Comment {
  const c: Comment = { id: r.id, parentId: r.parent_id, authorName: r.author_name, body: r.body, createdAt: r.created_at, status: r.status };
  if (r.likes > 0) c.likes = r.likes;
  if (r.mine) c.liked = true;
  return c;
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
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return new Store(db);
}

/** Queries and writes. Every method is synchronous and atomic. */
export class Store {
  private readonly q;

  constructor(readonly db: Database.Database) {
    const visible = `(status = 'published' OR (visitor_id IS NOT NULL AND visitor_id = @visitor))`;
    // Listed comments carry whether this visitor likes them (the visitor's likes are one indexed lookup each).
    const listed = `SELECT *, EXISTS (SELECT 1 FROM comment_likes l WHERE l.comment_seq = comments.seq AND l.visitor_id = @visitor) AS mine FROM comments`;
    this.q = {
      topOldest: db.prepare(
        `${listed} WHERE thread = @thread AND depth = 0 AND ${visible} AND seq > @after ORDER BY seq LIMIT @limit`,
      ),
      topNewest: db.prepare(
        `${listed} WHERE thread = @thread AND depth = 0 AND ${visible} AND seq < @before ORDER BY seq DESC LIMIT @limit`,
      ),
      replies: db.prepare(
        `${listed} WHERE root_seq = @root AND depth > 0 AND ${visible} AND seq > @after ORDER BY seq LIMIT @limit`,
      ),
      topLiked: db.prepare(
        `${listed} WHERE thread = @thread AND depth = 0 AND ${visible} ORDER BY likes DESC, seq LIMIT @limit OFFSET @offset`,
      ),
      addLike: db.prepare(`INSERT OR IGNORE INTO comment_likes (comment_seq, visitor_id, created_at) VALUES (@seq, @visitor, @now)`),
      removeLike: db.prepare(`DELETE FROM comment_likes WHERE comment_seq = @seq AND visitor_id = @visitor`),
      countLikes: db.prepare(`UPDATE comments SET likes = (SELECT count(*) FROM comment_likes WHERE comment_seq = @seq) WHERE seq = @seq`),
      // A comment this visitor can see: visible itself and under a visible top-level comment (as listing shows).
      visibleById: db.prepare(
        `SELECT c.* FROM comments c JOIN comments r ON r.seq = c.root_seq
         WHERE c.id = @id AND c.thread = @thread AND ${visible.replace(/status|visitor_id/g, (m) => `c.${m}`)} AND ${visible.replace(/status|visitor_id/g, (m) => `r.${m}`)}`,
      ),
      replyCount: db.prepare(`SELECT count(*) AS n FROM comments WHERE root_seq = @root AND depth > 0 AND ${visible}`),
      topBySeq: db.prepare(`SELECT * FROM comments WHERE seq = @seq AND thread = @thread AND depth = 0 AND ${visible}`),
      // Comments this visitor can see: visible themselves and under a visible top-level comment.
      total: db.prepare(
        `SELECT count(*) AS n FROM comments c JOIN comments r ON r.seq = c.root_seq
         WHERE c.thread = @thread AND ${visible.replace(/status|visitor_id/g, (m) => `c.${m}`)} AND ${visible.replace(/status|visitor_id/g, (m) => `r.${m}`)}`,
      ),
      byId: db.prepare(`SELECT * FROM comments WHERE id = ?`),
      keyed: db.prepare(`SELECT comment_id FROM idempotency WHERE thread = ? AND key = ?`),
      lastBy: db.prepare(
        `SELECT * FROM comments WHERE thread = @thread AND created_at >= @since AND
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

  /**
   * One page: up to `limit` top-level comments after the cursor, each with its reply count and
   * its first `firstReplies` visible replies (oldest first), never more than `maxComments`
   * comments in all. A comment with more replies gets a replies cursor (in `moreReplies`);
   * listing with it returns the next replies of that comment only.
   */
  list(
    thread: string,
    opts: { limit: number; sort: Sort; cursor: PageCursor | null; visitor: string | null; maxComments: number; firstReplies: number },
  ): { comments: Comment[]; next: PageCursor | null; total: number; moreReplies: Map<string, PageCursor> } {
    return this.db.transaction(() => {
      const comments: Comment[] = [];
      const moreReplies = new Map<string, PageCursor>();
      const visitor = opts.visitor;
      const replies = (root: number, after: number, limit: number): Row[] => this.q.replies.all({ root, after, visitor, limit }) as Row[];
      if (opts.cursor?.replies) {
        // Only replies of a top-level comment of this thread that this visitor can see.
        const root = this.q.topBySeq.get({ seq: opts.cursor.top, thread, visitor }) as Row | undefined;
        const rows = root ? replies(root.seq, opts.cursor.reply, opts.maxComments + 1) : [];
        const shown = rows.slice(0, opts.maxComments);
        const next = rows.length > shown.length ? { top: opts.cursor.top, reply: shown[shown.length - 1]!.seq, replies: true } : null;
        return { comments: shown.map(toComment), next, total: this.count(thread, visitor), moreReplies };
      }
      let budget = opts.maxComments;
      let lastTop = opts.cursor?.top ?? null;
      const params = { thread, visitor, limit: opts.limit + 1 };
      // For 'liked', the cursor's `top` is an offset (likes change; a page may repeat or skip one that moved).
      const offset = opts.sort === 'liked' ? (opts.cursor?.top ?? 0) : 0;
      const tops = (
        opts.sort === 'oldest'
          ? this.q.topOldest.all({ ...params, after: lastTop ?? 0 })
          : opts.sort === 'newest'
            ? this.q.topNewest.all({ ...params, before: lastTop ?? Number.MAX_SAFE_INTEGER })
            : this.q.topLiked.all({ ...params, offset })
      ) as Row[];
      let next: PageCursor | null = null;
      for (const [n, t] of tops.entries()) {
        if (n === opts.limit || budget === 0) {
          next = { top: opts.sort === 'liked' ? offset + n : lastTop!, reply: 0 };
          break;
        }
        const head = toComment(t);
        const count = (this.q.replyCount.get({ root: t.seq, visitor }) as { n: number }).n;
        if (count > 0) head.replyCount = count;
        const shown = count > 0 ? replies(t.seq, 0, Math.min(opts.firstReplies, budget - 1)) : [];
        if (shown.length < count) moreReplies.set(head.id, { top: t.seq, reply: shown.length ? shown[shown.length - 1]!.seq : 0, replies: true });
        comments.push(head, ...shown.map(toComment));
        budget -= 1 + shown.length;
        lastTop = t.seq;
      }
      return { comments, next, total: this.count(thread, visitor), moreReplies };
    })();
  }

  /**
   * Likes (or un-likes) a comment this visitor can see, once per visitor. Null when there is no
   * such comment in the thread.
   */
  like(thread: string, id: string, visitor: string, liked: boolean): Comment | null {
    return this.db.transaction(() => {
      const row = this.q.visibleById.get({ id, thread, visitor }) as Row | undefined;
      if (!row) return null;
      if (liked) this.q.addLike.run({ seq: row.seq, visitor, now: new Date().toISOString() });
      else this.q.removeLike.run({ seq: row.seq, visitor });
      this.q.countLikes.run({ seq: row.seq });
      const c = toComment(this.q.byId.get(id) as Row);
      if (liked) c.liked = true;
      return c;
    })();
  }

  private count(thread: string, visitor: string | null): number {
    return (this.q.total.get({ thread, visitor }) as { n: number }).n;
  }

  /**
   * What an idempotency key already produced in this thread: the comment (a pending one only for
   * its own author), 'removed' when that comment was deleted since, 'conflict' when the key is
   * someone else's pending comment, or null for a new key.
   */
  replay(thread: string, key: string, visitor: string | null): Comment | 'removed' | 'conflict' | null {
    const hit = this.q.keyed.get(thread, key) as { comment_id: string } | undefined;
    if (!hit) return null;
    const row = this.q.byId.get(hit.comment_id) as Row | undefined;
    if (!row) return 'removed';
    if (row.status === 'pending' && row.visitor_id !== visitor) return 'conflict';
    return toComment(row);
  }

  /**
   * Inserts a comment atomically: replays an idempotency key, checks the parent, the depth and
   * a double post, then stores the comment and the key in one transaction.
   */
  insert(input: NewCommentRow, opts: { key: string; maxDepth: number; duplicateWindowSeconds: number }): InsertResult {
    return this.db.transaction((): InsertResult => {
      const replayed = this.replay(input.thread, opts.key, input.visitorId);
      if (replayed === 'removed' || replayed === 'conflict') return { ok: false, reason: replayed };
      if (replayed) return { ok: true, comment: replayed, replayed: true };
      let parent: Row | undefined;
      if (input.parentId !== null) {
        parent = this.q.byId.get(input.parentId) as Row | undefined;
        const visible = parent && (parent.status === 'published' || (parent.visitor_id !== null && parent.visitor_id === input.visitorId));
        if (!parent || parent.thread !== input.thread || !visible) return { ok: false, reason: 'parent-missing' };
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
      return { ok: true, comment: toComment(this.q.byId.get(id) as Row), replayed: false };
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
