import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ReactionStore, reactionKey } from '../../src/core/reactions.js';
import { AdapterError, type Comment, type CommentPage, type CommentsAdapter, type ReactionSummary, type ReactionValue } from '../../src/core/adapter.js';
import { MapStorage, type KeyValueStorage } from '../../src/core/storage.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';

/** An adapter with comments only (no reactions). */
const commentsOnly: CommentsAdapter = {
  listComments: async (): Promise<CommentPage> => ({ comments: [], nextCursor: null }),
  postComment: async (): Promise<Comment> => {
    throw new Error('unused');
  },
};

function withReactions(
  react: (thread: string, value: ReactionValue) => Promise<unknown>,
  get?: (thread: string) => Promise<unknown>,
): CommentsAdapter & { reactCalls: [string, ReactionValue][]; getCalls: string[] } {
  const reactCalls: [string, ReactionValue][] = [];
  const getCalls: string[] = [];
  const adapter: CommentsAdapter & { reactCalls: [string, ReactionValue][]; getCalls: string[] } = {
    ...commentsOnly,
    reactCalls,
    getCalls,
    reactToArticle: (thread, value) => {
      reactCalls.push([thread, value]);
      return react(thread, value) as Promise<ReactionSummary>;
    },
  };
  if (get) {
    adapter.getArticleReactions = (thread) => {
      getCalls.push(thread);
      return get(thread) as Promise<ReactionSummary>;
    };
  }
  return adapter;
}

function storageWith(thread: string, raw: string): MapStorage {
  const s = new MapStorage();
  s.setItem(reactionKey(thread), raw);
  return s;
}

describe('reactionKey', () => {
  it('is "colloquy:reaction:<thread>"', () => {
    assert.equal(reactionKey('post-42'), 'colloquy:reaction:post-42');
    assert.equal(reactionKey(''), 'colloquy:reaction:');
  });
});

describe('ReactionStore: remembered vote', () => {
  it('reads the vote remembered for the thread at construction', () => {
    assert.equal(new ReactionStore(commentsOnly, 't', storageWith('t', '"like"')).vote, 'like');
    assert.equal(new ReactionStore(commentsOnly, 't', storageWith('t', '"dislike"')).vote, 'dislike');
  });

  it('reads only its own thread', () => {
    assert.equal(new ReactionStore(commentsOnly, 'other', storageWith('t', '"like"')).vote, null);
  });

  it('ignores unknown, corrupt or missing values', () => {
    for (const raw of ['"love"', 'true', '{"vote":"like"}', '{corrupt', 'null', '"LIKE"']) {
      assert.equal(new ReactionStore(commentsOnly, 't', storageWith('t', raw)).vote, null, raw);
    }
    assert.equal(new ReactionStore(commentsOnly, 't', new MapStorage()).vote, null);
    assert.equal(new ReactionStore(commentsOnly, 't', null).vote, null);
  });

  it('works without localStorage (Node) when no storage is given', () => {
    const store = new ReactionStore(commentsOnly, 't');
    assert.equal(store.vote, null);
    assert.equal(store.thread, 't');
  });

  it('starts with no summary, not busy and no error', () => {
    const store = new ReactionStore(commentsOnly, 't', null);
    assert.equal(store.summary, null);
    assert.equal(store.busy, false);
    assert.equal(store.error, null);
  });
});

