/**
 * The styling contract: every part documented in custom-elements.json exists in some state
 * and is reachable from the page as colloquy-comments::part(name); theme tokens reach every
 * component; dark mode switches by CSS alone.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { ColloquyComments } from '../../src/components/comments/comments.js';
import { LIST_PARTS } from '../../src/components/comment-list/comment-list.js';
import { AdapterError, type CommentsAdapter } from '../../src/core/adapter.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { commentArticle, commentId, commentList, deepQueryAll, ownPart, part, seeded, settle, shadowRoots, topArticles, until } from './helpers.js';

beforeEach(() => localStorage.clear());

interface Manifest {
  modules: { declarations?: { tagName?: string; cssParts?: { name: string }[]; cssProperties?: { name: string }[] }[] }[];
}

/** The elements a comment section is made of (other elements, such as the moderation queue, are not inside it). */
const SECTION_TAGS = ['colloquy-comments', 'colloquy-like-prompt', 'colloquy-comment-form', 'colloquy-char-counter', 'colloquy-comment-list', 'colloquy-comment'];

/** Parts documented in custom-elements.json for the section's elements, and every part the code exports. */
async function documentedParts(): Promise<string[]> {
  const manifest = (await (await fetch('/custom-elements.json')).json()) as Manifest;
  const names = manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .filter((d) => d.tagName !== undefined && SECTION_TAGS.includes(d.tagName))
    .flatMap((d) => d.cssParts ?? [])
    .map((p) => p.name);
  // stage-error exists only on the script-tag path (its reader stage): embed.test.ts styles it from the page.
  return [...new Set([...names, ...LIST_PARTS])].filter((name) => name !== 'stage-error');
}

/** A part of this comment (its article) itself, not of its replies. */
const own = <T extends HTMLElement = HTMLElement>(c: HTMLElement, name: string): T => ownPart<T>(c, name)!;

