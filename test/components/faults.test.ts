/**
 * Fault injection: a flaky adapter (random latency, network errors, timeouts, 5xx, 429,
 * answers lost after the write succeeded, malformed answers) driven by a seeded script of
 * 500+ user actions — type, submit, retry, reply, cancel, vote, reload the page, reload the
 * thread, load more. Afterwards the network heals and every form is posted. Asserts: no
 * uncaught error or unhandled rejection, no word typed is lost, no comment stored twice, and
 * the UI ends consistent with the backend.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ColloquyComments } from '../../src/components/comments/comments.js';
import type { ColloquyCommentForm } from '../../src/components/comment-form/comment-form.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { AdapterError, type CommentsAdapter } from '../../src/core/adapter.js';
import { deepQueryAll, part, parts, settle, until, watchErrors } from './helpers.js';

const ACTIONS = 520;

/** A small seeded PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wraps a MemoryAdapter with every kind of failure a network and a backend produce. */
function flaky(inner: MemoryAdapter, rand: () => number, stats: Record<string, number>) {
  const state = { on: true };
  const wrap = <T,>(fn: () => Promise<T>) => async (): Promise<T> => {
    await sleep(rand() * 20);
    if (!state.on) return fn();
    const r = rand();
    const count = (k: string) => (stats[k] = (stats[k] ?? 0) + 1);
    if (r < 0.08) throw (count('network'), new AdapterError('network', 'flaky network'));
    if (r < 0.12) {
      count('timeout');
      await sleep(30);
      throw new AdapterError('network', 'flaky timeout', { reason: 'timeout' });
    }
    if (r < 0.16) throw (count('5xx'), new AdapterError('server', 'flaky 500'));
    if (r < 0.19) throw (count('429'), new AdapterError('rate-limited', 'flaky 429', { retryAfterSeconds: 1 }));
    if (r < 0.25) {
      count('answer lost');
      await fn();
      throw new AdapterError('network', 'the answer was lost after the write');
    }
    if (r < 0.3) {
      count('malformed');
      await fn();
      return { comments: 'not a list', likes: -1, id: null } as unknown as T;
    }
    if (r < 0.31) {
      count('sync throw');
      throw new TypeError('adapter bug');
    }
    return fn();
  };
  const adapter: CommentsAdapter = {
    listComments: (t, o) => wrap(() => inner.listComments(t, o))(),
    postComment: (t, i, o) => wrap(() => inner.postComment(t, i, o))(),
    getArticleReactions: (t) => wrap(() => inner.getArticleReactions(t))(),
    reactToArticle: (t, v) => wrap(() => inner.reactToArticle(t, v))(),
  };
  return { adapter, state };
}

function forms(el: ColloquyComments): ColloquyCommentForm[] {
  return [part<ColloquyCommentForm>(el, 'main-form'), ...deepQueryAll<ColloquyCommentForm>(el, 'colloquy-comment-form[part~="reply-form"]')];
}
const textarea = (f: ColloquyCommentForm) => f.shadowRoot!.querySelector('textarea')!;
const input = (f: ColloquyCommentForm, id: string) => f.shadowRoot!.querySelector<HTMLInputElement>(`#${id}`)!;

