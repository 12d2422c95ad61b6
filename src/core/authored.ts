/**
 * What this browser did to the comments of one thread, kept in storage (localStorage by
 * default) so that it survives a reload: the author tokens of the comments posted here (to edit
 * or delete them while their window is open) and the comments reported here. DOM-free.
 */
import { browserStorage, readJson, removeKey, writeJson, type KeyValueStorage } from './storage.js';

/** The proof of authorship of one comment, and until when it may be used (ms since the epoch). */
export interface AuthorToken {
  token: string;
  until: number;
}

/** Most tokens kept per thread (the newest win): a safety net for storage, never reached in practice. */
const MAX_TOKENS = 200;
/** Most reported comment ids kept per thread. */
const MAX_REPORTED = 1000;

/**
 * The author tokens of one thread, saved as `colloquy:authored:<thread>` →
 * `{ [commentId]: { token, until } }` (`until` an ISO date). Expired entries are pruned
 * whenever the list is read or written.
 */
export class AuthoredStore {
  private readonly key: string;
  private entries: Map<string, AuthorToken>;

  constructor(
    readonly thread: string,
    private readonly storage: KeyValueStorage | null = browserStorage(),
    private readonly now: () => number = Date.now,
  ) {
    this.key = `colloquy:authored:${thread}`;
    this.entries = this.read();
  }

  /** The token of comment `id` while it is still valid, else undefined. */
  get(id: string): AuthorToken | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.prune();
      return undefined;
    }
    return entry;
  }

  /** Remembers the token a post answered with. An `editableUntil` in the past is not kept. */
  set(id: string, token: string, editableUntil: string): void {
    const until = Date.parse(editableUntil);
    if (!token || !Number.isFinite(until) || until <= this.now()) return;
    this.entries.set(id, { token, until });
    this.write();
  }

  /** Forgets the token of comment `id` (deleted, or refused by the backend). */
  delete(id: string): void {
    if (this.entries.delete(id)) this.write();
  }

  /** The earliest end of a window still open among the comments `wanted` picks (ms), or null. */
  nextExpiry(wanted: (id: string) => boolean = () => true): number | null {
    let next: number | null = null;
    const now = this.now();
    for (const [id, { until }] of this.entries) {
      if (until > now && (next === null || until < next) && wanted(id)) next = until;
    }
    return next;
  }

  /** Drops expired entries (from memory and storage). */
  prune(): void {
    const now = this.now();
    let changed = false;
    for (const [id, entry] of this.entries) {
      if (entry.until <= now) {
        this.entries.delete(id);
        changed = true;
      }
    }
    if (changed) this.write();
  }

  private read(): Map<string, AuthorToken> {
    const raw = readJson(this.storage, this.key);
    const out = new Map<string, AuthorToken>();
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
    const now = this.now();
    let expired = false;
    for (const [id, v] of Object.entries(raw as Record<string, unknown>)) {
      const e = v as { token?: unknown; until?: unknown };
      const until = typeof e?.until === 'string' ? Date.parse(e.until) : NaN;
      if (typeof e?.token !== 'string' || e.token === '' || !Number.isFinite(until)) continue;
      if (until <= now) expired = true;
      else out.set(id, { token: e.token, until });
    }
    if (expired) {
      this.entries = out;
      this.write();
    }
    return out;
  }

  private write(): void {
    const now = this.now();
    const live = [...this.entries].filter(([, e]) => e.until > now).slice(-MAX_TOKENS);
    this.entries = new Map(live);
    if (live.length === 0) {
      removeKey(this.storage, this.key);
      return;
    }
    const out: Record<string, { token: string; until: string }> = {};
    for (const [id, e] of live) out[id] = { token: e.token, until: new Date(e.until).toISOString() };
    writeJson(this.storage, this.key, out);
  }
}

/** The comments of one thread this browser reported, saved as `colloquy:reported:<thread>` → ids. */
export class ReportedStore {
  private readonly key: string;
  private readonly ids: Set<string>;

  constructor(
    readonly thread: string,
    private readonly storage: KeyValueStorage | null = browserStorage(),
  ) {
    this.key = `colloquy:reported:${thread}`;
    const raw = readJson(this.storage, this.key);
    this.ids = new Set(Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : []);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    writeJson(this.storage, this.key, [...this.ids].slice(-MAX_REPORTED));
  }

  /** Every reported id. */
  get all(): ReadonlySet<string> {
    return this.ids;
  }
}
