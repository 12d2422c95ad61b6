/**
 * The reader's own comments: Edit (inline form, draft kept, failures explained, text kept) and
 * Delete (inline confirmation) while the edit window is open and nobody has answered; the
 * "edited" marker; placeholders for deleted and hidden comments that still have replies.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ColloquyComments } from '../../src/components/comments/comments.js';
import type { ErrorDetail } from '../../src/components/shared/events.js';
import type { MemoryAdapter, SeedComment } from '../../src/adapters/memory.js';
import { DRAFT_SAVE_DELAY } from '../../src/core/drafts.js';
import { commentArticle, deepActiveElement, deepQueryAll, expectFocus, ownPart, part, parts, seeded, settle, until } from './helpers.js';

beforeEach(() => localStorage.clear());

const others: SeedComment[] = [
  { id: 'a', body: 'Somebody else wrote this.', authorName: 'Amira' },
  { id: 'b', body: 'And this.', authorName: 'Bo' },
];

/** Comments need only a body here. */
const memory = (seed: SeedComment[], options: Parameters<typeof seeded>[1] = {}) => seeded(seed, { required: ['body'], ...options });

async function section(adapter: MemoryAdapter): Promise<ColloquyComments> {
  const el = await fixture<ColloquyComments>(html`<colloquy-comments thread="t1" required="" maxlength="200" .adapter=${adapter}></colloquy-comments>`);
  await until(() => el.threadStore?.status !== 'loading', 'load');
  await settle(el);
  return el;
}

const bodies = (el: Element) => parts(el, 'body').map((b) => b.textContent!.replace(/\s+/g, ' ').trim());

/** The article of the comment whose own body (not a reply's) contains `text`. */
const comment = commentArticle;

/** A part of this comment itself (not of its replies). */
function own<T extends HTMLElement = HTMLElement>(c: HTMLElement, name: string): T | null {
  return ownPart<T>(c, name);
}

/** Asserts that this comment itself has no part `name` (without handing elements to chai). */
function absent(c: HTMLElement, name: string, why = `no ${name}`): void {
  expect(own(c, name) === null, why).to.equal(true);
}

/** Posts through the main form, as a reader does, and waits for the confirmation. */
async function post(el: ColloquyComments, body: string): Promise<HTMLElement> {
  const ta = part(el, 'main-form').shadowRoot!.querySelector('textarea')!;
  ta.value = body;
  ta.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  part(part(el, 'main-form'), 'submit-button').click();
  await until(() => parts(el, 'comment-sending').length === 0 && bodies(el).includes(body), 'the post');
  await settle(el);
  return comment(el, body);
}

async function openEdit(el: ColloquyComments, c: HTMLElement): Promise<HTMLTextAreaElement> {
  own(c, 'edit-button')!.click();
  await settle(el);
  return own<HTMLTextAreaElement>(c, 'edit-textarea')!;
}

function setText(ta: HTMLTextAreaElement, text: string): void {
  ta.value = text;
  ta.dispatchEvent(new InputEvent('input', { inputType: 'insertText', bubbles: true, composed: true }));
}

