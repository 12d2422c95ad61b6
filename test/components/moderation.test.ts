/**
 * <colloquy-moderation>: a token field, then the queue of pending and reported comments with
 * Approve / Reject / Delete, against a MemoryAdapter whose other visitors post and report.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { loadModeration } from '../../src/define.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import type { ColloquyModeration, ModeratedDetail } from '../../src/components/moderation/moderation.js';
import { AdapterError, type CommentsAdapter } from '../../src/core/adapter.js';
import { expectFocus, part, parts, settle, until } from './helpers.js';

const TOKEN = 'open-sesame-0123456789';
const EVIL = 'Look <b>here</b> <img src=x onerror="window.pwned=1">\n\nSecond paragraph';

before(async () => {
  await loadModeration();
});

beforeEach(() => localStorage.clear());

/**
 * t2 has three published comments: r1 reported once, r2 reported by two readers (hidden, since
 * hideAfterReports is 2), ok not reported. Alice then posts two comments to t1, pending.
 */
async function backend() {
  const adapter = new MemoryAdapter({
    moderatorToken: TOKEN,
    preModeration: true,
    hideAfterReports: 2,
    required: ['body'],
    seed: {
      t2: [
        { id: 'r1', body: 'Reported once', authorName: 'Rita' },
        { id: 'r2', body: 'Reported twice', authorName: 'Hugo' },
        { id: 'ok', body: 'Fine', authorName: 'Olga' },
      ],
    },
  });
  const alice = adapter.forVisitor('alice');
  const p1 = await alice.postComment('t1', { body: EVIL, authorName: 'Alice', authorEmail: 'alice@example.com' }, { idempotencyKey: 'k1' });
  const p2 = await alice.postComment('t1', { body: 'Second pending', authorName: 'Alice' }, { idempotencyKey: 'k2' });
  await adapter.forVisitor('v1').reportComment('t2', 'r1', 'spam');
  await adapter.forVisitor('v1').reportComment('t2', 'r2', 'abuse');
  await adapter.forVisitor('v2').reportComment('t2', 'r2', 'other', 'Insults another reader');
  return { adapter, alice, p1, p2 };
}

async function moderation(adapter: CommentsAdapter): Promise<ColloquyModeration> {
  const el = await fixture<ColloquyModeration>(html`<colloquy-moderation .adapter=${adapter}></colloquy-moderation>`);
  await settle(el);
  return el;
}

/** Types the token and presses Enter in the field. */
async function signIn(el: ColloquyModeration, token = TOKEN): Promise<void> {
  part<HTMLInputElement>(el, 'token-input').focus();
  await sendKeys({ type: token });
  await sendKeys({ press: 'Enter' });
}

async function open(el: ColloquyModeration, token = TOKEN): Promise<void> {
  await signIn(el, token);
  await until(() => el.isOpen, 'the queue');
  await settle(el);
}

const items = (el: ColloquyModeration) => parts<HTMLElement>(el, 'item');
const authors = (el: ColloquyModeration) => items(el).map((i) => i.querySelector('[part~="author"]')!.textContent);
const itemOf = (el: ColloquyModeration, author: string) => items(el).find((i) => i.querySelector('[part~="author"]')!.textContent === author)!;
const button = (item: HTMLElement, name: string) => item.querySelector<HTMLButtonElement>(`[part~="${name}"]`)!;
const announced = (el: ColloquyModeration) => part(el, 'announcement').textContent!.trim();
/** What another reader (not the author, not a moderator) sees in a thread. */
const visible = async (adapter: MemoryAdapter, thread: string) =>
  (await adapter.forVisitor('bob').listComments(thread, {})).comments.map((c) => `${c.id}:${c.status}`);

