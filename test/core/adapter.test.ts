import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rejectsWith } from './helpers.js';
import {
  AdapterError,
  MAX_PAGE_COMMENTS,
  MAX_RECEIVED_BODY,
  MAX_RECEIVED_NAME,
  guardAdapter,
  isAbort,
  guardModeration,
  parseComment,
  parseCommentPage,
  parseCounts,
  parseModerationItem,
  parseModerationQueue,
  parseReactionSummary,
  toAdapterError,
  type Comment,
  type CommentPage,
  type CommentsAdapter,
  type ListOptions,
  type NewComment,
  type PostOptions,
  type ModerationAdapter,
  type ReactionSummary,
  type ReactionValue,
  type ThreadEvent,
} from '../../src/core/adapter.js';
import { getDefaultAdapter, onDefaultAdapterChange, setDefaultAdapter } from '../../src/core/default-adapter.js';

const ISO = '2024-03-01T12:00:00.000Z';

function raw(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'c1', parentId: null, authorName: 'Ayesha', body: 'Hello', createdAt: ISO, ...overrides };
}

/** Asserts that `fn` throws a validation error whose message matches `message`. */
function assertMalformed(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof Error, 'throws an Error');
    assert.ok(!(err instanceof AdapterError), 'the parse step throws a plain validation error');
    assert.match(err.message, message);
    return true;
  });
}

describe('AdapterError', () => {
  it('is an Error with a name, kind and message', () => {
    const err = new AdapterError('server', 'Boom');
    assert.ok(err instanceof Error);
    assert.equal(err.name, 'AdapterError');
    assert.equal(err.kind, 'server');
    assert.equal(err.message, 'Boom');
    assert.equal('retryAfterSeconds' in err, false);
    assert.equal('field' in err, false);
    assert.equal('reason' in err, false);
    assert.equal(err.cause, undefined);
  });

  it('keeps retryAfterSeconds, field and cause', () => {
    const cause = new Error('inner');
    const limited = new AdapterError('rate-limited', 'Slow down', { retryAfterSeconds: 30, cause });
    assert.equal(limited.retryAfterSeconds, 30);
    assert.equal(limited.cause, cause);
    const rejected = new AdapterError('rejected', 'Bad e-mail', { field: 'email' });
    assert.equal(rejected.field, 'email');
    const slow = new AdapterError('network', 'Too slow', { reason: 'timeout' });
    assert.equal(slow.reason, 'timeout');
  });

  it('is retryable only for network, server and rate-limited', () => {
    assert.equal(new AdapterError('network', '').retryable, true);
    assert.equal(new AdapterError('server', '').retryable, true);
    assert.equal(new AdapterError('rate-limited', '').retryable, true);
    assert.equal(new AdapterError('rejected', '').retryable, false);
    assert.equal(new AdapterError('not-found', '').retryable, false);
  });
});

describe('isAbort', () => {
  it('recognizes an AbortSignal abort reason and any AbortError', () => {
    const c = new AbortController();
    c.abort();
    assert.equal(isAbort(c.signal.reason), true);
    const e = new Error('x');
    e.name = 'AbortError';
    assert.equal(isAbort(e), true);
    assert.equal(isAbort({ name: 'AbortError' }), true);
  });

  it('is false for other values', () => {
    assert.equal(isAbort(new Error('x')), false);
    assert.equal(isAbort(new TypeError('x')), false);
    assert.equal(isAbort(null), false);
    assert.equal(isAbort(undefined), false);
    assert.equal(isAbort('AbortError'), false);
  });
});

describe('toAdapterError', () => {
  it('returns an AdapterError unchanged', () => {
    const err = new AdapterError('rate-limited', 'wait', { retryAfterSeconds: 7 });
    assert.equal(toAdapterError(err), err);
  });

  it('turns an abort into a network error', () => {
    const c = new AbortController();
    c.abort();
    const err = toAdapterError(c.signal.reason);
    assert.equal(err.kind, 'network');
    assert.equal(err.message, 'The request was cancelled.');
    assert.equal(err.cause, c.signal.reason);
  });

  it('turns a TypeError (fetch failed) into a network error', () => {
    const cause = new TypeError('Failed to fetch');
    const err = toAdapterError(cause);
    assert.equal(err.kind, 'network');
    assert.equal(err.message, 'Could not reach the comment service.');
    assert.equal(err.cause, cause);
  });

  it("recognizes every browser's and Node's fetch failure message", () => {
    for (const message of ['Failed to fetch', 'fetch failed', 'NetworkError when attempting to fetch resource.', 'Load failed']) {
      assert.equal(toAdapterError(new TypeError(message)).kind, 'network', message);
    }
  });

  it('treats a TypeError that is not a fetch failure as a server problem (an adapter bug)', () => {
    const cause = new TypeError("Cannot read properties of undefined (reading 'map')");
    const err = toAdapterError(cause);
    assert.equal(err.kind, 'server');
    assert.equal(err.message, 'The comment service failed.');
    assert.equal(err.cause, cause);
  });

  it('turns anything else into a server error', () => {
    const cause = new RangeError('nope');
    const err = toAdapterError(cause);
    assert.equal(err.kind, 'server');
    assert.equal(err.message, 'The comment service failed.');
    assert.equal(err.cause, cause);
    assert.equal(toAdapterError('a string').kind, 'server');
    assert.equal(toAdapterError(undefined).kind, 'server');
  });
});

