/**
 * <colloquy-count>: a thread's comment count, batched with every other count on the page into
 * one countComments call per adapter (chunks of 100), with a listComments fallback.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import { MemoryAdapter, type SeedComment } from '../../src/adapters/memory.js';
import type { ColloquyCount } from '../../src/components/count/count.js';
import type { CommentsAdapter, ListOptions } from '../../src/core/adapter.js';
import { settle, until } from './helpers.js';

const comments = (n: number): SeedComment[] => Array.from({ length: n }, (_, i) => ({ body: `c${i}` }));

/** A MemoryAdapter with a: 1 comment, b: 12 (one a reply), c: none. */
const memory = (): MemoryAdapter => new MemoryAdapter({ seed: { a: comments(1), b: [...comments(11), { body: 'r', parentId: 'seed-1' }] } });

/** An adapter that records its calls; `count: false` leaves countComments out. */
function spy(inner: CommentsAdapter, options: { count?: boolean } = {}) {
  const calls = { count: [] as string[][], list: [] as [string, ListOptions][] };
  const adapter: CommentsAdapter = {
    listComments: (thread, opts) => {
      calls.list.push([thread, { ...opts }]);
      return inner.listComments(thread, opts);
    },
    postComment: (thread, input, opts) => inner.postComment(thread, input, opts),
  };
  if (options.count ?? true) {
    adapter.countComments = (threads) => {
      calls.count.push([...threads]);
      return inner.countComments!(threads);
    };
  }
  return { adapter, calls };
}

const text = (el: ColloquyCount): string => el.shadowRoot!.querySelector('[part~="count"]')?.textContent ?? '';
const countPart = (el: ColloquyCount): HTMLElement => el.shadowRoot!.querySelector<HTMLElement>('[part~="count"]')!;

async function counts(adapter: CommentsAdapter, threads: string[], lang = 'en'): Promise<ColloquyCount[]> {
  const wrapper = await fixture<HTMLElement>(
    html`<ul lang=${lang}>
      ${threads.map((t) => html`<li><a href="#">Article ${t}</a> <colloquy-count thread=${t} .adapter=${adapter}></colloquy-count></li>`)}
    </ul>`,
  );
  const els = [...wrapper.querySelectorAll('colloquy-count')];
  await until(() => els.every((el) => el.count !== null || el.error !== null), 'every count');
  await settle(wrapper);
  return els;
}

