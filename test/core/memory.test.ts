import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rejectsWith } from './helpers.js';
import { MemoryAdapter, type MemoryAdapterOptions, type SeedComment } from '../../src/adapters/memory.js';
import { type Comment, type NewComment, type ReportReason } from '../../src/core/adapter.js';
import { REPORT_PROBLEM_MESSAGES, type ReportProblem } from '../../src/core/report.js';
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
    const { authorToken, editableUntil, ...listed } = c;
    assert.deepEqual(
      { ...listed, id: 'x' },
      { id: 'x', parentId: null, authorName: 'Ayesha', body: 'Hello\nthere\nfriend', createdAt: NOW.toISOString(), status: 'published' },
    );
    assert.match(authorToken!, /^[0-9a-f]{32}$/, 'a 128-bit random author token');
    assert.equal(editableUntil, '2024-06-01T12:15:00.000Z', 'editable for 15 minutes');
    assert.equal('authorEmail' in c, false, 'the e-mail address is never part of a comment');
    const page = await a.listComments('t', {});
    assert.deepEqual(page, { comments: [listed], nextCursor: null, total: 1 });
    assert.ok(!JSON.stringify(page).includes(authorToken!), 'the token is never listed');
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
    const { authorToken: _token, editableUntil: _until, ...listed } = c;
    assert.deepEqual(page, { comments: [listed], nextCursor: null, total: 1 });
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

let posted = 0;
const post = (a: MemoryAdapter, thread: string, body: string, extra: Partial<NewComment> = {}) =>
  a.postComment(thread, { ...input, body, ...extra }, { idempotencyKey: `key-${++posted}` });
const tick = (ms = 0) => new Promise<void>((r) => setTimeout(r, ms));

describe('MemoryAdapter: other visitors (forVisitor)', () => {
  it('shares the threads; likes, votes and idempotency keys are per visitor', async () => {
    const a = make();
    const b = a.forVisitor('bilal');
    assert.equal(a.visitorId, 'local');
    assert.equal(b.visitorId, 'bilal');
    const c = await a.postComment('t', input, { idempotencyKey: 'same' });
    const other = await b.postComment('t', { ...input, authorName: 'Bilal', body: 'Hi' }, { idempotencyKey: 'same' });
    assert.notEqual(other.id, c.id, "one visitor's key is not another's");
    assert.deepEqual((await a.listComments('t', {})).comments.map((x) => x.id), [c.id, other.id]);
    await a.likeComment('t', c.id);
    const liked = await b.likeComment('t', c.id);
    assert.deepEqual([liked.likes, liked.liked], [2, true]);
    await b.likeComment('t', c.id, false);
    const seen = (await a.listComments('t', {})).comments[0]!;
    assert.deepEqual([seen.likes, seen.liked], [1, true]);
    assert.equal((await b.listComments('t', {})).comments[0]!.liked, undefined);
    await a.reactToArticle('t', 'like');
    assert.deepEqual(await b.reactToArticle('t', 'dislike'), { likes: 1, dislikes: 1, mine: 'dislike' });
    assert.deepEqual(await a.getArticleReactions('t'), { likes: 1, dislikes: 1, mine: 'like' });
  });

  it("keeps the view's own latency and failure rate", async () => {
    const a = make({ failureRate: 1 });
    const b = a.forVisitor('bilal');
    b.failureRate = 0;
    assert.equal((await b.listComments('t', {})).total, 0);
    await rejectsWith(a.listComments('t', {}), 'network');
  });
});