describe('parseComment', () => {
  it('accepts a complete comment and returns a clean copy', () => {
    const input = raw({ parentId: 'p1', bodyHtml: '<p>Hello</p>', status: 'pending' });
    const c = parseComment(input);
    assert.deepEqual(c, {
      id: 'c1',
      parentId: 'p1',
      authorName: 'Ayesha',
      body: 'Hello',
      bodyHtml: '<p>Hello</p>',
      createdAt: ISO,
      status: 'pending',
    });
    assert.notEqual(c, input);
  });

  it('fills defaults for a minimal comment', () => {
    const c = parseComment({ id: 'x', body: '', createdAt: '2024-01-01' });
    assert.deepEqual(c, { id: 'x', parentId: null, authorName: null, body: '', createdAt: '2024-01-01', status: 'published' });
    assert.equal('bodyHtml' in c, false);
  });

  it('drops fields that are not part of a comment (such as an e-mail address)', () => {
    const c = parseComment(raw({ authorEmail: 'secret@example.com', ip: '10.0.0.1' }));
    assert.equal('authorEmail' in c, false);
    assert.equal('ip' in c, false);
    assert.deepEqual(Object.keys(c).sort(), ['authorName', 'body', 'createdAt', 'id', 'parentId', 'status']);
  });

  it('accepts numeric ids and turns them into strings', () => {
    const c = parseComment(raw({ id: 42, parentId: 7 }));
    assert.equal(c.id, '42');
    assert.equal(c.parentId, '7');
  });

  it('treats an empty parentId as top level, and null status/bodyHtml as absent', () => {
    const c = parseComment(raw({ parentId: '', status: null, bodyHtml: null }));
    assert.equal(c.parentId, null);
    assert.equal(c.status, 'published');
    assert.equal('bodyHtml' in c, false);
  });

  it('keeps an empty author name as it is', () => {
    assert.equal(parseComment(raw({ authorName: '' })).authorName, '');
    assert.equal(parseComment(raw({ authorName: undefined })).authorName, null);
  });

  it('rejects something that is not an object', () => {
    for (const v of [null, undefined, 'comment', 42, [raw()]]) {
      assertMalformed(() => parseComment(v), /comment is not an object/);
    }
  });

  it('rejects a missing or malformed id', () => {
    assertMalformed(() => parseComment(raw({ id: undefined })), /id is not a string/);
    assertMalformed(() => parseComment(raw({ id: '' })), /id is empty or too long/);
    assertMalformed(() => parseComment(raw({ id: 'x'.repeat(201) })), /id is empty or too long/);
    assertMalformed(() => parseComment(raw({ id: Number.NaN })), /id is not a string/);
    assertMalformed(() => parseComment(raw({ id: Number.POSITIVE_INFINITY })), /id is not a string/);
    assertMalformed(() => parseComment(raw({ id: { value: 1 } })), /id is not a string/);
    assert.equal(parseComment(raw({ id: 'x'.repeat(200) })).id.length, 200);
  });

  it('rejects a malformed parentId', () => {
    assertMalformed(() => parseComment(raw({ parentId: true })), /parentId is not a string/);
    assertMalformed(() => parseComment(raw({ parentId: {} })), /parentId is not a string/);
    assertMalformed(() => parseComment(raw({ parentId: 'p'.repeat(201) })), /parentId is empty or too long/);
  });

  it('rejects a missing or non-string body', () => {
    assertMalformed(() => parseComment(raw({ body: undefined })), /body is not a string/);
    assertMalformed(() => parseComment(raw({ body: 12 })), /body is not a string/);
    assertMalformed(() => parseComment(raw({ body: null })), /body is not a string/);
  });

  it('rejects a missing or invalid date', () => {
    assertMalformed(() => parseComment(raw({ createdAt: undefined })), /createdAt is not a string/);
    assertMalformed(() => parseComment(raw({ createdAt: 1709294400000 })), /createdAt is not a string/);
    assertMalformed(() => parseComment(raw({ createdAt: 'yesterday' })), /createdAt is not a date/);
    assertMalformed(() => parseComment(raw({ createdAt: '' })), /createdAt is not a date/);
    assertMalformed(() => parseComment(raw({ createdAt: '2024-13-45T99:00:00Z' })), /createdAt is not a date/);
  });

  it('rejects a non-string author name or bodyHtml', () => {
    assertMalformed(() => parseComment(raw({ authorName: 5 })), /authorName is not a string/);
    assertMalformed(() => parseComment(raw({ authorName: { first: 'A' } })), /authorName is not a string/);
    assertMalformed(() => parseComment(raw({ bodyHtml: 5 })), /bodyHtml is not a string/);
  });

  it('rejects an unknown status', () => {
    assertMalformed(() => parseComment(raw({ status: 'removed' })), /status is unknown/);
    assertMalformed(() => parseComment(raw({ status: 'PUBLISHED' })), /status is unknown/);
    assertMalformed(() => parseComment(raw({ status: 1 })), /status is unknown/);
  });

  it('cuts huge strings', () => {
    const c = parseComment(
      raw({ body: 'b'.repeat(MAX_RECEIVED_BODY + 5), bodyHtml: 'h'.repeat(MAX_RECEIVED_BODY + 1), authorName: 'n'.repeat(300) }),
    );
    assert.equal(MAX_RECEIVED_BODY, 100_000);
    assert.equal(MAX_RECEIVED_NAME, 200);
    assert.equal(c.body.length, 100_000);
    assert.equal(c.bodyHtml!.length, 100_000);
    assert.equal(c.authorName!.length, 200);
  });

  it('keeps strings at the limit whole', () => {
    const c = parseComment(raw({ body: 'b'.repeat(MAX_RECEIVED_BODY), authorName: 'n'.repeat(MAX_RECEIVED_NAME) }));
    assert.equal(c.body.length, MAX_RECEIVED_BODY);
    assert.equal(c.authorName!.length, MAX_RECEIVED_NAME);
  });
});

