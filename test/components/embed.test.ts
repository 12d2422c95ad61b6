/**
 * The script-tag path (built by `vite build` before the browser tests): dist/colloquy.js is a
 * tiny loader that imports dist/colloquy-app.js only when a section comes near the viewport
 * (or at once with loading="eager"); DOMPurify and the MemoryAdapter are fetched only when
 * needed. Each case runs in its own iframe, since a page can load the application only once.
 */
import { expect } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
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
    <script>localStorage.clear(); window.errors = []; addEventListener('error', (e) => errors.push(e.message)); addEventListener('unhandledrejection', (e) => errors.push(String(e.reason)));</script>
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
    const files = ['colloquy.js', 'colloquy-reader.js', 'colloquy-app.js', ...[...manifest['src/reader.ts'].imports, ...manifest['src/embed.ts'].imports].map((k: string) => manifest[k].file)];
    for (const file of files) {
      const code = await (await fetch(`/dist/${file}`)).text();
      for (const foreign of ['commentaires', 'комментари', 'تعليق', 'تبصر']) expect(code.includes(foreign), `${foreign} in ${file}`).to.be.false;
    }
    for (const lang of ['fr', 'ru', 'ar', 'ur']) {
      const key = `src/i18n/locales/${lang}.ts`;
      expect(manifest[key]?.isDynamicEntry, `${lang}: a chunk of its own, imported on demand`).to.be.true;
      expect((await fetch(`/dist/${manifest[key].file}`)).ok, lang).to.be.true;
    }
  });
});

/** A page's own adapter (a plain object, as a site writes one), set on the section before any Colloquy code runs. */
const PAGE_ADAPTER = `<script>
  window.calls = [];
  const at = (min) => new Date(Date.now() - min * 60000).toISOString();
  const comments = [
    { id: 'a', parentId: null, authorName: 'Ada', body: 'First words', createdAt: at(90), likes: 1 },
    { id: 'b', parentId: null, authorName: 'Bo', body: 'Second words', createdAt: at(30), likes: 0 },
  ];
  document.querySelector('colloquy-comments').adapter = {
    async listComments(thread, opts) { calls.push('list:' + opts.limit); return { comments, nextCursor: null, total: 2 }; },
    async postComment(thread, input) {
      calls.push('post:' + input.body);
      return { id: 'c' + calls.length, parentId: input.parentId, authorName: input.authorName, body: input.body, createdAt: new Date().toISOString() };
    },
    async likeComment(thread, id, liked) { calls.push('like:' + id); const c = comments.find((x) => x.id === id); return { ...c, likes: c.likes + 1, liked }; },
  };
</script>`;

let token = 0;
/** A page whose interaction stage (colloquy-app.js) waits for `release()` (or, with 'fail2', fails twice). */
async function stagedPage(body: string, mode: 'hold' | 'fail2' = 'hold') {
  const t = `t${Date.now()}-${token++}`;
  const w = await page(body, `/stage/${t}/${mode}/colloquy.js`);
  return { w, release: () => fetch(`/stage-release/${t}`) };
}

/** Real pointer click at the middle of an element of the iframe's page. */
async function clickIn(w: Window, el: Element): Promise<void> {
  el.scrollIntoView({ block: 'center' });
  // Comments off screen skip layout (content-visibility) and take their real height a frame or
  // two after they come into view: wait until the target stays put.
  let r = el.getBoundingClientRect();
  for (let i = 0; i < 20; i++) {
    await new Promise((done) => w.requestAnimationFrame(done));
    const next = el.getBoundingClientRect();
    if (i > 1 && next.top === r.top && next.left === r.left) break;
    r = next;
  }
  const frame = w.frameElement!.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(frame.left + r.left + r.width / 2), Math.round(frame.top + r.top + r.height / 2)] });
}

const shadow = (el: Element | null | undefined, selector: string) => el?.shadowRoot?.querySelector(selector) ?? null;

