import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { capMarks, cleanName, countGraphemes, DEFAULT_MAX_LENGTH, DEFAULT_REQUIRED, fitInsertion, isBlank, isValidEmail, MAX_MARKS_PER_CHARACTER, MAX_NAME_LENGTH, normalizeNewlines, parseRequired, toParagraphs, toStorable, truncateGraphemes, type CommentDraft, type CommentRules, validateDraft } from '../../src/core/text.js';

const FAMILY = '👨‍👩‍👧‍👦'; // man ZWJ woman ZWJ girl ZWJ boy: 11 UTF-16 units, 1 character
const FLAG_PK = '🇵🇰';
const FLAG_US = '🇺🇸';
const THUMBS_MEDIUM = '👍🏽'; // thumbs up + skin tone modifier
const BISMILLAH = 'بِسْمِ'; // 3 Arabic letters, each with a combining mark (6 code units)
const E_ACUTE = 'e\u0301'; // e + combining acute accent

/** True when the string holds a high surrogate without its low half, or the reverse. */
function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

describe('constants', () => {
  it('has the documented defaults', () => {
    assert.equal(DEFAULT_MAX_LENGTH, 1500);
    assert.equal(MAX_NAME_LENGTH, 80);
    assert.deepEqual([...DEFAULT_REQUIRED], ['name', 'email', 'body']);
  });
});

describe('countGraphemes', () => {
  it('counts the empty string as 0', () => {
    assert.equal(countGraphemes(''), 0);
  });

  it('counts plain ASCII one per character, including tabs and newlines', () => {
    assert.equal(countGraphemes('hello'), 5);
    assert.equal(countGraphemes('Hello, world!'), 13);
    assert.equal(countGraphemes('a\tb\nc'), 5);
    assert.equal(countGraphemes('   '), 3);
  });

  it('counts an emoji ZWJ family as one character', () => {
    assert.equal(FAMILY.length, 11);
    assert.equal(countGraphemes(FAMILY), 1);
    assert.equal(countGraphemes(`ab${FAMILY}c`), 4);
    assert.equal(countGraphemes(FAMILY + FAMILY), 2);
  });

  it('counts a flag as one character and two flags as two', () => {
    assert.equal(countGraphemes(FLAG_PK), 1);
    assert.equal(countGraphemes(FLAG_PK + FLAG_US), 2);
  });

  it('counts an emoji with a skin-tone modifier as one character', () => {
    assert.equal(countGraphemes(THUMBS_MEDIUM), 1);
    assert.equal(countGraphemes('👋🏿👋'), 2);
  });

  it('counts a simple emoji (surrogate pair) as one character', () => {
    assert.equal(countGraphemes('😀'), 1);
    assert.equal(countGraphemes('a😀b'), 3);
  });

  it('counts Urdu/Arabic letters, not their combining marks', () => {
    assert.equal(BISMILLAH.length, 6);
    assert.equal(countGraphemes(BISMILLAH), 3);
    assert.equal(countGraphemes('سَلَام'), 4);
    assert.equal(countGraphemes('اردو'), 4);
    assert.equal(countGraphemes('پاکستان'), 7);
  });

  it('counts a Latin letter with a combining mark as one character', () => {
    assert.equal(countGraphemes(E_ACUTE), 1);
    assert.equal(countGraphemes(`caf${E_ACUTE}`), 4);
    assert.equal(countGraphemes('café'), 4); // precomposed
  });

  it('counts CRLF as one character, and a lone CR as one', () => {
    assert.equal(countGraphemes('\r\n'), 1);
    assert.equal(countGraphemes('a\r\nb'), 3);
    assert.equal(countGraphemes('a\rb'), 3);
    assert.equal(countGraphemes('a\r\n\r\nb'), 4);
  });

  it('counts curly quotes and other non-ASCII punctuation one each', () => {
    assert.equal(countGraphemes('“hi”'), 4);
    assert.equal(countGraphemes('‘it’s’'), 6);
    assert.equal(countGraphemes('a — b…'), 6);
  });

  it('counts mixed text', () => {
    assert.equal(countGraphemes(`Hi ${FAMILY} ${FLAG_PK}${THUMBS_MEDIUM} ${BISMILLAH}\r\n${E_ACUTE}`), 13);
  });
});