describe('parseCommentPage', () => {
  it('accepts a good page', () => {
    const page = parseCommentPage({ comments: [raw(), raw({ id: 'c2', parentId: 'c1' })], nextCursor: 'abc', total: 5 });
    assert.deepEqual(page, {
      comments: [
        { id: 'c1', parentId: null, authorName: 'Ayesha', body: 'Hello', createdAt: ISO, status: 'published' },
        { id: 'c2', parentId: 'c1', authorName: 'Ayesha', body: 'Hello', createdAt: ISO, status: 'published' },
      ],
      nextCursor: 'abc',
      total: 5,
    });
  });

  it('turns a missing or empty cursor into null and leaves out an unknown total', () => {
    for (const nextCursor of [undefined, null, '']) {
      const page = parseCommentPage({ comments: [], nextCursor });
      assert.deepEqual(page, { comments: [], nextCursor: null });
      assert.equal('total' in page, false);
    }
  });

  it('rounds a fractional total down', () => {
    assert.equal(parseCommentPage({ comments: [], nextCursor: null, total: 3.9 }).total, 3);
    assert.equal(parseCommentPage({ comments: [], nextCursor: null, total: 0 }).total, 0);
  });

  it('rejects a page that is not an object or has no comment list', () => {
    assertMalformed(() => parseCommentPage(null), /page is not an object/);
    assertMalformed(() => parseCommentPage([raw()]), /page is not an object/);
    assertMalformed(() => parseCommentPage({ nextCursor: null }), /comments is not a list/);
    assertMalformed(() => parseCommentPage({ comments: { 0: raw() } }), /comments is not a list/);
  });

  it('rejects a non-string cursor', () => {
    assertMalformed(() => parseCommentPage({ comments: [], nextCursor: 2 }), /nextCursor is not a string/);
    assertMalformed(() => parseCommentPage({ comments: [], nextCursor: {} }), /nextCursor is not a string/);
  });

  it('rejects a total that is not a count', () => {
    for (const total of [-1, '5', Number.NaN, Number.POSITIVE_INFINITY, {}]) {
      assertMalformed(() => parseCommentPage({ comments: [], nextCursor: null, total }), /total is not a count/);
    }
  });

  it('rejects a page holding a malformed comment', () => {
    assertMalformed(() => parseCommentPage({ comments: [raw(), raw({ createdAt: 'never' })], nextCursor: null }), /createdAt is not a date/);
    assertMalformed(() => parseCommentPage({ comments: [null], nextCursor: null }), /comment is not an object/);
  });

  it(`keeps at most ${MAX_PAGE_COMMENTS} comments and ignores the rest`, () => {
    assert.equal(MAX_PAGE_COMMENTS, 1000);
    const comments: unknown[] = Array.from({ length: MAX_PAGE_COMMENTS + 5 }, (_, i) => raw({ id: `c${i}` }));
    comments.push('not even a comment'); // beyond the cap: never looked at
    const page = parseCommentPage({ comments, nextCursor: null });
    assert.equal(page.comments.length, 1000);
    assert.equal(page.comments[0]!.id, 'c0');
    assert.equal(page.comments[999]!.id, 'c999');
  });
});

describe('parseReactionSummary', () => {
  it('accepts good data', () => {
    assert.deepEqual(parseReactionSummary({ likes: 3, dislikes: 1, mine: 'like' }), { likes: 3, dislikes: 1, mine: 'like' });
    assert.deepEqual(parseReactionSummary({ likes: 0, dislikes: 9, mine: 'dislike' }), { likes: 0, dislikes: 9, mine: 'dislike' });
  });

  it('turns a missing vote into null and rounds counts down', () => {
    assert.deepEqual(parseReactionSummary({ likes: 2.7, dislikes: 0 }), { likes: 2, dislikes: 0, mine: null });
    assert.deepEqual(parseReactionSummary({ likes: 1, dislikes: 1, mine: null }), { likes: 1, dislikes: 1, mine: null });
  });

  it('drops unknown fields', () => {
    assert.deepEqual(parseReactionSummary({ likes: 1, dislikes: 2, voters: ['a'] }), { likes: 1, dislikes: 2, mine: null });
  });

  it('rejects malformed summaries', () => {
    assertMalformed(() => parseReactionSummary(null), /reactions is not an object/);
    assertMalformed(() => parseReactionSummary([1, 2]), /reactions is not an object/);
    assertMalformed(() => parseReactionSummary({ dislikes: 0 }), /likes is not a count/);
    assertMalformed(() => parseReactionSummary({ likes: 0 }), /dislikes is not a count/);
    assertMalformed(() => parseReactionSummary({ likes: -1, dislikes: 0 }), /likes is not a count/);
    assertMalformed(() => parseReactionSummary({ likes: '3', dislikes: 0 }), /likes is not a count/);
    assertMalformed(() => parseReactionSummary({ likes: 0, dislikes: Number.NaN }), /dislikes is not a count/);
    assertMalformed(() => parseReactionSummary({ likes: 0, dislikes: 0, mine: 'love' }), /mine is unknown/);
  });
});

