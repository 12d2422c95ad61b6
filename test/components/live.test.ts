/**
 * Live updates: comments other readers post are announced ("2 new comments — show") in a polite
 * live region and shown only when the reader asks, focus then moving to the first of them. The
 * reader's own posts are never announced as new.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { MemoryAdapter } from '../../src/adapters/memory.js';
import { deepActiveElement, part, parts, seeded, settle, until, loadedSection } from './helpers.js';

beforeEach(() => localStorage.clear());

const bodies = (el: Element) => parts(el, 'body').map((b) => b.textContent!.replace(/\s+/g, ' ').trim());
const adapterWith = () =>
  seeded(
    [
      { id: 'a', body: 'First.', authorName: 'Amira' },
      { id: 'b', body: 'Second.', authorName: 'Bo' },
    ],
    { required: ['body'] },
  );

const section = loadedSection;

/** Another reader posts on the same backend. */
function otherReader(adapter: MemoryAdapter) {
  const them = adapter.forVisitor('someone-else');
  let n = 0;
  return (body: string, parentId: string | null = null) =>
    them.postComment('t1', { authorName: 'Other', body, parentId }, { idempotencyKey: `other-${++n}` });
}

describe('live updates', () => {
  it('announces other readers\' comments and shows them only when asked, focusing the first', async () => {
    const adapter = adapterWith();
    const el = await section(adapter);
    expect(parts(el, 'new-comments')).to.have.length(0);
    const list = part(el, 'list');
    const region = (list.getRootNode() as ShadowRoot).querySelector('.new-comments')!;
    expect(region.getAttribute('role')).to.equal('status', 'a polite live region, there before anything is announced');
    const top = list.getBoundingClientRect().top;

    const post = otherReader(adapter);
    await post('Hello from elsewhere.');
    await post('An answer from elsewhere.', 'a');
    await until(() => parts(el, 'new-comments').length === 1 && part(el, 'new-comments').textContent!.trim() === '2 new comments — show', 'the button');
    const button = part(el, 'new-comments');
    expect(region.contains(button)).to.equal(true);
    expect(button.tagName).to.equal('BUTTON');
    // Nothing on the page moved: the list is where it was, with the same comments, and the same count.
    expect(bodies(el)).to.deep.equal(['First.', 'Second.']);
    expect(list.getBoundingClientRect().top).to.equal(top);
    expect(part(el, 'count').textContent).to.equal('2 comments');
    await expect(el).to.be.accessible();

    button.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => bodies(el).length === 4, 'merged');
    await settle(el);
    expect(bodies(el)).to.deep.equal(['First.', 'An answer from elsewhere.', 'Second.', 'Hello from elsewhere.']);
    expect(part(el, 'count').textContent).to.equal('4 comments');
    expect(parts(el, 'new-comments')).to.have.length(0);
    const focused = deepActiveElement();
    expect(focused?.getAttribute('part')).to.equal('comment');
    expect(focused?.textContent).to.contain('An answer from elsewhere.', 'the first new one in reading order');
    await expect(el).to.be.accessible();
  });

  it('says "1 new comment" and, newest first, puts new comments at the top', async () => {
    localStorage.setItem('colloquy:sort', JSON.stringify('newest'));
    const adapter = adapterWith();
    const el = await section(adapter);
    expect(bodies(el)).to.deep.equal(['Second.', 'First.']);
    await otherReader(adapter)('Brand new.');
    await until(() => parts(el, 'new-comments').length === 1, 'the button');
    expect(part(el, 'new-comments').textContent!.trim()).to.equal('1 new comment — show');
    part(el, 'new-comments').click();
    await until(() => bodies(el).length === 3, 'merged');
    await settle(el);
    expect(bodies(el)).to.deep.equal(['Brand new.', 'Second.', 'First.']);
    expect(deepActiveElement()?.textContent).to.contain('Brand new.');
  });

  it('never announces the reader\'s own post as new, in its section nor in another tab of the same browser', async () => {
    const adapter = adapterWith();
    const el = await section(adapter);
    // Another section on the same thread in the same browser (another tab): it shares the storage.
    const elsewhere = await section(adapter.forVisitor('second-tab'));
    el.required = '';
    await settle(el);
    const ta = part(el, 'main-form').shadowRoot!.querySelector('textarea')!;
    ta.value = 'My own comment.';
    ta.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    part(part(el, 'main-form'), 'submit-button').click();
    await until(() => bodies(el).includes('My own comment.') && parts(el, 'comment-sending').length === 0, 'posted');
    // Neither the section that posted it nor the other tab (which knows it from storage) calls it new.
    await new Promise((r) => setTimeout(r, 50));
    await settle(el);
    await settle(elsewhere);
    expect(parts(el, 'new-comments')).to.have.length(0);
    expect(parts(elsewhere, 'new-comments')).to.have.length(0, 'the other tab knows it is the reader\'s own');
    expect(bodies(el).filter((b) => b === 'My own comment.')).to.have.length(1);
    // Live updates do reach both: another reader's comment is announced in each.
    await otherReader(adapter)('Not mine.');
    await until(() => parts(el, 'new-comments').length === 1, 'the other reader\'s comment');
    await until(() => parts(elsewhere, 'new-comments').length === 1, 'the other reader\'s comment, in the other tab');
    expect(part(el, 'new-comments').textContent!.trim()).to.equal('1 new comment — show');
    expect(part(elsewhere, 'new-comments').textContent!.trim()).to.equal('1 new comment — show');
  });

  it('past 200 new comments keeps counting, and "show" reloads the thread in place', async () => {
    const adapter = adapterWith();
    const el = await section(adapter);
    const post = otherReader(adapter);
    for (let i = 1; i <= 205; i++) await post(`Busy thread ${i}.`);
    await until(() => parts(el, 'new-comments').length === 1 && part(el, 'new-comments').textContent!.trim() === '205 new comments — show', 'the count', 5000);
    expect(bodies(el)).to.deep.equal(['First.', 'Second.']);
    let listed = 0;
    const list = adapter.listComments.bind(adapter);
    adapter.listComments = (...args) => (listed++, list(...args));
    part(el, 'new-comments').click();
    await until(() => bodies(el).length === 20, 'the first page reloaded');
    await settle(el);
    expect(listed).to.equal(1, 'one reload instead of a merge');
    expect(bodies(el).slice(0, 3)).to.deep.equal(['First.', 'Second.', 'Busy thread 1.']);
    expect(parts(el, 'new-comments')).to.have.length(0);
    expect(part(el, 'count').textContent).to.equal('207 comments');
    expect(deepActiveElement()?.textContent).to.contain('Busy thread 1.', 'focus on the first new one');
  });
});