describe('own comments: edit', () => {
  it('offers Edit and Delete on the reader\'s own comment only, and edits it in place', async () => {
    const adapter = memory(others);
    const el = await section(adapter);
    const mine = await post(el, 'My first thought.');
    expect(own(mine, 'edit-button')!.textContent!.trim()).to.equal('Edit');
    expect(own(mine, 'delete-button')!.textContent!.trim()).to.equal('Delete');
    absent(mine, 'report-button', 'no Report on one\'s own comment');
    const theirs = comment(el, 'Somebody else wrote this.');
    absent(theirs, 'edit-button');
    absent(theirs, 'delete-button');

    const ta = await openEdit(el, mine);
    expectFocus(ta, 'the edit box');
    expect(ta.value).to.equal('My first thought.');
    expect(own(mine, 'edit-button')!.getAttribute('aria-expanded')).to.equal('true');
    absent(mine, 'body', 'the form takes the place of the body');
    const label = own(mine, 'edit-label')!;
    expect(label.textContent!.trim()).to.equal('Edit your comment');
    expect(label.getAttribute('for')).to.equal(ta.id);
    expect(part(mine, 'counter').textContent).to.equal('183 / 200');
    await expect(el).to.be.accessible();

    // Enter makes a new line: it does not submit.
    let asked = 0;
    el.addEventListener('colloquy-edit-comment', () => asked++);
    await sendKeys({ press: 'Enter' });
    await sendKeys({ type: 'Second line.' });
    expect(ta.value).to.equal('My first thought.\nSecond line.');
    expect(asked).to.equal(0);

    adapter.latencyMs = 200;
    const edited = oneEvent(el, 'colloquy-comment-edited');
    own(mine, 'edit-save')!.click();
    await settle(el, 1);
    expect(own(mine, 'edit-save')!.textContent!.trim()).to.equal('Saving…');
    expect(own(mine, 'edit-save')!.getAttribute('aria-disabled')).to.equal('true');
    expect(bodies(el)).to.not.include('My first thought. Second line.', 'not shown before it is saved');
    const { detail } = await edited;
    adapter.latencyMs = 0;
    expect(detail.thread).to.equal('t1');
    expect(detail.comment.body).to.equal('My first thought.\nSecond line.');
    expect(asked).to.equal(1);
    await settle(el);
    absent(mine, 'edit-form');
    expect(own(mine, 'body')!.innerText.trim()).to.equal('My first thought.\nSecond line.');
    const marker = own(mine, 'edited')!;
    expect(marker.tagName).to.equal('TIME');
    expect(marker.textContent).to.equal('edited');
    expect(marker.getAttribute('title')).to.match(/^edited /);
    expect(marker.getAttribute('datetime')).to.equal(detail.comment.editedAt);
    expectFocus(own(mine, 'edit-button'), 'the Edit button');
    expect(localStorage.getItem('colloquy:draft:t1:edit:' + detail.comment.id)).to.equal(null);
  });

  it('Escape cancels and returns focus to Edit; an unsaved edit survives a reload', async () => {
    const adapter = memory(others);
    const el = await section(adapter);
    const mine = await post(el, 'Draft me.');
    const ta = await openEdit(el, mine);
    await sendKeys({ type: ' Kept across a reload.' });
    await new Promise((r) => setTimeout(r, DRAFT_SAVE_DELAY + 100));
    el.remove();

    const again = await section(adapter);
    const back = comment(again, 'Draft me.');
    const restored = own<HTMLTextAreaElement>(back, 'edit-textarea');
    expect(restored !== null, 'the edit form reopened').to.equal(true);
    expect(restored!.value).to.equal('Draft me. Kept across a reload.');
    expect(ta.isConnected).to.equal(false);
    restored!.focus();
    await sendKeys({ press: 'Escape' });
    await settle(again);
    absent(back, 'edit-form');
    expect(own(back, 'body')!.textContent!.trim()).to.equal('Draft me.');
    expectFocus(own(back, 'edit-button'), 'the Edit button');
    expect(Object.keys(localStorage).filter((k) => k.includes(':edit:'))).to.deep.equal([], 'a cancelled edit forgets its draft');
  });

  it('offers Edit and Delete on the reader\'s comment awaiting moderation too (and no Report)', async () => {
    const el = await section(memory(others, { preModeration: true }));
    const mine = await post(el, 'Waiting for a moderator.');
    expect(mine.matches('[part~="comment-pending"]')).to.equal(true);
    expect(own(mine, 'edit-button') !== null, 'Edit').to.equal(true);
    expect(own(mine, 'delete-button') !== null, 'Delete').to.equal(true);
    absent(mine, 'report-button');
  });

  it('takes Edit and Delete away when the edit window closes; focus on Edit moves to the comment; never Report', async () => {
    // A window of 1.5 s.
    const adapter = memory(others, { editWindowMinutes: 1.5 / 60 });
    const el = await section(adapter);
    const mine = await post(el, 'Only briefly editable.');
    expect(own(mine, 'edit-button') !== null, 'has edit-button').to.equal(true);
    own(mine, 'edit-button')!.focus();
    await until(() => own(mine, 'edit-button') === null, 'Edit to go away', 4000);
    await settle(el);
    absent(mine, 'delete-button');
    expectFocus(mine, 'the comment, not the page');
    // Still the reader's own comment: never offered for reporting, also after a reload.
    absent(mine, 'report-button', 'no Report on one\'s own comment once its window closed');
    expect(own(comment(el, 'Somebody else wrote this.'), 'report-button') !== null, 'Report on others\'').to.equal(true);
    el.remove();
    const again = await section(adapter);
    absent(comment(again, 'Only briefly editable.'), 'report-button', 'nor after a reload');
  });

  it('moves focus from Delete to the comment when a reply announced live takes it away', async () => {
    const adapter = memory(others);
    const el = await section(adapter);
    const mine = await post(el, 'Somebody answers soon.');
    own(mine, 'delete-button')!.focus();
    const id = el.threadStore!.loaded.find((c) => c.body === 'Somebody answers soon.')!.id;
    await adapter.forVisitor('other-reader').postComment('t1', { authorName: 'O', body: 'An answer', parentId: id }, { idempotencyKey: 'o1' });
    await until(() => parts(el, 'new-comments').length === 1, 'the announcement');
    await settle(el);
    absent(mine, 'edit-button', 'the reply is not shown, but it counts');
    absent(mine, 'delete-button');
    expectFocus(mine, 'the comment, not the page');
  });

  it('gives a reader whose clock is 16 minutes fast the whole window', async () => {
    // The backend's clock is 16 minutes behind this browser's.
    const el = await section(memory(others, { now: () => new Date(Date.now() - 16 * 60_000) }));
    const mine = await post(el, 'My clock is wrong.');
    expect(own(mine, 'edit-button') !== null, 'Edit is offered').to.equal(true);
    expect(own(mine, 'delete-button') !== null, 'Delete is offered').to.equal(true);
  });

  it('keeps the text and says why when saving fails', async () => {
    const adapter = memory(others);
    const el = await section(adapter);
    const mine = await post(el, 'Will fail.');
    const ta = await openEdit(el, mine);
    setText(ta, 'Will fail, edited.');
    const errors: ErrorDetail[] = [];
    el.addEventListener('colloquy-error', (e) => errors.push(e.detail));
    adapter.failureRate = 1;
    own(mine, 'edit-save')!.click();
    await until(() => own(mine, 'edit-error') !== null, 'the error');
    adapter.failureRate = 0;
    await settle(el);
    const error = own(mine, 'edit-error')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.equal('Your change was not saved. Could not reach the comment service. Check your connection. Your text is still here.');
    expect(own<HTMLTextAreaElement>(mine, 'edit-textarea')!.value).to.equal('Will fail, edited.');
    expect(error.id, 'the error has an id').to.not.equal('');
    expect(own(mine, 'edit-textarea')!.getAttribute('aria-describedby')!.split(' ')).to.include(error.id, 'the box is described by the error');
    expect(errors.map((e) => e.action)).to.deep.equal(['edit']);
    await expect(el).to.be.accessible();
    // Trying again works, and the error goes.
    own(mine, 'edit-save')!.click();
    await until(() => own(mine, 'edit-form') === null, 'saved');
    expect(own(mine, 'body')!.textContent!.trim()).to.equal('Will fail, edited.');
  });

  it('validates the edit: an empty box is refused in place', async () => {
    const el = await section(memory(others));
    const mine = await post(el, 'Not empty.');
    const ta = await openEdit(el, mine);
    setText(ta, '   ');
    own(mine, 'edit-save')!.click();
    await settle(el);
    const error = own(mine, 'error')!;
    expect(error.hidden).to.equal(false);
    expect(error.textContent).to.equal('Your comment only has spaces in it. Please write something.');
    expect(ta.getAttribute('aria-invalid')).to.equal('true');
    expect(ta.getAttribute('aria-describedby')).to.contain(error.id);
    expectFocus(ta);
  });

  it('explains that a comment with replies can no longer change, then stops offering it', async () => {
    const adapter = memory(others);
    const el = await section(adapter);
    const mine = await post(el, 'Somebody will answer.');
    const ta = await openEdit(el, mine);
    setText(ta, 'Changed my mind.');
    const id = el.threadStore!.loaded.find((c) => c.body === 'Somebody will answer.')!.id;
    await adapter.forVisitor('other-reader').postComment('t1', { authorName: 'O', body: 'An answer', parentId: id }, { idempotencyKey: 'o1' });
    own(mine, 'edit-save')!.click();
    await until(() => own(mine, 'edit-error') !== null, 'the error');
    expect(own(mine, 'edit-error')!.textContent).to.equal(
      'Your change was not saved. This comment has replies now, so it can no longer be changed. Your text is still here.',
    );
    expect(own<HTMLTextAreaElement>(mine, 'edit-textarea')!.value).to.equal('Changed my mind.');
    own(mine, 'edit-cancel')!.click();
    await settle(el);
    absent(mine, 'edit-button');
    absent(mine, 'delete-button');
    expectFocus(mine, 'the comment (its Edit button is gone)');
  });
});

