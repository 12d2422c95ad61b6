/**
 * The script-tag path (built by `vite build` before the browser tests): dist/colloquy.js is a
 * tiny loader that imports dist/colloquy-app.js only when a section comes near the viewport
 * (or at once with loading="eager"); DOMPurify and the MemoryAdapter are fetched only when
 * needed. Each case runs in its own iframe, since a page can load the application only once.
 */
import { expect } from '@open-wc/testing';
import { until } from './helpers.js';

type Api = typeof import('../../src/embed.js');
type FrameWindow = Window & typeof globalThis & { Colloquy: import('../../src/embed.js').ColloquyGlobal; errors: unknown[] };

const frames: HTMLIFrameElement[] = [];

/** A same-origin page of its own, 800 × 600, with the given body; resolves once it has loaded. */
async function page(body: string, loader = '/dist/colloquy.js'): Promise<FrameWindow> {
  const iframe = document.createElement('iframe');
  iframe.style.cssText = 'width:800px;height:600px;border:0';
  const loaded = new Promise((r) => iframe.addEventListener('load', r, { once: true }));
  iframe.srcdoc = `<!doctype html><html lang="en"><head>
    <script>window.errors = []; addEventListener('error', (e) => errors.push(e.message)); addEventListener('unhandledrejection', (e) => errors.push(String(e.reason)));</script>
    <script src="${loader}" defer></script></head><body style="margin:0">${body}</body></html>`;
  document.body.append(iframe);
  frames.push(iframe);
  await loaded;
  return iframe.contentWindow as FrameWindow;
}

/** Script files the page has fetched so far. */
const fetched = (w: Window) => w.performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname.split('/').pop()!);

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The section's visible text, through its shadow roots. */
function text(root: Element): string {
  const walk = (n: Node): string => {
    let s = n.nodeType === Node.TEXT_NODE ? (n.textContent ?? '') : '';
    const shadow = n.nodeType === Node.ELEMENT_NODE ? (n as Element).shadowRoot : null; // another window's Element: no instanceof
    if (shadow) s += walk(shadow);
    for (const c of n.childNodes) s += walk(c);
    return s;
  };
  return walk(root).replace(/\s+/g, ' ');
}

afterEach(() => {
  for (const f of frames.splice(0)) f.remove();
});

