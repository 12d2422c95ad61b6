import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ColloquyComments } from '../../src/components/comments/comments.js';
import type { CommentPostedDetail, ErrorDetail, SubmitDetail } from '../../src/components/shared/events.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { AdapterError, type CommentsAdapter } from '../../src/core/adapter.js';
import { setDefaultAdapter } from '../../src/core/default-adapter.js';
import { deepActiveElement, deepQuery, ownPart, part, parts, referenceThread, seeded, settle, until, watchErrors, expectFocus, expectSame, topArticles } from './helpers.js';

async function section(adapter: CommentsAdapter, attrs: { policy?: string; required?: string; maxlength?: number } = {}): Promise<ColloquyComments> {
  const el = await fixture<ColloquyComments>(html`<colloquy-comments
    thread="t1"
    policy-href=${attrs.policy ?? ''}
    .adapter=${adapter}
  ></colloquy-comments>`);
  if (attrs.required !== undefined) el.setAttribute('required', attrs.required);
  if (attrs.maxlength !== undefined) el.setAttribute('maxlength', String(attrs.maxlength));
  await until(() => el.threadStore?.status !== 'loading', 'the thread to load');
  await settle(el);
  return el;
}

/** The main form's field (not a reply form's). */
function mainField(el: ColloquyComments, id: string): HTMLInputElement & HTMLTextAreaElement {
  return part(el, 'main-form').shadowRoot!.querySelector(`#${id}`)!;
}

async function type(target: HTMLElement, text: string): Promise<void> {
  target.focus();
  await sendKeys({ type: text });
}

async function fillMainForm(el: ColloquyComments, body: string, name = 'Reader', email = 'reader@example.com'): Promise<void> {
  if (name) await type(mainField(el, 'name'), name);
  if (email) await type(mainField(el, 'email'), email);
  await type(mainField(el, 'body'), body);
}

async function clickSubmit(el: ColloquyComments): Promise<void> {
  const button = part(part(el, 'main-form'), 'submit-button');
  const r = button.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)] });
}

const bodies = (el: ColloquyComments) => parts(el, 'body').map((b) => b.textContent!.replace(/\s+/g, ' ').trim());

/** An adapter whose next call waits until `release()` is called. */
function gated(inner: MemoryAdapter) {
  let open: () => void = () => {};
  let gate = Promise.resolve();
  const adapter: CommentsAdapter = {
    listComments: (t, o) => inner.listComments(t, o),
    postComment: async (t, i, o) => {
      await gate;
      return inner.postComment(t, i, o);
    },
  };
  return {
    adapter,
    hold() {
      gate = new Promise((r) => (open = r));
    },
    release: () => open(),
  };
}

// Drafts, remembered names and votes live in localStorage: each test starts without them.
beforeEach(() => localStorage.clear());

