/**
 * Issue 7, the comment list rewritten as templates in one shadow root: off-screen comments skip
 * layout and paint (`content-visibility: auto`) while find-in-page, `#comment-<id>` links, focus
 * moves and "scroll to the new comment" still reach them; "Load more" and "Try again" leave focus
 * on the first comment that arrived (keyboard only); the "new comments" button wraps at 320 px;
 * a comment's accessible name tells two "Anonymous" apart; the banner and Save keep their edge in
 * forced colors; combining marks stay inside their comment; forms exist only while open.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ColloquyComments } from '../../src/components/comments/comments.js';
import type { MemoryAdapter, SeedComment } from '../../src/adapters/memory.js';
import { AdapterError, type CommentsAdapter } from '../../src/core/adapter.js';
import {
  commentArticle,
  commentArticles,
  commentId,
  commentList,
  deepActiveElement,
  describeElement,
  expectFocus,
  loadedSection,
  ownPart,
  part,
  parts,
  seeded,
  settle,
  topArticles,
  until,
} from './helpers.js';

beforeEach(() => localStorage.clear());

/** The viewport @web/test-runner starts with (restored after the 320 px tests). */
const VIEWPORT = { width: 800, height: 600 };

/** A section with `attrs` set before it first renders, once its first load has ended. */
async function sectionWith(adapter: CommentsAdapter, attrs: { pageSize?: number; lang?: string; style?: string; required?: string } = {}): Promise<ColloquyComments> {
  const el = await fixture<ColloquyComments>(html`<colloquy-comments
    thread="t1"
    page-size=${attrs.pageSize ?? 20}
    lang=${attrs.lang ?? 'en'}
    style=${attrs.style ?? ''}
    required=${attrs.required ?? 'name email'}
    .adapter=${adapter}
  ></colloquy-comments>`);
  await until(() => el.threadStore?.status !== 'loading', 'the first load');
  await settle(el);
  return el;
}

/** 150 top-level comments c1…c150, oldest first, each saying something found nowhere else ("zq140x"). */
function longThread(): SeedComment[] {
  return Array.from({ length: 150 }, (_, i) => ({ id: `c${i + 1}`, authorName: `Reader ${i + 1}`, body: `Comment number ${i + 1} says zq${i + 1}x.` }));
}

/** A section on a 150-comment thread, pages of 100, with both pages loaded; the page scrolled to the top. */
async function longSection(adapter: MemoryAdapter = seeded(longThread(), { required: ['body'] })): Promise<ColloquyComments> {
  window.scrollTo(0, 0);
  const el = await sectionWith(adapter, { pageSize: 100, required: '' });
  expect(topArticles(el)).to.have.length(100);
  part(el, 'load-more').click();
  await until(() => topArticles(el).length === 150, 'the second page', 5000);
  await settle(el);
  window.scrollTo(0, 0);
  await frames();
  return el;
}

/** Waits for `n` rendered frames (content-visibility decides what is drawn at a frame). */
async function frames(n = 2): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => requestAnimationFrame(() => r()));
}

/** The article of comment `id` in the section's list (throws when it is not shown). */
function articleOf(el: ColloquyComments, id: string): HTMLElement {
  const found = commentArticles(el).find((a) => commentId(a) === id);
  if (!found) throw new Error(`comment ${id} is not shown`);
  return found;
}

/** Asserts that `el` lies wholly inside the viewport, once the frames after a scroll have been drawn. */
async function expectInViewport(el: Element, what: string): Promise<void> {
  await frames();
  const r = el.getBoundingClientRect();
  const where = `${what}: top ${Math.round(r.top)}, bottom ${Math.round(r.bottom)}, viewport height ${innerHeight}`;
  expect(r.height, `${where} (not laid out)`).to.be.greaterThan(0);
  // A pixel of slack: layout positions are fractional.
  expect(r.top > -1 && r.bottom < innerHeight + 1, where).to.equal(true);
}

/** The part `name` of the comment shown in `article` itself (throws when it has none). */
function own<T extends HTMLElement = HTMLElement>(article: Element, name: string): T {
  const found = ownPart<T>(article, name);
  if (!found) throw new Error(`${describeElement(article)} has no ${name}`);
  return found;
}

