/**
 * The reference server's storage: one set of queries (Kysely) over SQLite (better-sqlite3, the
 * embedded default) or PostgreSQL (node-postgres, pooled). Every method is atomic; a write is
 * committed before it resolves, so an answer acknowledges only what is stored.
 *
 * Writes to a thread take the thread's row lock first (`threads`), so that, on PostgreSQL with
 * several instances, the checks and numbering of one write never interleave with another's.
 * Announcements (comments that everyone can now see) are numbered per thread and signalled
 * after commit to every instance (see `subscribe`).
 */
import { randomBytes } from 'node:crypto';
import { CompiledQuery, sql, type Kysely, type Selectable } from 'kysely';
import type { Comment, CommentReport, CommentStatus, ModerationAction, ModerationItem, ReactionSummary, ReactionValue, ReportReason, SortOrder } from '../../src/core/adapter.js';
import type { CommentsTable, Schema } from './tables.js';
import { refreshTree, storedView, viewsOf, type Db, type View } from './trees.js';

type Row = Selectable<CommentsTable>;

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
  | { ok: true; comment: Comment; replayed: boolean }
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

/** A page as `list` returns it. */
export interface ListedPage {
  comments: Comment[];
  next: PageCursor | null;
  total: number;
  moreReplies: Map<string, PageCursor>;
}

/**
 * Told after commit that thread `thread` has announcements up to event `last`; `thread` null:
 * signals may have been missed (the listening connection was lost), so catch up on every thread.
 */
export type AnnouncementListener = (thread: string | null, last: number) => void;

/** The contract's status of a stored comment. */
export function apiStatus(r: Pick<Row, 'status' | 'removed'>): CommentStatus {
  if (r.removed === 'hidden') return 'hidden';
  if (r.removed !== null) return 'deleted';
  return r.status;
}

function toComment(r: Row, liked = false): Comment {
  const c: Comment = { id: r.id, parentId: r.parent_id, authorName: r.author_name, body: r.body, createdAt: r.created_at, status: apiStatus(r) };
  if (r.likes > 0) c.likes = r.likes;
  if (liked) c.liked = true;
  if (r.edited_at) c.editedAt = r.edited_at;
  return c;
}

/** A removed comment listed in its place because replies under it are shown: nothing of what was said. */
function toPlaceholder(r: Row): Comment {
  return { id: r.id, parentId: r.parent_id, authorName: null, body: '', createdAt: r.created_at, status: apiStatus(r) };
}

/** The trees in which one visitor sees more than everyone: those holding their comments awaiting moderation. */
interface VisitorTrees {
  roots: Set<number>;
  /** Full rows of those trees, by seq, in seq order. */
  rows: Row[];
  views: Map<number, View>;
  /** Comments the visitor sees as themselves in those trees, minus those everyone does. */
  anchorDelta: number;
}

const NO_TREES: VisitorTrees = { roots: new Set(), rows: [], views: new Map(), anchorDelta: 0 };

/** A rate limit: `limit` requests per `windowMs` for each key, in bucket `bucket` (0: no limit). */
export interface RateLimit {
  bucket: string;
  limit: number;
  windowMs: number;
}

/** Which store: the embedded file or a PostgreSQL server. */
export type StoreKind = 'sqlite' | 'postgres';

export class Store {
  private readonly listeners = new Set<AnnouncementListener>();

  constructor(
    readonly db: Kysely<Schema>,
    readonly kind: StoreKind,
    /** Closes the connections (and, for PostgreSQL, the notification listener). */
    private readonly shutdown: () => Promise<void>,
    /** Signals announcements to every instance (PostgreSQL: NOTIFY within the transaction); null: this process only. */
    private readonly notify: ((db: Db, thread: string, last: number) => Promise<void>) | null,
  ) {}

