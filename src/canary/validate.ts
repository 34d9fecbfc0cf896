// The body validator: ajv's JSON Schema 2020-12 validator over a prepared copy of the snapshot
// (schema-prepare.ts), with OpenAPI's `nullable` and `discriminator` and ajv-formats' formats.
// Schemas are compiled by their pointer into the document, so local `$ref`s resolve there.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { SnapshotError } from '../errors.ts';
import type { Dialect } from './operations.ts';
import { fragmentOf } from './pointer.ts';
import { prepareDocument, UNDOCUMENTED_KEYWORD, VISIT_KEYWORD, type PreparedDocument } from './schema-prepare.ts';

// ajv-formats is CommonJS: its function is the module itself, which TypeScript sees as `default`.
const addFormats = formatsModule as unknown as (typeof formatsModule)['default'];
const DOCUMENT_ID = 'openapi-drift:snapshot';

export interface BodyCheck {
  /** ajv's errors, in the order ajv found them; empty when the body is valid. */
  errors: ErrorObject[];
  /** Pointers of properties that the schema at their place does not mention. */
  undocumented: string[];
}

/** Records, during one validation, where objects were checked and which of their properties no schema mentioned. */
class UndocumentedRecorder {
  active = false;
  private visits = new Map<string, number>();
  private extras = new Map<string, number>();

  start(): void {
    this.active = true;
    this.visits.clear();
    this.extras.clear();
  }

  visit(pointer: string): void {
    if (this.active) this.visits.set(pointer, (this.visits.get(pointer) ?? 0) + 1);
  }

  extra(pointer: string): void {
    if (this.active) this.extras.set(pointer, (this.extras.get(pointer) ?? 0) + 1);
  }

  /**
   * A property counts as undocumented only if every schema that checked its object left it
   * unmentioned: the alternatives of a oneOf that did not match also look at the object.
   */
  finish(): string[] {
    this.active = false;
    return [...this.extras]
      .filter(([pointer, count]) => count >= (this.visits.get(parentOf(pointer)) ?? Infinity))
      .map(([pointer]) => pointer);
  }
}

export class BodyValidator {
  private readonly recorder = new UndocumentedRecorder();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly document: Record<string, unknown>;
  private readonly dialect: Dialect;
  private readonly roots: string[];
  private readonly shownSnapshot: string;
  private prepared: PreparedDocument;
  private ajv: Ajv2020;

  /**
   * Prepares and compiles the schemas at `roots` up front, so that a schema ajv cannot compile is
   * reported before any request. Throws SnapshotError naming the schema.
   */
  constructor(document: Record<string, unknown>, dialect: Dialect, roots: string[], shownSnapshot: string) {
    this.document = document;
    this.dialect = dialect;
    this.roots = roots;
    this.shownSnapshot = shownSnapshot;
    ({ prepared: this.prepared, ajv: this.ajv } = this.build(true));
    try {
      for (const root of roots) this.compile(root);
    } catch (error) {
      // ajv's discriminator needs a const or enum tag in every alternative; many specs give it by
      // `mapping` alone. Without the discriminator the same bodies are valid, with vaguer errors.
      if (!String((error as SnapshotError).message).includes('discriminator:')) throw error;
      this.compiled.clear();
      ({ prepared: this.prepared, ajv: this.ajv } = this.build(false));
      for (const root of roots) this.compile(root);
    }
  }

  /** Validates a parsed body against the schema at `schemaPointer` (one of the roots). */
  check(schemaPointer: string, body: unknown): BodyCheck {
    const validate = this.compile(schemaPointer);
    this.recorder.start();
    let undocumented: string[];
    try {
      validate(body);
    } finally {
      // Also on a throw, so that the recorder is never left recording.
      undocumented = this.recorder.finish();
    }
    const errors = [...(validate.errors ?? [])];
    // A schema that fails drops what its parts evaluated, so every property of an object that does
    // not conform would look unmentioned: extras are reported for conforming objects only.
    const conforming = (object: string) => !errors.some((error) => error.instancePath === object || error.instancePath.startsWith(`${object}/`));
    return { errors, undocumented: undocumented.filter((pointer) => conforming(parentOf(pointer))) };
  }

  /** Errors of a value against one schema object of the prepared document (an alternative of a oneOf). */
  errorsAgainst(schema: unknown, value: unknown): ErrorObject[] | undefined {
    const pointer = typeof schema === 'object' && schema !== null ? this.prepared.pointers.get(schema) : undefined;
    if (pointer === undefined) return undefined;
    const validate = this.compile(pointer);
    return validate(value) ? [] : [...(validate.errors ?? [])];
  }

  private build(keepDiscriminators: boolean): { prepared: PreparedDocument; ajv: Ajv2020 } {
    const prepared = prepareDocument(this.document, this.dialect, this.roots, keepDiscriminators);
    const ajv = new Ajv2020({
      allErrors: true,
      verbose: true,
      discriminator: keepDiscriminators,
      // Specs carry keywords of their own (example, xml, x-…) and formats of their own: ignored.
      strict: false,
      logger: false,
      // The whole OpenAPI document is added only so that references resolve; it is not a schema.
      validateSchema: false,
      // OpenAPI patterns are ECMA 262 regular expressions, often written without Unicode mode.
      unicodeRegExp: false,
    });
    addFormats(ajv);
    const recorder = this.recorder;
    ajv.addKeyword({ keyword: VISIT_KEYWORD, schemaType: 'boolean', errors: false, validate: (_flag: boolean, data: unknown, _schema: unknown, context?: { instancePath: string }) => {
      if (typeof data === 'object' && data !== null && !Array.isArray(data)) recorder.visit(context?.instancePath ?? '');
      return true;
    } });
    ajv.addKeyword({ keyword: UNDOCUMENTED_KEYWORD, schemaType: 'boolean', errors: false, validate: (_flag: boolean, _data: unknown, _schema: unknown, context?: { instancePath: string }) => {
      recorder.extra(context?.instancePath ?? '');
      return true;
    } });
    ajv.addSchema(prepared.document, DOCUMENT_ID);
    return { prepared, ajv };
  }

  private compile(pointer: string): ValidateFunction {
    const cached = this.compiled.get(pointer);
    if (cached) return cached;
    let validate: ValidateFunction;
    try {
      validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}${fragmentOf(pointer)}` });
    } catch (error) {
      throw new SnapshotError(`${this.shownSnapshot}: the schema at ${pointer} cannot be compiled for validation: ${(error as Error).message}`, {
        file: this.shownSnapshot,
        fix: 'correct the schema in the snapshot (or tell the API owner), or remove the operation from the canary section',
        cause: error,
      });
    }
    this.compiled.set(pointer, validate);
    return validate;
  }
}

/** `/0/owner/name` → `/0/owner`; tokens are escaped, so the last `/` starts the last token. */
function parentOf(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf('/'));
}
