/**
 * Comment counts for `<colloquy-count>`, batched: every count asked for during one task is
 * fetched together, one `countComments` call per adapter for all the distinct threads (in chunks
 * of at most 100, the contract's limit), through `guardAdapter`'s validation. An adapter without
 * `countComments` falls back to `listComments(thread, { limit: 1 }).total`, one call per thread.
 */
import { AdapterError, guardAdapter, toAdapterError, type CommentsAdapter } from '../../core/adapter.js';

/** Most threads in one `countComments` call. */
export const COUNT_CHUNK = 100;

interface Waiter {
  resolve(n: number): void;
  reject(error: AdapterError): void;
}

/** Adapter → thread → who waits for its count. */
let pending = new Map<CommentsAdapter, Map<string, Waiter[]>>();
let scheduled = false;

/**
 * The number of comments everyone can see in `thread`. Calls made in the same task share one
 * request per adapter. Rejects with an AdapterError.
 */
export function requestCount(adapter: CommentsAdapter, thread: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let threads = pending.get(adapter);
    if (!threads) pending.set(adapter, (threads = new Map()));
    let waiters = threads.get(thread);
    if (!waiters) threads.set(thread, (waiters = []));
    waiters.push({ resolve, reject });
    if (!scheduled) {
      scheduled = true;
      // A task, not a microtask: elements upgraded or rendered in this task all get in.
      setTimeout(flush, 0);
    }
  });
}

function flush(): void {
  scheduled = false;
  const batch = pending;
  pending = new Map();
  for (const [adapter, threads] of batch) fetchCounts(adapter, threads);
}

function settle(waiters: Waiter[] | undefined, outcome: { count: number } | { error: AdapterError }): void {
  for (const w of waiters ?? []) {
    if ('count' in outcome) w.resolve(outcome.count);
    else w.reject(outcome.error);
  }
}

function fetchCounts(raw: CommentsAdapter, threads: Map<string, Waiter[]>): void {
  const adapter = guardAdapter(raw);
  const ids = [...threads.keys()];
  const count = adapter.countComments;
  if (count) {
    for (let i = 0; i < ids.length; i += COUNT_CHUNK) {
      const chunk = ids.slice(i, i + COUNT_CHUNK);
      count(chunk).then(
        (counts) => chunk.forEach((t) => settle(threads.get(t), { count: counts[t] ?? 0 })),
        (err: unknown) => chunk.forEach((t) => settle(threads.get(t), { error: toAdapterError(err) })),
      );
    }
    return;
  }
  for (const t of ids) {
    adapter.listComments(t, { limit: 1 }).then(
      (page) =>
        settle(
          threads.get(t),
          page.total === undefined
            ? { error: new AdapterError('server', 'The comment service does not say how many comments a thread has.', { reason: 'malformed-response' }) }
            : { count: page.total },
        ),
      (err: unknown) => settle(threads.get(t), { error: toAdapterError(err) }),
    );
  }
}