describe('truncateGraphemes', () => {
  it('keeps at most max characters of ASCII', () => {
    assert.equal(truncateGraphemes('hello', 3), 'hel');
    assert.equal(truncateGraphemes('hello', 5), 'hello');
    assert.equal(truncateGraphemes('hello', 50), 'hello');
  });

  it('returns the empty string for max 0 or below', () => {
    assert.equal(truncateGraphemes('hello', 0), '');
    assert.equal(truncateGraphemes('hello', -3), '');
    assert.equal(truncateGraphemes(FAMILY, 0), '');
  });

  it('never splits a ZWJ sequence', () => {
    assert.equal(truncateGraphemes(`${FAMILY}${FAMILY}x`, 1), FAMILY);
    assert.equal(truncateGraphemes(`a${FAMILY}b`, 2), `a${FAMILY}`);
    assert.equal(truncateGraphemes(`a${FAMILY}b`, 1), 'a');
  });

  it('never splits a flag or a skin-tone sequence', () => {
    assert.equal(truncateGraphemes(FLAG_PK + FLAG_US, 1), FLAG_PK);
    assert.equal(truncateGraphemes(THUMBS_MEDIUM + THUMBS_MEDIUM, 1), THUMBS_MEDIUM);
  });

  it('never separates a combining mark from its letter', () => {
    assert.equal(truncateGraphemes(E_ACUTE + E_ACUTE, 1), E_ACUTE);
    assert.equal(truncateGraphemes(BISMILLAH, 2), 'بِسْ');
    assert.equal(truncateGraphemes(BISMILLAH, 1), 'بِ');
  });

  it('never splits CRLF', () => {
    assert.equal(truncateGraphemes('a\r\nb', 2), 'a\r\n');
    assert.equal(truncateGraphemes('a\r\nb', 1), 'a');
  });

  it('returns the whole text when it already fits', () => {
    const text = `${FAMILY}${FLAG_PK}`;
    assert.equal(truncateGraphemes(text, 2), text);
    assert.equal(truncateGraphemes(text, 3), text);
  });
});

describe('normalizeNewlines', () => {
  it('turns CRLF and lone CR into LF', () => {
    assert.equal(normalizeNewlines('a\r\nb\rc\nd'), 'a\nb\nc\nd');
    assert.equal(normalizeNewlines('\r\n\r\n'), '\n\n');
    assert.equal(normalizeNewlines('no breaks'), 'no breaks');
  });
});

describe('toStorable', () => {
  it('mends what a store cannot hold: lone surrogates become U+FFFD, NUL goes; pairs and the rest stay', () => {
    assert.equal(toStorable('a\ud800b\udc00c'), 'a\ufffdb\ufffdc');
    assert.equal(toStorable('nul\0here\0'), 'nulhere');
    assert.equal(toStorable('😀 é <b>'), '😀 é <b>');
    assert.equal(isBlank(toStorable('\0\0')), true, 'a body of NULs is still blank');
  });
});

describe('isBlank', () => {
  it('is true for the empty string and plain white space', () => {
    assert.equal(isBlank(''), true);
    assert.equal(isBlank('   '), true);
    assert.equal(isBlank('\t\t'), true);
    assert.equal(isBlank('\n\r\n \t'), true);
  });

  it('is true for no-break and zero-width spaces', () => {
    assert.equal(isBlank('\u00a0'), true); // NBSP
    assert.equal(isBlank('\u200b'), true); // zero-width space
    assert.equal(isBlank('\u200c\u200d'), true); // ZWNJ, ZWJ
    assert.equal(isBlank('\u2060\ufeff'), true); // word joiner, BOM
    assert.equal(isBlank(' \u00a0\u200b\t\n\u3000'), true); // mixed, incl. ideographic space
  });

  it('is false when any visible character is present', () => {
    assert.equal(isBlank('a'), false);
    assert.equal(isBlank('  .  '), false);
    assert.equal(isBlank('\u200bx\u200b'), false);
    assert.equal(isBlank(' 😀 '), false);
    assert.equal(isBlank('ب'), false);
  });
});