describe('ReactionStore: casting a vote', () => {
  it('records the vote, returns the summary and remembers the vote', async () => {
    const storage = new MapStorage();
    const store = new ReactionStore(new MemoryAdapter(), 't', storage);
    assert.equal(store.supported, true);
    const summary = await store.cast('like');
    assert.deepEqual(summary, { likes: 1, dislikes: 0, mine: 'like' });
    assert.deepEqual(store.summary, summary);
    assert.equal(store.vote, 'like');
    assert.equal(store.busy, false);
    assert.equal(store.error, null);
    assert.equal(storage.getItem('colloquy:reaction:t'), '"like"');
    assert.equal(new ReactionStore(commentsOnly, 't', storage).vote, 'like', 'remembered across reloads');
  });

  it('changes a remembered vote', async () => {
    const storage = storageWith('t', '"like"');
    const memory = new MemoryAdapter();
    await memory.reactToArticle('t', 'like');
    const store = new ReactionStore(memory, 't', storage);
    assert.deepEqual(await store.cast('dislike'), { likes: 0, dislikes: 1, mine: 'dislike' });
    assert.equal(store.vote, 'dislike');
    assert.equal(storage.getItem('colloquy:reaction:t'), '"dislike"');
  });

  it('is busy while the vote is being recorded, and notifies before and after', async () => {
    let release!: () => void;
    const adapter = withReactions(
      () => new Promise((resolve) => (release = () => resolve({ likes: 1, dislikes: 0, mine: 'like' }))),
    );
    const store = new ReactionStore(adapter, 't', new MapStorage());
    const states: boolean[] = [];
    store.subscribe(() => states.push(store.busy));
    const p = store.cast('like');
    assert.equal(store.busy, true);
    assert.deepEqual(states, [true]);
    assert.equal(await store.cast('dislike'), null, 'a second vote while busy is ignored');
    release();
    assert.deepEqual(await p, { likes: 1, dislikes: 0, mine: 'like' });
    assert.deepEqual(states, [true, false]);
    assert.deepEqual(adapter.reactCalls, [['t', 'like']]);
  });

  it('sets the error and remembers nothing when the vote fails', async () => {
    const storage = new MapStorage();
    const adapter = withReactions(async () => {
      throw new TypeError('Failed to fetch');
    });
    const store = new ReactionStore(adapter, 't', storage);
    const result = await store.cast('like'); // never rejects
    assert.equal(result, null);
    assert.ok(store.error instanceof AdapterError);
    assert.equal(store.error.kind, 'network');
    assert.equal(store.vote, null);
    assert.equal(store.summary, null);
    assert.equal(store.busy, false);
    assert.equal(storage.map.size, 0);
  });

  it('keeps the earlier vote when a change fails', async () => {
    const storage = storageWith('t', '"like"');
    const limited = new AdapterError('rate-limited', 'wait', { retryAfterSeconds: 3 });
    const store = new ReactionStore(
      withReactions(async () => {
        throw limited;
      }),
      't',
      storage,
    );
    assert.equal(await store.cast('dislike'), null);
    assert.equal(store.error, limited);
    assert.equal(store.vote, 'like');
    assert.equal(storage.getItem('colloquy:reaction:t'), '"like"');
  });

  it('treats a malformed answer as a server error and remembers nothing', async () => {
    const storage = new MapStorage();
    const store = new ReactionStore(withReactions(async () => ({ likes: 'many' })), 't', storage);
    assert.equal(await store.cast('like'), null);
    assert.equal(store.error!.kind, 'server');
    assert.equal(store.error!.reason, 'malformed-response');
    assert.equal(store.vote, null);
    assert.equal(storage.map.size, 0);
  });

  it('clears the previous error on the next vote', async () => {
    let fail = true;
    const store = new ReactionStore(
      withReactions(async (_t, value) => {
        if (fail) throw new TypeError('fetch failed');
        return { likes: 1, dislikes: 0, mine: value };
      }),
      't',
      new MapStorage(),
    );
    await store.cast('like');
    assert.equal(store.error!.kind, 'network');
    fail = false;
    assert.deepEqual(await store.cast('like'), { likes: 1, dislikes: 0, mine: 'like' });
    assert.equal(store.error, null);
    assert.equal(store.vote, 'like');
  });

  it('still records the vote when storage refuses to save it', async () => {
    const refusing: KeyValueStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {},
    };
    const store = new ReactionStore(new MemoryAdapter(), 't', refusing);
    assert.deepEqual(await store.cast('like'), { likes: 1, dislikes: 0, mine: 'like' });
    assert.equal(store.vote, 'like');
    assert.equal(store.error, null);
  });

  it('stops notifying after unsubscribe', async () => {
    const store = new ReactionStore(new MemoryAdapter(), 't', null);
    let calls = 0;
    const off = store.subscribe(() => calls++);
    off();
    await store.cast('like');
    assert.equal(calls, 0);
  });
});

