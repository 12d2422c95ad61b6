// A complete adapter for your own JSON backend. Copy it, change the URLs and field names.
import { AdapterError, type AdapterErrorKind, type Comment, type CommentPage, type CommentsAdapter, type ListOptions, type NewComment, type PostOptions, type ReactionSummary, type ReactionValue } from 'colloquy/adapter';

export class MyBackendAdapter implements CommentsAdapter {
  constructor(private readonly baseUrl: string, private readonly fetchFn: typeof fetch = fetch.bind(globalThis)) {}

  async listComments(thread: string, opts: ListOptions): Promise<CommentPage> {
    const q = new URLSearchParams({ limit: String(opts.limit ?? 50) });
    if (opts.cursor) q.set('cursor', opts.cursor);
    const body = await this.request(`/threads/${encodeURIComponent(thread)}/comments?${q}`, { signal: opts.signal });
    // Map your backend's fields to Colloquy's. Colloquy validates the result: a missing or
    // mistyped field becomes an error state in the UI, never an exception on the page.
    return {
      comments: body.items.map((c: any): Comment => ({
        id: String(c.id),
        parentId: c.reply_to ?? null,
        authorName: c.author ?? null,
        body: c.text,
        createdAt: c.created_at,
      })),
      nextCursor: body.next ?? null,
      total: body.count,
    };
  }

  async postComment(thread: string, input: NewComment, opts: PostOptions): Promise<Comment> {
    const c = await this.request(`/threads/${encodeURIComponent(thread)}/comments`, {
      method: 'POST',
      // Send the key so that a retried POST never stores the comment twice.
      headers: { 'content-type': 'application/json', 'idempotency-key': opts.idempotencyKey },
      body: JSON.stringify({ text: input.body, author: input.authorName, email: input.authorEmail, reply_to: input.parentId }),
      signal: opts.signal,
    });
    return { id: String(c.id), parentId: c.reply_to ?? null, authorName: c.author ?? null, body: c.text, createdAt: c.created_at };
  }

  // Optional: leave these out and the like prompt is simply not shown.
  async getArticleReactions(thread: string): Promise<ReactionSummary> {
    return this.request(`/threads/${encodeURIComponent(thread)}/reactions`);
  }

  async reactToArticle(thread: string, value: ReactionValue): Promise<ReactionSummary> {
    return this.request(`/threads/${encodeURIComponent(thread)}/reactions`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value }),
    });
  }

  /** One place that turns HTTP failures into the AdapterError kinds the UI explains. */
  private async request(path: string, init: RequestInit = {}): Promise<any> {
    let res: Response;
    try {
      res = await this.fetchFn(this.baseUrl + path, init);
    } catch (cause) {
      throw new AdapterError('network', 'Could not reach the comment service.', { cause });
    }
    if (res.ok) return res.json();
    const message = (await res.json().catch(() => null))?.error?.message ?? `HTTP ${res.status}`;
    const kind: AdapterErrorKind =
      res.status === 429 ? 'rate-limited' : res.status === 404 ? 'not-found' : res.status >= 400 && res.status < 500 ? 'rejected' : 'server';
    const retryAfterSeconds = Number(res.headers.get('retry-after')) || undefined;
    throw new AdapterError(kind, message, { retryAfterSeconds });
  }
}
