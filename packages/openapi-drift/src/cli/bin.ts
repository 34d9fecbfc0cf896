#!/usr/bin/env node
// The only place that exits the process.
import { showControlCharacters } from '../core/sanitize.ts';
import { runCli } from './cli.ts';

// Output piped into a command that stops reading (`| head`) is not an error of openapi-drift.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// The one place output reaches the terminal: text from a remote spec or server is printed with its
// control characters shown escaped.
process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(showControlCharacters(text)),
  stderr: (text) => process.stderr.write(showControlCharacters(text)),
  color: process.env.FORCE_COLOR ? process.env.FORCE_COLOR !== '0' : !process.env.NO_COLOR && process.stdout.isTTY === true,
  stdoutStyled: (text) => process.stdout.write(text),
});
