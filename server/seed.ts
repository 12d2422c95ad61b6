/**
 * Seeds the demo thread from demo/seed.json (the same data the in-browser demo backend uses)
 * when it has no comments yet.
 */
import { readFileSync } from 'node:fs';
import type { Store } from './store/store.js';

interface SeedEntry {
  id: string;
  parentId?: string;
  authorName?: string;
  body: string;
  hoursAgo: number;
}

export const DEMO_THREAD = 'article-123';

export async function seedDemoThread(store: Store, file: string, thread = DEMO_THREAD): Promise<void> {
  if ((await store.countAll(thread)) > 0) return;
  const entries = JSON.parse(readFileSync(file, 'utf8')) as SeedEntry[];
  const ids = new Map<string, string>();
  const now = Date.now();
  for (const e of entries) {
    const result = await store.insert(
      {
        thread,
        parentId: e.parentId ? (ids.get(e.parentId) ?? null) : null,
        authorName: e.authorName ?? null,
        authorEmail: null,
        body: e.body,
        status: 'published',
        visitorId: null,
        createdAt: new Date(now - e.hoursAgo * 3_600_000).toISOString(),
      },
      { key: `seed-${e.id}`, maxDepth: 100, duplicateWindowSeconds: 0 },
    );
    if (result.ok) ids.set(e.id, result.comment.id);
  }
}
