/**
 * DOMPurify arrives lazily (its own file, so this module's copy has not loaded it yet): the
 * plain text shows until then, and a comment replaced by a new object with the same body while
 * it loads (a like, a reload) still gets its HTML body, and `updateComplete` still settles.
 */
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { ColloquyComment } from '../../src/components/comment/comment.js';
import type { CommentNode } from '../../src/core/thread.js';
import { sanitizerReady } from '../../src/core/sanitize.js';

const node = (extra: object = {}): CommentNode => ({
  comment: { id: 'h', parentId: null, authorName: 'A', body: 'Plain words', bodyHtml: '<p>Rich <em>words</em></p>', createdAt: new Date().toISOString(), status: 'published', ...extra },
  depth: 0,
  children: [],
  sending: false,
});

describe('comment with an HTML body, before DOMPurify has loaded', () => {
  it('shows the text, then the HTML, even when the comment object is replaced while loading', async () => {
    expect(sanitizerReady(), 'DOMPurify not loaded yet in this page').to.be.false;
    const el = document.createElement('colloquy-comment') as ColloquyComment;
    el.node = node();
    document.body.append(el);
    await new Promise((r) => requestAnimationFrame(r)); // rendered once: the text, DOMPurify on its way
    expect(sanitizerReady(), 'still loading').to.be.false;
    expect(el.shadowRoot!.querySelector('[part~="body"]')!.textContent!.trim()).to.equal('Plain words');
    el.node = node({ likes: 1 }); // same body, new object
    await el.updateComplete;
    const body = el.shadowRoot!.querySelector('[part~="body"]')!;
    expect(body.querySelector('em')?.textContent).to.equal('words');
    expect(body.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Rich words');
    el.remove();
  });
});
