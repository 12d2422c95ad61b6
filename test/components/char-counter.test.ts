import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import { ANNOUNCE_DELAY, type ColloquyCharCounter } from '../../src/components/char-counter/char-counter.js';
import { part } from './helpers.js';

const liveRegion = (el: ColloquyCharCounter) => el.shadowRoot!.querySelector('[aria-live="polite"]')!;

describe('colloquy-char-counter', () => {
  it('is accessible and reads "1500 / 1500" by default', async () => {
    const el = await fixture<ColloquyCharCounter>(html`<colloquy-char-counter></colloquy-char-counter>`);
    await expect(el).to.be.accessible();
    const counter = part(el, 'counter');
    expect(counter.textContent).to.equal('1500 / 1500');
    expect(counter.getAttribute('aria-hidden')).to.equal('true');
    expect(el.getAttribute('state')).to.equal('normal');
  });

  it('counts user-perceived characters: a family emoji, a flag and an Urdu letter with marks are one each', async () => {
    const el = await fixture<ColloquyCharCounter>(html`<colloquy-char-counter max="10"></colloquy-char-counter>`);
    el.value = '👨‍👩‍👧‍👦🇵🇰بِ';
    await el.updateComplete;
    expect(el.remaining).to.equal(7);
    expect(part(el, 'counter').textContent).to.equal('7 / 10');
  });

  it('switches to the near state at 10 % left and to the at state at the limit', async () => {
    const el = await fixture<ColloquyCharCounter>(html`<colloquy-char-counter max="20"></colloquy-char-counter>`);
    el.value = 'x'.repeat(17);
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('normal');
    el.value = 'x'.repeat(18);
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('near');
    expect(part(el, 'counter').getAttribute('part')).to.equal('counter counter-near');
    el.value = 'x'.repeat(20);
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('at');
    expect(part(el, 'counter').getAttribute('part')).to.equal('counter counter-at');
    expect(part(el, 'counter').textContent).to.equal('0 / 20');
  });

  it('announces politely after a pause, not on every keystroke', async () => {
    const el = await fixture<ColloquyCharCounter>(html`<colloquy-char-counter max="100"></colloquy-char-counter>`);
    el.value = 'a';
    await el.updateComplete;
    el.value = 'ab';
    await el.updateComplete;
    expect(liveRegion(el).textContent).to.equal('', 'nothing is announced while typing');
    await new Promise((r) => setTimeout(r, ANNOUNCE_DELAY + 100));
    await el.updateComplete;
    expect(liveRegion(el).textContent).to.equal('98 characters left');
  });

  it('announces at once when a threshold is crossed', async () => {
    const el = await fixture<ColloquyCharCounter>(html`<colloquy-char-counter max="10"></colloquy-char-counter>`);
    el.value = 'abcdefghi';
    await el.updateComplete;
    await el.updateComplete;
    expect(liveRegion(el).textContent).to.equal('1 character left');
    el.value = 'abcdefghij';
    await el.updateComplete;
    await el.updateComplete;
    expect(liveRegion(el).textContent).to.equal('Character limit reached');
  });
});
