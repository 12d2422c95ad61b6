import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Localizer, defaultLocalizer, en } from '../../src/i18n/index.js';
import { AdapterError } from '../../src/core/adapter.js';

const NOW = new Date('2024-06-15T12:00:00.000Z');
const ago = (seconds: number): Date => new Date(NOW.getTime() - seconds * 1000);
const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;

describe('Localizer: setup', () => {
  it('defaults to English with the English catalog', () => {
    const l = new Localizer();
    assert.equal(l.locale, 'en');
    assert.equal(l.messages.sectionLabel, 'Comments');
    assert.deepEqual(l.messages, en);
  });

  it('keeps a supported locale', () => {
    assert.equal(new Localizer('ur').locale, 'ur');
    assert.equal(new Localizer('ar').locale, 'ar');
    assert.equal(new Localizer('fr-CA').locale, 'fr-CA');
  });

  it('falls back to English for an unsupported or invalid locale', () => {
    assert.equal(new Localizer('zz').locale, 'en');
    assert.equal(new Localizer('not a locale!').locale, 'en');
    assert.equal(new Localizer('').locale, 'en');
  });

  it('merges overrides over the English catalog', () => {
    const l = new Localizer('ur', { submit: 'تبصرہ بھیجیں' });
    assert.equal(l.t('submit'), 'تبصرہ بھیجیں');
    assert.equal(l.t('cancel'), 'Cancel');
    assert.equal(en.submit, 'Post comment', 'the English catalog is not changed');
  });

  it('shares one default English localizer', () => {
    assert.equal(defaultLocalizer(), defaultLocalizer());
    assert.equal(defaultLocalizer().locale, 'en');
  });
});

describe('Localizer.t', () => {
  const l = new Localizer('en');

  it('returns plain messages', () => {
    assert.equal(l.t('loading'), 'Loading comments…');
    assert.equal(l.t('likePrompt'), 'Do you like this article?');
  });

  it('fills string parameters', () => {
    assert.equal(l.t('replyingTo', { name: 'Ayesha' }), 'replying to Ayesha');
    assert.equal(l.t('replyingTo', { name: 'Bilal' }), 'replying to Bilal');
  });

  it('formats number parameters for the locale', () => {
    assert.equal(l.t('likeCounts', { likes: 1234, dislikes: 5 }), '1,234 yes · 5 no');
    assert.equal(l.t('bodyTooLong', { max: 1500 }), 'Your comment is longer than 1,500 characters.');
    const de = new Localizer('de', { likeCounts: '{likes} ja' });
    assert.equal(de.t('likeCounts', { likes: 1234 }), '1.234 ja');
  });

  it('leaves an unknown placeholder as it is', () => {
    assert.equal(l.t('replyingTo'), 'replying to {name}');
    assert.equal(l.t('likeCounts', { likes: 2 }), '2 yes · {dislikes} no');
  });

  it('does not treat parameter values as placeholders', () => {
    assert.equal(l.t('replyingTo', { name: '{name}' }), 'replying to {name}');
    assert.equal(l.t('replyingTo', { name: '$& $1' }), 'replying to $& $1');
  });
});

