/**
 * The reader stage of the script-tag path (dist/colloquy-reader.js). The loader imports it when a
 * section comes near the viewport. It renders each `<colloquy-comments>` with the elements' own
 * templates (the count heading, the like prompt, the form with native fields that take typing,
 * the first page of comments with their buttons) into the elements' shadow roots, before their
 * code exists: no LitElement, no ThreadStore, no RestAdapter.
 *
 * The interaction stage (dist/colloquy-app.js: the elements, the store, the adapters) is fetched
 * once the first page is shown and the browser is idle, and at once on the first interaction
 * (a pointer, a key, focus in the section). When it arrives, the elements are defined and take
 * the rendering over in place (components/shared/take-over.ts): the same nodes, the typed text
 * in them, and the first page handed over (components/comments/hand-off.ts) so that it is not
 * fetched again. A click on a button before then (Reply, Like, Post, Load more…) is carried out
 * once it has arrived. A failed fetch of it is tried once more with a fresh URL; if that fails too,
 * the section says so with "Try again" (nothing typed is lost), and the button pressed is let go.
 */
import { render } from 'lit/html.js';
import { adoptStyles, type CSSResultOrNative } from '@lit/reactive-element/css-tag.js';
import type { CommentsAdapter } from './core/adapter.js';
import { AdapterError, parseCommentPage } from './core/contract.js';
import { DraftStore, MAIN_SLOT } from './core/drafts.js';
import { browserStorage, reactionKey, readJson } from './core/storage.js';
import { countGraphemes, parseRequired } from './core/text.js';
import { buildTree, pageCount, type CommentNode } from './core/tree.js';
import { safeHttpUrl } from './core/urls.js';
import { baseUrlOf, commentsUrl, visitorIdFrom } from './adapters/rest-paths.js';
import { Localizer } from './i18n/index.js';
import { catalogNow, loadCatalog } from './i18n/catalogs.js';
import { maxLengthAttribute, pageSizeAttribute, replyDepthAttribute } from './components/shared/attributes.js';
import { renderSection, SECTION_STYLES, type SectionView } from './components/comments/section-template.js';
import { inlineMessages, readSort, sortFor } from './components/comments/section-state.js';
import { localeOf } from './components/shared/lang.js';
import { handFirstPage } from './components/comments/hand-off.js';
import { renderForm, FORM_STYLES } from './components/comment-form/form-template.js';
import { counterState, renderCounter, COUNTER_STYLES } from './components/char-counter/counter-template.js';
import { renderList, LIST_STYLES } from './components/comment-list/list-template.js';
import { renderLikePrompt, LIKE_STYLES } from './components/like-prompt/like-template.js';
import { labelsOf, renderComment, type RenderContext } from './components/comment/render.js';
import { Deriver } from './components/comment/derive.js';

