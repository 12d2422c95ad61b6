import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rejectsWith } from './helpers.js';
import { MemoryAdapter, type MemoryAdapterOptions, type SeedComment } from '../../src/adapters/memory.js';
import { type Comment, type NewComment } from '../../src/core/adapter.js';
import { MapStorage, type KeyValueStorage } from '../../src/core/storage.js';

const NOW = new Date('2024-06-01T12:00:00.000Z');
const FAMILY = '👨‍👩‍👧‍👦';

/** A MemoryAdapter with a fixed clock and a counting random source (repeatable ids). */
function make(options: MemoryAdapterOptions = {}): MemoryAdapter {
  let r = 0;
  return new MemoryAdapter({ now: () => NOW, random: () => ((r++ * 0.137) % 1), ...options });
}

const input: NewComment = { authorName: 'Ayesha', authorEmail: 'ayesha@example.pk', body: 'Hello' };

function seedOf(n: number): SeedComment[] {
  return Array.from({ length: n }, (_, i) => ({ body: `comment ${i + 1}` }));
}

async function listAll(a: MemoryAdapter, thread: string, limit: number): Promise<{ pages: Comment[][]; cursors: (string | null)[]; totals: (number | undefined)[] }> {
  const pages: Comment[][] = [];
  const cursors: (string | null)[] = [];
  const totals: (number | undefined)[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await a.listComments(thread, cursor === undefined ? { limit } : { cursor, limit });
    pages.push(page.comments);
    cursors.push(page.nextCursor);
    totals.push(page.total);
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  return { pages, cursors, totals };
}

describe('MemoryAdapter: listing', () => {
  it('returns an empty first page for an unknown thread', async () => {
    assert.deepEqual(await make().listComments('nothing', {}), { comments: [], nextCursor: null, total: 0 });
  });

  it('pages through the thread with cursors; pages concatenate to the whole thread, oldest first', async () => {
    const a = make({ seed: { t: seedOf(7) } });
    const { pages, cursors, totals } = await listAll(a, 't', 3);
    assert.deepEqual(
      pages.map((p) => p.map((c) => c.id)),
      [
        ['seed-1', 'seed-2', 'seed-3'],
        ['seed-4', 'seed-5', 'seed-6'],
        ['seed-7'],
      ],
    );
    assert.deepEqual(cursors.map((c) => typeof c), ['string', 'string', 'object'], 'opaque cursors, null at the end');
    assert.deepEqual(totals, [7, 7, 7]);
    const all = pages.flat();
    assert.deepEqual(
      all.map((c) => c.body),
      seedOf(7).map((s) => s.body),
    );
    const times = all.map((c) => Date.parse(c.createdAt));
    assert.deepEqual([...times].sort((x, y) => x - y), times, 'oldest first');
  });

  it('has a null cursor when the last page is exactly full', async () => {
    const a = make({ seed: { t: seedOf(4) } });
    const { pages, cursors } = await listAll(a, 't', 2);
    assert.equal(pages.length, 2);
    assert.equal(cursors[1], null);
  });

  it('uses 20 top-level comments per page by default, at most 100 and at least 1', async () => {
    const a = make({ seed: { t: seedOf(250) } });
    assert.equal((await a.listComments('t', {})).comments.length, 20);
    const big = await a.listComments('t', { limit: 1000 });
    assert.equal(big.comments.length, 100);
    assert.notEqual(big.nextCursor, null);
    const tiny = await a.listComments('t', { limit: 0 });
    assert.equal(tiny.comments.length, 1);
    assert.equal((await a.listComments('t', { limit: 1, cursor: tiny.nextCursor! })).comments[0]!.id, 'seed-2');
  });

  it('pages by top-level comment, each followed by all its replies oldest first; newest sorts the top level', async () => {
    const a = make({
      seed: {
        t: [
          { id: 'a', body: 'a' },
          { id: 'b', body: 'b' },
          { id: 'a1', parentId: 'a', body: 'a1' },
          { id: 'c', body: 'c' },
          { id: 'a1x', parentId: 'a1', body: 'a1x' },
          { id: 'b1', parentId: 'b', body: 'b1' },
        ],
      },
    });
    const oldest = await listAll(a, 't', 2);
    assert.deepEqual(oldest.pages.map((p) => p.map((c) => c.id)), [['a', 'a1', 'a1x', 'b', 'b1'], ['c']]);
    const first = await a.listComments('t', { limit: 2, sort: 'newest' });
    assert.deepEqual(first.comments.map((c) => c.id), ['c', 'b', 'b1']);
    const second = await a.listComments('t', { limit: 2, sort: 'newest', cursor: first.nextCursor! });
    assert.deepEqual(second.comments.map((c) => c.id), ['a', 'a1', 'a1x']);
    assert.equal(second.nextCursor, null);
    await rejectsWith(a.listComments('t', { limit: 2, sort: 'oldest', cursor: first.nextCursor! }), 'rejected');
  });

  it('returns an empty last page for a cursor past the end', async () => {
    const a = make({ seed: { t: seedOf(3) } });
    assert.deepEqual(await a.listComments('t', { cursor: 'oldest:10' }), { comments: [], nextCursor: null, total: 3 });
  });

  it('rejects an unknown cursor', async () => {
    const a = make({ seed: { t: seedOf(3) } });
    const err = await rejectsWith(a.listComments('t', { cursor: 'abc' }), 'rejected');
    assert.equal(err.message, 'The page cursor is not valid.');
    await rejectsWith(a.listComments('t', { cursor: '-1' }), 'rejected');
  });

  it('returns copies: changing an answer does not change the thread', async () => {
    const a = make({ seed: { t: seedOf(1) } });
    const first = await a.listComments('t', {});
    first.comments[0]!.body = 'changed';
    first.comments.pop();
    const again = await a.listComments('t', {});
    assert.equal(again.comments[0]!.body, 'comment 1');
  });

  it('keeps threads apart', async () => {
    const a = make({ seed: { t1: seedOf(2) } });
    await a.postComment('t2', input, { idempotencyKey: 'k' });
    assert.equal((await a.listComments('t1', {})).total, 2);
    assert.equal((await a.listComments('t2', {})).total, 1);
  });
});

describe('MemoryAdapter: seed data', () => {
  it('fills defaults: ids, top level, anonymous, published, an hour apart ending an hour ago', async () => {
    const a = make({ seed: { t: [{ body: 'first' }, { body: 'second' }, { body: 'third' }] } });
    const { comments } = await a.listComments('t', {});
    assert.deepEqual(comments, [
      { id: 'seed-1', parentId: null, authorName: null, body: 'first', createdAt: '2024-06-01T09:00:00.000Z', status: 'published' },
      { id: 'seed-2', parentId: null, authorName: null, body: 'second', createdAt: '2024-06-01T10:00:00.000Z', status: 'published' },
      { id: 'seed-3', parentId: null, authorName: null, body: 'third', createdAt: '2024-06-01T11:00:00.000Z', status: 'published' },
    ]);
    assert.equal('bodyHtml' in comments[0]!, false);
  });

  it('keeps the fields a seed gives', async () => {
    const seed: SeedComment[] = [
      { id: 'a', authorName: 'Bilal', body: 'root', bodyHtml: '<p>root</p>', createdAt: '2020-01-01T00:00:00.000Z', status: 'pending' },
      { id: 'b', parentId: 'a', authorName: 'Sana', body: 'reply' },
    ];
    const a = make({ seed: { t: seed } });
    const { comments } = await a.listComments('t', {});
    assert.deepEqual(comments, [
      { id: 'a', parentId: null, authorName: 'Bilal', body: 'root', bodyHtml: '<p>root</p>', createdAt: '2020-01-01T00:00:00.000Z', status: 'pending', replyCount: 1 },
      { id: 'b', parentId: 'a', authorName: 'Sana', body: 'reply', createdAt: '2024-06-01T11:00:00.000Z', status: 'published' },
    ]);
  });

  it('accepts a seed function, called with the thread id', async () => {
    const asked: string[] = [];
    const a = make({
      seed: (thread) => {
        asked.push(thread);
        return thread === 'with' ? [{ body: `for ${thread}` }] : undefined;
      },
    });
    assert.deepEqual(
      (await a.listComments('with', {})).comments.map((c) => c.body),
      ['for with'],
    );
    assert.equal((await a.listComments('without', {})).total, 0);
    await a.listComments('with', {});
    assert.deepEqual(asked, ['with', 'without'], 'seeded once per thread');
  });

  it('lets replies to seed comments through', async () => {
    const a = make({ seed: { t: seedOf(1) } });
    const reply = await a.postComment('t', { ...input, parentId: 'seed-1' }, { idempotencyKey: 'r' });
    assert.equal(reply.parentId, 'seed-1');
    assert.deepEqual(
      (await a.listComments('t', {})).comments.map((c) => c.id),
      ['seed-1', reply.id],
    );
  });
});

describe('MemoryAdapter: posting', () => {
  it('stores a clean comment and returns it', async () => {
    const a = make();
    const c = await a.postComment('t', { authorName: '  Ayesha  ', authorEmail: 'ayesha@example.pk', body: '  Hello\r\nthere\rfriend  ' }, { idempotencyKey: 'k1' });
    assert.equal(typeof c.id, 'string');
    assert.ok(c.id.length > 0);
    assert.deepEqual(
      { ...c, id: 'x' },
      { id: 'x', parentId: null, authorName: 'Ayesha', body: 'Hello\nthere\nfriend', createdAt: NOW.toISOString(), status: 'published' },
    );
    assert.equal('authorEmail' in c, false, 'the e-mail address is never part of a comment');
    const page = await a.listComments('t', {});
    assert.deepEqual(page, { comments: [c], nextCursor: null, total: 1 });
  });

  it('appends new comments after the existing ones, with distinct ids', async () => {
    const a = make({ seed: { t: seedOf(2) } });
    const c1 = await a.postComment('t', input, { idempotencyKey: 'k1' });
    const c2 = await a.postComment('t', { ...input, body: 'Second' }, { idempotencyKey: 'k2' });
    assert.notEqual(c1.id, c2.id);
    assert.deepEqual(
      (await a.listComments('t', {})).comments.map((c) => c.id),
      ['seed-1', 'seed-2', c1.id, c2.id],
    );
  });

  it('rejects a missing or blank body with field "body"', async () => {
    const a = make();
    for (const body of ['', '   ', '\u200b\n']) {
      const err = await rejectsWith(a.postComment('t', { ...input, body }, { idempotencyKey: `b${body}` }), 'rejected');
      assert.equal(err.field, 'body');
      assert.equal(err.message, 'The comment is missing or invalid.');
    }
  });

  it('rejects a missing name with field "name" and a missing or invalid e-mail with field "email"', async () => {
    const a = make();
    const noName = await rejectsWith(a.postComment('t', { ...input, authorName: ' ' }, { idempotencyKey: 'n' }), 'rejected');
    assert.equal(noName.field, 'name');
    assert.equal(noName.message, 'The name is missing or invalid.');
    const noEmail = await rejectsWith(a.postComment('t', { authorName: 'A', body: 'hi' }, { idempotencyKey: 'e1' }), 'rejected');
    assert.equal(noEmail.field, 'email');
    assert.equal(noEmail.message, 'The e-mail address is missing or invalid.');
    const badEmail = await rejectsWith(a.postComment('t', { ...input, authorEmail: 'nope' }, { idempotencyKey: 'e2' }), 'rejected');
    assert.equal(badEmail.field, 'email');
    assert.equal((await a.listComments('t', {})).total, 0, 'nothing stored');
  });

  it('reports the body first when several fields are wrong, then the name', async () => {
    const a = make();
    const all = await rejectsWith(a.postComment('t', { authorName: '', authorEmail: '', body: '' }, { idempotencyKey: 'x' }), 'rejected');
    assert.equal(all.field, 'body');
    const nameAndEmail = await rejectsWith(a.postComment('t', { authorName: '', authorEmail: '', body: 'hi' }, { idempotencyKey: 'y' }), 'rejected');
    assert.equal(nameAndEmail.field, 'name');
  });

  it('rejects a body over maxLength, counted in characters', async () => {
    const a = make({ maxLength: 3 });
    const ok = await a.postComment('t', { ...input, body: FAMILY.repeat(3) }, { idempotencyKey: 'ok' });
    assert.equal(ok.body, FAMILY.repeat(3));
    const err = await rejectsWith(a.postComment('t', { ...input, body: FAMILY.repeat(4) }, { idempotencyKey: 'long' }), 'rejected');
    assert.equal(err.field, 'body');
  });

  it('uses 1500 characters as the default limit', async () => {
    const a = make();
    assert.equal(a.maxLength, 1500);
    await a.postComment('t', { ...input, body: 'x'.repeat(1500) }, { idempotencyKey: 'ok' });
    const err = await rejectsWith(a.postComment('t', { ...input, body: 'x'.repeat(1501) }, { idempotencyKey: 'long' }), 'rejected');
    assert.equal(err.field, 'body');
  });

  it('allows anonymous comments when only the body is required', async () => {
    const a = make({ required: ['body'] });
    const c = await a.postComment('t', { authorName: '   ', body: 'hi' }, { idempotencyKey: 'k' });
    assert.equal(c.authorName, null);
  });

  it('still rejects an invalid e-mail when the e-mail is optional', async () => {
    const a = make({ required: ['body'] });
    const err = await rejectsWith(a.postComment('t', { authorName: '', authorEmail: 'x@y', body: 'hi' }, { idempotencyKey: 'k' }), 'rejected');
    assert.equal(err.field, 'email');
  });

  it('rejects a reply to an unknown comment with "not-found"', async () => {
    const a = make({ seed: { t: seedOf(1) } });
    const err = await rejectsWith(a.postComment('t', { ...input, parentId: 'ghost' }, { idempotencyKey: 'k' }), 'not-found');
    assert.equal(err.message, 'The comment you are replying to no longer exists.');
    assert.equal((await a.listComments('t', {})).total, 1);
  });

  it('treats parentId null as top level', async () => {
    const a = make();
    const c = await a.postComment('t', { ...input, parentId: null }, { idempotencyKey: 'k' });
    assert.equal(c.parentId, null);
  });
});

describe('MemoryAdapter: idempotency', () => {
  it('stores a submission once when the same key is sent twice', async () => {
    const a = make();
    const first = await a.postComment('t', input, { idempotencyKey: 'same' });
    const second = await a.postComment('t', input, { idempotencyKey: 'same' });
    assert.equal(second.id, first.id);
    assert.deepEqual(second, first);
    const page = await a.listComments('t', {});
    assert.equal(page.total, 1);
    assert.deepEqual(
      page.comments.map((c) => c.id),
      [first.id],
    );
  });

  it('answers a retry with the stored comment even if the retried input differs', async () => {
    const a = make();
    const first = await a.postComment('t', input, { idempotencyKey: 'same' });
    const retry = await a.postComment('t', { authorName: '', body: '' }, { idempotencyKey: 'same' });
    assert.deepEqual(retry, first);
  });

  it('stores two submissions with different keys', async () => {
    const a = make();
    const one = await a.postComment('t', input, { idempotencyKey: 'k1' });
    const two = await a.postComment('t', { ...input, body: 'another comment' }, { idempotencyKey: 'k2' });
    assert.notEqual(one.id, two.id);
    assert.equal((await a.listComments('t', {})).total, 2);
  });

  it('does not burn a key on a rejected submission', async () => {
    const a = make();
    await rejectsWith(a.postComment('t', { ...input, body: '' }, { idempotencyKey: 'k' }), 'rejected');
    const c = await a.postComment('t', input, { idempotencyKey: 'k' });
    assert.equal(c.body, 'Hello');
  });

  it('keeps keys per thread', async () => {
    const a = make();
    const x = await a.postComment('t1', input, { idempotencyKey: 'k' });
    const y = await a.postComment('t2', input, { idempotencyKey: 'k' });
    assert.notEqual(x.id, y.id);
    assert.equal((await a.listComments('t2', {})).total, 1);
  });
});

describe('MemoryAdapter: article reactions', () => {
  it('starts with no votes', async () => {
    assert.deepEqual(await make().getArticleReactions('t'), { likes: 0, dislikes: 0, mine: null });
  });

  it('records a like, ignores a repeated like, and moves the vote on a change', async () => {
    const a = make();
    assert.deepEqual(await a.reactToArticle('t', 'like'), { likes: 1, dislikes: 0, mine: 'like' });
    assert.deepEqual(await a.reactToArticle('t', 'like'), { likes: 1, dislikes: 0, mine: 'like' });
    assert.deepEqual(await a.reactToArticle('t', 'dislike'), { likes: 0, dislikes: 1, mine: 'dislike' });
    assert.deepEqual(await a.getArticleReactions('t'), { likes: 0, dislikes: 1, mine: 'dislike' });
    assert.deepEqual(await a.reactToArticle('t', 'like'), { likes: 1, dislikes: 0, mine: 'like' });
  });

  it('keeps votes per thread', async () => {
    const a = make();
    await a.reactToArticle('t1', 'like');
    assert.deepEqual(await a.getArticleReactions('t2'), { likes: 0, dislikes: 0, mine: null });
  });

  it('rejects an unknown reaction', async () => {
    const a = make();
    const err = await rejectsWith(a.reactToArticle('t', 'love' as never), 'rejected');
    assert.equal(err.message, 'Unknown reaction.');
    assert.deepEqual(await a.getArticleReactions('t'), { likes: 0, dislikes: 0, mine: null });
  });
});

describe('MemoryAdapter: persistence', () => {
  it('does not write to storage unless asked to persist', async () => {
    const storage = new MapStorage();
    const a = make({ storage });
    await a.postComment('t', input, { idempotencyKey: 'k' });
    await a.reactToArticle('t', 'like');
    assert.equal(storage.map.size, 0);
  });

  it('saves under "colloquy:thread:<id>" and a second adapter on the same storage sees the comments', async () => {
    const storage = new MapStorage();
    const a = make({ persist: true, storage });
    const c = await a.postComment('t1', input, { idempotencyKey: 'k1' });
    assert.deepEqual([...storage.map.keys()], ['colloquy:thread:t1']);
    const b = make({ persist: true, storage });
    const page = await b.listComments('t1', {});
    assert.deepEqual(page, { comments: [c], nextCursor: null, total: 1 });
  });

  it('uses a custom key prefix', async () => {
    const storage = new MapStorage();
    await make({ persist: 'site', storage }).postComment('t1', input, { idempotencyKey: 'k1' });
    assert.deepEqual([...storage.map.keys()], ['site:thread:t1']);
    assert.equal((await make({ persist: 'other', storage }).listComments('t1', {})).total, 0);
    assert.equal((await make({ persist: 'site', storage }).listComments('t1', {})).total, 1);
  });

  it('persists idempotency keys and reactions', async () => {
    const storage = new MapStorage();
    const a = make({ persist: true, storage });
    const c = await a.postComment('t', input, { idempotencyKey: 'k' });
    await a.reactToArticle('t', 'dislike');
    const b = make({ persist: true, storage });
    assert.deepEqual(await b.postComment('t', input, { idempotencyKey: 'k' }), c);
    assert.equal((await b.listComments('t', {})).total, 1);
    assert.deepEqual(await b.getArticleReactions('t'), { likes: 0, dislikes: 1, mine: 'dislike' });
  });

  it('prefers saved data over the seed', async () => {
    const storage = new MapStorage();
    const a = make({ persist: true, storage, seed: { t: seedOf(2) } });
    const c = await a.postComment('t', input, { idempotencyKey: 'k' });
    const b = make({ persist: true, storage, seed: { t: [{ body: 'other seed' }] } });
    assert.deepEqual(
      (await b.listComments('t', {})).comments.map((x) => x.id),
      ['seed-1', 'seed-2', c.id],
    );
  });

  it('falls back to the seed when the saved JSON is corrupt', async () => {
    const storage = new MapStorage();
    storage.setItem('colloquy:thread:t', '{"comments": [ oops');
    const a = make({ persist: true, storage, seed: { t: seedOf(2) } });
    const page = await a.listComments('t', {});
    assert.deepEqual(
      page.comments.map((c) => c.id),
      ['seed-1', 'seed-2'],
    );
  });

  it('falls back to the seed when the saved data has no comment list', async () => {
    const storage = new MapStorage();
    storage.setItem('colloquy:thread:t', '{"comments":"nope"}');
    storage.setItem('colloquy:thread:u', 'null');
    const a = make({ persist: true, storage, seed: { t: seedOf(1), u: seedOf(1) } });
    assert.equal((await a.listComments('t', {})).total, 1);
    assert.equal((await a.listComments('u', {})).total, 1);
  });

  it('fills missing saved fields with defaults', async () => {
    const storage = new MapStorage();
    const saved: Comment = { id: 'old', parentId: null, authorName: 'Old', body: 'kept', createdAt: '2023-01-01T00:00:00.000Z' };
    storage.setItem('colloquy:thread:t', JSON.stringify({ comments: [saved] }));
    const a = make({ persist: true, storage });
    assert.deepEqual((await a.listComments('t', {})).comments, [saved]);
    assert.deepEqual(await a.getArticleReactions('t'), { likes: 0, dislikes: 0, mine: null });
    const c = await a.postComment('t', input, { idempotencyKey: 'k' });
    assert.notEqual(c.id, 'old');
  });

  it('does not throw when the storage itself fails', async () => {
    const failing: KeyValueStorage = {
      getItem() {
        throw new Error('blocked');
      },
      setItem() {
        throw new Error('quota');
      },
      removeItem() {
        throw new Error('blocked');
      },
    };
    const a = make({ persist: true, storage: failing, seed: { t: seedOf(1) } });
    assert.equal((await a.listComments('t', {})).total, 1);
    await a.postComment('t', input, { idempotencyKey: 'k' });
    assert.equal((await a.listComments('t', {})).total, 2, 'kept in memory');
    assert.doesNotThrow(() => a.reset('t'));
  });
});

describe('MemoryAdapter: reset', () => {
  it('forgets one thread, in memory and in storage, back to its seed', async () => {
    const storage = new MapStorage();
    const a = make({ persist: true, storage, seed: { t1: seedOf(1) } });
    await a.postComment('t1', input, { idempotencyKey: 'k' });
    await a.postComment('t2', input, { idempotencyKey: 'k' });
    await a.reactToArticle('t1', 'like');
    a.reset('t1');
    assert.deepEqual(
      (await a.listComments('t1', {})).comments.map((c) => c.id),
      ['seed-1'],
    );
    assert.deepEqual(await a.getArticleReactions('t1'), { likes: 0, dislikes: 0, mine: null });
    assert.equal(storage.getItem('colloquy:thread:t1'), null);
    assert.equal((await a.listComments('t2', {})).total, 1, 'other threads are kept');
    assert.notEqual(storage.getItem('colloquy:thread:t2'), null);
  });

  it('forgets every thread it has seen when called without a thread', async () => {
    const storage = new MapStorage();
    const a = make({ persist: true, storage });
    await a.postComment('t1', input, { idempotencyKey: 'k' });
    await a.postComment('t2', input, { idempotencyKey: 'k' });
    a.reset();
    assert.equal(storage.map.size, 0);
    assert.equal((await a.listComments('t1', {})).total, 0);
    assert.equal((await a.listComments('t2', {})).total, 0);
  });

  it('lets a key be used again after a reset', async () => {
    const a = make();
    const first = await a.postComment('t', input, { idempotencyKey: 'k' });
    a.reset('t');
    const second = await a.postComment('t', input, { idempotencyKey: 'k' });
    assert.notEqual(second.id, first.id);
    assert.equal((await a.listComments('t', {})).total, 1);
  });
});

describe('MemoryAdapter: simulated failures and latency', () => {
  it('fails every call with a network AdapterError when failureRate is 1', async () => {
    const a = make({ failureRate: 1, seed: { t: seedOf(1) } });
    const err = await rejectsWith(a.listComments('t', {}), 'network');
    assert.equal(err.message, 'Simulated network failure (QA failure rate).');
    await rejectsWith(a.postComment('t', input, { idempotencyKey: 'k' }), 'network');
    await rejectsWith(a.getArticleReactions('t'), 'network');
    await rejectsWith(a.reactToArticle('t', 'like'), 'network');
  });

  it('stores nothing when a post fails', async () => {
    const a = make({ failureRate: 1 });
    await rejectsWith(a.postComment('t', input, { idempotencyKey: 'k' }), 'network');
    a.failureRate = 0;
    assert.equal((await a.listComments('t', {})).total, 0);
  });

  it('fails when the random draw is below the failure rate', async () => {
    let next = 0.4;
    const a = new MemoryAdapter({ failureRate: 0.5, random: () => next });
    await rejectsWith(a.listComments('t', {}), 'network');
    next = 0.6;
    assert.equal((await a.listComments('t', {})).total, 0);
  });

  it('never fails with the default failure rate', async () => {
    const a = new MemoryAdapter({ random: () => 0 });
    assert.equal(a.failureRate, 0);
    assert.equal((await a.listComments('t', {})).total, 0);
  });

  it('rejects with an AbortError when the signal is already aborted', async () => {
    const c = new AbortController();
    c.abort();
    for (const latencyMs of [0, 20]) {
      const a = make({ latencyMs });
      await assert.rejects(a.listComments('t', { signal: c.signal }), { name: 'AbortError' });
      await assert.rejects(a.postComment('t', input, { idempotencyKey: 'k', signal: c.signal }), { name: 'AbortError' });
      assert.equal((await a.listComments('t', {})).total, 0, 'the aborted post stored nothing');
    }
  });

  it('rejects promptly when the signal is aborted during the latency', async () => {
    const a = make({ latencyMs: 60_000 });
    const c = new AbortController();
    const started = Date.now();
    const p = a.listComments('t', { signal: c.signal });
    setTimeout(() => c.abort(), 5);
    await assert.rejects(p, { name: 'AbortError' });
    assert.ok(Date.now() - started < 5_000, 'did not wait for the latency');
  });

  it('waits for the latency, fixed or a range', async () => {
    const fixed = make({ latencyMs: 30 });
    let t = Date.now();
    await fixed.listComments('t', {});
    assert.ok(Date.now() - t >= 25, 'fixed latency');
    const range = new MemoryAdapter({ latencyMs: [30, 40], random: () => 0.5 });
    t = Date.now();
    await range.listComments('t', {});
    assert.ok(Date.now() - t >= 30, 'range latency');
  });
});