describe('colloquy-moderation', () => {
  it('is accessible and asks for the token in a labelled password field', async () => {
    const { adapter } = await backend();
    const el = await moderation(adapter);
    await expect(el).to.be.accessible();
    const input = part<HTMLInputElement>(el, 'token-input');
    expect(input.type).to.equal('password');
    expect(input.labels![0]!.textContent).to.equal('Moderator token');
    expect(part(el, 'sign-in-button').textContent!.trim()).to.equal('Open the queue');
    expect(part(el, 'title').textContent).to.equal('Moderation queue');
    expect(parts(el, 'item')).to.have.length(0);
  });

  it('refuses a wrong token: the error is next to the field, focus stays, nothing is listed', async () => {
    const { adapter } = await backend();
    const el = await moderation(adapter);
    const failed = oneEvent(el, 'colloquy-error');
    await signIn(el, 'not-the-token');
    const e = await failed;
    await settle(el);
    expect(e.detail.action).to.equal('moderate');
    expect(e.detail.error.kind).to.equal('forbidden');
    const input = part<HTMLInputElement>(el, 'token-input');
    const error = part(el, 'sign-in-error');
    expect(error.textContent).to.equal('You are not allowed to do this.');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.equal(error.id);
    expectFocus(input, 'the token field');
    expect(el.isOpen).to.be.false;
    expect(parts(el, 'item')).to.have.length(0);
    expect(parts(el, 'queue')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('opens with Enter in the field and lists pending and reported comments, oldest first', async () => {
    const { adapter } = await backend();
    const el = await moderation(adapter);
    await open(el);
    await expect(el).to.be.accessible();
    expectFocus(part(el, 'title'), 'the heading');
    expect(authors(el)).to.deep.equal(['Rita', 'Hugo', 'Alice', 'Alice']);
    const [rita, hugo, alice1, alice2] = items(el) as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];
    expect(rita.tagName).to.equal('ARTICLE');
    expect(rita.querySelector('[part~="status"]')!.textContent).to.equal('Reported once');
    expect(rita.querySelector('[part~="thread"]')!.textContent).to.equal('Thread t2');
    expect(rita.querySelector('[part~="report-reason"]')!.textContent).to.equal('Spam');
    expect(rita.getAttribute('part')).to.equal('item item-reported');
    expect(hugo.querySelector('[part~="status"]')!.textContent).to.equal('Hidden after reports · Reported 2 times');
    expect(hugo.getAttribute('part')).to.equal('item item-hidden item-reported');
    expect([...hugo.querySelectorAll('[part~="report"]')].map((r) => r.querySelector('[part~="report-reason"]')!.textContent)).to.deep.equal([
      'Abuse or harassment',
      'Something else',
    ]);
    expect(hugo.querySelector('[part~="report-details"]')!.textContent).to.equal('Insults another reader');
    expect(hugo.querySelector('[part~="body"]')!.textContent!.trim(), 'a hidden comment shows its text to the moderator').to.equal('Reported twice');
    expect(alice1.querySelector('[part~="status"]')!.textContent).to.equal('Awaiting approval');
    expect(alice1.querySelector('[part~="email"]')!.textContent).to.equal('alice@example.com');
    expect(alice2.querySelector('[part~="email"]'), 'no e-mail given').to.be.null;
    expect(alice1.querySelector('time')!.getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
    expect([...alice1.querySelectorAll('[part~="actions"] button')].map((b) => b.textContent!.trim())).to.deep.equal(['Approve', 'Reject', 'Delete']);
    // The token lives in memory only: not in the DOM, not in storage.
    expect(el.outerHTML + el.shadowRoot!.innerHTML).to.not.include(TOKEN);
    expect(JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })).to.not.include(TOKEN);
  });

  it('shows a body with HTML in it as text', async () => {
    const { adapter } = await backend();
    const el = await moderation(adapter);
    await open(el);
    const body = itemOf(el, 'Alice').querySelector('[part~="body"]')!;
    expect(body.textContent).to.include('Look <b>here</b> <img src=x onerror="window.pwned=1">');
    expect(body.querySelectorAll('b, img')).to.have.length(0);
    expect(body.querySelectorAll('p')).to.have.length(2);
    expect((window as { pwned?: number }).pwned).to.be.undefined;
  });

  it('approves: buttons disabled meanwhile, then the item goes, "Approved." is announced, focus moves on, others see it', async () => {
    const { adapter, p1 } = await backend();
    const el = await moderation(adapter);
    await open(el);
    expect(await visible(adapter, 't1')).to.deep.equal([]);
    adapter.latencyMs = 80;
    const item = itemOf(el, 'Alice');
    const approve = button(item, 'approve-button');
    approve.focus();
    const done = oneEvent(el, 'colloquy-moderated');
    approve.click();
    await el.updateComplete;
    expect([...item.querySelectorAll('button')].map((b) => b.getAttribute('aria-disabled'))).to.deep.equal(['true', 'true', 'true']);
    approve.click(); // ignored while in flight
    const e = (await done) as CustomEvent<ModeratedDetail>;
    expect(e.detail).to.deep.equal({ thread: 't1', commentId: p1.id, action: 'approve' });
    await settle(el);
    expect(authors(el)).to.deep.equal(['Rita', 'Hugo', 'Alice']);
    expect(announced(el)).to.equal('Approved.');
    expect(part(el, 'announcement').getAttribute('role')).to.equal('status');
    expectFocus(items(el)[2], 'the next item');
    expect(await visible(adapter, 't1')).to.deep.equal([`${p1.id}:published`]);
  });

  it('approving a reported comment dismisses its reports and shows it again', async () => {
    const { adapter } = await backend();
    const el = await moderation(adapter);
    await open(el);
    expect(await visible(adapter, 't2')).to.deep.equal(['r1:published', 'ok:published']);
    button(itemOf(el, 'Hugo'), 'approve-button').click();
    await oneEvent(el, 'colloquy-moderated');
    expect(await visible(adapter, 't2')).to.deep.equal(['r1:published', 'r2:published', 'ok:published']);
  });

  it('rejects: the comment leaves the thread and the queue', async () => {
    const { adapter } = await backend();
    const el = await moderation(adapter);
    await open(el);
    const reject = button(itemOf(el, 'Rita'), 'reject-button');
    reject.focus();
    reject.click();
    const e = (await oneEvent(el, 'colloquy-moderated')) as CustomEvent<ModeratedDetail>;
    expect(e.detail).to.deep.equal({ thread: 't2', commentId: 'r1', action: 'reject' });
    await settle(el);
    expect(authors(el)).to.deep.equal(['Hugo', 'Alice', 'Alice']);
    expect(announced(el)).to.equal('Rejected.');
    expectFocus(items(el)[0], 'the next item');
    expect(await visible(adapter, 't2')).to.deep.equal(['ok:published']);
    const queue = await adapter.moderation(TOKEN).listQueue();
    expect(queue.items.map((i) => i.comment.id)).to.not.include('r1');
  });

  it('deletes after confirmation (Escape cancels), erasing the comment; the last one moves focus to the heading', async () => {
    const { adapter, alice, p2 } = await backend();
    const el = await moderation(adapter);
    await open(el);
    const item = items(el)[3]!;
    const del = button(item, 'delete-button');
    del.focus();
    del.click();
    await settle(el);
    const confirm = item.querySelector<HTMLElement>('[part~="confirm"]')!;
    expect(confirm.textContent).to.include('Delete this comment? This cannot be undone.');
    expectFocus(confirm, 'the confirmation');
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect(item.querySelector('[part~="confirm"]')).to.be.null;
    expectFocus(del, 'the Delete button');
    expect((await alice.listComments('t1', {})).comments.map((c) => c.id), 'nothing deleted yet').to.include(p2.id);

    del.click();
    await settle(el);
    const yes = button(item, 'confirm-button');
    expect(yes.textContent!.trim()).to.equal('Yes, delete it');
    yes.focus();
    yes.click();
    const e = (await oneEvent(el, 'colloquy-moderated')) as CustomEvent<ModeratedDetail>;
    expect(e.detail.action).to.equal('delete');
    await settle(el);
    expect(authors(el)).to.deep.equal(['Rita', 'Hugo', 'Alice']);
    expect(announced(el)).to.equal('Deleted.');
    expectFocus(items(el)[2], 'the previous item (there is no next one)');
    expect((await alice.listComments('t1', {})).comments.map((c) => c.id), 'gone even for its author').to.not.include(p2.id);

    // Act on the rest until the queue is empty: focus ends on the heading, "Nothing to review."
    for (const i of items(el)) {
      const approve = button(i, 'approve-button');
      approve.focus();
      approve.click();
      await oneEvent(el, 'colloquy-moderated');
      await settle(el);
    }
    expect(part(el, 'empty').textContent).to.equal('Nothing to review.');
    expectFocus(part(el, 'title'), 'the heading');
    await expect(el).to.be.accessible();
  });

  it('keeps the item and says why when a decision fails', async () => {
    const { adapter } = await backend();
    const failing: CommentsAdapter = {
      listComments: (t, o) => adapter.listComments(t, o),
      postComment: (t, i, o) => adapter.postComment(t, i, o),
      moderation: (token) => {
        const real = adapter.moderation(token);
        return { listQueue: (o) => real.listQueue(o), moderate: () => Promise.reject(new AdapterError('server', 'boom')) };
      },
    };
    const el = await moderation(failing);
    await open(el);
    const item = itemOf(el, 'Rita');
    const reject = button(item, 'reject-button');
    reject.focus();
    const failed = oneEvent(el, 'colloquy-error');
    reject.click();
    const e = await failed;
    await settle(el);
    expect(e.detail).to.include({ action: 'moderate', thread: 't2' });
    expect(authors(el)).to.deep.equal(['Rita', 'Hugo', 'Alice', 'Alice']);
    const alert = item.querySelector('[part~="item-error"]')!;
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.equal('That did not work. The comment service had a problem. Please try again.');
    expect([...item.querySelectorAll('[part~="actions"] button')].map((b) => b.getAttribute('aria-disabled'))).to.deep.equal(['false', 'false', 'false']);
    expectFocus(reject, 'the button that was pressed');
    expect(announced(el)).to.equal('');
    expect(await visible(adapter, 't2')).to.deep.equal(['r1:published', 'ok:published']);
    await expect(el).to.be.accessible();
  });

  it('refreshes, and pages with "Load more"', async () => {
    const adapter = new MemoryAdapter({ moderatorToken: TOKEN, preModeration: true, required: ['body'] });
    const other = adapter.forVisitor('other');
    for (let i = 0; i < 52; i++) await other.postComment(`t${i % 3}`, { body: `pending ${i}`, authorName: `P${i}` }, { idempotencyKey: `k${i}` });
    const el = await moderation(adapter);
    await open(el);
    expect(items(el)).to.have.length(50);
    const more = part<HTMLButtonElement>(el, 'load-more-button');
    more.focus();
    more.click();
    await until(() => items(el).length === 52, 'the second page');
    await settle(el);
    expectFocus(items(el)[50], 'the first item of the new page');
    expect(parts(el, 'load-more-button')).to.have.length(0);

    await other.postComment('t9', { body: 'a late one', authorName: 'Late' }, { idempotencyKey: 'late' });
    part<HTMLButtonElement>(el, 'refresh-button').click();
    await until(() => items(el).length === 50, 'the first page again');
    await settle(el);
    expect(parts(el, 'load-more-button')).to.have.length(1);
  });

  it('says "Nothing to review." for an empty queue, and "Close the queue" forgets the token', async () => {
    const adapter = new MemoryAdapter({ moderatorToken: TOKEN });
    const el = await moderation(adapter);
    await open(el);
    expect(part(el, 'empty').textContent).to.equal('Nothing to review.');
    expect(part(el, 'queue').getAttribute('aria-busy')).to.equal('false');
    const close = part<HTMLButtonElement>(el, 'close-button');
    expect(close.textContent).to.equal('Close the queue');
    close.click();
    await settle(el);
    expect(el.isOpen).to.be.false;
    const input = part<HTMLInputElement>(el, 'token-input');
    expect(input.value).to.equal('');
    expectFocus(input, 'the token field');
    // Opening again needs the token again.
    part<HTMLButtonElement>(el, 'sign-in-button').click();
    await settle(el);
    expect(el.isOpen).to.be.false;
    expect(parts(el, 'queue')).to.have.length(0);
  });

  it('speaks the nearest lang', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div lang="fr"><colloquy-moderation .adapter=${new MemoryAdapter()}></colloquy-moderation></div>`);
    const el = wrapper.querySelector('colloquy-moderation')!;
    await until(() => part(el, 'title').textContent === 'File de modération', 'the French catalog');
    expect(part(el, 'base').getAttribute('lang')).to.equal('fr');
  });
});

describe('colloquy-moderation on the script-tag path (dist/)', () => {
  type Api = typeof import('../../src/embed.js');
  type FrameWindow = Window & typeof globalThis & { Colloquy: import('../../src/embed.js').ColloquyGlobal; errors: unknown[] };
  const frames: HTMLIFrameElement[] = [];
  afterEach(() => frames.splice(0).forEach((f) => f.remove()));

  async function page(body: string): Promise<FrameWindow> {
    const iframe = document.createElement('iframe');
    iframe.style.cssText = 'width:800px;height:600px;border:0';
    const loaded = new Promise((r) => iframe.addEventListener('load', r, { once: true }));
    iframe.srcdoc = `<!doctype html><html lang="en"><head>
      <script>window.errors = []; addEventListener('error', (e) => errors.push(e.message)); addEventListener('unhandledrejection', (e) => errors.push(String(e.reason)));</script>
      <script src="/dist/colloquy.js" defer></script></head><body>${body}</body></html>`;
    document.body.append(iframe);
    frames.push(iframe);
    await loaded;
    return iframe.contentWindow as FrameWindow;
  }

  const fetched = (w: Window) => w.performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname.split('/').pop()!);

  /** Opens the queue of the frame's <colloquy-moderation> on a MemoryAdapter with one pending comment. */
  async function useIt(w: FrameWindow): Promise<void> {
    const api = (await w.Colloquy.ready) as Api;
    await w.customElements.whenDefined('colloquy-moderation');
    const MemoryAdapter = await api.loadMemoryAdapter();
    const adapter = new MemoryAdapter({ moderatorToken: TOKEN, preModeration: true, required: ['body'] });
    await adapter.forVisitor('x').postComment('t1', { body: 'Hold on', authorName: 'Xena' }, { idempotencyKey: 'k' });
    const el = w.document.querySelector('colloquy-moderation')!;
    el.adapter = adapter;
    await el.updateComplete;
    // Another window's elements: the helpers' instanceof checks do not apply, so query the shadow root directly.
    const $ = (name: string) => el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`);
    ($('token-input')[0] as HTMLInputElement).value = TOKEN;
    $('sign-in-button')[0]!.click();
    await until(() => $('item').length === 1, 'the queue');
    expect($('author')[0]!.textContent).to.equal('Xena');
  }

  it('is not in the main application code, only in its own chunk', async () => {
    const manifest = await (await fetch('/dist/.vite/manifest.json')).json();
    const staticFiles = new Set<string>(['colloquy.js']);
    const walk = (key: string): void => {
      const chunk = manifest[key];
      if (!chunk || staticFiles.has(chunk.file)) return;
      staticFiles.add(chunk.file);
      (chunk.imports ?? []).forEach(walk);
    };
    walk('src/embed.ts');
    expect(staticFiles.has('colloquy-app.js')).to.be.true;
    for (const file of staticFiles) {
      const code = await (await fetch(`/dist/${file}`)).text();
      for (const marker of ['approve-button', 'colloquy-moderated', 'sign-in-error']) expect(code.includes(marker), `${marker} in ${file}`).to.be.false;
    }
    const chunk = manifest['src/components/moderation/moderation.ts'];
    expect(chunk?.isDynamicEntry, 'a lazy chunk').to.be.true;
    expect(await (await fetch(`/dist/${chunk.file}`)).text()).to.include('approve-button');
  });

  it('a page with <colloquy-moderation> loads it at once (even far below) and it works', async () => {
    const w = await page(`<div style="height:5000px"></div><colloquy-moderation></colloquy-moderation>`);
    await useIt(w);
    expect(fetched(w).filter((f) => f.startsWith('colloquy-moderation'))).to.have.length(1);
    expect(w.errors).to.deep.equal([]);
  });

  it('one added later is fetched then', async () => {
    const w = await page(`<colloquy-count thread="a" loading="eager"></colloquy-count><div id="slot"></div>`);
    await w.Colloquy.ready;
    await new Promise((r) => setTimeout(r, 100));
    expect(fetched(w).filter((f) => f.startsWith('colloquy-moderation')), 'not before one is on the page').to.deep.equal([]);
    w.document.getElementById('slot')!.innerHTML = '<section><colloquy-moderation></colloquy-moderation></section>';
    await useIt(w);
    expect(w.errors).to.deep.equal([]);
  });
});