describe('fitInsertion', () => {
  it('leaves an edit that fits untouched (caret -1, not cut)', () => {
    assert.deepEqual(fitInsertion('abc', 'abcd', 4), { value: 'abcd', caret: -1, cut: false });
    assert.deepEqual(fitInsertion('abc', 'ab', 4), { value: 'ab', caret: -1, cut: false });
  });

  it('counts the limit in characters, not UTF-16 units', () => {
    assert.deepEqual(fitInsertion('ab', `ab${FAMILY}`, 3), { value: `ab${FAMILY}`, caret: -1, cut: false });
    // A combining mark joins the previous letter: still 2 characters.
    assert.deepEqual(fitInsertion('ab', 'ab\u0301', 2), { value: 'ab\u0301', caret: -1, cut: false });
  });

  it('cuts only the inserted run when pasting at the end', () => {
    assert.deepEqual(fitInsertion('hello', 'hello world', 7), { value: 'hello w', caret: 7, cut: true });
  });

  it('keeps the text before and after an insertion in the middle', () => {
    // "XYZW" pasted between "abc" and "def"; room for 2 characters.
    assert.deepEqual(fitInsertion('abcdef', 'abcXYZWdef', 8), { value: 'abcXYdef', caret: 5, cut: true });
  });

  it('keeps the text after an insertion at the start', () => {
    assert.deepEqual(fitInsertion('tail', '12345tail', 6), { value: '12tail', caret: 2, cut: true });
  });

  it('handles a paste that replaces a selection', () => {
    // "cd" selected in "abcdef" and replaced by "12345".
    assert.deepEqual(fitInsertion('abcdef', 'ab12345ef', 8), { value: 'ab1234ef', caret: 6, cut: true });
  });

  it('drops the whole insertion when there is no room left', () => {
    assert.deepEqual(fitInsertion('abcd', 'abXcd', 4), { value: 'abcd', caret: 2, cut: true });
    assert.deepEqual(fitInsertion('abcd', `abcd${FAMILY}`, 4), { value: 'abcd', caret: 4, cut: true });
  });

  it('keeps whole emoji when pasting emoji past the limit', () => {
    const paste = FAMILY + FLAG_PK + THUMBS_MEDIUM;
    const r = fitInsertion('ab', `ab${paste}`, 4);
    assert.equal(r.value, `ab${FAMILY}${FLAG_PK}`);
    assert.equal(r.caret, 2 + FAMILY.length + FLAG_PK.length);
    assert.equal(r.cut, true);
    assert.equal(hasLoneSurrogate(r.value), false);
    assert.equal(countGraphemes(r.value), 4);
  });

  it('never splits a ZWJ sequence in the middle of the text', () => {
    const r = fitInsertion('xy', `x${FAMILY}${FAMILY}y`, 3);
    assert.deepEqual(r, { value: `x${FAMILY}y`, caret: 1 + FAMILY.length, cut: true });
  });

  it('does not split a surrogate pair whose high half matches the text before it', () => {
    // "😀" is selected and replaced by "😃😃": both emoji start with the same high surrogate.
    const r = fitInsertion('ab😀', 'ab😃😃', 3);
    assert.deepEqual(r, { value: 'ab😃', caret: 4, cut: true });
    assert.equal(hasLoneSurrogate(r.value), false);
  });

  it('appends emoji after an emoji without breaking either', () => {
    const r = fitInsertion('😀', '😀😃😃', 2);
    assert.deepEqual(r, { value: '😀😃', caret: 4, cut: true });
    assert.equal(hasLoneSurrogate(r.value), false);
  });

  it('never splits CRLF in the inserted run', () => {
    assert.deepEqual(fitInsertion('ab', 'ab\r\ncd', 3), { value: 'ab\r\n', caret: 4, cut: true });
  });

  it('keeps Arabic letters with their marks together', () => {
    const r = fitInsertion('a', `a${BISMILLAH}`, 3);
    assert.deepEqual(r, { value: 'aبِسْ', caret: 5, cut: true });
  });

  it('cuts at the limit when the previous value was already too long', () => {
    const r = fitInsertion('abcdefgh', 'abcXdefgh', 5);
    assert.equal(r.value, 'abcde');
    assert.equal(r.cut, true);
    assert.equal(r.caret, 3);
    assert.equal(countGraphemes(r.value), 5);
  });

  it('cuts at the limit, by characters, when a too-long previous value held emoji', () => {
    const previous = FAMILY.repeat(4);
    const r = fitInsertion(previous, previous + 'x', 2);
    assert.equal(r.value, FAMILY + FAMILY);
    assert.equal(r.cut, true);
    assert.equal(r.caret, FAMILY.length * 2);
  });

  it('puts the caret within the value', () => {
    const r = fitInsertion('', 'abcdefghij', 4);
    assert.deepEqual(r, { value: 'abcd', caret: 4, cut: true });
  });
});

