/**
 * Accessibility found by using the widget with the keyboard alone and in Windows High Contrast:
 * the comment box says its limit, "Forget my name and e-mail" leaves focus in the form, and in
 * forced colors the Post button keeps its edge and the chosen vote still looks chosen.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ColloquyCommentForm } from '../../src/components/comment-form/comment-form.js';
import type { ColloquyLikePrompt } from '../../src/components/like-prompt/like-prompt.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { DraftStore } from '../../src/core/drafts.js';
import { MapStorage } from '../../src/core/storage.js';
import { Localizer } from '../../src/i18n/index.js';
import { deepActiveElement, describeElement, expectFocus, part, parts, settle, until } from './helpers.js';

beforeEach(() => localStorage.clear());

/** A form whose drafts remember a name and e-mail, so "Forget my name and e-mail" is shown. */
async function rememberingForm(): Promise<ColloquyCommentForm> {
  const drafts = new DraftStore('t1', new MapStorage());
  drafts.rememberIdentity({ authorName: 'Amira', authorEmail: 'amira@example.com' });
  const el = await fixture<ColloquyCommentForm>(html`<colloquy-comment-form .drafts=${drafts}></colloquy-comment-form>`);
  await settle(el);
  return el;
}

async function likePrompt(): Promise<ColloquyLikePrompt> {
  const el = await fixture<ColloquyLikePrompt>(html`<colloquy-like-prompt thread="a1" .adapter=${new MemoryAdapter()} .storage=${new MapStorage()}></colloquy-like-prompt>`);
  await settle(el);
  return el;
}

/** A button before `el` to start Tabbing from, as a reader arriving from the page would. */
function startBefore(el: Element): HTMLButtonElement {
  const before = document.createElement('button');
  before.textContent = 'before';
  el.before(before);
  before.focus();
  return before;
}

/** Presses Tab until `done()` (at most `max` times). */
async function tabUntil(done: () => boolean, what: string, max = 8): Promise<void> {
  for (let i = 0; i < max && !done(); i++) await sendKeys({ press: 'Tab' });
  if (!done()) throw new Error(`Tab never reached ${what}; focus is on ${describeElement(deepActiveElement())}`);
}

/** The text of what `control`'s aria-describedby names, resolved in its own shadow root. */
function description(control: Element): string {
  const root = control.getRootNode() as ShadowRoot;
  return (control.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => {
      const target = root.getElementById(id);
      if (!target) throw new Error(`aria-describedby names #${id}, which is not in the same shadow root`);
      // Collapse only markup whitespace: a locale's grouping space (U+202F in French) is content.
      return target.textContent!.replace(/[ \t\r\n]+/g, ' ').trim();
    })
    .join(' ');
}

describe('keyboard only: the comment form', () => {
  it('is accessible with a remembered name and a vote cast', async () => {
    await expect(await rememberingForm()).to.be.accessible();
    const prompt = await likePrompt();
    part(prompt, 'like-button-yes').click();
    await until(() => parts(prompt, 'like-thanks').length === 1, 'vote');
    await expect(prompt).to.be.accessible();
  });

  it('describes the comment box with its limit ("Up to 1,500 characters."), beside an error', async () => {
    const el = await fixture<ColloquyCommentForm>(html`<colloquy-comment-form required=""></colloquy-comment-form>`);
    const before = startBefore(el);
    const box = part<HTMLTextAreaElement>(el, 'textarea');
    await tabUntil(() => deepActiveElement() === box, 'the comment box');
    expect(description(box)).to.contain('Up to 1,500 characters.');
    // The limit text is visually hidden (the visible counter is aria-hidden), not display: none.
    const limit = el.shadowRoot!.querySelector('.visually-hidden');
    expect(limit?.textContent?.trim()).to.equal('Up to 1,500 characters.');
    // Submitting empty adds the error; the limit stays described.
    await tabUntil(() => deepActiveElement() === part(el, 'submit-button'), 'Post');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expectFocus(box);
    expect(description(box)).to.equal('Please write a comment. Up to 1,500 characters.');
    before.remove();
  });

  it('formats the limit for the locale and follows maxlength', async () => {
    const el = await fixture<ColloquyCommentForm>(html`<colloquy-comment-form maxlength="20000"></colloquy-comment-form>`);
    const box = part<HTMLTextAreaElement>(el, 'textarea');
    expect(description(box)).to.equal('Up to 20,000 characters.');
    el.localizer = new Localizer('fr', { counterLimit: 'Jusqu’à {max} caractères.' });
    el.maxlength = 1500;
    await el.updateComplete;
    expect(description(box)).to.equal(`Jusqu’à ${new Intl.NumberFormat('fr').format(1500)} caractères.`);
  });

  for (const key of ['Enter', 'Space']) {
    it(`"Forget my name and e-mail" pressed with ${key} leaves focus on the emptied name field, not on <body>`, async () => {
      const el = await rememberingForm();
      const name = part<HTMLInputElement>(el, 'input');
      expect(name.value).to.equal('Amira');
      const before = startBefore(el);
      await tabUntil(() => deepActiveElement()?.getAttribute('part') === 'forget-button', '"Forget my name and e-mail"');
      await sendKeys({ press: key });
      await settle(el);
      expect(parts(el, 'forget-button')).to.have.length(0);
      expect(document.activeElement?.localName, 'focus fell out of the form').to.equal('colloquy-comment-form');
      expectFocus(name, 'the name field');
      expect(name.value).to.equal('');
      expect(el.value).to.include({ authorName: '', authorEmail: '' });
      before.remove();
    });
  }
});