/** Presses Tab (or Shift+Tab) until `done()`, at most `max` times. */
async function tabUntil(done: () => boolean, what: string, { back = false, max = 30 } = {}): Promise<void> {
  for (let i = 0; i < max && !done(); i++) await sendKeys({ press: back ? 'Shift+Tab' : 'Tab' });
  if (!done()) throw new Error(`Tab never reached ${what}; focus is on ${describeElement(deepActiveElement())}`);
}

/** The list's polite status region for announcements (the last `role="status"` of its root). */
function announcer(el: ColloquyComments): HTMLElement {
  const all = commentList(el).shadowRoot!.querySelectorAll<HTMLElement>('[role="status"]');
  const last = all[all.length - 1];
  if (!last) throw new Error('the list has no status region');
  return last;
}

/** Another reader posting on the same backend (announced to the section by live updates). */
function otherReader(adapter: MemoryAdapter): (body: string) => Promise<unknown> {
  const them = adapter.forVisitor('someone-else');
  let n = 0;
  return (body) => them.postComment('t1', { authorName: 'Other', body, parentId: null }, { idempotencyKey: `other-${++n}` });
}

/** Posts `body` through the main form with the keyboard; resolves once focus is on the new comment (which it returns). */
async function postWithKeyboard(el: ColloquyComments, body: string): Promise<HTMLElement> {
  const form = part(el, 'main-form');
  form.shadowRoot!.querySelector<HTMLTextAreaElement>('#body')!.focus();
  await sendKeys({ type: body });
  const submit = part(form, 'submit-button');
  await tabUntil(() => deepActiveElement() === submit, 'Post');
  await sendKeys({ press: 'Enter' });
  await until(() => {
    const a = deepActiveElement();
    return a?.localName === 'article' && !!ownPart(a, 'body')?.textContent?.includes(body);
  }, 'focus on the posted comment', 5000);
  await settle(el);
  return deepActiveElement() as HTMLElement;
}

/** The text of a selection made inside the list's shadow root (Chromium's `ShadowRoot.getSelection()`). */
function shadowSelection(root: ShadowRoot): Selection | null {
  return (root as ShadowRoot & { getSelection?: () => Selection | null }).getSelection?.() ?? null;
}

describe('issue 7: the list of comments', () => {
  it('is accessible with a reply form open', async () => {
    const el = await loadedSection(seeded());
    await expect(el).to.be.accessible();
    own<HTMLButtonElement>(topArticles(el)[0]!, 'reply-button').click();
    await settle(el);
    await expect(el).to.be.accessible();
  });
});