describe('dist/colloquy.js (script tag loader)', () => {
  it('costs nothing until the section comes near the viewport, then loads and works', async () => {
    const w = await page(`<article style="height:3000px">An article.</article>
      <colloquy-comments thread="t" policy-href="/policy" style="--colloquy-placeholder-height: 20rem"></colloquy-comments>`);
    expect(w.Colloquy, 'window.Colloquy from the loader').to.exist;
    expect(typeof w.Colloquy.load).to.equal('function');
    const el = w.document.querySelector('colloquy-comments')!;
    await tick(300);
    expect(w.customElements.get('colloquy-comments'), 'not loaded while far below').to.be.undefined;
    expect(fetched(w).filter((f) => f.startsWith('colloquy-')), 'no application code fetched').to.deep.equal([]);
    expect(el.getBoundingClientRect().height, 'the placeholder reserves its height').to.equal(320);

    // Only the API the loader guarantees exists before loading; the rest comes with `ready`.
    const ready = w.Colloquy.ready;
    w.scrollTo(0, 2500); // within 600 px of the section
    const api = (await ready) as Api;
    expect(w.customElements.get('colloquy-comments')).to.exist;
    expect(api.setDefaultAdapter).to.be.a('function');
    expect(w.Colloquy.setDefaultAdapter, 'window.Colloquy is completed').to.equal(api.setDefaultAdapter);

    const MemoryAdapter = await api.loadMemoryAdapter();
    api.setDefaultAdapter(new MemoryAdapter({ seed: { t: [{ body: 'exactly' }, { body: 'very true' }] } }));
    await until(() => text(el).includes('2 comments'), 'the thread');
    expect(text(el)).to.include('Do you like this article?');
    expect(text(el)).to.include('very true');
    expect(fetched(w).some((f) => f.includes('purify')), 'no DOMPurify without an HTML body').to.be.false;
    expect(w.errors).to.deep.equal([]);
  });

  it('loads at once with loading="eager", and a second copy of the script changes nothing', async () => {
    const w = await page(`<div style="height:5000px"></div><colloquy-comments loading="eager" thread="t"></colloquy-comments>`);
    const first = w.Colloquy;
    await first.ready;
    expect(w.customElements.get('colloquy-comments')).to.exist;
    const again = w.document.createElement('script');
    again.src = '/dist/colloquy.js?again';
    await new Promise((r) => {
      again.onload = r;
      w.document.head.append(again);
    });
    expect(w.Colloquy === first, 'the first copy keeps the API').to.be.true;
    expect(w.errors).to.deep.equal([]);
  });

  it('watches sections added later, with their own loading-margin', async () => {
    const w = await page(`<div style="height:2000px"></div><div id="slot"></div>`);
    await tick(200);
    w.document.getElementById('slot')!.innerHTML = '<colloquy-comments thread="t" loading-margin="3000px"></colloquy-comments>';
    await w.Colloquy.ready;
    expect(w.customElements.get('colloquy-comments')).to.exist;
  });

  it('tries again after a failed load, and `ready` waits for the load that works', async () => {
    const w = await page(`<colloquy-comments loading="eager" thread="t"></colloquy-comments>`, '/fail-once/colloquy.js');
    const api = await w.Colloquy.ready; // the first import fails (503); the retry, 2 s later, works
    expect(api.setDefaultAdapter).to.be.a('function');
    expect(w.customElements.get('colloquy-comments')).to.exist;
    expect(fetched(w).filter((f) => f === 'colloquy-app.js'), 'the failed fetch and the retry').to.have.length(2);
  });

  it('fetches DOMPurify only when a comment with an HTML body appears, and shows its text until then', async () => {
    const w = await page(`<colloquy-comments loading="eager" thread="h"></colloquy-comments>`);
    const api = (await w.Colloquy.ready) as Api;
    const MemoryAdapter = await api.loadMemoryAdapter();
    api.setDefaultAdapter(
      new MemoryAdapter({ seed: { h: [{ body: 'Plain words', bodyHtml: '<p>Rich <em>words</em><img src=x onerror="parent.hacked=1"></p>' }] } }),
    );
    const el = w.document.querySelector('colloquy-comments')!;
    await until(() => text(el).includes('words'), 'the comment');
    await until(() => fetched(w).some((f) => f.includes('purify')), 'DOMPurify fetched', 5000);
    await until(() => text(el).includes('Rich words'), 'the sanitized HTML body', 5000);
    const em = el.shadowRoot!.querySelector('colloquy-comment-list')!.shadowRoot!.querySelector('article[part~="comment"]')!.querySelector('em');
    expect(em?.textContent).to.equal('words');
    expect((window as { hacked?: number }).hacked).to.be.undefined;
  });

  it('carries no other language: catalogs are separate files, fetched on demand', async () => {
    const manifest = await (await fetch('/dist/.vite/manifest.json')).json();
    const files = ['colloquy.js', 'colloquy-app.js', ...manifest['src/embed.ts'].imports.map((k: string) => manifest[k].file)];
    for (const file of files) {
      const code = await (await fetch(`/dist/${file}`)).text();
      for (const foreign of ['commentaires', 'комментари', 'تعليق', 'تبصر']) expect(code.includes(foreign), `${foreign} in ${file}`).to.be.false;
    }
    for (const lang of ['fr', 'ru', 'ar', 'ur']) expect((await fetch(`/dist/locales/${lang}.json`)).ok, lang).to.be.true;
  });
});
