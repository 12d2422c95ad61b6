/**
 * The XSS corpus (test/fixtures/xss-payloads.ts, 400+ payloads) placed in every field a
 * backend controls — body text, bodyHtml, author name, author URL, avatar URL, comment id and
 * parent id (both used in attributes and keys) — and rendered in real Chromium. Asserts that
 * no script ran (a trap the payloads call, plus alert/confirm/prompt), and that no rendered
 * shadow tree holds an on* attribute, a javascript:/data:/vbscript: URL, or an element outside
 * the allow-list inside a comment body.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { ColloquyComments } from '../../src/components/comments/comments.js';
import { MemoryAdapter, type SeedComment } from '../../src/adapters/memory.js';
import { ALLOWED_TAGS } from '../../src/core/sanitize.js';
import { XSS_PAYLOADS } from '../fixtures/xss-payloads.js';
import { ownPart, shadowRoots, settle, topArticles, until } from './helpers.js';

const w = window as unknown as Record<string, unknown>;
let hits: string[] = [];
const originals = { alert: window.alert, confirm: window.confirm, prompt: window.prompt };

const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'background', 'poster', 'srcset', 'ping']);
const BAD_SCHEME = /^(?:javascript|data|vbscript):/i;

/** Every problem found in the shadow trees under `root`. */
function audit(root: Element): string[] {
  const problems: string[] = [];
  for (const sr of shadowRoots(root)) {
    for (const el of sr.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        if (name.startsWith('on')) problems.push(`<${el.localName} ${name}>`);
        // eslint-disable-next-line no-control-regex
        const value = attr.value.replace(/[\u0000-\u0020]/g, '');
        if (URL_ATTRS.has(name) && BAD_SCHEME.test(value)) problems.push(`<${el.localName} ${name}="${attr.value.slice(0, 40)}">`);
      }
      if (el.closest('[part~="body"]') && el.closest('[part~="body"]') !== el && !ALLOWED_TAGS.includes(el.localName)) {
        problems.push(`<${el.localName}> inside a body`);
      }
      if (el.closest('[part~="author"]') && el.closest('[part~="author"]') !== el) problems.push(`<${el.localName}> inside an author name`);
    }
  }
  return problems;
}

/** Two comments per payload: one carrying it in its text, URLs and id; a reply carrying it as HTML and as parent id. */
function thread(payloads: readonly string[], offset: number): SeedComment[] {
  return payloads.flatMap((p, i) => [
    { id: p, body: p, authorName: p, authorUrl: p, avatarUrl: p },
    { id: `reply-${offset + i}`, parentId: p, body: p, bodyHtml: p, authorName: p, authorUrl: `https://example.com/${p}`, avatarUrl: p },
  ]);
}

describe(`XSS corpus (${XSS_PAYLOADS.length} payloads × 7 fields)`, () => {
  before(() => {
    w.__xss = (...args: unknown[]) => void hits.push(String(args[0] ?? 'called'));
    w.alert = w.confirm = w.prompt = w.__xss;
  });
  after(() => {
    Object.assign(window, originals);
    delete w.__xss;
  });
  beforeEach(() => {
    hits = [];
    localStorage.clear();
  });

  it('control: the trap and the audit do catch a payload rendered unsafely', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    const unsafe = document.createElement('div');
    unsafe.setAttribute('part', 'body');
    root.append(unsafe);
    unsafe.innerHTML = XSS_PAYLOADS[0] + '<a href="javascript:__xss()">x</a>';
    await new Promise((r) => setTimeout(r, 150));
    expect(hits.length, 'the trap fired').to.be.greaterThan(0);
    expect(audit(host).length, 'the audit flags it').to.be.greaterThan(0);
    host.remove();
  });

  const CHUNK = 30;
  for (let start = 0; start < XSS_PAYLOADS.length; start += CHUNK) {
    const payloads = XSS_PAYLOADS.slice(start, start + CHUNK);
    it(`payloads ${start + 1}–${start + payloads.length}: nothing runs, nothing dangerous is rendered`, async () => {
      const adapter = new MemoryAdapter({ seed: { xss: thread(payloads, start) } });
      const el = await fixture<ColloquyComments>(html`<colloquy-comments thread="xss" reply-depth="5" page-size="100" .adapter=${adapter}></colloquy-comments>`);
      await until(() => el.threadStore?.status === 'ready', 'load', 5000);
      await settle(el);
      // Open the reply form of the first comment: its id (a payload) goes into attributes and draft keys.
      const first = topArticles(el)[0]!;
      ownPart<HTMLButtonElement>(first, 'reply-button')!.click();
      await settle(el);
      expect(el.threadStore!.loaded.length, 'every comment rendered').to.equal(payloads.length * 2);
      // Give error/load/focus/animation handlers time to fire if any had survived.
      await new Promise((r) => setTimeout(r, 150));
      expect(hits, 'script ran').to.deep.equal([]);
      expect(audit(el)).to.deep.equal([]);
      // The payload text is shown as text.
      const bodies = [...shadowRoots(el)].flatMap((sr) => [...sr.querySelectorAll('[part~="body"]')]).map((b) => b.textContent);
      expect(bodies.some((t) => t!.includes(payloads[payloads.length - 1].trim().slice(0, 8)))).to.be.true;
      el.remove();
    });
  }
});
