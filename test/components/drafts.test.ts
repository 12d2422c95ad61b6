/**
 * No typed word is lost: drafts survive a reload, a failed post keeps the text with "Try
 * again", offline is explained, and a remembered name can be forgotten.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ColloquyComments } from '../../src/components/comments/comments.js';
import { AdapterError, type CommentsAdapter } from '../../src/core/adapter.js';
import { DRAFT_SAVE_DELAY } from '../../src/core/drafts.js';
import { ownPart, part, parts, seeded, settle, topArticles, until, loadedSection } from './helpers.js';

beforeEach(() => localStorage.clear());

const section = loadedSection;
const mainField = (el: ColloquyComments, id: string) => part(el, 'main-form').shadowRoot!.querySelector<HTMLInputElement & HTMLTextAreaElement>(`#${id}`)!;
async function type(target: HTMLElement, text: string) {
  target.focus();
  await sendKeys({ type: text });
}
const pause = () => new Promise((r) => setTimeout(r, DRAFT_SAVE_DELAY + 100));

/** Simulates the browser going offline or online. */
function setOnline(online: boolean): void {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

describe('drafts', () => {
  afterEach(() => setOnline(true));

  it('restores the main form after a reload: name, e-mail and comment', async () => {
    const adapter = seeded([]);
    const first = await section(adapter);
    await type(mainField(first, 'name'), 'Amira');
    await type(mainField(first, 'email'), 'amira@example.com');
    await type(mainField(first, 'body'), 'Half-written thoughts 🇵🇰\nsecond line');
    await pause();
    first.remove();
    const again = await section(adapter);
    expect(mainField(again, 'name').value).to.equal('Amira');
    expect(mainField(again, 'email').value).to.equal('amira@example.com');
    expect(mainField(again, 'body').value).to.equal('Half-written thoughts 🇵🇰\nsecond line');
    expect(part(part(again, 'main-form'), 'counter').textContent).to.equal('1465 / 1500');
  });

  it('keeps drafts per thread', async () => {
    const adapter = seeded([]);
    const one = await section(adapter, 't1');
    await type(mainField(one, 'body'), 'for t1');
    await pause();
    expect(localStorage.getItem('colloquy:draft:t1:main')).to.contain('for t1');
    const two = await section(adapter, 't2');
    expect(mainField(two, 'body').value).to.equal('');
    one.remove();
    const again = await section(adapter, 't1');
    expect(mainField(again, 'body').value).to.equal('for t1');
  });

  it('saves a pending draft when the page is hidden, without waiting for the pause', async () => {
    const adapter = seeded([]);
    const first = await section(adapter);
    // One keystroke's worth of input, then the tab goes away at once (well within the typing pause).
    const ta = mainField(first, 'body');
    ta.value = 'typed just before closing the tab';
    ta.dispatchEvent(new InputEvent('input', { inputType: 'insertText', bubbles: true, composed: true }));
    expect(localStorage.getItem('colloquy:draft:t1:main'), 'not saved yet: the pause has not passed').to.equal(null);
    window.dispatchEvent(new Event('pagehide'));
    expect(localStorage.getItem('colloquy:draft:t1:main')).to.contain('typed just before closing the tab');
  });

  it('clears the draft only once the post is confirmed, and remembers name and e-mail', async () => {
    const adapter = seeded([]);
    const el = await section(adapter);
    await type(mainField(el, 'name'), 'Lee');
    await type(mainField(el, 'email'), 'lee@example.com');
    await type(mainField(el, 'body'), 'Posted for real');
    part(part(el, 'main-form'), 'submit-button').click();
    await until(() => mainField(el, 'body').value === '', 'post');
    await pause();
    expect(localStorage.getItem('colloquy:draft:t1:main') ?? '').not.to.contain('Posted for real');
    // Another article: the name and e-mail are filled in, with a way to forget them.
    const other = await section(adapter, 't2');
    expect(mainField(other, 'name').value).to.equal('Lee');
    expect(mainField(other, 'email').value).to.equal('lee@example.com');
    const forget = part(part(other, 'main-form'), 'forget-button');
    expect(forget.textContent!.trim()).to.equal('Forget my name and e-mail');
    await expect(other).to.be.accessible();
    forget.click();
    await settle(other);
    expect(mainField(other, 'name').value).to.equal('');
    expect(localStorage.getItem('colloquy:identity')).to.equal(null);
    expect(parts(part(other, 'main-form'), 'forget-button')).to.have.length(0);
  });

  it('keeps the text when the post fails, and restores it after a reload too', async () => {
    const inner = seeded([]);
    const adapter: CommentsAdapter = {
      listComments: (t, o) => inner.listComments(t, o),
      postComment: async () => {
        throw new AdapterError('server', 'boom');
      },
    };
    const el = await section(adapter);
    await type(mainField(el, 'name'), 'Sam');
    await type(mainField(el, 'email'), 'sam@example.com');
    await type(mainField(el, 'body'), 'Do not lose me');
    part(part(el, 'main-form'), 'submit-button').click();
    await until(() => !part(el, 'post-error').hidden, 'error');
    expect(mainField(el, 'body').value).to.equal('Do not lose me');
    el.remove();
    const again = await section(adapter);
    expect(mainField(again, 'body').value).to.equal('Do not lose me');
  });

  it('reopens a reply form that was being written before a reload, with its text', async () => {
    const adapter = seeded();
    const el = await section(adapter);
    const first = topArticles(el)[0]!;
    ownPart<HTMLButtonElement>(first, 'reply-button')!.click();
    await settle(el);
    const form = ownPart(first, 'reply-form')!;
    await type(form.shadowRoot!.querySelector('textarea')!, 'A reply in progress');
    await pause();
    el.remove();
    const again = await section(adapter);
    const reopened = topArticles(again)[0]!;
    const restored = ownPart(reopened, 'reply-form');
    expect(restored, 'reply form reopened').to.exist;
    expect(restored!.shadowRoot!.querySelector('textarea')!.value).to.equal('A reply in progress');
    expect(ownPart(reopened, 'reply-button')!.getAttribute('aria-expanded')).to.equal('true');
  });
});

describe('offline', () => {
  afterEach(() => setOnline(true));

  it('says so, keeps the text, does not call the backend, and posts once back online', async () => {
    const inner = seeded([]);
    let posts = 0;
    const adapter: CommentsAdapter = {
      listComments: (t, o) => inner.listComments(t, o),
      postComment: (t, i, o) => {
        posts++;
        return inner.postComment(t, i, o);
      },
    };
    const el = await section(adapter);
    setOnline(false);
    await settle(el);
    const notice = part(part(el, 'main-form'), 'offline');
    expect(notice.hidden).to.be.false;
    expect(notice.textContent).to.contain('You are offline');
    await type(mainField(el, 'name'), 'Kim');
    await type(mainField(el, 'email'), 'kim@example.com');
    await type(mainField(el, 'body'), 'Written on the train');
    part(part(el, 'main-form'), 'submit-button').click();
    await settle(el);
    expect(posts).to.equal(0);
    expect(part(el, 'post-error').textContent).to.contain('You are offline, so your comment was not sent');
    expect(mainField(el, 'body').value).to.equal('Written on the train');
    await expect(el).to.be.accessible();
    setOnline(true);
    await settle(el);
    expect(part(part(el, 'main-form'), 'offline').hidden).to.be.true;
    part(el, 'post-retry').click();
    await until(() => mainField(el, 'body').value === '', 'post after reconnecting');
    expect(posts).to.equal(1);
  });
});

describe('plain-text bodies and author links', () => {
  it('turns bare URLs into safe links and leaves other schemes as text', async () => {
    const el = await section(
      seeded([
        {
          body: 'Read https://example.com/report. Not javascript:alert(1) nor data:text/html,x',
          authorName: 'Web',
          authorUrl: 'https://web.example/me',
          avatarUrl: 'https://img.example/a.png',
        },
        { body: 'x', authorName: 'Bad', authorUrl: 'javascript:alert(1)', avatarUrl: 'javascript:alert(1)' },
      ]),
    );
    const links = parts(el, 'body').flatMap((b) => [...b.querySelectorAll('a')]);
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['https://example.com/report']);
    expect(links[0].getAttribute('rel')).to.equal('nofollow ugc noopener noreferrer');
    expect(links[0].textContent).to.equal('https://example.com/report');
    const authors = parts(el, 'author');
    expect(authors[0].tagName).to.equal('A');
    expect(authors[0].getAttribute('href')).to.equal('https://web.example/me');
    expect(authors[0].getAttribute('rel')).to.equal('nofollow ugc noopener noreferrer');
    expect(authors[1].tagName).to.equal('SPAN');
    expect(parts(el, 'avatar').map((i) => i.getAttribute('src'))).to.deep.equal(['https://img.example/a.png']);
    await expect(el).to.be.accessible();
  });
});

