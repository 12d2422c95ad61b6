/**
 * Who sees what in a thread: the one place the reference server decides it (listing, totals,
 * counts, likes, reports, replies, live updates all ask here).
 *
 * - A comment *shows itself* to a visitor when it is not removed and is published, or is that
 *   visitor's own pending comment.
 * - It *blocks* its subtree when it neither shows itself nor is removed: someone else's pending
 *   comment. Nothing under it is shown.
 * - An *anchor* shows itself and has no blocking ancestor: it is listed as itself, counts in
 *   `total`, and can be liked, reported and answered.
 * - A removed comment (deleted, rejected or hidden) that is an ancestor of an anchor is listed as
 *   a placeholder in its place, so the conversation under it keeps its shape. Placeholders count
 *   nowhere and cannot be liked, reported or answered.
 *
 * Most comments are published and never removed ("regular"), and a regular comment whose
 * ancestors are all regular is an anchor for everyone. So only the *exceptions* are computed:
 * the irregular comments (pending or removed) and their subtrees, a small part of a thread.
 */

/** Why a comment is no longer shown as itself: deleted by its author or a moderator (text erased), rejected by a moderator (text kept), hidden after reports. */
export type Removal = 'deleted' | 'rejected' | 'hidden';

/** The columns visibility depends on. */
export interface VisibilityRow {
  status: 'published' | 'pending';
  removed: Removal | null;
  visitor_id: string | null;
}

/** True when the comment shows itself to `visitor` (null: an anonymous visitor, i.e. everyone). */
export function showsItself(r: VisibilityRow, visitor: string | null): boolean {
  return r.removed === null && (r.status === 'published' || (r.visitor_id !== null && r.visitor_id === visitor));
}

/** True when nothing under the comment may be shown to `visitor`: someone else's pending comment. */
export function blocks(r: VisibilityRow, visitor: string | null): boolean {
  return r.removed === null && !showsItself(r, visitor);
}

/** One comment of the exceptions' forest. */
export interface ForestRow extends VisibilityRow {
  seq: number;
  id: string;
  parent_id: string | null;
}

/** The comments of a thread that are not simply listed as themselves, for one visitor. */
export interface Exceptions {
  /** Listed as placeholders. */
  placeholders: Set<number>;
  /** Not listed at all. */
  unlisted: Set<number>;
}

/**
 * Computes the exceptions from the forest of a thread's irregular comments and all their
 * descendants, ordered by seq (parents first). A parent outside the forest is regular and so
 * is every comment above it: nothing above blocks.
 */
export function exceptions(forest: readonly ForestRow[], visitor: string | null): Exceptions {
  const seqOf = new Map<string, number>();
  const clear = new Map<number, boolean>(); // nothing blocks on the way from the root down to here (itself included)
  const anchors = new Set<number>();
  for (const r of forest) {
    seqOf.set(r.id, r.seq);
    const parent = r.parent_id === null ? undefined : seqOf.get(r.parent_id);
    const parentClear = parent === undefined || clear.get(parent) === true;
    clear.set(r.seq, parentClear && !blocks(r, visitor));
    if (parentClear && showsItself(r, visitor)) anchors.add(r.seq);
  }
  const listed = new Set<number>();
  for (let i = forest.length - 1; i >= 0; i--) {
    const r = forest[i]!;
    if (!anchors.has(r.seq) && !listed.has(r.seq)) continue;
    listed.add(r.seq);
    const parent = r.parent_id === null ? undefined : seqOf.get(r.parent_id);
    if (parent !== undefined) listed.add(parent);
  }
  const placeholders = new Set<number>();
  const unlisted = new Set<number>();
  for (const r of forest) {
    if (!listed.has(r.seq)) unlisted.add(r.seq);
    else if (!anchors.has(r.seq)) placeholders.add(r.seq);
  }
  return { placeholders, unlisted };
}
