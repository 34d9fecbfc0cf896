// Entry of the process that runs the team's ESLint for the eslint adapter (eslint.ts). It is
// started in the client folder with the URL of the team's eslint module, receives the files with
// their committed paths, and answers each one's fixed text: `lintText` with `fix: true`, exactly
// what `eslint --stdin --stdin-filename <path> --fix-dry-run` calls, with the options the CLI gives
// `eslint <output> --fix` (the working directory, every fix type, the config ESLint finds for the path).
import { recordReads } from '../../core/read-recorder.ts';

interface LintResult {
  output?: string;
  errorCount: number;
  messages: Array<{ fatal?: boolean; severity: number; message: string; ruleId: string | null; line?: number; column?: number }>;
}
interface ESLintClass {
  new (options: { cwd: string; fix: boolean }): { lintText(text: string, options: { filePath: string; warnIgnored: boolean }): Promise<LintResult[]> };
  version: string;
}

const recording = recordReads();

process.once('message', (request: { eslint: string; files: Array<[string, string]> }) => {
  run(request).then(
    (reply) => process.send?.({ ok: true, ...reply }, () => process.exit(0)),
    (error: unknown) => process.send?.({ ok: false, message: error instanceof Error ? error.message : String(error) }, () => process.exit(1)),
  );
});

async function run(request: { eslint: string; files: Array<[string, string]> }) {
  const { ESLint } = (await import(request.eslint)) as { ESLint: ESLintClass };
  const eslint = new ESLint({ cwd: process.cwd(), fix: true });
  const files: Array<[string, string]> = [];
  for (const [filePath, text] of request.files) {
    const [result] = await eslint.lintText(text, { filePath, warnIgnored: false });
    const fatal = result?.messages.find((message) => message.fatal);
    if (fatal) throw new Error(`${filePath}:${fatal.line ?? 0}:${fatal.column ?? 0}: ${fatal.message}`);
    // Errors left after fixing make `eslint --fix` exit 1, and `npx openapi-ts` fail at this step.
    if (result && result.errorCount > 0) {
      const errors = result.messages.filter((message) => message.severity === 2).map((message) => `${filePath}:${message.line ?? 0}:${message.column ?? 0}: ${message.message} (${message.ruleId ?? 'eslint'})`);
      throw new Error(`errors remain after fixing, so \`eslint --fix\` exits 1 and \`npx openapi-ts\` fails at this step:\n${errors.slice(0, 20).join('\n')}`);
    }
    // No output: nothing to fix, or a file ESLint ignores or has no configuration for.
    files.push([filePath, result?.output ?? text]);
  }
  return { files, version: ESLint.version, reads: recording.records(), unstableReads: recording.unstable() };
}
