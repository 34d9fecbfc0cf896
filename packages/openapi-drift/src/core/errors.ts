// The user's mistakes and the tools' failures are `DriftError`s: each says which file, what went
// wrong, and what to do. Anything else that is thrown is a bug in openapi-drift.

export interface DriftErrorDetails {
  /** The file the problem is in, as the user would name it. */
  file?: string;
  /** What to do about it. */
  fix?: string;
  /** Output captured from the generator or formatter. */
  output?: string;
  /** What `output` is. Default: "Generator output". */
  outputLabel?: string;
  cause?: unknown;
}

export class DriftError extends Error {
  readonly file: string | undefined;
  readonly fix: string | undefined;
  readonly output: string | undefined;
  readonly outputLabel: string;

  constructor(message: string, details: DriftErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.file = details.file;
    this.fix = details.fix;
    this.output = details.output;
    this.outputLabel = details.outputLabel ?? 'Generator output';
  }

  /** The whole story for a person: cause, fix and captured output. */
  describe(): string {
    const parts = [this.message];
    if (this.fix) parts.push(`Fix: ${this.fix}`);
    if (this.output?.trim()) parts.push(`${this.outputLabel}:\n${indent(this.output.trim())}`);
    return parts.join('\n\n');
  }
}

/** The client folder or its `openapi-ts.config.ts` cannot be used. */
export class ConfigError extends DriftError {}

/** The OpenAPI snapshot cannot be read or is not a usable document. */
export class SnapshotError extends DriftError {}

/**
 * A document given to the API changelog cannot be compared: it is not an OpenAPI or Swagger
 * document, or it has a `$ref` the changelog cannot follow. `side` says which of the two it is.
 */
export class ChangelogInputError extends DriftError {
  readonly side: 'old' | 'new';
  /** The cause in words, without the side and file prefix. */
  readonly reason: string;

  constructor(side: 'old' | 'new', reason: string, details: DriftErrorDetails = {}) {
    super(`${side} document${details.file === undefined ? '' : ` ${details.file}`}: ${reason}`, details);
    this.side = side;
    this.reason = reason;
  }
}

/** hey-api failed, crashed or did not finish in time. */
export class GenerationError extends DriftError {}

/** prettier failed on a generated file. */
export class FormatError extends DriftError {}

/** A source could not be fetched (network, HTTP status, not a spec). */
export class SourceError extends DriftError {}

/** Another openapi-drift process is updating the same client. */
export class BusyError extends DriftError {}

/** The generated client does not compile with the compiler options the team's code is compiled with. */
export class TypeCheckError extends DriftError {}

/** A file could not be written (a full disk, a read-only file system, a folder in the way). */
export class WriteError extends DriftError {}

export function indent(text: string, prefix = '  '): string {
  return text
    .split('\n')
    .map((line) => (line ? prefix + line : line))
    .join('\n');
}

/** Rebuilds an error that crossed a process boundary as the class it was. */
export function reviveError(data: { name: string; message: string; file?: string; fix?: string; output?: string; stack?: string }): Error {
  const classes: Record<string, new (message: string, details?: DriftErrorDetails) => DriftError> = {
    ConfigError,
    SnapshotError,
    GenerationError,
    FormatError,
    SourceError,
    BusyError,
    WriteError,
    TypeCheckError,
    DriftError,
  };
  const ErrorClass = classes[data.name];
  if (ErrorClass) return new ErrorClass(data.message, { file: data.file, fix: data.fix, output: data.output });
  const error = new Error(data.message);
  error.name = data.name;
  if (data.stack) error.stack = data.stack;
  return error;
}
