// How the canary shows what a service sent: control characters as escapes (a body cannot move the
// terminal's cursor or hide itself), values cut to 60 characters after secrets are hidden, JSON
// types named as JSON Schema names them, and every spelling of a secret replaced by `***`.
import { describe, expect, test } from 'vitest';
import { describeBody, describeValue, jsonTypeOf, redactor, sanitize, truncate } from '../../../packages/openapi-drift/src/canary/text.ts';

describe('sanitize', () => {
  test('C0 and C1 controls, DEL, separators and bidirectional overrides become escapes', () => {
    expect(sanitize('a\u0000b\u001bc\u001fd\u007fe\u0080f\u009fg')).toBe('a\\x00b\\x1bc\\x1fd\\x7fe\\x80f\\x9fg');
    expect(sanitize('\u2028\u2029\u202a\u202e\u2066\u2069')).toBe('\\u2028\\u2029\\u202a\\u202e\\u2066\\u2069');
    expect(sanitize('\n\t')).toBe('\\x0a\\x09');
  });

  test('printable text, quotes and characters just outside the ranges stay as they are', () => {
    expect(sanitize(' ~é\u00a0\u2027\u202f\u2065\u206a€ "x"')).toBe(' ~é\u00a0\u2027\u202f\u2065\u206a€ "x"');
  });
});

describe('truncate', () => {
  test('60 characters by default; longer text is cut and marked', () => {
    expect(truncate('x'.repeat(60))).toBe('x'.repeat(60));
    expect(truncate('x'.repeat(61))).toBe(`${'x'.repeat(60)}…`);
  });

  test('counts characters, not UTF-16 units: an emoji is never split', () => {
    expect(truncate('😀'.repeat(3), 3)).toBe('😀😀😀');
    expect(truncate('😀'.repeat(4), 3)).toBe('😀😀😀…');
  });
});

test('jsonTypeOf names JSON Schema types', () => {
  expect([null, [], 1, 1.5, 'a', true, {}].map(jsonTypeOf)).toEqual(['null', 'array', 'integer', 'number', 'string', 'boolean', 'object']);
});

describe('describeValue', () => {
  test('the type, then the value as JSON; arrays say how many items', () => {
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('absent');
    expect(describeValue('teal')).toBe('string "teal"');
    expect(describeValue(7)).toBe('integer 7');
    expect(describeValue([1, 2])).toBe('array [1,2] (2 items)');
    expect(describeValue({ a: 1 })).toBe('object {"a":1}');
  });

  test('a value JSON cannot write is shown as text', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).toBe('object [object Object]');
    expect(describeValue(10n)).toBe('bigint 10');
    expect(describeValue(Symbol('s'))).toBe('symbol Symbol(s)');
  });

  test('long values are cut, control characters escaped', () => {
    expect(describeValue('x'.repeat(100))).toBe(`string "${'x'.repeat(59)}…`);
    expect(describeValue('\u001b[2J')).toBe('string "\\u001b[2J"');
    expect(describeValue('a\u2028b\u0085')).toBe('string "a\\u2028b\\x85"');
  });

  test('a secret is hidden before the value is cut', () => {
    expect(describeValue(`${'y'.repeat(55)}secret-value`, redactor(['secret-value']))).toBe(`string "${'y'.repeat(55)}***"`);
  });
});

describe('describeBody', () => {
  test('an empty body, and the size and first characters of another, white space folded', () => {
    expect(describeBody(Buffer.alloc(0))).toBe('an empty body');
    expect(describeBody(Buffer.from('  <html>\n\n  <body>hi</body>  '))).toBe('29 bytes: <html> <body>hi</body>');
  });

  test('cut at 60 characters and sanitized', () => {
    expect(describeBody(Buffer.from('z'.repeat(100)))).toBe(`100 bytes: ${'z'.repeat(60)}…`);
    expect(describeBody(Buffer.from('a\u0000b'))).toBe('3 bytes: a\\x00b');
  });

  test('a secret is hidden before the body is cut, even past the shown part', () => {
    const body = Buffer.from(`${'w'.repeat(50)}token-12345678 end`);
    expect(describeBody(body, redactor(['token-12345678']))).toBe(`68 bytes: ${'w'.repeat(50)}*** end`);
  });

  test('a secret far into the body is hidden, however much white space folding brings it forward', () => {
    // The secret starts 4091 bytes in: a body cut at 4096 bytes before hiding showed "x token".
    const body = Buffer.from(`x${' '.repeat(4090)}token-12345678 end`);
    expect(describeBody(body, redactor(['token-12345678']))).toBe(`${body.length} bytes: x *** end`);
    const far = Buffer.from(`x${'\n'.repeat(100_000)}token-12345678`);
    expect(describeBody(far, redactor(['token-12345678']))).toBe(`${far.length} bytes: x ***`);
  });

  test('a secret that white space folding spells is hidden after folding too', () => {
    expect(describeBody(Buffer.from('a\n\nsk\nlive end'), redactor(['sk live']))).toBe('14 bytes: a *** end');
  });
});

describe('redactor', () => {
  test('every occurrence of every secret, the longest first', () => {
    const redact = redactor(['abcd', 'abcdefgh']);
    expect(redact('abcdefgh abcd abcd')).toBe('*** *** ***');
  });

  test('the longest spelling first, whichever secret it comes from', () => {
    // "a b c" percent-encoded holds the other secret: hiding that first would leave "a" showing.
    expect(redactor(['%20b%20c', 'a b c'])('a%20b%20c')).toBe('***');
  });

  test('values shorter than four characters are left', () => {
    const redact = redactor(['abc', '1']);
    expect(redact('abc 1')).toBe('abc 1');
    expect(redactor(['abcd'])('abcd')).toBe('***');
  });

  test('JSON-escaped and sanitized spellings', () => {
    const redact = redactor(['a"b\nc']);
    expect(redact(JSON.stringify('a"b\nc'))).toBe('"***"');
    expect(redact(sanitize('a"b\nc'))).toBe('***');
  });

  test('percent-encoded as a path would (encodeURI) and with lower-case hex', () => {
    const redact = redactor(['a b[c]']);
    expect(redact(encodeURI('a b[c]'))).toBe('***');
    expect(redact('a%20b%5bc%5d')).toBe('***');
  });

  test('each spelling is hidden exactly, the text around it kept', () => {
    const redact = redactor(['a b/c~d']);
    expect(redact('q=a+b%2Fc%7Ed&r=1')).toBe('q=***&r=1');
    expect(redact('/x/a b~1c~0d/y')).toBe('/x/***/y');
    expect(redact('#/a%20b~1c~0d')).toBe('#/***');
    expect(redact('path a%20b%2fc~d.')).toBe('path ***.');
    expect(redact('u=a%20b/c~d')).toBe('u=***');
  });

  test('nothing to hide leaves the text as it is', () => {
    expect(redactor([])('plain text')).toBe('plain text');
  });
});
