/**
 * Who sees what, kept on the comments: visibility.ts decides, per reply tree (a top-level
 * comment and everything under it — visibility never crosses from one tree to another).
 *
 * Everyone's view is stored (`listed`, `anchor`) and refreshed by the writes that change it. A
 * visitor's view differs from everyone's only inside the trees that hold their own comments
 * awaiting moderation (only those show themselves to them and to nobody else), so a page works
 * out those few trees for that visitor and reads everything else as stored.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Schema } from './tables.js';
import { exceptions, type ForestRow } from '../visibility.js';

export type Db = Kysely<Schema> | Transaction<Schema>;

/** How one comment appears to one visitor. */
export type View = 'self' | 'placeholder' | 'none';

/** The stored view of a row (everyone's). */
export function storedView(r: { listed: number; anchor: number }): View {
  return r.anchor ? 'self' : r.listed ? 'placeholder' : 'none';
}

/** The views of a tree's rows (ordered by seq, parents first) for `visitor` (null: everyone). */
export function viewsOf(rows: readonly ForestRow[], visitor: string | null): Map<number, View> {
  const ex = exceptions(rows, visitor);
  return new Map(rows.map((r) => [r.seq, ex.unlisted.has(r.seq) ? 'none' : ex.placeholders.has(r.seq) ? 'placeholder' : 'self']));
}

/**
 * Works everyone's view of tree `root` out again and stores what changed. Returns the comments
 * that everyone now sees as themselves and did not before (to announce), oldest first.
 */
export async function refreshTree(db: Db, root: number): Promise<number[]> {
  const rows = await db
    .selectFrom('comments')
    .select(['seq', 'id', 'parent_id', 'status', 'removed', 'visitor_id', 'listed', 'anchor'])
    .where('root_seq', '=', root)
    .orderBy('seq')
    .execute();
  const views = viewsOf(rows, null);
  const change = new Map<View, number[]>();
  const fresh: number[] = [];
  for (const r of rows) {
    const view = views.get(r.seq)!;
    if (view === storedView(r)) continue;
    if (view === 'self') fresh.push(r.seq);
    change.set(view, [...(change.get(view) ?? []), r.seq]);
  }
  for (const [view, seqs] of change) {
    for (let i = 0; i < seqs.length; i += 500) {
      await db
        .updateTable('comments')
        .set({ listed: view === 'none' ? 0 : 1, anchor: view === 'self' ? 1 : 0 })
        .where('seq', 'in', seqs.slice(i, i + 500))
        .execute();
    }
  }
  return fresh;
}
