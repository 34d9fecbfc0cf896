// The body validator: ajv's JSON Schema 2020-12 validator over a prepared copy of the snapshot
// (schema-prepare.ts), with OpenAPI's `nullable` and `discriminator` and ajv-formats' formats.
// Schemas are compiled by their pointer into the document, so local `$ref`s resolve there.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import type { RegExpEngine } from 'ajv/dist/types/index.js';
import { RE2JS } from 're2js';
import { SnapshotError } from '../core/errors.ts';
import type { Dialect } from '../openapi/operations.ts';
import { fragmentOf } from '../openapi/pointer.ts';
import { prepareDocument, UNDOCUMENTED_KEYWORD, VISIT_KEYWORD, type PreparedDocument } from '../openapi/schema-prepare.ts';

// ajv-formats is CommonJS: its function is the module itself, which TypeScript sees as `default`.
const addFormats = formatsModule as unknown as (typeof formatsModule)['default'];
const DOCUMENT_ID = 'openapi-drift:snapshot';

export interface BodyCheck {
  /** ajv's errors, in the order ajv found them; empty when the body is valid. */
  errors: ErrorObject[];
  /** Patterns that were met in this body and could not be checked (see linearPatterns). */
  uncheckedPatterns: string[];
  /** Pointers of properties that the schema at their place does not mention. */
  undocumented: string[];
}

/** Records, during one validation, where objects were checked and which of their properties no schema mentioned. */
class UndocumentedRecorder {
  private visits = new Map<string, number>();
  private extras = new Map<string, number>();

  /** Forgets what other validations recorded (the one that finds mismatches, one alternative on its own). */
  start(): void {
    this.visits.clear();
    this.extras.clear();
  }

  visit(pointer: string): void {
    this.visits.set(pointer, (this.visits.get(pointer) ?? 0) + 1);
  }

  extra(pointer: string): void {
    this.extras.set(pointer, (this.extras.get(pointer) ?? 0) + 1);
  }

  /**
   * A property counts as undocumented only if every schema that checked its object left it
   * unmentioned: the alternatives of a oneOf that did not match also look at the object.
   */
  finish(): string[] {
    return [...this.extras]
      .filter(([pointer, count]) => count >= (this.visits.get(parentOf(pointer)) ?? Infinity))
      .map(([pointer]) => pointer);
  }
}

/**
 * The `pattern` engine: RE2 (re2js), which matches in time linear in the value, so that a spec's
 * `^(a+)+$` cannot stall the canary on a long answer. A pattern RE2 cannot run (lookaround,
 * backreferences) is not run at all: it passes, and is recorded so that the report says so.
 */
function linearPatterns(unchecked: Set<string>): RegExpEngine {
  // ajv passes no flags here (`unicodeRegExp` is off), and shares one compiled pattern between
  // schemas whose patterns have the same `toString()`: each must name its own pattern, or every
  // pattern of the document would be tested as the first one compiled.
  const engine = (pattern: string) => {
    // Stryker disable next-line ArrowFunction: equivalent, without a key ajv keys a pattern by its object, also one per pattern
    const toString = () => JSON.stringify(pattern);
    try {
      const compiled = RE2JS.compile(RE2JS.translateRegExp(pattern));
      return { test: (value: string) => compiled.test(value), toString };
    } catch {
      return {
        test: () => {
          unchecked.add(pattern);
          return true;
        },
        toString,
      };
    }
  };
  // Stryker disable next-line ObjectLiteral,StringLiteral: equivalent, ajv reads `code` only to write standalone code, which is never written here
  return Object.assign(engine, { code: 'openapi-drift:re2js' });
}

/** One ajv instance over one prepared copy of the document, compiling schemas by their pointer. */
class CompiledDocument {
  readonly prepared: PreparedDocument;
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly shownSnapshot: string;

  constructor(prepared: PreparedDocument, recorder: UndocumentedRecorder, shownSnapshot: string, uncheckedPatterns: Set<string>) {
    this.prepared = prepared;
    this.shownSnapshot = shownSnapshot;
    this.ajv = new Ajv2020({
      allErrors: true,
      verbose: true,
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a copy with no discriminator kept has no discriminator keyword left for the option to act on
      discriminator: prepared.discriminators > 0,
      // Specs carry keywords of their own (example, xml, x-…) and formats of their own: ignored.
      strict: false,
      logger: false,
      // The whole OpenAPI document is added only so that references resolve; it is not a schema.
      // Stryker disable next-line BooleanLiteral: equivalent, the meta-schema does not descend into the document's own keys (paths, components), so the document passes it either way
      validateSchema: false,
      // OpenAPI patterns are ECMA 262 regular expressions, often written without Unicode mode.
      // Stryker disable next-line BooleanLiteral: equivalent, the flag only reaches linearPatterns, which takes no flags
      unicodeRegExp: false,
      code: { regExp: linearPatterns(uncheckedPatterns) },
    });
    addFormats(this.ajv);
    type Context = { instancePath: string } | undefined;
    // Stryker disable next-line OptionalChaining,StringLiteral: equivalent, ajv always gives a keyword its context
    const at = (context: Context): string => context?.instancePath ?? '';
    // A visit of a value that is not an object is counted too, harmlessly: only the places of
    // objects are looked up, as the parents of their properties.
    // Stryker disable next-line StringLiteral,BooleanLiteral: equivalent, the keyword always passes, so it has no errors whatever `errors` says, and its schema is always `true`
    this.ajv.addKeyword({ keyword: VISIT_KEYWORD, schemaType: 'boolean', errors: false, validate: (_flag: boolean, _data: unknown, _schema: unknown, context: Context) => {
      recorder.visit(at(context));
      return true;
    } });
    // Stryker disable next-line StringLiteral,BooleanLiteral: equivalent, as above
    this.ajv.addKeyword({ keyword: UNDOCUMENTED_KEYWORD, schemaType: 'boolean', errors: false, validate: (_flag: boolean, _data: unknown, _schema: unknown, context: Context) => {
      recorder.extra(at(context));
      return true;
    } });
    this.ajv.addSchema(prepared.document, DOCUMENT_ID);
  }