describe('two stages on the script-tag path', () => {
  it('the reader stage shows the thread and takes typing; the interaction stage takes it over in place, counts the text and fetches nothing again', async () => {
    const { w, release } = await stagedPage(`<colloquy-comments loading="eager" thread="t"></colloquy-comments>${PAGE_ADAPTER}`);
    const el = w.document.querySelector('colloquy-comments')!;
    await until(() => text(el).includes('2 comments') && text(el).includes('Second words'), 'the first page from the reader stage');
    expect(w.customElements.get('colloquy-comments'), 'no element code yet').to.be.undefined;
    expect(typeof (w.Colloquy as { AdapterError?: unknown }).AdapterError, 'AdapterError for the page adapter, from the reader stage on').to.equal('function');
    expect(text(el)).to.include('Ada');
    expect(fetched(w)).to.include('colloquy-reader.js');
    expect(fetched(w), 'the interaction stage has not arrived').not.to.include('colloquy-app.js');
    const list = shadow(el, 'colloquy-comment-list')!;
    const article = list.shadowRoot!.querySelector('article[part~="comment"]')!;
    expect(article.getAttribute('aria-label')).to.match(/^Ada, /);
    const form = shadow(el, 'colloquy-comment-form')!;
    const textarea = form.shadowRoot!.querySelector('textarea')!;

    await clickIn(w, textarea); // focus in the section asks for the interaction stage at once
    await sendKeys({ type: 'Typed before the code' });
    expect(textarea.value).to.equal('Typed before the code');
    expect(text(form), 'not counted yet').to.include('1500 / 1500');

    await release();
    await until(() => !!w.customElements.get('colloquy-comments'), 'the interaction stage');
    await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    await until(() => text(form).includes('1479 / 1500'), 'the typed text counted');
    expect(list.shadowRoot!.querySelector('article[part~="comment"]'), 'the same comment nodes').to.equal(article);
    expect(form.shadowRoot!.querySelector('textarea'), 'the same textarea').to.equal(textarea);
    expect(textarea.value, 'the text kept').to.equal('Typed before the code');
    expect(w.document.activeElement, 'focus stays in the section').to.equal(el);
    await sendKeys({ type: '!' });
    await until(() => text(form).includes('1478 / 1500'), 'typing goes on');
    expect((w as unknown as { calls: string[] }).calls, 'the first page fetched once').to.deep.equal(['list:20']);
    await until(() => (w.localStorage.getItem('colloquy:draft:t:main') ?? '').includes('Typed before the code!'), 'the text saved as a draft', 3000);
    expect(el.shadowRoot!.querySelectorAll('section'), 'one section, not two').to.have.length(1);
    expect(list.shadowRoot!.querySelectorAll('article[part~="comment"]')).to.have.length(2);
    expect(w.errors).to.deep.equal([]);
  });

  it('a click on Reply or Post before the interaction stage arrives is carried out once it has', async () => {
    const { w, release } = await stagedPage(`<colloquy-comments loading="eager" thread="t" required=""></colloquy-comments>${PAGE_ADAPTER}`);
    const el = w.document.querySelector('colloquy-comments')!;
    await until(() => text(el).includes('Second words'), 'the first page');
    const list = shadow(el, 'colloquy-comment-list')!;
    const reply = list.shadowRoot!.querySelector('[part~="reply-button"]')!;
    await clickIn(w, reply);
    await release();
    await until(() => !!list.shadowRoot!.querySelector('colloquy-comment-form[part~="reply-form"]'), 'the reply form, opened by the replayed click', 5000).catch((e) => {
      throw new Error(`${e.message}; defined ${!!w.customElements.get('colloquy-comment-list')}, reply connected ${reply.isConnected}, expanded ${reply.getAttribute('aria-expanded')}, fetched ${fetched(w).join(' ')}, errors ${w.errors.join(' | ')}`);
    });
    expect(reply.getAttribute('aria-expanded')).to.equal('true');

    // And Post, in a section of its own page.
    const second = await stagedPage(`<colloquy-comments loading="eager" thread="t" required=""></colloquy-comments>${PAGE_ADAPTER}`);
    const el2 = second.w.document.querySelector('colloquy-comments')!;
    await until(() => text(el2).includes('Second words'), 'the first page');
    const form = shadow(el2, 'colloquy-comment-form')!;
    await clickIn(second.w, form.shadowRoot!.querySelector('textarea')!);
    await sendKeys({ type: 'Posted early' });
    await clickIn(second.w, form.shadowRoot!.querySelector('[part~="submit-button"]')!);
    expect(second.w.location.search, 'the native form did not submit').to.equal('');
    await second.release();
    await until(() => text(el2).includes('3 comments'), 'the replayed post', 5000);
    expect((second.w as unknown as { calls: string[] }).calls).to.deep.equal(['list:20', 'post:Posted early']);
    expect(w.errors).to.deep.equal([]);
    expect(second.w.errors).to.deep.equal([]);
  });

  it('a failed interaction stage is tried again with a fresh URL, then shown with "Try again", which loads it; the typed text stays', async () => {
    const { w } = await stagedPage(`<colloquy-comments loading="eager" thread="t"></colloquy-comments>${PAGE_ADAPTER}`, 'fail2');
    const el = w.document.querySelector('colloquy-comments')!;
    await until(() => text(el).includes('Second words'), 'the first page');
    const form = shadow(el, 'colloquy-comment-form')!;
    const textarea = form.shadowRoot!.querySelector('textarea')!;
    // Fetched when the browser is idle after the first page; it fails twice.
    await until(() => !!el.shadowRoot!.querySelector('[part~="stage-error"]'), 'the error', 5000);
    await clickIn(w, textarea);
    await sendKeys({ type: 'Kept' });
    await tick(300);
    const error = el.shadowRoot!.querySelector('[part~="stage-error"]')!;
    expect(error, 'typing does not try again by itself: the error stays').to.exist;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.include('could not load');
    const style = w.document.createElement('style');
    style.textContent = 'colloquy-comments::part(stage-error) { outline: 3px dotted rgb(1, 2, 3); }';
    w.document.head.append(style);
    expect(w.getComputedStyle(error).outlineColor, 'styled from the page as ::part(stage-error)').to.equal('rgb(1, 2, 3)');
    const apps = w.performance.getEntriesByType('resource').filter((e) => e.name.includes('colloquy-app.js'));
    expect(apps.map((e) => new URL(e.name).search), 'the second try has a fresh URL').to.deep.equal(['', '?retry=1']);
    await clickIn(w, error.querySelector('button')!);
    await until(() => !!w.customElements.get('colloquy-comments'), 'the interaction stage after "Try again"', 5000);
    await until(() => !el.shadowRoot!.querySelector('[part~="stage-error"]'), 'the error gone');
    expect(textarea.value).to.equal('Kept');
    await until(() => text(form).includes('1496 / 1500'), 'counted');
  });
});
