/**
 * Reporting a comment: an inline form with a reason (radio group in a fieldset) and details
 * (required for "Something else", 500 characters at most), clear validation, a thank-you, and
 * "Reported" from then on, also after a reload.
 */
import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ColloquyComments } from '../../src/components/comments/comments.js';
import type { ErrorDetail } from '../../src/components/shared/events.js';
import type { MemoryAdapter } from '../../src/adapters/memory.js';
import { commentArticles, describedBy, expectFocus, expectSame, ownPart, ownParts, part, parts, seeded, settle, until, loadedSection } from './helpers.js';

beforeEach(() => localStorage.clear());

const adapterWith = () =>
  seeded(
    [
      { id: 'a', body: 'A comment to report.', authorName: 'Amira' },
      { id: 'b', body: 'Another one.', authorName: 'Bo' },
    ],
    { required: ['body'] },
  );

const section = loadedSection;

/** The article of the first comment. */
const first = (el: ColloquyComments) => commentArticles(el)[0]!;
const own = <T extends HTMLElement = HTMLElement>(c: HTMLElement, name: string): T | null => ownPart<T>(c, name);
const radios = (c: HTMLElement) => [...c.querySelectorAll<HTMLInputElement>('input[type="radio"]')].filter((r) => r.closest('article') === c);
/** The field errors of the open report form: the reason's, then the details'. */
const fieldErrors = (c: HTMLElement) => {
  const errors = [...own(c, 'report-form')!.querySelectorAll<HTMLElement>('[part~="error"]')];
  expect(errors).to.have.length(2, 'an error for the reasons and one for the details');
  return errors;
};

async function openReport(el: ColloquyComments): Promise<HTMLElement> {
  const c = first(el);
  own(c, 'report-button')!.click();
  await settle(el);
  return c;
}

async function submit(el: ColloquyComments, c: HTMLElement): Promise<void> {
  own(c, 'report-submit')!.click();
  await settle(el);
}