describe('own comments: delete', () => {
  it('asks first, then deletes; the count drops and focus moves to the comment beside it', async () => {
    const adapter = memory(others);
    const el = await section(adapter);
    const mine = await post(el, 'Delete me.');
    expect(part(el, 'count').textContent).to.equal('3 comments');
    own(mine, 'delete-button')!.click();
    await settle(el);
    const confirm = own(mine, 'delete-confirm')!;
    expect(confirm.getAttribute('role')).to.equal('group');
    expect(confirm.textContent).to.contain('Delete this comment? This cannot be undone.');
    expect(own(mine, 'delete-confirm-button')!.textContent!.trim()).to.equal('Yes, delete it');
    expectFocus(own(mine, 'delete-cancel'), 'Cancel (the safe choice)');
    await expect(el).to.be.accessible();
    // Cancel: nothing happens, focus goes back to Delete.
    await sendKeys({ press: 'Enter' });
    await settle(el);
    absent(mine, 'delete-confirm');
    expectFocus(own(mine, 'delete-button'), 'Delete');
    expect(bodies(el)).to.include('Delete me.');

    own(mine, 'delete-button')!.click();
    await settle(el);
    const deleted = oneEvent(el, 'colloquy-comment-deleted');
    own(mine, 'delete-confirm-button')!.focus();
    await sendKeys({ press: 'Enter' });
    const { detail } = await deleted;
    expect(detail.thread).to.equal('t1');
    await settle(el);
    expect(bodies(el)).to.deep.equal(['Somebody else wrote this.', 'And this.']);
    expect(part(el, 'count').textContent).to.equal('2 comments');
    expect(deepActiveElement()?.getAttribute('part')).to.equal('comment');
    expect(deepActiveElement()?.textContent).to.contain('And this.');
    expect((await adapter.listComments('t1', {})).comments.map((c) => c.id)).to.deep.equal(['a', 'b']);
  });

  it('keeps the comment and says why when deleting fails', async () => {
    const adapter = memory(others);
    const el = await section(adapter);
    const mine = await post(el, 'Hard to delete.');
    own(mine, 'delete-button')!.click();
    await settle(el);
    adapter.failureRate = 1;
    own(mine, 'delete-confirm-button')!.click();
    await until(() => own(mine, 'delete-error') !== null, 'the error');
    adapter.failureRate = 0;
    const error = own(mine, 'delete-error')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.equal('Your comment was not deleted. Could not reach the comment service. Check your connection.');
    expect(bodies(el)).to.include('Hard to delete.');
    expect(part(el, 'count').textContent).to.equal('3 comments');
  });
});

