/**
 * Accessibility: axe finds nothing in every state (empty, loading, error, pending, sending,
 * reply open, light and dark, left-to-right and right-to-left), and the whole journey works
 * with the keyboard alone.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ColloquyComments } from '../../src/components/comments/comments.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { AdapterError, type CommentsAdapter } from '../../src/core/adapter.js';
import { commentArticle, commentId, commentList, deepActiveElement, describeElement, expectFocus, ownPart, part, parts, seeded, settle, until } from './helpers.js';

beforeEach(() => localStorage.clear());

const thread = () =>
  seeded([
    { id: 'a', body: 'A published comment with https://example.com/link', authorName: 'Amira' },
    { id: 'p', body: 'Awaiting moderation', authorName: 'Me', status: 'pending' },
    { id: 'r', parentId: 'a', body: 'A reply', authorName: null },
  ]);

async function ready(el: ColloquyComments): Promise<ColloquyComments> {
  await until(() => el.threadStore?.status !== 'loading', 'load');
  await settle(el);
  return el;
}

describe('accessibility in every state', () => {
  for (const theme of ['light', 'dark'] as const) {
    for (const lang of ['en', 'ar'] as const) {
      it(`${theme}, ${lang === 'ar' ? 'right to left' : 'left to right'}: thread with pending and replies, reply form open with errors`, async () => {
        const el = await ready(await fixture<ColloquyComments>(html`<colloquy-comments thread="t1" lang=${lang} theme=${theme} policy-href="/p" .adapter=${thread()}></colloquy-comments>`));
        await until(() => lang === 'en' || part(el, 'base').getAttribute('dir') === 'rtl', 'catalog');
        part(el, 'reply-button').click();
        await settle(el);
        parts(el, 'submit-button')[1].click();
        await settle(el);
        await expect(el).to.be.accessible();
      });
    }
  }

  for (const [theme, lang] of [['light', 'en'], ['dark', 'ar']] as const) {
    it(`${theme}, ${lang}: own comments being edited and deleted, a report form with errors, placeholders, new comments`, async () => {
      const adapter = seeded(
        [
          { id: 'a', body: 'Somebody else', authorName: 'Amira' },
          { id: 'd', body: 'gone', status: 'deleted' },
          { id: 'd1', parentId: 'd', body: 'An answer to a deleted comment', authorName: 'Bo', editedAt: new Date().toISOString() },
        ],
        { required: ['body'] },
      );
      const el = await ready(await fixture<ColloquyComments>(html`<colloquy-comments thread="t1" lang=${lang} theme=${theme} .adapter=${adapter}></colloquy-comments>`));
      await until(() => lang === 'en' || part(el, 'base').getAttribute('dir') === 'rtl', 'catalog');
      await el.threadStore!.post({ authorName: 'Me', body: 'Mine, being edited' }, 'k1');
      await el.threadStore!.post({ authorName: 'Me', body: 'Mine, being deleted' }, 'k2');
      await settle(el);
      const list = commentList(el);
      const [editing, deleting, other] = [commentArticle(el, 'Mine, being edited'), commentArticle(el, 'Mine, being deleted'), commentArticle(el, 'Somebody else')];
      await list.openEdit(commentId(editing));
      adapter.failureRate = 1;
      const box = ownPart<HTMLTextAreaElement>(editing, 'edit-textarea')!;
      box.value = 'Changed';
      box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      ownPart<HTMLButtonElement>(editing, 'edit-save')!.click();
      await list.openDelete(commentId(deleting));
      await list.openReport(commentId(other));
      ownPart<HTMLButtonElement>(other, 'report-submit')!.click();
      await until(() => ownPart(editing, 'edit-error') !== null, 'the edit error');
      adapter.failureRate = 0;
      await adapter.forVisitor('someone').postComment('t1', { authorName: 'S', body: 'live' }, { idempotencyKey: 'live' });
      await until(() => parts(el, 'new-comments').length === 1, 'new comments');
      await settle(el);
      expect(parts(el, 'placeholder')).to.have.length(1);
      await expect(el).to.be.accessible();
    });
  }

  it('loading', async () => {
    const el = await fixture<ColloquyComments>(html`<colloquy-comments thread="t1" .adapter=${new MemoryAdapter({ latencyMs: 60_000 })}></colloquy-comments>`);
    await settle(el, 2);
    expect(parts(el, 'skeleton')).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('error, and empty', async () => {
    const broken: CommentsAdapter = { listComments: async () => { throw new AdapterError('network', 'x'); }, postComment: async () => { throw new Error('x'); } };
    await expect(await ready(await fixture<ColloquyComments>(html`<colloquy-comments thread="t1" .adapter=${broken}></colloquy-comments>`))).to.be.accessible();
    await expect(await ready(await fixture<ColloquyComments>(html`<colloquy-comments thread="none" theme="dark" .adapter=${new MemoryAdapter()}></colloquy-comments>`))).to.be.accessible();
  });

  it('sending (a post in flight), and a failed post', async () => {
    let fail: (e: Error) => void = () => {};
    const inner = thread();
    const slow: CommentsAdapter = { listComments: (t, o) => inner.listComments(t, o), postComment: () => new Promise((_, r) => (fail = r)) };
    const el = await ready(await fixture<ColloquyComments>(html`<colloquy-comments thread="t1" required="" .adapter=${slow}></colloquy-comments>`));
    const ta = part(el, 'textarea') as HTMLTextAreaElement;
    ta.value = 'Sending now';
    ta.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    part(el, 'submit-button').click();
    await settle(el);
    expect(parts(el, 'comment-sending')).to.have.length(1);
    await expect(el).to.be.accessible();
    fail(new AdapterError('server', 'x'));
    await until(() => !part(el, 'post-error').hidden, 'error');
    await expect(el).to.be.accessible();
  });
});

describe('keyboard only', () => {
  it('votes, writes, posts, replies and cancels without a mouse; focus lands where it should', async () => {
    const el = await ready(await fixture<ColloquyComments>(html`<colloquy-comments thread="t1" .adapter=${thread()}></colloquy-comments>`));
    // Start before the section and Tab into it: the first stop is "Yes".
    const before = document.createElement('button');
    before.textContent = 'before';
    el.before(before);
    before.focus();
    await sendKeys({ press: 'Tab' });
    expectFocus(part(el, 'like-button-yes'));
    await sendKeys({ press: 'Enter' });
    await until(() => parts(el, 'like-thanks').length === 1, 'vote');
    expect(part(el, 'like-button-yes').getAttribute('aria-pressed')).to.equal('true');
    // Tab to the name field (past "No"), fill the form, submit with Enter from the submit button.
    for (let i = 0; i < 5 && deepActiveElement()?.id !== 'name'; i++) await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()?.id, describeElement(deepActiveElement())).to.equal('name');
    await sendKeys({ type: 'Keyboard User' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'kb@example.com' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'Typed without a mouse.' });
    await sendKeys({ press: 'Tab' });
    expectFocus(part(el, 'submit-button'));
    await sendKeys({ press: 'Enter' });
    await until(() => (part(el, 'textarea') as HTMLTextAreaElement).value === '', 'post');
    await settle(el);
    // Focus moved to the new comment.
    const focused = deepActiveElement();
    expect(focused?.getAttribute('part')).to.equal('comment');
    expect(focused?.textContent).to.contain('Typed without a mouse.');
    // Tab to its Reply button, open the form (focus goes in), Escape closes it and returns focus.
    for (let i = 0; i < 4 && !deepActiveElement()?.getAttribute('part')?.includes('reply-button'); i++) await sendKeys({ press: 'Tab' });
    const reply = deepActiveElement()!;
    expect(reply.getAttribute('part')).to.equal('reply-button');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(deepActiveElement()?.tagName).to.equal('TEXTAREA', 'name and e-mail are remembered: focus goes to the reply box');
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expectFocus(reply);
    before.remove();
  });
});