describe('colloquy-count', () => {
  it('is accessible, and three counts on a page make one countComments call with the three threads', async () => {
    const { adapter, calls } = spy(memory());
    const els = await counts(adapter, ['a', 'b', 'c']);
    await expect(els[0]!.parentElement!.parentElement!).to.be.accessible();
    expect(calls.count).to.have.length(1);
    expect([...calls.count[0]!].sort()).to.deep.equal(['a', 'b', 'c']);
    expect(calls.list, 'no listComments when countComments exists').to.deep.equal([]);
    expect(els.map(text)).to.deep.equal(['1 comment', '12 comments', 'No comments yet']);
    expect(countPart(els[0]!).hasAttribute('aria-busy')).to.be.false;
  });

  it('asks once per distinct thread, per adapter', async () => {
    const one = spy(memory());
    const two = spy(memory());
    const wrapper = await fixture<HTMLElement>(html`<div>
      <colloquy-count thread="a" .adapter=${one.adapter}></colloquy-count>
      <colloquy-count thread="a" .adapter=${one.adapter}></colloquy-count>
      <colloquy-count thread="b" .adapter=${one.adapter}></colloquy-count>
      <colloquy-count thread="b" .adapter=${two.adapter}></colloquy-count>
    </div>`);
    const els = [...wrapper.querySelectorAll('colloquy-count')];
    await until(() => els.every((el) => el.count !== null), 'every count');
    await settle(wrapper);
    expect(one.calls.count.map((c) => [...c].sort())).to.deep.equal([['a', 'b']]);
    expect(two.calls.count).to.deep.equal([['b']]);
    expect(els.map(text)).to.deep.equal(['1 comment', '1 comment', '12 comments', '12 comments']);
  });

  it('asks for at most 100 threads in one call', async () => {
    const { adapter, calls } = spy(memory());
    const threads = Array.from({ length: 150 }, (_, i) => `t${i}`);
    const els = await counts(adapter, threads);
    expect(calls.count.map((c) => c.length)).to.deep.equal([100, 50]);
    expect(new Set(calls.count.flat()).size).to.equal(150);
    expect(els.every((el) => text(el) === 'No comments yet')).to.be.true;
  });

  it('falls back to listComments(thread, { limit: 1 }).total without countComments', async () => {
    const { adapter, calls } = spy(memory(), { count: false });
    const els = await counts(adapter, ['a', 'b', 'c']);
    expect(calls.list.map(([t, o]) => [t, o.limit]).sort()).to.deep.equal([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
    expect(els.map(text)).to.deep.equal(['1 comment', '12 comments', 'No comments yet']);
  });

  it('is empty and busy while loading, one line high', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inner = memory();
    const adapter: CommentsAdapter = {
      listComments: (t, o) => inner.listComments(t, o),
      postComment: (t, i, o) => inner.postComment(t, i, o),
      countComments: async (threads) => {
        await gate;
        return inner.countComments(threads);
      },
    };
    const wrapper = await fixture<HTMLElement>(html`<p style="margin:0"><colloquy-count thread="b" .adapter=${adapter}></colloquy-count></p>`);
    const el = wrapper.querySelector('colloquy-count')!;
    await settle(el);
    const before = wrapper.getBoundingClientRect().height;
    expect(countPart(el).getAttribute('aria-busy')).to.equal('true');
    expect(text(el).trim().replace(/\u200b/g, '')).to.equal('');
    expect(before, 'one line tall while loading').to.be.greaterThan(0);
    release();
    await until(() => el.count !== null, 'the count');
    await el.updateComplete;
    expect(text(el)).to.equal('12 comments');
    expect(wrapper.getBoundingClientRect().height).to.equal(before);
    await expect(wrapper).to.be.accessible();
  });

  it('shows no count after a failure, with the error part, and raises colloquy-error (action count)', async () => {
    const inner = memory();
    const adapter: CommentsAdapter = {
      listComments: (t, o) => inner.listComments(t, o),
      postComment: (t, i, o) => inner.postComment(t, i, o),
      countComments: () => Promise.reject(new TypeError('Failed to fetch')),
    };
    const wrapper = await fixture<HTMLElement>(html`<div></div>`);
    const el = document.createElement('colloquy-count');
    el.thread = 'a';
    el.adapter = adapter;
    const event = oneEvent(wrapper, 'colloquy-error');
    wrapper.append(el);
    const e = (await event) as CustomEvent<{ action: string; thread: string; error: { kind: string } }>;
    expect(e.detail.action).to.equal('count');
    expect(e.detail.thread).to.equal('a');
    expect(e.detail.error.kind).to.equal('network');
    expect(e.bubbles && e.composed).to.be.true;
    expect(el.count).to.be.null;
    expect(countPart(el).getAttribute('part')).to.equal('count error');
    expect(countPart(el).getAttribute('aria-hidden')).to.equal('true');
    expect(text(el)).to.not.match(/\d|comment/);
    await expect(wrapper).to.be.accessible();
  });

  it('treats a malformed answer as a failure (validated by guardAdapter)', async () => {
    const inner = memory();
    const adapter: CommentsAdapter = {
      listComments: (t, o) => inner.listComments(t, o),
      postComment: (t, i, o) => inner.postComment(t, i, o),
      countComments: async () => ({ a: -3 }) as Record<string, number>,
    };
    const [el] = await counts(adapter, ['a']);
    expect(el!.error?.reason).to.equal('malformed-response');
    expect(countPart(el!).getAttribute('part')).to.equal('count error');
  });

  it('speaks the nearest lang (French, Russian plurals) and follows a change of it', async () => {
    const fr = await counts(memory(), ['a', 'b', 'c'], 'fr');
    await until(() => text(fr[2]!) !== 'No comments yet', 'the French catalog');
    expect(fr.map(text)).to.deep.equal(['1 commentaire', '12 commentaires', 'Aucun commentaire pour l’instant']);
    expect(countPart(fr[0]!).getAttribute('lang')).to.equal('fr');

    const list = fr[0]!.closest('ul')!;
    list.setAttribute('lang', 'ru');
    await until(() => text(fr[1]!) === '12 комментариев', 'Russian');
    expect(text(fr[0]!)).to.equal('1 комментарий');

    fr[0]!.setAttribute('lang', 'en');
    await until(() => text(fr[0]!) === '1 comment', 'the element’s own lang');
    await expect(list).to.be.accessible();
  });

  it('fetches again when the thread changes', async () => {
    const { adapter, calls } = spy(memory());
    const [el] = await counts(adapter, ['a']);
    el!.thread = 'b';
    await until(() => text(el!) === '12 comments', 'the new thread');
    expect(calls.count).to.deep.equal([['a'], ['b']]);
  });
});

describe('colloquy-count on the script-tag path (dist/)', () => {
  type Api = typeof import('../../src/embed.js');
  type FrameWindow = Window & typeof globalThis & { Colloquy: import('../../src/embed.js').ColloquyGlobal; errors: unknown[] };
  let frame: HTMLIFrameElement | null = null;
  afterEach(() => frame?.remove());

  it('works on a page with only counts: one batched call, no moderation code fetched', async () => {
    frame = document.createElement('iframe');
    frame.style.cssText = 'width:800px;height:600px;border:0';
    const loaded = new Promise((r) => frame!.addEventListener('load', r, { once: true }));
    frame.srcdoc = `<!doctype html><html lang="en"><head>
      <script>window.errors = []; addEventListener('error', (e) => errors.push(e.message)); addEventListener('unhandledrejection', (e) => errors.push(String(e.reason)));</script>
      <script src="/dist/colloquy.js" defer></script></head><body>
      <ul>${['a', 'b', 'c'].map((t) => `<li><a href="#">Article ${t}</a> <colloquy-count thread="${t}"></colloquy-count></li>`).join('')}</ul></body></html>`;
    document.body.append(frame);
    await loaded;
    const w = frame.contentWindow as FrameWindow;
    const api = (await w.Colloquy.ready) as Api;
    const MemoryAdapter = await api.loadMemoryAdapter();
    const inner = new MemoryAdapter({ seed: { a: comments(1), b: comments(12) } });
    const calls: string[][] = [];
    api.setDefaultAdapter({
      listComments: (t, o) => inner.listComments(t, o),
      postComment: (t, i, o) => inner.postComment(t, i, o),
      countComments: (threads) => {
        calls.push([...threads]);
        return inner.countComments(threads);
      },
    });
    const els = [...w.document.querySelectorAll('colloquy-count')];
    const shown = () => els.map((el) => el.shadowRoot?.querySelector('[part~="count"]')?.textContent ?? '');
    await until(() => shown().join('|') === '1 comment|12 comments|No comments yet', 'the counts');
    expect(calls.map((c) => [...c].sort())).to.deep.equal([['a', 'b', 'c']]);
    const files = w.performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname.split('/').pop()!);
    expect(files.filter((f) => f.startsWith('colloquy-moderation')), 'no moderation chunk').to.deep.equal([]);
    expect(w.customElements.get('colloquy-moderation')).to.be.undefined;
    expect(w.errors).to.deep.equal([]);
  });
});