// ---------------------------------------------------------------------------------------------

const goodComment: Comment = { id: 'c1', parentId: null, authorName: 'Ayesha', body: 'Hello', createdAt: ISO, status: 'published' };
const newComment: NewComment = { body: 'Hello', authorName: 'Ayesha', authorEmail: 'a@example.com' };
const postOpts: PostOptions = { idempotencyKey: 'k1' };

/** An adapter whose every method does what `impl` says. */
function adapterOf(impl: (method: string) => unknown): CommentsAdapter {
  return {
    listComments: () => impl('listComments') as Promise<CommentPage>,
    postComment: () => impl('postComment') as Promise<Comment>,
  };
}

describe('guardAdapter', () => {
  it('passes good answers through, validated', async () => {
    const seen: unknown[] = [];
    const g = guardAdapter({
      async listComments(thread: string, opts: ListOptions) {
        seen.push(['list', thread, opts]);
        return { comments: [{ ...goodComment, authorEmail: 'x@y.z' }], nextCursor: '2', total: 3 } as unknown as CommentPage;
      },
      async postComment(thread: string, input: NewComment, opts: PostOptions) {
        seen.push(['post', thread, input, opts]);
        return goodComment;
      },
    });
    const signal = new AbortController().signal;
    const listOpts: ListOptions = { cursor: '1', limit: 10, signal };
    const page = await g.listComments('t1', listOpts);
    assert.deepEqual(page, { comments: [goodComment], nextCursor: '2', total: 3 });
    assert.deepEqual(await g.postComment('t1', newComment, postOpts), goodComment);
    assert.equal(seen.length, 2);
    assert.deepEqual(seen[0], ['list', 't1', listOpts]);
    assert.equal((seen[0] as unknown[])[2], listOpts, 'the same options object, signal included');
    assert.deepEqual(seen[1], ['post', 't1', newComment, postOpts]);
  });

  it('calls methods on the adapter itself (class adapters keep `this`)', async () => {
    class Backend implements CommentsAdapter {
      private readonly data = [goodComment];
      async listComments(): Promise<CommentPage> {
        return { comments: this.data, nextCursor: null };
      }
      async postComment(): Promise<Comment> {
        return this.data[0]!;
      }
      async getArticleReactions(): Promise<ReactionSummary> {
        return { likes: this.data.length, dislikes: 0 };
      }
    }
    const g = guardAdapter(new Backend());
    assert.deepEqual(await g.listComments('t', {}), { comments: [goodComment], nextCursor: null });
    assert.deepEqual(await g.getArticleReactions!('t'), { likes: 1, dislikes: 0, mine: null });
  });

  it('turns a malformed page into a server error', async () => {
    const g = guardAdapter(adapterOf(async () => ({ comments: 'nope', nextCursor: null })));
    const err = await rejectsWith(g.listComments('t', {}), 'server');
    assert.equal(err.message, 'The comment service sent an answer that could not be read (comments is not a list).');
    assert.equal(err.reason, 'malformed-response');
    assert.ok(err.cause instanceof Error);
    assert.match((err.cause as Error).message, /comments is not a list/);
  });

  it('turns a malformed comment from postComment into a server error', async () => {
    const g = guardAdapter(adapterOf(async () => ({ ...goodComment, createdAt: 'soon' })));
    const err = await rejectsWith(g.postComment('t', newComment, postOpts), 'server');
    assert.equal(err.message, 'The comment service sent an answer that could not be read (createdAt is not a date).');
    assert.equal(err.reason, 'malformed-response');
  });

  it('turns an undefined answer into a server error', async () => {
    const g = guardAdapter(adapterOf(async () => undefined));
    await rejectsWith(g.listComments('t', {}), 'server');
    await rejectsWith(g.postComment('t', newComment, postOpts), 'server');
  });

  it('turns a thrown plain Error into a server AdapterError with the cause', async () => {
    const cause = new Error('500 Internal Server Error');
    const g = guardAdapter(adapterOf(async () => {
      throw cause;
    }));
    const err = await rejectsWith(g.listComments('t', {}), 'server');
    assert.equal(err.cause, cause);
    assert.equal(err.message, 'The comment service failed.');
    assert.equal('reason' in err, false, 'a thrown error is not a malformed answer');
    await rejectsWith(g.postComment('t', newComment, postOpts), 'server');
  });

  it('turns a thrown non-Error value into an AdapterError', async () => {
    const g = guardAdapter(adapterOf(() => Promise.reject('just a string')));
    const err = await rejectsWith(g.listComments('t', {}), 'server');
    assert.equal(err.cause, 'just a string');
  });

  it('turns a TypeError into a network error', async () => {
    const g = guardAdapter(adapterOf(async () => {
      throw new TypeError('Failed to fetch');
    }));
    await rejectsWith(g.listComments('t', {}), 'network');
    await rejectsWith(g.postComment('t', newComment, postOpts), 'network');
  });

  it('turns an abort into a network error', async () => {
    const g = guardAdapter(adapterOf(async () => {
      const e = new Error('aborted');
      e.name = 'AbortError';
      throw e;
    }));
    const err = await rejectsWith(g.listComments('t', {}), 'network');
    assert.equal(err.message, 'The request was cancelled.');
  });

  it('never throws synchronously: a synchronous throw becomes a rejection', async () => {
    const g = guardAdapter(adapterOf(() => {
      throw new Error('sync boom');
    }));
    let list: Promise<unknown> | undefined;
    let post: Promise<unknown> | undefined;
    assert.doesNotThrow(() => {
      list = g.listComments('t', {});
      post = g.postComment('t', newComment, postOpts);
    });
    assert.ok(list instanceof Promise);
    await rejectsWith(list!, 'server');
    await rejectsWith(post!, 'server');
  });

  it('turns a synchronous fetch TypeError into a network rejection', async () => {
    const g = guardAdapter(adapterOf(() => {
      throw new TypeError('Failed to fetch');
    }));
    let p: Promise<unknown> | undefined;
    assert.doesNotThrow(() => {
      p = g.listComments('t', {});
    });
    await rejectsWith(p!, 'network');
  });

  it('turns an adapter bug (a non-fetch TypeError) into a server rejection', async () => {
    const g = guardAdapter(adapterOf(() => {
      throw new TypeError('this.http is not a function');
    }));
    let p: Promise<unknown> | undefined;
    assert.doesNotThrow(() => {
      p = g.postComment('t', newComment, postOpts);
    });
    await rejectsWith(p!, 'server');
  });

  it('keeps an AdapterError as it is, kind and details included', async () => {
    const original = new AdapterError('rate-limited', 'Slow down', { retryAfterSeconds: 30 });
    const g = guardAdapter(adapterOf(async () => {
      throw original;
    }));
    const err = await rejectsWith(g.postComment('t', newComment, postOpts), 'rate-limited');
    assert.equal(err, original);
    assert.equal(err.retryAfterSeconds, 30);

    const rejected = new AdapterError('rejected', 'Bad e-mail', { field: 'email' });
    const g2 = guardAdapter(adapterOf(() => {
      throw rejected; // synchronously
    }));
    const err2 = await rejectsWith(g2.postComment('t', newComment, postOpts), 'rejected');
    assert.equal(err2, rejected);
    assert.equal(err2.field, 'email');

    const g3 = guardAdapter(adapterOf(async () => {
      throw new AdapterError('not-found', 'No such thread');
    }));
    await rejectsWith(g3.listComments('t', {}), 'not-found');
  });

  it('has no reaction methods when the adapter has none', () => {
    const g = guardAdapter(adapterOf(async () => undefined));
    assert.equal(typeof g.listComments, 'function');
    assert.equal(typeof g.postComment, 'function');
    assert.equal('getArticleReactions' in g, false);
    assert.equal('reactToArticle' in g, false);
    assert.equal(g.getArticleReactions, undefined);
    assert.equal(g.reactToArticle, undefined);
  });

  it('has only the reaction methods the adapter has', () => {
    const onlyGet = guardAdapter({ ...adapterOf(async () => undefined), getArticleReactions: async () => ({ likes: 0, dislikes: 0 }) });
    assert.equal(typeof onlyGet.getArticleReactions, 'function');
    assert.equal('reactToArticle' in onlyGet, false);
    const onlyReact = guardAdapter({
      ...adapterOf(async () => undefined),
      reactToArticle: async () => ({ likes: 1, dislikes: 0 }),
    });
    assert.equal('getArticleReactions' in onlyReact, false);
    assert.equal(typeof onlyReact.reactToArticle, 'function');
  });

  it('ignores a reaction "method" that is not a function', () => {
    const g = guardAdapter({ ...adapterOf(async () => undefined), reactToArticle: 'yes' } as unknown as CommentsAdapter);
    assert.equal('reactToArticle' in g, false);
  });

  it('validates reaction answers and passes the vote through', async () => {
    const votes: [string, ReactionValue][] = [];
    const g = guardAdapter({
      ...adapterOf(async () => undefined),
      getArticleReactions: async () => ({ likes: 1, dislikes: -4 }),
      reactToArticle: async (thread: string, value: ReactionValue) => {
        votes.push([thread, value]);
        return { likes: 1, dislikes: 0, mine: value, extra: true } as ReactionSummary;
      },
    });
    await rejectsWith(g.getArticleReactions!('t'), 'server');
    assert.deepEqual(await g.reactToArticle!('t9', 'like'), { likes: 1, dislikes: 0, mine: 'like' });
    assert.deepEqual(votes, [['t9', 'like']]);
  });

  it('turns failures of reaction methods into AdapterErrors, synchronous ones included', async () => {
    const g = guardAdapter({
      ...adapterOf(async () => undefined),
      getArticleReactions: () => {
        throw new TypeError('fetch failed');
      },
      reactToArticle: async () => {
        throw new AdapterError('rate-limited', 'wait', { retryAfterSeconds: 5 });
      },
    });
    let p: Promise<unknown> | undefined;
    assert.doesNotThrow(() => {
      p = g.getArticleReactions!('t');
    });
    await rejectsWith(p!, 'network');
    const err = await rejectsWith(g.reactToArticle!('t', 'dislike'), 'rate-limited');
    assert.equal(err.retryAfterSeconds, 5);
  });
});