/** Sections that together show every state: a full thread, loading, failing, empty. */
async function everyState(): Promise<ColloquyComments[]> {
  const sections: ColloquyComments[] = [];
  // A thread with a pending comment, an anonymous one, an author link and avatar, deep replies, more pages.
  const adapter = seeded(
    [
      { id: 'a', body: 'first', authorName: 'Amira', authorUrl: 'https://a.example/', avatarUrl: 'https://a.example/a.png' },
      { id: 'b', body: 'anonymous', authorName: null },
      { id: 'p', body: 'waiting', authorName: 'P', status: 'pending' },
      { id: 'r1', parentId: 'a', body: 'r1', authorName: 'R1' },
      { id: 'r2', parentId: 'r1', body: 'r2', authorName: 'R2' },
      { id: 'r3', parentId: 'r2', body: 'r3', authorName: 'R3' },
      { id: 'r4', parentId: 'r3', body: 'r4', authorName: 'R4' },
      { id: 'r5', parentId: 'a', body: 'r5', authorName: 'R5' },
      { id: 'r6', parentId: 'a', body: 'r6 (beyond the first five: "Show 1 more reply")', authorName: 'R6' },
      { id: 'c', body: 'third' },
      { id: 'd', body: 'fourth' },
    ],
    { required: ['body'] },
  );
  let failPosts = true;
  const failing: CommentsAdapter = {
    listComments: (t, o) => adapter.listComments(t, o),
    postComment: async (t, i, o) => {
      if (failPosts) throw new AdapterError('network', 'down');
      return adapter.postComment(t, i, o);
    },
    getArticleReactions: (t) => adapter.getArticleReactions(t),
    reactToArticle: async (t, v) => {
      if (v === 'dislike') throw new AdapterError('server', 'votes are down');
      return adapter.reactToArticle(t, v);
    },
    likeComment: async (t, id, liked) => {
      if (id === 'b') throw new AdapterError('server', 'likes are down');
      return adapter.likeComment(t, id, liked);
    },
  };
  localStorage.setItem('colloquy:identity', JSON.stringify({ authorName: 'Me', authorEmail: 'me@example.com' }));
  const full = await fixture<ColloquyComments>(html`<colloquy-comments thread="t1" page-size="3" maxlength="20" policy-href="/policy" .adapter=${failing}></colloquy-comments>`);
  await until(() => full.threadStore?.status === 'ready', 'load');
  await settle(full);
  // Vote, and a failed vote.
  part(full, 'like-button-yes').click();
  await until(() => deepQueryAll(full, '[part~="like-thanks"]').length > 0, 'vote');
  part(full, 'like-button-no').click();
  await until(() => deepQueryAll(full, '[part~="like-error"]').length > 0, 'failed vote');
  // A liked comment, and a like that failed.
  deepQueryAll<HTMLButtonElement>(full, '[part~="comment-like-button"]')[0]!.click();
  deepQueryAll<HTMLButtonElement>(full, '[part~="comment-like-button"]').find((b) => b.closest('article')?.textContent?.includes('anonymous'))!.click();
  await until(() => deepQueryAll(full, '[part~="comment-like-error"]').length > 0, 'failed like');
  // The main form: near the limit, a cut paste, invalid fields, a failed post.
  const form = part(full, 'main-form');
  const ta = form.shadowRoot!.querySelector('textarea')!;
  ta.value = 'x'.repeat(30);
  ta.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste', bubbles: true, composed: true }));
  await settle(full);
  form.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
  await until(() => !part(full, 'post-error').hidden, 'post error');
  // A reply form open on the first comment, with its errors shown.
  const first = topArticles(full)[0]!;
  own<HTMLButtonElement>(first, 'reply-button').click();
  await settle(full);
  const reply = own(first, 'reply-form');
  const rta = reply.shadowRoot!.querySelector('textarea')!;
  rta.value = 'y'.repeat(19);
  rta.dispatchEvent(new InputEvent('input', { inputType: 'insertText', bubbles: true, composed: true }));
  reply.shadowRoot!.querySelector('input')!.value = '';
  reply.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit-button"]')!.click();
  // Offline notice, a sending comment.
  window.dispatchEvent(new Event('offline'));
  await settle(full);
  sections.push(full);
  failPosts = false;

  // A second section: a post in flight (sending), at the limit.
  let release: () => void = () => {};
  const slow: CommentsAdapter = {
    listComments: (t, o) => adapter.listComments(t, o),
    postComment: async (t, i, o) => {
      await new Promise<void>((r) => (release = r));
      return adapter.postComment(t, i, o);
    },
  };
  const sending = await fixture<ColloquyComments>(html`<colloquy-comments thread="t1" maxlength="5" required="" .adapter=${slow}></colloquy-comments>`);
  await until(() => sending.threadStore?.status === 'ready', 'load');
  await settle(sending);
  const sta = part(sending, 'main-form').shadowRoot!.querySelector('textarea')!;
  sta.value = 'abcde';
  sta.dispatchEvent(new InputEvent('input', { inputType: 'insertText', bubbles: true, composed: true }));
  await settle(sending);
  part(part(sending, 'main-form'), 'submit-button').click();
  await settle(sending);
  sections.push(sending);

  // The reader's own comments and other people's: edit, delete and report forms open, each with its
  // failure; a reported comment; placeholders; an edited comment; live updates waiting to be shown.
  const community = seeded(
    [
      { id: 'x', body: 'gone', status: 'deleted' },
      { id: 'x1', parentId: 'x', body: 'answer to a deleted comment' },
      { id: 'h', body: 'hidden', status: 'hidden' },
      { id: 'h1', parentId: 'h', body: 'answer to a hidden comment' },
      { id: 'e', body: 'edited once', editedAt: new Date().toISOString() },
      { id: 'o1', body: 'to report' },
      { id: 'o2', body: 'reported' },
    ],
    { required: ['body'] },
  );
  const own1 = await fixture<ColloquyComments>(html`<colloquy-comments thread="t1" .adapter=${community}></colloquy-comments>`);
  await until(() => own1.threadStore?.status === 'ready', 'load');
  await own1.threadStore!.post({ authorName: 'Me', body: 'mine to edit' }, 'k-edit');
  await own1.threadStore!.post({ authorName: 'Me', body: 'mine to delete' }, 'k-delete');
  await own1.threadStore!.report('o2', 'spam');
  await settle(own1);
  const byBody = (text: string) => commentArticle(own1, text);
  const [toEdit, toDelete, toReport] = [byBody('mine to edit'), byBody('mine to delete'), byBody('to report')];
  const ownList = commentList(own1);
  community.failureRate = 1;
  await ownList.openEdit(commentId(toEdit));
  const editBox = own<HTMLTextAreaElement>(toEdit, 'edit-textarea');
  editBox.value = 'changed';
  editBox.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  own(toEdit, 'edit-save').click();
  await ownList.openDelete(commentId(toDelete));
  own(toDelete, 'delete-confirm-button').click();
  await ownList.openReport(commentId(toReport));
  own<HTMLInputElement>(toReport, 'report-reason').querySelector('input')!.click();
  own(toReport, 'report-submit').click();
  await until(() => ['edit-error', 'delete-error', 'report-error'].every((p) => deepQueryAll(own1, `[part~="${p}"]`).length > 0), 'the failures');
  community.failureRate = 0;
  own(byBody('reported'), 'report-button').focus();
  await community.forVisitor('someone-else').postComment('t1', { authorName: 'O', body: 'live' }, { idempotencyKey: 'live' });
  await until(() => deepQueryAll(own1, '[part~="new-comments"]').length > 0, 'new comments');
  sections.push(own1);
  // Another reader reported a comment here: "Thank you" is shown.
  const thanks = await fixture<ColloquyComments>(html`<colloquy-comments thread="t1" .adapter=${community.forVisitor('reporter')}></colloquy-comments>`);
  await until(() => thanks.threadStore?.status === 'ready', 'load');
  await settle(thanks);
  const target = commentArticle(thanks, 'to report');
  await commentList(thanks).openReport(commentId(target));
  own<HTMLInputElement>(target, 'report-reason').querySelector('input')!.click();
  own(target, 'report-submit').click();
  await until(() => own(target, 'report-status')?.textContent === 'Thank you. A moderator will review this comment.', 'thanks');
  sections.push(thanks);

  // Loading, failing and empty sections.
  sections.push(await fixture<ColloquyComments>(html`<colloquy-comments thread="t1" .adapter=${new MemoryAdapter({ latencyMs: 60_000 })}></colloquy-comments>`));
  const broken: CommentsAdapter = { listComments: async () => { throw new AdapterError('server', 'x'); }, postComment: async () => { throw new Error('x'); } };
  const failed = await fixture<ColloquyComments>(html`<colloquy-comments thread="t1" .adapter=${broken}></colloquy-comments>`);
  await until(() => failed.threadStore?.status === 'error', 'error');
  sections.push(failed);
  const empty = await fixture<ColloquyComments>(html`<colloquy-comments thread="empty" .adapter=${new MemoryAdapter()}></colloquy-comments>`);
  await until(() => empty.threadStore?.status === 'ready', 'empty');
  sections.push(empty);
  for (const s of sections) await settle(s);
  (sections as unknown as { release: () => void }).release = () => release();
  return sections;
}