describe('an edit after a post whose answer was lost', () => {
  it('stores nothing twice, keeps the edited text and says why', async () => {
    const inner = seeded([]);
    let loseAnswer = true;
    const adapter: CommentsAdapter = {
      listComments: (t, o) => inner.listComments(t, o),
      postComment: async (t, i, o) => {
        const saved = await inner.postComment(t, i, o);
        if (loseAnswer) throw new AdapterError('network', 'the answer was lost');
        return saved;
      },
    };
    const el = await section(adapter);
    await type(mainField(el, 'name'), 'Ola');
    await type(mainField(el, 'email'), 'ola@example.com');
    await type(mainField(el, 'body'), 'First version');
    part(part(el, 'main-form'), 'submit-button').click();
    await until(() => !part(el, 'post-error').hidden, 'lost answer');
    loseAnswer = false;
    await type(mainField(el, 'body'), ', edited');
    part(part(el, 'main-form'), 'submit-button').click();
    await until(() => part(el, 'post-error').textContent!.includes('earlier version'), 'notice');
    expect((await inner.listComments('t1', {})).comments.map((c) => c.body)).to.deep.equal(['First version']);
    expect(mainField(el, 'body').value).to.equal('First version, edited');
    await settle(el);
    // Posting again is now a deliberate new comment.
    part(part(el, 'main-form'), 'submit-button').click();
    await until(() => mainField(el, 'body').value === '', 'new comment');
    expect((await inner.listComments('t1', {})).comments.map((c) => c.body)).to.deep.equal(['First version', 'First version, edited']);
  });
});