describe('report a comment', () => {
  it('opens an accessible form: a labelled group of reasons, details, Send report and Cancel', async () => {
    const el = await section(adapterWith());
    expect(parts(el, 'report-button').map((b) => b.textContent!.trim())).to.deep.equal(['Report', 'Report']);
    const c = await openReport(el);
    expect(own(c, 'report-button')!.getAttribute('aria-expanded')).to.equal('true');
    const form = own(c, 'report-form')!;
    expect(form.querySelector('fieldset > legend')!.textContent!.trim()).to.equal('Why are you reporting this comment?');
    expect(ownParts(c, 'report-reason').map((r) => r.textContent!.trim())).to.deep.equal(['Spam', 'Abuse or harassment', 'Off-topic', 'Something else']);
    expect(radios(c).map((r) => r.value)).to.deep.equal(['spam', 'abuse', 'off-topic', 'other']);
    expect(radios(c).every((r) => !r.checked), 'no reason is picked for the reader').to.equal(true);
    const details = own<HTMLTextAreaElement>(c, 'report-details')!;
    expect(own(c, 'report-details-label')!.getAttribute('for')).to.equal(details.id);
    expect(part(own(c, 'report-form')!, 'counter').textContent).to.equal('500 / 500');
    expect(own(c, 'report-submit')!.textContent!.trim()).to.equal('Send report');
    expectFocus(radios(c)[0], 'the first reason');
    await expect(el).to.be.accessible();
    // Escape closes it, focus back on Report.
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect(own(c, 'report-form') === null).to.equal(true);
    expectFocus(own(c, 'report-button'), 'Report');
  });

  it('validates: a reason is needed, and details for "Something else"; long details are cut to 500', async () => {
    const adapter = adapterWith();
    let sent = 0;
    const original = adapter.reportComment.bind(adapter);
    adapter.reportComment = (...args) => (sent++, original(...args));
    const el = await section(adapter);
    const c = await openReport(el);
    await submit(el, c);
    const reasonError = fieldErrors(c)[0]!;
    expect(reasonError.hidden).to.equal(false);
    expect(reasonError.textContent).to.equal('Please choose a reason.');
    const describers = describedBy(own(c, 'report-form')!.querySelector('fieldset')!);
    expect(describers).to.have.length(1, 'the reasons are described by one element');
    expectSame(describers[0], reasonError, 'what describes the reasons');
    expect(radios(c)[0]!.getAttribute('aria-invalid')).to.equal('true');
    expectFocus(radios(c)[0], 'the first reason');
    await expect(el).to.be.accessible();

    // "Something else" needs details.
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await settle(el);
    expect(radios(c)[3]!.checked).to.equal(true);
    expect(reasonError.hidden).to.equal(true);
    await submit(el, c);
    const details = own<HTMLTextAreaElement>(c, 'report-details')!;
    const detailsError = fieldErrors(c)[1]!;
    expect(detailsError.textContent).to.equal('Please say what is wrong with this comment.');
    expect(details.getAttribute('aria-invalid')).to.equal('true');
    expect(describedBy(details).includes(detailsError), 'the details are described by their error').to.equal(true);
    expect(details.required).to.equal(true);
    expectFocus(details, 'the details');
    await expect(el).to.be.accessible();

    // A paste longer than 500 characters is cut, and the reader is told.
    details.value = 'x'.repeat(600);
    details.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste', bubbles: true, composed: true }));
    await settle(el);
    expect(details.value).to.have.length(500);
    expect(own(c, 'notice')!.textContent).to.equal('Your paste was cut to fit the 500-character limit.');
    expect(part(own(c, 'report-form')!, 'counter').textContent).to.equal('0 / 500');
    expect(sent).to.equal(0, 'nothing was sent while the form was invalid');
  });

  it('sends the report, thanks the reader, and shows "Reported" from then on (also after a reload)', async () => {
    const adapter = adapterWith();
    const el = await section(adapter);
    const c = await openReport(el);
    radios(c)[3]!.click();
    own<HTMLTextAreaElement>(c, 'report-details')!.focus();
    await sendKeys({ type: 'It quotes a private letter.' });
    const reported = oneEvent(el, 'colloquy-comment-reported');
    await submit(el, c);
    const { detail } = await reported;
    expect(detail).to.deep.equal({ thread: 't1', commentId: 'a', reason: 'other' });
    await settle(el);
    expect(own(c, 'report-form') === null).to.equal(true);
    const status = own(c, 'report-status')!;
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.textContent).to.equal('Thank you. A moderator will review this comment.');
    const button = own(c, 'report-button')!;
    expect(button.textContent!.trim()).to.equal('Reported');
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expectFocus(button, 'the Reported button');
    button.click();
    await settle(el);
    expect(own(c, 'report-form') === null, 'a second report cannot be started').to.equal(true);
    await expect(el).to.be.accessible();

    el.remove();
    const again = await section(adapter);
    expect(parts(again, 'report-button').map((b) => b.textContent!.trim())).to.deep.equal(['Reported', 'Report']);
  });

  it('checks the form by the one report rule and sends the cleaned details', async () => {
    const el = await section(adapterWith());
    const c = await openReport(el);
    radios(c)[3]!.click();
    const details = own<HTMLTextAreaElement>(c, 'report-details')!;
    details.value = '  \r\n ';
    details.dispatchEvent(new InputEvent('input', { inputType: 'insertText', bubbles: true, composed: true }));
    await submit(el, c);
    expect(fieldErrors(c)[1]!.textContent).to.equal('Please say what is wrong with this comment.');
    details.value = ' A broken \uD800 letter.\r\n ';
    details.dispatchEvent(new InputEvent('input', { inputType: 'insertText', bubbles: true, composed: true }));
    const asked = oneEvent(el, 'colloquy-report-comment');
    await submit(el, c);
    const { detail } = await asked;
    expect(detail.details).to.equal('A broken \uFFFD letter.');
  });

  it('keeps the choices and says why when sending fails', async () => {
    const adapter = adapterWith();
    const el = await section(adapter);
    const errors: ErrorDetail[] = [];
    el.addEventListener('colloquy-error', (e) => errors.push(e.detail));
    const c = await openReport(el);
    radios(c)[0]!.click();
    adapter.failureRate = 1;
    await submit(el, c);
    await until(() => own(c, 'report-error') !== null, 'the error');
    adapter.failureRate = 0;
    const error = own(c, 'report-error')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.equal('Your report was not sent. Could not reach the comment service. Check your connection.');
    expect(radios(c)[0]!.checked).to.equal(true);
    expect(errors.map((e) => e.action)).to.deep.equal(['report']);
    expect(own(c, 'report-button')!.textContent!.trim()).to.equal('Report');
    await expect(el).to.be.accessible();
    await submit(el, c);
    await until(() => own(c, 'report-button')!.textContent!.trim() === 'Reported', 'sent on the second try');
  });

  it('is not offered when the adapter takes no reports', async () => {
    const memory: MemoryAdapter = adapterWith();
    const el = await section({ listComments: (t, o) => memory.listComments(t, o), postComment: (t, i, o) => memory.postComment(t, i, o) });
    expect(parts(el, 'report-button')).to.have.length(0);
  });
});