describe('default adapter registry', () => {
  it('starts empty, stores the adapter and notifies subscribers', () => {
    assert.equal(getDefaultAdapter(), null);
    const a = adapterOf(async () => undefined);
    let calls = 0;
    let seen: CommentsAdapter | null = null;
    const off = onDefaultAdapterChange(() => {
      calls++;
      seen = getDefaultAdapter();
    });
    try {
      setDefaultAdapter(a);
      assert.equal(getDefaultAdapter(), a);
      assert.equal(calls, 1);
      assert.equal(seen, a);
      setDefaultAdapter(null);
      assert.equal(getDefaultAdapter(), null);
      assert.equal(calls, 2);
      off();
      setDefaultAdapter(a);
      assert.equal(calls, 2, 'no call after unsubscribing');
    } finally {
      off();
      setDefaultAdapter(null);
    }
  });

  it('notifies every subscriber even when one unsubscribes while being notified', () => {
    const order: string[] = [];
    const offA = onDefaultAdapterChange(() => {
      order.push('a');
      offA();
    });
    const offB = onDefaultAdapterChange(() => order.push('b'));
    try {
      setDefaultAdapter(adapterOf(async () => undefined));
      assert.deepEqual(order, ['a', 'b']);
      setDefaultAdapter(null);
      assert.deepEqual(order, ['a', 'b', 'b']);
    } finally {
      offA();
      offB();
      setDefaultAdapter(null);
    }
  });
});

