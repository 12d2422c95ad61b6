import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ColloquyComment } from '../../src/components/comment/comment.js';
import type { Comment } from '../../src/core/adapter.js';
import { buildTree, type CommentNode } from '../../src/core/thread.js';
import { deepActiveElement, describedBy, part, parts, settle, expectFocus, expectSame } from './helpers.js';

const NOW = new Date('2026-11-27T12:00:00Z');

function node(overrides: Partial<Comment> = {}, extra: Partial<CommentNode> = {}): CommentNode {
  return {
    comment: { id: 'c1', parentId: null, authorName: 'Amira', body: 'Hello', createdAt: '2026-11-27T09:00:00Z', status: 'published', ...overrides },
    depth: 0,
    children: [],
    sending: false,
    ...extra,
  };
}

async function render(n: CommentNode): Promise<ColloquyComment> {
  const el = await fixture<ColloquyComment>(html`<colloquy-comment .node=${n} .now=${NOW}></colloquy-comment>`);
  await settle(el);
  return el;
}


// Drafts and remembered names live in localStorage: each test starts without them.
beforeEach(() => localStorage.clear());

describe('colloquy-comment', () => {
  it('is accessible and shows author, relative time and body', async () => {
    const el = await render(node());
    await expect(el).to.be.accessible();
    expect(part(el, 'author').textContent).to.equal('Amira');
    const time = part(el, 'timestamp');
    expect(time.tagName).to.equal('TIME');
    expect(time.getAttribute('datetime')).to.equal('2026-11-27T09:00:00.000Z');
    expect(time.textContent).to.equal('3 hours ago');
    expect(part(el, 'body').textContent!.trim()).to.equal('Hello');
    expect(part(el, 'reply-button').textContent!.trim()).to.equal('Reply');
    // The visible name stays the accessible name (any language); the author describes it.
    const described = describedBy(part(el, 'reply-button'));
    expect(described).to.have.length(1, 'described by one element');
    expectSame(described[0], part(el, 'author'), 'what describes Reply');
    expect(described[0]!.textContent).to.equal('Amira');
  });

  it('shows "Anonymous" when the adapter gives no name', async () => {
    const el = await render(node({ authorName: null }));
    expect(part(el, 'author').textContent).to.equal('Anonymous');
    expect(part(el, 'author').getAttribute('part')).to.equal('author author-anonymous');
  });

  it('keeps paragraphs and line breaks', async () => {
    const el = await render(node({ body: 'One\r\nline two\n\nSecond paragraph' }));
    const ps = part(el, 'body').querySelectorAll('p');
    expect(ps).to.have.length(2);
    expect(ps[0].querySelectorAll('br')).to.have.length(1);
    expect(ps[0].innerText.trim()).to.equal('One\nline two');
    expect(ps[1].textContent).to.equal('Second paragraph');
  });

  it('renders HTML in a plain body as text', async () => {
    const el = await render(node({ body: '<img src=x onerror="window.__pwned=1"><b>bold</b>', authorName: '<i>me</i>' }));
    const body = part(el, 'body');
    expect(body.querySelector('img, b')).to.be.null;
    expect(body.textContent).to.contain('<img src=x onerror=');
    expect(part(el, 'author').textContent).to.equal('<i>me</i>');
    expect((window as { __pwned?: number }).__pwned).to.be.undefined;
  });

  it('sanitizes bodyHtml with the strict allow-list', async () => {
    const el = await render(
      node({
        body: 'fallback',
        bodyHtml:
          '<p>Hi <strong>there</strong> <a href="https://example.com/a" onclick="window.__pwned=1">ok</a> <a href="javascript:window.__pwned=1">bad</a></p>' +
          '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1"><blockquote>q</blockquote><iframe src="https://example.com"></iframe>',
      }),
    );
    const body = part(el, 'body');
    expect(body.querySelector('script, img, iframe, [onclick]')).to.be.null;
    const links = body.querySelectorAll('a');
    expect(links[0].getAttribute('href')).to.equal('https://example.com/a');
    expect(links[0].getAttribute('rel')).to.equal('nofollow ugc noopener noreferrer');
    expect(links[1].hasAttribute('href')).to.be.false;
    expect(body.querySelector('strong')!.textContent).to.equal('there');
    expect(body.querySelector('blockquote')).to.exist;
    await new Promise((r) => setTimeout(r, 50));
    expect((window as { __pwned?: number }).__pwned).to.be.undefined;
  });

  it('opens an inline reply form with focus inside; Escape closes it and returns focus to Reply', async () => {
    const el = await render(node());
    const reply = part<HTMLButtonElement>(el, 'reply-button');
    reply.click();
    await settle(el);
    const form = part(el, 'reply-form');
    expect(reply.getAttribute('aria-expanded')).to.equal('true');
    expect(form.getAttribute('parent-id')).to.equal('c1');
    expect(deepActiveElement()?.id).to.equal('name');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect(parts(el, 'reply-form')).to.have.length(0);
    expectFocus(reply);
    expect(reply.getAttribute('aria-expanded')).to.equal('false');
  });

  it('Cancel closes the reply form and returns focus to Reply', async () => {
    const el = await render(node());
    part(el, 'reply-button').click();
    await settle(el);
    part(el, 'cancel-button').click();
    await settle(el);
    expect(parts(el, 'reply-form')).to.have.length(0);
    expectFocus(part(el, 'reply-button'));
  });

  it('nests replies and shows deeper ones at the last level with "replying to"', async () => {
    const comments: Comment[] = ['a', 'b', 'c', 'd', 'e'].map((id, i, all) => ({
      id,
      parentId: i === 0 ? null : all[i - 1],
      authorName: id.toUpperCase(),
      body: `body ${id}`,
      createdAt: '2026-11-27T09:00:00Z',
    }));
    const [root] = buildTree(comments, 2);
    const el = await render(root);
    const authors = parts(el, 'author').map((a) => a.textContent);
    expect(authors).to.deep.equal(['A', 'B', 'C', 'D', 'E']);
    expect(parts(el, 'replies')).to.have.length(2, 'only two levels of nesting');
    expect(parts(el, 'replying-to').map((r) => r.textContent)).to.deep.equal(['replying to C', 'replying to D']);
  });

  it('marks an unconfirmed comment as sending and one awaiting moderation as pending', async () => {
    const sending = await render(node({}, { sending: true }));
    expect(part(sending, 'comment').matches('[part~="comment-sending"]')).to.be.true;
    expect(part(sending, 'comment').getAttribute('part')).to.equal('comment comment-sending');
    expect(part(sending, 'status').textContent).to.equal('Sending…');
    expect(part<HTMLButtonElement>(sending, 'reply-button').disabled).to.be.true;
    const pending = await render(node({ status: 'pending' }));
    expect(part(pending, 'comment').matches('[part~="comment-pending"]')).to.be.true;
    expect(part(pending, 'status').textContent).to.equal('Your comment is awaiting moderation');
  });

  it('marks mixed-direction text for the browser to direct', async () => {
    const el = await render(node({ body: 'یہ ایک اچھا مضمون ہے', authorName: 'عائشہ' }));
    expect(part(el, 'body').getAttribute('dir')).to.equal('auto');
    expect(part(el, 'author').getAttribute('dir')).to.equal('auto');
  });
});
