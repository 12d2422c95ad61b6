import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DRAFT_SAVE_DELAY, DRAFT_TTL_MS, DraftStore, MAIN_SLOT, editSlot, replySlot, slotForm } from '../../src/core/drafts.js';
import { MapStorage } from '../../src/core/storage.js';

const draft = (body: string, authorName = 'Amira', authorEmail = 'amira@example.com') => ({ body, authorName, authorEmail });
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('DraftStore', () => {
  it('saves after a pause in typing, and a new store (a reload) finds the draft', async () => {
    const storage = new MapStorage();
    const a = new DraftStore('t1', storage);
    a.save(MAIN_SLOT, draft('Hel'));
    a.save(MAIN_SLOT, draft('Hello'));
    assert.equal(storage.map.size, 0, 'nothing written while typing');
    assert.deepEqual(a.load(MAIN_SLOT), draft('Hello'), 'pending text is visible at once');
    await wait(DRAFT_SAVE_DELAY + 50);
    assert.equal(storage.map.size, 1, 'one write after the pause');
    assert.deepEqual(new DraftStore('t1', storage).load(MAIN_SLOT), draft('Hello'));
  });

  it('slotForm reads back which form of which comment a slot is, whatever the id holds', () => {
    assert.deepEqual(slotForm(replySlot('c:1 x')), { form: 'reply', id: 'c:1 x' });
    assert.deepEqual(slotForm(editSlot('edit:7')), { form: 'edit', id: 'edit:7' });
    assert.equal(slotForm(MAIN_SLOT), null);
  });

  it('savedSlots lists this thread\'s forms with text, written or pending, from one scan', () => {
    const storage = new MapStorage();
    const a = new DraftStore('t1', storage);
    a.save('reply:c1', draft('An answer'));
    a.flush();
    a.save('edit:c2', draft('Changed'));
    a.save('reply:c3', draft(''));
    const other = new DraftStore('t2', storage);
    other.save('reply:c9', draft('Elsewhere'));
    other.flush();
    assert.deepEqual([...other.savedSlots()], ['reply:c9']);
    assert.deepEqual([...a.savedSlots()].sort(), ['edit:c2', 'reply:c1']);
    assert.deepEqual([...new DraftStore('t1', storage).savedSlots()], ['reply:c1'], 'after a reload: what was written');
  });

  it('flush writes at once; drafts are per thread and per form', () => {
    const storage = new MapStorage();
    const a = new DraftStore('t1', storage);
    a.save(MAIN_SLOT, draft('main'));
    a.save('c7', draft('reply to c7'));
    a.flush();
    const again = new DraftStore('t1', storage);
    assert.equal(again.load(MAIN_SLOT)?.body, 'main');
    assert.equal(again.load('c7')?.body, 'reply to c7');
    assert.equal(new DraftStore('t2', storage).load(MAIN_SLOT), null);
    assert.deepEqual(again.slotsWithText(['c1', 'c7', MAIN_SLOT]), ['c7', MAIN_SLOT]);
  });

  it('clear forgets a draft (after a confirmed post), including one still pending', async () => {
    const storage = new MapStorage();
    const a = new DraftStore('t1', storage);
    a.save(MAIN_SLOT, draft('sent'));
    a.flush();
    a.save(MAIN_SLOT, draft('sent!'));
    a.clear(MAIN_SLOT);
    await wait(DRAFT_SAVE_DELAY + 50);
    assert.equal(new DraftStore('t1', storage).load(MAIN_SLOT), null);
  });

  it('an emptied form removes its draft instead of storing blanks', () => {
    const storage = new MapStorage();
    const a = new DraftStore('t1', storage);
    a.save(MAIN_SLOT, draft('x'));
    a.flush();
    a.save(MAIN_SLOT, draft('', '', ''));
    a.flush();
    assert.equal(storage.map.size, 0);
  });

  it('drops drafts older than 30 days, and ignores corrupt ones', () => {
    const storage = new MapStorage();
    let now = 1_000_000;
    const a = new DraftStore('t1', storage, () => now);
    a.save(MAIN_SLOT, draft('old'));
    a.flush();
    now += DRAFT_TTL_MS + 1;
    assert.equal(a.load(MAIN_SLOT), null);
    storage.setItem('colloquy:draft:t1:main', '{not json');
    assert.equal(a.load(MAIN_SLOT), null);
    storage.setItem('colloquy:draft:t1:main', JSON.stringify({ body: 42 }));
    assert.equal(a.load(MAIN_SLOT), null);
  });

  it('remembers name and e-mail across threads until forgotten; forgetting keeps the text', () => {
    const storage = new MapStorage();
    const a = new DraftStore('t1', storage);
    assert.equal(a.identity(), null);
    a.rememberIdentity({ authorName: 'Amira', authorEmail: 'amira@example.com' });
    assert.deepEqual(new DraftStore('t2', storage).identity(), { authorName: 'Amira', authorEmail: 'amira@example.com' });
    a.save(MAIN_SLOT, draft('keep me'));
    a.flush();
    a.forgetIdentity();
    assert.equal(a.identity(), null);
    assert.deepEqual(a.load(MAIN_SLOT), { body: 'keep me', authorName: '', authorEmail: '' });
  });

  it('works without storage (private mode): nothing persists, nothing throws', () => {
    const a = new DraftStore('t1', null);
    assert.equal(a.persistent, false);
    a.save(MAIN_SLOT, draft('x'));
    a.flush();
    a.rememberIdentity({ authorName: 'A', authorEmail: '' });
    assert.equal(a.load(MAIN_SLOT), null);
    assert.equal(a.identity(), null);
  });

  it('survives a storage that throws (quota exceeded)', () => {
    const full = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => {} };
    const a = new DraftStore('t1', full);
    a.save(MAIN_SLOT, draft('x'));
    assert.doesNotThrow(() => a.flush());
  });
});

