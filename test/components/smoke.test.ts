import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { ColloquyCharCounter } from '../../src/components/char-counter/char-counter.js';

describe('smoke', () => {
  it('renders a counter', async () => {
    const el = await fixture<ColloquyCharCounter>(html`<colloquy-char-counter max="10"></colloquy-char-counter>`);
    expect(el.shadowRoot!.textContent).to.contain('10 / 10');
  });
});
