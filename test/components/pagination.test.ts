/**
 * Big threads: a page carries each comment's first replies; "Show N more replies" fetches the
 * rest through the comment's replies cursor, and focus lands on the first reply that arrived.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { ColloquyComments } from '../../src/components/comments/comments.js';
import type { ErrorDetail } from '../../src/components/shared/events.js';
import { MemoryAdapter, type SeedComment } from '../../src/adapters/memory.js';
import { AdapterError, type CommentsAdapter } from '../../src/core/adapter.js';
import { deepActiveElement, part, parts, settle, until } from './helpers.js';

/** A top-level comment with `n` replies (some nested), and a second top-level comment. */
function thread(n: number): SeedComment[] {
  const out: SeedComment[] = [{ id: 'top', authorName: 'Amira', body: 'top' }];
  for (let i = 0; i < n; i++) out.push({ id: `r${i}`, parentId: i % 3 === 2 ? `r${i - 1}` : 'top', authorName: `R${i}`, body: `reply ${i}` });
  out.push({ id: 'next', authorName: 'Bo', body: 'next' });
  return out;
}

const bodies = (el: Element) => parts(el, 'body').map((b) => b.textContent!.trim());

describe('"Show N more replies"', () => {
  beforeEach(() => localStorage.clear());

  it('shows the first replies, says how many are left, and fetches them on a click', async () => {
    const memory = new MemoryAdapter({ seed: { t: thread(9) } });
    let gate: Promise<void> | null = null;
    const adapter: CommentsAdapter = {
      listComments: async (t, o) => {
        if (o?.cursor && gate) await gate;
        return memory.listComments(t, o);
      },
      postComment: (t, i, o) => memory.postComment(t, i, o),
    };
    const el = await fixture<ColloquyComments>(html`<colloquy-comments thread="t" .adapter=${adapter}></colloquy-comments>`);
    await until(() => el.threadStore?.status === 'ready', 'load');
    await settle(el);
    expect(bodies(el)).to.deep.equal(['top', 'reply 0', 'reply 1', 'reply 2', 'reply 3', 'reply 4', 'next']);
    const more = part<HTMLButtonElement>(el, 'more-replies');
    expect(more.textContent!.trim()).to.equal('Show 4 more replies');
    expect(parts(el, 'more-replies')).to.have.length(1);
    await expect(el).to.be.accessible();

    let open!: () => void;
    gate = new Promise((r) => (open = r));
    more.focus();
    more.click();
    await settle(el);
    expect(part(el, 'more-replies').textContent!.trim()).to.equal('Loading…');
    expect(part(el, 'more-replies').getAttribute('aria-busy')).to.equal('true');
    open();
    await until(() => parts(el, 'more-replies').length === 0, 'all replies');
    await settle(el);
    expect(bodies(el)).to.have.length(11);
    expect(bodies(el)).to.include.members(['reply 5', 'reply 8']);
    expect(bodies(el).at(-1)).to.equal('next');
    const focused = deepActiveElement();
    expect(focused?.getAttribute('part')).to.equal('comment');
    expect(focused?.textContent).to.include('reply 5');
  });

  it('says "1 more reply" in the singular, and keeps the button with "Try again" when loading fails', async () => {
    const memory = new MemoryAdapter({ seed: { t: thread(6) } });
    let fail = true;
    const adapter: CommentsAdapter = {
      listComments: async (t, o) => {
        if (o?.cursor && fail) throw new AdapterError('network', 'down');
        return memory.listComments(t, o);
      },
      postComment: (t, i, o) => memory.postComment(t, i, o),
    };
    const el = await fixture<ColloquyComments>(html`<colloquy-comments thread="t" .adapter=${adapter}></colloquy-comments>`);
    await until(() => el.threadStore?.status === 'ready', 'load');
    await settle(el);
    expect(part(el, 'more-replies').textContent!.trim()).to.equal('Show 1 more reply');
    const errors: ErrorDetail[] = [];
    el.addEventListener('colloquy-error', (e) => errors.push(e.detail));
    part(el, 'more-replies').click();
    await until(() => part(el, 'more-replies').textContent!.trim() === 'Try again', 'the failure');
    expect(errors.map((e) => e.action)).to.deep.equal(['load-replies']);
    fail = false;
    part(el, 'more-replies').click();
    await until(() => parts(el, 'more-replies').length === 0, 'the reply');
    expect(bodies(el)).to.include('reply 5');
  });

  it('renders the first page of a 10,000-comment thread like a small one: 20 comments with their first replies', async () => {
    const big: SeedComment[] = [];
    for (let i = 0; i < 2000; i++) {
      big.push({ id: `t${i}`, body: `top ${i}` });
      for (let j = 0; j < 4; j++) big.push({ id: `t${i}r${j}`, parentId: `t${i}`, body: `reply ${i}.${j}` });
    }
    const el = await fixture<ColloquyComments>(html`<colloquy-comments thread="big" .adapter=${new MemoryAdapter({ seed: { big } })}></colloquy-comments>`);
    await until(() => el.threadStore?.status === 'ready', 'load');
    await settle(el);
    expect(parts(el, 'comment')).to.have.length(100);
    expect(part(el, 'count').textContent).to.equal('10,000 comments');
    expect(parts(el, 'load-more')).to.have.length(1);
  });
});