describe('Localizer.plural', () => {
  it('says "No comments yet", "1 comment", "12 comments" in English', () => {
    const l = new Localizer('en');
    assert.equal(l.plural('commentCount', 0), 'No comments yet');
    assert.equal(l.plural('commentCount', 1), '1 comment');
    assert.equal(l.plural('commentCount', 2), '2 comments');
    assert.equal(l.plural('commentCount', 12), '12 comments');
    assert.equal(l.plural('commentCount', 1500), '1,500 comments');
  });

  it('picks counter messages', () => {
    const l = new Localizer('en');
    assert.equal(l.plural('counterRemaining', 1), '1 character left');
    assert.equal(l.plural('counterRemaining', 0), '0 characters left');
    assert.equal(l.plural('counterRemaining', 250), '250 characters left');
  });

  it('selects every Arabic plural category through Intl.PluralRules', () => {
    const l = new Localizer('ar', {
      commentCount: { zero: 'z {n}', one: 'o {n}', two: 't {n}', few: 'f {n}', many: 'm {n}', other: 'x {n}' },
    });
    const n = (v: number): string => new Intl.NumberFormat('ar').format(v);
    assert.equal(l.plural('commentCount', 0), `z ${n(0)}`);
    assert.equal(l.plural('commentCount', 1), `o ${n(1)}`);
    assert.equal(l.plural('commentCount', 2), `t ${n(2)}`);
    assert.equal(l.plural('commentCount', 3), `f ${n(3)}`);
    assert.equal(l.plural('commentCount', 10), `f ${n(10)}`);
    assert.equal(l.plural('commentCount', 11), `m ${n(11)}`);
    assert.equal(l.plural('commentCount', 99), `m ${n(99)}`);
    assert.equal(l.plural('commentCount', 100), `x ${n(100)}`);
    assert.equal(l.plural('commentCount', 102), `x ${n(102)}`);
  });

  it('prefers an exact "=n" form over the category when the message has one', () => {
    const l = new Localizer('ar', {
      commentCount: { '=0': 'none', '=2': 'a pair', zero: 'z {n}', one: 'o {n}', two: 't {n}', few: 'f {n}', many: 'm {n}', other: 'x {n}' },
    });
    assert.equal(l.plural('commentCount', 0), 'none');
    assert.equal(l.plural('commentCount', 2), 'a pair');
    assert.equal(l.plural('commentCount', 1), `o ${new Intl.NumberFormat('ar').format(1)}`);
  });

  it('falls back to "other" when the category has no form', () => {
    const l = new Localizer('ar', { commentCount: { one: 'one {n}', other: 'other {n}' } });
    const n = (v: number): string => new Intl.NumberFormat('ar').format(v);
    assert.equal(l.plural('commentCount', 1), `one ${n(1)}`);
    assert.equal(l.plural('commentCount', 0), `other ${n(0)}`);
    assert.equal(l.plural('commentCount', 3), `other ${n(3)}`);
  });

  it('uses Urdu plural rules (one / other)', () => {
    const l = new Localizer('ur', { commentCount: { one: '{n} تبصرہ', other: '{n} تبصرے' } });
    const n = (v: number): string => new Intl.NumberFormat('ur').format(v);
    assert.equal(l.plural('commentCount', 1), `${n(1)} تبصرہ`);
    assert.equal(l.plural('commentCount', 5), `${n(5)} تبصرے`);
    assert.equal(l.plural('commentCount', 0), `${n(0)} تبصرے`);
  });

  it('lets extra parameters fill the message', () => {
    const l = new Localizer('en', { commentCount: { one: '{n} comment on {title}', other: '{n} comments on {title}' } });
    assert.equal(l.plural('commentCount', 3, { title: 'Lahore' }), '3 comments on Lahore');
  });
});

describe('Localizer.number', () => {
  it('formats numbers for the locale', () => {
    assert.equal(new Localizer('en').number(1234567), '1,234,567');
    assert.equal(new Localizer('de').number(1234567), '1.234.567');
    assert.equal(new Localizer('en-IN').number(1234567), '12,34,567');
  });
});

describe('Localizer.relativeTime', () => {
  const l = new Localizer('en');

  it('says "now" for under a minute, past or future', () => {
    assert.equal(l.relativeTime(NOW, NOW), 'now');
    assert.equal(l.relativeTime(ago(1), NOW), 'now');
    assert.equal(l.relativeTime(ago(59), NOW), 'now');
    assert.equal(l.relativeTime(ago(-30), NOW), 'now');
  });

  it('counts minutes', () => {
    assert.equal(l.relativeTime(ago(MIN), NOW), '1 minute ago');
    assert.equal(l.relativeTime(ago(90), NOW), '1 minute ago');
    assert.equal(l.relativeTime(ago(5 * MIN), NOW), '5 minutes ago');
    assert.equal(l.relativeTime(ago(59 * MIN + 59), NOW), '59 minutes ago');
  });

  it('counts hours', () => {
    assert.equal(l.relativeTime(ago(HOUR), NOW), '1 hour ago');
    assert.equal(l.relativeTime(ago(3 * HOUR), NOW), '3 hours ago');
    assert.equal(l.relativeTime(ago(23 * HOUR + 59 * MIN), NOW), '23 hours ago');
  });

  it('counts days, with "yesterday"', () => {
    assert.equal(l.relativeTime(ago(DAY), NOW), 'yesterday');
    assert.equal(l.relativeTime(ago(3 * DAY), NOW), '3 days ago');
    assert.equal(l.relativeTime(ago(6 * DAY), NOW), '6 days ago');
  });

  it('counts weeks, months and years', () => {
    assert.equal(l.relativeTime(ago(7 * DAY), NOW), 'last week');
    assert.equal(l.relativeTime(ago(14 * DAY), NOW), '2 weeks ago');
    assert.equal(l.relativeTime(ago(30 * DAY), NOW), 'last month');
    assert.equal(l.relativeTime(ago(90 * DAY), NOW), '3 months ago');
    assert.equal(l.relativeTime(ago(365 * DAY), NOW), 'last year');
    assert.equal(l.relativeTime(ago(3 * 365 * DAY), NOW), '3 years ago');
  });

  it('handles future dates', () => {
    assert.equal(l.relativeTime(ago(-2 * HOUR), NOW), 'in 2 hours');
    assert.equal(l.relativeTime(ago(-DAY), NOW), 'tomorrow');
    assert.equal(l.relativeTime(ago(-5 * MIN), NOW), 'in 5 minutes');
  });

  it('uses the locale', () => {
    assert.equal(new Localizer('fr').relativeTime(ago(3 * HOUR), NOW), 'il y a 3 heures');
    assert.equal(new Localizer('de').relativeTime(ago(DAY), NOW), 'gestern');
  });

  it('measures from the current time by default', () => {
    assert.equal(l.relativeTime(new Date(Date.now() - 2 * HOUR * 1000)), '2 hours ago');
  });
});

