/**
 * Malformed answers from a backend: wrong shapes and types become an error state with "Try
 * again"; huge strings and huge pages are cut; nothing throws on the page or freezes the tab.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { ColloquyComments } from '../../src/components/comments/comments.js';
import { MAX_PAGE_COMMENTS, MAX_RECEIVED_BODY, MAX_RECEIVED_NAME, type CommentsAdapter } from '../../src/core/adapter.js';
import { part, parts, settle, until, watchErrors } from './helpers.js';

beforeEach(() => localStorage.clear());

function answering(listAnswer: () => unknown): CommentsAdapter {
  return {
    listComments: async () => listAnswer() as never,
    postComment: async () => ({}) as never,
  };
}

async function render(adapter: CommentsAdapter): Promise<ColloquyComments> {
  const el = await fixture<ColloquyComments>(html`<colloquy-comments thread="m" reply-depth="3" page-size="100" .adapter=${adapter}></colloquy-comments>`);
  await until(() => el.threadStore?.status !== 'loading', 'load', 20_000);
  await settle(el);
  return el;
}

const comment = (i: number, extra: Record<string, unknown> = {}) => ({
  id: `c${i}`,
  parentId: null,
  authorName: `A${i}`,
  body: `body ${i}`,
  createdAt: '2026-11-27T10:00:00Z',
  ...extra,
});

describe('malformed backend answers', () => {
  const shapes: [string, () => unknown][] = [
    ['null', () => null],
    ['a string', () => 'OK'],
    ['no comments list', () => ({ nextCursor: null })],
    ['comments that is not a list', () => ({ comments: { 0: comment(1) }, nextCursor: null })],
    ['a comment without an id', () => ({ comments: [{ ...comment(1), id: undefined }], nextCursor: null })],
    ['a body that is a number', () => ({ comments: [comment(1, { body: 42 })], nextCursor: null })],
    ['a date that is not a date', () => ({ comments: [comment(1, { createdAt: 'yesterday-ish' })], nextCursor: null })],
    ['an unknown status', () => ({ comments: [comment(1, { status: 'hacked' })], nextCursor: null })],
    ['a negative total', () => ({ comments: [], nextCursor: null, total: -3 })],
    ['a cursor that is an object', () => ({ comments: [], nextCursor: { next: 2 } })],
    ['a comment that answers itself', () => ({ comments: [comment(1, { parentId: 'c1' })], nextCursor: null })],
    ['a rejection with a string', () => Promise.reject('nope')],
    ['a rejection with undefined', () => Promise.reject(undefined)],
    ['a synchronous throw', () => {
      throw new RangeError('adapter bug');
    }],
  ];
  for (const [what, answer] of shapes) {
    it(`shows an error with "Try again" for ${what}`, async () => {
      const watch = watchErrors();
      const el = await render(answering(answer));
      watch.stop();
      expect(watch.errors).to.deep.equal([]);
      expect(el.threadStore!.status).to.equal('error');
      expect(part(el, 'list-error').getAttribute('role')).to.equal('alert');
      expect(parts(el, 'retry-button')).to.have.length(1);
    });
  }

  it(`cuts a page of 100,000 comments to ${MAX_PAGE_COMMENTS} and renders them`, async function () {
    this.timeout(60_000);
    const watch = watchErrors();
    const huge = Array.from({ length: 100_000 }, (_, i) => comment(i));
    const el = await render(answering(() => ({ comments: huge, nextCursor: 'more', total: 100_000 })));
    watch.stop();
    expect(watch.errors).to.deep.equal([]);
    expect(el.threadStore!.status).to.equal('ready');
    expect(parts(el, 'comment')).to.have.length(MAX_PAGE_COMMENTS);
    expect(part(el, 'count').textContent).to.equal('100,000 comments');
  });

  it('cuts huge bodies and names instead of choking on them', async () => {
    const el = await render(answering(() => ({ comments: [comment(1, { body: 'x'.repeat(5_000_000), authorName: 'N'.repeat(100_000) })], nextCursor: null })));
    expect(part(el, 'body').textContent!.trim().length).to.equal(MAX_RECEIVED_BODY);
    expect(part(el, 'author').textContent!.length).to.equal(MAX_RECEIVED_NAME);
  });

  it('shows a 1,000-deep reply chain at the configured depth, without deep recursion', async () => {
    const chain = Array.from({ length: 1000 }, (_, i) => comment(i, { parentId: i === 0 ? null : `c${i - 1}` }));
    const el = await render(answering(() => ({ comments: chain, nextCursor: null })));
    expect(parts(el, 'comment')).to.have.length(1000);
    expect(parts(el, 'replies')).to.have.length(3);
    expect(parts(el, 'replying-to')).to.have.length(1000 - 4);
  });

  it('recovers when the backend comes back', async () => {
    let broken = true;
    const el = await render(answering(() => (broken ? { comments: 'x' } : { comments: [comment(1)], nextCursor: null })));
    expect(el.threadStore!.status).to.equal('error');
    broken = false;
    part(el, 'retry-button').click();
    await until(() => el.threadStore?.status === 'ready', 'reload');
    await settle(el);
    expect(parts(el, 'comment')).to.have.length(1);
  });
});