describe('issue 7: a long thread skips off-screen comments yet every way to a comment reaches it', () => {
  // Each test may scroll the page or set the address: put both back.
  afterEach(() => {
    history.replaceState(null, '', location.pathname + location.search);
    window.scrollTo(0, 0);
  });

  it('gives every top-level comment content-visibility: auto with a remembered intrinsic size, and draws the far ones only when reached', async function () {
    this.timeout(20_000);
    const el = await longSection();
    const tops = topArticles(el);
    for (const a of tops) {
      const s = getComputedStyle(a);
      expect(s.contentVisibility, `content-visibility of ${commentId(a)}`).to.equal('auto');
      expect(s.getPropertyValue('contain-intrinsic-size').split(/\s+/), `contain-intrinsic-size of ${commentId(a)}`).to.include('auto');
    }
    // Far below the fold, comment 140's content is skipped…
    const far = articleOf(el, 'c140');
    const body = own(far, 'body');
    expect(far.getBoundingClientRect().top).to.be.greaterThan(innerHeight);
    expect(body.checkVisibility({ contentVisibilityAuto: true }), 'skipped while off screen').to.equal(false);
    // …and drawn once scrolled to.
    far.scrollIntoView({ block: 'center' });
    await frames();
    expect(body.checkVisibility({ contentVisibilityAuto: true }), 'drawn once on screen').to.equal(true);
    await expectInViewport(far, 'comment 140 after scrollIntoView');
  });

  it('find-in-page (window.find) finds the text of comment 140 and brings it into view', async function () {
    this.timeout(20_000);
    const el = await longSection();
    const far = articleOf(el, 'c140');
    expect(far.getBoundingClientRect().top).to.be.greaterThan(innerHeight);
    getSelection()?.removeAllRanges();
    // window.find is non-standard (Chromium has it) and searches shadow trees too.
    const found = (window as unknown as { find(text: string): boolean }).find('zq140x');
    expect(found, 'window.find found the text').to.equal(true);
    const selection = shadowSelection(commentList(el).shadowRoot!);
    expect(String(selection)).to.equal('zq140x');
    const anchor = selection!.anchorNode!;
    expect(far.contains(anchor), `the match is in comment 140, not in ${describeElement(anchor.parentElement)}`).to.equal(true);
    await expectInViewport(own(far, 'body'), 'the body of comment 140 after find');
    expect(own(far, 'body').checkVisibility({ contentVisibilityAuto: true })).to.equal(true);
  });

  it('a #comment-<id> link followed after the section loaded focuses that comment, in view', async function () {
    this.timeout(20_000);
    const el = await longSection();
    const far = articleOf(el, 'c140');
    location.hash = '#comment-c140';
    await until(() => deepActiveElement() === far, 'focus on comment 140 after the hashchange');
    await settle(el);
    expectFocus(far, 'comment 140');
    await expectInViewport(far, 'comment 140 after the hashchange');
  });

  it('a section created while the address is already #comment-<id> focuses that comment after its first load', async function () {
    this.timeout(20_000);
    window.scrollTo(0, 0);
    // Set without a hashchange: only the section's first load can act on it. Comment 95 is far
    // down the first page (pages of 100; comment 140 only comes with the second page).
    history.replaceState(null, '', `${location.pathname}${location.search}#comment-c95`);
    const el = await sectionWith(seeded(longThread()), { pageSize: 100 });
    const target = articleOf(el, 'c95');
    await until(() => deepActiveElement() === target, 'focus on comment 95 after the first load');
    await expectInViewport(target, 'comment 95 after the first load');
  });

  it('focusComment(id) on a far-off comment focuses it and brings it into view', async function () {
    this.timeout(20_000);
    const el = await longSection();
    const far = articleOf(el, 'c140');
    expect(far.getBoundingClientRect().top).to.be.greaterThan(innerHeight);
    expect(await commentList(el).focusComment('c140')).to.equal(true);
    expectFocus(far, 'comment 140');
    await expectInViewport(far, 'comment 140 after focusComment');
    // And back up to the first one.
    expect(await commentList(el).focusComment('c1')).to.equal(true);
    expectFocus(articleOf(el, 'c1'), 'comment 1');
    await expectInViewport(articleOf(el, 'c1'), 'comment 1 after focusComment');
  });

  it('posting at the top of a long thread scrolls to the new comment at its end and focuses it', async function () {
    this.timeout(20_000);
    const el = await longSection();
    const mine = await postWithKeyboard(el, 'My words after 150 others.');
    expect(topArticles(el)).to.have.length(151);
    expect(topArticles(el).at(-1) === mine, 'the new comment is the last (oldest first)').to.equal(true);
    await expectInViewport(mine, 'the new comment');
  });
});

