/** Pieces of normalisation shared by the Swagger 2.0 and OpenAPI 3.x readers. */
import { HTTP_METHODS, operationKey, type NormalizedOperation, type SecurityRequirement } from './document-model.ts';
import { isRecord, type RefResolver } from './ref-resolver.ts';

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function parameterKey(location: string, name: string): string {
  // Header names are case-insensitive on the wire, so `X-Id` and `x-id` are one parameter.
  return `${location}:${location === 'header' ? name.toLowerCase() : name}`;
}

/**
 * Path-item parameters apply to every operation under it; an operation parameter with the
 * same location and name overrides them.
 */
export function mergeParameters(
  resolver: RefResolver,
  pathLevel: unknown,
  operationLevel: unknown,
): Record<string, unknown>[] {
  const merged = new Map<string, Record<string, unknown>>();
  for (const raw of [...asArray(pathLevel), ...asArray(operationLevel)]) {
    const parameter = resolver.resolveRecord(raw);
    if (parameter === undefined || typeof parameter.name !== 'string' || typeof parameter.in !== 'string') continue;
    merged.set(parameterKey(parameter.in, parameter.name), parameter);
  }
  return [...merged.values()];
}

export function normalizeSecurity(operationSecurity: unknown, documentSecurity: unknown): SecurityRequirement[] {
  const effective = Array.isArray(operationSecurity) ? operationSecurity : asArray(documentSecurity);
  return effective.filter(isRecord).map((requirement) => {
    const schemes = Object.keys(requirement).sort();
    return new Map(schemes.map((scheme) => [scheme, asArray(requirement[scheme]).map(String).sort()]));
  });
}

export function normalizeMediaType(mediaType: string): string {
  return mediaType.trim().toLowerCase();
}

/** Ranges are case-insensitive (`2xx` is `2XX`); `default` stays as written. */
export function normalizeStatus(status: string): string {
  return status.toLowerCase() === 'default' ? 'default' : status.toUpperCase();
}

/** The parts of an operation that differ between Swagger 2.0 and OpenAPI 3.x. */
export type OperationBody = Pick<NormalizedOperation, 'parameters' | 'requestBody' | 'responses'>;

/**
 * Every operation of the document, keyed by method and path, with what both versions read alike;
 * `read` reads the rest from the operation and its merged path-item parameters.
 */
export function collectOperations(
  document: Record<string, unknown>,
  resolver: RefResolver,
  read: (operation: Record<string, unknown>, parameters: Record<string, unknown>[]) => OperationBody,
): Map<string, NormalizedOperation> {
  const operations = new Map<string, NormalizedOperation>();
  for (const [path, rawItem] of Object.entries(resolver.resolveRecord(document.paths) ?? {})) {
    const item = resolver.resolveRecord(rawItem);
    if (item === undefined) continue;
    for (const method of HTTP_METHODS) {
      const operation = resolver.resolveRecord(item[method]);
      if (operation === undefined) continue;
      operations.set(operationKey(method, path), {
        method,
        path,
        operationId: typeof operation.operationId === 'string' ? operation.operationId : undefined,
        deprecated: operation.deprecated === true,
        ...read(operation, mergeParameters(resolver, item.parameters, operation.parameters)),
        security: normalizeSecurity(operation.security, document.security),
      });
    }
  }
  return operations;
}
