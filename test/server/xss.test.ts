/**
 * The reference server treats the XSS corpus as text: every payload posted as a comment body
 * and as an author name comes back byte for byte (after the documented trim and CRLF → LF),
 * as JSON, never interpreted.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countGraphemes, MAX_NAME_LENGTH, normalizeNewlines, cleanName, toStorable } from '../../src/core/text.js';
import { XSS_PAYLOADS } from '../fixtures/xss-payloads.js';
import { call, startTestServer, type TestServer } from './helpers.js';

describe(`reference server stores the XSS corpus (${XSS_PAYLOADS.length} payloads) as text`, () => {
  let s: TestServer;
  before(async () => (s = await startTestServer()));
  after(() => s.close());

  it('returns every payload unchanged in body and name', async () => {
    const expected: { body: string; authorName: string | null }[] = [];
    for (const [i, p] of XSS_PAYLOADS.entries()) {
      const name = countGraphemes(p.trim()) <= MAX_NAME_LENGTH && p.trim() !== '' ? p : `payload ${i}`;
      const r = await call(`${s.url}/api/threads/xss/comments`, {
        body: { body: p, authorName: name, authorEmail: `p${i}@example.com` },
        headers: { 'idempotency-key': `xss-key-${i}-padding` },
      });
      assert.equal(r.status, 201, `payload ${i}: ${JSON.stringify(r.body).slice(0, 200)}`);
      assert.match(r.headers.get('content-type')!, /^application\/json/);
      // Names lose their bidi controls (src/core/text.ts cleanName), NUL becomes U+FFFD (toStorable); everything else is kept as it was sent.
      expected.push({ body: normalizeNewlines(toStorable(p)).trim(), authorName: cleanName(toStorable(name)) });
    }
    const stored: { body: string; authorName: string | null }[] = [];
    let cursor = '';
    for (;;) {
      const page = await call(`${s.url}/api/threads/xss/comments?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      stored.push(...page.body.comments.map((c: { body: string; authorName: string | null }) => ({ body: c.body, authorName: c.authorName })));
      if (!page.body.nextCursor) break;
      cursor = page.body.nextCursor;
    }
    assert.deepEqual(stored, expected);
  });
});
