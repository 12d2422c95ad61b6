/**
 * Live updates: Server-Sent Events streams per thread, in memory (one server process).
 * Each stream gets `retry:`, then (a fresh one) the thread's head as `id: <n>` alone, or (a
 * reconnect) the replayed announcements, then every new one as
 * `id: <n>` / `event: comment-added` / `data: <comment JSON>`, and a `: ping` comment line
 * every `pingMs` so that proxies keep the connection open.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Announcement } from './db.js';

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

/** The open event streams of a server. */
export class EventHub {
  private readonly streams = new Map<string, Set<ServerResponse>>();
  /** Open streams per client address. */
  private readonly perAddress = new Map<string, number>();
  private total = 0;
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    pingMs = 25_000,
    private readonly limits: StreamLimits = {},
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
   * `head` (the latest announcement id, as an id-only block) if given, then `replay`, then live announcements until the client goes away or the hub closes. The stream
   * counts against `address`'s limit (check `refusal` first) while it is open.
   */
  open(
    thread: string,
    req: IncomingMessage,
    res: ServerResponse,
    replay: readonly Announcement[],
    options: { headers?: Record<string, string>; address?: string; head?: number } = {},
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
    for (const a of replay) res.write(formatEvent(a));
    if (this.closed) {
      res.end();
      return;
    }
    let set = this.streams.get(thread);
    if (!set) this.streams.set(thread, (set = new Set()));
    set.add(res);
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
      current.delete(res);
      if (current.size === 0) this.streams.delete(thread);
    };
    res.once('close', forget);
    req.once('close', forget);
  }

  /** Sends announcements to every stream of `thread`. */
  publish(thread: string, announcements: readonly Announcement[]): void {
    const set = this.streams.get(thread);
    if (!set || announcements.length === 0) return;
    const text = announcements.map(formatEvent).join('');
    for (const res of set) this.write(res, text);
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
    for (const set of this.streams.values()) for (const res of set) res.end();
    this.streams.clear();
  }

  private ping(): void {
    for (const set of this.streams.values()) for (const res of set) this.write(res, ': ping\n\n');
  }

  private write(res: ServerResponse, text: string): void {
    if (res.writableLength > MAX_BUFFERED) {
      res.destroy();
      return;
    }
    res.write(text);
  }
}
