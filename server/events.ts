/**
 * Live updates: the Server-Sent Events streams open on this instance, per thread.
 * Each stream gets `retry:`, then (a fresh one) the thread's head as `id: <n>` alone, or (a
 * reconnect) what was announced after its `Last-Event-ID`, then every new announcement as
 * `id: <n>` / `event: comment-added` / `data: <comment JSON>`, and a `: ping` comment line
 * every `pingMs` so that proxies keep the connection open.
 *
 * What a stream is sent always comes from the store (`source`), after the id it last got: the
 * hub is told only that a thread has news (by this instance or, through PostgreSQL, by any
 * other), so a signal lost or doubled never loses, doubles or reorders an event.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Announcement } from './store/store.js';

/** Milliseconds the client waits before reconnecting (sent as `retry:`). */
export const RECONNECT_MS = 3000;
/** A stream whose client reads slower than this many buffered bytes is dropped (it reconnects and replays). */
const MAX_BUFFERED = 1 << 20;

/** One event in the stream's wire format. */
export function formatEvent(a: Announcement): string {
  // JSON.stringify escapes CR and LF inside strings, so the data is always one line.
  return `id: ${a.id}\nevent: comment-added\ndata: ${JSON.stringify(a.comment)}\n\n`;
}

/** How many streams may be open at once (each holds a connection and memory until the client leaves). */
export interface StreamLimits {
  /** In all. Default: unlimited. */
  maxStreams?: number;
  /** From one client address. Default: unlimited. */
  maxPerAddress?: number;
}

/** Why a new stream may not open: its address has too many already, or the server has. */
export type StreamRefusal = 'address' | 'total';

/** Where the hub reads announcements: those of `thread` after event `after`, oldest first, at most `max`. */
export type AnnouncementSource = (thread: string, after: number, max: number) => Promise<Announcement[]>;

/** Most events sent to a stream in one go (a reconnecting stream catches up this many, then the rest). */
export const BATCH = 100;

interface Stream {
  res: ServerResponse;
  /** The id of the last event it was sent. */
  last: number;
}

/** The open event streams of a server. */
export class EventHub {
  private readonly streams = new Map<string, Set<Stream>>();
  /** Open streams per client address. */
  private readonly perAddress = new Map<string, number>();
  /** Threads being caught up now, and whether news came meanwhile. */
  private readonly pumping = new Map<string, boolean>();
  private total = 0;
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    pingMs = 25_000,
    private readonly limits: StreamLimits = {},
    private readonly source: AnnouncementSource = async () => [],
  ) {
    this.timer = setInterval(() => this.ping(), pingMs);
    this.timer.unref(); // never keeps the process alive on its own
  }

  /** Why a new stream from `address` would be refused now, or null when it may open. */
  refusal(address: string): StreamRefusal | null {
    if ((this.perAddress.get(address) ?? 0) >= (this.limits.maxPerAddress ?? Infinity)) return 'address';
    if (this.total >= (this.limits.maxStreams ?? Infinity)) return 'total';
    return null;
  }

  /**
   * Answers `req` with an event stream of `thread`: headers (plus `headers`, e.g. CORS), then
   * either `head` (a fresh stream: the latest announcement id, as an id-only block) or what was
   * announced after `after` (a reconnect), then live announcements until the client goes away
   * or the hub closes. The stream counts against `address`'s limit (check `refusal` first)
   * while it is open.
   */
  open(
    thread: string,
    req: IncomingMessage,
    res: ServerResponse,
    options: { headers?: Record<string, string>; address?: string; head?: number; after?: number } = {},
  ): void {
    const { headers = {}, address = '', head } = options;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // Reverse proxies (nginx) would otherwise buffer the stream.
      'x-accel-buffering': 'no',
      // The connection carries nothing else: once the stream ends (shutdown included), close it.
      connection: 'close',
      ...headers,
    });
    res.write(`retry: ${RECONNECT_MS}\n\n`);
    // A fresh stream (no id to resume from) starts with the thread's head as an id-only block: it
    // sets the client's last event id without an event, so that a reconnect, even one before the
    // first event, replays what was announced in between.
    if (head !== undefined) res.write(`id: ${head}\n\n`);
    if (this.closed) {
      res.end();
      return;
    }
    const stream: Stream = { res, last: options.after ?? head ?? 0 };
    let set = this.streams.get(thread);
    if (!set) this.streams.set(thread, (set = new Set()));
    set.add(stream);
    this.total++;
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    let open = true;
    const forget = (): void => {
      if (!open) return;
      open = false;
      this.total--;
      const n = (this.perAddress.get(address) ?? 1) - 1;
      if (n > 0) this.perAddress.set(address, n);
      else this.perAddress.delete(address);
      const current = this.streams.get(thread);
      if (!current) return;
      current.delete(stream);
      if (current.size === 0) this.streams.delete(thread);
    };
    res.once('close', forget);
    req.once('close', forget);
    // The replay, and anything announced since the head was read.
    this.news(thread);
  }

  /**
   * A thread has announcements (up to `last`, when known); `null`: any thread may have (a lost
   * signal connection came back). Streams behind are caught up from the store.
   */
  news(thread: string | null, last = Infinity): void {
    if (thread === null) {
      for (const t of this.streams.keys()) this.news(t);
      return;
    }
    const set = this.streams.get(thread);
    if (!set || ![...set].some((s) => s.last < last)) return;
    if (this.pumping.has(thread)) {
      this.pumping.set(thread, true);
      return;
    }
    this.pumping.set(thread, false);
    void this.pump(thread);
  }

  private async pump(thread: string): Promise<void> {
    try {
      for (;;) {
        const set = this.streams.get(thread);
        if (!set || set.size === 0 || this.closed) break;
        const from = Math.min(...[...set].map((s) => s.last));
        const batch = await this.source(thread, from, BATCH);
        for (const s of set) {
          const text = batch.filter((a) => a.id > s.last).map(formatEvent).join('');
          if (batch.length > 0) s.last = Math.max(s.last, batch[batch.length - 1]!.id);
          if (text) this.write(s.res, text);
        }
        // A full batch may have more behind it; news that came meanwhile, too.
        if (batch.length < BATCH && !this.pumping.get(thread)) break;
        this.pumping.set(thread, false);
      }
    } catch {
      // The store is unreachable: the streams catch up with the next news (or reconnect and replay).
    } finally {
      this.pumping.delete(thread);
    }
  }

  /** Open streams of `thread`, or of all threads. */
  size(thread?: string): number {
    if (thread !== undefined) return this.streams.get(thread)?.size ?? 0;
    let n = 0;
    for (const set of this.streams.values()) n += set.size;
    return n;
  }

  /** Ends every stream and stops the pings (server shutdown). */
  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    for (const set of this.streams.values()) for (const s of set) s.res.end();
    this.streams.clear();
  }

  private ping(): void {
    for (const set of this.streams.values()) for (const s of set) this.write(s.res, ': ping\n\n');
  }

  private write(res: ServerResponse, text: string): void {
    if (res.writableLength > MAX_BUFFERED) {
      res.destroy();
      return;
    }
    res.write(text);
  }
}
