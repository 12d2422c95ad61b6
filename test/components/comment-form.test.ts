import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ColloquyCommentForm } from '../../src/components/comment-form/comment-form.js';
import type { SubmitDetail } from '../../src/components/shared/events.js';
import { expectFocus, part, parts } from './helpers.js';

const field = (el: ColloquyCommentForm, id: string) => el.shadowRoot!.querySelector<HTMLInputElement & HTMLTextAreaElement>(`#${id}`)!;

async function typeInto(el: ColloquyCommentForm, id: string, text: string): Promise<void> {
  field(el, id).focus();
  await sendKeys({ type: text });
  await el.updateComplete;
}

/** Pastes `text` at the caret as the browser would (value change + an insertFromPaste input event). */
async function paste(el: ColloquyCommentForm, text: string): Promise<void> {
  const ta = field(el, 'body');
  ta.focus();
  ta.setRangeText(text, ta.selectionStart, ta.selectionEnd, 'end');
  ta.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste', data: text, bubbles: true, composed: true }));
  await el.updateComplete;
}


// Drafts and remembered names live in localStorage: each test starts without them.
beforeEach(() => localStorage.clear());

describe('colloquy-comment-form', () => {
  it('is accessible, labels every field and marks the required ones', async () => {
    const el = await fixture<ColloquyCommentForm>(html`<colloquy-comment-form></colloquy-comment-form>`);
    await expect(el).to.be.accessible();
    const labels = parts(el, 'label').map((l) => l.textContent!.replace(/\s+/g, ' ').trim());
    expect(labels).to.deep.equal(['Name*', 'E-mail*', 'Comment*']);
    expect(field(el, 'name').required).to.be.true;
    expect(field(el, 'email').required).to.be.true;
    expect(field(el, 'email').getAttribute('aria-describedby')).to.contain('email-hint');
    expect(part(el, 'hint').textContent).to.contain('Never shown publicly');
    expect(part(el, 'counter').textContent).to.equal('1500 / 1500');
  });

  it('makes only the configured fields required', async () => {
    const el = await fixture<ColloquyCommentForm>(html`<colloquy-comment-form required="name"></colloquy-comment-form>`);
    expect(field(el, 'name').required).to.be.true;
    expect(field(el, 'email').required).to.be.false;
    expect(parts(el, 'required-mark')).to.have.length(2);
  });

  it('counts down as the reader types, counting an emoji as one character', async () => {
    const el = await fixture<ColloquyCommentForm>(html`<colloquy-comment-form></colloquy-comment-form>`);
    await typeInto(el, 'body', 'Hello');
    await new Promise((r) => setTimeout(r));
    expect(part(el, 'counter').textContent).to.equal('1495 / 1500');
    await paste(el, ' 👨‍👩‍👧‍👦🇵🇰');
    await new Promise((r) => setTimeout(r));
    expect(part(el, 'counter').textContent).to.equal('1492 / 1500');
  });

  it('stops typing at the limit', async () => {
    const el = await fixture<ColloquyCommentForm>(html`<colloquy-comment-form maxlength="5"></colloquy-comment-form>`);
    await typeInto(el, 'body', 'abcdefgh');
    expect(field(el, 'body').value).to.equal('abcde');
    expect(el.value.body).to.equal('abcde');
    await new Promise((r) => setTimeout(r));
    expect(part(el, 'counter').textContent).to.equal('0 / 5');
    expect(part(el, 'notice').hidden, 'typing is not a paste: no notice').to.be.true;
  });

  it('cuts a paste past the limit, keeps the text around it and says so', async () => {
    const el = await fixture<ColloquyCommentForm>(html`<colloquy-comment-form maxlength="10"></colloquy-comment-form>`);
    await typeInto(el, 'body', 'abcXYZ');
    const ta = field(el, 'body');
    ta.setSelectionRange(3, 3);
    await paste(el, '1234567890');
    expect(ta.value).to.equal('abc1234XYZ');
    expect(ta.selectionStart).to.equal(7);
    const notice = part(el, 'notice');
    expect(notice.hidden).to.be.false;
    expect(notice.textContent).to.contain('cut to fit the 10-character limit');
    expect(ta.getAttribute('aria-describedby')).to.contain('notice');
    await expect(el).to.be.accessible();
  });

  it('drops combining marks past 8 on one character from a paste (or a name), says so, and posts names without bidi controls', async () => {
    const el = await fixture<ColloquyCommentForm>(html`<colloquy-comment-form required="name"></colloquy-comment-form>`);
    await typeInto(el, 'body', 'Tiếng Việt ');
    await paste(el, `Z${'\u0301'.repeat(40)}!`);
    const ta = field(el, 'body');
    expect(ta.value).to.equal(`Tiếng Việt Z${'\u0301'.repeat(8)}!`);
    expect(ta.selectionStart, 'the caret after what was pasted').to.equal(ta.value.length);
    const notice = part(el, 'notice');
    expect(notice.hidden).to.be.false;
    expect(notice.textContent).to.equal('Accent marks past 8 on one character were removed.');
    await expect(el).to.be.accessible();

    const name = field(el, 'name');
    name.focus();
    name.value = `\u202Enimda${'\u0336'.repeat(12)}`;
    name.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste', bubbles: true, composed: true }));
    await el.updateComplete;
    expect(name.value).to.equal(`\u202Enimda${'\u0336'.repeat(8)}`);
    setTimeout(() => part(el, 'submit-button').click());
    const { detail } = await oneEvent(el, 'colloquy-submit');
    expect((detail as SubmitDetail).input.authorName, 'the bidi override is gone from the name posted').to.equal(`nimda${'\u0336'.repeat(8)}`);
  });

  it('never splits an emoji when cutting a paste', async () => {
    const el = await fixture<ColloquyCommentForm>(html`<colloquy-comment-form maxlength="3"></colloquy-comment-form>`);
    await paste(el, '🇵🇰👨‍👩‍👧‍👦🇫🇷🇩🇪');
    expect(field(el, 'body').value).to.equal('🇵🇰👨‍👩‍👧‍👦🇫🇷');
  });

  it('shows an inline error for each invalid field, focuses the first one and keeps what was typed', async () => {
    const el = await fixture<ColloquyCommentForm>(html`<colloquy-comment-form></colloquy-comment-form>`);
    let submitted = false;
    el.addEventListener('colloquy-submit', () => (submitted = true));
    await typeInto(el, 'email', 'not-an-address');
    await typeInto(el, 'body', '   ');
    part(el, 'submit-button').click();
    await el.updateComplete;
    await el.updateComplete;
    expect(submitted).to.be.false;
    const errors = parts(el, 'error').filter((e) => !e.hidden);
    expect(errors.map((e) => e.textContent)).to.deep.equal([
      'Please enter your name.',
      'Please enter a valid e-mail address, like name@example.com.',
      'Your comment only has spaces in it. Please write something.',
    ]);
    for (const id of ['name', 'email', 'body']) {
      const f = field(el, id);
      expect(f.getAttribute('aria-invalid')).to.equal('true');
      expect(f.getAttribute('aria-describedby')).to.contain(`${id}-error`);
      expect(el.shadowRoot!.getElementById(`${id}-error`)!.hidden).to.be.false;
    }
    expectFocus(field(el, 'name'));
    expect(field(el, 'email').value).to.equal('not-an-address');
    expect(field(el, 'body').value).to.equal('   ');
    await expect(el).to.be.accessible();
  });

  it('asks for a comment when the box is empty', async () => {
    const el = await fixture<ColloquyCommentForm>(html`<colloquy-comment-form required=""></colloquy-comment-form>`);
    part(el, 'submit-button').click();
    await el.updateComplete;
    expect(parts(el, 'error').filter((e) => !e.hidden).map((e) => e.textContent)).to.deep.equal(['Please write a comment.']);
    expectFocus(field(el, 'body'));
  });

  it('clears a field error as soon as the reader fixes the field', async () => {
    const el = await fixture<ColloquyCommentForm>(html`<colloquy-comment-form required=""></colloquy-comment-form>`);
    part(el, 'submit-button').click();
    await el.updateComplete;
    await typeInto(el, 'body', 'ok');
    expect(field(el, 'body').getAttribute('aria-invalid')).to.equal('false');
  });

  it('raises a cancelable colloquy-submit with the trimmed comment', async () => {
    const el = await fixture<ColloquyCommentForm>(html`<colloquy-comment-form></colloquy-comment-form>`);
    await typeInto(el, 'name', '  Amira ');
    await typeInto(el, 'email', 'amira@example.com');
    await typeInto(el, 'body', '  First line\nsecond line  ');
    setTimeout(() => part(el, 'submit-button').click());
    const e = await oneEvent(el, 'colloquy-submit');
    const detail = (e as CustomEvent<SubmitDetail>).detail;
    expect(e.cancelable).to.be.true;
    expect(e.bubbles && e.composed).to.be.true;
    expect(detail.input).to.deep.equal({
      body: 'First line\nsecond line',
      authorName: 'Amira',
      authorEmail: 'amira@example.com',
      parentId: null,
    });
  });

  it('disables the submit button and the fields while busy, and ignores submits', async () => {
    const el = await fixture<ColloquyCommentForm>(html`<colloquy-comment-form required=""></colloquy-comment-form>`);
    await typeInto(el, 'body', 'hello');
    el.busy = true;
    await el.updateComplete;
    const button = part<HTMLButtonElement>(el, 'submit-button');
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(button.textContent!.trim()).to.equal('Posting…');
    expect(field(el, 'body').readOnly).to.be.true;
    let count = 0;
    el.addEventListener('colloquy-submit', () => count++);
    el.shadowRoot!.querySelector('form')!.requestSubmit();
    expect(count).to.equal(0);
  });

  it('reset() clears the comment but keeps name and e-mail for the next one', async () => {
    const el = await fixture<ColloquyCommentForm>(html`<colloquy-comment-form></colloquy-comment-form>`);
    await typeInto(el, 'name', 'Lee');
    await typeInto(el, 'email', 'lee@example.com');
    await typeInto(el, 'body', 'text');
    el.reset();
    await el.updateComplete;
    expect(field(el, 'body').value).to.equal('');
    expect(field(el, 'name').value).to.equal('Lee');
    expect(field(el, 'email').value).to.equal('lee@example.com');
  });

  it('as a reply form, has Cancel and closes on Escape', async () => {
    const el = await fixture<ColloquyCommentForm>(html`<colloquy-comment-form parent-id="c1" reply-to="Amira"></colloquy-comment-form>`);
    await expect(el).to.be.accessible();
    expect(part(el, 'label', ).textContent).to.contain('Name');
    expect(field(el, 'body').labels![0].textContent).to.contain('Your reply to Amira');
    expect(part(el, 'submit-button').textContent!.trim()).to.equal('Post reply');
    field(el, 'body').focus();
    setTimeout(() => sendKeys({ press: 'Escape' }));
    await oneEvent(el, 'colloquy-cancel');
    setTimeout(() => part(el, 'cancel-button').click());
    await oneEvent(el, 'colloquy-cancel');
  });

  it('shows a post error set by its owner in an alert', async () => {
    const el = await fixture<ColloquyCommentForm>(html`<colloquy-comment-form></colloquy-comment-form>`);
    el.error = 'Your comment was not posted.';
    await el.updateComplete;
    const alert = part(el, 'post-error');
    expect(alert.hidden).to.be.false;
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.querySelector('span')!.textContent).to.equal('Your comment was not posted.');
    // "Try again" submits the same form again.
    let submitted = 0;
    el.addEventListener('colloquy-submit', () => submitted++);
    el.value = { authorName: 'A', authorEmail: 'a@example.com', body: 'text' };
    await el.updateComplete;
    part(el, 'post-retry').click();
    expect(submitted).to.equal(1);
  });
});