describe('parseComment: regressions found in review', () => {
  it('refuses a comment that answers itself', () => {
    assert.throws(() => parseComment({ id: 'a', parentId: 'a', authorName: null, body: 'x', createdAt: '2026-11-27T10:00:00Z' }));
  });
});

describe('parseComment: author links', () => {
  const base = { id: 'a', parentId: null, authorName: 'A', body: 'x', createdAt: '2026-11-27T10:00:00Z' };
  it('keeps http(s) author and avatar URLs', () => {
    const c = parseComment({ ...base, authorUrl: 'https://a.example/me', avatarUrl: 'https://img.example/a.png' });
    assert.equal(c.authorUrl, 'https://a.example/me');
    assert.equal(c.avatarUrl, 'https://img.example/a.png');
  });
  it('drops any other URL instead of failing the page', () => {
    for (const url of ['javascript:alert(1)', 'data:image/svg+xml,<svg onload=alert(1)>', 'java\tscript:x', 42, '/relative']) {
      const c = parseComment({ ...base, authorUrl: url, avatarUrl: url });
      assert.equal(c.authorUrl, undefined);
      assert.equal(c.avatarUrl, undefined);
    }
  });
});

describe('parseComment: edits, author tokens and placeholders', () => {
  it('keeps editedAt, authorToken and editableUntil', () => {
    const c = parseComment(raw({ editedAt: ISO, authorToken: 'tok_123', editableUntil: '2024-03-01T12:15:00.000Z' }));
    assert.equal(c.editedAt, ISO);
    assert.equal(c.authorToken, 'tok_123');
    assert.equal(c.editableUntil, '2024-03-01T12:15:00.000Z');
  });

  it('rejects a malformed editedAt, editableUntil or authorToken', () => {
    assertMalformed(() => parseComment(raw({ editedAt: 'later' })), /editedAt is not a date/);
    assertMalformed(() => parseComment(raw({ editableUntil: 5 })), /editableUntil is not a string/);
    assertMalformed(() => parseComment(raw({ authorToken: 42 })), /authorToken is not a string/);
    assertMalformed(() => parseComment(raw({ authorToken: 't'.repeat(501) })), /authorToken is too long/);
  });

  it('shows nothing of what a deleted or hidden comment said, whatever the backend sends', () => {
    for (const status of ['deleted', 'hidden'] as const) {
      const c = parseComment(
        raw({
          status,
          bodyHtml: '<p>Hello</p>',
          authorUrl: 'https://a.example/',
          avatarUrl: 'https://a.example/a.png',
          likes: 3,
          liked: true,
          editedAt: ISO,
          authorToken: 'tok',
          editableUntil: ISO,
          replyCount: 2,
          repliesCursor: 'more',
        }),
      );
      assert.deepEqual(c, { id: 'c1', parentId: null, authorName: null, body: '', createdAt: ISO, status, replyCount: 2, repliesCursor: 'more' });
    }
  });
});

describe('parseCounts', () => {
  it('answers exactly the requested threads: a missing one is 0, others are dropped, fractions floored', () => {
    assert.deepEqual(parseCounts({ a: 3, c: 9, b: 2.7 }, ['a', 'b', 'z']), { a: 3, b: 2, z: 0 });
    assert.deepEqual(parseCounts({ a: null }, ['a']), { a: 0 });
    assert.deepEqual(parseCounts({}, []), {});
  });

  it('rejects what is not a map of counts', () => {
    assertMalformed(() => parseCounts(null, ['a']), /counts is not an object/);
    assertMalformed(() => parseCounts([3], ['0']), /counts is not an object/);
    assertMalformed(() => parseCounts({ a: -1 }, ['a']), /count of a is not a count/);
    assertMalformed(() => parseCounts({ a: '3' }, ['a']), /count of a is not a count/);
  });
});

