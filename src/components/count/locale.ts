/**
 * The language of a stand-alone element (`<colloquy-count>`, `<colloquy-moderation>`), found as
 * `<colloquy-comments>` finds its own: the element's `lang`, else the nearest `lang` above it
 * (across shadow roots), else English. The controller keeps a Localizer for it, fetches a shipped
 * catalog once, and re-renders its host when a `lang` changes or a catalog is registered.
 *
 * One MutationObserver on the document serves every connected host: a listing page with fifty
 * counts has one observer, not fifty.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Localizer, type Messages } from '../../i18n/index.js';
import { catalogNow, loadCatalog, onCatalogRegistered } from '../../i18n/catalogs.js';
import { localeOf } from '../shared/lang.js';

type Host = ReactiveControllerHost & HTMLElement;

const hosts = new Set<Host>();
let pageObserver: MutationObserver | null = null;

function watchPage(host: Host): void {
  hosts.add(host);
  if (!pageObserver) {
    pageObserver = new MutationObserver(() => {
      for (const h of hosts) h.requestUpdate();
    });
    pageObserver.observe(document, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }
}

function unwatchPage(host: Host): void {
  hosts.delete(host);
  if (hosts.size === 0) {
    pageObserver?.disconnect();
    pageObserver = null;
  }
}

/** Keeps a host's Localizer in the host's language, with optional message overrides. */
export class LocaleController implements ReactiveController {
  private cache: Localizer | null = null;
  private key = '';
  private overridesUsed: Partial<Messages> | null = null;
  private ownObserver: MutationObserver | null = null;
  private unsubscribeCatalogs: (() => void) | null = null;

  constructor(
    private readonly host: Host,
    /** Messages that override the catalog (e.g. the host's `messages` property). */
    private readonly overrides: () => Partial<Messages> = () => ({}),
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    watchPage(this.host);
    // The document's observer does not see inside shadow trees: a host inside one watches itself.
    if (this.host.getRootNode() !== document) {
      this.ownObserver = new MutationObserver(() => this.host.requestUpdate());
      this.ownObserver.observe(this.host, { attributes: true, attributeFilter: ['lang'] });
    }
    this.unsubscribeCatalogs = onCatalogRegistered(() => {
      this.cache = null;
      this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    unwatchPage(this.host);
    this.ownObserver?.disconnect();
    this.ownObserver = null;
    this.unsubscribeCatalogs?.();
    this.unsubscribeCatalogs = null;
  }

  /** The host's language. */
  get locale(): string {
    return localeOf(this.host);
  }

  /** Strings and formats in the host's language (English until a shipped catalog arrives). */
  get localizer(): Localizer {
    const locale = this.locale;
    const catalog = catalogNow(locale);
    if (catalog === undefined) void loadCatalog(locale).then(() => this.host.requestUpdate());
    const overrides = this.overrides();
    const key = `${locale}|${catalog ? 'catalog' : ''}`;
    if (!this.cache || this.key !== key || this.overridesUsed !== overrides) {
      this.cache = new Localizer(locale, { ...catalog, ...overrides });
      this.key = key;
      this.overridesUsed = overrides;
    }
    return this.cache;
  }
}
