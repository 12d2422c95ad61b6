import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { linkify, PLAIN_HTTP_URL, safeHttpUrl } from '../../src/core/urls.js';

describe('safeHttpUrl', () => {
  it('keeps absolute http and https URLs, normalized', () => {
    assert.equal(safeHttpUrl('https://example.com'), 'https://example.com/');
    assert.equal(safeHttpUrl('HTTP://EXAMPLE.com/a?b#c'), 'http://example.com/a?b#c');
  });

  it('refuses everything else, however disguised', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0001javascript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'mailto:a@example.com',
      '//evil.example/x',
      '/relative',
      'not a url',
      '',
      'https://' + 'a'.repeat(3000) + '.com',
    ]) {
      assert.equal(safeHttpUrl(bad), null, JSON.stringify(bad).slice(0, 60));
    }
    for (const notString of [null, undefined, 42, {}, ['https://example.com']]) assert.equal(safeHttpUrl(notString), null);
  });

  it('resolves relative URLs against a base when one is given', () => {
    assert.equal(safeHttpUrl('/policy', 'https://news.example/article/1'), 'https://news.example/policy');
    assert.equal(safeHttpUrl('javascript:alert(1)', 'https://news.example/'), null);
  });
});

describe('linkify', () => {
  const links = (text: string) => linkify(text).filter((p) => p.href).map((p) => p.href);
  const joined = (text: string) => linkify(text).map((p) => p.text).join('');

  it('turns bare http(s) URLs into links and keeps every character of the text', () => {
    const text = 'See https://example.com/a and http://example.org/b?c=1&d=2 too.';
    assert.deepEqual(links(text), ['https://example.com/a', 'http://example.org/b?c=1&d=2']);
    assert.equal(joined(text), text);
  });

  it('leaves trailing punctuation and quotes out of the link', () => {
    assert.deepEqual(links('(see https://example.com/x).'), ['https://example.com/x']);
    assert.deepEqual(links('“https://example.com/q”, yes!'), ['https://example.com/q']);
    assert.deepEqual(links('https://example.com/a?'), ['https://example.com/a']);
  });

  it('keeps balanced parentheses inside a link', () => {
    assert.deepEqual(links('https://en.wikipedia.org/wiki/Foo_(bar)'), ['https://en.wikipedia.org/wiki/Foo_(bar)']);
  });

  it('never links anything but http(s), and never produces markup', () => {
    assert.deepEqual(links('javascript:alert(1) data:text/html,x ftp://a.b mailto:a@b.c'), []);
    const pieces = linkify('<a href="https://x.example">https://x.example</a>');
    assert.equal(pieces.map((p) => p.text).join(''), '<a href="https://x.example">https://x.example</a>');
    assert.ok(pieces.every((p) => !p.href || !/[<>"]/.test(p.href)));
  });

  it('handles text without links, and emoji and RTL around links', () => {
    assert.deepEqual(linkify('plain'), [{ text: 'plain' }]);
    assert.deepEqual(linkify(''), []);
    assert.deepEqual(links('👍🏽 https://example.com/👍 یہ'), ['https://example.com/%F0%9F%91%8D']);
  });
});

describe('safeHttpUrl without parsing (PLAIN_HTTP_URL)', () => {
  it('takes as it is only what URL would give back unchanged', () => {
    for (const plain of ['https://example.com/', 'http://a.b-c.example/x/y.png?s=64&d=identicon#top', 'https://bcher-kva.example/a.b./c', 'https://h.example//x', 'https://h.example/%zz']) {
      assert.ok(PLAIN_HTTP_URL.test(plain), plain);
      assert.equal(safeHttpUrl(plain), new URL(plain).href, plain);
    }
    // Each of these is changed (or refused) by URL, so each is parsed.
    for (const parsed of ['https://Example.com/', 'https://example.com', 'http://example.com:80/', 'https://1.2.3.4/', 'http://0x7f.1/', 'https://a.com/./b', 'https://a.com/x/../y', 'https://a.com/%2e%2E/y', "https://a.com/?q='x'", 'https://user@a.com/', 'https://a.com./', 'https://a.com/\tb', 'javascript://a.com/', 'https://a.com/x y', 'https://xn--bcher-kva.example/']) {
      assert.ok(!PLAIN_HTTP_URL.test(parsed), parsed);
    }
  });

  it('agrees with URL on thousands of generated addresses', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
    const labels = ['a', 'b0', 'x-y', 'com', '0', '1', '12', 'xn--p', 'B', '-a', 'a-', '', '0x7f'];
    const segments = ['a', '', '.', '..', '%2e', '%2E', '%41', '%', 'x.y', '~', "!$&'", '()*+,;=:@', "'", '"', ' ', '\\', '|', 'B', '.x', 'a.', '[', '80'];
    const rest = ['', 'q', 'a=1&b=2', "'", '"', '?', '/', '#', ' ', '%', '`', '<', '{', 'x/y?z'];
    let accepted = 0;
    for (let i = 0; i < 50_000; i++) {
      let s = pick(['https://', 'http://', 'HTTP://', 'https:/', 'ftp://']);
      s += Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(labels)).join('.');
      if (random() < 0.1) s += pick([':80', ':443', ':8080', '@x', '.']);
      const n = Math.floor(random() * 4);
      for (let j = 0; j < n; j++) s += '/' + pick(segments) + (random() < 0.3 ? pick(segments) : '');
      if (random() < 0.4) s += '?' + pick(rest) + pick(rest);
      if (random() < 0.3) s += '#' + pick(rest) + pick(rest);
      if (!PLAIN_HTTP_URL.test(s)) continue;
      accepted++;
      assert.equal(new URL(s).href, s, s);
    }
    assert.ok(accepted > 300, `only ${accepted} accepted: the generator does not reach the fast path`);
  });
});