  /** Listens for announcements committed by any instance (this one included). Returns the unsubscribe. */
  subscribe(listener: AnnouncementListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers a signal (from this process, or from PostgreSQL's LISTEN). */
  signal(thread: string | null, last: number): void {
    for (const l of this.listeners) l(thread, last);
  }

  /** A raw query with `?` placeholders (tests, maintenance). */
  async execute<T = Record<string, unknown>>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    let n = 0;
    const compiled = this.kind === 'postgres' ? text.replace(/\?/g, () => `$${++n}`) : text;
    const result = await this.db.executeQuery<T>(CompiledQuery.raw(compiled, [...params]));
    return result.rows;
  }

  /** True when the database answers. */
  async ping(): Promise<boolean> {
    try {
      await sql`SELECT 1`.execute(this.db);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * A write to `thread`: one transaction holding the thread's lock; the announcements it made
   * are signalled once it is committed.
   */
  private async write<T>(thread: string, work: (trx: Db, announce: (row: Row) => Promise<Announcement>) => Promise<T>): Promise<T> {
    let last = 0;
    const result = await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('threads')
        .values({ thread, last_event: 0 })
        .onConflict((oc) => oc.column('thread').doUpdateSet({ last_event: (eb) => eb.ref('threads.last_event') }))
        .execute();
      const announce = async (row: Row): Promise<Announcement> => {
        const { last_event } = await trx
          .insertInto('threads')
          .values({ thread, last_event: 1 })
          .onConflict((oc) => oc.column('thread').doUpdateSet({ last_event: sql<number>`threads.last_event + 1` }))
          .returning('last_event')
          .executeTakeFirstOrThrow();
        await trx.updateTable('comments').set({ announced: last_event }).where('seq', '=', row.seq).execute();
        last = last_event;
        return { id: last_event, comment: toComment({ ...row, announced: last_event }) };
      };
      const out = await work(trx, announce);
      if (last > 0 && this.notify) await this.notify(trx, thread, last);
      return out;
    });
    if (last > 0 && !this.notify) this.signal(thread, last);
    return result;
  }

  private byId(db: Db, id: string): Promise<Row | undefined> {
    return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  private bySeq(db: Db, seq: number): Promise<Row> {
    return db.selectFrom('comments').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();
  }

  /** The trees of `thread` in which `visitor` sees more than everyone (see trees.ts). */
  private async visitorTrees(db: Db, thread: string, visitor: string | null): Promise<VisitorTrees> {
    if (visitor === null) return NO_TREES;
    const own = await db
      .selectFrom('comments')
      .select('root_seq')
      .distinct()
      .where('thread', '=', thread)
      .where('visitor_id', '=', visitor)
      .where('status', '=', 'pending')
      .where('removed', 'is', null)
      .execute();
    if (own.length === 0) return NO_TREES;
    const roots = new Set(own.map((r) => r.root_seq));
    const rows = await db.selectFrom('comments').selectAll().where('root_seq', 'in', [...roots]).orderBy('seq').execute();
    const views = viewsOf(rows, visitor);
    let anchorDelta = 0;
    for (const r of rows) anchorDelta += (views.get(r.seq) === 'self' ? 1 : 0) - (r.anchor ? 1 : 0);
    return { roots, rows, views, anchorDelta };
  }

  private view(r: Row, vt: VisitorTrees): View {
    return vt.roots.has(r.root_seq) ? vt.views.get(r.seq)! : storedView(r);
  }

  /** Comments everyone sees as themselves in a thread. */
  private async publicTotal(db: Db, thread: string): Promise<number> {
    const r = await db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('thread', '=', thread)
      .where('anchor', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** The comment `id` of `thread` when `visitor` can act on it (like, report, reply): shown to them as itself. */
  private async actionable(db: Db, thread: string, id: string, visitor: string | null): Promise<Row | undefined> {
    const row = await this.byId(db, id);
    if (!row || row.thread !== thread) return undefined;
    if (row.anchor) return row;
    if (visitor === null) return undefined;
    const tree = await db
      .selectFrom('comments')
      .select(['seq', 'id', 'parent_id', 'status', 'removed', 'visitor_id'])
      .where('root_seq', '=', row.root_seq)
      .orderBy('seq')
      .execute();
    return viewsOf(tree, visitor).get(row.seq) === 'self' ? row : undefined;
  }

  /** Listed comments as the visitor sees them, in the given order: placeholders, or themselves with whether the visitor likes them. */
  private async materialize(db: Db, rows: readonly Row[], vt: VisitorTrees, visitor: string | null): Promise<Comment[]> {
    const own = rows.filter((r) => this.view(r, vt) === 'self').map((r) => r.seq);
    const mine = new Set<number>();
    if (visitor !== null && own.length > 0) {
      const liked = await db
        .selectFrom('comment_likes')
        .select('comment_seq')
        .where('visitor_id', '=', visitor)
        .where('comment_seq', 'in', own)
        .execute();
      for (const l of liked) mine.add(l.comment_seq);
    }
    return rows.map((r) => (this.view(r, vt) === 'self' ? toComment(r, mine.has(r.seq)) : toPlaceholder(r)));
  }

  /**
   * One page: up to `limit` top-level comments after the cursor, each with its reply count and
   * its first `firstReplies` listed replies (oldest first), never more than `maxComments`
   * comments in all. A comment with more replies gets a replies cursor (in `moreReplies`);
   * listing with it returns the next replies of that comment only. Removed comments with shown
   * replies are placeholders; `total` counts what is listed as itself. A handful of indexed
   * queries, whatever the thread holds besides.
   */
  async list(
    thread: string,
    opts: { limit: number; sort: Sort; cursor: PageCursor | null; visitor: string | null; maxComments: number; firstReplies: number },
  ): Promise<ListedPage> {
    const db = this.db;
    const vt = await this.visitorTrees(db, thread, opts.visitor);
    const total = (await this.publicTotal(db, thread)) + vt.anchorDelta;
    const moreReplies = new Map<string, PageCursor>();
    const treeReplies = (root: number, after: number): Row[] =>
      vt.rows.filter((r) => r.root_seq === root && r.depth > 0 && r.seq > after && vt.views.get(r.seq) !== 'none');

    if (opts.cursor?.replies) {
      // Only replies of a top-level comment of this thread that this visitor can see (itself or as a placeholder).
      const cursor = opts.cursor;
      const root = await db.selectFrom('comments').selectAll().where('seq', '=', cursor.top).where('thread', '=', thread).where('depth', '=', 0).executeTakeFirst();
      let rows: Row[] = [];
      if (root && this.view(root, vt) !== 'none') {
        rows = vt.roots.has(root.seq)
          ? treeReplies(root.seq, cursor.reply).slice(0, opts.maxComments + 1)
          : await db
              .selectFrom('comments')
              .selectAll()
              .where('root_seq', '=', root.seq)
              .where('listed', '=', 1)
              .where('depth', '>', 0)
              .where('seq', '>', cursor.reply)
              .orderBy('seq')
              .limit(opts.maxComments + 1)
              .execute();
      }
      const shown = rows.slice(0, opts.maxComments);
      const next = rows.length > shown.length ? { top: cursor.top, reply: shown[shown.length - 1]!.seq, replies: true } : null;
      return { comments: await this.materialize(db, shown, vt, opts.visitor), next, total, moreReplies };
    }

    // Top-level candidates: everyone's listed ones, and the visitor's own trees (at most that many more to drop).
    const extra = [...vt.roots];
    // For 'liked', the cursor's `top` is an offset (likes change; a page may repeat or skip one that moved).
    const offset = opts.sort === 'liked' ? (opts.cursor?.top ?? 0) : 0;
    let q = db
      .selectFrom('comments')
      .selectAll()
      .where('thread', '=', thread)
      .where('depth', '=', 0)
      .where((eb) => (extra.length === 0 ? eb('listed', '=', 1) : eb.or([eb('listed', '=', 1), eb('seq', 'in', extra)])))
      .limit(opts.limit + 1 + extra.length);
    if (opts.sort === 'oldest') q = q.where('seq', '>', opts.cursor?.top ?? 0).orderBy('seq');
    else if (opts.sort === 'newest') q = (opts.cursor ? q.where('seq', '<', opts.cursor.top) : q).orderBy('seq', 'desc');
    // Placeholders show no likes, so they sort as having none.
    else q = q.orderBy(sql`anchor * likes`, 'desc').orderBy('seq').offset(offset);
    const fetched = await q.execute();
    const candidates: { row: Row; at: number }[] = [];
    for (const [at, row] of fetched.entries()) if (this.view(row, vt) !== 'none') candidates.push({ row, at });

    // Their first replies and reply counts (placeholders included: what "Show N more replies" pages through), in one query.
    const publicRoots = candidates.slice(0, opts.limit).map((c) => c.row.seq).filter((s) => !vt.roots.has(s));
    const first = new Map<number, { rows: Row[]; count: number }>();
    if (publicRoots.length > 0 && opts.firstReplies > 0) {
      const ranked = db
        .selectFrom('comments')
        .selectAll()
        .select([
          sql<number>`row_number() OVER (PARTITION BY root_seq ORDER BY seq)`.as('rn'),
          sql<number>`count(*) OVER (PARTITION BY root_seq)`.as('n'),
        ])
        .where('root_seq', 'in', publicRoots)
        .where('listed', '=', 1)
        .where('depth', '>', 0)
        .as('ranked');
      const rows = await db.selectFrom(ranked).selectAll().where('rn', '<=', opts.firstReplies).orderBy('seq').execute();
      for (const r of rows) {
        const entry = first.get(r.root_seq) ?? { rows: [], count: Number(r.n) };
        entry.rows.push(r);
        first.set(r.root_seq, entry);
      }
    } else if (publicRoots.length > 0) {
      const counts = await db
        .selectFrom('comments')
        .select(['root_seq', (eb) => eb.fn.countAll<number>().as('n')])
        .where('root_seq', 'in', publicRoots)
        .where('listed', '=', 1)
        .where('depth', '>', 0)
        .groupBy('root_seq')
        .execute();
      for (const c of counts) first.set(c.root_seq, { rows: [], count: Number(c.n) });
    }

    let budget = opts.maxComments;
    let next: PageCursor | null = null;
    let lastTop: number | null = opts.cursor?.top ?? null;
    const rows: Row[] = [];
    const replyCounts = new Map<number, number>();
    for (const [n, { row: t, at }] of candidates.entries()) {
      if (n === opts.limit || budget === 0) {
        next = { top: opts.sort === 'liked' ? offset + at : lastTop!, reply: 0 };
        break;
      }
      const own = vt.roots.has(t.seq) ? treeReplies(t.seq, 0) : null;
      const count = own ? own.length : (first.get(t.seq)?.count ?? 0);
      if (count > 0) replyCounts.set(t.seq, count);
      const take = Math.min(opts.firstReplies, budget - 1);
      const shown = (own ?? first.get(t.seq)?.rows ?? []).slice(0, take);
      if (shown.length < count) moreReplies.set(t.id, { top: t.seq, reply: shown.length ? shown[shown.length - 1]!.seq : 0, replies: true });
      rows.push(t, ...shown);
      budget -= 1 + shown.length;
      lastTop = t.seq;
    }
    const comments = await this.materialize(db, rows, vt, opts.visitor);
    rows.forEach((r, i) => {
      const count = replyCounts.get(r.seq);
      if (count !== undefined) comments[i]!.replyCount = count;
    });
    return { comments, next, total, moreReplies };
  }

  /** Comments everyone can see in each thread (what an anonymous visitor's `total` would be). */
  async counts(threads: readonly string[]): Promise<Record<string, number>> {
    const out: Record<string, number> = Object.fromEntries(threads.map((t) => [t, 0]));
    if (threads.length === 0) return out;
    const rows = await this.db
      .selectFrom('comments')
      .select(['thread', (eb) => eb.fn.countAll<number>().as('n')])
      .where('thread', 'in', [...threads])
      .where('anchor', '=', 1)
      .groupBy('thread')
      .execute();
    for (const r of rows) out[r.thread] = Number(r.n);
    return out;
  }

  /**
   * Likes (or un-likes) a comment this visitor can see, once per visitor. Null when there is no
   * such comment in the thread (or only its placeholder).
   */
  like(thread: string, id: string, visitor: string, liked: boolean): Promise<Comment | null> {
    return this.write(thread, async (trx) => {
      const row = await this.actionable(trx, thread, id, visitor);
      if (!row) return null;
      if (liked) {
        await trx
          .insertInto('comment_likes')
          .values({ comment_seq: row.seq, visitor_id: visitor, created_at: new Date().toISOString() })
          .onConflict((oc) => oc.doNothing())
          .execute();
      } else {
        await trx.deleteFrom('comment_likes').where('comment_seq', '=', row.seq).where('visitor_id', '=', visitor).execute();
      }
      await trx
        .updateTable('comments')
        .set({ likes: (eb) => eb.selectFrom('comment_likes').select(eb.fn.countAll<number>().as('n')).where('comment_seq', '=', row.seq) })
        .where('seq', '=', row.seq)
        .execute();
      return toComment(await this.bySeq(trx, row.seq), liked);
    });
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
  ): Promise<boolean> {
    return this.write(thread, async (trx) => {
      const row = await this.actionable(trx, thread, id, visitor);
      if (!row) return false;
      await trx
        .insertInto('reports')
        .values({
          comment_seq: row.seq,
          visitor_id: visitor,
          reason: report.reason,
          details: report.details ?? null,
          created_at: new Date().toISOString(),
          address_hash: addressHash,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
      if (hideAfter > 0 && row.status === 'published' && row.removed === null) {
        const n = await trx
          .selectFrom('reports')
          .select([sql<number>`count(DISTINCT visitor_id)`.as('visitors'), sql<number>`count(DISTINCT address_hash)`.as('addresses')])
          .where('comment_seq', '=', row.seq)
          .where('dismissed', '=', 0)
          .executeTakeFirstOrThrow();
        if (Number(n.visitors) >= hideAfter && Number(n.addresses) >= hideAfter) {
          await trx.updateTable('comments').set({ removed: 'hidden' }).where('seq', '=', row.seq).execute();
          await refreshTree(trx, row.root_seq);
        }
      }
      return true;
    });
  }

  /**
   * What an idempotency key already produced in this thread: the comment (a pending one only for
   * its own author), 'removed' when that comment was deleted, rejected or hidden since, 'conflict'
   * when the key is someone else's pending comment, or null for a new key.
   */
  async replay(thread: string, key: string, visitor: string | null, db: Db = this.db): Promise<Comment | 'removed' | 'conflict' | null> {
    const hit = await db.selectFrom('idempotency').select('comment_id').where('thread', '=', thread).where('key', '=', key).executeTakeFirst();
    if (!hit) return null;
    const row = await this.byId(db, hit.comment_id);
    if (!row || row.removed !== null) return 'removed';
    if (row.status === 'pending' && row.visitor_id !== visitor) return 'conflict';
    return toComment(row);
  }

  /**
   * Inserts a comment atomically: replays an idempotency key, checks the parent, the depth and
   * a double post, then stores the comment and the key in one transaction. A new comment that
   * everyone can see is announced on the live streams.
   */
  insert(input: NewCommentRow, opts: { key: string; maxDepth: number; duplicateWindowSeconds: number }): Promise<InsertResult> {
    return this.write(input.thread, async (trx, announce): Promise<InsertResult> => {
      const replayed = await this.replay(input.thread, opts.key, input.visitorId, trx);
      if (replayed === 'removed' || replayed === 'conflict') return { ok: false, reason: replayed };
      if (replayed) return { ok: true, comment: replayed, replayed: true };
      let parent: Row | undefined;
      if (input.parentId !== null) {
        // Only a comment the poster sees as itself can be answered (not a placeholder, not someone else's pending one).
        parent = await this.actionable(trx, input.thread, input.parentId, input.visitorId);
        if (!parent) return { ok: false, reason: 'parent-missing' };
        if (parent.depth + 1 > opts.maxDepth) return { ok: false, reason: 'too-deep' };
      }
      if (opts.duplicateWindowSeconds > 0) {
        const since = new Date(Date.parse(input.createdAt) - opts.duplicateWindowSeconds * 1000).toISOString();
        const { visitorId: visitor, authorName: name, authorEmail: email } = input;
        if (visitor !== null || (name !== null && email !== null)) {
          const last = await trx
            .selectFrom('comments')
            .selectAll()
            .where('thread', '=', input.thread)
            .where('created_at', '>=', since)
            .where('removed', 'is', null)
            .where((eb) => {
              const who = [];
              if (visitor !== null) who.push(eb('visitor_id', '=', visitor));
              if (name !== null && email !== null) who.push(eb.and([eb('author_name', '=', name), eb('author_email', '=', email)]));
              return eb.or(who);
            })
            .orderBy('seq', 'desc')
            .limit(1)
            .executeTakeFirst();
          if (last && last.body === input.body && last.parent_id === input.parentId) return { ok: false, reason: 'duplicate' };
        }
      }
      // Everyone sees it at once when it is published under a comment everyone sees (the usual case);
      // otherwise its tree is worked out again below.
      const plain = input.status === 'published' && (!parent || parent.anchor === 1);
      const id = `c_${randomBytes(12).toString('base64url')}`;
      const { seq } = await trx
        .insertInto('comments')
        .values({
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
          announced: null,
          removed: null,
          edited_at: null,
          listed: plain ? 1 : 0,
          anchor: plain ? 1 : 0,
        })
        .returning('seq')
        .executeTakeFirstOrThrow();
      if (!parent) await trx.updateTable('comments').set({ root_seq: seq }).where('seq', '=', seq).execute();
      await trx.insertInto('idempotency').values({ thread: input.thread, key: opts.key, comment_id: id, created_at: input.createdAt }).execute();
      const root = parent ? parent.root_seq : seq;
      const fresh = plain ? [seq] : input.status === 'published' ? await refreshTree(trx, root) : [];
      const row = await this.bySeq(trx, seq);
      for (const s of fresh) await announce(s === seq ? row : await this.bySeq(trx, s));
      return { ok: true, comment: toComment(row), replayed: false };
    });
  }

  /** Comments announced in a thread after event `after` that everyone can still see, oldest first, at most `max`. */
  async announcedSince(thread: string, after: number, max: number): Promise<Announcement[]> {
    const rows = await this.db
      .selectFrom('comments')
      .selectAll()
      .where('thread', '=', thread)
      .where('announced', '>', after)
      .where('anchor', '=', 1)
      .orderBy('announced')
      .limit(max)
      .execute();
    return rows.map((r) => ({ id: r.announced!, comment: toComment(r) }));
  }

  /** The id of the latest announcement of a thread (0: none yet): where a fresh event stream starts. */
  async latestEvent(thread: string): Promise<number> {
    const r = await this.db.selectFrom('threads').select('last_event').where('thread', '=', thread).executeTakeFirst();
    return r?.last_event ?? 0;
  }

  /**
   * Whether the author (already proven by their token) may change comment `id` of `thread` at
   * `now`: it exists and is not removed, its window (`windowMs` after posting) is open, and
   * nobody answered it (any reply, whatever its state).
   */
  async authorCheck(thread: string, id: string, now: number, windowMs: number, db: Db = this.db): Promise<AuthorCheck> {
    const row = await this.byId(db, id);
    if (!row || row.thread !== thread || row.removed !== null) return 'not-found';
    if (now >= Date.parse(row.created_at) + windowMs) return 'edit-window-closed';
    const reply = await db.selectFrom('comments').select('seq').where('parent_id', '=', id).limit(1).executeTakeFirst();
    return reply ? 'has-replies' : 'ok';
  }

  /**
   * Replaces the body of the author's comment (checks as `authorCheck`, atomically). With
   * `premoderate`, the comment goes back to 'pending' (shown to its author only, in the
   * moderation queue): approved text must not turn into something else unreviewed.
   */
  edit(thread: string, id: string, body: string, now: number, windowMs: number, premoderate = false): Promise<Comment | Exclude<AuthorCheck, 'ok'>> {
    return this.write(thread, async (trx) => {
      const check = await this.authorCheck(thread, id, now, windowMs, trx);
      if (check !== 'ok') return check;
      const row = (await this.byId(trx, id))!;
      await trx
        .updateTable('comments')
        .set({ body, edited_at: new Date(now).toISOString(), ...(premoderate ? { status: 'pending' as const } : {}) })
        .where('seq', '=', row.seq)
        .execute();
      if (premoderate) await refreshTree(trx, row.root_seq);
      return toComment(await this.bySeq(trx, row.seq));
    });
  }

  /** Deletes the author's comment: gone from the thread, its text and author data erased (checks as `authorCheck`). */
  deleteOwn(thread: string, id: string, now: number, windowMs: number): Promise<AuthorCheck> {
    return this.write(thread, async (trx, announce) => {
      const check = await this.authorCheck(thread, id, now, windowMs, trx);
      if (check !== 'ok') return check;
      const row = (await this.byId(trx, id))!;
      await this.erase(trx, row.seq);
      for (const s of await refreshTree(trx, row.root_seq)) await announce(await this.bySeq(trx, s));
      return 'ok';
    });
  }

  private async erase(trx: Db, seq: number): Promise<void> {
    await trx
      .updateTable('comments')
      .set({ removed: 'deleted', body: '', author_name: null, author_email: null, visitor_id: null })
      .where('seq', '=', seq)
      .execute();
    await trx.updateTable('reports').set({ dismissed: 1 }).where('comment_seq', '=', seq).where('dismissed', '=', 0).execute();
  }

  /**
   * A page of the moderation queue across all threads, oldest first: pending comments, and
   * comments (shown or hidden) with open reports. `next` is the seq to continue after.
   */
  async queue(after: number, limit: number): Promise<{ items: ModerationItem[]; next: number | null }> {
    const rows = await this.db
      .selectFrom('comments')
      .selectAll()
      .where('seq', 'in', (eb) =>
        eb
          .selectFrom('comments')
          .select('seq')
          .where('status', '=', 'pending')
          .where('removed', 'is', null)
          .where('seq', '>', after)
          .union(eb.selectFrom('reports').select('comment_seq as seq').where('dismissed', '=', 0).where('comment_seq', '>', after)),
      )
      .where((eb) => eb.or([eb('removed', 'is', null), eb('removed', '=', 'hidden')]))
      .orderBy('seq')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const order = this.kind === 'postgres' ? sql`n` : sql`rowid`;
    const reports =
      page.length === 0
        ? []
        : await this.db
            .selectFrom('reports')
            .select(['comment_seq', 'reason', 'details', 'created_at'])
            .where('comment_seq', 'in', page.map((r) => r.seq))
            .where('dismissed', '=', 0)
            .orderBy('created_at')
            .orderBy(order)
            .execute();
    const items = page.map((r): ModerationItem => {
      const mine = reports
        .filter((x) => x.comment_seq === r.seq)
        .map((x): CommentReport => (x.details ? { reason: x.reason, details: x.details, createdAt: x.created_at } : { reason: x.reason, createdAt: x.created_at }));
      const item: ModerationItem = { thread: r.thread, comment: toComment(r), reports: mine };
      if (r.author_email) item.authorEmail = r.author_email;
      return item;
    });
    return { items, next: rows.length > limit ? page[page.length - 1]!.seq : null };
  }

  /**
   * A moderator's decision on comment `id` of `thread`. 'approve' publishes a pending comment or
   * restores a hidden one, and dismisses its open reports; 'reject' removes it from the thread
   * (text kept); 'delete' removes it and erases its text and author. Comments that everyone can
   * see because of it are announced. Returns 'ok', 'not-found', or 'removed' for approving a
   * comment already rejected or deleted.
   */
  moderate(thread: string, id: string, action: ModerationAction): Promise<'ok' | 'not-found' | 'removed'> {
    return this.write(thread, async (trx, announce) => {
      const row = await this.byId(trx, id);
      if (!row || row.thread !== thread) return 'not-found';
      const gone = row.removed === 'deleted' || row.removed === 'rejected';
      if (action === 'approve' && gone) return 'removed';
      if (action === 'approve') await trx.updateTable('comments').set({ status: 'published', removed: null }).where('seq', '=', row.seq).execute();
      else if (action === 'reject' && !gone) await trx.updateTable('comments').set({ removed: 'rejected' }).where('seq', '=', row.seq).execute();
      else if (action === 'delete') await this.erase(trx, row.seq);
      await trx.updateTable('reports').set({ dismissed: 1 }).where('comment_seq', '=', row.seq).where('dismissed', '=', 0).execute();
      // Approving can show a comment, and replies of it that were waiting on it; rejecting
      // someone's pending comment can show replies under it (as its placeholder).
      for (const s of await refreshTree(trx, row.root_seq)) await announce(await this.bySeq(trx, s));
      return 'ok';
    });
  }

  /** Works out again what everyone sees of every comment of a thread (after changes made by hand). */
  async refreshThread(thread: string): Promise<void> {
    await this.write(thread, async (trx) => {
      const roots = await trx.selectFrom('comments').select('seq').where('thread', '=', thread).where('depth', '=', 0).execute();
      for (const r of roots) await refreshTree(trx, r.seq);
    });
  }

  /** The value of server state `key`, set to `make()` the first time it is asked for. */
  async meta(key: string, make: () => string): Promise<string> {
    await this.db.insertInto('meta').values({ key, value: make() }).onConflict((oc) => oc.doNothing()).execute();
    return (await this.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirstOrThrow()).value;
  }

  /** Reaction counts, and this visitor's own. */
  async reactions(thread: string, visitor: string | null, db: Db = this.db): Promise<ReactionSummary> {
    const counts = await db
      .selectFrom('reactions')
      .select([
        sql<number>`count(*) FILTER (WHERE value = 'like')`.as('likes'),
        sql<number>`count(*) FILTER (WHERE value = 'dislike')`.as('dislikes'),
      ])
      .where('thread', '=', thread)
      .executeTakeFirstOrThrow();
    const mine = visitor
      ? ((await db.selectFrom('reactions').select('value').where('thread', '=', thread).where('visitor_id', '=', visitor).executeTakeFirst())?.value ?? null)
      : null;
    return { likes: Number(counts.likes), dislikes: Number(counts.dislikes), mine: mine as ReactionValue | null };
  }

  /** Casts or changes a visitor's reaction. */
  react(thread: string, visitor: string, value: ReactionValue): Promise<ReactionSummary> {
    return this.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      await trx
        .insertInto('reactions')
        .values({ thread, visitor_id: visitor, value, updated_at: now })
        .onConflict((oc) => oc.columns(['thread', 'visitor_id']).doUpdateSet({ value, updated_at: now }))
        .execute();
      return this.reactions(thread, visitor, trx);
    });
  }

  /**
   * Takes one request of `key` from `rate`, shared by every instance (GCRA: a burst of
   * `rate.limit`, then one every `windowMs / limit`). Returns 0 when allowed, else the
   * milliseconds until the next one is.
   */
  async takeRate(rate: RateLimit, key: string, now = Date.now()): Promise<number> {
    if (rate.limit <= 0) return 0;
    const step = Math.ceil(rate.windowMs / rate.limit);
    // Numbers of ours inlined: PostgreSQL cannot tell a parameter's type inside CASE.
    const [t, st, w] = [sql.lit(now), sql.lit(step), sql.lit(rate.windowMs)];
    const base = sql<number>`(CASE WHEN rate_limits.tat > ${t} THEN rate_limits.tat ELSE ${t} END)`;
    const taken = await this.db
      .insertInto('rate_limits')
      .values({ bucket: rate.bucket, key, tat: now + step })
      .onConflict((oc) =>
        oc
          .columns(['bucket', 'key'])
          .doUpdateSet({ tat: sql<number>`${base} + ${st}` })
          .where(sql<boolean>`${base} + ${st} - ${t} <= ${w}`),
      )
      .returning('tat')
      .executeTakeFirst();
    if (taken) {
      if (Math.random() < 0.001) await this.db.deleteFrom('rate_limits').where('tat', '<', now).execute();
      return 0;
    }
    const row = await this.db.selectFrom('rate_limits').select('tat').where('bucket', '=', rate.bucket).where('key', '=', key).executeTakeFirst();
    return Math.max(1, Number(row?.tat ?? now) + step - now - rate.windowMs);
  }

  /** Gives back one request taken from `key`'s `rate` (the request it counted was refused). */
  async refundRate(rate: RateLimit, key: string): Promise<void> {
    if (rate.limit <= 0) return;
    const step = Math.ceil(rate.windowMs / rate.limit);
    await this.db.updateTable('rate_limits').set({ tat: sql<number>`tat - ${step}` }).where('bucket', '=', rate.bucket).where('key', '=', key).execute();
  }

  /** Number of comments stored in a thread (all statuses). */
  async countAll(thread: string): Promise<number> {
    const r = await this.db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('thread', '=', thread).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  close(): Promise<void> {
    return this.shutdown();
  }
}
