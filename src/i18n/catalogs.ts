/**
 * Message catalogs beyond English: loaded on demand (one small JSON file per language, next to
 * the script: `locales/<lang>.json`), never part of the main bundle. A page or a bundler can
 * also register a catalog itself. DOM-free apart from `fetch`.
 */
import { en, type Messages, type PluralMessage } from './en.js';

/** Languages shipped with Colloquy (besides English). */
export const SHIPPED_LOCALES = ['fr', 'ru', 'ar', 'ur'] as const;

/** Languages written right to left. */
const RTL = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ks', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi']);

/** True when `locale` is written right to left ("ar", "ur-PK", "fa"…). */
export function isRtl(locale: string): boolean {
  return RTL.has(locale.toLowerCase().split(/[-_]/)[0]);
}

// Captured while the script (or module) is being evaluated: catalogs are fetched next to it.
const BASE = import.meta.url;

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

async function fetchCatalog(lang: string): Promise<Partial<Messages> | null> {
  if (!(SHIPPED_LOCALES as readonly string[]).includes(lang)) return null;
  try {
    const res = await fetch(new URL(`./locales/${lang}.json`, BASE));
    const catalog = res.ok ? validateCatalog(await res.json()) : null;
    fetched.set(lang, catalog);
    return catalog;
  } catch {
    fetched.set(lang, null);
    return null; // offline or blocked: English it is
  }
}

/** The catalog for `locale` (registered, else shipped and fetched once), or null for English or unknown ones. */
export async function loadCatalog(locale: string): Promise<Partial<Messages> | null> {
  for (const lang of candidates(locale)) {
    if (lang === 'en') return null;
    const own = registered.get(lang);
    if (own) return own;
    if (!loading.has(lang)) loading.set(lang, fetchCatalog(lang));
    const found = await loading.get(lang)!;
    if (found) return found;
  }
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
  return null;
}