describe('toParagraphs', () => {
  it('returns one paragraph of one line for a single line', () => {
    assert.deepEqual(toParagraphs('hello'), [['hello']]);
  });

  it('keeps single line breaks inside a paragraph', () => {
    assert.deepEqual(toParagraphs('a\nb\nc'), [['a', 'b', 'c']]);
  });

  it('splits paragraphs at blank lines', () => {
    assert.deepEqual(toParagraphs('a\n\nb'), [['a'], ['b']]);
    assert.deepEqual(toParagraphs('a\n\n\n\nb'), [['a'], ['b']]);
    assert.deepEqual(toParagraphs('one\ntwo\n\nthree'), [['one', 'two'], ['three']]);
  });

  it('treats a line of spaces or tabs as blank', () => {
    assert.deepEqual(toParagraphs('a\n \t \nb'), [['a'], ['b']]);
  });

  it('handles CRLF and lone CR line ends', () => {
    assert.deepEqual(toParagraphs('a\r\n\r\nb\r\nc'), [['a'], ['b', 'c']]);
    assert.deepEqual(toParagraphs('a\r\rb'), [['a'], ['b']]);
  });

  it('trims blank lines around the body', () => {
    assert.deepEqual(toParagraphs('\n\n  a  \n\n'), [['a']]);
  });

  it('returns no paragraphs for an empty or blank body', () => {
    assert.deepEqual(toParagraphs(''), []);
    assert.deepEqual(toParagraphs('  \n\n \t '), []);
  });
});

describe('isValidEmail', () => {
  it('accepts ordinary addresses', () => {
    assert.equal(isValidEmail('a@b.co'), true);
    assert.equal(isValidEmail('first.last+tag@mail.example.org'), true);
    assert.equal(isValidEmail('ü@例え.jp'), true);
  });

  it('ignores white space around the address', () => {
    assert.equal(isValidEmail('  name@example.com \n'), true);
  });

  it('rejects addresses without a proper domain', () => {
    assert.equal(isValidEmail(''), false);
    assert.equal(isValidEmail('name'), false);
    assert.equal(isValidEmail('name@'), false);
    assert.equal(isValidEmail('name@example'), false);
    assert.equal(isValidEmail('@example.com'), false);
    assert.equal(isValidEmail('name@.example.com'), false);
    assert.equal(isValidEmail('name@example.'), false);
    assert.equal(isValidEmail('name@example..com'), false);
  });

  it('rejects spaces inside and more than one @', () => {
    assert.equal(isValidEmail('na me@example.com'), false);
    assert.equal(isValidEmail('name@exa mple.com'), false);
    assert.equal(isValidEmail('a@b@example.com'), false);
  });

  it('accepts at most 254 characters', () => {
    const domain = '@example.com'; // 12 characters
    assert.equal(isValidEmail('a'.repeat(242) + domain), true); // 254
    assert.equal(isValidEmail('a'.repeat(243) + domain), false); // 255
  });
});