describe('parseModerationQueue', () => {
  const report = { reason: 'other', details: 'Advertising', createdAt: ISO };
  const item = (overrides: Record<string, unknown> = {}) => ({ thread: 't1', comment: raw({ status: 'hidden' }), authorEmail: 'a@example.com', reports: [report], ...overrides });

  it('keeps the real text of a hidden comment for the moderator, with its reports and e-mail address', () => {
    const q = parseModerationQueue({ items: [item()], nextCursor: 'next' });
    assert.deepEqual(q, {
      items: [
        {
          thread: 't1',
          comment: { id: 'c1', parentId: null, authorName: 'Ayesha', body: 'Hello', createdAt: ISO, status: 'hidden' },
          authorEmail: 'a@example.com',
          reports: [{ reason: 'other', details: 'Advertising', createdAt: ISO }],
        },
      ],
      nextCursor: 'next',
    });
    assert.equal(parseModerationItem(item({ comment: raw({ status: 'pending' }) })).comment.status, 'pending');
  });

  it('drops empty details and e-mail addresses, cuts long details, and reads an empty cursor as the end', () => {
    const q = parseModerationQueue({ items: [item({ authorEmail: '', reports: [{ ...report, details: '' }, { ...report, details: 'd'.repeat(900) }] })], nextCursor: '' });
    assert.equal(q.nextCursor, null);
    assert.equal('authorEmail' in q.items[0]!, false);
    assert.equal('details' in q.items[0]!.reports[0]!, false);
    assert.equal(q.items[0]!.reports[1]!.details!.length, 500);
  });

  it('rejects a malformed queue, item or report', () => {
    assertMalformed(() => parseModerationQueue(null), /queue is not an object/);
    assertMalformed(() => parseModerationQueue({ items: {}, nextCursor: null }), /items is not a list/);
    assertMalformed(() => parseModerationQueue({ items: [], nextCursor: 3 }), /nextCursor is not a string/);
    assertMalformed(() => parseModerationItem(item({ thread: '' })), /thread is empty or too long/);
    assertMalformed(() => parseModerationItem(item({ comment: 'x' })), /comment is not an object/);
    assertMalformed(() => parseModerationItem(item({ comment: raw({ status: 'gone' }) })), /status is unknown/);
    assertMalformed(() => parseModerationItem(item({ reports: null })), /reports is not a list/);
    assertMalformed(() => parseModerationItem(item({ reports: [{ ...report, reason: 'boring' }] })), /report reason is unknown/);
    assertMalformed(() => parseModerationItem(item({ reports: [{ ...report, createdAt: 'then' }] })), /report createdAt is not a date/);
    assertMalformed(() => parseModerationItem(item({ authorEmail: 7 })), /authorEmail is not a string/);
  });
});

describe('guardAdapter: edit, delete, report, counts, moderation', () => {
  it('has only the methods the adapter has', () => {
    const g = guardAdapter(adapterOf(async () => undefined));
    for (const m of ['reportComment', 'editComment', 'deleteComment', 'countComments', 'subscribe', 'moderation']) assert.equal(m in g, false, m);
  });

  it('validates answers: an edited comment is parsed, a report or delete resolves to nothing', async () => {
    const calls: unknown[][] = [];
    const g = guardAdapter({
      ...adapterOf(async () => undefined),
      editComment: async (...args: unknown[]) => {
        calls.push(['edit', ...args]);
        return { ...goodComment, body: 'new', editedAt: ISO, authorEmail: 'x@y.z' } as Comment;
      },
      deleteComment: async (...args: unknown[]) => {
        calls.push(['delete', ...args]);
        return { ok: true } as never;
      },
      reportComment: async (...args: unknown[]) => {
        calls.push(['report', ...args]);
        return 'whatever' as never;
      },
    });
    assert.deepEqual(await g.editComment!('t', 'c1', 'new', 'tok'), { ...goodComment, body: 'new', editedAt: ISO });
    assert.equal(await g.deleteComment!('t', 'c1', 'tok'), undefined);
    assert.equal(await g.reportComment!('t', 'c1', 'other', 'why'), undefined);
    assert.deepEqual(calls, [
      ['edit', 't', 'c1', 'new', 'tok'],
      ['delete', 't', 'c1', 'tok'],
      ['report', 't', 'c1', 'other', 'why'],
    ]);
    const bad = guardAdapter({ ...adapterOf(async () => undefined), editComment: async () => ({ ...goodComment, editedAt: 'soon' }) });
    assert.equal((await rejectsWith(bad.editComment!('t', 'c1', 'x', 'tok'), 'server')).reason, 'malformed-response');
  });

  it('keeps the reason of a refusal, and turns a synchronous throw into a rejection', async () => {
    const refusal = new AdapterError('rejected', 'Too late.', { reason: 'edit-window-closed' });
    const g = guardAdapter({
      ...adapterOf(async () => undefined),
      editComment: () => {
        throw refusal;
      },
      deleteComment: () => {
        throw new Error('bug');
      },
    });
    let edit: Promise<unknown> | undefined;
    let del: Promise<unknown> | undefined;
    assert.doesNotThrow(() => {
      edit = g.editComment!('t', 'c1', 'x', 'tok');
      del = g.deleteComment!('t', 'c1', 'tok');
    });
    assert.equal(await rejectsWith(edit!, 'rejected'), refusal);
    await rejectsWith(del!, 'server');
  });

  it('answers counts for the requested threads only', async () => {
    const g = guardAdapter({ ...adapterOf(async () => undefined), countComments: async () => ({ a: 2, extra: 5 }) });
    assert.deepEqual(await g.countComments!(['a', 'b']), { a: 2, b: 0 });
    const bad = guardAdapter({ ...adapterOf(async () => undefined), countComments: async () => ({ a: -2 }) as never });
    assert.equal((await rejectsWith(bad.countComments!(['a']), 'server')).reason, 'malformed-response');
  });

  it('turns a moderation() that throws synchronously into calls that reject', async () => {
    const forbidden = new AdapterError('forbidden', 'No.');
    for (const [thrown, kind] of [[forbidden, 'forbidden'], [new TypeError('boom'), 'server']] as const) {
      const g = guardAdapter({
        ...adapterOf(async () => undefined),
        moderation: () => {
          throw thrown;
        },
      });
      let m: ModerationAdapter | undefined;
      assert.doesNotThrow(() => {
        m = g.moderation!('token');
      });
      const listed = await rejectsWith(m!.listQueue(), kind);
      await rejectsWith(m!.moderate('t', 'c1', 'approve'), kind);
      if (thrown === forbidden) assert.equal(listed, forbidden);
    }
  });

  it('validates the queue and turns moderation failures into AdapterErrors', async () => {
    const seen: unknown[] = [];
    const m = guardModeration({
      listQueue: async (opts) => {
        seen.push(opts);
        return { items: [{ thread: 't', comment: goodComment, reports: [] }], nextCursor: null, secret: 1 } as never;
      },
      moderate: () => {
        throw new TypeError('Failed to fetch');
      },
    });
    assert.deepEqual(await m.listQueue({ cursor: 'c' }), { items: [{ thread: 't', comment: goodComment, reports: [] }], nextCursor: null });
    assert.deepEqual(seen, [{ cursor: 'c' }]);
    await rejectsWith(m.moderate('t', 'c1', 'delete'), 'network');
    const bad = guardModeration({ listQueue: async () => ({ items: 'none' }) as never, moderate: async () => undefined });
    assert.equal((await rejectsWith(bad.listQueue(), 'server')).reason, 'malformed-response');
  });
});