describe('Localizer.error', () => {
  const l = new Localizer('en');

  it('explains a network failure', () => {
    assert.equal(l.error(new AdapterError('network', 'x')), 'Could not reach the comment service. Check your connection.');
  });

  it('explains a timeout', () => {
    assert.equal(l.error(new AdapterError('network', 'x', { reason: 'timeout' })), 'The comment service took too long to answer. Please try again.');
  });

  it('explains rate limiting with the seconds to wait', () => {
    assert.equal(l.error(new AdapterError('rate-limited', 'x', { retryAfterSeconds: 30 })), 'Too many comments at once. Try again in 30 seconds.');
    assert.equal(l.error(new AdapterError('rate-limited', 'x', { retryAfterSeconds: 1 })), 'Too many comments at once. Try again in 1 second.');
    assert.equal(l.error(new AdapterError('rate-limited', 'x', { retryAfterSeconds: 1.2 })), 'Too many comments at once. Try again in 2 seconds.');
    assert.equal(l.error(new AdapterError('rate-limited', 'x', { retryAfterSeconds: 0.4 })), 'Too many comments at once. Try again in 1 second.');
  });

  it('asks to wait a moment when the wait is unknown or zero', () => {
    assert.equal(l.error(new AdapterError('rate-limited', 'x')), 'Too many comments at once. Please wait a moment.');
    assert.equal(l.error(new AdapterError('rate-limited', 'x', { retryAfterSeconds: 0 })), 'Too many comments at once. Please wait a moment.');
    assert.equal(l.error(new AdapterError('rate-limited', 'x', { retryAfterSeconds: -5 })), 'Too many comments at once. Please wait a moment.');
  });

  it('quotes the backend message for a rejection', () => {
    assert.equal(l.error(new AdapterError('rejected', 'Links are not allowed.')), 'The comment service refused it: Links are not allowed.');
  });

  it('explains not-found, server and malformed answers', () => {
    assert.equal(l.error(new AdapterError('not-found', 'x')), 'The comment service does not know this thread or comment.');
    assert.equal(l.error(new AdapterError('server', 'x')), 'The comment service had a problem. Please try again.');
    assert.equal(
      l.error(new AdapterError('server', 'x', { reason: 'malformed-response' })),
      'The comment service sent an answer that could not be read. Please try again later.',
    );
  });

  it('uses the overriding catalog', () => {
    const ur = new Localizer('ur', { errNetwork: 'رابطہ نہیں ہو سکا۔', errRateLimited: { one: '{n} سیکنڈ', other: '{n} سیکنڈ بعد' } });
    assert.equal(ur.error(new AdapterError('network', 'x')), 'رابطہ نہیں ہو سکا۔');
    assert.equal(ur.error(new AdapterError('rate-limited', 'x', { retryAfterSeconds: 5 })), `${new Intl.NumberFormat('ur').format(5)} سیکنڈ بعد`);
  });
});
