/**
 * Community features shown only when the adapter supports them: comment likes (one per visitor,
 * undo allowed, an accessible count) and the sort control (oldest, newest, most liked; remembered).
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { ColloquyComments } from '../../src/components/comments/comments.js';
import type { ErrorDetail } from '../../src/components/shared/events.js';
import { MemoryAdapter, type SeedComment } from '../../src/adapters/memory.js';
import { AdapterError, type CommentsAdapter } from '../../src/core/adapter.js';
import { commentArticles, describedBy, expectSame, ownPart, part, parts, settle, until } from './helpers.js';

const seed: SeedComment[] = [
  { id: 'a', authorName: 'Amira', body: 'first', likes: 1 },
  { id: 'b', authorName: 'Bo', body: 'second', likes: 3 },
  { id: 'c', authorName: 'Chen', body: 'third' },
];
const bodies = (el: Element) => parts(el, 'body').map((b) => b.textContent!.trim());

async function section(adapter: CommentsAdapter): Promise<ColloquyComments> {
  const el = await fixture<ColloquyComments>(html`<colloquy-comments thread="t" .adapter=${adapter}></colloquy-comments>`);
  await until(() => el.threadStore?.status === 'ready', 'load');
  await settle(el);
  return el;
}

/** Only the required methods: a backend without likes. */
const basic = (m: MemoryAdapter): CommentsAdapter => ({ listComments: (t, o) => m.listComments(t, o), postComment: (t, i, o) => m.postComment(t, i, o) });

describe('comment likes', () => {
  beforeEach(() => localStorage.clear());

  it('shows a Like toggle and an accessible count on every comment, and takes the like back', async () => {
    const el = await section(new MemoryAdapter({ seed: { t: seed } }));
    const buttons = parts<HTMLButtonElement>(el, 'comment-like-button');
    expect(buttons).to.have.length(3);
    expect(parts(el, 'comment-likes').map((p) => p.textContent)).to.deep.equal(['1 like', '3 likes', 'No likes']);
    expect(buttons[0]!.getAttribute('aria-pressed')).to.equal('false');
    // Described by its own comment's author, then its own count.
    const described = describedBy(buttons[0]!);
    expect(described).to.have.length(2);
    const first = commentArticles(el)[0]!;
    expectSame(described[0], ownPart(first, 'author'), 'the first description');
    expectSame(described[1], ownPart(first, 'comment-likes'), 'the second description');
    expectSame(ownPart(first, 'comment-like-button'), buttons[0], 'the first Like button');
    await expect(el).to.be.accessible();

    buttons[0]!.click();
    await settle(el);
    expect(parts(el, 'comment-likes')[0]!.textContent).to.equal('2 likes');
    expect(parts(el, 'comment-like-button')[0]!.getAttribute('aria-pressed')).to.equal('true');
    await until(() => !el.threadStore!.loaded.some((c) => c.id === 'a' && c.liked !== true), 'saved');
    parts<HTMLButtonElement>(el, 'comment-like-button')[0]!.click();
    await settle(el);
    await until(() => parts(el, 'comment-likes')[0]!.textContent === '1 like', 'undone');
    expect(parts(el, 'comment-like-button')[0]!.getAttribute('aria-pressed')).to.equal('false');
  });

  it('undoes the like and says why when the backend refuses it', async () => {
    const memory = new MemoryAdapter({ seed: { t: seed } });
    const adapter: CommentsAdapter = { ...basic(memory), likeComment: async () => Promise.reject(new AdapterError('network', 'down')) };
    const el = await section(adapter);
    const errors: ErrorDetail[] = [];
    el.addEventListener('colloquy-error', (e) => errors.push(e.detail));
    parts<HTMLButtonElement>(el, 'comment-like-button')[2]!.click();
    await until(() => parts(el, 'comment-like-error').length === 1, 'the error');
    expect(part(el, 'comment-like-error').textContent).to.match(/^Your like could not be saved\. /);
    expect(part(el, 'comment-like-error').getAttribute('role')).to.equal('alert');
    expect(parts(el, 'comment-likes')[2]!.textContent).to.equal('No likes');
    expect(errors.map((e) => e.action)).to.deep.equal(['like']);
    await expect(el).to.be.accessible();
  });

  it('shows no like control or sort control when the adapter has no likeComment', async () => {
    const el = await section(basic(new MemoryAdapter({ seed: { t: seed } })));
    expect(parts(el, 'comment-like-button')).to.have.length(0);
    expect(parts(el, 'comment-likes')).to.have.length(0);
    expect(parts(el, 'sort')).to.have.length(0);
  });
});