  compile(pointer: string): ValidateFunction {
    const cached = this.compiled.get(pointer);
    // Stryker disable next-line ConditionalExpression: equivalent, compiling the same schema again gives the same validator; the cache saves time only
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
    // Stryker disable next-line CallExpression: equivalent, the cache saves time only
    this.compiled.set(pointer, validate);
    return validate;
  }
}

export class BodyValidator {
  private readonly recorder = new UndocumentedRecorder();
  private readonly uncheckedPatterns = new Set<string>();
  /** Finds the mismatches. */
  private readonly errorsFrom: CompiledDocument;
  /**
   * Finds the properties the spec does not mention. ajv does not count the alternative a
   * discriminator selects as evaluated (ajv issue #1892), so with discriminators this is a second
   * copy without them, where oneOf counts the alternative that matched.
   */
  private readonly extrasFrom: CompiledDocument;

  /**
   * Prepares and compiles the schemas at `roots` (response schemas) up front, so that a schema ajv
   * cannot compile is reported before any request. Throws SnapshotError naming the schema.
   */
  constructor(document: Record<string, unknown>, dialect: Dialect, roots: string[], shownSnapshot: string) {
    const build = (keepDiscriminators: boolean) => {
      const compiled = new CompiledDocument(prepareDocument(document, dialect, roots, keepDiscriminators), this.recorder, shownSnapshot, this.uncheckedPatterns);
      for (const root of roots) compiled.compile(root);
      return compiled;
    };
    let errorsFrom: CompiledDocument;
    try {
      errorsFrom = build(true);
    } catch (error) {
      // ajv's discriminator needs a const or enum tag in every alternative; many specs give it by
      // `mapping` alone. Without the discriminator the same bodies are valid, with vaguer errors.
      // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, any other compile error is thrown again, the same, by the copy without discriminators
      if (!String((error as Error).message).includes('discriminator:')) throw error;
      errorsFrom = build(false);
    }
    this.errorsFrom = errorsFrom;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, without discriminators a second copy would be the same as the first; sharing it saves a validation
    this.extrasFrom = errorsFrom.prepared.discriminators > 0 ? build(false) : errorsFrom;
  }

  /** Validates a parsed body against the schema at `schemaPointer` (one of the roots). */
  check(schemaPointer: string, body: unknown): BodyCheck {
    const validate = this.errorsFrom.compile(schemaPointer);
    const annotate = this.extrasFrom.compile(schemaPointer);
    this.uncheckedPatterns.clear();
    const errors = annotate === validate || validate(body) ? [] : [...(validate.errors ?? [])];
    this.recorder.start();
    annotate(body);
    const undocumented = this.recorder.finish();
    if (annotate === validate) errors.push(...(validate.errors ?? []));
    const failures = annotate.errors ?? [];
    // A schema that fails drops what its parts evaluated, so every property of an object that does
    // not conform would look unmentioned: extras are reported for conforming objects only.
    const conforming = (object: string) => !failures.some((error) => error.instancePath === object || error.instancePath.startsWith(`${object}/`));
    return { errors, uncheckedPatterns: [...this.uncheckedPatterns].sort(), undocumented: undocumented.filter((pointer) => conforming(parentOf(pointer))) };
  }

  /** Errors of a value against one schema object of the prepared document (an alternative of a oneOf). */
  errorsAgainst(schema: unknown, value: unknown): ErrorObject[] | undefined {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, a WeakMap has no entry for a value that is not an object (get gives undefined, it does not throw)
    const pointer = typeof schema === 'object' && schema !== null ? this.errorsFrom.prepared.pointers.get(schema) : undefined;
    if (pointer === undefined) return undefined;
    const validate = this.errorsFrom.compile(pointer);
    return validate(value) ? [] : [...(validate.errors ?? [])];
  }
}

/** `/0/owner/name` → `/0/owner`; tokens are escaped, so the last `/` starts the last token. */
function parentOf(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf('/'));
}
