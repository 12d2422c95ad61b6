/**
 * Languages: catalogs load on demand, the locale follows lang, Arabic and Urdu lay out right to
 * left, plurals follow Intl.PluralRules (Arabic's six forms), strings can be overridden.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { ColloquyComments } from '../../src/components/comments/comments.js';
import type { SeedComment } from '../../src/adapters/memory.js';
import { Localizer } from '../../src/i18n/index.js';
import { registerCatalog } from '../../src/i18n/catalogs.js';
import { part, seeded, settle, until } from './helpers.js';

beforeEach(() => localStorage.clear());

const comments = (n: number): SeedComment[] => Array.from({ length: n }, (_, i) => ({ body: `c${i}`, authorName: `A${i}` }));

async function section(lang: string, n = 12, extra = html``): Promise<ColloquyComments> {
  const wrapper = await fixture<HTMLDivElement>(html`<div lang=${lang}><colloquy-comments thread="t1" page-size="100" .adapter=${seeded(comments(n))}>${extra}</colloquy-comments></div>`);
  const el = wrapper.querySelector('colloquy-comments')!;
  await until(() => el.threadStore?.status === 'ready', 'load');
  await until(() => lang.startsWith('en') || part(el, 'like-question').textContent !== 'Do you like this article?', `the ${lang} catalog`);
  await settle(el);
  return el;
}

describe('languages', () => {
  it('loads a catalog on demand and speaks the page language (French)', async () => {
    const fetched: string[] = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => fetched.push(e.name)));
    observer.observe({ type: 'resource', buffered: true });
    const el = await section('fr');
    observer.disconnect();
    expect(part(el, 'like-question').textContent).to.equal('Avez-vous aimé cet article ?'.replace(' ?', '\u202f?'));
    expect(part(el, 'count').textContent).to.match(/^12 commentaires$/);
    expect(fetched.some((u) => /\/i18n\/locales\/fr\.(ts|js)$/.test(new URL(u).pathname)), 'the French catalog, a module of its own').to.be.true;
    expect(part(el, 'base').getAttribute('dir')).to.equal('ltr');
    await expect(el).to.be.accessible();
  });

  it('lays Arabic out right to left, with Arabic plurals and accessible markup', async () => {
    const el = await section('ar', 11);
    expect(part(el, 'base').getAttribute('dir')).to.equal('rtl');
    expect(part(el, 'base').getAttribute('lang')).to.equal('ar');
    expect(part(el, 'count').textContent).to.contain('تعليقًا');
    expect(getComputedStyle(part(el, 'textarea')).direction).to.equal('rtl');
    expect(part(el, 'body').getAttribute('dir')).to.equal('auto');
    await expect(el).to.be.accessible();
  });

  it('uses all six Arabic plural forms', async () => {
    const el = await section('ar', 0);
    const ar = new Localizer('ar', (el as unknown as { localizer: Localizer }).localizer.messages);
    // counterRemaining has no "=0" override, so 0 reaches Arabic's own "zero" form.
    const forms = [0, 1, 2, 3, 11, 100].map((n) => ar.plural('counterRemaining', n));
    expect([0, 1, 2, 3, 11, 100].map((n) => new Intl.PluralRules('ar').select(n))).to.deep.equal(['zero', 'one', 'two', 'few', 'many', 'other']);
    expect(new Set(forms).size, forms.join(' | ')).to.equal(6);
  });

  it('lays Urdu out right to left', async () => {
    const el = await section('ur');
    expect(part(el, 'base').getAttribute('dir')).to.equal('rtl');
    expect(part(el, 'like-question').textContent).to.not.equal('Do you like this article?');
  });

  it("follows its own lang attribute, and a change of it, over the page's", async () => {
    const el = await section('en');
    expect(part(el, 'count').textContent).to.equal('12 comments');
    el.setAttribute('lang', 'ru');
    await until(() => part(el, 'count').textContent !== '12 comments', 'Russian');
    expect(part(el, 'count').textContent).to.equal('12 комментариев');
  });

  it('follows a lang change on an ancestor between the page and the section', async () => {
    const el = await section('en');
    el.parentElement!.setAttribute('lang', 'fr');
    await until(() => part(el, 'count').textContent === '12 commentaires', 'French');
  });

  it('takes string overrides from a JSON script child and from the messages property', async () => {
    const el = await section('en', 1, html`<script type="application/json">{"likePrompt": "Was this useful?", "nonsense": 42}</script>`);
    expect(part(el, 'like-question').textContent).to.equal('Was this useful?');
    el.messages = { reply: 'Answer' };
    await settle(el);
    expect(part(el, 'reply-button').textContent!.trim()).to.equal('Answer');
  });

  it('accepts a catalog registered by the page, for a language Colloquy does not ship', async () => {
    registerCatalog('de', { likePrompt: 'Gefällt Ihnen dieser Artikel?', commentCount: { '=0': 'Noch keine Kommentare', one: '{n} Kommentar', other: '{n} Kommentare' } });
    const el = await section('de-AT', 2);
    expect(part(el, 'like-question').textContent).to.equal('Gefällt Ihnen dieser Artikel?');
    expect(part(el, 'count').textContent).to.equal('2 Kommentare');
    expect(part(el, 'submit-button').textContent!.trim()).to.equal('Post comment', 'missing strings fall back to English');
  });
});