describe('MemoryAdapter: pre-moderation', () => {
  it('stores new comments as pending, shown to their author only, and counted for nobody', async () => {
    const a = make({ preModeration: true, moderatorToken: 'token-1234567890abcdef' });
    const b = a.forVisitor('bilal');
    const c = await a.postComment('t', input, { idempotencyKey: 'k' });
    assert.equal(c.status, 'pending');
    assert.deepEqual((await a.listComments('t', {})).comments.map((x) => [x.id, x.status]), [[c.id, 'pending']]);
    assert.equal((await a.listComments('t', {})).total, 1);
    assert.deepEqual(await b.listComments('t', {}), { comments: [], nextCursor: null, total: 0 });
    assert.deepEqual(await a.countComments(['t']), { t: 0 });
    await rejectsWith(b.likeComment('t', c.id), 'not-found');
    await rejectsWith(b.postComment('t', { ...input, parentId: c.id }, { idempotencyKey: 'r' }), 'not-found');
    // Its author may reply to it, and edit it.
    const reply = await a.postComment('t', { ...input, body: 'More', parentId: c.id }, { idempotencyKey: 'r' });
    assert.equal(reply.status, 'pending');
    const edited = await a.editComment('t', reply.id, 'More, edited', reply.authorToken!);
    assert.equal(edited.status, 'pending');
  });

  it('is off by default', async () => {
    assert.equal((await make().postComment('t', input, { idempotencyKey: 'k' })).status, 'published');
  });

  it('sends an edited comment back to the queue: pending, shown to its author only, announced again once approved', async () => {
    const token = 'token-1234567890abcdef';
    const a = make({ preModeration: true, moderatorToken: token });
    const b = a.forVisitor('bilal');
    const m = a.moderation(token);
    const seen: string[] = [];
    a.subscribe('t', (e) => seen.push(e.comment.body));
    const c = await a.postComment('t', { ...input, body: 'Harmless' }, { idempotencyKey: 'k' });
    await m.moderate('t', c.id, 'approve');
    assert.deepEqual((await b.listComments('t', {})).comments.map((x) => x.body), ['Harmless']);
    const edited = await a.editComment('t', c.id, 'Spam now', c.authorToken!);
    assert.deepEqual([edited.status, edited.body], ['pending', 'Spam now']);
    assert.deepEqual(await b.listComments('t', {}), { comments: [], nextCursor: null, total: 0 });
    assert.deepEqual((await a.listComments('t', {})).comments.map((x) => [x.body, x.status]), [['Spam now', 'pending']]);
    assert.deepEqual((await m.listQueue()).items.map((i) => [i.comment.id, i.comment.status, i.comment.body]), [[c.id, 'pending', 'Spam now']]);
    await m.moderate('t', c.id, 'approve');
    assert.deepEqual((await b.listComments('t', {})).comments.map((x) => [x.body, x.status]), [['Spam now', 'published']]);
    await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(seen, ['Harmless', 'Spam now'], 'the edit itself is not announced; its approval is');
  });
});

describe('MemoryAdapter: author tokens and the edit window', () => {
  it('gives each comment its own random token, kept with the data', async () => {
    const storage = new MapStorage();
    // The same random source for both adapters: the token does not come from it.
    const one = await make({ persist: true, storage }).postComment('t', input, { idempotencyKey: 'k1' });
    const two = await make().postComment('t', input, { idempotencyKey: 'k1' });
    assert.notEqual(one.authorToken, two.authorToken);
    const later = make({ persist: true, storage });
    assert.equal((await later.postComment('t', input, { idempotencyKey: 'k1' })).authorToken, one.authorToken, 'a replay after a reload');
    assert.equal((await later.editComment('t', one.id, 'Changed', one.authorToken!)).body, 'Changed');
  });

  it('closes the window editWindowMinutes after posting, by the `now` clock', async () => {
    let now = NOW.getTime();
    const a = make({ now: () => new Date(now), editWindowMinutes: 2 });
    const c = await a.postComment('t', input, { idempotencyKey: 'k' });
    assert.equal(c.editableUntil, '2024-06-01T12:02:00.000Z');
    now += 2 * 60_000 - 1;
    const edited = await a.editComment('t', c.id, 'Just in time', c.authorToken!);
    assert.equal(edited.editedAt, '2024-06-01T12:01:59.999Z');
    now += 1;
    const err = await rejectsWith(a.editComment('t', c.id, 'Too late', c.authorToken!), 'rejected');
    assert.equal(err.reason, 'edit-window-closed');
    assert.equal((await rejectsWith(a.deleteComment('t', c.id, c.authorToken!), 'rejected')).reason, 'edit-window-closed');
    assert.equal((await a.listComments('t', {})).comments[0]!.body, 'Just in time');
  });

  it('validates an edited body like a new one (characters, not code units)', async () => {
    const a = make({ maxLength: 3 });
    const c = await a.postComment('t', { ...input, body: 'Hi' }, { idempotencyKey: 'k' });
    assert.equal((await a.editComment('t', c.id, FAMILY.repeat(3), c.authorToken!)).body, FAMILY.repeat(3));
    const err = await rejectsWith(a.editComment('t', c.id, FAMILY.repeat(4), c.authorToken!), 'rejected');
    assert.equal(err.field, 'body');
    await rejectsWith(a.editComment('t', c.id, undefined as never, c.authorToken!), 'rejected');
  });

  it('erases a deleted comment in storage; a replay of its post is refused', async () => {
    const storage = new MapStorage();
    const a = make({ persist: true, storage });
    const c = await a.postComment('t', { ...input, body: 'Regrettable' }, { idempotencyKey: 'k' });
    await a.deleteComment('t', c.id, c.authorToken!);
    const saved = storage.getItem('colloquy:thread:t')!;
    assert.ok(!saved.includes('Regrettable') && !saved.includes('Ayesha') && !saved.includes('ayesha@example.pk'), 'text and author erased');
    assert.ok(!saved.includes(c.authorToken!), 'token erased');
    await rejectsWith(a.postComment('t', input, { idempotencyKey: 'k' }), 'rejected');
    assert.equal((await a.listComments('t', {})).total, 0);
  });

  it('refuses the replay of a post hidden, rejected or deleted since, as the reference server does', async () => {
    const token = 'token-1234567890abcdef';
    const a = make({ hideAfterReports: 1, moderatorToken: token });
    const removals: [string, (id: string, authorToken: string) => Promise<void>][] = [
      ['hidden', (id) => a.forVisitor('reader').reportComment('t', id, 'spam')],
      ['rejected', (id) => a.moderation(token).moderate('t', id, 'reject')],
      ['deleted by a moderator', (id) => a.moderation(token).moderate('t', id, 'delete')],
      ['deleted by its author', (id, authorToken) => a.deleteComment('t', id, authorToken)],
    ];
    for (const [how, remove] of removals) {
      const c = await a.postComment('t', { ...input, body: how }, { idempotencyKey: `key ${how}` });
      await remove(c.id, c.authorToken!);
      const err = await rejectsWith(a.postComment('t', { ...input, body: how }, { idempotencyKey: `key ${how}` }), 'rejected');
      assert.equal(err.message, 'This comment was posted and has since been removed.', how);
    }
    assert.equal((await a.listComments('t', {})).total, 0);
  });
});

