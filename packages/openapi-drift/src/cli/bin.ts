#!/usr/bin/env node
// The only place that exits the process.
import { showControlCharacters } from '../core/sanitize.ts';
import { runCli } from './cli.ts';

// The one place output reaches the terminal: text from a remote spec or server is printed with its
// control characters shown escaped.
process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(showControlCharacters(text)),
  stderr: (text) => process.stderr.write(showControlCharacters(text)),
});
