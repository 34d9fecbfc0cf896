// What `openapi-drift/runtime` takes and reports. The validators are the generated file
// (validators.gen.ts beside the client's tree, written by `-u`, `sync` and `add`); their shape is
// declared here structurally, so that the generated file needs no import at all.

/** The part of an ajv error the runtime reads; ajv's messages quote the schema, never the data. */
export interface ValidatorError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A standalone ajv validator of one response body (generated ahead of time from the snapshot). */
export interface BodyValidate {
  (data: unknown): boolean;
  errors?: ValidatorError[] | null;
}

/** The documented answers of one operation, as the snapshot gives them. */
export interface OperationValidators {
  operationId: string;
  /** Upper case. */
  method: string;
  /** The path template, as hey-api's request options carry it (`/pets/{petId}`). */
  path: string;
  /**
   * By documented status (`200`, `4XX`, `default`), then by media type: the body's validator, or
   * null where the snapshot gives no JSON schema for it (the body is not validated).
   */
  responses: Record<string, Record<string, BodyValidate | null>>;
}

export type DriftFindingKind =
  | 'undocumented-status'
  | 'undocumented-content-type'
  | 'unparsable-body'
  | 'missing-property'
  | 'wrong-type'
  | 'null-not-allowed'
  | 'not-in-enum'
  | 'constraint'
  /** The validator threw: it is switched off for this operation. */
  | 'validator-failed'
  /** One validation took longer than `slowValidationMs`: switched off for this operation. */
  | 'validator-slow';

export interface DriftFinding {
  kind: DriftFindingKind;
  operationId: string;
  method: string;
  /** The path template, not the called URL (which may carry identifiers). */
  path: string;
  /** The HTTP status received. */
  status: number;
  /** JSON pointer into the body (RFC 6901); empty for the whole body, the status or the content type. */
  pointer: string;
  /** What the snapshot says at that place. */
  expected: string;
  /** The JSON type received there (`string`, `object`, `missing`, ...), or the content type received. */
  receivedType: string;
  /** The value received there: only for operations listed in `revealValues`. */
  received?: unknown;
}

export interface WatchDriftOptions {
  /** The generated validators: all of them (`validators`) or the operations to watch (`{ listPets }`). */
  validators: Record<string, OperationValidators>;
  /** Where findings go (a logger, metrics, an error tracker). It may throw: that is ignored. */
  onFinding: (finding: DriftFinding) => void;
  /** The share of responses validated, 0 to 1. Default 0.05. */
  sample?: number;
  /** Only these operations (operationIds). Default: every operation of `validators`. */
  include?: string[];
  /** Never these operations (operationIds). */
  exclude?: string[];
  /** A larger body is not validated (nor read past this size). Default 262144 (256 KiB). */
  maxBodyBytes?: number;
  /**
   * Operations whose findings may carry the received value (`received`). Default none: responses
   * carry personal data, so findings name types only.
   */
  revealValues?: string[];
  /** A finding with the same operation, pointer and kind is reported once per interval. Default 600000 (10 minutes). */
  intervalMs?: number;
  /** At most this many findings per interval, over all operations. Default 20. */
  maxFindingsPerInterval?: number;
  /** A validation that takes longer switches the operation's validator off. Default 50. */
  slowValidationMs?: number;
  /** The sampling draw, 0 to 1. Default Math.random. */
  random?: () => number;
  /** The clock, in milliseconds. Default performance.now. */
  now?: () => number;
}

/** hey-api's fetch client passes the resolved request options; `url` is the path template. */
export interface InterceptedOptions {
  url?: string;
  method?: string;
}

/** A response interceptor for hey-api's fetch client (`client.interceptors.response.use(...)`). */
export interface DriftInterceptor {
  (response: Response, request: Request, options: InterceptedOptions): Response;
  /** Resolves when every validation started so far has finished (for tests and a server's shutdown). */
  settled(): Promise<void>;
}