describe('MemoryAdapter: reports', () => {
  it('hides after 3 distinct reporters by default, never with hideAfterReports 0', async () => {
    for (const [options, reports, totals] of [
      [{}, 3, [1, 1, 0]],
      [{ hideAfterReports: 0 }, 5, [1, 1, 1, 1, 1]],
    ] as const) {
      const a = make(options);
      const c = await a.postComment('t', input, { idempotencyKey: 'k' });
      const seen: number[] = [];
      for (let i = 1; i <= reports; i++) {
        await a.forVisitor(`reader-${i}`).reportComment('t', c.id, 'spam');
        seen.push((await a.listComments('t', {})).total!);
      }
      assert.deepEqual(seen, totals, JSON.stringify(options));
    }
  });

  it('checks a report by the one report rule (src/core/report.ts), in its words', async () => {
    const a = make({ moderatorToken: 'token-1234567890abcdef' });
    const c = await a.postComment('t', input, { idempotencyKey: 'k' });
    const x = a.forVisitor('x');
    const cases: [ReportReason, string | undefined, ReportProblem][] = [
      ['boring' as ReportReason, undefined, 'reason'],
      ['other', undefined, 'details-required'],
      ['other', ' \n ', 'details-required'],
      ['spam', 'é'.repeat(501), 'details-too-long'],
    ];
    for (const [reason, details, problem] of cases) {
      const err = await rejectsWith(x.reportComment('t', c.id, reason, details), 'rejected');
      assert.equal(err.message, REPORT_PROBLEM_MESSAGES[problem], `${reason} ${details}`);
    }
    // Text is made well-formed, as the server stores it.
    await x.reportComment('t', c.id, 'other', 'lone \ud800 surrogate\r\nhere');
    const { items } = await a.moderation('token-1234567890abcdef').listQueue();
    assert.deepEqual(items[0]!.reports.map((r) => r.details), ['lone \ufffd surrogate\nhere']);
  });

  it('counts details in characters, trims them, and drops blank ones', async () => {
    const a = make({ moderatorToken: 'token-1234567890abcdef' });
    const c = await a.postComment('t', input, { idempotencyKey: 'k' });
    await rejectsWith(a.forVisitor('x').reportComment('t', c.id, 'abuse', FAMILY.repeat(501)), 'rejected');
    await a.forVisitor('one').reportComment('t', c.id, 'abuse', ` ${FAMILY.repeat(500)} `);
    await a.forVisitor('two').reportComment('t', c.id, 'spam', '   ');
    const { items } = await a.moderation('token-1234567890abcdef').listQueue();
    assert.deepEqual(items[0]!.reports, [
      { reason: 'abuse', details: FAMILY.repeat(500), createdAt: NOW.toISOString() },
      { reason: 'spam', createdAt: NOW.toISOString() },
    ]);
  });
});