describe('issue 7: "Load more" and "Try again", keyboard only', () => {
  it('"Load more" moves focus to the first comment that arrived and announces how many came (replies too)', async function () {
    this.timeout(15_000);
    const thread: SeedComment[] = [
      { id: 'c1', authorName: 'Amira', body: 'One.' },
      { id: 'c2', authorName: 'Bo', body: 'Two.' },
      { id: 'c3', authorName: 'Cy', body: 'Three.' },
      { id: 'r3', authorName: 'Dee', body: 'An answer to three.', parentId: 'c3' },
      { id: 'c4', authorName: 'Eve', body: 'Four.' },
      { id: 'c5', authorName: 'Fay', body: 'Five.' },
    ];
    const el = await sectionWith(seeded(thread), { pageSize: 2 });
    expect(topArticles(el).map(commentId)).to.deep.equal(['c1', 'c2']);
    const more = part<HTMLButtonElement>(el, 'load-more');
    more.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => topArticles(el).length === 4, 'the second page');
    await until(() => deepActiveElement() !== more && deepActiveElement() !== document.body, 'focus to move');
    await settle(el);
    expectFocus(articleOf(el, 'c3'), 'the first comment of the second page');
    expect(announcer(el).textContent!.trim()).to.equal('3 more comments loaded');
    await expect(el).to.be.accessible();

    // Back to the button (it stays: one more page), then the last page.
    const again = part<HTMLButtonElement>(el, 'load-more');
    await tabUntil(() => deepActiveElement() === again, '"Load more"');
    await sendKeys({ press: 'Enter' });
    await until(() => topArticles(el).length === 5, 'the last page');
    await until(() => deepActiveElement() !== document.body && deepActiveElement() !== again, 'focus to move');
    await settle(el);
    expect(parts(el, 'load-more'), 'no "Load more" after the last page').to.have.length(0);
    expectFocus(articleOf(el, 'c5'), 'the comment of the last page');
    expect(announcer(el).textContent!.trim()).to.equal('1 more comment loaded');
  });

  it('"Try again" after a failed first load moves focus to the first comment, not the page', async () => {
    const inner = seeded([
      { id: 'a', authorName: 'Amira', body: 'First.' },
      { id: 'b', authorName: 'Bo', body: 'Second.' },
    ]);
    let calls = 0;
    const adapter: CommentsAdapter = {
      listComments: async (t, o) => {
        if (calls++ === 0) throw new AdapterError('network', 'offline for a moment');
        return inner.listComments(t, o);
      },
      postComment: (t, i, o) => inner.postComment(t, i, o),
    };
    const el = await loadedSection(adapter);
    expect(el.threadStore?.status).to.equal('error');
    const retry = part<HTMLButtonElement>(el, 'retry-button');
    retry.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => topArticles(el).length === 2, 'the thread');
    await until(() => deepActiveElement()?.localName === 'article', 'focus on a comment');
    await settle(el);
    expectFocus(articleOf(el, 'a'), 'the first comment');
    expect(calls).to.equal(2);
  });
});

describe('issue 7: "N new comments — show" at 320 px', () => {
  afterEach(async () => {
    await setViewport(VIEWPORT);
  });

  for (const [lang, word] of [
    ['fr', 'afficher'],
    ['ru', 'показать'],
  ] as const) {
    it(`wraps inside the section in ${lang} instead of overflowing it`, async () => {
      await setViewport({ width: 320, height: 640 });
      const adapter = seeded([{ id: 'a', authorName: 'Amira', body: 'First.' }], { required: ['body'] });
      // The page's text is 18 px (as on many phones): the label then needs two lines in either language.
      const el = await sectionWith(adapter, { lang, style: 'display: block; inline-size: 320px; max-inline-size: 100%; font-size: 18px' });
      const post = otherReader(adapter);
      await post('Hello from elsewhere.');
      await post('And again.');
      await until(() => parts(el, 'new-comments').length === 1 && part(el, 'new-comments').textContent!.includes(word), `the ${lang} button`);
      await settle(el);
      const button = part(el, 'new-comments');
      const base = part(el, 'base');
      const b = button.getBoundingClientRect();
      const s = base.getBoundingClientRect();
      expect(s.width, 'the section is 320 px wide').to.be.at.most(320);
      expect(b.left, 'button left vs section left').to.be.at.least(s.left);
      expect(b.right, 'button right vs section right').to.be.at.most(s.right);
      expect(base.scrollWidth, 'the section does not scroll sideways').to.be.at.most(base.clientWidth);
      expect(document.documentElement.scrollWidth, 'the page does not scroll sideways').to.be.at.most(innerWidth);
      expect(button.scrollWidth, 'the text does not overflow the button').to.be.at.most(button.clientWidth);
      // The label is longer than one line can hold here, so the button is several lines high.
      const cs = getComputedStyle(button);
      const canvas = document.createElement('canvas').getContext('2d')!;
      canvas.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const oneLine = canvas.measureText(button.textContent!.trim()).width;
      const room = b.width - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - parseFloat(cs.borderLeftWidth) - parseFloat(cs.borderRightWidth);
      expect(oneLine, 'the label is too long for one line at 320 px (else this test proves nothing)').to.be.greaterThan(room);
      const range = document.createRange();
      range.selectNodeContents(button);
      const lineTops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      expect(lineTops.size, 'lines of the label').to.be.at.least(2);
    });
  }
});

