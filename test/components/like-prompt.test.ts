import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { ColloquyLikePrompt } from '../../src/components/like-prompt/like-prompt.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import type { CommentsAdapter } from '../../src/core/adapter.js';
import { reactionKey } from '../../src/core/reactions.js';
import { MapStorage } from '../../src/core/storage.js';
import { part, parts, settle, until } from './helpers.js';

async function prompt(adapter: CommentsAdapter, storage = new MapStorage()): Promise<ColloquyLikePrompt> {
  const el = await fixture<ColloquyLikePrompt>(html`<colloquy-like-prompt thread="a1" .adapter=${adapter} .storage=${storage}></colloquy-like-prompt>`);
  await settle(el);
  return el;
}


// Drafts and remembered names live in localStorage: each test starts without them.
beforeEach(() => localStorage.clear());

describe('colloquy-like-prompt', () => {
  it('is accessible and asks "Do you like this article?" with Yes and No toggle buttons', async () => {
    const el = await prompt(new MemoryAdapter());
    await expect(el).to.be.accessible();
    expect(part(el, 'like-prompt').getAttribute('role')).to.equal('group');
    expect(part(el, 'like-question').textContent).to.equal('Do you like this article?');
    const [yes, no] = parts<HTMLButtonElement>(el, 'like-button');
    expect([yes.textContent!.trim(), no.textContent!.trim()]).to.deep.equal(['Yes', 'No']);
    expect(yes.getAttribute('aria-pressed')).to.equal('false');
    expect(parts(el, 'like-thanks')).to.have.length(0);
  });

  it('lets the reader change the vote; counts follow', async () => {
    const storage = new MapStorage();
    const el = await prompt(new MemoryAdapter(), storage);
    const [yes, no] = parts<HTMLButtonElement>(el, 'like-button');
    yes.click();
    await oneEvent(el, 'colloquy-reaction');
    no.click();
    const e = await oneEvent(el, 'colloquy-reaction');
    await settle(el);
    expect(e.detail.summary).to.deep.equal({ likes: 0, dislikes: 1, mine: 'dislike' });
    expect(yes.getAttribute('aria-pressed')).to.equal('false');
    expect(no.getAttribute('aria-pressed')).to.equal('true');
    expect(no.getAttribute('part')).to.equal('like-button like-button-no like-button-pressed');
    expect(part(el, 'like-counts').textContent).to.equal('0 yes · 1 no');
    expect(storage.getItem(reactionKey('a1'))).to.equal('"dislike"');
  });

  it('shows a vote remembered in this browser on load', async () => {
    const storage = new MapStorage();
    storage.setItem(reactionKey('a1'), '"like"');
    const el = await prompt(new MemoryAdapter(), storage);
    await until(() => parts(el, 'like-thanks').length === 1, 'thanks');
    expect(parts(el, 'like-button')[0].getAttribute('aria-pressed')).to.equal('true');
  });

  it('marks the buttons busy while a vote is in flight, keeping focus on them, and ignores clicks', async () => {
    const el = await prompt(new MemoryAdapter({ latencyMs: 200 }));
    const [yes, no] = parts<HTMLButtonElement>(el, 'like-button');
    yes.click();
    await el.updateComplete;
    expect([yes, no].map((b) => b.getAttribute('aria-disabled'))).to.deep.equal(['true', 'true']);
    await oneEvent(el, 'colloquy-reaction');
    await el.updateComplete;
    expect([yes, no].map((b) => b.getAttribute('aria-disabled'))).to.deep.equal(['false', 'false']);
  });

  it('renders nothing when the adapter cannot record votes', async () => {
    const adapter: CommentsAdapter = {
      listComments: async () => ({ comments: [], nextCursor: null }),
      postComment: async () => {
        throw new Error('unused');
      },
    };
    const el = await prompt(adapter);
    expect(parts(el, 'like-prompt')).to.have.length(0);
  });
});