describe('styling contract', () => {
  afterEach(() => window.dispatchEvent(new Event('online')));

  it('every documented part exists and is reachable from the page as colloquy-comments::part(name)', async function () {
    this.timeout(30_000);
    const names = await documentedParts();
    expect(names.length).to.be.greaterThan(50);
    const sections = await everyState();
    const style = document.createElement('style');
    document.head.append(style);
    const unreachable: string[] = [];
    for (const name of names) {
      style.textContent = `colloquy-comments::part(${name}) { outline: 3px dotted rgb(1, 2, 3) !important; }`;
      const matches = sections.flatMap((s) => shadowRoots(s).flatMap((sr) => [...sr.querySelectorAll(`[part~="${name}"]`)]));
      const reached = matches.some((el) => getComputedStyle(el).outlineColor === 'rgb(1, 2, 3)');
      if (!reached) unreachable.push(`${name}${matches.length ? ' (rendered, not exported)' : ' (never rendered)'}`);
    }
    style.remove();
    (sections as unknown as { release: () => void }).release();
    expect(unreachable).to.deep.equal([]);
  });

  it('system tokens set on the section reach nested components', async () => {
    const el = await fixture<ColloquyComments>(html`<colloquy-comments thread="t1" style="--colloquy-color-accent: rgb(10, 20, 30); --colloquy-radius: 9px" .adapter=${seeded()}></colloquy-comments>`);
    await until(() => el.threadStore?.status === 'ready', 'load');
    await settle(el);
    const reply = part(el, 'reply-button');
    expect(getComputedStyle(reply).color).to.equal('rgb(10, 20, 30)');
    expect(getComputedStyle(part(el, 'textarea')).borderTopLeftRadius).to.equal('9px');
    expect(getComputedStyle(part(el, 'submit-button')).backgroundColor).to.equal('rgb(10, 20, 30)');
  });

  it('switches light / dark by CSS alone: colors change, nothing re-renders', async () => {
    const el = await fixture<ColloquyComments>(html`<colloquy-comments thread="t1" .adapter=${seeded()}></colloquy-comments>`);
    await until(() => el.threadStore?.status === 'ready', 'load');
    await settle(el);
    // The section, and the list that renders every comment.
    let updates = 0;
    for (const c of [el, commentList(el)]) {
      const original = (c as unknown as { update: (ch: unknown) => void }).update.bind(c);
      (c as unknown as { update: (ch: unknown) => void }).update = (ch) => {
        updates++;
        original(ch);
      };
    }
    const button = part(el, 'submit-button');
    el.theme = 'light';
    const light = getComputedStyle(button).backgroundColor;
    el.theme = 'dark';
    const dark = getComputedStyle(button).backgroundColor;
    expect(light).to.not.equal(dark);
    expect(getComputedStyle(el).colorScheme).to.equal('dark');
    await new Promise((r) => setTimeout(r, 50));
    expect(updates, 'Lit updates while switching').to.equal(0);
    await expect(el).to.be.accessible();
    el.theme = 'auto';
    expect(el.hasAttribute('theme')).to.be.true;
  });

  it('follows the page: auto inherits a dark color-scheme from the page', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="color-scheme: dark; background: #111; color: #eee">
      <colloquy-comments thread="t1" .adapter=${seeded()}></colloquy-comments>
    </div>`);
    const el = wrapper.querySelector('colloquy-comments')!;
    await until(() => el.threadStore?.status === 'ready', 'load');
    await settle(el);
    const darkAccent = getComputedStyle(part(el, 'reply-button')).color;
    wrapper.style.colorScheme = 'light';
    const lightAccent = getComputedStyle(part(el, 'reply-button')).color;
    expect(darkAccent).to.not.equal(lightAccent);
  });
});
