/** Compares request bodies and responses of one operation: presence, media types, schemas. */
import { operationChange } from './change-builder.ts';
import { bodyScope, type FindingScope } from './change-messages.ts';
import { operationRule } from './change-rules.ts';
import { diffOperationSchema, type DiffContext } from './diff-context.ts';
import type { ContentMap, NormalizedRequestBody } from './document-model.ts';
import type { OperationRef } from './types.ts';

interface ContentPlace {
  direction: 'request' | 'response';
  /** Location of media-type changes, e.g. 'body' or 'response 200'. */
  location: string;
  /** Appended to media-type messages, e.g. ' (response 200)'. */
  suffix: string;
  scopeFor(mediaType: string, commonCount: number): FindingScope;
}

function diffContent(
  context: DiffContext,
  operation: OperationRef,
  place: ContentPlace,
  oldContent: ContentMap,
  newContent: ContentMap,
): void {
  const { direction, location } = place;
  for (const mediaType of oldContent.keys()) {
    if (newContent.has(mediaType)) continue;
    const rule = operationRule(direction === 'request' ? 'request-media-type-removed' : 'response-media-type-removed');
    const message = `${direction} media type '${mediaType}' removed${place.suffix}`;
    context.changes.push(operationChange(operation, { ...rule, message, location, detail: mediaType }));
  }
  for (const mediaType of newContent.keys()) {
    if (oldContent.has(mediaType)) continue;
    const rule = operationRule(direction === 'request' ? 'request-media-type-added' : 'response-media-type-added');
    const message = `${direction} media type '${mediaType}' added${place.suffix}`;
    context.changes.push(operationChange(operation, { ...rule, message, location, detail: mediaType }));
  }
  const common = [...oldContent.keys()].filter((mediaType) => newContent.has(mediaType));
  for (const mediaType of common) {
    const scope = place.scopeFor(mediaType, common.length);
    diffOperationSchema(context, operation, direction, scope, oldContent.get(mediaType), newContent.get(mediaType));
  }
}

const requestPlace: ContentPlace = {
  direction: 'request',
  location: 'body',
  suffix: '',
  // The media type only needs naming when several would otherwise share a location.
  scopeFor: (mediaType, commonCount) =>
    commonCount > 1 ? bodyScope('request', `body (${mediaType})`, ` (${mediaType})`, '.') : bodyScope('request', 'body', '', '.'),
};

export function diffRequestBody(
  context: DiffContext,
  operation: OperationRef,
  before: NormalizedRequestBody | undefined,
  after: NormalizedRequestBody | undefined,
): void {
  const location = 'body';
  if (before === undefined && after === undefined) return;
  if (before === undefined || after === undefined) {
    const rule =
      after === undefined
        ? operationRule('request-body-removed')
        : operationRule(after.required ? 'request-body-added/required' : 'request-body-added/optional');
    const message = after === undefined ? 'request body removed' : `${after.required ? 'required' : 'optional'} request body added`;
    context.changes.push(operationChange(operation, { ...rule, message, location }));
    return;
  }
  if (before.required !== after.required) {
    const rule = operationRule(after.required ? 'request-body-required' : 'request-body-optional');
    const message = `request body became ${after.required ? 'required' : 'optional'}`;
    context.changes.push(operationChange(operation, { ...rule, message, location }));
  }
  diffContent(context, operation, requestPlace, before.content, after.content);
}

function isSuccess(status: string): boolean {
  return status.startsWith('2');
}

export function diffResponses(
  context: DiffContext,
  operation: OperationRef,
  oldResponses: Map<string, ContentMap>,
  newResponses: Map<string, ContentMap>,
): void {
  for (const [status, oldContent] of oldResponses) {
    const location = `response ${status}`;
    const newContent = newResponses.get(status);
    if (newContent === undefined) {
      const rule = operationRule(isSuccess(status) ? 'response-status-removed/success' : 'response-status-removed/other');
      context.changes.push(operationChange(operation, { ...rule, message: `response status ${status} removed`, location }));
      continue;
    }
    diffContent(context, operation, {
      direction: 'response',
      location,
      suffix: ` (status ${status})`,
      scopeFor: (mediaType) => bodyScope('response', `response ${status} ${mediaType}`, ` (${status} ${mediaType})`, ': '),
    }, oldContent, newContent);
  }
  for (const status of newResponses.keys()) {
    if (oldResponses.has(status)) continue;
    const rule = operationRule('response-status-added');
    context.changes.push(operationChange(operation, { ...rule, message: `response status ${status} added`, location: `response ${status}` }));
  }
}