describe('MemoryAdapter: placeholders from seed data', () => {
  it('shows a seeded deleted comment only as the placeholder of its replies', async () => {
    const a = make({
      seed: {
        t: [
          { id: 'gone', body: 'secret', authorName: 'X', status: 'deleted', likes: 4 },
          { id: 'reply', parentId: 'gone', body: 'still here' },
          { id: 'alone', body: 'hidden', status: 'hidden' },
        ],
      },
    });
    const page = await a.listComments('t', {});
    assert.deepEqual(page.comments, [
      { id: 'gone', parentId: null, authorName: null, body: '', createdAt: '2024-06-01T09:00:00.000Z', status: 'deleted', replyCount: 1 },
      { id: 'reply', parentId: 'gone', authorName: null, body: 'still here', createdAt: '2024-06-01T10:00:00.000Z', status: 'published' },
    ]);
    assert.equal(page.total, 1);
    const liked = await a.listComments('t', { sort: 'liked' });
    assert.equal(liked.comments[0]!.likes, undefined);
  });

  it("hides a reply under another visitor's pending comment, and counts the author's own", async () => {
    const a = make({ seed: { t: [{ id: 'p', body: 'pending', status: 'pending' }, { id: 'r', parentId: 'p', body: 'reply' }] } });
    assert.equal((await a.listComments('t', {})).total, 2, "seeded comments are this browser's");
    assert.deepEqual(await a.forVisitor('bilal').listComments('t', {}), { comments: [], nextCursor: null, total: 0 });
    assert.deepEqual(await a.countComments(['t', 'u']), { t: 0, u: 0 });
  });
});

describe('MemoryAdapter: moderation', () => {
  const TOKEN = 'token-1234567890abcdef';

  it('is forbidden without a moderatorToken (or with an empty one), even for an empty token', async () => {
    for (const a of [make(), make({ moderatorToken: '' })]) {
      await rejectsWith(a.moderation('').listQueue(), 'forbidden');
      await rejectsWith(a.moderation(TOKEN).moderate('t', 'x', 'approve'), 'forbidden');
    }
  });

  it('pages the queue 50 at a time, oldest first across threads, and the cursor survives moderating', async () => {
    let now = NOW.getTime();
    const a = make({ preModeration: true, moderatorToken: TOKEN, now: () => new Date((now += 1000)) });
    const made: string[] = [];
    for (let i = 0; i < 60; i++) made.push((await post(a, i % 2 ? 'odd' : 'even', `comment ${i}`)).id);
    const m = a.moderation(TOKEN);
    const first = await m.listQueue();
    assert.deepEqual(first.items.map((i) => i.comment.id), made.slice(0, 50));
    assert.deepEqual(first.items.slice(0, 2).map((i) => i.thread), ['even', 'odd']);
    for (const item of first.items.slice(0, 10)) await m.moderate(item.thread, item.comment.id, 'approve');
    const second = await m.listQueue({ cursor: first.nextCursor! });
    assert.deepEqual(second.items.map((i) => i.comment.id), made.slice(50));
    assert.equal(second.nextCursor, null);
    assert.equal((await m.listQueue()).items.length, 50);
    await rejectsWith(m.listQueue({ cursor: 'nonsense' }), 'rejected');
  });

  it('finds persisted threads this page has not opened', async () => {
    const storage = new MapStorage();
    await make({ persist: true, storage, preModeration: true }).postComment('elsewhere', input, { idempotencyKey: 'k' });
    const { items } = await make({ persist: true, storage, moderatorToken: TOKEN }).moderation(TOKEN).listQueue();
    assert.deepEqual(items.map((i) => [i.thread, i.comment.body, i.authorEmail]), [['elsewhere', 'Hello', 'ayesha@example.pk']]);
  });

  it('reject keeps the text for the record, delete erases it; a removed comment cannot be approved', async () => {
    const storage = new MapStorage();
    const a = make({ persist: true, storage, moderatorToken: TOKEN });
    const kept = await post(a, 't', 'Rejected but kept');
    const erased = await post(a, 't', 'Erased for good');
    const m = a.moderation(TOKEN);
    await m.moderate('t', kept.id, 'reject');
    await m.moderate('t', erased.id, 'delete');
    const saved = storage.getItem('colloquy:thread:t')!;
    assert.ok(saved.includes('Rejected but kept'), 'a rejected text is kept');
    assert.ok(!saved.includes('Erased for good'), 'a deleted text is erased');
    await rejectsWith(m.moderate('t', kept.id, 'approve'), 'rejected');
    await rejectsWith(m.moderate('t', kept.id, 'publish' as never), 'rejected');
    await rejectsWith(m.moderate('nowhere', kept.id, 'delete'), 'not-found');
    assert.equal((await a.listComments('t', {})).total, 0);
  });
});