describe('guardAdapter: subscribe', () => {
  /** An adapter whose subscribe hands its listener to the test. */
  function live(): { adapter: CommentsAdapter; emit: (e: unknown) => void; stopped: () => number } {
    let listener: ((e: unknown) => void) | undefined;
    let stops = 0;
    return {
      adapter: {
        ...adapterOf(async () => undefined),
        subscribe: (_thread: string, onChange: (e: ThreadEvent) => void) => {
          listener = onChange as (e: unknown) => void;
          return () => void stops++;
        },
      },
      emit: (e) => listener!(e),
      stopped: () => stops,
    };
  }

  it('passes valid events on, parsed, and drops malformed ones with a warning', (ctx) => {
    const warn = ctx.mock.method(console, 'warn', () => undefined);
    const l = live();
    const got: ThreadEvent[] = [];
    guardAdapter(l.adapter).subscribe!('t', (e) => got.push(e));
    l.emit({ type: 'comment-added', comment: { ...goodComment, authorEmail: 'x@y.z' } });
    l.emit({ type: 'comment-added', comment: { ...goodComment, createdAt: 'never' } });
    l.emit({ type: 'comment-removed', comment: goodComment });
    l.emit(null);
    l.emit('comment-added');
    l.emit({ type: 'comment-added', comment: { ...goodComment, id: 'c2', status: 'hidden' } });
    assert.deepEqual(got, [
      { type: 'comment-added', comment: goodComment },
      { type: 'comment-added', comment: { id: 'c2', parentId: null, authorName: null, body: '', createdAt: ISO, status: 'hidden' } },
    ]);
    assert.equal(warn.mock.callCount(), 1, 'the unreadable comment is reported');
  });

  it('stops delivering after unsubscribing, and unsubscribes from the adapter once', () => {
    const l = live();
    const got: ThreadEvent[] = [];
    const stop = guardAdapter(l.adapter).subscribe!('t', (e) => got.push(e));
    stop();
    stop();
    l.emit({ type: 'comment-added', comment: goodComment });
    assert.deepEqual(got, []);
    assert.equal(l.stopped(), 1);
  });

  it('survives a subscribe that throws, returns no function, or an unsubscribe that throws', (ctx) => {
    const warn = ctx.mock.method(console, 'warn', () => undefined);
    const throwing = guardAdapter({
      ...adapterOf(async () => undefined),
      subscribe: () => {
        throw new Error('no live updates');
      },
    });
    let stop: (() => void) | undefined;
    assert.doesNotThrow(() => {
      stop = throwing.subscribe!('t', () => undefined);
    });
    assert.doesNotThrow(() => stop!());
    const nothing = guardAdapter({ ...adapterOf(async () => undefined), subscribe: () => undefined as never });
    assert.doesNotThrow(() => nothing.subscribe!('t', () => undefined)());
    const badStop = guardAdapter({
      ...adapterOf(async () => undefined),
      subscribe: () => () => {
        throw new Error('stop failed');
      },
    });
    assert.doesNotThrow(() => badStop.subscribe!('t', () => undefined)());
    assert.equal(warn.mock.callCount(), 2, 'the failures are reported');
  });
});
