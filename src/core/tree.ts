/**
 * The reply tree as the list shows it: building it from loaded comments (depth capped, with
 * "replying to <name>"), and finding in it. DOM-free and without the store, so the reader stage
 * of the script-tag path renders a thread with it before the ThreadStore's code has arrived.
 */
import type { AdapterError, Comment, CommentPage } from './adapter.js';

/** Where loading the thread stands. */
export type LoadStatus = 'loading' | 'ready' | 'error';

/** A comment as the list shows it. */
export interface CommentNode {
  comment: Comment;
  /** Display depth: 0 for top level, capped at the store's max depth. */
  depth: number;
  children: CommentNode[];
  /** Set when the comment was moved up to the last level: the name of the author it answers. */
  replyingTo?: string | null;
  /** True while the adapter has not confirmed this comment yet. */
  sending: boolean;
  /** Top-level comments whose replies are not all loaded: how many are left, and how loading them goes. */
  moreReplies?: { count: number; loading: boolean; error: AdapterError | null };
  /**
   * The reader may edit or delete this comment: it was posted in this browser (its author token
   * is known), its window is still open, nobody has answered it (replies loaded, counted by the
   * backend, or announced by live updates), and it is confirmed.
   */
  editable?: boolean;
  /** The reader posted this comment in this browser (within 30 days): it is never offered for reporting. */
  own?: boolean;
  /** The reader has reported this comment (in this browser). */
  reported?: boolean;
  /** What is being done to this comment right now, waiting for the adapter. */
  working?: CommentAction;
}

/** Something the reader does to a comment through the store. */
export type CommentAction = 'edit' | 'delete' | 'report';

/** True for a "Comment deleted" / "Comment hidden…" placeholder, listed only for its replies. */
export function isPlaceholder(comment: Comment): boolean {
  return comment.status === 'deleted' || comment.status === 'hidden';
}

/**
 * Builds the display tree. Replies whose parent is not loaded (or that would form a cycle in
 * bad data) are shown at the top level. Climbing uses the display tree, which is acyclic by
 * construction, so no input can make it loop.
 */
export function buildTree(comments: readonly Comment[], maxDepth: number, sending: ReadonlySet<string> = new Set()): CommentNode[] {
  const roots: CommentNode[] = [];
  const byId = new Map<string, CommentNode>();
  const shownUnder = new Map<CommentNode, CommentNode>();
  const max = Number.isFinite(maxDepth) ? Math.max(0, Math.floor(maxDepth)) : 0;
  for (const comment of comments) {
    const node: CommentNode = { comment, depth: 0, children: [], sending: sending.has(comment.id) };
    const parent = comment.parentId === null ? undefined : byId.get(comment.parentId);
    if (!byId.has(comment.id)) byId.set(comment.id, node);
    let host = parent;
    if (parent && parent.depth + 1 > max) {
      // Too deep: show it at the last level, under the ancestor one level above, and say whom it answers.
      node.replyingTo = parent.comment.authorName;
      while (host && host.depth + 1 > max) host = shownUnder.get(host);
    }
    if (!host) {
      roots.push(node); // a top-level comment, an orphan, or max depth 0
      continue;
    }
    node.depth = host.depth + 1;
    host.children.push(node);
    shownUnder.set(node, host);
  }
  return roots;
}

/** True when two nodes show the same thing (their replies compared in depth). */
function sameNode(a: CommentNode, b: CommentNode): boolean {
  if (
    a.comment !== b.comment ||
    a.depth !== b.depth ||
    a.sending !== b.sending ||
    a.replyingTo !== b.replyingTo ||
    a.editable !== b.editable ||
    a.own !== b.own ||
    a.reported !== b.reported ||
    a.working !== b.working ||
    a.children.length !== b.children.length
  ) {
    return false;
  }
  const m = a.moreReplies;
  const n = b.moreReplies;
  if (m !== n && (!m || !n || m.count !== n.count || m.loading !== n.loading || m.error !== n.error)) return false;
  return a.children.every((child, i) => sameNode(child, b.children[i]!));
}

/**
 * The new tree, with each top-level node that shows exactly what it showed in `previous` replaced
 * by its previous object: a view can skip a comment whose node is the same object as last time.
 */
export function keepUnchanged(next: CommentNode[], previous: readonly CommentNode[]): CommentNode[] {
  if (!previous.length) return next;
  const old = new Map(previous.map((n) => [n.comment.id, n]));
  return next.map((n) => {
    const before = old.get(n.comment.id);
    return before && sameNode(n, before) ? before : n;
  });
}

/** The node of comment `id` in a tree (replies searched too). */
export function findNode(nodes: readonly CommentNode[], id: string): CommentNode | undefined {
  for (const n of nodes) {
    if (n.comment.id === id) return n;
    const inside = n.children.length ? findNode(n.children, id) : undefined;
    if (inside) return inside;
  }
  return undefined;
}

/** Ids of the replies under `node`, in the order they are shown. */
export function replyIds(node: CommentNode, out: string[] = []): string[] {
  for (const child of node.children) {
    out.push(child.comment.id);
    replyIds(child, out);
  }
  return out;
}


/** Comments in a thread as its first page tells: the backend's total, else the page's comments (placeholders are not comments). */
export function pageCount(page: CommentPage): number {
  return page.total ?? page.comments.filter((c) => !isPlaceholder(c)).length;
}