/** The interaction stage, next to this file. */
const APP_URL = import.meta.url.replace(/[^/?#]*([?#].*)?$/, 'colloquy-app.js');

/** What a backend can do, as far as the reader stage shows it. */
interface Capabilities {
  like: boolean;
  edit: boolean;
  delete: boolean;
  report: boolean;
  react: boolean;
}

/**
 * The RestAdapter implements every optional method of the contract (adapters/rest.ts; a test
 * holds it to that), so a section with `api` shows every button at once.
 */
const REST_CAPABILITIES: Capabilities = { like: true, edit: true, delete: true, report: true, react: true };

function capabilitiesOf(a: CommentsAdapter): Capabilities {
  const has = (m: keyof CommentsAdapter) => typeof a[m] === 'function';
  return { like: has('likeComment'), edit: has('editComment'), delete: has('deleteComment'), report: has('reportComment'), react: has('reactToArticle') };
}

/** The attributes (and properties set before the code arrived) a section renders from. */
interface Settings {
  thread: string;
  api: string | null;
  adapter: CommentsAdapter | null;
  maxlength: number;
  required: string;
  replyDepth: number;
  pageSize: number;
  policy: string | null;
}

/** A property the page set on the element before its class existed (Lit takes it over on upgrade). */
function own<T>(el: Element, name: string): T | undefined {
  return Object.hasOwn(el, name) ? ((el as unknown as Record<string, T>)[name] ?? undefined) : undefined;
}

function settingsOf(el: Element): Settings {
  const attr = (name: string) => el.getAttribute(name);
  const policy = own<string>(el, 'policyHref') ?? attr('policy-href');
  return {
    thread: own<string>(el, 'thread') ?? attr('thread') ?? '',
    api: own<string>(el, 'api') ?? attr('api'),
    adapter: own<CommentsAdapter>(el, 'adapter') ?? null,
    maxlength: own<number>(el, 'maxlength') ?? maxLengthAttribute.fromAttribute!(attr('maxlength')),
    required: parseRequired(own<string>(el, 'required') ?? attr('required') ?? 'name email').join(' '),
    replyDepth: own<number>(el, 'replyDepth') ?? replyDepthAttribute.fromAttribute!(attr('reply-depth')),
    pageSize: own<number>(el, 'pageSize') ?? pageSizeAttribute.fromAttribute!(attr('page-size')),
    policy: policy ? safeHttpUrl(policy, document.baseURI) : null,
  };
}

/** An element's shadow root for the reader stage, with the style sheets its class will adopt. */
function rootOf(el: Element, styles: CSSResultOrNative[]): ShadowRoot {
  if (el.shadowRoot) return el.shadowRoot;
  const root = el.attachShadow({ mode: 'open' });
  adoptStyles(root, styles);
  return root;
}

/** One section in the reader stage. */
class ReaderSection {
  private readonly s: Settings;
  private l!: Localizer;
  private nodes: CommentNode[] = [];
  private status: 'loading' | 'ready' = 'loading';
  private count = 0;
  private hasMore = false;
  private stageError: SectionView['stageError'] = null;
  private readonly caps: Capabilities | null;
  private readonly drafts: DraftStore;
  private readonly deriver: Deriver;
  /** The button pressed before the interaction stage arrived: pressed again once it has. */
  pending: HTMLElement | null = null;

  constructor(readonly el: HTMLElement) {
    this.s = settingsOf(el);
    this.caps = this.s.adapter ? capabilitiesOf(this.s.adapter) : this.s.api?.trim() ? REST_CAPABILITIES : null;
    this.drafts = new DraftStore(this.s.thread);
    this.deriver = new Deriver(new Localizer(), () => this.paint());
    // A click on a button waits for the interaction stage and is then carried out; anything else
    // the reader does in the section (a pointer, a key, focus) fetches that stage at once.
    // (Only before a first try: after a failed one, "Try again" or a pressed button tries again.)
    el.addEventListener('click', this.onClick, true);
    const types = ['pointerdown', 'keydown', 'focusin'];
    const wake = (): void => {
      for (const type of types) el.removeEventListener(type, wake, true);
      if (!attempts) void loadApp();
    };
    for (const type of types) el.addEventListener(type, wake, true);
  }

  /** True once the section's own code has taken over: the reader stage keeps its hands off. */
  get done(): boolean {
    return !!customElements.get('colloquy-comments');
  }

  /** Renders at once (the form takes typing), then with the first page; resolves when it is shown or cannot be. */
  async start(): Promise<void> {
    const locale = localeOf(this.el);
    const catalog = catalogNow(locale) ?? (await loadCatalog(locale).catch(() => null));
    this.l = new Localizer(locale, { ...catalog, ...inlineMessages(this.el), ...own<object>(this.el, 'messages') });
    this.deriver.use(this.l);
    this.paint();
    const { thread, adapter, api, pageSize } = this.s;
    if (!thread || !this.caps) {
      void loadApp(); // the page's own default adapter (or the fallback) comes with the interaction stage
      return;
    }
    const sort = sortFor(readSort(), this.caps.like);
    const source = adapter ?? api!.trim();
    try {
      const raw = adapter
        ? await adapter.listComments(thread, { limit: pageSize, sort })
        : await fetch(commentsUrl(baseUrlOf(api!), thread, { limit: pageSize, sort }), {
            headers: { accept: 'application/json', 'x-colloquy-visitor': visitorIdFrom() },
          }).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))));
      const page = parseCommentPage(raw);
      if (this.done) return;
      this.nodes = buildTree(page.comments, this.s.replyDepth);
      this.count = pageCount(page);
      this.hasMore = page.nextCursor !== null;
      this.status = 'ready';
      handFirstPage(this.el, { source, thread, pageSize, sort, page });
      this.paint();
    } catch {
      // The interaction stage loads the thread itself, with its full error handling and "Try again".
      void loadApp();
    }
  }

  /** Says that the interaction stage could not be loaded, with "Try again"; the pressed button is let go. */
  failed(retry: () => void): void {
    this.pending = null;
    this.stageError = { message: this.l.t('stageFailed'), retry };
    this.paint();
  }

  private readonly onClick = (e: MouseEvent): void => {
    if (this.done) return;
    const button = e.composedPath().find((n): n is HTMLButtonElement => n instanceof HTMLButtonElement);
    if (!button || button.closest('[part~="stage-error"]')) return;
    e.preventDefault(); // a submit button would submit the form
    this.pending = button;
    void loadApp();
  };

  /** Renders the section and the elements inside it, each with its own template. */
  paint(): void {
    if (this.done || !this.l) return;
    const { s, l, caps } = this;
    const offline = navigator.onLine === false;
    const canLike = !!caps?.like;
    const view: SectionView = {
      l,
      thread: s.thread,
      policy: s.policy,
      likeAdapter: null,
      status: this.status,
      count: this.count,
      nodes: this.nodes,
      errorMessage: '',
      hasMore: this.hasMore,
      loadingMore: false,
      newCount: 0,
      canLike,
      canEdit: !!caps?.edit,
      canDelete: !!caps?.delete,
      canReport: !!caps?.report,
      sort: sortFor(readSort(), canLike),
      drafts: null,
      offline,
      maxlength: s.maxlength,
      required: s.required,
      stageError: this.stageError,
    };
    const root = rootOf(this.el, SECTION_STYLES);
    render(renderSection(view), root, { host: this.el });

    const like = root.querySelector('colloquy-like-prompt');
    if (like) {
      const saved = readJson(browserStorage(), reactionKey(s.thread));
      const vote = saved === 'like' || saved === 'dislike' ? saved : null;
      render(renderLikePrompt(l, { supported: !!caps?.react, vote, busy: false, summary: null, error: null }), rootOf(like, LIKE_STYLES), { host: like });
    }

    const form = root.querySelector('colloquy-comment-form');
    if (form && !form.shadowRoot) {
      // Only once: from then on the fields are the reader's (and the draft restored into them).
      const saved = this.drafts.load(MAIN_SLOT);
      const identity = this.drafts.identity();
      const draft = { authorName: saved?.authorName || identity?.authorName || '', authorEmail: saved?.authorEmail || identity?.authorEmail || '', body: saved?.body ?? '' };
      const formRoot = rootOf(form, FORM_STYLES);
      render(
        renderForm({
          l,
          fields: new Set(parseRequired(s.required)),
          maxlength: s.maxlength,
          parentId: null,
          replyTo: null,
          busy: false,
          error: '',
          retryable: true,
          notice: '',
          offline,
          draft,
          errors: {},
          remembered: !!identity,
          on: { submit: (e) => e.preventDefault() },
        }),
        formRoot,
        { host: form },
      );
      const counter = formRoot.querySelector('colloquy-char-counter');
      if (counter) {
        const remaining = Math.max(0, s.maxlength - countGraphemes(draft.body));
        render(renderCounter(l, remaining, s.maxlength, counterState(remaining, s.maxlength), ''), rootOf(counter, COUNTER_STYLES), { host: counter });
      }
    }

    const list = root.querySelector('colloquy-comment-list');
    if (list) {
      const ctx: RenderContext = {
        l,
        maxlength: s.maxlength,
        required: s.required,
        drafts: null,
        offline,
        canLike,
        canEdit: view.canEdit,
        canDelete: view.canDelete,
        canReport: view.canReport,
        setsize: this.hasMore ? -1 : this.nodes.length,
        view: () => undefined,
        derive: (c) => this.deriver.derive(c),
        labels: labelsOf(l),
      };
      render(
        renderList({
          l,
          status: this.status,
          nodes: this.nodes,
          errorMessage: '',
          hasMore: this.hasMore,
          loadingMore: false,
          newCount: 0,
          announcement: '',
          item: (n, i) => renderComment(n, ctx, i + 1),
          on: {},
        }),
        rootOf(list, LIST_STYLES),
        { host: list },
      );
    }
  }
}