describe('sort control', () => {
  beforeEach(() => localStorage.clear());

  it('is labelled, tied to the list, sorts oldest / newest / most liked, and is remembered', async () => {
    const adapter = new MemoryAdapter({ seed: { t: seed } });
    const el = await section(adapter);
    const select = part<HTMLSelectElement>(el, 'sort');
    expect(select.closest('label')!.textContent).to.include('Sort by');
    expect(select.getAttribute('aria-controls')).to.equal('list');
    expect(el.shadowRoot!.getElementById('list')!.localName).to.equal('colloquy-comment-list');
    expect([...select.options].map((o) => o.textContent)).to.deep.equal(['Oldest', 'Newest', 'Most liked']);
    expect(select.value).to.equal('oldest');
    expect(bodies(el)).to.deep.equal(['first', 'second', 'third']);

    select.value = 'newest';
    select.dispatchEvent(new Event('change'));
    await until(() => bodies(el)[0] === 'third', 'newest first');
    expect(bodies(el)).to.deep.equal(['third', 'second', 'first']);

    select.value = 'liked';
    select.dispatchEvent(new Event('change'));
    await until(() => bodies(el)[0] === 'second', 'most liked first');
    expect(bodies(el)).to.deep.equal(['second', 'first', 'third']);
    await expect(el).to.be.accessible();

    // Another section (another page view) starts with the reader's choice.
    const again = await section(adapter);
    expect(part<HTMLSelectElement>(again, 'sort').value).to.equal('liked');
    expect(bodies(again)).to.deep.equal(['second', 'first', 'third']);
  });

  it('keeps a post that is in flight when the sort changes', async () => {
    const memory = new MemoryAdapter({ seed: { t: seed }, required: ['body'] });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const adapter: CommentsAdapter = {
      listComments: (t, o) => memory.listComments(t, o),
      postComment: async (t, i, o) => {
        await gate;
        return memory.postComment(t, i, o);
      },
      likeComment: (t, id, liked) => memory.likeComment(t, id, liked),
    };
    const el = await section(adapter);
    el.required = '';
    await settle(el);
    const form = part(el, 'main-form');
    const ta = form.shadowRoot!.querySelector('textarea')!;
    ta.value = 'posted while sorting';
    ta.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    form.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
    await until(() => bodies(el).includes('posted while sorting'), 'shown as sending');
    const store = el.threadStore;
    const select = part<HTMLSelectElement>(el, 'sort');
    select.value = 'newest';
    select.dispatchEvent(new Event('change'));
    await until(() => bodies(el)[0] === 'third' || bodies(el)[0] === 'posted while sorting', 'newest first');
    expect(el.threadStore, 'the same store, reloaded in place').to.equal(store);
    expect(bodies(el)).to.include('posted while sorting');
    release();
    await until(() => parts(el, 'comment-sending').length === 0, 'confirmed');
    expect(bodies(el).filter((b) => b === 'posted while sorting')).to.have.length(1);
    expect(part(el, 'count').textContent).to.equal('4 comments');
  });

  it('falls back to oldest when "Most liked" is remembered but the backend has no likes', async () => {
    localStorage.setItem('colloquy:sort', JSON.stringify('liked'));
    const memory = new MemoryAdapter({ seed: { t: seed } });
    const asked: (string | undefined)[] = [];
    const el = await section({ ...basic(memory), listComments: (t, o) => (asked.push(o?.sort), memory.listComments(t, o)) });
    expect(asked).to.deep.equal(['oldest']);
    expect(bodies(el)).to.deep.equal(['first', 'second', 'third']);
  });
});