describe('colloquy-comments', () => {
  afterEach(() => setDefaultAdapter(null));

  it('renders the reference page in order: like prompt, count, policy, required note, form, list', async () => {
    const el = await section(seeded(), { policy: '/policy' });
    await expect(el).to.be.accessible();
    const base = part(el, 'base');
    const order = [...base.children].map((c) => c.getAttribute('part') ?? c.tagName.toLowerCase());
    // The sort control (the adapter supports likes) sits right above the list it sorts.
    expect(order).to.deep.equal(['colloquy-like-prompt', 'count', 'form-header', 'main-form', 'sort-label', 'colloquy-comment-list']);
    expect(part(el, 'like-question').textContent).to.equal('Do you like this article?');
    expect(parts(el, 'like-button').map((b) => b.textContent!.trim())).to.deep.equal(['Yes', 'No']);
    expect(part(el, 'count').textContent).to.equal('12 comments');
    expect(part(el, 'count').tagName).to.equal('H2');
    const policy = part<HTMLAnchorElement>(el, 'policy-link');
    expect(policy.textContent).to.equal('Comment Policy');
    expect(policy.getAttribute('href')).to.equal(new URL('/policy', document.baseURI).href);
    expect(part(el, 'required-note').textContent!.replace(/\s+/g, ' ').trim()).to.equal('* Denotes required field');
    expect(part(part(el, 'main-form'), 'counter').textContent).to.equal('1500 / 1500');
  });

  it('lists the comments oldest first with replies nested under their parent', async () => {
    const el = await section(seeded());
    const top = topArticles(el);
    expect(top).to.have.length(8);
    expect(bodies(el)[0]).to.equal('exactly');
    // c4 answers c1: it is rendered inside c1's replies.
    const first = top[0]!;
    const replies = ownPart(first, 'replies')!;
    expect(ownPart(replies.querySelector('article[part~="comment"]')!, 'body')!.textContent!.trim()).to.equal(
      'I agree with the first comment.',
    );
    expect(parts(el, 'reply-button')).to.have.length(12);
    // c11 is four levels deep: shown at the third level, saying whom it answers.
    expect(parts(el, 'replying-to').map((r) => r.textContent)).to.deep.equal(['replying to Ola']);
  });

  it('hides the policy link without policy-href and says "1 comment" / "No comments yet"', async () => {
    const one = await section(seeded([{ body: 'only one' }]));
    expect(parts(one, 'policy-link')).to.have.length(0);
    expect(part(one, 'count').textContent).to.equal('1 comment');
    const none = await section(seeded([]));
    expect(part(none, 'count').textContent).to.equal('No comments yet');
    expect(part(none, 'empty').textContent).to.equal('Be the first to comment.');
    await expect(none).to.be.accessible();
  });

  it('shows a loading skeleton with aria-busy while the first page loads', async () => {
    const adapter = seeded(undefined, { latencyMs: 300 });
    const el = await fixture<ColloquyComments>(html`<colloquy-comments thread="t1" .adapter=${adapter}></colloquy-comments>`);
    await settle(el, 2);
    expect(parts(el, 'skeleton')).to.have.length(1);
    expect(part(el, 'list').getAttribute('aria-busy')).to.equal('true');
    expect(part(el, 'count').textContent).to.equal('Comments');
    await expect(el).to.be.accessible();
    await until(() => el.threadStore?.status === 'ready', 'load');
    await settle(el);
    expect(parts(el, 'skeleton')).to.have.length(0);
    expect(part(el, 'list').getAttribute('aria-busy')).to.equal('false');
  });

  it('shows an error state with "Try again" when the adapter fails, and recovers', async () => {
    const watch = watchErrors();
    const adapter = seeded(undefined, { failureRate: 1 });
    const errorEvent = new Promise<CustomEvent<ErrorDetail>>((resolve) =>
      document.addEventListener('colloquy-error', (e) => resolve(e as CustomEvent<ErrorDetail>), { once: true }),
    );
    const el = await section(adapter);
    const err = part(el, 'list-error');
    expect(err.getAttribute('role')).to.equal('alert');
    expect(err.textContent).to.contain('Comments could not be loaded. Could not reach the comment service.');
    expect((await errorEvent).detail.action).to.equal('load');
    await expect(el).to.be.accessible();
    adapter.failureRate = 0;
    part(el, 'retry-button').click();
    await until(() => el.threadStore?.status === 'ready', 'reload');
    await settle(el);
    expect(bodies(el)).to.have.length(12);
    watch.stop();
    expect(watch.errors).to.deep.equal([]);
  });

  it('turns a malformed adapter answer into the error state, never an exception on the page', async () => {
    const watch = watchErrors();
    const bad = {
      listComments: async () => ({ comments: [{ id: 1, body: 42 }], nextCursor: null }),
      postComment: () => {
        throw new Error('boom');
      },
    } as unknown as CommentsAdapter;
    const el = await section(bad);
    expect(part(el, 'list-error').textContent).to.contain('could not be read');
    watch.stop();
    expect(watch.errors).to.deep.equal([]);
  });

  it('posts a comment: pending first, then confirmed; clears the form, updates the count, focuses the comment', async () => {
    const inner = seeded();
    const g = gated(inner);
    const el = await section(g.adapter);
    // the gated adapter has no reactions: the like prompt is not shown
    expect(parts(el, 'like-prompt')).to.have.length(0);
    await fillMainForm(el, 'A new comment');
    g.hold();
    const posted = oneEvent(el, 'colloquy-comment-posted');
    await clickSubmit(el);
    await settle(el);
    const sending = deepQuery(el, '[part~="comment-sending"]');
    expect(ownPart(sending, 'body')!.textContent!.trim()).to.equal('A new comment');
    expect(part(el, 'count').textContent).to.equal('13 comments');
    expect(part(part(el, 'main-form'), 'submit-button').getAttribute('aria-disabled')).to.equal('true');
    expect(mainField(el, 'body').value, 'the text stays until the post is confirmed').to.equal('A new comment');
    await expect(el).to.be.accessible();
    g.release();
    const e = (await posted) as CustomEvent<CommentPostedDetail>;
    await settle(el);
    expect(e.detail.comment.body).to.equal('A new comment');
    expect(e.detail.thread).to.equal('t1');
    expect(parts(el, 'comment-sending')).to.have.length(0);
    expect(mainField(el, 'body').value).to.equal('');
    expect(mainField(el, 'name').value, 'name is kept for the next comment').to.equal('Reader');
    expect(part(el, 'count').textContent).to.equal('13 comments');
    expect(bodies(el).at(-1)).to.equal('A new comment');
    const focused = deepActiveElement();
    expect(focused?.getAttribute('part')).to.equal('comment');
    expect(focused?.querySelector('[part~="body"]')!.textContent!.trim()).to.equal('A new comment');
    const saved = await inner.listComments('t1', {});
    expect(saved.total).to.equal(13);
  });

  it('posts once on a double click', async () => {
    const inner = seeded([]);
    const g = gated(inner);
    const el = await section(g.adapter);
    await fillMainForm(el, 'Only once');
    g.hold();
    await clickSubmit(el);
    await clickSubmit(el);
    await settle(el);
    g.release();
    await until(() => mainField(el, 'body').value === '', 'post to finish');
    await settle(el);
    expect((await inner.listComments('t1', {})).comments.map((c) => c.body)).to.deep.equal(['Only once']);
    expect(bodies(el)).to.deep.equal(['Only once']);
  });

  it('a refused post says why in sentences and offers no "Try again" (a retry would be refused the same way)', async () => {
    const inner = seeded([]);
    const adapter: CommentsAdapter = {
      listComments: (t, o) => inner.listComments(t, o),
      postComment: async () => {
        throw new AdapterError('rejected', 'Links are not allowed here');
      },
    };
    const el = await section(adapter);
    await fillMainForm(el, 'See https://spam.example');
    await clickSubmit(el);
    await until(() => !part(el, 'post-error').hidden, 'the refusal');
    await settle(el);
    expect(part(el, 'post-error').querySelector('span')!.textContent).to.equal(
      'Your comment was not posted. The comment service refused it: Links are not allowed here. Your text is still here.',
    );
    expect(parts(el, 'post-retry'), 'no "Try again" on a refusal').to.have.length(0);
    expect(mainField(el, 'body').value).to.equal('See https://spam.example');
    await expect(el).to.be.accessible();
  });

  it('keeps the text and explains when a post fails; trying again reuses the idempotency key', async () => {
    const watch = watchErrors();
    const inner = seeded([]);
    const keys: string[] = [];
    let fail = true;
    const adapter: CommentsAdapter = {
      listComments: (t, o) => inner.listComments(t, o),
      postComment: async (t, i, o) => {
        keys.push(o.idempotencyKey);
        const saved = await inner.postComment(t, i, o);
        if (fail) throw new AdapterError('network', 'lost the answer');
        return saved;
      },
    };
    const el = await section(adapter);
    await fillMainForm(el, 'Important words');
    await clickSubmit(el);
    await until(() => part(part(el, 'main-form'), 'submit-button').getAttribute('aria-disabled') === 'false', 'failure');
    await settle(el);
    expect(mainField(el, 'body').value).to.equal('Important words');
    const alert = part(el, 'post-error');
    expect(alert.querySelector('span')!.textContent).to.equal(
      'Your comment was not posted. Could not reach the comment service. Check your connection. Your text is still here.',
    );
    expect(parts(el, 'comment'), 'the optimistic comment is rolled back').to.have.length(0);
    expect(part(el, 'count').textContent).to.equal('No comments yet');
    await expect(el).to.be.accessible();
    fail = false;
    part(el, 'post-retry').click();
    await until(() => mainField(el, 'body').value === '', 'retry to succeed');
    await settle(el);
    expect(keys).to.have.length(2);
    expect(keys[1]).to.equal(keys[0]);
    expect((await inner.listComments('t1', {})).comments).to.have.length(1);
    expect(bodies(el)).to.deep.equal(['Important words']);
    watch.stop();
    expect(watch.errors).to.deep.equal([]);
  });

  it('explains a rate limit with the seconds to wait', async () => {
    const adapter: CommentsAdapter = {
      listComments: async () => ({ comments: [], nextCursor: null }),
      postComment: async () => {
        throw new AdapterError('rate-limited', 'slow down', { retryAfterSeconds: 30 });
      },
    };
    const el = await section(adapter);
    await fillMainForm(el, 'hi');
    await clickSubmit(el);
    await until(() => !part(el, 'post-error').hidden, 'error');
    expect(part(el, 'post-error').textContent).to.contain('Try again in 30 seconds.');
  });

  it('lets the host page veto or amend a post through colloquy-submit', async () => {
    const inner = seeded([], { required: ['body'] });
    const el = await section(inner, { required: '' });
    const veto = (e: Event) => e.preventDefault();
    document.addEventListener('colloquy-submit', veto);
    try {
      await type(mainField(el, 'body'), 'vetoed');
      await clickSubmit(el);
      await settle(el);
    } finally {
      document.removeEventListener('colloquy-submit', veto);
    }
    expect((await inner.listComments('t1', {})).comments).to.have.length(0);
    expect(mainField(el, 'body').value).to.equal('vetoed');
    expect(part(part(el, 'main-form'), 'submit-button').getAttribute('aria-disabled')).to.equal('false');
    const amend = (e: Event) => ((e as CustomEvent<SubmitDetail>).detail.input.body += ' (edited by host)');
    document.addEventListener('colloquy-submit', amend);
    try {
      await clickSubmit(el);
      await until(() => mainField(el, 'body').value === '', 'post');
    } finally {
      document.removeEventListener('colloquy-submit', amend);
    }
    expect((await inner.listComments('t1', {})).comments[0].body).to.equal('vetoed (edited by host)');
  });

  it('replies inline: the reply appears nested under its parent, the form closes and focus goes to the reply', async () => {
    const inner = seeded();
    const el = await section(inner);
    const first = topArticles(el)[0]!;
    const replyButton = ownPart<HTMLButtonElement>(first, 'reply-button')!;
    replyButton.click();
    await settle(el);
    expect(deepActiveElement()?.id).to.equal('name');
    await sendKeys({ type: 'Replier' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'r@example.com' });
    const replyForm = ownPart(first, 'reply-form')!;
    await type(replyForm.shadowRoot!.querySelector('textarea')!, 'My answer');
    const posted = oneEvent(el, 'colloquy-comment-posted');
    replyForm.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
    const e = (await posted) as CustomEvent<CommentPostedDetail>;
    await settle(el);
    expect(e.detail.comment.parentId).to.equal('c1');
    expect(ownPart(first, 'reply-form'), 'reply form closed').to.be.null;
    const replies = [...ownPart(first, 'replies')!.querySelectorAll<HTMLElement>(':scope > article[part~="comment"]')];
    const last = replies.at(-1)!;
    expect(ownPart(last, 'body')!.textContent!.trim()).to.equal('My answer');
    expectFocus(last);
    expect(part(el, 'count').textContent).to.equal('13 comments');
  });

  it('records a vote, thanks the reader, shows counts and remembers it after a reload', async () => {
    localStorage.removeItem('colloquy:reaction:t1');
    const adapter = seeded();
    const el = await section(adapter);
    const yes = parts<HTMLButtonElement>(el, 'like-button')[0];
    expect(yes.getAttribute('aria-pressed')).to.equal('false');
    const reaction = oneEvent(el, 'colloquy-reaction');
    yes.click();
    const e = await reaction;
    expect(e.detail).to.deep.include({ thread: 't1', value: 'like' });
    await settle(el);
    expect(yes.getAttribute('aria-pressed')).to.equal('true');
    expect(part(el, 'like-thanks').textContent).to.equal('Thanks for your feedback');
    expect(part(el, 'like-counts').textContent).to.equal('1 yes · 0 no');
    await expect(el).to.be.accessible();
    el.remove();
    // "Reload": a new section for the same thread, same adapter data.
    const again = await section(adapter);
    await settle(again);
    expect(parts(again, 'like-button')[0].getAttribute('aria-pressed')).to.equal('true');
    expect(part(again, 'like-thanks').textContent).to.equal('Thanks for your feedback');
    expect(part(again, 'like-counts').textContent).to.equal('1 yes · 0 no');
    localStorage.removeItem('colloquy:reaction:t1');
  });

  it('shows why a vote failed and does not remember it', async () => {
    localStorage.removeItem('colloquy:reaction:t1');
    const adapter = seeded();
    const el = await section(adapter);
    adapter.failureRate = 1;
    parts(el, 'like-button')[1].click();
    await until(() => parts(el, 'like-error').length === 1, 'vote error');
    expect(part(el, 'like-error').textContent).to.contain('Your vote was not saved.');
    expect(parts(el, 'like-button')[1].getAttribute('aria-pressed')).to.equal('false');
    expect(localStorage.getItem('colloquy:reaction:t1')).to.be.null;
  });

  it('uses the adapter registered with setDefaultAdapter, also when registered late', async () => {
    const adapter = seeded([{ body: 'from the default adapter' }]);
    const el = await fixture<ColloquyComments>(html`<colloquy-comments thread="t1"></colloquy-comments>`);
    setDefaultAdapter(adapter);
    await until(() => el.activeAdapter === adapter && el.threadStore?.status === 'ready', 'default adapter');
    await settle(el);
    expect(bodies(el)).to.deep.equal(['from the default adapter']);
  });

  it('falls back to a browser-only MemoryAdapter with one console warning', async () => {
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (...args: unknown[]) => void warnings.push(String(args[0]));
    try {
      const a = await fixture<ColloquyComments>(html`<colloquy-comments thread="fallback-test"></colloquy-comments>`);
      const b = await fixture<ColloquyComments>(html`<colloquy-comments thread="fallback-test-2"></colloquy-comments>`);
      await settle(a);
      await settle(b);
      expect(a.activeAdapter).to.be.instanceOf(MemoryAdapter);
      expect(a.activeAdapter).to.equal(b.activeAdapter);
    } finally {
      console.warn = warn;
    }
    const ours = warnings.filter((w) => w.includes('[colloquy]'));
    expect(ours).to.have.length(1, 'one warning for the page, not one per section');
    expect(ours[0]).to.contain('stored in this browser only');
  });

  it('loads more comments with the cursor', async () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ body: `comment ${i + 1}` }));
    const el = await fixture<ColloquyComments>(html`<colloquy-comments thread="t1" page-size="5" .adapter=${seeded(many)}></colloquy-comments>`);
    await until(() => el.threadStore?.status === 'ready', 'load');
    await settle(el);
    expect(bodies(el)).to.have.length(5);
    expect(part(el, 'count').textContent).to.equal('7 comments');
    part(el, 'load-more').click();
    await until(() => bodies(el).length === 7, 'second page');
    await settle(el);
    expect(parts(el, 'load-more')).to.have.length(0);
  });

  it('hands maxlength and required down to the forms', async () => {
    const el = await fixture<ColloquyComments>(html`<colloquy-comments thread="t1" maxlength="200" required="name" .adapter=${seeded()}></colloquy-comments>`);
    await until(() => el.threadStore?.status === 'ready', 'load');
    await settle(el);
    expect(part(part(el, 'main-form'), 'counter').textContent).to.equal('200 / 200');
    expect(mainField(el, 'email').required).to.be.false;
    expect(mainField(el, 'name').required).to.be.true;
  });

  it('never lets the reference thread shape break rendering (RTL, emoji, double post)', async () => {
    const el = await section(seeded(referenceThread()));
    const texts = bodies(el);
    expect(texts.filter((t) => t === 'The same words twice.')).to.have.length(2);
    expect(texts).to.include('یہ ایک اچھا مضمون ہے');
  });
});