/**
 * Puts the page in Windows High Contrast: `(forced-colors: active)` matches and Chromium repaints
 * with the system colors. `emulateMedia({ forcedColors })` from @web/test-runner-commands does not
 * reach Chromium with the Puppeteer-based Chrome launcher this project runs, so this uses the
 * `emulate-forced-colors` command of web-test-runner.config.mjs (CDP `Emulation.setEmulatedMedia`).
 */
async function forceColors(): Promise<void> {
  await executeServerCommand('emulate-forced-colors', { forcedColors: 'active' });
  if (!matchMedia('(forced-colors: active)').matches) throw new Error('forced colors were not emulated');
}

/**
 * What of an element's look survives forced colors: border and outline widths and styles,
 * underlines, and its colors only where `forced-color-adjust: none` keeps them (elsewhere the
 * browser repaints them with the system colors, the same for every button).
 */
function forcedLook(el: Element) {
  const s = getComputedStyle(el);
  const keepsColors = s.getPropertyValue('forced-color-adjust') === 'none';
  const line = (width: string, style: string) => (style === 'none' || style === 'hidden' ? 'none' : `${width} ${style}`);
  return {
    border: line(s.borderTopWidth, s.borderTopStyle),
    outline: line(s.outlineWidth, s.outlineStyle),
    decoration: s.textDecorationLine,
    colors: keepsColors ? `${s.backgroundColor} / ${s.color} / ${s.borderTopColor}` : 'system',
  };
}

describe('forced colors (Windows High Contrast)', () => {
  afterEach(async () => {
    await executeServerCommand('emulate-forced-colors', { forcedColors: 'none' });
  });

  it('the Post button keeps a visible border', async () => {
    const el = await fixture<ColloquyCommentForm>(html`<colloquy-comment-form></colloquy-comment-form>`);
    await forceColors();
    const submit = part(el, 'submit-button');
    const look = forcedLook(submit);
    expect(parseFloat(getComputedStyle(submit).borderTopWidth), look.border).to.be.greaterThan(0);
    expect(getComputedStyle(submit).borderTopStyle).to.not.equal('none');
  });

  it('a "Yes" pressed with the keyboard looks different from "No"', async () => {
    const el = await likePrompt();
    const before = startBefore(el);
    const [yes, no] = [part(el, 'like-button-yes'), part(el, 'like-button-no')];
    await tabUntil(() => deepActiveElement() === yes, 'Yes');
    await sendKeys({ press: 'Enter' });
    await until(() => yes.getAttribute('aria-pressed') === 'true', 'the vote');
    // Back out of the prompt, so that the focus ring is not what tells the buttons apart.
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expectFocus(before);
    await forceColors();
    const [pressed, unpressed] = [forcedLook(yes), forcedLook(no)];
    expect(JSON.stringify(pressed), 'pressed Yes vs unpressed No').to.not.equal(JSON.stringify(unpressed));
    const s = getComputedStyle(yes);
    expect(s.backgroundColor, 'the pressed button’s text stands out from its background').to.not.equal(s.color);
    before.remove();
  });
});
