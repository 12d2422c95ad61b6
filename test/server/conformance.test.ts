/**
 * The adapter conformance suite: the same tests run against the embedded MemoryAdapter and
 * against RestAdapter talking to a real reference server (loopback, free port, temporary
 * SQLite file). A backend that passes them behaves as the widget expects.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { RestAdapter } from '../../src/adapters/rest.js';
import { AdapterError, parseComment, parseCommentPage, type Comment, type CommentsAdapter, type NewComment } from '../../src/core/adapter.js';
import { rejectsWith } from '../core/helpers.js';
import { startTestServer, type TestServer } from './helpers.js';

let counter = 0;
/** A fresh thread id per test, so tests never see each other's comments. */
const freshThread = (): string => `thread-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
const key = (): string => `key-${++counter}-${Math.random().toString(36).slice(2)}`;
const by = (name: string, body: string, extra: Partial<NewComment> = {}): NewComment => ({
  body,
  authorName: name,
  authorEmail: `${name.toLowerCase().replace(/\W/g, '')}@example.com`,
  ...extra,
});

async function all(a: CommentsAdapter, thread: string, limit: number, sort?: 'oldest' | 'newest' | 'liked'): Promise<Comment[][]> {
  const pages: Comment[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = parseCommentPage(await a.listComments(thread, { limit, ...(sort ? { sort } : {}), ...(cursor ? { cursor } : {}) }));
    pages.push(page.comments);
    if (page.nextCursor === null) return pages;
    cursor = page.nextCursor;
  }
  throw new Error('too many pages');
}

function conformance(name: string, make: () => CommentsAdapter): void {
  describe(`${name} conforms to the adapter contract`, () => {
    it('answers an unknown thread with an empty page', async () => {
      const page = parseCommentPage(await make().listComments(freshThread(), {}));
      assert.deepEqual(page.comments, []);
      assert.equal(page.nextCursor, null);
      assert.equal(page.total ?? 0, 0);
    });

    it('stores a comment and lists it, without the e-mail address', async () => {
      const a = make();
      const t = freshThread();
      const saved = parseComment(await a.postComment(t, by('Amira', 'First!'), { idempotencyKey: key() }));
      assert.equal(saved.body, 'First!');
      assert.equal(saved.authorName, 'Amira');
      assert.equal(saved.parentId, null);
      assert.equal(saved.status, 'published');
      assert.ok(Math.abs(Date.parse(saved.createdAt) - Date.now()) < 60_000, 'createdAt is now');
      const page = await a.listComments(t, {});
      assert.deepEqual(page.comments.map((c) => c.id), [saved.id]);
      assert.equal(page.total, 1);
      assert.ok(!JSON.stringify(page).includes('amira@example.com'), 'the e-mail address is never returned');
    });

    it('keeps text exactly as typed: HTML, emoji, RTL, combining marks (trimmed, CRLF → LF)', async () => {
      const a = make();
      const t = freshThread();
      const body = '<img src=x onerror=alert(1)> “quoted” 👨‍👩‍👧‍👦🇵🇰 یہ اچھا ہے e\u0301\r\nsecond line';
      const saved = await a.postComment(t, by('Zoë', `  ${body}  `), { idempotencyKey: key() });
      assert.equal(saved.body, body.replace('\r\n', '\n'));
      assert.equal((await a.listComments(t, {})).comments[0].body, body.replace('\r\n', '\n'));
    });

    it('pages through top-level comments oldest first with opaque cursors', async () => {
      const a = make();
      const t = freshThread();
      for (let i = 1; i <= 5; i++) await a.postComment(t, by(`P${i}`, `comment ${i}`), { idempotencyKey: key() });
      const pages = await all(a, t, 2);
      assert.deepEqual(pages.map((p) => p.map((c) => c.body)), [['comment 1', 'comment 2'], ['comment 3', 'comment 4'], ['comment 5']]);
      assert.equal((await a.listComments(t, { limit: 2 })).total, 5);
    });

    it('sorts top-level comments newest first on request', async () => {
      const a = make();
      const t = freshThread();
      for (let i = 1; i <= 3; i++) await a.postComment(t, by(`N${i}`, `n${i}`), { idempotencyKey: key() });
      assert.deepEqual((await all(a, t, 2, 'newest')).flat().map((c) => c.body), ['n3', 'n2', 'n1']);
    });

    it('lists each reply after the comment it answers, on the same page', async () => {
      const a = make();
      const t = freshThread();
      const first = await a.postComment(t, by('A', 'a'), { idempotencyKey: key() });
      const second = await a.postComment(t, by('B', 'b'), { idempotencyKey: key() });
      const reply = await a.postComment(t, by('C', 'reply to a', { parentId: first.id }), { idempotencyKey: key() });
      const deeper = await a.postComment(t, by('D', 'reply to the reply', { parentId: reply.id }), { idempotencyKey: key() });
      assert.equal(reply.parentId, first.id);
      const pages = await all(a, t, 1);
      assert.deepEqual(pages.map((p) => p.map((c) => c.id)), [[first.id, reply.id, deeper.id], [second.id]]);
      assert.equal((await a.listComments(t, {})).total, 4);
    });

    it('refuses a reply to a comment that does not exist', async () => {
      const a = make();
      await rejectsWith(a.postComment(freshThread(), by('A', 'x', { parentId: 'no-such-comment' }), { idempotencyKey: key() }), 'not-found');
    });

    it('stores a retried submission once (same idempotency key → the original comment)', async () => {
      const a = make();
      const t = freshThread();
      const k = key();
      const one = await a.postComment(t, by('A', 'only once'), { idempotencyKey: k });
      const two = await a.postComment(t, by('A', 'only once'), { idempotencyKey: k });
      assert.equal(two.id, one.id);
      assert.equal((await a.listComments(t, {})).total, 1);
    });

    it('refuses the same comment twice in a row from the same author (a double post)', async () => {
      const a = make();
      const t = freshThread();
      await a.postComment(t, by('Tom', 'Will the car park stay open?'), { idempotencyKey: key() });
      const err = await rejectsWith(a.postComment(t, by('Tom', 'Will the car park stay open?'), { idempotencyKey: key() }), 'rejected');
      assert.match(err.message, /already posted/);
      await a.postComment(t, by('Tom', 'Something else'), { idempotencyKey: key() });
      assert.equal((await a.listComments(t, {})).total, 2);
    });

    it('refuses invalid input with the field it concerns', async () => {
      const a = make();
      const t = freshThread();
      const cases: [NewComment, 'name' | 'email' | 'body'][] = [
        [by('A', '   '), 'body'],
        [by('A', 'x'.repeat(1501)), 'body'],
        [{ body: 'hi', authorName: '', authorEmail: 'a@example.com' }, 'name'],
        [{ body: 'hi', authorName: 'A', authorEmail: 'not an address' }, 'email'],
      ];
      for (const [input, field] of cases) {
        const err = await rejectsWith(a.postComment(t, input, { idempotencyKey: key() }), 'rejected');
        assert.equal(err.field, field, `${JSON.stringify(input).slice(0, 60)} → ${field}`);
      }
      // 1500 emoji families are 1500 characters: accepted.
      await a.postComment(t, by('A', '👨‍👩‍👧‍👦'.repeat(1500)), { idempotencyKey: key() });
      assert.equal((await a.listComments(t, {})).total, 1);
    });

    it('refuses a cursor it did not issue', async () => {
      await rejectsWith(make().listComments(freshThread(), { cursor: 'not-a-cursor' }), 'rejected');
    });

    it('records one article reaction per visitor, changeable', async () => {
      const a = make();
      const t = freshThread();
      assert.deepEqual(await a.getArticleReactions!(t), { likes: 0, dislikes: 0, mine: null });
      assert.deepEqual(await a.reactToArticle!(t, 'like'), { likes: 1, dislikes: 0, mine: 'like' });
      assert.deepEqual(await a.reactToArticle!(t, 'like'), { likes: 1, dislikes: 0, mine: 'like' });
      assert.deepEqual(await a.reactToArticle!(t, 'dislike'), { likes: 0, dislikes: 1, mine: 'dislike' });
      assert.deepEqual(await a.getArticleReactions!(t), { likes: 0, dislikes: 1, mine: 'dislike' });
    });

    it('records one like per visitor on a comment, which can be taken back', async () => {
      const a = make();
      const t = freshThread();
      const c = await a.postComment(t, by('A', 'likeable'), { idempotencyKey: key() });
      const liked = parseComment(await a.likeComment!(t, c.id));
      assert.equal(liked.likes, 1);
      assert.equal(liked.liked, true);
      const again = parseComment(await a.likeComment!(t, c.id, true));
      assert.equal(again.likes, 1, 'a second like from the same visitor counts once');
      const listed = parseCommentPage(await a.listComments(t, {})).comments[0]!;
      assert.equal(listed.likes, 1);
      assert.equal(listed.liked, true);
      const undone = parseComment(await a.likeComment!(t, c.id, false));
      assert.equal(undone.likes ?? 0, 0);
      assert.ok(!undone.liked);
      await rejectsWith(a.likeComment!(t, 'no-such-comment'), 'not-found');
    });

    it('sorts top-level comments by most liked, oldest first among equals, through every page', async () => {
      const a = make();
      const t = freshThread();
      const ids: string[] = [];
      for (const name of ['A', 'B', 'C', 'D']) ids.push((await a.postComment(t, by(name, `comment ${name}`), { idempotencyKey: key() })).id);
      await a.likeComment!(t, ids[2]!);
      await a.likeComment!(t, ids[3]!);
      const pages = await all(a, t, 1, 'liked');
      assert.deepEqual(pages.flat().map((c) => c.body), ['comment C', 'comment D', 'comment A', 'comment B']);
    });

    it('cancels a request when its signal aborts', async () => {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(make().listComments(freshThread(), { signal: controller.signal }), (err: unknown) => {
        assert.ok((err as Error).name === 'AbortError' || err instanceof AdapterError);
        return true;
      });
    });
  });
}

conformance('MemoryAdapter', () => new MemoryAdapter());

let server: TestServer;
let visitor = 0;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server?.close();
});
// Each RestAdapter is a new visitor (its own reactions), as each MemoryAdapter is its own store.
conformance('RestAdapter + reference server', () => new RestAdapter({ baseUrl: server.url, visitorId: `visitor-${++visitor}-conformance`, storage: null, retries: 0 }));

function pagingConformance(name: string, make: () => CommentsAdapter): void {
  describe(`${name}: bounded pages`, () => {
    it("sends each comment's first replies with a reply count, and the rest through its replies cursor", async () => {
      const a = make();
      const t = freshThread();
      const top = await a.postComment(t, by('Top', 'top'), { idempotencyKey: key() });
      for (let i = 0; i < 230; i++) await a.postComment(t, by(`R${i}`, `reply ${i}`, { parentId: top.id }), { idempotencyKey: key() });
      const small = await a.postComment(t, by('Next', 'next top'), { idempotencyKey: key() });
      await a.postComment(t, by('S', 'only reply', { parentId: small.id }), { idempotencyKey: key() });

      const first = parseCommentPage(await a.listComments(t, { limit: 20 }));
      assert.deepEqual(first.comments.map((c) => c.body), ['top', 'reply 0', 'reply 1', 'reply 2', 'reply 3', 'reply 4', 'next top', 'only reply']);
      assert.equal(first.comments[0]!.replyCount, 230);
      assert.equal(typeof first.comments[0]!.repliesCursor, 'string');
      assert.equal(first.comments[6]!.replyCount, 1);
      assert.equal(first.comments[6]!.repliesCursor, undefined, 'all its replies are on the page');
      assert.equal(first.nextCursor, null);

      // The replies cursor pages through that comment's replies only, at most 200 at a time, in any sort order.
      const rest: Comment[][] = [];
      let cursor: string | undefined = first.comments[0]!.repliesCursor;
      while (cursor) {
        const page = parseCommentPage(await a.listComments(t, { cursor, sort: rest.length ? 'newest' : 'oldest', limit: 20 }));
        rest.push(page.comments);
        cursor = page.nextCursor ?? undefined;
      }
      assert.deepEqual(rest.map((p) => p.length), [200, 25]);
      const bodies = rest.flat().map((c) => c.body);
      assert.deepEqual(bodies, Array.from({ length: 225 }, (_, i) => `reply ${i + 5}`));
      assert.ok(rest.flat().every((c) => c.parentId === top.id));

      // Another thread's cursor shows nothing of this one.
      const other = parseCommentPage(await a.listComments(freshThread(), { cursor: first.comments[0]!.repliesCursor! }).catch(() => ({ comments: [], nextCursor: null })));
      assert.deepEqual(other.comments, []);
    });
  });
}
pagingConformance('MemoryAdapter', () => new MemoryAdapter());
pagingConformance('RestAdapter + reference server', () => new RestAdapter({ baseUrl: server.url, visitorId: `visitor-${++visitor}-paging`, storage: null, retries: 0 }));

describe('RestAdapter + HTTP: every error status and malformed answers, over a real socket', () => {
  it('413 and 429 from the reference server become rejected and rate-limited', async () => {
    const limited = await startTestServer({ rateLimitPerMinute: 1, maxBodyBytes: 2048 });
    try {
      const a = new RestAdapter({ baseUrl: limited.url, visitorId: 'visitor-limits', storage: null, retries: 0 });
      const big = await rejectsWith(a.postComment('t', by('Big', 'x'.repeat(1500) + '😀'.repeat(200)), { idempotencyKey: key() }), 'rejected');
      assert.match(big.message, /larger than 2048 bytes/);
      await a.postComment('t', by('A', 'one'), { idempotencyKey: key() });
      const limitedErr = await rejectsWith(a.postComment('t', by('A', 'two'), { idempotencyKey: key() }), 'rate-limited');
      assert.ok(limitedErr.retryAfterSeconds! > 0 && limitedErr.retryAfterSeconds! <= 60);
    } finally {
      await limited.close();
    }
  });

  it('5xx, an HTML error page, and malformed JSON from a misbehaving server become server errors', async () => {
    const { createServer } = await import('node:http');
    const answers: [number, string, string][] = [
      [503, 'application/json', JSON.stringify({ error: { code: 'unavailable', message: 'Restarting.' } })],
      [500, 'text/html', '<h1>Internal Server Error</h1>'],
      [200, 'text/html', '<html>not json</html>'],
      [200, 'application/json', JSON.stringify({ comments: [{ id: 1, body: null }], nextCursor: 7 })],
      [200, 'application/json', JSON.stringify({ comments: 'many', nextCursor: null })],
    ];
    let next = 0;
    const bad = createServer((_, res) => {
      const [status, type, body] = answers[next++ % answers.length];
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });
    await new Promise<void>((r) => bad.listen(0, '127.0.0.1', () => r()));
    const port = (bad.address() as { port: number }).port;
    try {
      const { guardAdapter } = await import('../../src/core/adapter.js');
      const a = guardAdapter(new RestAdapter({ baseUrl: `http://127.0.0.1:${port}`, visitorId: 'visitor-bad', storage: null, retries: 0 }));
      const kinds: string[] = [];
      for (let i = 0; i < answers.length; i++) kinds.push((await rejectsWith(a.listComments('t', {}), 'server')).reason ?? 'status');
      assert.deepEqual(kinds, ['status', 'status', 'malformed-response', 'malformed-response', 'malformed-response']);
    } finally {
      bad.close();
    }
  });
});
