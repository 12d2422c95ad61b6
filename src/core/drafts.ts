/**
 * DraftStore: what a reader typed, kept in storage (localStorage by default) as they type, so
 * a reload or a crashed tab loses nothing. One draft per thread and form ("main" or the id of
 * the comment being answered); cleared only when the backend confirms the post. The reader's
 * name and e-mail are remembered across threads until they ask to be forgotten. DOM-free.
 */
import type { CommentDraft } from './text.js';
import { browserStorage, keysWithPrefix, readJson, removeKey, writeJson, type KeyValueStorage } from './storage.js';
import { normalizeNewlines } from './text.js';

/** The slot of the main comment form. */
export const MAIN_SLOT = 'main';

/** The slot of the reply form answering comment `id` (prefixed: a comment id can be anything). */
export function replySlot(id: string): string {
  return `reply:${id}`;
}

/** The slot of the edit form of comment `id` (kept apart from its reply draft). */
export function editSlot(id: string): string {
  return `edit:${id}`;
}

/** Which form of which comment a slot belongs to (null for the main form and unknown slots). */
export function slotForm(slot: string): { form: 'reply' | 'edit'; id: string } | null {
  if (slot.startsWith('reply:')) return { form: 'reply', id: slot.slice(6) };
  if (slot.startsWith('edit:')) return { form: 'edit', id: slot.slice(5) };
  return null;
}
/** How long a draft is kept (30 days). */
export const DRAFT_TTL_MS = 30 * 24 * 3600 * 1000;
/** Delay between the last keystroke and the save. */
export const DRAFT_SAVE_DELAY = 300;

const IDENTITY_KEY = 'colloquy:identity';

interface Saved extends CommentDraft {
  savedAt: number;
  /** The idempotency key of a submission not yet confirmed, and what it submitted. */
  key?: string;
  signature?: string;
  /** The last submission with this key failed without a definite answer: it may be stored. */
  uncertain?: boolean;
}

/** The reader's remembered name and e-mail. */
export interface Identity {
  authorName: string;
  authorEmail: string;
}

function isDraft(v: unknown): v is Saved {
  const d = v as Saved;
  return (
    typeof v === 'object' && v !== null && typeof d.body === 'string' && typeof d.authorName === 'string' &&
    typeof d.authorEmail === 'string' && typeof d.savedAt === 'number'
  );
}

/** Drafts of one thread. */
export class DraftStore {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly pending = new Map<string, CommentDraft>();
  private readonly keys = new Map<string, { key: string; signature: string; uncertain?: boolean }>();

  constructor(
    readonly thread: string,
    private readonly storage: KeyValueStorage | null = browserStorage(),
    private readonly now: () => number = Date.now,
  ) {}

  /** True when drafts survive a reload (storage is available). */
  get persistent(): boolean {
    return this.storage !== null;
  }

  private key(slot: string): string {
    return `colloquy:draft:${this.thread}:${slot}`;
  }

  /** The saved draft of a form, or null (expired drafts are dropped). */
  load(slot: string): CommentDraft | null {
    const pending = this.pending.get(slot);
    if (pending) return { ...pending };
    const saved = readJson(this.storage, this.key(slot));
    if (!isDraft(saved)) return null;
    if (this.now() - saved.savedAt > DRAFT_TTL_MS) {
      removeKey(this.storage, this.key(slot));
      return null;
    }
    return { authorName: saved.authorName, authorEmail: saved.authorEmail, body: saved.body };
  }

  /** Slots of this thread that hold a draft with text in it (to reopen reply forms after a reload). */
  slotsWithText(slots: Iterable<string>): string[] {
    return [...slots].filter((s) => (this.load(s)?.body ?? '') !== '');
  }

  /**
   * Slots of this thread that hold a draft with text in it, from one scan of the storage (plus
   * drafts not written yet): a list of thousands of comments reopens its forms without reading
   * a draft per comment.
   */
  savedSlots(): Set<string> {
    const prefix = this.key('');
    const slots = new Set(keysWithPrefix(this.storage, prefix).map((k) => k.slice(prefix.length)));
    for (const slot of this.pending.keys()) slots.add(slot);
    return new Set(this.slotsWithText(slots));
  }

  /** Saves a draft after a short pause in typing (call `flush` to save at once). */
  save(slot: string, draft: CommentDraft): void {
    this.pending.set(slot, { ...draft });
    clearTimeout(this.timers.get(slot));
    this.timers.set(
      slot,
      setTimeout(() => this.flush(slot), DRAFT_SAVE_DELAY),
    );
  }