describe('validateDraft', () => {
  const rules: CommentRules = { maxLength: 10, required: DEFAULT_REQUIRED };
  const good: CommentDraft = { authorName: 'Ayesha', authorEmail: 'ayesha@example.pk', body: 'Hello!' };

  it('returns no errors for a good draft', () => {
    assert.deepEqual(validateDraft(good, rules), {});
  });

  it('reports every missing required field, in form order', () => {
    const errors = validateDraft({ authorName: '', authorEmail: '', body: '' }, rules);
    assert.deepEqual(errors, { name: 'required', email: 'required', body: 'required' });
    assert.deepEqual(Object.keys(errors), ['name', 'email', 'body']);
  });

  it('treats a name or e-mail of white space as missing', () => {
    assert.deepEqual(validateDraft({ ...good, authorName: '   ', authorEmail: ' \t ' }, rules), {
      name: 'required',
      email: 'required',
    });
  });

  it('lets a site make name and e-mail optional', () => {
    assert.deepEqual(validateDraft({ authorName: '', authorEmail: '', body: 'hi' }, { maxLength: 10, required: ['body'] }), {});
    assert.deepEqual(validateDraft({ authorName: '', authorEmail: '', body: 'hi' }, { maxLength: 10, required: ['name', 'body'] }), {
      name: 'required',
    });
    assert.deepEqual(validateDraft({ authorName: '', authorEmail: '', body: 'hi' }, { maxLength: 10, required: ['email', 'body'] }), {
      email: 'required',
    });
  });

  it('always requires the body, even when the rules do not list it', () => {
    assert.deepEqual(validateDraft({ ...good, body: '' }, { maxLength: 10, required: [] }), { body: 'required' });
  });

  it('reports an invalid e-mail, even when e-mail is optional', () => {
    assert.deepEqual(validateDraft({ ...good, authorEmail: 'not-an-address' }, rules), { email: 'invalid-email' });
    assert.deepEqual(validateDraft({ ...good, authorEmail: 'a@b' }, { maxLength: 10, required: ['body'] }), {
      email: 'invalid-email',
    });
  });

  it('accepts an e-mail with white space around it', () => {
    assert.deepEqual(validateDraft({ ...good, authorEmail: '  ayesha@example.pk  ' }, rules), {});
  });

  it('reports a blank body (spaces, newlines, NBSP, zero-width space)', () => {
    for (const body of ['   ', '\n\n', '\t \r\n', '\u00a0', '\u200b', ' \u200b\u00a0 ']) {
      assert.deepEqual(validateDraft({ ...good, body }, rules), { body: 'blank' }, JSON.stringify(body));
    }
  });

  it('counts the body length in characters, not UTF-16 units', () => {
    assert.deepEqual(validateDraft({ ...good, body: FAMILY.repeat(10) }, rules), {});
    assert.deepEqual(validateDraft({ ...good, body: FAMILY.repeat(11) }, rules), { body: 'too-long' });
    assert.deepEqual(validateDraft({ ...good, body: BISMILLAH.repeat(3) }, rules), {}); // 9 letters, 18 units
    assert.deepEqual(validateDraft({ ...good, body: 'a'.repeat(10) }, rules), {});
    assert.deepEqual(validateDraft({ ...good, body: 'a'.repeat(11) }, rules), { body: 'too-long' });
  });

  it('counts CRLF as one character and ignores white space around the body', () => {
    const tight: CommentRules = { maxLength: 3, required: ['body'] };
    assert.deepEqual(validateDraft({ ...good, body: 'a\r\nb' }, tight), {});
    assert.deepEqual(validateDraft({ ...good, body: '\r\n  a\r\nb  \r\n\r\n' }, tight), {});
    assert.deepEqual(validateDraft({ ...good, body: 'a\r\n\r\nb' }, tight), { body: 'too-long' });
  });

  it('reports a name longer than 80 characters, counted in characters', () => {
    assert.deepEqual(validateDraft({ ...good, authorName: 'n'.repeat(80) }, rules), {});
    assert.deepEqual(validateDraft({ ...good, authorName: 'n'.repeat(81) }, rules), { name: 'too-long' });
    assert.deepEqual(validateDraft({ ...good, authorName: FAMILY.repeat(80) }, rules), {});
    assert.deepEqual(validateDraft({ ...good, authorName: ` ${'n'.repeat(80)} ` }, rules), {});
  });

  it('reports a too-long name even when the name is optional', () => {
    assert.deepEqual(validateDraft({ ...good, authorName: 'n'.repeat(81) }, { maxLength: 10, required: ['body'] }), {
      name: 'too-long',
    });
  });
});

describe('parseRequired', () => {
  it('returns the defaults for null or undefined', () => {
    assert.deepEqual(parseRequired(null), ['name', 'email', 'body']);
    assert.deepEqual(parseRequired(undefined), ['name', 'email', 'body']);
  });

  it('returns a fresh copy of the defaults', () => {
    const a = parseRequired(null);
    a.pop();
    assert.deepEqual(parseRequired(null), ['name', 'email', 'body']);
    assert.deepEqual([...DEFAULT_REQUIRED], ['name', 'email', 'body']);
  });

  it('always includes the body', () => {
    assert.deepEqual(parseRequired(''), ['body']);
    assert.deepEqual(parseRequired('name'), ['name', 'body']);
    assert.deepEqual(parseRequired('email'), ['email', 'body']);
  });

  it('splits on spaces, tabs and commas', () => {
    assert.deepEqual(parseRequired('name email'), ['name', 'email', 'body']);
    assert.deepEqual(parseRequired('email, name'), ['email', 'name', 'body']);
    assert.deepEqual(parseRequired('  name\temail  '), ['name', 'email', 'body']);
    assert.deepEqual(parseRequired('body name'), ['body', 'name']);
  });

  it('ignores unknown words', () => {
    assert.deepEqual(parseRequired('phone website'), ['body']);
    assert.deepEqual(parseRequired('name phone'), ['name', 'body']);
  });
});

