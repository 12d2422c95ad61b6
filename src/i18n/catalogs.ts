/**
 * Message catalogs beyond English: each a module of its own (src/i18n/locales/<lang>.ts), loaded
 * on demand through one static `import()` per language, which every bundler (Vite, Rollup,
 * webpack) follows with no configuration and the script-tag build turns into a chunk; never
 * part of the main bundle. A page can also import one (`colloquy/locales/fr`) and register it,
 * or register its own. DOM-free.
 */
import { en, type Messages, type PluralMessage } from './en.js';

/** Languages shipped with Colloquy (besides English). */
export const SHIPPED_LOCALES = ['fr', 'ru', 'ar', 'ur'] as const;

/** The shipped catalogs, each behind a static import() (so bundlers see and split every one); one per shipped language. */
const SHIPPED: Record<(typeof SHIPPED_LOCALES)[number], () => Promise<{ default: Partial<Messages> }>> = {
  fr: () => import('./locales/fr.js'),
  ru: () => import('./locales/ru.js'),
  ar: () => import('./locales/ar.js'),
  ur: () => import('./locales/ur.js'),
};

/** Languages written right to left. */
const RTL = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ks', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi']);

/** True when `locale` is written right to left ("ar", "ur-PK", "fa"…). */
export function isRtl(locale: string): boolean {
  return RTL.has(locale.toLowerCase().split(/[-_]/)[0]);
}

const registered = new Map<string, Partial<Messages>>();
const loading = new Map<string, Promise<Partial<Messages> | null>>();
const fetched = new Map<string, Partial<Messages> | null>();

/** Makes a catalog available for `lang` (e.g. one imported by a bundler), overriding a shipped one. */
export function registerCatalog(lang: string, messages: Partial<Messages>): void {
  registered.set(lang.toLowerCase(), validateCatalog(messages));
  for (const fn of [...catalogListeners]) fn();
}

const catalogListeners = new Set<() => void>();

/** Calls `fn` whenever a catalog is registered (sections re-render in it). */
export function onCatalogRegistered(fn: () => void): () => void {
  catalogListeners.add(fn);
  return () => catalogListeners.delete(fn);
}

/**
 * Keeps only what a catalog may hold: known keys, strings where English has strings, plural
 * objects of strings where English has plurals. Anything else is dropped (English shows instead).
 */
export function validateCatalog(raw: unknown): Partial<Messages> {
  const out: Record<string, string | PluralMessage> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [key, english] of Object.entries(en)) {
    const value = (raw as Record<string, unknown>)[key];
    if (typeof english === 'string') {
      if (typeof value === 'string' && value.length <= 1000) out[key] = value;
    } else if (typeof value === 'object' && value !== null && typeof (value as { other?: unknown }).other === 'string') {
      const forms = Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string' && v.length <= 1000));
      out[key] = forms as PluralMessage;
    }
  }
  return out as Partial<Messages>;
}

/** The candidate catalogs for a locale, most specific first: "fr-CA" → ["fr-ca", "fr"]. */
function candidates(locale: string): string[] {
  const parts = locale.toLowerCase().split(/[-_]/);
  return parts.length > 1 ? [parts.join('-'), parts[0]] : [parts[0]];
}

/** Each problem with a language said once in the console: a catalog that failed to load, or none for it. */
const said = new Set<string>();
function sayOnce(key: string, message: string): void {
  if (said.has(key)) return;
  said.add(key);
  console.warn(`[colloquy] ${message}`);
}

async function fetchCatalog(lang: string): Promise<Partial<Messages> | null> {
  const load = Object.hasOwn(SHIPPED, lang) ? SHIPPED[lang as keyof typeof SHIPPED] : undefined;
  if (!load) return null;
  try {
    const catalog = validateCatalog((await load()).default);
    fetched.set(lang, catalog);
    return catalog;
  } catch (e) {
    fetched.set(lang, null);
    // Offline, blocked, or a build that left the catalog's file behind: English it is.
    sayOnce(`load:${lang}`, `the "${lang}" catalog could not be loaded (${e instanceof Error ? e.message : String(e)}); the section is shown in English.`);
    return null;
  }
}

/** The catalog for `locale` (registered, else shipped and fetched once), or null for English or unknown ones. */
export async function loadCatalog(locale: string): Promise<Partial<Messages> | null> {
  const langs = candidates(locale);
  for (const lang of langs) {
    if (lang === 'en') return null;
    const own = registered.get(lang);
    if (own) return own;
    if (!loading.has(lang)) loading.set(lang, fetchCatalog(lang));
    const found = await loading.get(lang)!;
    if (found) return found;
  }
  return null;
}

/** Says once that `locale` has no catalog (and what to do), for a language neither shipped nor registered. */
function noCatalog(locale: string, lang: string): null {
  sayOnce(
    `none:${lang}`,
    `no catalog for "${locale}" (none shipped, none registered yet): its strings are shown in English, with its own numbers, plurals and dates. Shipped: ${SHIPPED_LOCALES.join(', ')}; add one with registerCatalog('${lang}', { … }).`,
  );
  return null;
}

/**
 * The catalog for `locale` if it is known without waiting: a catalog, null for English (or a
 * language without one), undefined while it still has to be fetched.
 */
export function catalogNow(locale: string): Partial<Messages> | null | undefined {
  for (const lang of candidates(locale)) {
    if (lang === 'en') return null;
    const own = registered.get(lang) ?? fetched.get(lang);
    if (own) return own;
    if ((SHIPPED_LOCALES as readonly string[]).includes(lang) && !fetched.has(lang)) return undefined;
  }
  const langs = candidates(locale);
  return langs.some((lang) => Object.hasOwn(SHIPPED, lang)) ? null : noCatalog(locale, langs.at(-1)!);
}