describe('issue 7: accessible names', () => {
  it('names a comment "<author>, <time>": two "Anonymous" comments are told apart', async () => {
    const el = await loadedSection(
      seeded([
        { id: 'x', authorName: null, body: 'Said on Friday.', createdAt: '2024-03-01T10:00:00.000Z' },
        { id: 'y', authorName: null, body: 'Said on Saturday.', createdAt: '2024-03-02T15:30:00.000Z' },
      ]),
    );
    const [x, y] = [articleOf(el, 'x'), articleOf(el, 'y')];
    const [lx, ly] = [x.getAttribute('aria-label')!, y.getAttribute('aria-label')!];
    expect(lx.startsWith('Anonymous, '), lx).to.equal(true);
    expect(ly.startsWith('Anonymous, '), ly).to.equal(true);
    expect(lx).to.not.equal(ly);
    // The time in words, as the timestamp's title gives it.
    expect(lx).to.equal(`Anonymous, ${own(x, 'timestamp').title}`);
    expect(ly).to.equal(`Anonymous, ${own(y, 'timestamp').title}`);
  });
});

describe('issue 7: forced colors (Windows High Contrast)', () => {
  afterEach(async () => {
    await executeServerCommand('emulate-forced-colors', { forcedColors: 'none' });
    expect(matchMedia('(forced-colors: active)').matches, 'forced colors reset').to.equal(false);
  });

  it('the "new comments" button and the edit form\'s Save keep a visible border', async () => {
    const adapter = seeded([{ id: 'a', authorName: 'Amira', body: 'First.' }], { required: ['body'] });
    const el = await sectionWith(adapter, { required: '' });
    const mine = await postWithKeyboard(el, 'Mine, to edit.');
    await otherReader(adapter)('Hello from elsewhere.');
    await until(() => parts(el, 'new-comments').length === 1, 'the "new comments" button');
    own<HTMLButtonElement>(mine, 'edit-button').click();
    await settle(el);
    const save = own(mine, 'edit-save');
    const banner = part(el, 'new-comments');

    await executeServerCommand('emulate-forced-colors', { forcedColors: 'active' });
    expect(matchMedia('(forced-colors: active)').matches, 'forced colors emulated').to.equal(true);
    for (const [what, button] of [
      ['"new comments"', banner],
      ['Save', save],
    ] as const) {
      const s = getComputedStyle(button);
      expect(parseFloat(s.borderTopWidth), `${what}: border width`).to.be.greaterThan(0);
      expect(s.borderTopStyle, `${what}: border style`).to.not.be.oneOf(['none', 'hidden']);
      expect(s.borderTopColor, `${what}: border color`).to.not.be.oneOf(['transparent', 'rgba(0, 0, 0, 0)']);
      expect(s.borderTopColor, `${what}: border against its own background`).to.not.equal(s.backgroundColor);
    }
  });
});

describe('issue 7: hostile text', () => {
  /** 20,000 combining acute accents on one letter: a column of marks that grows upward. */
  const marks = (letter: string) => letter + '\u0301'.repeat(20_000);

  it('keeps a letter under 20,000 combining marks, in a body or a name, from drawing over the comment above', async function () {
    this.timeout(20_000);
    const el = await loadedSection(
      seeded([
        { id: 'above', authorName: 'Amira', body: 'The comment above.' },
        { id: 'body', authorName: 'Bo', body: marks('a') },
        { id: 'above-name', authorName: 'Cy', body: 'Above a hostile name.' },
        { id: 'name', authorName: marks('n'), body: 'A plain body under a hostile name.' },
        { id: 'parent', authorName: 'Dee', body: 'A parent.' },
        { id: 'reply-above', authorName: 'Eve', body: 'The reply above.', parentId: 'parent' },
        { id: 'reply', authorName: 'Fay', body: marks('r'), parentId: 'parent' },
      ]),
    );
    const list = commentList(el);
    // Names are cut to 200 characters at the adapter boundary.
    expect(own(articleOf(el, 'name'), 'author').textContent!.length).to.equal(200);
    for (const [previous, hostile] of [
      ['above', 'body'],
      ['above-name', 'name'],
      ['reply-above', 'reply'],
    ]) {
      // What keeps the marks' ink inside: the comment clips what overflows it. (Top-level
      // comments are also paint-contained by content-visibility; a reply is not.) Hit testing
      // below sees boxes, not ink: it catches a box that grows over the comment above, but
      // cannot see the ink of the marks, so it passes without the clip too.
      const bad = articleOf(el, hostile);
      expect(getComputedStyle(bad).overflow, `overflow of ${hostile}`).to.equal('clip');
      const prev = articleOf(el, previous);
      const body = own(prev, 'body');
      body.scrollIntoView({ block: 'center' });
      await frames();
      const r = body.getBoundingClientRect();
      const hit = list.shadowRoot!.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      expect(!!hit && prev.contains(hit) && hit.closest('article') === prev, `${previous}'s body is what is at its middle, not ${describeElement(hit)}`).to.equal(true);
    }
  });
});