describe('placeholders and the edited marker', () => {
  it('shows deleted and hidden comments that have replies as placeholders, replies intact', async () => {
    const el = await section(
      memory([
        { id: 'd', body: 'removed words', authorName: 'Gone', status: 'deleted', createdAt: '2026-01-01T10:00:00Z' },
        { id: 'd1', parentId: 'd', body: 'An answer to a deleted comment.', authorName: 'Ann' },
        { id: 'h', body: 'hidden words', authorName: 'Hidden', status: 'hidden' },
        { id: 'h1', parentId: 'h', body: 'An answer to a hidden comment.', authorName: 'Hal' },
        { id: 'x', body: 'deleted without replies', status: 'deleted' },
        { id: 'e', body: 'Changed once.', authorName: 'Eve', editedAt: '2026-01-02T10:00:00Z' },
      ]),
    );
    const texts = parts(el, 'placeholder').map((p) => p.textContent);
    expect(texts).to.deep.equal(['Comment deleted', 'Comment hidden until a moderator reviews it']);
    const placeholders = parts(el, 'comment-deleted');
    expect(placeholders).to.have.length(2);
    expect(placeholders[1]!.getAttribute('part')).to.equal('comment comment-deleted comment-hidden');
    for (const p of placeholders) {
      for (const name of ['author', 'reply-button', 'report-button', 'comment-like-button', 'body']) {
        expect(ownPart(p, name) === null, `no ${name}`).to.equal(true);
      }
      expect(ownPart(p, 'timestamp') !== null).to.equal(true);
    }
    expect(el.shadowRoot!.innerHTML + deepQueryAll(el, 'article').map((a) => a.textContent).join()).to.not.contain('removed words');
    expect(bodies(el)).to.deep.equal(['An answer to a deleted comment.', 'An answer to a hidden comment.', 'Changed once.']);
    // Their replies keep their actions.
    expect(own(comment(el, 'An answer to a deleted comment.'), 'reply-button') !== null).to.equal(true);
    expect(part(el, 'count').textContent).to.equal('3 comments');
    const marker = own(comment(el, 'Changed once.'), 'edited')!;
    expect(marker.getAttribute('datetime')).to.equal('2026-01-02T10:00:00.000Z');
    expect(marker.getAttribute('title')).to.contain('2026');
    await expect(el).to.be.accessible();
  });
});
