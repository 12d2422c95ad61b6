/**
 * A tiny key-value storage seam (localStorage in browsers, a Map in tests or on Node).
 * Every call is guarded: private browsing, a full quota or a blocked storage never throws.
 * DOM-free: it only looks for `globalThis.localStorage`.
 */

/** The subset of the Web Storage API Colloquy uses. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  /** Optional enumeration (Web Storage has it): lets stores find all their keys. */
  readonly length?: number;
  key?(index: number): string | null;
}

/** Every key of `storage` that starts with `prefix` (none when it cannot enumerate). */
export function keysWithPrefix(storage: KeyValueStorage | null, prefix: string): string[] {
  const out: string[] = [];
  try {
    const n = storage?.length ?? 0;
    for (let i = 0; i < n; i++) {
      const k = storage!.key?.(i);
      if (k?.startsWith(prefix)) out.push(k);
    }
  } catch {
    /* storage unavailable */
  }
  return out;
}

/** The browser's localStorage when it works, otherwise null. */
export function browserStorage(): KeyValueStorage | null {
  try {
    const ls = (globalThis as { localStorage?: KeyValueStorage }).localStorage;
    if (!ls) return null;
    const probe = '__colloquy_probe__';
    ls.setItem(probe, '1');
    ls.removeItem(probe);
    return ls;
  } catch {
    return null;
  }
}

/** An in-memory storage (for tests, or when localStorage is unavailable). */
export class MapStorage implements KeyValueStorage {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
  get length(): number {
    return this.map.size;
  }
  key(index: number): string | null {
    return [...this.map.keys()][index] ?? null;
  }
}

/** Reads and parses JSON; undefined when absent, unreadable or corrupt. */
export function readJson(storage: KeyValueStorage | null, key: string): unknown {
  if (!storage) return undefined;
  try {
    const raw = storage.getItem(key);
    return raw == null ? undefined : (JSON.parse(raw) as unknown);
  } catch {
    return undefined;
  }
}

/** Serializes and stores JSON; false when the storage refused (quota, privacy mode). */
export function writeJson(storage: KeyValueStorage | null, key: string, value: unknown): boolean {
  if (!storage) return false;
  try {
    storage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/** Removes a key, ignoring storage errors. */
export function removeKey(storage: KeyValueStorage | null, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    /* storage unavailable: nothing to remove */
  }
}

/** The storage key a thread's vote is remembered under. */
export function reactionKey(thread: string): string {
  return `colloquy:reaction:${thread}`;
}
