/**
 * A sliding-window limit per client address, in memory (one server process). Old entries are
 * dropped as they expire, so memory stays proportional to recent posters.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one hit for `key`; returns 0 when allowed, else the ms until the next hit is allowed. */
  take(key: string): number {
    if (this.limit <= 0) return 0;
    const t = this.now();
    const recent = (this.hits.get(key) ?? []).filter((h) => t - h < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return Math.max(1, this.windowMs - (t - recent[0]));
    }
    recent.push(t);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.sweep(t);
    return 0;
  }

  /** Gives back the most recent hit of `key` (the request it counted was refused). */
  refund(key: string): void {
    this.hits.get(key)?.pop();
  }

  private sweep(t: number): void {
    for (const [key, list] of this.hits) if (list.every((h) => t - h >= this.windowMs)) this.hits.delete(key);
  }
}
