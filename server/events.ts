/**
 * Live updates: Server-Sent Events streams per thread, in memory (one server process).
 * Each stream gets `retry:`, then the replayed announcements, then every new one as
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

/** The open event streams of a server. */
export class EventHub {
  private readonly streams = new Map<string, Set<ServerResponse>>();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(pingMs = 25_000) {
    this.timer = setInterval(() => this.ping(), pingMs);
    this.timer.unref(); // never keeps the process alive on its own
  }

  /**
   * Answers `req` with an event stream of `thread`: headers (plus `headers`, e.g. CORS), then
   * `replay`, then live announcements until the client goes away or the hub closes.
   */
  open(thread: string, req: IncomingMessage, res: ServerResponse, replay: readonly Announcement[], headers: Record<string, string> = {}): void {
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
    for (const a of replay) res.write(formatEvent(a));
    if (this.closed) {
      res.end();
      return;
    }
    let set = this.streams.get(thread);
    if (!set) this.streams.set(thread, (set = new Set()));
    set.add(res);
    const forget = (): void => {
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
