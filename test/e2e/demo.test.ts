/**
 * End to end: the demo page served by the reference server, in headless Chromium (Debian's,
 * driven by playwright-core). A reader posts a comment and a reply, reloads, and finds both.
 * Needs dist/colloquy.js (npm test builds it before this runs).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROME_ARGS, findChrome } from '../../scripts/chrome-path.mjs';
import { startTestServer, type TestServer } from '../server/helpers.js';

let browser: Browser;

before(async () => {
  assert.ok(existsSync(new URL('../../dist/colloquy.js', import.meta.url)), 'dist/colloquy.js is missing: run `npm run build` first');
  const executablePath = findChrome();
  assert.ok(executablePath, 'Chromium is needed: apt-get install -y chromium, or set CHROME_PATH');
  browser = await chromium.launch({ executablePath, args: CHROME_ARGS.filter((a) => !a.startsWith('--headless')), headless: true });
});
after(async () => {
  await browser?.close();
});

async function open(server: TestServer): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${server.url}/`);
  return { page, errors };
}

const section = (page: Page) => page.locator('colloquy-comments');

/** Every comment is an `<article part="comment …">` in the list's shadow root; a reply's is inside its parent's. */
const COMMENT = 'article[part~="comment"]';

/** The comments (their articles) whose own body, not a reply's, contains `text`. */
const commentsSaying = (scope: ReturnType<Page['locator']>, page: Page, text: string, selector = COMMENT) =>
  scope.locator(selector, { has: page.locator(':scope > [part~="body"]', { hasText: text }) });

async function write(scope: ReturnType<Page['locator']>, body: string): Promise<void> {
  const name = scope.locator('#name');
  if ((await name.inputValue()) === '') await name.fill('E2E Reader');
  const email = scope.locator('#email');
  if ((await email.inputValue()) === '') await email.fill('e2e@example.com');
  await scope.locator('textarea').fill(body);
  await scope.locator('[part~="submit-button"]').click();
}

describe('the demo page on the reference server', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ seedDemo: true });
  });
  after(() => server.close());

  it('shows the seeded thread, keeps a posted comment and reply across a reload', async () => {
    const { page, errors } = await open(server);
    const s = section(page);
    await s.locator('[part~="count"]', { hasText: '12 comments' }).waitFor();
    assert.equal(await s.locator('[part~="like-question"]').textContent(), 'Do you like this article?');
    // The QA panel says which store and which instance answered.
    await page.locator('#qa-store', { hasText: 'instance' }).waitFor();
    assert.equal(await page.locator('#qa-store').textContent(), `SQLite, instance ${server.app.instance}`);

    await write(s.locator('[part~="main-form"]'), 'Posted end to end.');
    const mine = commentsSaying(s, page, 'Posted end to end.').last();
    await commentsSaying(s, page, 'Posted end to end.', `${COMMENT}:not([part~="comment-sending"])`).first().waitFor();
    await s.locator('[part~="count"]', { hasText: '13 comments' }).waitFor();

    await mine.locator('[part~="reply-button"]').first().click();
    await write(mine.locator('colloquy-comment-form'), 'And a reply to it.');
    await s.locator('[part~="body"]', { hasText: 'And a reply to it.' }).waitFor();
    await s.locator('[part~="count"]', { hasText: '14 comments' }).waitFor();

    await s.locator('[part~="like-button-yes"]').click();
    await s.locator('[part~="like-thanks"]').waitFor();

    // A comment like, and the sort control (the demo's backend supports likes).
    await mine.locator('[part~="comment-like-button"]').first().click();
    await mine.locator('[part~="comment-likes"]', { hasText: '1 like' }).first().waitFor();
    await s.locator('[part~="sort"]').selectOption('liked');
    await s.locator(COMMENT).first().locator('[part~="body"]', { hasText: 'Posted end to end.' }).first().waitFor();
    await s.locator('[part~="sort"]').selectOption('oldest');

    await page.reload();
    await s.locator('[part~="count"]', { hasText: '14 comments' }).waitFor();
    assert.equal(await mine.locator('[part~="comment-like-button"]').first().getAttribute('aria-pressed'), 'true');
    const parent = commentsSaying(s, page, 'Posted end to end.');
    // The reply is rendered inside its parent's replies.
    assert.equal(await parent.locator('[part~="replies"] [part~="body"]', { hasText: 'And a reply to it.' }).count(), 1);
    assert.equal(await s.locator('[part~="like-button-yes"]').getAttribute('aria-pressed'), 'true');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('the demo page with pre-moderation', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ seedDemo: true, preModeration: true });
  });
  after(() => server.close());

  it('tells the author the comment awaits moderation, shows it to them after a reload, and to nobody else', async () => {
    const { page } = await open(server);
    const s = section(page);
    await s.locator('[part~="count"]', { hasText: '12 comments' }).waitFor();
    await write(s.locator('[part~="main-form"]'), 'Please approve me.');
    await s.locator('[part~="status"]', { hasText: 'Your comment is awaiting moderation' }).waitFor();
    await page.reload();
    await s.locator('[part~="status"]', { hasText: 'Your comment is awaiting moderation' }).waitFor();
    await page.close();
    const other = await browser.newContext();
    const stranger = await other.newPage();
    await stranger.goto(`${server.url}/`);
    await section(stranger).locator('[part~="count"]', { hasText: '12 comments' }).waitFor();
    assert.equal(await section(stranger).locator('[part~="body"]', { hasText: 'Please approve me.' }).count(), 0);
    await other.close();
  });
});

