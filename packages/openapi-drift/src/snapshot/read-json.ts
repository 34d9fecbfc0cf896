// JSON into the lossless tree, with errors in words and the place they occur.
import jsonc from 'jsonc-parser';
import type { ParseErrorCode } from 'jsonc-parser';
import { TreeBuilder, type Fail, type JsonValue, type OnDuplicate } from './json-tree.ts';

const JSON_ERROR_WORDS: Record<string, string> = {
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected a colon after the property name',
  CloseBraceExpected: 'expected a closing brace',
  CloseBracketExpected: 'expected a closing bracket',
  EndOfFileExpected: 'unexpected text after the end of the document',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'incomplete number',
  InvalidUnicode: 'invalid \\u escape in a string',
  InvalidEscapeCharacter: 'invalid escape sequence in a string',
  InvalidCharacter: 'control characters in a string must be escaped',
};

export function readJson(text: string, fail: Fail, onDuplicate: OnDuplicate): JsonValue {
  const builder = new TreeBuilder(onDuplicate);
  // visit rather than parseTree: building our tree straight from events is about twice as fast on large documents.
  jsonc.visit(text, {
    onObjectBegin: () => builder.beginObject(),
    onObjectProperty: (key, offset) => builder.key(key, offset),
    onObjectEnd: () => builder.end(),
    onArrayBegin: () => builder.beginArray(),
    onArrayEnd: () => builder.end(),
    onLiteralValue: (value: string | number | boolean | null, offset, length) => {
      builder.value(typeof value === 'number' ? { kind: 'number', raw: text.slice(offset, offset + length) } : value);
    },
    onError: (code, offset, length) => describeJsonError(text, code, offset, length, fail),
  }, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const result = builder.result();
  return result === undefined ? fail('invalid JSON: expected a value', 0) : result;
}

function describeJsonError(text: string, errorCode: ParseErrorCode, offset: number, length: number, fail: Fail): never {
  const code = jsonc.printParseErrorCode(errorCode);
  const beforeError = text.slice(0, offset).trimEnd();
  const atCloser = text[offset] === '}' || text[offset] === ']';
  if ((code === 'PropertyNameExpected' || code === 'ValueExpected') && atCloser && beforeError.endsWith(',')) {
    return fail('invalid JSON: trailing comma is not allowed', beforeError.length - 1);
  }
  if (code === 'InvalidSymbol') {
    const symbol = JSON.stringify(text.slice(offset, offset + Math.min(length, 20)));
    return fail(`invalid JSON: unexpected ${length === 1 ? 'character ' : ''}${symbol}`, offset);
  }
  if (code === 'CommaExpected') {
    const closer = deepestNesting(text, offset).innermost === '{' ? 'brace' : 'bracket';
    return fail(`invalid JSON: expected a comma or closing ${closer}`, offset);
  }
  return fail(`invalid JSON: ${JSON_ERROR_WORDS[code] ?? code}`, offset);
}

/** Bracket nesting up to `end`, skipping strings; only used to explain errors. */
export function deepestNesting(text: string, end = text.length): { depth: number; offset: number; innermost: string | undefined } {
  const open: string[] = [];
  let depth = 0;
  let offset = 0;
  for (let index = 0; index < end; index++) {
    const char = text[index];
    if (char === '"') {
      for (index++; index < end && text[index] !== '"'; index++) if (text[index] === '\\') index++;
    } else if (char === '{' || char === '[') {
      open.push(char);
      if (open.length > depth) [depth, offset] = [open.length, index];
    } else if (char === '}' || char === ']') {
      open.pop();
    }
  }
  return { depth, offset, innermost: open.at(-1) };
}
