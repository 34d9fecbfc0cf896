// The README is the front door and the guides in docs/ hold the rest: every guide the README links
// exists, the README stays at most 15 KB, and every `openapi-drift <command>` and option a guide or
// the README names is one the CLI has (read from each command's own --help); an option named on its
// own may also be one of Vitest's (read from `vitest --help`), whose runs the guides explain.
import fs from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { runCli, usage } from '../packages/openapi-drift/src/cli/cli.ts';
import { REPO, run } from './helpers/temp-project.ts';

const readme = await fs.readFile(path.join(REPO, 'README.md'), 'utf8');
const guides = (await fs.readdir(path.join(REPO, 'docs'))).filter((name) => name.endsWith('.md')).sort();
const texts = new Map<string, string>([['README.md', readme], ...(await Promise.all(guides.map(async (name) => [`docs/${name}`, await fs.readFile(path.join(REPO, 'docs', name), 'utf8')] as const)))]);

/** Each command and the options its --help lists. */
const commands = new Map<string, Set<string>>();
for (const [, name] of usage().matchAll(/^ {2}([a-z][\w-]*) /gm)) {
  let help = '';
  await runCli([name as string, '--help'], { cwd: REPO, stdout: (text) => (help += text), stderr: () => {} });
  commands.set(name as string, new Set([...help.split('Options:')[1]?.matchAll(/^ {2}--([\w-]+)/gm) ?? []].map((match) => match[1] as string)));
}

/** What the docs show as code: the lines of fenced blocks and the inline spans. */
function codeOf(text: string): string[] {
  const fenced = [...text.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].flatMap((match) => (match[1] ?? '').split('\n'));
  const prose = text.replace(/^```[^\n]*\n[\s\S]*?^```/gm, '');
  const inline = [...prose.matchAll(/`([^`\n]+)`/g)].map((match) => match[1] ?? '');
  return [...fenced, ...inline];
}

/** Every `openapi-drift <command> ...` in the docs' code, with the options that follow it on that line. */
function invocations(file: string, text: string): Array<{ where: string; command: string; options: string[] }> {
  const found: Array<{ where: string; command: string; options: string[] }> = [];
  for (const code of codeOf(text)) {
    for (const match of code.trim().matchAll(/(?:(?:npx|exec|yarn) openapi-drift|^openapi-drift) ([a-z][\w-]*)([^|;&]*)/g)) {
      const options = [...(match[2] ?? '').matchAll(/(?:^|\s)--([a-z][\w-]*)/g)].map((option) => option[1] as string);
      found.push({ where: `${file}: ${code.trim()}`, command: match[1] as string, options });
    }
  }
  return found;
}

test('the README is at most 15 KB', () => {
  expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(15 * 1024);
});

test('every guide the README links exists', async () => {
  const links = [...readme.matchAll(/\]\((docs\/[^)#\s]+)(?:#[^)]*)?\)/g)].map((match) => match[1] as string);
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) await expect(fs.access(path.join(REPO, link)), link).resolves.toBeUndefined();
});

test('every guide a guide links exists', async () => {
  for (const [file, text] of texts) {
    if (file === 'README.md') continue;
    for (const [, link] of text.matchAll(/\]\(([\w.-]+\.md)(?:#[^)]*)?\)/g)) {
      await expect(fs.access(path.join(REPO, 'docs', link as string)), `${file} links ${link}`).resolves.toBeUndefined();
    }
  }
});

test('the docs name commands of openapi-drift', () => {
  expect(commands.size).toBeGreaterThan(5);
  const named = [...texts].flatMap(([file, text]) => invocations(file, text));
  expect(named.length).toBeGreaterThan(10);
  for (const { where, command } of named) expect([...commands.keys()], where).toContain(command);
});

test('every option the docs give a command is one that command has', () => {
  for (const { where, command, options } of [...texts].flatMap(([file, text]) => invocations(file, text))) {
    const known = commands.get(command);
    for (const option of options) expect(known && [...known, 'help'], where).toContain(option);
  }
});

test('every option the docs name on its own is an option of openapi-drift or of Vitest, whose runs the docs explain', async () => {
  const vitestHelp = (await run(path.join(REPO, 'node_modules', '.bin', 'vitest'), ['--help'], { cwd: REPO })).stdout;
  const vitestOptions = [...vitestHelp.matchAll(/(?:^|\s)--([a-z][\w.-]*)/gm)].map((match) => match[1] as string);
  expect(vitestOptions).toContain('shard');
  const all = new Set(['help', 'version', ...[...commands.values()].flatMap((options) => [...options]), ...vitestOptions]);
  const bare = [...texts].flatMap(([file, text]) =>
    [...text.replace(/^```[^\n]*\n[\s\S]*?^```/gm, '').matchAll(/`--([a-z][\w-]*)[^`]*`/g)].map((match) => ({ where: `${file}: ${match[0]}`, option: match[1] as string })),
  );
  expect(bare.length).toBeGreaterThan(10);
  for (const { where, option } of bare) expect([...all], where).toContain(option);
});
