/**
 * What this browser did to the comments of one thread, kept in storage (localStorage by
 * default) so that it survives a reload: the comments posted here (to edit or delete them while
 * their window is open, and never to offer reporting them) and the comments reported here.
 * DOM-free.
 *
 * Several tabs share the storage: every write re-reads it and changes only the entries it means
 * to, so one tab never writes back another's stale copy.
 */
import { browserStorage, readJson, removeKey, writeJson, type KeyValueStorage } from './storage.js';

/** The proof of authorship of one comment, and until when it may be used (ms on this browser's clock). */
export interface AuthorToken {
  token: string;
  until: number;
}

/** One comment posted here: its token while the edit window is open, and until when it is remembered as the reader's own. */
interface AuthoredEntry {
  token?: string;
  /** End of the edit window (ms, this browser's clock); set with `token`. */
  until?: number;
  /** Until when the comment is known as the reader's own (ms, this browser's clock). */
  keep: number;
}

/** How long a comment posted here is remembered as the reader's own (so it is never offered for reporting). */
export const OWN_DAYS = 30;
const OWN_MS = OWN_DAYS * 24 * 60 * 60_000;
/** Most comments kept per thread (the newest win): a safety net for storage, never reached in practice. */
const MAX_ENTRIES = 500;
/** Most reported comment ids kept per thread. */
const MAX_REPORTED = 1000;

/**
 * The comments of one thread posted in this browser, saved as `colloquy:authored:<thread>` →
 * `{ [commentId]: { token?, until?, keep } }` (dates ISO). `until` ends the edit window and is
 * measured on this browser's clock (the time the answer arrived plus the window the backend
 * gave), so a reader whose clock is off still gets the whole window. Expired tokens are pruned;
 * the id itself is kept for 30 days (`keep`).
 */
export class AuthoredStore {
  private readonly key: string;
  private entries: Map<string, AuthoredEntry>;
  /**
   * Changes this tab made that storage has not taken yet (refused: full quota, privacy mode):
   * the entry, or null for a removal. Applied again over what storage holds at every update,
   * so a refused write never loses them from memory.
   */
  private readonly unsaved = new Map<string, AuthoredEntry | null>();

  constructor(
    readonly thread: string,
    private readonly storage: KeyValueStorage | null = browserStorage(),
    private readonly now: () => number = Date.now,
  ) {
    this.key = `colloquy:authored:${thread}`;
    this.entries = new Map();
    this.update(() => false);
  }

  /** The token of comment `id` while its window is open, else undefined. */
  get(id: string): AuthorToken | undefined {
    const entry = this.entries.get(id);
    if (entry?.token === undefined || entry.until === undefined) return undefined;
    if (entry.until <= this.now()) {
      this.prune();
      return undefined;
    }
    return { token: entry.token, until: entry.until };
  }

  /** True when comment `id` was posted in this browser (in the last 30 days). */
  isOwn(id: string): boolean {
    const entry = this.entries.get(id);
    return entry !== undefined && entry.keep > this.now();
  }

  /**
   * Remembers a comment posted here, with the token its post answered with. The window is
   * `editableUntil − createdAt` from the answer, counted on this browser's clock from `sentAt`
   * (when the post was first sent; default now): the comment cannot be older than that, so a
   * replayed answer (the same idempotency key, retried minutes later) does not get a fresh
   * window. A missing or empty window keeps only the id.
   */
  set(id: string, token: string | undefined, editableUntil: string | undefined, createdAt: string, sentAt?: number): void {
    const now = this.now();
    const from = sentAt === undefined || !Number.isFinite(sentAt) ? now : Math.min(now, sentAt);
    const span = editableUntil === undefined ? NaN : Date.parse(editableUntil) - Date.parse(createdAt);
    const entry: AuthoredEntry = { keep: now + OWN_MS };
    if (token && Number.isFinite(span) && span > 0 && from + span > now) {
      entry.token = token;
      entry.until = from + span;
    }
    this.update((map) => {
      map.delete(id); // the newest last
      map.set(id, entry);
      return true;
    }, id);
  }

  /** Forgets the token of comment `id` (refused by the backend); it stays known as the reader's own. */
  forgetToken(id: string): void {
    this.update((map) => {
      const entry = map.get(id);
      if (entry?.token === undefined) return false;
      map.set(id, { keep: entry.keep });
      return true;
    }, id);
  }