describe('DraftStore.keyFor', () => {
  let n = 0;
  const newKey = () => `key-${++n}`;

  it('keeps the key for the same text, even in a new store (a reload), and renews it for new text', () => {
    const storage = new MapStorage();
    const a = new DraftStore('t1', storage);
    a.save(MAIN_SLOT, draft('hello'));
    const k1 = a.keyFor(MAIN_SLOT, 'sig-hello', newKey);
    assert.equal(a.keyFor(MAIN_SLOT, 'sig-hello', newKey), k1);
    assert.equal(new DraftStore('t1', storage).keyFor(MAIN_SLOT, 'sig-hello', newKey), k1, 'after a reload');
    const k2 = a.keyFor(MAIN_SLOT, 'sig-hello world', newKey);
    assert.notEqual(k2, k1);
  });

  it('typing keeps the saved key; clearing (a confirmed post) forgets it', async () => {
    const storage = new MapStorage();
    const a = new DraftStore('t1', storage);
    a.save(MAIN_SLOT, draft('x'));
    const k = a.keyFor(MAIN_SLOT, 'sig', newKey);
    a.save(MAIN_SLOT, draft('x'));
    a.flush();
    assert.equal(new DraftStore('t1', storage).keyFor(MAIN_SLOT, 'sig', newKey), k);
    a.clear(MAIN_SLOT);
    assert.notEqual(new DraftStore('t1', storage).keyFor(MAIN_SLOT, 'sig', newKey), k);
  });

  it('works without storage, in memory', () => {
    const a = new DraftStore('t1', null);
    const k = a.keyFor('c1', 'sig', newKey);
    assert.equal(a.keyFor('c1', 'sig', newKey), k);
  });
});

describe('DraftStore: regressions found in review', () => {
  it('forgetting the identity removes name and e-mail from every saved draft, on every thread', () => {
    const storage = new MapStorage();
    const t1 = new DraftStore('t1', storage);
    const t2 = new DraftStore('t2', storage);
    t1.save(MAIN_SLOT, draft('one'));
    t1.save('reply:c9', draft('two'));
    t2.save(MAIN_SLOT, draft('three'));
    t1.flush();
    t2.flush();
    t1.rememberIdentity({ authorName: 'Amira', authorEmail: 'amira@example.com' });
    t1.forgetIdentity();
    assert.ok(![...storage.map.values()].some((v) => v.includes('amira')), [...storage.map.values()].join('\n'));
    assert.equal(new DraftStore('t2', storage).load(MAIN_SLOT)?.body, 'three');
  });

  it('a confirmed post does not delete a newer draft written by another tab', () => {
    const storage = new MapStorage();
    const tabA = new DraftStore('t1', storage);
    const tabB = new DraftStore('t1', storage);
    tabA.save(MAIN_SLOT, draft('posted from A'));
    tabA.flush();
    tabB.save(MAIN_SLOT, draft('still writing in B'));
    tabB.flush();
    tabA.clear(MAIN_SLOT, 'posted from A');
    assert.equal(new DraftStore('t1', storage).load(MAIN_SLOT)?.body, 'still writing in B');
    tabB.clear(MAIN_SLOT, 'still writing in B');
    assert.equal(new DraftStore('t1', storage).load(MAIN_SLOT), null);
  });
});

describe('DraftStore: keys after an uncertain failure', () => {
  let n = 100;
  const newKey = () => `key-${++n}`;

  it('keeps the key for edited text after a failure that may have stored the comment', () => {
    const storage = new MapStorage();
    const a = new DraftStore('t1', storage);
    a.save(MAIN_SLOT, draft('first version'));
    const k = a.keyFor(MAIN_SLOT, 'sig-1', newKey);
    a.markUncertain(MAIN_SLOT);
    assert.equal(a.keyFor(MAIN_SLOT, 'sig-edited', newKey), k, 'same key: the backend answers with what it has');
    assert.equal(new DraftStore('t1', storage).keyFor(MAIN_SLOT, 'sig-edited', newKey), k, 'also after a reload');
  });

  it('gives edited text a new key after a definite refusal, and after forgetKey', () => {
    const a = new DraftStore('t1', new MapStorage());
    a.save(MAIN_SLOT, draft('x'));
    const k = a.keyFor(MAIN_SLOT, 'sig-1', newKey);
    a.markRefused(MAIN_SLOT);
    assert.notEqual(a.keyFor(MAIN_SLOT, 'sig-2', newKey), k);
    const k2 = a.keyFor(MAIN_SLOT, 'sig-2', newKey);
    a.markUncertain(MAIN_SLOT);
    a.forgetKey(MAIN_SLOT);
    assert.notEqual(a.keyFor(MAIN_SLOT, 'sig-3', newKey), k2);
    assert.equal(a.load(MAIN_SLOT)?.body, 'x', 'the text stays');
  });
});