describe('colloquy-comments: regressions found in review', () => {
  afterEach(() => setDefaultAdapter(null));

  it('does not pull focus out of another field when a post lands', async () => {
    const inner = seeded();
    const g = gated(inner);
    const el = await section(g.adapter);
    await fillMainForm(el, 'posted while I type elsewhere');
    g.hold();
    await clickSubmit(el);
    await settle(el);
    // The reader moves on to a reply while the post is in flight.
    part(el, 'reply-button').click();
    await settle(el);
    const replyBox = part(el, 'reply-form').shadowRoot!.querySelector('textarea')!;
    replyBox.focus();
    g.release();
    await until(() => mainField(el, 'body').value === '', 'post');
    await settle(el);
    expectFocus(replyBox, 'the reply box the reader is typing in');
  });

  it('hides the policy link for script URLs, however they are disguised', async () => {
    for (const href of ['javascript:alert(1)', 'java\tscript:alert(1)', 'jav\nascript:alert(1)', '\x01javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', ' JaVaScRiPt:alert(1)']) {
      const el = await section(seeded([]), { policy: href });
      expect(parts(el, 'policy-link'), JSON.stringify(href)).to.have.length(0);
      el.remove();
    }
  });

  it('keeps a reply form open while its reply is posting, so a failure cannot lose the text', async () => {
    const inner = seeded();
    let fail: (e: Error) => void = () => {};
    const adapter: CommentsAdapter = {
      listComments: (t, o) => inner.listComments(t, o),
      postComment: () => new Promise((_, reject) => (fail = reject)),
    };
    const el = await section(adapter, { required: '' });
    const first = topArticles(el)[0]!;
    ownPart<HTMLButtonElement>(first, 'reply-button')!.click();
    await settle(el);
    const form = ownPart(first, 'reply-form')!;
    await type(form.shadowRoot!.querySelector('textarea')!, 'A careful reply');
    form.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
    await settle(el);
    form.shadowRoot!.querySelector<HTMLButtonElement>('[part~="cancel-button"]')!.click();
    await sendKeys({ press: 'Escape' });
    ownPart<HTMLButtonElement>(first, 'reply-button')!.click();
    await settle(el);
    expectSame(ownPart(first, 'reply-form'), form, 'the open reply form');
    fail(new AdapterError('network', 'offline'));
    await until(() => !form.shadowRoot!.querySelector<HTMLElement>('[part~="post-error"]')!.hidden, 'error');
    expect(form.shadowRoot!.querySelector('textarea')!.value).to.equal('A careful reply');
  });

  it('keeps an open reply form and its text through a reload', async () => {
    const el = await section(seeded(undefined, { latencyMs: 50 }));
    const first = topArticles(el)[0]!;
    ownPart<HTMLButtonElement>(first, 'reply-button')!.click();
    await settle(el);
    await type(ownPart(first, 'reply-form')!.shadowRoot!.querySelector('textarea')!, 'half a thought');
    const reloading = el.reload();
    await settle(el, 1);
    expect(parts(el, 'skeleton'), 'no skeleton over loaded comments').to.have.length(0);
    await reloading;
    await settle(el);
    const same = topArticles(el)[0]!;
    expect(ownPart(same, 'reply-form')!.shadowRoot!.querySelector('textarea')!.value).to.equal('half a thought');
  });

  it('re-nests the thread when reply-depth changes', async () => {
    const el = await section(seeded());
    expect(parts(el, 'replying-to')).to.have.length(1);
    el.setAttribute('reply-depth', '1');
    await settle(el);
    // c4 → c8 → c10 → c11: with one level, c8, c10 and c11 show beside c4, saying whom they answer.
    expect(parts(el, 'replying-to').map((r) => r.textContent)).to.deep.equal(['replying to Jonas', 'replying to Kim', 'replying to Ola']);
  });

  it('falls back to defaults for malformed numeric attributes', async () => {
    const el = await fixture<ColloquyComments>(html`<colloquy-comments thread="t1" maxlength="abc" page-size="" reply-depth="-4" .adapter=${seeded()}></colloquy-comments>`);
    await until(() => el.threadStore?.status === 'ready', 'load');
    await settle(el);
    expect(el.maxlength).to.equal(1500);
    expect(el.pageSize).to.equal(20);
    expect(el.replyDepth).to.equal(0);
    expect(part(part(el, 'main-form'), 'counter').textContent).to.equal('1500 / 1500');
    expect(bodies(el)).to.have.length(12);
  });

  it('keeps focus on the submit button while posting', async () => {
    const inner = seeded([]);
    const g = gated(inner);
    const el = await section(g.adapter);
    await fillMainForm(el, 'focus check');
    g.hold();
    part(part(el, 'main-form'), 'submit-button').focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expectFocus(part(part(el, 'main-form'), 'submit-button'));
    g.release();
    await until(() => mainField(el, 'body').value === '', 'post');
  });

  it('reports a post on the thread it was posted to, even if the section moved on', async () => {
    const inner = seeded([]);
    const g = gated(inner);
    const el = await section(g.adapter);
    await fillMainForm(el, 'for thread one');
    g.hold();
    const posted = oneEvent(el, 'colloquy-comment-posted');
    await clickSubmit(el);
    await settle(el);
    el.thread = 't2';
    g.release();
    const e = (await posted) as CustomEvent<CommentPostedDetail>;
    expect(e.detail.thread).to.equal('t1');
    expect((await inner.listComments('t1', {})).total).to.equal(1);
  });
});
