/**
 * The adapter conformance suite: the same tests run against the embedded MemoryAdapter and
 * against RestAdapter talking to a real reference server (loopback, free port, temporary
 * SQLite file). A backend that passes them behaves as the widget expects.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { RestAdapter } from '../../src/adapters/rest.js';
import {
  AdapterError,
  parseComment,
  parseCommentPage,
  parseModerationQueue,
  type Comment,
  type CommentsAdapter,
  type ModerationItem,
  type NewComment,
  type ThreadEvent,
} from '../../src/core/adapter.js';
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
      // A request larger than any comment within the limit could be (413), told in characters, not bytes.
      const big = await rejectsWith(a.postComment('t', by('Big', 'x'.repeat(200_000)), { idempotencyKey: key() }), 'rejected');
      assert.equal(big.message, 'The comment is longer than 1500 characters.');
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

// ---------------------------------------------------------------------------------------------
// Reports, edit/delete with the author token, placeholders, moderation, counts and live updates.
// A "world" is one backend seen by several visitors (and a moderator).

const MODERATOR_TOKEN = 'a-moderator-token-123456';

interface WorldOptions {
  editWindowMinutes?: number;
  preModeration?: boolean;
  /** false: no moderator token configured. */
  moderation?: boolean;
}

interface World {
  /** A visitor of this backend; the same name is the same visitor. */
  visitor(name: string): CommentsAdapter;
  /** Resolves once every live-update stream opened so far is connected. */
  connected(): Promise<void>;
}

type MakeWorld = (options?: WorldOptions) => Promise<World>;

const memoryWorld: MakeWorld = async (o = {}) => {
  const base = new MemoryAdapter({
    hideAfterReports: 2,
    editWindowMinutes: o.editWindowMinutes ?? 15,
    preModeration: o.preModeration ?? false,
    ...(o.moderation === false ? {} : { moderatorToken: MODERATOR_TOKEN }),
  });
  const views = new Map<string, CommentsAdapter>();
  return {
    visitor: (name) => views.get(name) ?? views.set(name, base.forVisitor(name)).get(name)!,
    connected: async () => undefined,
  };
};