  /** Writes pending drafts now (one slot, or all). */
  flush(slot?: string): void {
    const slots = slot === undefined ? [...this.pending.keys()] : [slot];
    for (const s of slots) {
      clearTimeout(this.timers.get(s));
      this.timers.delete(s);
      const draft = this.pending.get(s);
      this.pending.delete(s);
      if (!draft) continue;
      if (draft.body === '' && draft.authorName === '' && draft.authorEmail === '') removeKey(this.storage, this.key(s));
      else writeJson(this.storage, this.key(s), { ...draft, ...this.keys.get(s), savedAt: this.now() } satisfies Saved);
    }
  }

  /**
   * Forgets a form's draft and its submission key (after the backend confirmed the post). With
   * `posted`, the saved draft is removed only if it still holds that text: another tab may have
   * written a new draft in the same slot meanwhile.
   */
  clear(slot: string, posted?: string): void {
    clearTimeout(this.timers.get(slot));
    this.timers.delete(slot);
    this.pending.delete(slot);
    this.keys.delete(slot);
    if (posted !== undefined) {
      const saved = readJson(this.storage, this.key(slot));
      if (isDraft(saved) && normalizeNewlines(saved.body).trim() !== posted && saved.body.trim() !== '') return;
    }
    removeKey(this.storage, this.key(slot));
  }

  /**
   * The idempotency key for submitting `signature` (what is being posted) from a form. The same
   * text keeps the key of its last unconfirmed submission — even across a reload, since the key
   * is saved with the draft — so a retry never creates a second comment. After a failure that
   * may have stored the comment (`markUncertain`), the key is kept even for edited text: the
   * backend then answers with the comment it already has, and the caller tells the reader.
   */
  keyFor(slot: string, signature: string, newKey: () => string): string {
    const known = this.knownKey(slot);
    if (known && (known.signature === signature || known.uncertain)) {
      this.keys.set(slot, known);
      return known.key;
    }
    this.setKey(slot, { key: newKey(), signature });
    return this.keys.get(slot)!.key;
  }

  /** The last submission from `slot` failed without a definite answer (network, timeout, 5xx). */
  markUncertain(slot: string): void {
    const known = this.knownKey(slot);
    if (known) this.setKey(slot, { ...known, uncertain: true });
  }

  /** The last submission from `slot` was definitely not stored (refused): new text gets a new key. */
  markRefused(slot: string): void {
    const known = this.knownKey(slot);
    if (known) this.setKey(slot, { ...known, uncertain: false });
  }

  /** Drops a form's key but keeps its text (the next submission is a new comment). */
  forgetKey(slot: string): void {
    this.keys.delete(slot);
    const draft = this.load(slot);
    if (draft) {
      this.pending.set(slot, draft);
      this.flush(slot);
    }
  }

  private knownKey(slot: string): { key: string; signature: string; uncertain?: boolean } | undefined {
    const mem = this.keys.get(slot);
    if (mem) return mem;
    const saved = readJson(this.storage, this.key(slot)) as Partial<Saved> | undefined;
    if (saved && typeof saved.key === 'string' && typeof saved.signature === 'string') {
      return { key: saved.key, signature: saved.signature, uncertain: saved.uncertain === true };
    }
    return undefined;
  }

  private setKey(slot: string, value: { key: string; signature: string; uncertain?: boolean }): void {
    this.keys.set(slot, value);
    const draft = this.load(slot);
    if (draft) {
      this.pending.set(slot, draft);
      this.flush(slot);
    }
  }

  /** The remembered name and e-mail, if any. */
  identity(): Identity | null {
    const v = readJson(this.storage, IDENTITY_KEY) as Partial<Identity> | undefined;
    if (!v || typeof v.authorName !== 'string' || typeof v.authorEmail !== 'string') return null;
    if (v.authorName === '' && v.authorEmail === '') return null;
    return { authorName: v.authorName, authorEmail: v.authorEmail };
  }

  /** Remembers the name and e-mail for the next comment (on any thread). */
  rememberIdentity(identity: Identity): void {
    writeJson(this.storage, IDENTITY_KEY, identity);
  }

  /** Forgets the name and e-mail: the remembered identity, and every saved draft's copy (all threads). */
  forgetIdentity(): void {
    removeKey(this.storage, IDENTITY_KEY);
    for (const [slot, draft] of this.pending) this.pending.set(slot, { ...draft, authorName: '', authorEmail: '' });
    for (const key of keysWithPrefix(this.storage, 'colloquy:draft:')) {
      const saved = readJson(this.storage, key);
      if (!isDraft(saved)) continue;
      if (saved.body === '') removeKey(this.storage, key);
      else writeJson(this.storage, key, { ...saved, authorName: '', authorEmail: '' } satisfies Saved);
    }
  }

  /** Stops timers (pending drafts are written first). */
  dispose(): void {
    this.flush();
  }
}