describe('a reload while a post is in flight', () => {
  it('restores the text with its key: posting it again returns the stored comment, not a second one', async () => {
    const inner = seeded([]);
    let release: () => void = () => {};
    let hold = true;
    const adapter: CommentsAdapter = {
      listComments: (t, o) => inner.listComments(t, o),
      postComment: async (t, i, o) => {
        if (hold) await new Promise<void>((r) => (release = r));
        return inner.postComment(t, i, o);
      },
    };
    const first = await section(adapter);
    await type(mainField(first, 'name'), 'Nia');
    await type(mainField(first, 'email'), 'nia@example.com');
    await type(mainField(first, 'body'), 'Sent just before the reload');
    part(part(first, 'main-form'), 'submit-button').click();
    await settle(first);
    first.remove(); // the reader reloads the page
    const again = await section(adapter);
    expect(mainField(again, 'body').value).to.equal('Sent just before the reload');
    release(); // the first request lands after the reload
    hold = false;
    await new Promise((r) => setTimeout(r, 20));
    part(part(again, 'main-form'), 'submit-button').click();
    await until(() => mainField(again, 'body').value === '', 'post');
    expect((await inner.listComments('t1', {})).comments.map((c) => c.body)).to.deep.equal(['Sent just before the reload']);
  });
});