const sections: ReaderSection[] = [];
let app: Promise<void> | null = null;
let attempts = 0;
let resolveLoaded!: () => void;
/** Settles once the interaction stage has arrived (however many tries it took). */
const loaded = new Promise<void>((resolve) => (resolveLoaded = resolve));

/**
 * Fetches the interaction stage (once; a failed fetch once more with a fresh URL, since the
 * browser remembers a failed module by its URL), then carries out what was pressed meanwhile.
 */
function loadApp(): Promise<void> {
  app ??= (async () => {
    for (let i = 0; i < 2; i++) {
      const url = attempts ? `${APP_URL}?retry=${attempts}` : APP_URL;
      attempts++;
      try {
        await import(/* @vite-ignore */ url);
        resolveLoaded();
        await replay();
        return;
      } catch (e) {
        console.error(`[colloquy] could not load ${url}`, e);
      }
    }
    app = null;
    for (const r of sections) r.failed(() => void loadApp());
  })();
  return app;
}

/** Presses again, on the elements that now have their code, the buttons pressed before it came. */
async function replay(): Promise<void> {
  for (const r of sections) {
    const button = r.pending;
    r.pending = null;
    if (!button) continue;
    // Let the section and the elements inside it take over and render first.
    for (let host: Node | null = button.getRootNode(); host instanceof ShadowRoot; host = host.host.getRootNode()) {
      await (host.host as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
    }
    if (button.isConnected) button.click();
  }
}

/** When the browser is idle (soon, where it cannot say). */
const idle = (fn: () => void): void => void (typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 200));

/**
 * Renders every section on the page, then fetches the interaction stage: at once with `now`
 * (Colloquy.load()), for a page with other Colloquy elements, or once the sections are shown and
 * the browser is idle. Resolves when the interaction stage has arrived.
 */
export function start(now = false): Promise<void> {
  // A page's adapter may be called by this stage already: what it throws must exist by then.
  const g = (window as unknown as { Colloquy?: Record<string, unknown> }).Colloquy;
  if (g && !g.AdapterError) g.AdapterError = AdapterError;
  if (customElements.get('colloquy-comments')) return loadApp();
  const found = [...document.querySelectorAll<HTMLElement>('colloquy-comments')].filter((el) => !el.shadowRoot);
  const shown = found.map((el) => {
    const r = new ReaderSection(el);
    sections.push(r);
    return r.start();
  });
  if (now || !found.length || document.querySelector('colloquy-count, colloquy-moderation')) void loadApp();
  else void Promise.all(shown).then(() => idle(() => void loadApp()));
  return loaded;
}
