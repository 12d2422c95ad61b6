import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rejectsWith } from './helpers.js';
import { ThreadStore, buildTree, isPlaceholder, keepUnchanged, newIdempotencyKey, type CommentNode } from '../../src/core/thread.js';
import {
  AdapterError,
  type Comment,
  type CommentPage,
  type CommentsAdapter,
  type ListOptions,
  type NewComment,
  type PostOptions,
  type ThreadEvent,
} from '../../src/core/adapter.js';
import { MemoryAdapter, type SeedComment } from '../../src/adapters/memory.js';
import { AuthoredStore } from '../../src/core/authored.js';
import { MapStorage } from '../../src/core/storage.js';
import { REPORT_PROBLEM_MESSAGES } from '../../src/core/report.js';

const ISO = '2024-06-01T12:00:00.000Z';

function c(id: string, parentId: string | null = null, authorName: string | null = `author ${id}`): Comment {
  return { id, parentId, authorName, body: `body ${id}`, createdAt: ISO, status: 'published' };
}

/** A compact picture of a tree: "id@depth" with children, and "→name" when replyingTo is set. */
function shape(nodes: CommentNode[]): unknown[] {
  return nodes.map((n) => {
    const label = `${n.comment.id}@${n.depth}${n.replyingTo !== undefined ? `→${String(n.replyingTo)}` : ''}${n.sending ? '*' : ''}`;
    return n.children.length ? [label, shape(n.children)] : label;
  });
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A scripted adapter: each call takes the next answer from the lists (or runs a function). */
class ScriptedAdapter implements CommentsAdapter {
  listCalls: [string, ListOptions][] = [];
  postCalls: [string, NewComment, PostOptions][] = [];
  constructor(
    public lists: (() => Promise<unknown>)[] = [],
    public posts: (() => Promise<unknown>)[] = [],
  ) {}
  listComments(thread: string, opts: ListOptions): Promise<CommentPage> {
    this.listCalls.push([thread, opts]);
    const next = this.lists.shift();
    if (!next) throw new Error('no scripted list answer');
    return next() as Promise<CommentPage>;
  }
  postComment(thread: string, input: NewComment, opts: PostOptions): Promise<Comment> {
    this.postCalls.push([thread, input, opts]);
    const next = this.posts.shift();
    if (!next) throw new Error('no scripted post answer');
    return next() as Promise<Comment>;
  }
}

const input: NewComment = { authorName: '  Ayesha ', authorEmail: 'ayesha@example.pk', body: '  My comment  ' };

function seedOf(n: number): SeedComment[] {
  return Array.from({ length: n }, (_, i) => ({ body: `seed ${i + 1}`, authorName: `S${i + 1}` }));
}

describe('buildTree', () => {
  it('returns no nodes for no comments', () => {
    assert.deepEqual(buildTree([], 3), []);
  });

  it('keeps top-level comments in order at depth 0', () => {
    const tree = buildTree([c('a'), c('b'), c('c')], 3);
    assert.deepEqual(shape(tree), ['a@0', 'b@0', 'c@0']);
    assert.equal(tree[0]!.sending, false);
    assert.equal('replyingTo' in tree[0]!, false);
  });

  it('nests replies under their parents, in order', () => {
    const tree = buildTree([c('a'), c('b'), c('a1', 'a'), c('a2', 'a'), c('a1x', 'a1'), c('b1', 'b')], 3);
    assert.deepEqual(shape(tree), [
      ['a@0', [['a1@1', ['a1x@2']], 'a2@1']],
      ['b@0', ['b1@1']],
    ]);
    assert.equal(tree[0]!.children[0]!.comment.id, 'a1');
    assert.equal(tree[0]!.children[0]!.children[0]!.comment.body, 'body a1x');
  });

  it('shows replies deeper than maxDepth at the last level, under the ancestor above, saying whom they answer', () => {
    // d0 ← d1 ← d2 ← d3 ← d4 ← d5: real depths 0..5.
    const chain = [c('d0'), c('d1', 'd0'), c('d2', 'd1'), c('d3', 'd2'), c('d4', 'd3'), c('d5', 'd4')];
    const tree = buildTree(chain, 3);
    assert.deepEqual(shape(tree), [['d0@0', [['d1@1', [['d2@2', ['d3@3', 'd4@3→author d3', 'd5@3→author d4']]]]]]]);
    const d2 = tree[0]!.children[0]!.children[0]!;
    const d5 = d2.children[2]!;
    assert.equal(d5.comment.id, 'd5');
    assert.equal(d5.depth, 3);
    assert.equal(d5.replyingTo, 'author d4');
    assert.equal(d5.comment.parentId, 'd4', 'the comment itself is not changed');
    assert.equal('replyingTo' in d2.children[0]!, false, 'a reply at the last level itself has no replyingTo');
  });

  it('uses null as replyingTo when the author answered is anonymous', () => {
    const tree = buildTree([c('a'), c('b', 'a', null), c('x', 'b')], 1);
    assert.deepEqual(shape(tree), [['a@0', ['b@1', 'x@1→null']]]);
    assert.equal(tree[0]!.children[1]!.replyingTo, null);
  });

  it('honours other depth caps', () => {
    const chain = [c('d0'), c('d1', 'd0'), c('d2', 'd1'), c('d3', 'd2')];
    assert.deepEqual(shape(buildTree(chain, 1)), [['d0@0', ['d1@1', 'd2@1→author d1', 'd3@1→author d2']]]);
    assert.deepEqual(shape(buildTree(chain, 10)), [['d0@0', [['d1@1', [['d2@2', ['d3@3']]]]]]]);
  });

  it('shows replies whose parent is not loaded at the top level, with their own replies nested', () => {
    const tree = buildTree([c('a'), c('orphan', 'not-loaded'), c('o1', 'orphan')], 3);
    assert.deepEqual(shape(tree), ['a@0', ['orphan@0', ['o1@1']]]);
    assert.equal('replyingTo' in tree[1]!, false);
  });

  it('caps the depth below an orphan too', () => {
    const tree = buildTree([c('o', 'gone'), c('o1', 'o'), c('o2', 'o1')], 1);
    assert.deepEqual(shape(tree), [['o@0', ['o1@1', 'o2@1→author o1']]]);
  });

  it('marks the comments that are still being sent', () => {
    const tree = buildTree([c('a'), c('local:1', 'a'), c('local:2')], 3, new Set(['local:1', 'local:2']));
    assert.deepEqual(shape(tree), [['a@0', ['local:1@1*']], 'local:2@0*']);
  });
});

describe('keepUnchanged', () => {
  it('hands back the previous object of a top-level node that shows the same thing, and the new one otherwise', () => {
    const comments = [c('a'), c('b'), c('b1', 'b'), c('x')];
    const before = buildTree(comments, 3);
    const same = keepUnchanged(buildTree(comments, 3), before);
    assert.equal(same[0], before[0]);
    assert.equal(same[1], before[1], 'a node with the same replies is kept too');
    const liked = { ...comments[2]!, likes: 1 };
    const changedReply = keepUnchanged(buildTree([comments[0]!, comments[1]!, liked, comments[3]!], 3), before);
    assert.equal(changedReply[0], before[0]);
    assert.notEqual(changedReply[1], before[1], 'a reply that changed makes its top-level node new');
    assert.equal(changedReply[1]!.children[0]!.comment, liked);
    const sending = keepUnchanged(buildTree(comments, 3, new Set(['x'])), before);
    assert.notEqual(sending[2], before[2], 'a flag that changed makes the node new');
    const moreReplies = buildTree(comments, 3);
    moreReplies[0]!.moreReplies = { count: 2, loading: false, error: null };
    assert.notEqual(keepUnchanged(moreReplies, before)[0], before[0]);
    assert.deepEqual(shape(keepUnchanged(buildTree(comments, 3), [])), shape(before), 'nothing to compare with: the new tree');
  });

  it('lets a ThreadStore hand out the same node objects for comments a change did not touch', async () => {
    const store = new ThreadStore(new MemoryAdapter({ seed: { t: [{ id: 'a', body: 'one', authorName: 'A' }, { id: 'b', body: 'two', authorName: 'B' }] } }), 't', {});
    await store.load();
    const first = store.tree;
    await store.post({ authorName: 'C', authorEmail: 'c@example.com', body: 'three' }, newIdempotencyKey());
    const after = store.tree;
    assert.equal(after.length, 3);
    assert.equal(after[0], first[0]);
    assert.equal(after[1], first[1]);
    store.dispose();
  });
});

describe('newIdempotencyKey', () => {
  it('returns a new non-empty string each time', () => {
    const keys = new Set(Array.from({ length: 50 }, () => newIdempotencyKey()));
    assert.equal(keys.size, 50);
    for (const k of keys) assert.ok(typeof k === 'string' && k.length >= 8);
  });
});

describe('ThreadStore: loading', () => {
  it('starts loading, then is ready with the first page', async () => {
    const a = new MemoryAdapter({ seed: { t: seedOf(3) } });
    const store = new ThreadStore(a, 't');
    assert.equal(store.status, 'loading');
    assert.equal(store.thread, 't');
    const seen: string[] = [];
    store.subscribe(() => seen.push(store.status));
    await store.load();
    assert.deepEqual(seen, ['loading', 'ready']);
    assert.equal(store.status, 'ready');
    assert.equal(store.error, null);
    assert.deepEqual(
      store.loaded.map((x) => x.id),
      ['seed-1', 'seed-2', 'seed-3'],
    );
    assert.deepEqual(shape(store.tree), ['seed-1@0', 'seed-2@0', 'seed-3@0']);
    assert.equal(store.count, 3);
    assert.equal(store.nextCursor, null);
  });

  it('asks for pageSize comments (default 20) with an abort signal', async () => {
    const page = async (): Promise<CommentPage> => ({ comments: [], nextCursor: null });
    const a = new ScriptedAdapter([page, page]);
    await new ThreadStore(a, 't1').load();
    await new ThreadStore(a, 't2', { pageSize: 5 }).load();
    assert.equal(a.listCalls[0]![0], 't1');
    assert.equal(a.listCalls[0]![1].limit, 20);
    assert.ok(a.listCalls[0]![1].signal instanceof AbortSignal);
    assert.equal(a.listCalls[0]![1].cursor, undefined);
    assert.equal(a.listCalls[1]![1].limit, 5);
  });

  it('uses a default max depth of 3 for the tree', async () => {
    const seed: SeedComment[] = [{ id: 'd0', body: '' }, { id: 'd1', parentId: 'd0', body: '' }, { id: 'd2', parentId: 'd1', body: '' }, { id: 'd3', parentId: 'd2', body: '' }, { id: 'd4', parentId: 'd3', authorName: 'Zara', body: '' }, { id: 'd5', parentId: 'd4', authorName: 'Omar', body: '' }];
    const store = new ThreadStore(new MemoryAdapter({ seed: { t: seed } }), 't');
    assert.equal(store.maxDepth, 3);
    await store.load();
    assert.deepEqual(shape(store.tree), [['d0@0', [['d1@1', [['d2@2', ['d3@3', 'd4@3→null', 'd5@3→Zara']]]]]]]);
    let changes = 0;
    store.subscribe(() => changes++);
    store.maxDepth = 1;
    assert.equal(changes, 1, 'a new depth is a change');
    assert.deepEqual(shape(store.tree), [['d0@0', ['d1@1', 'd2@1→null', 'd3@1→null', 'd4@1→null', 'd5@1→Zara']]], 'rebuilt for the new depth');
    assert.deepEqual(shape(new ThreadStore(new MemoryAdapter(), 'x', { maxDepth: 2 }).tree), []);
  });

  it('counts the loaded comments when the backend does not give a total', async () => {
    const a = new ScriptedAdapter([async () => ({ comments: [c('a'), c('b')], nextCursor: 'more' })]);
    const store = new ThreadStore(a, 't');
    await store.load();
    assert.equal(store.count, 2);
    assert.equal(store.nextCursor, 'more');
  });

  it('uses the backend total when it has one', async () => {
    const a = new ScriptedAdapter([async () => ({ comments: [c('a')], nextCursor: '1', total: 40 })]);
    const store = new ThreadStore(a, 't');
    await store.load();
    assert.equal(store.count, 40);
  });

  it('ends in status "error" with the AdapterError, and load() resolves', async () => {
    const limited = new AdapterError('rate-limited', 'wait', { retryAfterSeconds: 9 });
    const a = new ScriptedAdapter([
      async () => {
        throw limited;
      },
    ]);
    const store = new ThreadStore(a, 't');
    const seen: string[] = [];
    store.subscribe(() => seen.push(store.status));
    await store.load(); // must not reject
    assert.equal(store.status, 'error');
    assert.equal(store.error, limited);
    assert.equal(store.error!.retryAfterSeconds, 9);
    assert.deepEqual(seen, ['loading', 'error']);
    assert.deepEqual(store.loaded, []);
  });

  it('turns other failures into AdapterErrors: thrown Error → server, TypeError → network, sync throw', async () => {
    const a = new ScriptedAdapter([
      async () => {
        throw new Error('boom');
      },
      async () => {
        throw new TypeError('Failed to fetch');
      },
      () => {
        throw new Error('sync');
      },
    ]);
    const store = new ThreadStore(a, 't');
    await store.load();
    assert.ok(store.error instanceof AdapterError);
    assert.equal(store.error.kind, 'server');
    await store.load();
    assert.equal(store.error!.kind, 'network');
    await store.load();
    assert.equal(store.status, 'error');
    assert.equal(store.error!.kind, 'server');
  });

  it('treats a malformed page as an error, not a crash', async () => {
    const a = new ScriptedAdapter([
      async () => ({ comments: [{ id: 'x', body: 'no date' }], nextCursor: null }),
      async () => ({ items: [] }),
      async () => null,
    ]);
    const store = new ThreadStore(a, 't');
    for (let i = 0; i < 3; i++) {
      await store.load();
      assert.equal(store.status, 'error');
      assert.equal(store.error!.kind, 'server');
      assert.equal(store.error!.reason, 'malformed-response');
      assert.deepEqual(store.loaded, []);
    }
  });

  it('recovers on a second load() after an error', async () => {
    const a = new ScriptedAdapter([
      async () => {
        throw new TypeError('fetch failed');
      },
      async () => ({ comments: [c('a')], nextCursor: null, total: 1 }),
    ]);
    const store = new ThreadStore(a, 't');
    await store.load();
    assert.equal(store.status, 'error');
    await store.load();
    assert.equal(store.status, 'ready');
    assert.equal(store.error, null);
    assert.equal(store.count, 1);
  });

  it('aborts a load that is still running when load() is called again, and keeps only the latest', async () => {
    const first = deferred<CommentPage>();
    const a = new ScriptedAdapter([() => first.promise, async () => ({ comments: [c('new')], nextCursor: null })]);
    const store = new ThreadStore(a, 't');
    const p1 = store.load();
    await store.load();
    assert.equal(a.listCalls[0]![1].signal!.aborted, true);
    assert.equal(a.listCalls[1]![1].signal!.aborted, false);
    first.resolve({ comments: [c('old')], nextCursor: null });
    await p1;
    assert.deepEqual(
      store.loaded.map((x) => x.id),
      ['new'],
    );
    assert.equal(store.status, 'ready');
  });

  it('keeps going when a listener throws', async (t) => {
    const logged = t.mock.method(console, 'error', () => {});
    const store = new ThreadStore(new MemoryAdapter({ seed: { t: seedOf(1) } }), 't');
    let calls = 0;
    store.subscribe(() => {
      throw new Error('listener bug');
    });
    store.subscribe(() => calls++);
    await store.load();
    assert.equal(store.status, 'ready');
    assert.equal(calls, 2);
    assert.equal(logged.mock.callCount(), 2);
  });

  it('stops calling a listener after it unsubscribes', async () => {
    const store = new ThreadStore(new MemoryAdapter(), 't');
    let calls = 0;
    const off = store.subscribe(() => calls++);
    off();
    await store.load();
    assert.equal(calls, 0);
  });
});

describe('ThreadStore: load more', () => {
  it('appends the next page and moves the cursor until the end', async () => {
    const a = new MemoryAdapter({ seed: { t: seedOf(5) } });
    const store = new ThreadStore(a, 't', { pageSize: 2 });
    await store.load();
    assert.deepEqual(
      store.loaded.map((x) => x.id),
      ['seed-1', 'seed-2'],
    );
    assert.notEqual(store.nextCursor, null);
    assert.equal(store.count, 5);
    const loadingStates: boolean[] = [];
    store.subscribe(() => loadingStates.push(store.loadingMore));
    await store.loadMore();
    assert.deepEqual(loadingStates, [true, false]);
    assert.deepEqual(
      store.loaded.map((x) => x.id),
      ['seed-1', 'seed-2', 'seed-3', 'seed-4'],
    );
    assert.notEqual(store.nextCursor, null);
    await store.loadMore();
    assert.deepEqual(
      store.loaded.map((x) => x.id),
      ['seed-1', 'seed-2', 'seed-3', 'seed-4', 'seed-5'],
    );
    assert.equal(store.nextCursor, null);
    assert.equal(store.count, 5);
  });

  it('passes the cursor and page size, and does nothing at the end', async () => {
    const a = new ScriptedAdapter([
      async () => ({ comments: [c('a')], nextCursor: 'CUR' }),
      async () => ({ comments: [c('b', 'a')], nextCursor: null }),
    ]);
    const store = new ThreadStore(a, 't', { pageSize: 1 });
    await store.load();
    await store.loadMore();
    assert.equal(a.listCalls[1]![1].cursor, 'CUR');
    assert.equal(a.listCalls[1]![1].limit, 1);
    assert.deepEqual(shape(store.tree), [['a@0', ['b@1']]]);
    await store.loadMore();
    assert.equal(a.listCalls.length, 2, 'no call without a cursor');
  });

  it('does nothing before the first page is loaded', async () => {
    const a = new ScriptedAdapter();
    const store = new ThreadStore(a, 't');
    store.nextCursor = 'x';
    await store.loadMore();
    assert.equal(a.listCalls.length, 0);
  });

  it('does not load the same page twice at once', async () => {
    const more = deferred<CommentPage>();
    const a = new ScriptedAdapter([async () => ({ comments: [c('a')], nextCursor: '1' }), () => more.promise]);
    const store = new ThreadStore(a, 't');
    await store.load();
    const p1 = store.loadMore();
    const p2 = store.loadMore();
    assert.equal(store.loadingMore, true);
    more.resolve({ comments: [c('b')], nextCursor: null });
    await Promise.all([p1, p2]);
    assert.equal(a.listCalls.length, 2);
    assert.deepEqual(
      store.loaded.map((x) => x.id),
      ['a', 'b'],
    );
  });

  it('skips comments that are already loaded', async () => {
    const a = new ScriptedAdapter([
      async () => ({ comments: [c('a'), c('b')], nextCursor: '1' }),
      async () => ({ comments: [c('b'), c('c')], nextCursor: null }),
    ]);
    const store = new ThreadStore(a, 't');
    await store.load();
    await store.loadMore();
    assert.deepEqual(
      store.loaded.map((x) => x.id),
      ['a', 'b', 'c'],
    );
  });

  it('keeps the loaded comments and sets moreError when the next page fails', async () => {
    const a = new ScriptedAdapter([
      async () => ({ comments: [c('a')], nextCursor: '1', total: 2 }),
      async () => {
        throw new TypeError('fetch failed');
      },
      async () => ({ comments: [c('b')], nextCursor: null, total: 2 }),
    ]);
    const store = new ThreadStore(a, 't');
    await store.load();
    await store.loadMore(); // must not reject
    assert.equal(store.status, 'ready');
    assert.equal(store.error, null);
    assert.equal(store.moreError!.kind, 'network');
    assert.equal(store.loadingMore, false);
    assert.equal(store.nextCursor, '1');
    assert.deepEqual(
      store.loaded.map((x) => x.id),
      ['a'],
    );
    await store.loadMore();
    assert.equal(store.moreError, null);
    assert.deepEqual(
      store.loaded.map((x) => x.id),
      ['a', 'b'],
    );
  });

  it('treats a malformed next page as moreError', async () => {
    const a = new ScriptedAdapter([async () => ({ comments: [c('a')], nextCursor: '1' }), async () => ({ comments: 'x', nextCursor: null })]);
    const store = new ThreadStore(a, 't');
    await store.load();
    await store.loadMore();
    assert.equal(store.moreError!.kind, 'server');
    assert.equal(store.loaded.length, 1);
  });
});

describe('ThreadStore: posting', () => {
  it('shows the comment at once as sending, then replaces it with the saved one', async () => {
    const saved = deferred<Comment>();
    const a = new ScriptedAdapter([async () => ({ comments: [c('a')], nextCursor: null, total: 1 })], [() => saved.promise]);
    const store = new ThreadStore(a, 't');
    await store.load();
    let notified = 0;
    store.subscribe(() => notified++);

    const p = store.post(input, 'key-1');
    // Synchronously visible:
    assert.equal(notified, 1);
    assert.equal(store.count, 2);
    assert.deepEqual(
      store.loaded.map((x) => x.id),
      ['a', 'local:key-1'],
    );
    const optimistic = store.loaded[1]!;
    assert.equal(optimistic.authorName, 'Ayesha');
    assert.equal(optimistic.body, 'My comment');
    assert.equal(optimistic.parentId, null);
    assert.equal(optimistic.status, 'published');
    assert.equal(Number.isNaN(Date.parse(optimistic.createdAt)), false);
    assert.equal('authorEmail' in optimistic, false);
    assert.deepEqual(shape(store.tree), ['a@0', 'local:key-1@0*']);
    assert.equal(store.tree[1]!.sending, true);

    const real: Comment = { id: 'srv-9', parentId: null, authorName: 'Ayesha', body: 'My comment', createdAt: ISO, status: 'published' };
    saved.resolve(real);
    const result = await p;
    assert.deepEqual(result, real);
    assert.deepEqual(
      store.loaded.map((x) => x.id),
      ['a', 'srv-9'],
    );
    assert.deepEqual(shape(store.tree), ['a@0', 'srv-9@0']);
    assert.equal(store.tree[1]!.sending, false);
    assert.equal(store.count, 2);
    assert.equal(notified, 2);
    assert.deepEqual(a.postCalls, [['t', input, { idempotencyKey: 'key-1' }]]);
  });

  it('shows an anonymous optimistic comment with a null author, and a reply under its parent', async () => {
    const pending = deferred<Comment>();
    const a = new ScriptedAdapter([async () => ({ comments: [c('a')], nextCursor: null })], [() => pending.promise]);
    const store = new ThreadStore(a, 't');
    await store.load();
    const p = store.post({ authorName: '   ', body: 'reply', parentId: 'a' }, 'k');
    assert.equal(store.loaded[1]!.authorName, null);
    assert.deepEqual(shape(store.tree), [['a@0', ['local:k@1*']]]);
    pending.resolve({ ...c('r', 'a'), body: 'reply' });
    await p;
    assert.deepEqual(shape(store.tree), [['a@0', ['r@1']]]);
  });

  it('removes the comment again and rejects with an AdapterError when posting fails', async () => {
    const failing = deferred<Comment>();
    const a = new ScriptedAdapter([async () => ({ comments: [c('a')], nextCursor: null, total: 1 })], [() => failing.promise]);
    const store = new ThreadStore(a, 't');
    await store.load();
    const p = store.post(input, 'k');
    assert.equal(store.count, 2);
    failing.reject(new TypeError('Failed to fetch'));
    const err = await rejectsWith(p, 'network');
    assert.equal(err.message, 'Could not reach the comment service.');
    assert.deepEqual(
      store.loaded.map((x) => x.id),
      ['a'],
    );
    assert.deepEqual(shape(store.tree), ['a@0']);
    assert.equal(store.count, 1);
  });

  it('keeps the adapter error kind and details on failure', async () => {
    const a = new ScriptedAdapter(
      [async () => ({ comments: [], nextCursor: null })],
      [
        async () => {
          throw new AdapterError('rejected', 'Bad e-mail', { field: 'email' });
        },
        async () => ({ id: 'x' }), // malformed answer
      ],
    );
    const store = new ThreadStore(a, 't');
    await store.load();
    const rejected = await rejectsWith(store.post(input, 'k1'), 'rejected');
    assert.equal(rejected.field, 'email');
    const malformed = await rejectsWith(store.post(input, 'k2'), 'server');
    assert.equal(malformed.reason, 'malformed-response');
    assert.equal(store.loaded.length, 0);
    assert.equal(store.count, 0);
  });

  it('turns an aborted post into a network error', async () => {
    const a = new ScriptedAdapter([], [
      async () => {
        const e = new Error('aborted');
        e.name = 'AbortError';
        throw e;
      },
    ]);
    const store = new ThreadStore(a, 't');
    const err = await rejectsWith(store.post(input, 'k'), 'network');
    assert.equal(err.message, 'The request was cancelled.');
  });

  it('refuses a second post with the same key while the first is in flight', async () => {
    const pending = deferred<Comment>();
    const a = new ScriptedAdapter([], [() => pending.promise]);
    const store = new ThreadStore(a, 't');
    const first = store.post(input, 'k');
    const err = await rejectsWith(store.post(input, 'k'), 'rejected');
    assert.equal(err.message, 'This comment is already being posted.');
    assert.equal(a.postCalls.length, 1);
    assert.equal(store.loaded.length, 1);
    pending.resolve(c('saved'));
    await first;
    assert.deepEqual(
      store.loaded.map((x) => x.id),
      ['saved'],
    );
  });

  it('creates no duplicate when a failed post is retried with the same key (MemoryAdapter)', async () => {
    // The first attempt reaches the backend, but the answer is lost on the way back.
    const memory = new MemoryAdapter({ seed: { t: seedOf(1) } });
    let lose = true;
    const flaky: CommentsAdapter = {
      listComments: (thread, opts) => memory.listComments(thread, opts),
      postComment: async (thread, body, opts) => {
        const saved = await memory.postComment(thread, body, opts);
        if (lose) {
          lose = false;
          throw new TypeError('NetworkError when attempting to fetch resource.');
        }
        return saved;
      },
    };
    const store = new ThreadStore(flaky, 't');
    await store.load();
    await rejectsWith(store.post(input, 'same-key'), 'network');
    assert.equal(store.count, 1);
    const saved = await store.post(input, 'same-key');
    const page = await memory.listComments('t', {});
    assert.equal(page.total, 2, 'stored once');
    assert.deepEqual(
      page.comments.map((x) => x.id),
      ['seed-1', saved.id],
    );
    assert.deepEqual(
      store.loaded.map((x) => x.id),
      ['seed-1', saved.id],
    );
    assert.equal(store.count, 2);
  });

  it('does not show a comment twice when the same key is posted again after success (MemoryAdapter)', async () => {
    const store = new ThreadStore(new MemoryAdapter(), 't');
    await store.load();
    const first = await store.post(input, 'k');
    const second = await store.post(input, 'k');
    assert.equal(second.id, first.id);
    assert.deepEqual(
      store.loaded.map((x) => x.id),
      [first.id],
    );
    assert.equal(store.count, 1);
  });

  it('keeps unconfirmed comments through a reload', async () => {
    const pending = deferred<Comment>();
    const a = new ScriptedAdapter(
      [async () => ({ comments: [c('a')], nextCursor: null, total: 1 }), async () => ({ comments: [c('a'), c('b')], nextCursor: null, total: 2 })],
      [() => pending.promise],
    );
    const store = new ThreadStore(a, 't');
    await store.load();
    const p = store.post(input, 'k');
    await store.load();
    assert.deepEqual(
      store.loaded.map((x) => x.id),
      ['a', 'b', 'local:k'],
    );
    assert.equal(store.count, 3);
    pending.resolve(c('saved'));
    await p;
    assert.deepEqual(
      store.loaded.map((x) => x.id),
      ['a', 'b', 'saved'],
    );
    assert.equal(store.count, 3);
  });

  it('does not count a saved comment twice when a reload already brought it', async () => {
    const pending = deferred<Comment>();
    const a = new ScriptedAdapter(
      [async () => ({ comments: [], nextCursor: null, total: 0 }), async () => ({ comments: [c('saved')], nextCursor: null, total: 1 })],
      [() => pending.promise],
    );
    const store = new ThreadStore(a, 't');
    await store.load();
    const p = store.post(input, 'k');
    await store.load();
    pending.resolve(c('saved'));
    await p;
    assert.deepEqual(
      store.loaded.map((x) => x.id),
      ['saved'],
    );
    assert.equal(store.count, 1);
  });
});

describe('ThreadStore: dispose', () => {
  it('aborts the request in flight and stops notifying', async () => {
    const a = new ScriptedAdapter([() => new Promise<never>(() => {})]);
    const store = new ThreadStore(a, 't');
    let calls = 0;
    store.subscribe(() => calls++);
    void store.load();
    assert.equal(calls, 1);
    const signal = a.listCalls[0]![1].signal!;
    assert.equal(signal.aborted, false);
    store.dispose();
    assert.equal(signal.aborted, true);
  });

  it('ignores the answer of an aborted load (MemoryAdapter with latency)', async () => {
    const store = new ThreadStore(new MemoryAdapter({ latencyMs: 60_000, seed: { t: seedOf(2) } }), 't');
    let calls = 0;
    store.subscribe(() => calls++);
    const p = store.load();
    store.dispose();
    await p; // resolves promptly, never rejects
    assert.equal(store.status, 'loading');
    assert.equal(store.error, null);
    assert.deepEqual(store.loaded, []);
    assert.equal(calls, 1, 'only the "loading" notification from before dispose');
  });

  it('ignores an answer that arrives after dispose', async () => {
    const late = deferred<CommentPage>();
    const store = new ThreadStore(new ScriptedAdapter([() => late.promise]), 't');
    const p = store.load();
    store.dispose();
    late.resolve({ comments: [c('a')], nextCursor: null });
    await p;
    assert.equal(store.status, 'loading');
    assert.deepEqual(store.loaded, []);
  });
});

describe('buildTree: regressions found in review', () => {
  it('with maxDepth 0 shows every comment at the top level, saying whom replies answer', () => {
    const tree = buildTree([c('a'), c('b', 'a'), c('d', 'b')], 0);
    assert.deepEqual(
      tree.map((n) => [n.comment.id, n.depth, n.replyingTo]),
      [
        ['a', 0, undefined],
        ['b', 0, 'author a'],
        ['d', 0, 'author b'],
      ],
    );
  });

  it('a negative maxDepth behaves like 0 instead of throwing', () => {
    assert.equal(buildTree([c('a'), c('b', 'a')], -2).length, 2);
  });
});

describe('regressions found in review', () => {
  it('never loops on a parent cycle in bad data, at any depth', () => {
    const cyc: Comment[] = [
      { ...c('a'), parentId: 'b' },
      { ...c('b'), parentId: 'a' },
      { ...c('x'), parentId: 'x' },
      c('y', 'x'),
    ];
    for (const depth of [0, 1, 3]) {
      const tree = buildTree(cyc, depth);
      const count = (nodes: CommentNode[]): number => nodes.reduce((n, x) => n + 1 + count(x.children), 0);
      assert.equal(count(tree), 4, `depth ${depth}`);
    }
  });

  it('keeps a post confirmed while a reload was in flight, and counts it', async () => {
    const list = deferred<CommentPage>();
    let calls = 0;
    const saved = { ...c('new'), createdAt: new Date().toISOString() };
    const adapter: CommentsAdapter = {
      listComments: async () => (++calls === 1 ? { comments: [c('old')], nextCursor: null, total: 1 } : list.promise),
      postComment: async () => saved,
    };
    const store = new ThreadStore(adapter, 't');
    await store.load();
    const reload = store.load(); // the backend computes this page before the post lands
    await store.post({ body: 'new', authorName: 'A' }, 'key-1');
    list.resolve({ comments: [c('old')], nextCursor: null, total: 1 });
    await reload;
    assert.deepEqual(store.loaded.map((x) => x.id), ['old', 'new']);
    assert.equal(store.count, 2);
  });
});

describe('ThreadStore: "Show N more replies"', () => {
  /** A top-level comment with `n` replies (a chain of two levels), and a second one with one reply. */
  function seed(n: number): SeedComment[] {
    const out: SeedComment[] = [{ id: 'top', body: 'top' }];
    for (let i = 0; i < n; i++) out.push({ id: `r${i}`, parentId: i % 2 ? `r${i - 1}` : 'top', body: `reply ${i}` });
    out.push({ id: 'other', body: 'other' }, { id: 'o1', parentId: 'other', body: 'o1' });
    return out;
  }
  const count = (nodes: CommentNode[]): number => nodes.reduce((s, n) => s + 1 + count(n.children), 0);

  it('says how many replies are left, and loads them through the replies cursor', async () => {
    const store = new ThreadStore(new MemoryAdapter({ seed: { t: seed(12) } }), 't');
    await store.load();
    const [top, other] = store.tree;
    assert.equal(count(top!.children), 5, 'the first 5 replies come with the page');
    assert.deepEqual(top!.moreReplies, { count: 7, loading: false, error: null });
    assert.equal(other!.moreReplies, undefined, 'all its replies are there');
    const loading = store.loadReplies('top');
    assert.equal(store.tree[0]!.moreReplies!.loading, true);
    await loading;
    assert.equal(count(store.tree[0]!.children), 12);
    assert.equal(store.tree[0]!.moreReplies, undefined);
    assert.equal(store.count, 15);
  });

  it('keeps paging a long reply list, 200 at a time', async () => {
    const store = new ThreadStore(new MemoryAdapter({ seed: { t: seed(450) } }), 't');
    await store.load();
    assert.equal(store.tree[0]!.moreReplies!.count, 445);
    await store.loadReplies('top');
    assert.equal(store.tree[0]!.moreReplies!.count, 245);
    await store.loadReplies('top');
    assert.equal(store.tree[0]!.moreReplies!.count, 45);
    await store.loadReplies('top');
    assert.equal(store.tree[0]!.moreReplies, undefined);
    assert.equal(count(store.tree[0]!.children), 450);
  });

  it('keeps a failure on the comment, and a second try works', async () => {
    const memory = new MemoryAdapter({ seed: { t: seed(8) } });
    let fail = false;
    const adapter: CommentsAdapter = {
      listComments: async (t, o) => {
        if (fail) throw new AdapterError('network', 'down');
        return memory.listComments(t, o);
      },
      postComment: (t, i, o) => memory.postComment(t, i, o),
    };
    const store = new ThreadStore(adapter, 't');
    await store.load();
    fail = true;
    await store.loadReplies('top');
    assert.equal(store.tree[0]!.moreReplies!.error?.kind, 'network');
    assert.equal(store.tree[0]!.moreReplies!.count, 3);
    fail = false;
    await store.loadReplies('top');
    assert.equal(store.tree[0]!.moreReplies, undefined);
    assert.equal(count(store.tree[0]!.children), 8);
  });

  it('does not count a reply posted here as one of those left', async () => {
    const memory = new MemoryAdapter({ seed: { t: seed(7) }, required: ['body'] });
    const store = new ThreadStore(memory, 't');
    await store.load();
    await store.post({ body: 'mine', authorName: 'Me', parentId: 'top' }, newIdempotencyKey());
    assert.equal(store.tree[0]!.moreReplies!.count, 2);
    await store.loadReplies('top');
    assert.equal(store.tree[0]!.moreReplies, undefined);
    assert.equal(count(store.tree[0]!.children), 8, '7 loaded + mine, mine not twice');
  });
});

// ---------------------------------------------------------------------------------------------
// The reader's own comments, reports, placeholders and live updates.

/** A movable clock, shared by the adapter and the store. */
function clock(start = Date.parse('2026-03-01T10:00:00Z')) {
  let t = start;
  return { now: () => t, date: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

const MIN = 60_000;
const flush = () => new Promise((r) => setTimeout(r, 5));
const mine: NewComment = { authorName: 'Me', body: 'My own words' };

/** A MemoryAdapter, its clock, a store on it with its own storage; the first page loaded. */
async function own(seed: SeedComment[] = [{ id: 'a', body: 'first', authorName: 'A' }], options: ConstructorParameters<typeof MemoryAdapter>[0] = {}, storage = new MapStorage()) {
  const time = clock();
  const memory = new MemoryAdapter({ seed: { t: seed }, required: ['body'], now: time.date, ...options });
  const store = new ThreadStore(memory, 't', { storage, now: time.now });
  await store.load();
  return { time, memory, store, storage };
}

const node = (store: ThreadStore, id: string): CommentNode => {
  const find = (nodes: CommentNode[]): CommentNode | undefined => {
    for (const n of nodes) {
      if (n.comment.id === id) return n;
      const inner = find(n.children);
      if (inner) return inner;
    }
    return undefined;
  };
  const found = find(store.tree);
  assert.ok(found, `comment ${id} is in the tree`);
  return found;
};

describe('ThreadStore: author tokens', () => {
  it('keeps the token of a post in storage, never in the list, and makes the comment editable', async () => {
    const { store, storage, time } = await own();
    const saved = await store.post(mine, 'k1');
    assert.equal('authorToken' in saved, false, 'the answer handed on has no token');
    assert.equal('editableUntil' in saved, false);
    for (const c of store.loaded) assert.equal('authorToken' in c, false);
    const kept = JSON.parse(storage.getItem('colloquy:authored:t')!) as Record<string, { token: string; until: string }>;
    assert.deepEqual(Object.keys(kept), [saved.id]);
    assert.ok(kept[saved.id]!.token.length > 8);
    assert.equal(kept[saved.id]!.until, new Date(time.now() + 15 * MIN).toISOString());
    assert.equal(node(store, saved.id).editable, true);
    assert.equal(node(store, 'a').editable, false, 'somebody else\'s comment');
  });

  it('is not editable while sending, once answered, or when the adapter cannot edit or delete', async () => {
    const { store, memory, time, storage } = await own();
    const p = store.post(mine, 'k1');
    assert.equal(store.tree[1]!.sending, true);
    assert.equal(store.tree[1]!.editable, false);
    const saved = await p;
    await store.post({ authorName: 'Me', body: 'my reply to myself', parentId: saved.id }, 'k2');
    assert.equal(node(store, saved.id).editable, false, 'it has a reply now');
    // The same token, through an adapter without editComment / deleteComment.
    const basic: CommentsAdapter = { listComments: (t, o) => memory.listComments(t, o), postComment: (t, i, o) => memory.postComment(t, i, o) };
    const other = new ThreadStore(basic, 't', { storage, now: time.now });
    await other.load();
    assert.equal(node(other, saved.id).comment.body, 'My own words');
    assert.equal(other.canEdit || other.canDelete, false);
    assert.ok(!node(other, saved.id).editable);
  });

  it('remembers the token across reloads (another store on the same storage)', async () => {
    const { store, memory, storage, time } = await own();
    const saved = await store.post(mine, 'k1');
    const again = new ThreadStore(memory, 't', { storage, now: time.now });
    await again.load();
    assert.equal(node(again, saved.id).editable, true);
  });

  it('prunes expired tokens from storage (the id stays known as the reader\'s own)', () => {
    const storage = new MapStorage();
    const now = Date.parse('2026-03-01T10:00:00Z');
    storage.setItem(
      'colloquy:authored:t',
      JSON.stringify({ old: { token: 'x', until: new Date(now - 1).toISOString() }, live: { token: 'y', until: new Date(now + MIN).toISOString() }, bad: { token: 3 } }),
    );
    const authored = new AuthoredStore('t', storage, () => now);
    assert.equal(authored.get('old'), undefined);
    assert.deepEqual(authored.get('live'), { token: 'y', until: now + MIN });
    const kept = JSON.parse(storage.getItem('colloquy:authored:t')!) as Record<string, { token?: string }>;
    assert.deepEqual(Object.keys(kept), ['old', 'live']);
    assert.equal(kept['old']!.token, undefined, 'the expired token is gone');
    assert.equal(authored.isOwn('old'), true);
    assert.equal(authored.isOwn('bad'), false);
  });

  it('takes Edit and Delete away when the window closes (a change is scheduled for then)', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { store, time } = await own();
    const saved = await store.post(mine, 'k1');
    let changes = 0;
    store.subscribe(() => changes++);
    time.advance(15 * MIN - 1000);
    t.mock.timers.tick(15 * MIN - 1000);
    assert.equal(changes, 0);
    assert.equal(node(store, saved.id).editable, true);
    time.advance(1001);
    t.mock.timers.tick(1001);
    assert.equal(changes, 1, 'the store changed when the window closed');
    assert.equal(node(store, saved.id).editable, false);
    store.dispose();
  });
});

describe('ThreadStore: edit and delete', () => {
  it('edits: "working" meanwhile, then the saved comment, with editedAt; the count stays', async () => {
    const { store, time } = await own();
    const saved = await store.post(mine, 'k1');
    time.advance(MIN);
    const p = store.edit(saved.id, '  Better words\r\n ');
    assert.equal(node(store, saved.id).working, 'edit');
    assert.equal(node(store, saved.id).comment.body, 'My own words', 'not optimistic');
    const edited = await p;
    assert.equal(edited.body, 'Better words');
    assert.equal(edited.editedAt, new Date(time.now()).toISOString());
    assert.equal('authorToken' in edited, false);
    const n = node(store, saved.id);
    assert.equal(n.comment.body, 'Better words');
    assert.equal(n.working, undefined);
    assert.equal(n.editable, true);
    assert.equal(store.count, 2);
  });

  it('keeps the comment as it was when an edit fails (a blank body is refused by the backend)', async () => {
    const { store } = await own();
    const saved = await store.post(mine, 'k1');
    const err = await rejectsWith(store.edit(saved.id, '   '), 'rejected');
    assert.equal(err.field, 'body');
    assert.equal(node(store, saved.id).comment.body, 'My own words');
    assert.equal(node(store, saved.id).working, undefined);
    assert.equal(node(store, saved.id).editable, true, 'it may still be edited');
  });

  it('refuses with has-replies once somebody answered (not loaded here), and stops offering it', async () => {
    const { store, memory } = await own();
    const saved = await store.post(mine, 'k1');
    await memory.forVisitor('someone').postComment('t', { authorName: 'B', body: 'an answer', parentId: saved.id }, { idempotencyKey: 'x' });
    assert.equal(node(store, saved.id).editable, true, 'the reply is not loaded yet');
    const err = await rejectsWith(store.edit(saved.id, 'changed'), 'rejected');
    assert.equal(err.reason, 'has-replies');
    assert.equal(node(store, saved.id).editable, false);
    await rejectsWith(store.remove(saved.id), 'rejected');
  });

  it('refuses with edit-window-closed when the backend says so (its clock is ahead), and forgets the token', async () => {
    const time = clock();
    let ahead = 0;
    const memory = new MemoryAdapter({ seed: { t: [] }, required: ['body'], now: () => new Date(time.now() + ahead) });
    const storage = new MapStorage();
    const store = new ThreadStore(memory, 't', { storage, now: time.now });
    await store.load();
    const saved = await store.post(mine, 'k1');
    ahead = 16 * MIN;
    assert.equal(node(store, saved.id).editable, true, 'this browser still thinks it may');
    const err = await rejectsWith(store.edit(saved.id, 'changed'), 'rejected');
    assert.equal(err.reason, 'edit-window-closed');
    assert.equal(node(store, saved.id).editable, false);
    assert.equal(node(store, saved.id).comment.body, 'My own words');
    const kept = JSON.parse(storage.getItem('colloquy:authored:t')!) as Record<string, { token?: string }>;
    assert.equal(kept[saved.id]!.token, undefined, 'the token is forgotten (the id is kept: it is the reader\'s own)');
  });

  it('forgets the token when the backend refuses it (forbidden)', async () => {
    const { store, storage, memory, time } = await own();
    const saved = await store.post(mine, 'k1');
    const stored = JSON.parse(storage.getItem('colloquy:authored:t')!) as Record<string, { token: string; until: string }>;
    stored[saved.id]!.token = 'forged';
    storage.setItem('colloquy:authored:t', JSON.stringify(stored));
    const forged = new ThreadStore(memory, 't', { storage, now: time.now });
    await forged.load();
    await rejectsWith(forged.edit(saved.id, 'changed'), 'forbidden');
    assert.equal(node(forged, saved.id).editable, false);
  });

  it('refuses to edit a comment without a token, without asking the adapter', async () => {
    const { store, memory } = await own();
    let asked = 0;
    const original = memory.editComment.bind(memory);
    memory.editComment = (...args) => (asked++, original(...args));
    const err = await rejectsWith(store.edit('a', 'changed'), 'rejected');
    assert.equal(err.reason, 'edit-window-closed');
    assert.equal(asked, 0);
    await rejectsWith(store.edit('nope', 'changed'), 'not-found');
  });

  it('deletes: gone from the list, the count drops by one, the token is forgotten', async () => {
    const { store, storage, memory } = await own();
    const saved = await store.post(mine, 'k1');
    assert.equal(store.count, 2);
    const p = store.remove(saved.id);
    assert.equal(node(store, saved.id).working, 'delete');
    await p;
    assert.deepEqual(store.loaded.map((c) => c.id), ['a']);
    assert.equal(store.count, 1);
    assert.equal(storage.getItem('colloquy:authored:t'), null);
    const page = await memory.listComments('t', {});
    assert.deepEqual(page.comments.map((c) => c.id), ['a'], 'the backend no longer lists it');
  });

  it('keeps the comment when deleting fails', async () => {
    const { store, memory } = await own();
    const saved = await store.post(mine, 'k1');
    memory.failureRate = 1;
    await rejectsWith(store.remove(saved.id), 'network');
    assert.deepEqual(store.loaded.map((c) => c.id), ['a', saved.id]);
    assert.equal(store.count, 2);
    assert.equal(node(store, saved.id).editable, true);
  });
});

describe('ThreadStore: reports', () => {
  it('reports once, remembers it in storage, and a new store knows it', async () => {
    const { store, memory, storage, time } = await own();
    let calls = 0;
    const original = memory.reportComment.bind(memory);
    memory.reportComment = (...args) => (calls++, original(...args));
    assert.equal(store.canReport, true);
    const p = store.report('a', 'spam');
    assert.equal(node(store, 'a').working, 'report');
    await p;
    assert.equal(node(store, 'a').reported, true);
    assert.deepEqual([...store.reported], ['a']);
    assert.deepEqual(JSON.parse(storage.getItem('colloquy:reported:t')!), ['a']);
    await store.report('a', 'abuse');
    assert.equal(calls, 1, 'a repeat does nothing');
    const again = new ThreadStore(memory, 't', { storage, now: time.now });
    await again.load();
    assert.equal(node(again, 'a').reported, true);
  });

  it('needs details for "other" (500 characters at most), before asking the adapter', async () => {
    const { store, memory } = await own();
    let calls = 0;
    const original = memory.reportComment.bind(memory);
    memory.reportComment = (...args) => (calls++, original(...args));
    await rejectsWith(store.report('a', 'other', '   '), 'rejected');
    await rejectsWith(store.report('a', 'other', 'x'.repeat(501)), 'rejected');
    assert.equal(calls, 0);
    await store.report('a', 'other', ' 👍🏽'.repeat(250).trim());
    assert.equal(calls, 1, '500 characters (graphemes) are fine');
  });

  it('is not reported when the adapter fails', async () => {
    const { store, memory, storage } = await own();
    memory.failureRate = 1;
    await rejectsWith(store.report('a', 'spam'), 'network');
    assert.equal(node(store, 'a').reported, false);
    assert.equal(storage.getItem('colloquy:reported:t'), null);
  });
});

describe('ThreadStore: placeholders', () => {
  it('keeps a deleted or hidden comment with replies in its place, without counting it', async () => {
    const { store } = await own([
      { id: 'd', body: 'gone', authorName: 'X', status: 'deleted' },
      { id: 'd1', parentId: 'd', body: 'answer to a deleted one', authorName: 'Y' },
      { id: 'h', body: 'hidden', authorName: 'Z', status: 'hidden' },
      { id: 'h1', parentId: 'h', body: 'answer to a hidden one', authorName: 'W' },
      { id: 'lone', body: 'deleted, no replies', status: 'deleted' },
    ]);
    assert.deepEqual(shape(store.tree), [['d@0', ['d1@1']], ['h@0', ['h1@1']]]);
    assert.equal(isPlaceholder(store.tree[0]!.comment), true);
    assert.equal(store.tree[0]!.comment.body, '');
    assert.equal(store.tree[0]!.comment.authorName, null);
    assert.equal(store.tree[1]!.comment.status, 'hidden');
    assert.equal(store.count, 2);
    await rejectsWith(store.report('d', 'spam'), 'not-found');
  });

  it('does not count placeholders when the backend gives no total', async () => {
    const a = new ScriptedAdapter([
      async () => ({ comments: [{ ...c('d'), status: 'deleted', body: '', authorName: null }, c('r', 'd')], nextCursor: null }),
    ]);
    const store = new ThreadStore(a, 't', { storage: null });
    await store.load();
    assert.equal(store.count, 1);
  });
});

/** An adapter whose live updates the test sends by hand. */
class LiveAdapter extends ScriptedAdapter {
  listeners: ((e: ThreadEvent) => void)[] = [];
  subscribed = 0;
  unsubscribed = 0;
  subscribe(_thread: string, onChange: (e: ThreadEvent) => void): () => void {
    this.subscribed++;
    this.listeners.push(onChange);
    return () => {
      this.unsubscribed++;
      this.listeners = this.listeners.filter((l) => l !== onChange);
    };
  }
  send(comment: Comment): void {
    for (const l of this.listeners) l({ type: 'comment-added', comment });
  }
}

const page = (comments: Comment[], nextCursor: string | null = null) => async () => ({ comments, nextCursor, total: comments.length });

describe('ThreadStore: live updates', () => {
  it('subscribes when the first load starts (even one that fails), once, and stops on dispose', async () => {
    const a = new LiveAdapter([
      async () => {
        throw new AdapterError('network', 'down');
      },
      page([c('a')]),
      page([c('a')]),
      page([c('a')]),
    ]);
    const store = new ThreadStore(a, 't', { storage: null });
    assert.equal(a.subscribed, 0);
    await store.load();
    assert.equal(a.subscribed, 1, 'from the start of the first load');
    a.send(c('during-error'));
    assert.equal(store.newCount, 0, 'held while there is no page');
    await store.load();
    assert.equal(a.subscribed, 1);
    assert.equal(store.newCount, 1, 'judged against the page once it came');
    await store.load();
    await store.setSort('newest');
    assert.equal(a.subscribed, 1, 'a reload or another order keeps the same subscription');
    store.dispose();
    assert.equal(a.unsubscribed, 1);
    const before = store.newCount;
    a.send(c('late'));
    assert.equal(store.newCount, before, 'nothing heard after dispose');
  });

  it('buffers new comments without touching the list; showNew merges them and counts them', async () => {
    const a = new LiveAdapter([page([c('a'), c('b')])]);
    const store = new ThreadStore(a, 't', { storage: null });
    await store.load();
    const before = store.tree;
    let changes = 0;
    store.subscribe(() => changes++);
    a.send(c('n1'));
    a.send(c('r1', 'a'));
    assert.equal(store.newCount, 2);
    assert.equal(changes, 2);
    assert.deepEqual(shape(store.tree), shape(before), 'nothing moved');
    assert.equal(store.count, 2);
    const ids = await store.showNew();
    assert.deepEqual(ids, ['n1', 'r1']);
    assert.deepEqual(shape(store.tree), [['a@0', ['r1@1']], 'b@0', 'n1@0']);
    assert.equal(store.count, 4);
    assert.equal(store.newCount, 0);
  });

  it('ignores comments already loaded, duplicates, unknown parents and ones not published', async () => {
    const a = new LiveAdapter([page([c('a')])]);
    const store = new ThreadStore(a, 't', { storage: null });
    await store.load();
    a.send(c('a'));
    a.send(c('n'));
    a.send(c('n'));
    a.send(c('orphan', 'not-loaded'));
    a.send({ ...c('p'), status: 'pending' });
    a.send(c('n1', 'n')); // a reply to a new one: it comes with it
    assert.equal(store.newCount, 2);
    assert.deepEqual(await store.showNew(), ['n', 'n1']);
    assert.deepEqual(shape(store.tree), ['a@0', ['n@0', ['n1@1']]]);
  });

  it('puts new top-level comments first when the newest are first', async () => {
    const a = new LiveAdapter([page([c('b'), c('a')])]);
    const store = new ThreadStore(a, 't', { storage: null, sort: 'newest' });
    await store.load();
    a.send(c('c'));
    a.send(c('d'));
    await store.showNew();
    assert.deepEqual(shape(store.tree), ['d@0', 'c@0', 'b@0', 'a@0']);
  });

  it('oldest first with pages still to load: new top-level comments come with the last page instead', async () => {
    const a = new LiveAdapter([page([c('a')], 'next')]);
    const store = new ThreadStore(a, 't', { storage: null });
    await store.load();
    a.send(c('z'));
    a.send(c('r', 'a'));
    assert.equal(store.newCount, 1, 'only the reply');
    await store.showNew();
    assert.deepEqual(shape(store.tree), [['a@0', ['r@1']]]);
  });

  it('counts a reply under a comment whose replies are not all loaded in "Show N more replies"', async () => {
    const seed: SeedComment[] = [{ id: 'top', body: 'top' }];
    for (let i = 0; i < 7; i++) seed.push({ id: `r${i}`, parentId: 'top', body: `reply ${i}` });
    const memory = new MemoryAdapter({ seed: { t: seed }, required: ['body'] });
    const store = new ThreadStore(memory, 't', { storage: null });
    await store.load();
    assert.equal(store.tree[0]!.moreReplies!.count, 2);
    await memory.forVisitor('v2').postComment('t', { authorName: 'V', body: 'late reply', parentId: 'r0' }, { idempotencyKey: 'v' });
    await flush();
    assert.equal(store.newCount, 0);
    assert.equal(store.tree[0]!.moreReplies!.count, 3);
    await store.loadReplies('top');
    assert.equal(store.tree[0]!.moreReplies, undefined);
    store.dispose();
  });

  it('never counts the reader\'s own post, even when its event comes before the answer', async () => {
    const answer = deferred<Comment>();
    const a = new LiveAdapter([page([c('a')])], [() => answer.promise]);
    const store = new ThreadStore(a, 't', { storage: null });
    await store.load();
    const p = store.post({ authorName: 'Me', body: 'Hello there' }, 'k');
    a.send({ ...c('srv-1'), body: 'Hello there' });
    assert.equal(store.newCount, 0, 'held while the post is in flight');
    answer.resolve({ ...c('srv-1'), body: 'Hello there' });
    await p;
    assert.equal(store.newCount, 0, 'dropped when the post confirms');
    assert.deepEqual(await store.showNew(), []);
    assert.deepEqual(store.loaded.map((x) => x.id), ['a', 'srv-1']);
  });

  it('with the MemoryAdapter: another visitor\'s posts are new, the reader\'s own are not', async () => {
    const memory = new MemoryAdapter({ seed: { t: [{ id: 'a', body: 'first' }] }, required: ['body'] });
    const store = new ThreadStore(memory, 't', { storage: new MapStorage() });
    await store.load();
    await memory.forVisitor('v2').postComment('t', { authorName: 'V', body: 'from elsewhere' }, { idempotencyKey: 'v' });
    await store.post({ authorName: 'Me', body: 'mine' }, 'k');
    await flush();
    assert.equal(store.newCount, 1);
    const [id] = await store.showNew();
    assert.equal(store.loaded.find((x) => x.id === id)!.body, 'from elsewhere');
    assert.equal(store.count, 3);
    store.dispose();
  });

  it('drops announced comments that a reload brought', async () => {
    const a = new LiveAdapter([page([c('a')]), page([c('a'), c('n')])]);
    const store = new ThreadStore(a, 't', { storage: null });
    await store.load();
    a.send(c('n'));
    assert.equal(store.newCount, 1);
    await store.load();
    assert.equal(store.newCount, 0);
    assert.deepEqual(await store.showNew(), []);
  });
});

// ---------------------------------------------------------------------------------------------
// Regressions found in the review of issue 6.

/** A MemoryAdapter whose list answers can be held back: each page is read at once, delivered on `release()`. */
function heldLists(memory: MemoryAdapter) {
  let gate: Promise<void> | null = null;
  let open = (): void => undefined;
  let read = deferred<void>();
  const adapter: CommentsAdapter = {
    listComments: async (t, o) => {
      const page = await memory.listComments(t, o);
      read.resolve();
      if (gate) await gate;
      return page;
    },
    postComment: (t, i, o) => memory.postComment(t, i, o),
    editComment: (t, id, body, token) => memory.editComment(t, id, body, token),
    deleteComment: (t, id, token) => memory.deleteComment(t, id, token),
    reportComment: (t, id, reason, details) => memory.reportComment(t, id, reason, details),
    subscribe: (t, fn) => memory.subscribe(t, fn),
  };
  return {
    adapter,
    /** Holds the next list answers; resolves once the backend has read the page. */
    hold(): Promise<void> {
      read = deferred<void>();
      gate = new Promise<void>((r) => (open = r));
      return read.promise;
    },
    release(): void {
      gate = null;
      open();
    },
  };
}

describe('review: author tokens in two tabs, and a reader whose clock is wrong', () => {
  it('keeps the tokens of both tabs: every write merges with what storage holds now', async () => {
    const time = clock();
    const memory = new MemoryAdapter({ seed: { t: [] }, required: ['body'], now: time.date });
    const storage = new MapStorage();
    const tab1 = new ThreadStore(memory, 't', { storage, now: time.now });
    const tab2 = new ThreadStore(memory, 't', { storage, now: time.now });
    await Promise.all([tab1.load(), tab2.load()]);
    const one = await tab1.post({ authorName: 'Me', body: 'from tab 1' }, 'k1');
    const two = await tab2.post({ authorName: 'Me', body: 'from tab 2' }, 'k2');
    const kept = () => Object.keys(JSON.parse(storage.getItem('colloquy:authored:t') ?? '{}') as object).sort();
    assert.deepEqual(kept(), [one.id, two.id].sort(), 'tab 2 did not overwrite tab 1');
    const third = new ThreadStore(memory, 't', { storage, now: time.now });
    await third.load();
    assert.equal(node(third, one.id).editable, true);
    assert.equal(node(third, two.id).editable, true);
    // A removal removes only that id: tab 1 deletes its comment, tab 2's token stays.
    await tab1.remove(one.id);
    assert.deepEqual(kept(), [two.id]);
    tab1.dispose();
    tab2.dispose();
    third.dispose();
  });

  it('pruning an expired token while rendering leaves the other tab\'s new token alone', () => {
    const storage = new MapStorage();
    let now = Date.parse('2026-03-01T10:00:00Z');
    const tab1 = new AuthoredStore('t', storage, () => now);
    const tab2 = new AuthoredStore('t', storage, () => now);
    tab1.set('old', 'token-old', new Date(now + MIN).toISOString(), new Date(now).toISOString());
    now += 2 * MIN;
    tab2.set('new', 'token-new', new Date(now + 15 * MIN).toISOString(), new Date(now).toISOString());
    assert.equal(tab1.get('old'), undefined, 'expired (and pruned)');
    const stored = JSON.parse(storage.getItem('colloquy:authored:t')!) as Record<string, { token?: string }>;
    assert.equal(stored['new']?.token, 'token-new');
    assert.equal(stored['old']?.token, undefined);
    assert.equal(new AuthoredStore('t', storage, () => now).get('new')?.token, 'token-new');
  });

  it('measures the window on the reader\'s clock: a clock 16 minutes fast still gets 15 minutes', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const time = clock();
    const memory = new MemoryAdapter({ seed: { t: [] }, required: ['body'], now: time.date });
    const fast = () => time.now() + 16 * MIN;
    const storage = new MapStorage();
    const store = new ThreadStore(memory, 't', { storage, now: fast });
    await store.load();
    const saved = await store.post(mine, 'k1');
    assert.equal(node(store, saved.id).editable, true);
    const kept = JSON.parse(storage.getItem('colloquy:authored:t')!) as Record<string, { until: string }>;
    assert.equal(kept[saved.id]!.until, new Date(fast() + 15 * MIN).toISOString(), 'local receipt + 15 minutes');
    time.advance(14 * MIN);
    t.mock.timers.tick(14 * MIN);
    assert.equal(node(store, saved.id).editable, true);
    await store.edit(saved.id, 'still in time');
    time.advance(MIN + 1000);
    t.mock.timers.tick(MIN + 1000);
    assert.equal(node(store, saved.id).editable, false, 'closed 15 minutes after it arrived');
    store.dispose();
  });
});

describe('review: live updates around loads', () => {
  it('subscribes when the first load starts, and keeps comments announced while it loads that the page lacks', async () => {
    const first = deferred<CommentPage>();
    const a = new LiveAdapter([() => first.promise]);
    const store = new ThreadStore(a, 't', { storage: null });
    const p = store.load();
    assert.equal(a.subscribed, 1, 'before the list answer');
    a.send(c('a')); // on the page
    a.send(c('late')); // posted after the page was read
    a.send(c('late-reply', 'a'));
    assert.equal(store.newCount, 0, 'held while loading');
    first.resolve({ comments: [c('a')], nextCursor: null, total: 1 });
    await p;
    assert.equal(store.newCount, 2);
    assert.deepEqual(await store.showNew(), ['late', 'late-reply']);
    assert.deepEqual(shape(store.tree), [['a@0', ['late-reply@1']], 'late@0']);
  });

  it('holds what arrives during a reload too, and drops what the new page brought', async () => {
    const second = deferred<CommentPage>();
    const a = new LiveAdapter([page([c('a')]), () => second.promise]);
    const store = new ThreadStore(a, 't', { storage: null });
    await store.load();
    const p = store.load();
    a.send(c('b'));
    a.send(c('c'));
    second.resolve({ comments: [c('a'), c('b')], nextCursor: null, total: 2 });
    await p;
    assert.equal(store.newCount, 1);
    assert.deepEqual(await store.showNew(), ['c']);
  });

  it('caps the buffer: past 200 it keeps counting, and "show" reloads the thread in place', async () => {
    const many = Array.from({ length: 250 }, (_, i) => c(`n${i}`));
    const a = new LiveAdapter([page([c('a')]), page([c('a'), ...many])]);
    const store = new ThreadStore(a, 't', { storage: null });
    await store.load();
    for (const n of many) a.send(n);
    assert.equal(store.newCount, 250);
    const held = (store as unknown as { incoming: Comment[] }).incoming;
    assert.ok(held.length <= 200, `at most 200 comments kept (${held.length})`);
    const ids = await store.showNew();
    assert.equal(a.listCalls.length, 2, 'reloaded instead of merging');
    assert.equal(store.status, 'ready');
    assert.equal(store.loaded.length, 251);
    assert.equal(store.newCount, 0);
    assert.equal(ids.length, 250, 'the comments the reload brought are the new ones');
    assert.equal(ids[0], 'n0');
  });
});

describe('review: a late page does not undo a delete or an edit', () => {
  it('keeps a comment deleted here gone when a page read before the delete arrives after it', async () => {
    const time = clock();
    const memory = new MemoryAdapter({ seed: { t: [{ id: 'a', body: 'first' }] }, required: ['body'], now: time.date });
    const held = heldLists(memory);
    const store = new ThreadStore(held.adapter, 't', { storage: new MapStorage(), now: time.now });
    await store.load();
    const saved = await store.post(mine, 'k1');
    const read = held.hold();
    const reload = store.load();
    await read;
    await store.remove(saved.id);
    held.release();
    await reload;
    assert.deepEqual(store.loaded.map((x) => x.id), ['a']);
    assert.equal(store.count, 1);
    // And a later page that still carried it (a cache) does not either.
    const again = held.hold();
    const reload2 = store.load();
    await again;
    held.release();
    await reload2;
    assert.deepEqual(store.loaded.map((x) => x.id), ['a']);
  });

  it('keeps an edit made here over a page read before it; a page with a newer edit wins', async () => {
    const time = clock();
    const memory = new MemoryAdapter({ seed: { t: [{ id: 'a', body: 'first' }] }, required: ['body'], now: time.date });
    const held = heldLists(memory);
    const storage = new MapStorage();
    const store = new ThreadStore(held.adapter, 't', { storage, now: time.now });
    await store.load();
    const saved = await store.post(mine, 'k1');
    const read = held.hold();
    const reload = store.load();
    await read;
    time.advance(MIN);
    await store.edit(saved.id, 'Changed here');
    held.release();
    await reload;
    assert.equal(node(store, saved.id).comment.body, 'Changed here');
    assert.ok(node(store, saved.id).comment.editedAt);
    // Another tab edits it later: that page carries a newer editedAt and wins.
    const authored = new AuthoredStore('t', storage, time.now);
    time.advance(MIN);
    await memory.editComment('t', saved.id, 'Changed elsewhere', authored.get(saved.id)!.token);
    await store.load();
    assert.equal(node(store, saved.id).comment.body, 'Changed elsewhere');
  });
});

describe('review: one rule for "editable"', () => {
  it('a reply announced live but not shown yet takes Edit and Delete away, without asking the adapter', async () => {
    const { store, memory } = await own();
    const saved = await store.post(mine, 'k1');
    let asked = 0;
    const original = memory.editComment.bind(memory);
    memory.editComment = (...args) => (asked++, original(...args));
    await memory.forVisitor('v2').postComment('t', { authorName: 'B', body: 'an answer', parentId: saved.id }, { idempotencyKey: 'b' });
    await flush();
    assert.equal(store.newCount, 1);
    assert.equal(node(store, saved.id).editable, false);
    const err = await rejectsWith(store.edit(saved.id, 'changed'), 'rejected');
    assert.equal(err.reason, 'has-replies');
    assert.equal(asked, 0);
    store.dispose();
  });

  it('a reply count from the backend (replies not loaded) refuses an edit here, as the tree says', async () => {
    const { store, memory, time, storage } = await own();
    const saved = await store.post(mine, 'k1');
    // A backend page that counts a reply without carrying it.
    const counting: CommentsAdapter = {
      listComments: async (t, o) => {
        const p = await memory.listComments(t, o);
        return { ...p, comments: p.comments.map((x) => (x.id === saved.id ? { ...x, replyCount: 1 } : x)) };
      },
      postComment: (t, i, o) => memory.postComment(t, i, o),
      editComment: (...args) => memory.editComment(...args),
    };
    const other = new ThreadStore(counting, 't', { storage, now: time.now });
    await other.load();
    assert.equal(node(other, saved.id).editable, false);
    const err = await rejectsWith(other.edit(saved.id, 'changed'), 'rejected');
    assert.equal(err.reason, 'has-replies');
    assert.equal((await memory.listComments('t', {})).comments.find((x) => x.id === saved.id)!.body, 'My own words', 'the adapter was not asked');
  });
});

describe('review: the reader\'s own comments are never reported', () => {
  it('remembers own ids (without tokens) for 30 days after the window closed', async () => {
    const { store, memory, time, storage } = await own();
    const saved = await store.post(mine, 'k1');
    time.advance(16 * MIN);
    assert.equal(node(store, saved.id).editable, false);
    assert.equal(node(store, saved.id).own, true);
    assert.equal(node(store, 'a').own, false);
    let asked = 0;
    const original = memory.reportComment.bind(memory);
    memory.reportComment = (...args) => (asked++, original(...args));
    await rejectsWith(store.report(saved.id, 'spam'), 'rejected');
    assert.equal(asked, 0);
    const kept = JSON.parse(storage.getItem('colloquy:authored:t')!) as Record<string, { token?: string }>;
    assert.equal(kept[saved.id]!.token, undefined, 'the token is gone');
    const later = new ThreadStore(memory, 't', { storage, now: time.now });
    await later.load();
    assert.equal(node(later, saved.id).own, true, 'also after a reload');
    time.advance(30 * 24 * 60 * MIN);
    const much = new ThreadStore(memory, 't', { storage, now: time.now });
    await much.load();
    assert.equal(node(much, saved.id).own, false, 'forgotten after 30 days');
    assert.equal(storage.getItem('colloquy:authored:t'), null);
  });
});

describe('review: reports use the one rule (src/core/report.ts)', () => {
  it('refuses with the shared messages and sends the cleaned details', async () => {
    const { store, memory } = await own();
    const sent: (string | undefined)[] = [];
    memory.reportComment = async (_t, _id, _reason, details) => void sent.push(details);
    const err = await rejectsWith(store.report('a', 'other', ' \n '), 'rejected');
    assert.equal(err.message, REPORT_PROBLEM_MESSAGES['details-required']);
    const bad = await rejectsWith(store.report('a', 'nonsense' as never), 'rejected');
    assert.equal(bad.message, REPORT_PROBLEM_MESSAGES.reason);
    await store.report('a', 'other', ' broken \uD800 text\r\n ');
    assert.deepEqual(sent, ['broken \uFFFD text']);
  });
});

describe('review 2: "show" past the cap, storage refusing writes, reply counts, pre-moderated edits, two tabs, replayed posts', () => {
  it('"show" past the cap: the reload clears what was announced, in both orders; the count is the page\'s', async () => {
    const olds = Array.from({ length: 30 }, (_, i) => c(`old${i}`));
    const many = Array.from({ length: 250 }, (_, i) => c(`n${i}`));
    const at = (comments: Comment[], nextCursor: string | null, total: number) => async () => ({ comments, nextCursor, total });

    // Newest first: the reload brings the 20 newest; the 200 kept before must not stay for another "show".
    const newest = new LiveAdapter([at(olds.slice(0, 20).reverse(), 'p2', 30), at(many.slice(230).reverse(), 'p2', 280)]);
    const n = new ThreadStore(newest, 't', { storage: null, sort: 'newest' });
    await n.load();
    for (const x of many) newest.send(x);
    assert.equal(n.newCount, 250, 'all announced comments counted');
    const ids = await n.showNew();
    assert.equal(newest.listCalls.length, 2, 'reloaded');
    assert.equal(ids[0], 'n249', 'focus goes to the first comment of the reloaded page not loaded before');
    assert.equal(n.newCount, 0, 'the banner is gone after the reload');
    assert.equal(n.count, 280, 'the count is the reloaded page\'s total');
    assert.deepEqual(await n.showNew(), [], 'a second "show" has nothing left');
    assert.equal(n.count, 280, 'nothing counted twice');

    // Oldest first with all 30 loaded: the reloaded first page has nothing new to focus, and that is fine.
    const oldest = new LiveAdapter([at(olds.slice(0, 20), 'p2', 30), at(olds.slice(20), null, 30), at(olds.slice(0, 20), 'p2', 280)]);
    const o = new ThreadStore(oldest, 't', { storage: null });
    await o.load();
    await o.loadMore();
    assert.equal(o.loaded.length, 30);
    for (const x of many) oldest.send(x);
    assert.equal(o.newCount, 250);
    assert.deepEqual(await o.showNew(), [], 'the first page has no comment not loaded before');
    assert.equal(o.newCount, 0, 'the banner is gone');
    assert.equal(o.count, 280, 'the count is the reloaded page\'s total');
  });

  it('storage refusing writes (full quota) never loses a token kept in memory', async () => {
    class FullStorage extends MapStorage {
      full = true;
      override setItem(key: string, value: string): void {
        if (this.full) throw new Error('QuotaExceededError');
        super.setItem(key, value);
      }
    }
    const storage = new FullStorage();
    const { store, time } = await own(undefined, {}, storage);
    const one = await store.post(mine, 'k1');
    const two = await store.post({ authorName: 'Me', body: 'Second words' }, 'k2');
    assert.equal(node(store, one.id).editable, true, 'the first post is still editable after the second');
    assert.equal(node(store, one.id).own, true, 'and still the reader\'s own');
    assert.equal(node(store, two.id).editable, true);
    assert.equal(storage.getItem('colloquy:authored:t'), null, 'nothing could be saved');
    storage.full = false;
    await store.post({ authorName: 'Me', body: 'Third words' }, 'k3');
    const later = new AuthoredStore('t', storage, time.now);
    assert.ok(later.get(one.id)?.token, 'saved once storage took writes again (first)');
    assert.ok(later.get(two.id)?.token, 'saved once storage took writes again (second)');
    store.dispose();
  });

  it('"Show N more replies" counts each announced reply once: not replays, not ones the reloaded page counts', async () => {
    const top: Comment = { ...c('top'), replyCount: 7, repliesCursor: 'rc' };
    const replies = [0, 1, 2, 3, 4].map((i) => c(`r${i}`, 'top'));
    const second = deferred<CommentPage>();
    const a = new LiveAdapter([page([top, ...replies]), () => second.promise]);
    const store = new ThreadStore(a, 't', { storage: null });
    await store.load();
    assert.equal(store.tree[0]!.moreReplies!.count, 2);
    a.send(c('x', 'r0'));
    assert.equal(store.tree[0]!.moreReplies!.count, 3, 'a new reply is counted');
    a.send(c('x', 'r0'));
    assert.equal(store.tree[0]!.moreReplies!.count, 3, 'a replayed announcement is not counted again');
    const reload = store.load();
    a.send(c('y', 'r1')); // held during the load; the page read meanwhile counts it
    a.send(c('x', 'r0'));
    second.resolve({ comments: [{ ...top, replyCount: 9 }, ...replies], nextCursor: null, total: 15 });
    await reload;
    assert.equal(store.tree[0]!.moreReplies!.count, 4, '9 counted by the page − 5 loaded, nothing added twice');
    a.send(c('y', 'r1'));
    assert.equal(store.tree[0]!.moreReplies!.count, 4, 'a replay after the reload is not counted');
    a.send(c('z', 'r1'));
    assert.equal(store.tree[0]!.moreReplies!.count, 5, 'a really new one is');
  });

  it('under pre-moderation, a page read before an edit does not publish the edited (pending) comment again', async () => {
    const time = clock();
    const memory = new MemoryAdapter({ seed: { t: [] }, required: ['body'], now: time.date, preModeration: true, moderatorToken: 'mod-token-0123456789' });
    const mod = memory.moderation('mod-token-0123456789');
    const held = heldLists(memory);
    const store = new ThreadStore(held.adapter, 't', { storage: new MapStorage(), now: time.now });
    await store.load();
    const saved = await store.post(mine, 'k1');
    await mod.moderate('t', saved.id, 'approve');
    await store.load();
    assert.equal(node(store, saved.id).comment.status, 'published', 'approved');
    const read = held.hold();
    const reload = store.load();
    await read; // this page says 'published'
    time.advance(MIN);
    const edited = await store.edit(saved.id, 'Changed text');
    assert.equal(edited.status, 'pending', 'the edit waits for a moderator');
    held.release();
    await reload;
    assert.equal(node(store, saved.id).comment.status, 'pending', 'the older page did not publish it again');
    assert.equal(node(store, saved.id).comment.body, 'Changed text');
    await mod.moderate('t', saved.id, 'approve');
    await store.load();
    assert.equal(node(store, saved.id).comment.status, 'published', 'a page that knows this edit says it was approved');
    store.dispose();
  });

  it('two tabs: a comment posted in the other tab is neither "new" nor reportable here', async () => {
    const time = clock();
    const memory = new MemoryAdapter({ seed: { t: [{ id: 'a', body: 'first' }] }, required: ['body'], now: time.date });
    const storage = new MapStorage();
    const tabA = new ThreadStore(memory, 't', { storage, now: time.now });
    const tabB = new ThreadStore(memory, 't', { storage, now: time.now });
    await Promise.all([tabA.load(), tabB.load()]);
    await tabB.post({ authorName: 'Me', body: 'from tab B' }, 'kb');
    await flush();
    assert.equal(tabA.newCount, 0, 'tab B\'s comment is not new in tab A');
    assert.deepEqual(await tabA.showNew(), []);

    // Tab A loads a page with tab B's next comment before tab B has saved its token.
    let open = (): void => undefined;
    const gate = new Promise<void>((r) => (open = r));
    const slowB = new ThreadStore(
      { listComments: (t, o) => memory.listComments(t, o), postComment: async (t, i, o) => { const r = await memory.postComment(t, i, o); await gate; return r; } },
      't',
      { storage, now: time.now },
    );
    await slowB.load();
    const posting = slowB.post({ authorName: 'Me', body: 'slow one' }, 'ks');
    await flush();
    await tabA.load();
    const id = tabA.loaded.find((x) => x.body === 'slow one')!.id;
    open();
    await posting;
    let asked = 0;
    const original = memory.reportComment.bind(memory);
    memory.reportComment = (...args) => (asked++, original(...args));
    await rejectsWith(tabA.report(id, 'spam'), 'rejected');
    assert.equal(asked, 0, 'the backend was not asked to report the reader\'s own comment');
    assert.equal(node(tabA, id).own, true, 'and tab A now knows it as the reader\'s own');
    tabA.dispose();
    tabB.dispose();
    slowB.dispose();
  });

  it('a replayed post answer (a retry minutes later) keeps the window counted from the first send', async () => {
    const time = clock();
    const start = time.now();
    const answer = (id: string, created: number): Comment => ({
      ...c(id),
      createdAt: new Date(created).toISOString(),
      authorToken: `tok-${id}`,
      editableUntil: new Date(created + 15 * MIN).toISOString(),
    });
    const a = new ScriptedAdapter(
      [page([])],
      [
        async () => {
          throw new AdapterError('network', 'lost on the way back');
        },
        async () => answer('s1', start), // the replay: stored at the first try
        async () => {
          throw new AdapterError('rejected', 'too short', { field: 'body' });
        },
        async () => answer('s2', time.now()), // refused before: stored now
      ],
    );
    const storage = new MapStorage();
    const store = new ThreadStore(a, 't', { storage, now: time.now });
    await store.load();
    await rejectsWith(store.post(mine, 'k1'), 'network');
    time.advance(10 * MIN);
    await store.post(mine, 'k1');
    const kept = () => new AuthoredStore('t', storage, time.now);
    assert.equal(kept().get('s1')?.until, start + 15 * MIN, '5 minutes left, not 15 from the retry');
    await rejectsWith(store.post({ authorName: 'Me', body: 'x' }, 'k2'), 'rejected');
    time.advance(MIN);
    await store.post({ authorName: 'Me', body: 'x' }, 'k2');
    assert.equal(kept().get('s2')?.until, time.now() + 15 * MIN, 'a refused first try does not shorten the window');
  });
});

describe('ThreadStore.hydrate (a first page fetched before the store existed)', () => {
  it('is ready at once with the page, without asking the adapter, and takes live updates from then on', async () => {
    const calls: string[] = [];
    const live: { listener: ((e: ThreadEvent) => void) | null } = { listener: null };
    const adapter: CommentsAdapter = {
      listComments: async () => {
        calls.push('list');
        return { comments: [], nextCursor: null };
      },
      postComment: async () => c('x'),
      subscribe: (_thread, on) => {
        live.listener = on;
        return () => (live.listener = null);
      },
    };
    const store = new ThreadStore(adapter, 't', { storage: null });
    const seen: string[] = [];
    store.subscribe(() => seen.push(store.status));
    assert.equal(store.hydrate({ comments: [c('a'), c('b', 'a')], nextCursor: null, total: 7 }), true);
    assert.equal(store.status, 'ready');
    assert.deepEqual(seen, ['ready'], 'no loading state in between');
    assert.deepEqual(shape(store.tree), [['a@0', ['b@1']]]);
    assert.equal(store.count, 7);
    assert.equal(store.nextCursor, null);
    assert.deepEqual(calls, [], 'nothing fetched again');
    assert.ok(live.listener, 'live updates started');
    live.listener!({ type: 'comment-added', comment: { ...c('z'), createdAt: new Date().toISOString() } });
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(store.newCount, 1);
    store.dispose();
  });

  it('refuses a malformed page (false, nothing changed): the caller loads instead', () => {
    const store = new ThreadStore({ listComments: async () => ({ comments: [], nextCursor: null }), postComment: async () => c('x') }, 't', { storage: null });
    assert.equal(store.hydrate({ comments: [{ id: 'a' }] }), false);
    assert.equal(store.hydrate(null), false);
    assert.equal(store.status, 'loading');
    assert.deepEqual(store.tree, []);
  });
});
