import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { linkify, safeHttpUrl } from '../../src/core/urls.js';

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
