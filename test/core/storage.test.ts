import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MapStorage, browserStorage, readJson, removeKey, writeJson, type KeyValueStorage } from '../../src/core/storage.js';

/** A storage whose every call throws, like a blocked localStorage. */
const broken: KeyValueStorage = {
  getItem() {
    throw new Error('SecurityError');
  },
  setItem() {
    throw new Error('QuotaExceededError');
  },
  removeItem() {
    throw new Error('SecurityError');
  },
};

describe('MapStorage', () => {
  it('stores, reads and removes strings', () => {
    const s = new MapStorage();
    assert.equal(s.getItem('k'), null);
    s.setItem('k', 'v');
    assert.equal(s.getItem('k'), 'v');
    assert.equal(s.map.get('k'), 'v');
    s.setItem('k', 'w');
    assert.equal(s.getItem('k'), 'w');
    s.removeItem('k');
    assert.equal(s.getItem('k'), null);
    assert.equal(s.map.size, 0);
  });
});

describe('readJson / writeJson / removeKey', () => {
  it('round-trips JSON values', () => {
    const s = new MapStorage();
    assert.equal(writeJson(s, 'a', { x: [1, 'two', null] }), true);
    assert.equal(s.getItem('a'), '{"x":[1,"two",null]}');
    assert.deepEqual(readJson(s, 'a'), { x: [1, 'two', null] });
    assert.equal(writeJson(s, 'b', 'like'), true);
    assert.equal(s.getItem('b'), '"like"');
    assert.equal(readJson(s, 'b'), 'like');
  });

  it('reads undefined for a missing key, corrupt JSON, no storage or a failing storage', () => {
    const s = new MapStorage();
    assert.equal(readJson(s, 'missing'), undefined);
    s.setItem('bad', '{not json');
    assert.equal(readJson(s, 'bad'), undefined);
    assert.equal(readJson(null, 'x'), undefined);
    assert.equal(readJson(broken, 'x'), undefined);
  });

  it('reports false instead of throwing when it cannot write', () => {
    assert.equal(writeJson(null, 'x', 1), false);
    assert.equal(writeJson(broken, 'x', 1), false);
  });

  it('removes a key and ignores storage errors', () => {
    const s = new MapStorage();
    s.setItem('k', '1');
    removeKey(s, 'k');
    assert.equal(s.getItem('k'), null);
    assert.doesNotThrow(() => removeKey(null, 'k'));
    assert.doesNotThrow(() => removeKey(broken, 'k'));
  });
});

describe('browserStorage', () => {
  const g = globalThis as { localStorage?: unknown };
  const had = 'localStorage' in g;
  const original = g.localStorage;
  afterEach(() => {
    if (had) g.localStorage = original;
    else delete g.localStorage;
  });

  it('is null when there is no localStorage (Node)', () => {
    delete g.localStorage;
    assert.equal(browserStorage(), null);
  });

  it('returns a working localStorage and leaves no probe key behind', () => {
    const ls = new MapStorage();
    g.localStorage = ls;
    assert.equal(browserStorage(), ls);
    assert.equal(ls.map.size, 0);
  });

  it('is null when localStorage refuses writes (private mode, full quota)', () => {
    g.localStorage = broken;
    assert.equal(browserStorage(), null);
  });

  it('is null when reading localStorage itself throws', () => {
    Object.defineProperty(g, 'localStorage', {
      configurable: true,
      get() {
        throw new Error('SecurityError');
      },
    });
    try {
      assert.equal(browserStorage(), null);
    } finally {
      delete g.localStorage;
    }
  });
});