describe('regressions found in review', () => {
  it('fitInsertion keeps the emoji after the caret whole when an emoji is pasted in front of it', () => {
    assert.deepEqual(fitInsertion('😀', '😃😀', 1), { value: '😀', caret: 0, cut: true });
    assert.equal(fitInsertion('a😀', 'a😃😀', 2).value, 'a😀');
    const flags = fitInsertion(FLAG_PK, FLAG_US + FLAG_PK, 1).value;
    assert.equal(flags, FLAG_PK);
    for (const v of ['😀', 'a😀', flags]) assert.equal(hasLoneSurrogate(v), false);
  });

  it('toParagraphs treats a blank line holding spaces as a separator', () => {
    assert.deepEqual(toParagraphs('a\n\n  \nb'), [['a'], ['b']]);
    assert.deepEqual(toParagraphs('a\n \t\n\t\nb'), [['a'], ['b']]);
  });

  it('validateDraft treats an invisible name (zero-width spaces) as missing', () => {
    const rules: CommentRules = { maxLength: 10, required: ['name', 'body'] };
    assert.equal(validateDraft({ authorName: '\u200b\u200b', authorEmail: '', body: 'x' }, rules).name, 'required');
  });
});

describe('names, invisible text and combining marks', () => {
  it('names lose bidi controls, so a name cannot show as another or reorder the text around it', () => {
    assert.equal(cleanName('\u202Enimda'), 'nimda');
    assert.equal(cleanName('\u2066Amira\u2069 \u200f'), 'Amira');
    assert.equal(cleanName('علي\u061c'), 'علي');
    assert.equal(cleanName('  Zoë  '), 'Zoë');
  });

  it('a body of invisible characters is blank', () => {
    for (const blank of ['\u2800', '\u3164\u3164', '\u00ad', '\u034f', '\u200b\u200c\u200d', '\u200e\u200f\u061c', '\u202a\u202e\u2066\u2069', '\u0000', '\ufeff', ' \u00a0\n']) {
      assert.ok(isBlank(blank), JSON.stringify(blank));
    }
    assert.ok(!isBlank('\u2800a'));
    assert.ok(!isBlank('🙂'));
  });

  it('keeps at most 8 combining marks on one character, and real accents as they are', () => {
    assert.equal(MAX_MARKS_PER_CHARACTER, 8);
    const zalgo = `a${'\u0301'.repeat(20)}b${'\u0336'.repeat(9)}`;
    const capped = capMarks(zalgo);
    assert.ok(capped.cut);
    assert.equal(capped.text, `a${'\u0301'.repeat(8)}b${'\u0336'.repeat(8)}`);
    for (const fine of ['Tiếng Việt', 'שָׁלוֹם', 'हिन्दी', 'e\u0301\u0302\u0303', 'plain']) assert.deepEqual(capMarks(fine), { text: fine, cut: false });
    assert.equal(validateDraft({ authorName: 'A', authorEmail: '', body: zalgo }, { maxLength: 100, required: ['body'] }).body, 'too-many-marks');
    assert.equal(validateDraft({ authorName: `Z${'\u0336'.repeat(9)}`, authorEmail: '', body: 'ok' }, { maxLength: 100, required: ['body'] }).name, 'too-many-marks');
  });

  it('fitInsertion drops the extra marks of what was inserted, and says so', () => {
    const fit = fitInsertion('Hello ', `Hello Z${'\u0301'.repeat(30)}!`, 100);
    assert.deepEqual(fit, { value: `Hello Z${'\u0301'.repeat(8)}!`, caret: 16, cut: true, marksCut: true });
    assert.equal(fitInsertion('a', 'ab', 100).marksCut, undefined);
  });
});