const servers = new Map<string, Promise<TestServer>>();
after(async () => {
  await Promise.all([...servers.values()].map(async (s) => (await s).close()));
});
let worlds = 0;
const restWorld: MakeWorld = async (o = {}) => {
  const overrides = {
    // Each visitor connects from an address of its own (X-Forwarded-For below), as real readers
    // do: the server hides a comment only when distinct visitors AND addresses report it.
    trustProxy: true,
    reportLimitPerMinute: 0,
    hideAfterReports: 2,
    editWindowMinutes: o.editWindowMinutes ?? 15,
    preModeration: o.preModeration ?? false,
    ...(o.moderation === false ? {} : { moderatorToken: MODERATOR_TOKEN }),
  };
  const id = JSON.stringify(overrides);
  if (!servers.has(id)) servers.set(id, startTestServer(overrides));
  const { url } = await servers.get(id)!;
  const world = ++worlds;
  const streams: Promise<unknown>[] = [];
  // The test sees when an events stream has its answer: the server has registered it by then.
  const watched = ((input: string, init?: RequestInit) => {
    const answer = fetch(input, init);
    if (String(input).includes('/events')) streams.push(answer.catch(() => undefined));
    return answer;
  }) as typeof fetch;
  const views = new Map<string, CommentsAdapter>();
  const from = (address: string) =>
    ((input: string, init?: RequestInit) =>
      watched(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-forwarded-for': address } })) as typeof fetch;
  return {
    visitor: (name) =>
      views.get(name) ??
      views
        .set(name, new RestAdapter({ baseUrl: url, visitorId: `${name}-world-${world}`, storage: null, retries: 0, fetch: from(`10.${world % 250}.0.${views.size + 1}`) }))
        .get(name)!,
    connected: async () => {
      await Promise.all(streams);
      await sleep(50);
    },
  };
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until `get` returns something (polling), or fails after `ms`. */
async function until<T>(get: () => T | undefined | false, ms = 5000, what = 'the awaited state'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const ids = async (a: CommentsAdapter, t: string): Promise<string[]> => (await a.listComments(t, {})).comments.map((c) => c.id);
const post = async (a: CommentsAdapter, t: string, name: string, body: string, parentId?: string): Promise<Comment> =>
  parseComment(await a.postComment(t, by(name, body, parentId ? { parentId } : {}), { idempotencyKey: key() }));

/** Every queue item of one thread (the queue spans all threads of the backend). */
async function queueOf(a: CommentsAdapter, thread: string, token = MODERATOR_TOKEN): Promise<ModerationItem[]> {
  const m = a.moderation!(token);
  const items: ModerationItem[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const page = parseModerationQueue(await m.listQueue(cursor ? { cursor } : {}));
    assert.ok(page.items.length <= 50, 'at most 50 items a page');
    items.push(...page.items.filter((item) => item.thread === thread));
    if (page.nextCursor === null) return items;
    cursor = page.nextCursor;
  }
  throw new Error('too many queue pages');
}

/** A placeholder as the backend itself sends it: nothing of what was said, nor who said it. */
function assertPlaceholder(c: Comment | undefined, status: 'deleted' | 'hidden'): void {
  assert.ok(c, 'the placeholder is listed');
  assert.equal(c.status, status);
  assert.equal(c.body, '');
  assert.equal(c.authorName, null);
  for (const k of ['bodyHtml', 'authorUrl', 'avatarUrl', 'likes', 'liked', 'editedAt', 'authorToken', 'editableUntil'] as const) {
    assert.equal(c[k], undefined, `a placeholder has no ${k}`);
  }
}

function featureConformance(name: string, world: MakeWorld): void {
  describe(`${name}: authors edit and delete their own comments`, () => {
    it('answers a post with an author token and an edit deadline; a replay gives the same token', async () => {
      const a = (await world()).visitor('amira');
      const t = freshThread();
      const k = key();
      const saved = parseComment(await a.postComment(t, by('Amira', 'mine'), { idempotencyKey: k }));
      assert.equal(typeof saved.authorToken, 'string');
      assert.ok(saved.authorToken!.length >= 16, 'an unguessable token');
      assert.equal(Date.parse(saved.editableUntil!) - Date.parse(saved.createdAt), 15 * 60_000);
      const replay = parseComment(await a.postComment(t, by('Amira', 'mine'), { idempotencyKey: k }));
      assert.equal(replay.id, saved.id);
      assert.equal(replay.authorToken, saved.authorToken);
      assert.equal(replay.editableUntil, saved.editableUntil);
      const other = await post(a, t, 'Amira', 'another one');
      assert.notEqual(other.authorToken, saved.authorToken, 'one token per comment');
      assert.ok(!JSON.stringify(await a.listComments(t, {})).includes(saved.authorToken!), 'tokens are never listed');
    });

    it('edits with the token: the new body and editedAt, in the answer and in the list', async () => {
      const w = await world();
      const a = w.visitor('amira');
      const t = freshThread();
      const c = await post(a, t, 'Amira', 'Teh first version');
      await rejectsWith(a.editComment!(t, c.id, 'forged', 'not-the-token'), 'forbidden');
      await rejectsWith(a.editComment!(t, c.id, 'forged', ''), 'forbidden');
      const other = await post(a, t, 'Amira', 'a second comment');
      await rejectsWith(a.editComment!(t, c.id, 'forged', other.authorToken!), 'forbidden');
      assert.equal((await a.listComments(t, {})).comments[0]!.body, 'Teh first version', 'nothing changed');
      for (const body of ['   ', 'x'.repeat(1501)]) {
        const err = await rejectsWith(a.editComment!(t, c.id, body, c.authorToken!), 'rejected');
        assert.equal(err.field, 'body');
      }
      await rejectsWith(a.editComment!(t, 'no-such-comment', 'x', c.authorToken!), 'not-found');
      const edited = parseComment(await a.editComment!(t, c.id, '  The first version\r\nfixed  ', c.authorToken!));
      assert.equal(edited.id, c.id);
      assert.equal(edited.body, 'The first version\nfixed');
      assert.ok(edited.editedAt && Math.abs(Date.parse(edited.editedAt) - Date.now()) < 60_000, 'editedAt is now');
      assert.equal(edited.createdAt, c.createdAt);
      // Another reader sees the new text.
      const listed = parseCommentPage(await w.visitor('bilal').listComments(t, {})).comments[0]!;
      assert.equal(listed.body, 'The first version\nfixed');
      assert.equal(listed.editedAt, edited.editedAt);
      assert.equal((await a.listComments(t, {})).total, 2);
    });

    it('the token is the proof: it works from another browser of the author', async () => {
      const w = await world();
      const t = freshThread();
      const c = await post(w.visitor('amira'), t, 'Amira', 'written on the phone');
      const laptop = w.visitor('amira-laptop');
      assert.equal(parseComment(await laptop.editComment!(t, c.id, 'edited on the laptop', c.authorToken!)).body, 'edited on the laptop');
    });

    it('deletes with the token: the comment disappears for everyone', async () => {
      const w = await world();
      const a = w.visitor('amira');
      const t = freshThread();
      const keep = await post(a, t, 'Amira', 'keep me');
      const c = await post(a, t, 'Amira', 'delete me');
      await rejectsWith(a.deleteComment!(t, c.id, 'not-the-token'), 'forbidden');
      assert.deepEqual(await ids(a, t), [keep.id, c.id], 'a refused delete changes nothing');
      assert.equal(await a.deleteComment!(t, c.id, c.authorToken!), undefined);
      assert.deepEqual(await ids(a, t), [keep.id]);
      assert.deepEqual(await ids(w.visitor('bilal'), t), [keep.id]);
      assert.equal((await a.listComments(t, {})).total, 1);
      assert.deepEqual(await a.countComments!([t]), { [t]: 1 });
      await rejectsWith(a.deleteComment!(t, c.id, c.authorToken!), 'not-found');
      await rejectsWith(a.editComment!(t, c.id, 'back', c.authorToken!), 'not-found');
      await rejectsWith(a.likeComment!(t, c.id), 'not-found');
      await rejectsWith(a.postComment(t, by('B', 'reply', { parentId: c.id }), { idempotencyKey: key() }), 'not-found');
    });

    it('refuses to edit or delete a comment that has a reply, from anyone', async () => {
      const w = await world();
      const a = w.visitor('amira');
      const t = freshThread();
      const c = await post(a, t, 'Amira', 'answered');
      await post(w.visitor('bilal'), t, 'Bilal', 'an answer', c.id);
      const edit = await rejectsWith(a.editComment!(t, c.id, 'changed', c.authorToken!), 'rejected');
      assert.equal(edit.reason, 'has-replies');
      const del = await rejectsWith(a.deleteComment!(t, c.id, c.authorToken!), 'rejected');
      assert.equal(del.reason, 'has-replies');
      assert.equal((await a.listComments(t, {})).comments[0]!.body, 'answered');
      // A wrong token is refused as such, before anything else is told.
      await rejectsWith(a.editComment!(t, c.id, 'changed', 'not-the-token'), 'forbidden');
    });

    it('refuses to edit or delete after the edit window', async () => {
      const a = (await world({ editWindowMinutes: 0 })).visitor('amira');
      const t = freshThread();
      const c = await post(a, t, 'Amira', 'too late');
      assert.ok(Date.parse(c.editableUntil!) <= Date.now(), 'editableUntil has passed');
      const edit = await rejectsWith(a.editComment!(t, c.id, 'changed', c.authorToken!), 'rejected');
      assert.equal(edit.reason, 'edit-window-closed');
      const del = await rejectsWith(a.deleteComment!(t, c.id, c.authorToken!), 'rejected');
      assert.equal(del.reason, 'edit-window-closed');
      await rejectsWith(a.deleteComment!(t, c.id, 'not-the-token'), 'forbidden');
      assert.deepEqual(await ids(a, t), [c.id]);
    });

    it('refuses a replayed post whose comment was hidden, rejected or deleted since, in the same words', async () => {
      const w = await world();
      const [a, b, c] = [w.visitor('amira'), w.visitor('bilal'), w.visitor('chen')];
      const m = a.moderation!(MODERATOR_TOKEN);
      const t = freshThread();
      const removals: [string, (x: Comment) => Promise<void>][] = [
        [
          'hidden after reports',
          async (x) => {
            await b.reportComment!(t, x.id, 'spam');
            await c.reportComment!(t, x.id, 'abuse');
          },
        ],
        ['rejected by a moderator', (x) => m.moderate(t, x.id, 'reject')],
        ['deleted by a moderator', (x) => m.moderate(t, x.id, 'delete')],
        ['deleted by its author', (x) => a.deleteComment!(t, x.id, x.authorToken!)],
      ];
      for (const [how, remove] of removals) {
        const k = key();
        const input = by('Amira', `soon ${how}`);
        const x = parseComment(await a.postComment(t, input, { idempotencyKey: k }));
        assert.equal(parseComment(await a.postComment(t, input, { idempotencyKey: k })).id, x.id, `${how}: a replay before the removal answers the comment`);
        await remove(x);
        assert.ok(!(await ids(a, t)).includes(x.id), `${how}: removed`);
        const err = await rejectsWith(a.postComment(t, input, { idempotencyKey: k }), 'rejected');
        assert.equal(err.message, 'This comment was posted and has since been removed.', how);
      }
      assert.equal((await a.listComments(t, {})).total, 0, 'no replay brought a comment back');
    });
  });

  describe(`${name}: an edit goes back to moderation`, () => {
    it('with pre-moderation, an edit of an approved comment makes it pending again: its author sees it, the queue has it, nobody else', async () => {
      const w = await world({ preModeration: true });
      const [a, b] = [w.visitor('amira'), w.visitor('bilal')];
      const m = a.moderation!(MODERATOR_TOKEN);
      const t = freshThread();
      const c = await post(a, t, 'Amira', 'harmless text');
      await m.moderate(t, c.id, 'approve');
      assert.deepEqual(await ids(b, t), [c.id], 'approved: shown to everyone');
      const edited = parseComment(await a.editComment!(t, c.id, 'BUY CHEAP WATCHES', c.authorToken!));
      assert.deepEqual([edited.id, edited.status, edited.body], [c.id, 'pending', 'BUY CHEAP WATCHES']);
      assert.deepEqual(await ids(b, t), [], 'the new text waits for a moderator');
      assert.equal((await b.listComments(t, {})).total, 0);
      assert.deepEqual(await b.countComments!([t]), { [t]: 0 });
      const mine = parseCommentPage(await a.listComments(t, {}));
      assert.deepEqual(mine.comments.map((x) => [x.id, x.status, x.body]), [[c.id, 'pending', 'BUY CHEAP WATCHES']], 'its author sees it, pending');
      const [item, ...none] = await queueOf(a, t);
      assert.deepEqual(none, []);
      assert.deepEqual([item!.comment.id, item!.comment.status, item!.comment.body], [c.id, 'pending', 'BUY CHEAP WATCHES']);
      await m.moderate(t, c.id, 'approve');
      assert.deepEqual((await b.listComments(t, {})).comments.map((x) => [x.id, x.status, x.body]), [[c.id, 'published', 'BUY CHEAP WATCHES']]);
      assert.deepEqual(await queueOf(a, t), [], 'approved again: out of the queue');
    });

    it('without pre-moderation, an edited comment stays published, and in the queue with its new text while reported', async () => {
      const w = await world();
      const [a, b] = [w.visitor('amira'), w.visitor('bilal')];
      const t = freshThread();
      const c = await post(a, t, 'Amira', 'first words');
      await b.reportComment!(t, c.id, 'abuse');
      const edited = parseComment(await a.editComment!(t, c.id, 'second words', c.authorToken!));
      assert.equal(edited.status, 'published');
      assert.deepEqual((await b.listComments(t, {})).comments.map((x) => x.body), ['second words']);
      const queue = await queueOf(a, t);
      assert.deepEqual(
        queue.map((i) => [i.comment.id, i.comment.status, i.comment.body, i.comment.editedAt, i.reports.map((r) => r.reason)]),
        [[c.id, 'published', 'second words', edited.editedAt, ['abuse']]],
      );
    });
  });

  describe(`${name}: reports`, () => {
    it('takes one report per visitor; the second distinct reporter hides the comment (hideAfterReports 2)', async () => {
      const w = await world();
      const [a, b, c] = [w.visitor('amira'), w.visitor('bilal'), w.visitor('chen')];
      const t = freshThread();
      const bad = await post(a, t, 'Amira', 'buy cheap watches');
      const good = await post(a, t, 'Amira', 'a fair point');
      assert.equal(await b.reportComment!(t, bad.id, 'spam'), undefined);
      await b.reportComment!(t, bad.id, 'spam');
      await b.reportComment!(t, bad.id, 'abuse');
      assert.deepEqual(await ids(c, t), [bad.id, good.id], 'one visitor reporting three times is one reporter');
      await c.reportComment!(t, bad.id, 'other', 'Advertising.');
      for (const v of [a, b, c, w.visitor('dana')]) assert.deepEqual(await ids(v, t), [good.id], 'hidden for everyone, its author too');
      assert.equal((await a.listComments(t, {})).total, 1);
      assert.deepEqual(await a.countComments!([t]), { [t]: 1 });
      await rejectsWith(w.visitor('dana').reportComment!(t, bad.id, 'spam'), 'not-found');
      await rejectsWith(a.likeComment!(t, bad.id), 'not-found');
    });

    it('checks the reason and the details', async () => {
      const w = await world();
      const t = freshThread();
      const c = await post(w.visitor('amira'), t, 'Amira', 'reported');
      const b = w.visitor('bilal');
      await rejectsWith(b.reportComment!(t, c.id, 'boring' as never), 'rejected');
      await rejectsWith(b.reportComment!(t, c.id, 'other'), 'rejected');
      await rejectsWith(b.reportComment!(t, c.id, 'other', '   '), 'rejected');
      await rejectsWith(b.reportComment!(t, c.id, 'abuse', 'x'.repeat(501)), 'rejected');
      await rejectsWith(b.reportComment!(t, 'no-such-comment', 'spam'), 'not-found');
      await b.reportComment!(t, c.id, 'abuse', 'x'.repeat(500));
      const [item] = await queueOf(b, t);
      assert.deepEqual(item!.reports.map((r) => [r.reason, r.details?.length]), [['abuse', 500]]);
    });
  });

  describe(`${name}: placeholders`, () => {
    it('lists a hidden or deleted comment as a placeholder only while it has replies shown', async () => {
      const w = await world();
      const [a, b, c] = [w.visitor('amira'), w.visitor('bilal'), w.visitor('chen')];
      const t = freshThread();
      const top = await post(a, t, 'Amira', 'the top');
      const middle = await post(b, t, 'Bilal', 'the middle', top.id);
      const leaf = await post(c, t, 'Chen', 'the leaf', middle.id);
      const lonely = await post(a, t, 'Amira', 'no replies');
      // Two reporters hide the top comment; a moderator deletes the middle one.
      await b.reportComment!(t, top.id, 'abuse');
      await c.reportComment!(t, top.id, 'abuse');
      await a.moderation!(MODERATOR_TOKEN).moderate(t, middle.id, 'delete');
      await a.moderation!(MODERATOR_TOKEN).moderate(t, lonely.id, 'reject');
      for (const v of [a, w.visitor('dana')]) {
        const page = await v.listComments(t, {});
        assert.deepEqual(page.comments.map((x) => x.id), [top.id, middle.id, leaf.id], 'replies list under their placeholders');
        assertPlaceholder(page.comments[0], 'hidden');
        assertPlaceholder(page.comments[1], 'deleted');
        assert.equal(page.comments[2]!.body, 'the leaf');
        assert.equal(page.total, 1, 'placeholders are not counted');
        assert.ok(!JSON.stringify(page).includes('the top') && !JSON.stringify(page).includes('the middle'), 'nothing of the removed text');
      }
      assert.deepEqual(await a.countComments!([t]), { [t]: 1 });
      // Nothing can be done with a placeholder.
      await rejectsWith(a.likeComment!(t, top.id), 'not-found');
      await rejectsWith(w.visitor('dana').reportComment!(t, middle.id, 'spam'), 'not-found');
      await rejectsWith(a.postComment(t, by('Dana', 'reply', { parentId: middle.id }), { idempotencyKey: key() }), 'not-found');
      // Without the reply, nothing is left to show.
      await c.deleteComment!(t, leaf.id, leaf.authorToken!);
      assert.deepEqual(await ids(a, t), []);
      assert.equal((await a.listComments(t, {})).total, 0);
    });

    it('keeps the first-replies paging under a placeholder', async () => {
      const w = await world();
      const a = w.visitor('amira');
      const t = freshThread();
      const top = await post(a, t, 'Amira', 'top');
      for (let i = 0; i < 7; i++) await post(w.visitor(`r${i}`), t, `R${i}`, `reply ${i}`, top.id);
      await a.moderation!(MODERATOR_TOKEN).moderate(t, top.id, 'reject');
      const page = parseCommentPage(await a.listComments(t, {}));
      assertPlaceholder(page.comments[0], 'deleted');
      assert.deepEqual(page.comments.slice(1).map((c) => c.body), ['reply 0', 'reply 1', 'reply 2', 'reply 3', 'reply 4']);
      assert.equal(page.comments[0]!.replyCount, 7);
      const rest = parseCommentPage(await a.listComments(t, { cursor: page.comments[0]!.repliesCursor! }));
      assert.deepEqual(rest.comments.map((c) => c.body), ['reply 5', 'reply 6']);
      assert.equal(page.total, 7);
    });
  });

  describe(`${name}: counts`, () => {
    it('counts what everyone sees, for exactly the requested threads', async () => {
      const w = await world({ preModeration: true });
      const [a, b] = [w.visitor('amira'), w.visitor('bilal')];
      const [t1, t2, unknown] = [freshThread(), freshThread(), freshThread()];
      const c1 = await post(a, t1, 'Amira', 'one');
      const c2 = await post(a, t1, 'Amira', 'two');
      await post(b, t2, 'Bilal', 'waiting');
      const m = a.moderation!(MODERATOR_TOKEN);
      await m.moderate(t1, c1.id, 'approve');
      await m.moderate(t1, c2.id, 'approve');
      const reply = await post(b, t1, 'Bilal', 'a reply', c2.id);
      await m.moderate(t1, reply.id, 'approve');
      await m.moderate(t1, c2.id, 'reject'); // a placeholder now
      await post(a, t1, 'Amira', 'my pending one');
      assert.equal((await a.listComments(t1, {})).total, 3, 'its author sees their pending comment');
      for (const v of [a, b]) {
        const counts = await v.countComments!([t1, t2, unknown]);
        assert.deepEqual(counts, { [t1]: 2, [t2]: 0, [unknown]: 0 });
      }
    });
  });

  describe(`${name}: moderation`, () => {
    it('refuses a wrong token, and changes nothing', async () => {
      const w = await world({ preModeration: true });
      const a = w.visitor('amira');
      const t = freshThread();
      const c = await post(a, t, 'Amira', 'waiting');
      const wrong = a.moderation!('not-the-moderator-token');
      await rejectsWith(wrong.listQueue(), 'forbidden');
      await rejectsWith(wrong.moderate(t, c.id, 'approve'), 'forbidden');
      await rejectsWith(wrong.moderate(t, 'no-such-comment', 'delete'), 'forbidden');
      assert.deepEqual(await ids(w.visitor('bilal'), t), [], 'still pending');
      assert.equal((await queueOf(a, t)).length, 1);
    });

    it('refuses everything when no moderator token is configured', async () => {
      const a = (await world({ moderation: false })).visitor('amira');
      const t = freshThread();
      const c = await post(a, t, 'Amira', 'hello');
      await rejectsWith(a.moderation!(MODERATOR_TOKEN).listQueue(), 'forbidden');
      await rejectsWith(a.moderation!(MODERATOR_TOKEN).moderate(t, c.id, 'delete'), 'forbidden');
      assert.deepEqual(await ids(a, t), [c.id]);
    });

    it('lists pending comments, approves them for everyone, and announces them', async () => {
      const w = await world({ preModeration: true });
      const [a, b] = [w.visitor('amira'), w.visitor('bilal')];
      const t = freshThread();
      const events: ThreadEvent[] = [];
      const stop = b.subscribe!(t, (e) => events.push(e));
      try {
        await w.connected();
        const c = await post(a, t, 'Amira', 'awaiting a moderator');
        assert.equal(c.status, 'pending');
        assert.deepEqual(await ids(b, t), [], 'others do not see it');
        assert.equal((await b.listComments(t, {})).total, 0);
        const mine = parseCommentPage(await a.listComments(t, {}));
        assert.deepEqual(mine.comments.map((x) => [x.id, x.status]), [[c.id, 'pending']], 'its author does');
        const [item, ...none] = await queueOf(a, t);
        assert.deepEqual(none, []);
        assert.equal(item!.comment.id, c.id);
        assert.equal(item!.comment.body, 'awaiting a moderator');
        assert.equal(item!.comment.status, 'pending');
        assert.equal(item!.authorEmail, 'amira@example.com');
        assert.deepEqual(item!.reports, []);
        await sleep(100);
        assert.equal(events.length, 0, 'a pending comment is not announced');
        await a.moderation!(MODERATOR_TOKEN).moderate(t, c.id, 'approve');
        assert.deepEqual(await ids(b, t), [c.id]);
        assert.equal(parseCommentPage(await b.listComments(t, {})).comments[0]!.status, 'published');
        const e = await until(() => events[0], 5000, 'the approval event');
        assert.equal(e.type, 'comment-added');
        assert.equal(parseComment(e.comment).id, c.id);
        assert.equal(e.comment.status, 'published');
        assert.deepEqual(await queueOf(a, t), [], 'it left the queue');
        await rejectsWith(a.moderation!(MODERATOR_TOKEN).moderate(t, 'no-such-comment', 'approve'), 'not-found');
        await sleep(100);
        assert.equal(events.length, 1);
      } finally {
        stop();
      }
    });

    it('lists reported comments with their reports; approve dismisses them and shows the comment again', async () => {
      const w = await world();
      const [a, b, c] = [w.visitor('amira'), w.visitor('bilal'), w.visitor('chen')];
      const t = freshThread();
      const first = await post(a, t, 'Amira', 'first');
      const reported = await post(a, t, 'Amira', 'controversial');
      await b.reportComment!(t, reported.id, 'off-topic');
      await c.reportComment!(t, reported.id, 'other', 'Not about the article.');
      assert.deepEqual(await ids(b, t), [first.id]);
      const queue = await queueOf(a, t);
      assert.deepEqual(queue.map((i) => i.comment.id), [reported.id]);
      assert.equal(queue[0]!.comment.status, 'hidden');
      assert.equal(queue[0]!.comment.body, 'controversial', 'the moderator sees what was said');
      assert.equal(queue[0]!.comment.authorName, 'Amira');
      assert.deepEqual(queue[0]!.reports.map((r) => [r.reason, r.details]), [['off-topic', undefined], ['other', 'Not about the article.']]);
      assert.ok(queue[0]!.reports.every((r) => !Number.isNaN(Date.parse(r.createdAt))), 'reports have dates');
      await a.moderation!(MODERATOR_TOKEN).moderate(t, reported.id, 'approve');
      assert.deepEqual(await queueOf(a, t), []);
      assert.deepEqual(await ids(b, t), [first.id, reported.id]);
      assert.equal((await b.listComments(t, {})).comments[1]!.status, 'published');
      // The same visitors reporting again change nothing: one report each, ever.
      await b.reportComment!(t, reported.id, 'spam');
      await c.reportComment!(t, reported.id, 'spam');
      assert.deepEqual(await queueOf(a, t), []);
    });

    it('queues a reported comment that is not hidden yet, oldest first', async () => {
      const w = await world();
      const [a, b] = [w.visitor('amira'), w.visitor('bilal')];
      const t = freshThread();
      const older = await post(a, t, 'Amira', 'older');
      const newer = await post(a, t, 'Amira', 'newer');
      await b.reportComment!(t, newer.id, 'spam');
      await b.reportComment!(t, older.id, 'abuse');
      const queue = await queueOf(a, t);
      assert.deepEqual(queue.map((i) => [i.comment.id, i.comment.status]), [[older.id, 'published'], [newer.id, 'published']]);
      assert.deepEqual(await ids(a, t), [older.id, newer.id]);
    });

    it('approving a comment also announces the replies that waited on it; a removed comment cannot be approved', async () => {
      const w = await world({ preModeration: true });
      const [a, b] = [w.visitor('amira'), w.visitor('bilal')];
      const m = a.moderation!(MODERATOR_TOKEN);
      const t = freshThread();
      const events: ThreadEvent[] = [];
      const stop = b.subscribe!(t, (e) => events.push(e));
      try {
        await w.connected();
        const top = await post(a, t, 'Amira', 'waiting');
        const reply = await post(a, t, 'Amira', 'my own reply, waiting too', top.id);
        await m.moderate(t, reply.id, 'approve');
        assert.deepEqual(await ids(b, t), [], 'a reply under a pending comment stays out of sight');
        await m.moderate(t, top.id, 'approve');
        assert.deepEqual(await ids(b, t), [top.id, reply.id]);
        await until(() => events.length >= 2 && events, 5000, 'two events');
        assert.deepEqual(events.map((e) => e.comment.id), [top.id, reply.id]);
        const gone = await post(a, t, 'Amira', 'rejected');
        await m.moderate(t, gone.id, 'reject');
        const err = await rejectsWith(m.moderate(t, gone.id, 'approve'), 'rejected');
        assert.match(err.message, /removed/);
        await sleep(100);
        assert.equal(events.length, 2);
      } finally {
        stop();
      }
    });

    it('reject and delete remove the comment; a placeholder stays only where there are replies', async () => {
      const w = await world();
      const [a, b] = [w.visitor('amira'), w.visitor('bilal')];
      const m = a.moderation!(MODERATOR_TOKEN);
      const t = freshThread();
      const rejected = await post(a, t, 'Amira', 'rejected with a reply');
      await post(b, t, 'Bilal', 'reply one', rejected.id);
      const deleted = await post(a, t, 'Amira', 'deleted with a reply');
      await post(b, t, 'Bilal', 'reply two', deleted.id);
      const plain = await post(a, t, 'Amira', 'deleted alone');
      const alone = await post(a, t, 'Amira', 'rejected alone');
      await b.reportComment!(t, rejected.id, 'spam');
      await b.reportComment!(t, plain.id, 'spam');
      await m.moderate(t, rejected.id, 'reject');
      await m.moderate(t, deleted.id, 'delete');
      await m.moderate(t, plain.id, 'delete');
      await m.moderate(t, alone.id, 'reject');
      const page = await b.listComments(t, {});
      assert.deepEqual(page.comments.map((c) => c.body), ['', 'reply one', '', 'reply two']);
      assertPlaceholder(page.comments[0], 'deleted');
      assertPlaceholder(page.comments[2], 'deleted');
      assert.equal(page.total, 2);
      assert.deepEqual(await queueOf(a, t), [], 'removed comments leave the queue');
    });
  });

  describe(`${name}: live updates`, () => {
    it("delivers another visitor's published comment, not a pending one, and stops on unsubscribe", async (ctx) => {
      // The failing listener below is reported on the console; keep the test output clean.
      ctx.mock.method(console, 'error', () => undefined);
      ctx.mock.method(console, 'warn', () => undefined);
      const w = await world();
      const [a, b] = [w.visitor('amira'), w.visitor('bilal')];
      const t = freshThread();
      const other = freshThread();
      const events: ThreadEvent[] = [];
      const calls: string[] = [];
      const stop = a.subscribe!(t, (e) => {
        calls.push('a');
        events.push(e);
      });
      // A second listener on the same thread gets the same events, a failing one breaks nothing.
      const stopSecond = w.visitor('chen').subscribe!(t, () => {
        calls.push('chen');
        throw new Error('a broken listener');
      });
      try {
        assert.equal(typeof stop, 'function');
        await w.connected();
        await post(b, other, 'Bilal', 'elsewhere');
        const c = await post(b, t, 'Bilal', 'live!');
        const e = await until(() => events[0], 5000, 'the comment-added event');
        assert.equal(e.type, 'comment-added');
        const got = parseComment(e.comment);
        assert.deepEqual([got.id, got.body, got.authorName, got.status], [c.id, 'live!', 'Bilal', 'published']);
        assert.equal(e.comment.authorToken, undefined, 'the author token is never announced');
        await until(() => calls.includes('chen'), 5000, 'the second listener');
        const reply = await post(b, t, 'Bilal', 'and a reply', c.id);
        await until(() => events[1], 5000, 'the reply event');
        assert.equal(events[1]!.comment.id, reply.id);
        assert.equal(events[1]!.comment.parentId, c.id);
        stop();
        stopSecond();
        stop(); // twice is harmless
        await post(b, t, 'Bilal', 'after unsubscribing');
        await sleep(300);
        assert.equal(events.length, 2, 'nothing after unsubscribing');
        assert.ok(events.every((x) => x.comment.body !== 'elsewhere'), 'only this thread');
      } finally {
        stop();
        stopSecond();
      }
    });

    it('announces nothing for a pending comment', async () => {
      const w = await world({ preModeration: true });
      const t = freshThread();
      const events: ThreadEvent[] = [];
      const stop = w.visitor('amira').subscribe!(t, (e) => events.push(e));
      try {
        await w.connected();
        await post(w.visitor('bilal'), t, 'Bilal', 'pending');
        await sleep(300);
        assert.deepEqual(events, []);
      } finally {
        stop();
      }
    });
  });
}

featureConformance('MemoryAdapter', memoryWorld);
if (process.env.CONFORMANCE_MEMORY_ONLY !== '1') featureConformance('RestAdapter + reference server', restWorld);
