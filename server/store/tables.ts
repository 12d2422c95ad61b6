/** The stored data's shape: the tables as Kysely sees them (created by schema.ts's migrations). */
import type { Generated } from 'kysely';
import type { Removal } from '../visibility.js';

export interface CommentsTable {
  seq: Generated<number>;
  id: string;
  thread: string;
  parent_id: string | null;
  /** The top-level comment of its tree (itself for a top-level comment). */
  root_seq: number;
  depth: number;
  author_name: string | null;
  author_email: string | null;
  body: string;
  /** ISO 8601, UTC: compared as text. */
  created_at: string;
  /** The moderation state as stored; removal is a separate column. */
  status: 'published' | 'pending';
  visitor_id: string | null;
  likes: Generated<number>;
  removed: Removal | null;
  edited_at: string | null;
  /** Number of the live-update event that announced it (per thread), when everyone could see it. */
  announced: number | null;
  /**
   * What an anonymous visitor sees of it, kept up to date by every write that changes who sees
   * what (see visibility.ts): `listed` 1 when it is in the thread (as itself or as a
   * placeholder), `anchor` 1 when as itself. Pages, counts and totals read these through their
   * indexes, so their cost never depends on how many comments are removed or waiting.
   */
  listed: Generated<number>;
  anchor: Generated<number>;
}

export interface Schema {
  comments: CommentsTable;
  idempotency: { thread: string; key: string; comment_id: string; created_at: string };
  reactions: { thread: string; visitor_id: string; value: 'like' | 'dislike'; updated_at: string };
  comment_likes: { comment_seq: number; visitor_id: string; created_at: string };
  reports: {
    comment_seq: number;
    visitor_id: string;
    reason: 'spam' | 'abuse' | 'off-topic' | 'other';
    details: string | null;
    created_at: string;
    dismissed: Generated<number>;
    address_hash: string | null;
  };
  meta: { key: string; value: string };
  /** One row per thread that was ever written to: its live-update event counter (and the row writers lock). */
  threads: { thread: string; last_event: Generated<number> };
  /** Rate limits shared by every instance: the theoretical arrival time (ms) of each key (GCRA). */
  rate_limits: { bucket: string; key: string; tat: number };
}
