import { escapeToken } from '../openapi/pointer.ts';

// Text that came from the service (values, content types, property names) shown safely: control
// and escape characters written as escapes, long values cut, secrets from the environment hidden.

const MAX_VALUE_CHARS = 60;
// C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional overrides that can
// make a terminal show something else than what is there.
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `"\x1b[31m"` → `"\\x1b[31m"`: the text can no longer move the cursor, colour or hide itself. */
export function sanitize(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, (character) => {
    const code = character.charCodeAt(0);
    // Every unsafe character above 0xff has four hex digits.
    // Stryker disable next-line EqualityOperator: equivalent, 0xff is not an unsafe character
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

export function truncate(text: string, max = MAX_VALUE_CHARS): string {
  const characters = [...text];
  return characters.length <= max ? text : `${characters.slice(0, max).join('')}…`;
}

export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export type Redact = (text: string) => string;
const keep: Redact = (text) => text;

/** What came back, for a report: its JSON type and its value, secrets hidden before it is cut short. */
export function describeValue(value: unknown, redact: Redact = keep): string {
  if (value === null) return 'null';
  if (value === undefined) return 'absent';
  let shown: string;
  try {
    shown = JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  const size = Array.isArray(value) ? ` (${value.length} items)` : '';
  return `${jsonTypeOf(value)} ${sanitize(truncate(redact(shown)))}${size}`;
}

/** The first characters of a body that is not what was documented, for a hint of what it is. */
export function describeBody(body: Buffer, redact: Redact = keep): string {
  if (body.length === 0) return 'an empty body';
  // Secrets are hidden in the whole body, before and after white space is folded: folding brings text
  // from anywhere to the front (a secret cut at any fixed length would show its start), and can turn
  // a secret's own line breaks into the spaces of another spelling.
  const text = redact(redact(body.toString('utf8')).replace(/\s+/g, ' ')).trim();
  return `${body.length} bytes: ${sanitize(truncate(text))}`;
}

/**
 * How a secret can reach a report: as itself, sanitized, JSON-escaped, percent-encoded (either
 * case of hex, as a path or a form would), and as a JSON pointer token (a property name the
 * service echoed), raw or in a URI fragment.
 */
function spellingsOf(secret: string): string[] {
  const token = escapeToken(secret);
  const encoded = [encodeURIComponent(secret), encodeURI(secret), new URLSearchParams({ s: secret }).toString().slice(2), encodeURIComponent(token)];
  const lowerHex = encoded.map((text) => text.replace(/%[0-9A-F]{2}/g, (code) => code.toLowerCase()));
  const plain = [secret, token, JSON.stringify(secret).slice(1, -1), ...encoded, ...lowerHex];
  return [...plain, ...plain.map(sanitize)];
}

/**
 * Replaces every value that came from the environment (header values, parameters) by `***`.
 * A service may echo a token back in a body; the report must not print it. Values shorter than
 * four characters are left: hiding every "1" would garble the report and protect nothing.
 */
export function redactor(secrets: Iterable<string>): Redact {
  const hidden = [...new Set(secrets)].filter((secret) => secret.length >= 4);
  // Longest first, whichever secret a spelling comes from: one may hold another.
  const spellings = [...new Set(hidden.flatMap(spellingsOf))].sort((a, b) => b.length - a.length);
  return (text) => spellings.reduce((result, secret) => result.replaceAll(secret, '***'), text);
}