describe('fault injection', () => {
  beforeEach(() => localStorage.clear());

  it(`${ACTIONS} scripted actions against a flaky backend lose no word, store nothing twice and end consistent`, async function () {
    this.timeout(240_000);
    const rand = prng(20261127);
    const stats: Record<string, number> = {};
    const inner = new MemoryAdapter({ required: ['name', 'email', 'body'] });
    const { adapter, state } = flaky(inner, rand, stats);
    const watch = watchErrors();
    const mount = async () => {
      const el = await fixture<ColloquyComments>(html`<colloquy-comments thread="faults" page-size="100" reply-depth="3" .adapter=${adapter}></colloquy-comments>`);
      await settle(el, 2);
      return el;
    };
    let el = await mount();
    const typed: string[] = [];
    const done: Record<string, number> = {};
    let token = 0;
    const pick = <T,>(xs: T[]): T | undefined => (xs.length ? xs[Math.floor(rand() * xs.length)] : undefined);

    async function typeInto(f: ColloquyCommentForm): Promise<void> {
      if (f.busy) return;
      if (!input(f, 'name').value) {
        input(f, 'name').focus();
        await sendKeys({ type: 'Fay' });
      }
      if (!input(f, 'email').value) {
        input(f, 'email').focus();
        await sendKeys({ type: 'fay@example.com' });
      }
      const word = ` w${++token}`;
      textarea(f).focus();
      await sendKeys({ type: word });
      if (textarea(f).value.includes(word)) typed.push(word.trim());
    }

    for (let i = 0; i < ACTIONS; i++) {
      const r = rand();
      let action: string;
      if (r < 0.3) {
        action = 'type';
        const f = pick(forms(el));
        if (f) await typeInto(f);
      } else if (r < 0.45) {
        action = 'submit';
        pick(forms(el))?.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
      } else if (r < 0.53) {
        action = 'retry';
        pick(parts(el, 'post-retry'))?.click();
      } else if (r < 0.62) {
        action = 'reply';
        pick(parts<HTMLButtonElement>(el, 'reply-button').filter((b) => !b.disabled && b.getAttribute('aria-expanded') === 'false'))?.click();
      } else if (r < 0.65) {
        action = 'cancel';
        pick(parts(el, 'cancel-button'))?.click();
      } else if (r < 0.72) {
        action = 'vote';
        pick(parts(el, 'like-button'))?.click();
      } else if (r < 0.77) {
        action = 'reload page';
        el.remove();
        el = await mount();
      } else if (r < 0.82) {
        action = 'reload thread';
        void el.reload();
      } else if (r < 0.86) {
        action = 'load more';
        pick(parts(el, 'load-more'))?.click();
        pick(parts(el, 'retry-button'))?.click();
      } else {
        action = 'wait';
        await sleep(25);
      }
      done[action] = (done[action] ?? 0) + 1;
      await settle(el, 1);
    }

    // The network heals: every form with text is posted until none is left. A reload brings
    // back reply forms that were cancelled with text in them (their drafts are kept), so the
    // page is reloaded until a reload shows no form with text.
    state.on = false;
    let reloadedClean = false;
    for (let round = 0; round < 60; round++) {
      await until(() => forms(el).every((f) => !f.busy), 'posts in flight', 5000);
      if (el.threadStore?.status === 'error') await el.reload();
      const pending = forms(el).filter((f) => textarea(f).value.trim() !== '');
      if (pending.length === 0) {
        if (reloadedClean) break;
        el.remove();
        el = await mount();
        await until(() => el.threadStore?.status === 'ready', 'reload', 5000);
        await settle(el);
        reloadedClean = true;
        continue;
      }
      reloadedClean = false;
      for (const f of pending) {
        if (!input(f, 'name').value || !input(f, 'email').value) await typeInto(f);
        f.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
        await settle(el, 1);
      }
    }
    await until(() => forms(el).every((f) => !f.busy), 'last posts', 5000);
    el.remove();
    el = await mount();
    await until(() => el.threadStore?.status === 'ready', 'final load', 5000);
    await settle(el);
    watch.stop();

    // Everything the backend holds: the first page, then every comment's remaining replies.
    const firstPage = (await inner.listComments('faults', { limit: 100 })).comments;
    const stored = [...firstPage];
    for (const head of firstPage) {
      for (let cursor = head.repliesCursor; cursor; ) {
        const page = await inner.listComments('faults', { cursor });
        stored.push(...page.comments);
        cursor = page.nextCursor ?? undefined;
      }
    }
    const bodies = stored.map((c) => c.body);
    // No uncaught error or unhandled rejection, whatever the backend did.
    expect(watch.errors.map(String)).to.deep.equal([]);
    // Nothing stored twice.
    expect(new Set(bodies).size, 'distinct bodies').to.equal(bodies.length);
    // No word lost: each typed word is stored, or still in a form.
    const everything = [...bodies, ...forms(el).map((f) => textarea(f).value)].join(' ');
    const lost = typed.filter((w) => !new RegExp(`\\b${w}\\b`).test(everything));
    expect(lost, 'lost words').to.deep.equal([]);
    expect(forms(el).every((f) => textarea(f).value.trim() === ''), 'every form was posted').to.be.true;
    // The UI agrees with the backend.
    const total = (await inner.listComments('faults', {})).total!;
    expect(part(el, 'count').textContent).to.equal(total === 1 ? '1 comment' : total === 0 ? 'No comments yet' : `${total} comments`);
    // The first page is shown; replies beyond each comment's first five wait behind "Show N more replies".
    expect(parts(el, 'comment').length, 'rendered comments').to.equal(firstPage.length);
    expect(parts(el, 'more-replies').length, '"Show N more replies" where the page holds only the first ones').to.equal(firstPage.filter((c) => c.repliesCursor).length);
    expect(parts(el, 'comment-sending')).to.have.length(0);
    // For the report: what ran.
    console.log(`fault injection: ${ACTIONS} actions ${JSON.stringify(done)}; injected ${JSON.stringify(stats)}; ${typed.length} words typed, ${stored.length} comments stored`);
    expect(typed.length).to.be.greaterThan(50);
    expect(stored.length).to.be.greaterThan(10);
  });
});