  /** Forgets comment `id` altogether (deleted). */
  delete(id: string): void {
    this.update((map) => map.delete(id), id);
  }

  /** The earliest end of a window still open among the comments `wanted` picks (ms), or null. */
  nextExpiry(wanted: (id: string) => boolean = () => true): number | null {
    let next: number | null = null;
    const now = this.now();
    for (const [id, { until }] of this.entries) {
      if (until !== undefined && until > now && (next === null || until < next) && wanted(id)) next = until;
    }
    return next;
  }

  /**
   * Drops expired tokens and forgotten ids (from memory and storage), and takes in what other
   * tabs saved meanwhile (call it before deciding whether a comment is the reader's own).
   */
  prune(): void {
    this.update(() => false);
  }

  /**
   * Applies `change` (to the entry of `id`, when given) to what storage holds now, with this
   * tab's unsaved changes applied again over it (memory only without storage, or when storage
   * cannot be read), drops what has expired, and writes the result back when anything changed.
   */
  private update(change: (map: Map<string, AuthoredEntry>) => boolean, id?: string): void {
    const stored = this.storage ? this.read() : null;
    const map = stored ?? new Map(this.entries);
    let changed = false;
    if (stored) {
      for (const [key, entry] of this.unsaved) {
        const had = stored.get(key);
        stored.delete(key); // the newest last
        if (entry) stored.set(key, entry);
        if (had !== entry) changed = true;
      }
    }
    if (change(map)) {
      changed = true;
      if (id !== undefined && this.storage) this.unsaved.set(id, map.get(id) ?? null);
    }
    const now = this.now();
    for (const [id, entry] of map) {
      if (entry.keep <= now) {
        map.delete(id);
        changed = true;
      } else if (entry.until !== undefined && entry.until <= now) {
        map.set(id, { keep: entry.keep });
        changed = true;
      }
    }
    while (map.size > MAX_ENTRIES) {
      map.delete(map.keys().next().value!);
      changed = true;
    }
    this.entries = map;
    if (changed && this.write()) this.unsaved.clear();
  }

  /** What storage holds (empty when nothing or garbage), or null when it cannot be read at all. */
  private read(): Map<string, AuthoredEntry> | null {
    try {
      this.storage?.getItem(this.key);
    } catch {
      return null; // blocked meanwhile: keep what memory knows
    }
    const raw = readJson(this.storage, this.key);
    const out = new Map<string, AuthoredEntry>();
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
    for (const [id, v] of Object.entries(raw as Record<string, unknown>)) {
      const e = (typeof v === 'object' && v !== null ? v : {}) as { token?: unknown; until?: unknown; keep?: unknown };
      const until = typeof e.until === 'string' ? Date.parse(e.until) : NaN;
      const hasToken = typeof e.token === 'string' && e.token !== '' && Number.isFinite(until);
      // Entries written before `keep` existed: remembered for 30 days after their window.
      const keep = typeof e.keep === 'string' ? Date.parse(e.keep) : hasToken ? until + OWN_MS : NaN;
      if (!Number.isFinite(keep)) continue;
      out.set(id, hasToken ? { token: e.token as string, until, keep } : { keep });
    }
    return out;
  }

  /** Saves the entries; false when storage refused them. */
  private write(): boolean {
    if (this.entries.size === 0) {
      removeKey(this.storage, this.key);
      return true;
    }
    const out: Record<string, { token?: string; until?: string; keep: string }> = {};
    for (const [id, e] of this.entries) {
      out[id] =
        e.token !== undefined && e.until !== undefined
          ? { token: e.token, until: new Date(e.until).toISOString(), keep: new Date(e.keep).toISOString() }
          : { keep: new Date(e.keep).toISOString() };
    }
    return writeJson(this.storage, this.key, out);
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
    this.ids = new Set(this.read());
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Remembers a report, merged with what other tabs reported meanwhile. */
  add(id: string): void {
    for (const other of this.read()) this.ids.add(other);
    this.ids.delete(id);
    this.ids.add(id);
    writeJson(this.storage, this.key, [...this.ids].slice(-MAX_REPORTED));
  }

  /** Every reported id. */
  get all(): ReadonlySet<string> {
    return this.ids;
  }

  private read(): string[] {
    const raw = readJson(this.storage, this.key);
    return Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : [];
  }
}