describe('issue 7: reply, edit, delete and report forms exist only while open', () => {
  const panels = ['edit-form', 'delete-confirm', 'report-form'];
  const all = ['reply-form', ...panels];
  const count = (el: ColloquyComments, name: string) => commentList(el).shadowRoot!.querySelectorAll(`[part~="${name}"]`).length;
  /** How many panels (edit, delete, report) comment `article` itself has open. */
  const openPanels = (article: HTMLElement) => panels.filter((p) => ownPart(article, p) !== null).length;

  it('renders none until asked, one reply form when one is opened, and at most one panel per comment', async () => {
    const adapter = seeded(
      [
        { id: 'a', authorName: 'Amira', body: 'Somebody else wrote this.' },
        { id: 'b', authorName: 'Bo', body: 'And this.' },
      ],
      { required: ['body'] },
    );
    const el = await sectionWith(adapter, { required: '' });
    const mine = await postWithKeyboard(el, 'My own comment.');
    const theirs = commentArticle(el, 'Somebody else wrote this.');
    // Likes, reports and edits are offered…
    own(theirs, 'comment-like-button');
    own(theirs, 'report-button');
    own(mine, 'edit-button');
    own(mine, 'delete-button');
    // …but none of their forms exists yet.
    for (const name of all) expect(count(el, name), `${name} before anything is opened`).to.equal(0);

    own<HTMLButtonElement>(theirs, 'reply-button').click();
    await settle(el);
    expect(count(el, 'reply-form'), 'reply forms').to.equal(1);
    expect(ownPart(theirs, 'reply-form') !== null, 'the reply form is the one of that comment').to.equal(true);
    for (const name of panels) expect(count(el, name), name).to.equal(0);

    own<HTMLButtonElement>(theirs, 'report-button').click();
    await settle(el);
    expect(count(el, 'report-form')).to.equal(1);
    expect(openPanels(theirs)).to.equal(1);
    expect(count(el, 'reply-form'), 'the reply form stays open beside the report form').to.equal(1);

    // On the reader's own comment: Edit, then Delete replaces the edit form.
    own<HTMLButtonElement>(mine, 'edit-button').click();
    await settle(el);
    expect(openPanels(mine)).to.equal(1);
    expect(ownPart(mine, 'edit-form') !== null, 'the edit form').to.equal(true);
    own<HTMLButtonElement>(mine, 'delete-button').click();
    await settle(el);
    expect(openPanels(mine)).to.equal(1);
    expect(ownPart(mine, 'delete-confirm') !== null, 'the delete confirmation').to.equal(true);
    expect(count(el, 'edit-form'), 'the edit form is gone').to.equal(0);
    for (const a of commentArticles(el)) expect(openPanels(a), `panels of ${commentId(a)}`).to.be.at.most(1);
    await expect(el).to.be.accessible();

    // Closed, they are gone again.
    own<HTMLButtonElement>(mine, 'delete-cancel').click();
    own<HTMLButtonElement>(theirs, 'report-cancel').click();
    own<HTMLButtonElement>(theirs, 'reply-button').click();
    await settle(el);
    for (const name of all) expect(count(el, name), `${name} after closing`).to.equal(0);
  });
});