describe('MemoryAdapter: live updates', () => {
  it('delivers asynchronously, to every listener of the thread, its own posts included', async () => {
    const a = make();
    const seen: string[] = [];
    a.subscribe('t', (e) => seen.push(`a:${e.comment.body}`));
    a.forVisitor('bilal').subscribe('t', (e) => seen.push(`b:${e.comment.body}`));
    a.subscribe('other', (e) => seen.push(`other:${e.comment.body}`));
    await post(a, 't', 'one');
    assert.deepEqual(seen, [], 'not inside the caller’s stack');
    await tick();
    assert.deepEqual(seen, ['a:one', 'b:one']);
  });

  it('drops an event when the listener unsubscribes before it is delivered', async () => {
    const a = make();
    const seen: string[] = [];
    const stop = a.subscribe('t', (e) => seen.push(e.comment.id));
    await post(a, 't', 'one');
    stop();
    await tick(5);
    assert.deepEqual(seen, []);
  });

  it('keeps delivering to the others when a listener throws, and reports it', async (ctx) => {
    const errors = ctx.mock.method(console, 'error', () => undefined);
    const a = make();
    const seen: string[] = [];
    a.subscribe('t', () => {
      throw new Error('listener bug');
    });
    a.subscribe('t', (e) => seen.push(e.comment.body));
    await post(a, 't', 'one');
    await tick(5);
    assert.deepEqual(seen, ['one']);
    assert.equal(errors.mock.callCount(), 1);
  });

  it('announces an approved comment, not an edited, reported or reply-to-pending one', async () => {
    const a = make({ moderatorToken: TOKEN_FOR_LIVE, preModeration: true });
    const seen: string[] = [];
    a.subscribe('t', (e) => seen.push(`${e.comment.body}:${e.comment.status}`));
    const c = await post(a, 't', 'waiting');
    await post(a, 't', 'reply to my pending one', { parentId: c.id });
    await tick(5);
    assert.deepEqual(seen, []);
    await a.moderation(TOKEN_FOR_LIVE).moderate('t', c.id, 'approve');
    await tick(5);
    assert.deepEqual(seen, ['waiting:published']);
  });
});

const TOKEN_FOR_LIVE = 'token-for-live-updates-1';

describe('MemoryAdapter: data saved by earlier versions', () => {
  it('loads comments, keys, votes and likes (mine, myLikes) as this browser’s', async () => {
    const storage = new MapStorage();
    const old = { id: 'old', parentId: null, authorName: 'Old', body: 'kept', createdAt: '2023-01-01T00:00:00.000Z', status: 'published', likes: 2 };
    storage.setItem(
      'colloquy:thread:t',
      JSON.stringify({ comments: [old], keys: { k: 'old' }, likes: 4, dislikes: 1, mine: 'like', myLikes: ['old'] }),
    );
    const a = make({ persist: true, storage });
    assert.deepEqual(await a.getArticleReactions('t'), { likes: 4, dislikes: 1, mine: 'like' });
    assert.deepEqual((await a.listComments('t', {})).comments, [{ ...old, liked: true }]);
    assert.equal((await a.likeComment('t', 'old')).likes, 2, 'already liked: not counted twice');
    assert.deepEqual(await a.reactToArticle('t', 'like'), { likes: 4, dislikes: 1, mine: 'like' });
    const replay = await a.postComment('t', input, { idempotencyKey: 'k' });
    assert.equal(replay.id, 'old');
    assert.equal(replay.authorToken, undefined, 'no token for a comment posted before tokens');
    await rejectsWith(a.editComment('t', 'old', 'x', 'guess'), 'forbidden');
    assert.deepEqual(await a.forVisitor('bilal').getArticleReactions('t'), { likes: 4, dislikes: 1, mine: null });
  });
});
