// The markdown changelog becomes the body of the scheduled pull request: names from the spec are
// text there, never live markdown. A property name that is a link, an enum value that mentions a
// team, a URL, emphasis or HTML is shown as written and does nothing.
import { expect, test } from 'vitest';
import { diffOpenApi, formatChangelog } from '../../packages/openapi-drift/src/changelog/index.ts';

function document(properties: Record<string, unknown>): Record<string, unknown> {
  return {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: { '/pets': { get: { operationId: 'listPets', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties } } } } } } } },
  };
}

test('spec-supplied names in markdown are escaped: no link, mention, autolink, emphasis or HTML', () => {
  const before = document({ status: { type: 'string', enum: ['a'] } });
  const after = document({
    status: { type: 'string', enum: ['a', '@acme/security-team', 'https://evil.example/x'] },
    '[click me](https://evil.example)': { type: 'string' },
    '<img src=x onerror=alert(1)>': { type: 'string' },
    '**loud**_name_': { type: 'string' },
  });
  const markdown = formatChangelog(diffOpenApi(before, after), 'markdown');
  // A word that holds @ or :// is a code span, where nothing is a mention or a link.
  expect(markdown).toContain("response property '\\[click `me](https://evil.example)'` added");
  expect(markdown).toContain('enum value `"@acme/security-team"` added');
  expect(markdown).toContain('enum value `"https://evil.example/x"` added');
  expect(markdown).toContain("response property '\\<img src=x onerror=alert(1)\\>' added");
  expect(markdown).toContain("response property '\\*\\*loud\\*\\*\\_name\\_' added");
  // Outside code spans no @ or :// is left.
  const outsideCode = markdown.replace(/`[^`]*`/g, '');
  expect(outsideCode).not.toMatch(/@|:\/\/|(?<!\\)<img/);
});
