/**
 * The script-tag bundle (dist/colloquy.js, built by `vite build` before the browser tests):
 * a plain page with no bundler gets working elements and window.Colloquy, and loading the
 * script twice does not throw.
 */
import { expect } from '@open-wc/testing';
import { part, settle, until, watchErrors } from './helpers.js';

type Global = typeof import('../../src/index.js');

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(s);
  });
}

describe('dist/colloquy.js (script tag)', () => {
  it('registers the elements and window.Colloquy, and a second copy does not throw', async () => {
    const watch = watchErrors();
    await loadScript('/dist/colloquy.js');
    const api = (window as unknown as { Colloquy: Global }).Colloquy;
    expect(api).to.exist;
    expect(customElements.get('colloquy-comments')).to.exist;
    await loadScript('/dist/colloquy.js?again');
    expect((window as unknown as { Colloquy: Global }).Colloquy, 'the first copy keeps the API').to.equal(api);
    watch.stop();
    expect(watch.errors).to.deep.equal([]);

    api.setDefaultAdapter(new api.MemoryAdapter({ seed: { 'article-123': [{ body: 'exactly' }, { body: 'very true' }] } }));
    document.body.insertAdjacentHTML('beforeend', '<colloquy-comments thread="article-123" policy-href="/policy"></colloquy-comments>');
    const el = document.querySelector('colloquy-comments')!;
    await until(() => !!el.shadowRoot?.querySelector('[part~="count"]')?.textContent?.includes('2 comments'), 'the thread');
    await settle(el);
    expect(part(el, 'like-question').textContent).to.equal('Do you like this article?');
    expect(part(el, 'policy-link').textContent).to.equal('Comment Policy');
    el.remove();
    api.setDefaultAdapter(null);
  });

  it('does not carry other languages: their catalogs are separate files, fetched on demand', async () => {
    const bundle = await (await fetch('/dist/colloquy.js')).text();
    for (const foreign of ['commentaires', 'комментари', 'تعليق', 'تبصر']) expect(bundle.includes(foreign), foreign).to.be.false;
    for (const lang of ['fr', 'ru', 'ar', 'ur']) expect((await fetch(`/dist/locales/${lang}.json`)).ok, lang).to.be.true;
  });
});