describe('ReactionStore: unsupported adapter', () => {
  it('is not supported and cast() does nothing', async () => {
    const storage = new MapStorage();
    const store = new ReactionStore(commentsOnly, 't', storage);
    assert.equal(store.supported, false);
    let calls = 0;
    store.subscribe(() => calls++);
    assert.equal(await store.cast('like'), null);
    assert.equal(store.vote, null);
    assert.equal(store.error, null);
    assert.equal(store.busy, false);
    assert.equal(calls, 0);
    assert.equal(storage.map.size, 0);
  });

  it('keeps a remembered vote visible even when the adapter cannot vote', () => {
    const store = new ReactionStore(commentsOnly, 't', storageWith('t', '"dislike"'));
    assert.equal(store.supported, false);
    assert.equal(store.vote, 'dislike');
  });
});

describe('ReactionStore: refresh', () => {
  it('does not ask for counts when no vote was cast', async () => {
    const adapter = withReactions(
      async () => ({ likes: 0, dislikes: 0 }),
      async () => ({ likes: 5, dislikes: 1 }),
    );
    const store = new ReactionStore(adapter, 't', new MapStorage());
    await store.refresh();
    assert.deepEqual(adapter.getCalls, []);
    assert.equal(store.summary, null);
  });

  it('fetches the counts when a vote is remembered', async () => {
    const adapter = withReactions(
      async () => ({ likes: 0, dislikes: 0 }),
      async () => ({ likes: 5, dislikes: 1, mine: 'like' }),
    );
    const store = new ReactionStore(adapter, 't', storageWith('t', '"like"'));
    let calls = 0;
    store.subscribe(() => calls++);
    await store.refresh();
    assert.deepEqual(adapter.getCalls, ['t']);
    assert.deepEqual(store.summary, { likes: 5, dislikes: 1, mine: 'like' });
    assert.equal(calls, 1);
  });

  it('does nothing when the adapter cannot give counts', async () => {
    const store = new ReactionStore(
      withReactions(async () => ({ likes: 0, dislikes: 0 })),
      't',
      storageWith('t', '"like"'),
    );
    await store.refresh();
    assert.equal(store.summary, null);
  });

  it('never rejects: a failure leaves the summary empty and sets no error', async () => {
    for (const get of [
      async () => {
        throw new TypeError('fetch failed');
      },
      async () => ({ likes: -1, dislikes: 0 }),
    ]) {
      const store = new ReactionStore(withReactions(async () => ({ likes: 0, dislikes: 0 }), get), 't', storageWith('t', '"like"'));
      await store.refresh();
      assert.equal(store.summary, null);
      assert.equal(store.error, null);
      assert.equal(store.vote, 'like');
    }
  });
});

describe('ReactionStore: a throwing listener', () => {
  it('neither rejects cast() nor leaves the store busy', async () => {
    const store = new ReactionStore(new MemoryAdapter(), 'a1', new MapStorage());
    store.subscribe(() => {
      throw new Error('listener bug');
    });
    const error = console.error;
    console.error = () => {};
    try {
      assert.deepEqual(await store.cast('like'), { likes: 1, dislikes: 0, mine: 'like' });
      assert.equal(store.busy, false);
      assert.deepEqual(await store.cast('dislike'), { likes: 0, dislikes: 1, mine: 'dislike' });
    } finally {
      console.error = error;
    }
  });
});