describe('the demo page: own edits, moderation queue, live updates, reports, counts', () => {
  const token = 'e2e-moderator-token-0001';
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ seedDemo: true, preModeration: true, moderatorToken: token });
  });
  after(() => server.close());

  it('an author edits a pending comment, a moderator approves it, another reader is told live and reports it', async () => {
    // A stranger is reading the thread (and the listing counts) before anything happens.
    const strangerContext = await browser.newContext();
    const stranger = await strangerContext.newPage();
    const strangerErrors: string[] = [];
    stranger.on('pageerror', (e) => strangerErrors.push(e.message));
    await stranger.goto(`${server.url}/`);
    const ss = section(stranger);
    await ss.locator('[part~="count"]', { hasText: '12 comments' }).waitFor();
    await stranger.locator('.more').scrollIntoViewIfNeeded();
    await stranger.locator('colloquy-count[thread="article-123"] [part~="count"]', { hasText: '12 comments' }).waitFor();
    assert.equal(await stranger.locator('colloquy-count[thread="article-124"] [part~="count"]').textContent(), 'No comments yet');

    // The author posts (pre-moderation is on) and corrects a typo within the edit window.
    const { page: author, errors } = await open(server);
    const s = section(author);
    await s.locator('[part~="count"]', { hasText: '12 comments' }).waitFor();
    await write(s.locator('[part~="main-form"]'), 'Teh park plan is good.');
    await s.locator('[part~="status"]', { hasText: 'Your comment is awaiting moderation' }).waitFor();
    const mine = commentsSaying(s, author, 'park plan is good.').last();
    await mine.locator('[part~="edit-button"]').first().click();
    // The edit form takes the body's place (so `mine`, found by its body, no longer matches): only one is open.
    await s.locator('[part~="edit-textarea"]').fill('The park plan is good.');
    await s.locator('[part~="edit-save"]').click();
    await s.locator('[part~="body"]', { hasText: 'The park plan is good.' }).waitFor();
    await commentsSaying(s, author, 'The park plan is good.').last().locator('[part~="edited"]').first().waitFor();

    // The moderator opens the queue with the token and approves the edited text.
    const modContext = await browser.newContext();
    const moderator = await modContext.newPage();
    await moderator.goto(`${server.url}/`);
    await moderator.locator('#qa-moderation summary').click();
    const queue = moderator.locator('colloquy-moderation');
    await queue.locator('input[type="password"]').fill('not-the-token-000000');
    await queue.locator('input[type="password"]').press('Enter');
    await queue.locator('[part~="sign-in-error"]').waitFor();
    assert.equal(await queue.locator('[part~="item"]').count(), 0, 'a wrong token lists nothing');
    await queue.locator('input[type="password"]').fill(token);
    await queue.locator('input[type="password"]').press('Enter');
    const item = queue.locator('[part~="item"]', { hasText: 'The park plan is good.' });
    await item.waitFor();
    await item.locator('[part~="approve-button"]').click();
    await queue.locator('[part~="announcement"]', { hasText: 'Approved.' }).waitFor();

    // The stranger is told, without the page moving, and shows it when they choose.
    const fresh = ss.locator('[part~="new-comments"]', { hasText: '1 new comment' });
    await fresh.waitFor();
    assert.equal(await ss.locator('[part~="body"]', { hasText: 'The park plan is good.' }).count(), 0, 'not inserted by itself');
    await fresh.click();
    const shown = commentsSaying(ss, stranger, 'The park plan is good.').last();
    await shown.waitFor();

    // …and reports it.
    await shown.locator('[part~="report-button"]').first().click();
    await shown.locator('[part~="report-reason"]', { hasText: 'Off-topic' }).click();
    await shown.locator('[part~="report-submit"]').click();
    await shown.locator('[part~="report-status"]', { hasText: 'A moderator will review this comment.' }).waitFor();
    await moderator.locator('colloquy-moderation [part~="refresh-button"]').click();
    await queue.locator('[part~="item"]', { hasText: 'The park plan is good.' }).locator('[part~="status"]', { hasText: 'Reported once' }).waitFor();

    assert.deepEqual(errors, []);
    assert.deepEqual(strangerErrors, []);
    await author.close();
    await strangerContext.close();
    await modContext.close();
  });
});
