// Overlay 1.0 documents (https://spec.openapis.org/overlay/v1.0.0): a YAML or JSON list of actions,
// each a JSONPath target (RFC 9535) with an `update` to merge or `remove: true`. Parsed into the
// same lossless tree as snapshots, so that an update's keys and numbers land exactly as written.
// Anything that is not a valid Overlay 1.0 document is a ConfigError naming the file and the action.
import { JSONPathEnvironment, JSONPathError, type JSONPathQuery } from 'json-p3';
import { ConfigError } from '../core/errors.ts';
import { parseDocument, SnapshotParseError, type JsonValue } from '../snapshot/canonicalize.ts';

/** The JSONPath dialect of overlays: RFC 9535 with no extensions (json-p3's strict environment). */
export const JSONPATH = new JSONPathEnvironment({ strict: true });

export interface OverlayAction {
  /** 1-based, as a person counts the actions of the file. */
  number: number;
  target: string;
  query: JSONPathQuery;
  description?: string;
  /** Absent when the action removes. */
  update?: JsonValue;
  remove: boolean;
}

export interface Overlay {
  /** The overlay file as shown to the user (relative to the repository root). */
  file: string;
  title: string;
  actions: OverlayAction[];
}

/** How an action is named in messages: its file, number, target and description. */
export function describeAction(overlay: Pick<Overlay, 'file'>, action: Pick<OverlayAction, 'number' | 'target' | 'description'>): string {
  return `${overlay.file} action ${action.number} (target ${action.target}${action.description ? `: ${action.description}` : ''})`;
}

const OVERLAY_FIX = 'an Overlay 1.0 document has `overlay: 1.0.0`, `info: {title, version}` and a non-empty list `actions` of `{target, update}` or `{target, remove: true}` (https://spec.openapis.org/overlay/v1.0.0)';

function entriesOf(value: JsonValue | undefined): Map<string, JsonValue> | undefined {
  if (value === null || value === undefined || typeof value !== 'object' || value.kind !== 'object') return undefined;
  return new Map(value.entries);
}

function kindOf(value: JsonValue | undefined): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return value.kind;
}

/** Parses and validates an overlay's text; `file` is how the file is named in errors. */
export function parseOverlay(text: string, file: string): Overlay {
  let root: JsonValue;
  try {
    root = parseDocument(text, { file }).value;
  } catch (error) {
    if (error instanceof SnapshotParseError) throw new ConfigError(error.message, { file, fix: OVERLAY_FIX, cause: error });
    throw error;
  }
  const fail = (problem: string, fix = OVERLAY_FIX): never => {
    throw new ConfigError(`${file}: ${problem}`, { file, fix });
  };
  const top = entriesOf(root) ?? fail('not an Overlay document: it is not a mapping');
  const version = top.get('overlay');
  if (typeof version !== 'string' || !/^1\.0\.\d+$/.test(version)) {
    fail(`not an Overlay 1.0 document: "overlay" is ${typeof version === 'string' ? JSON.stringify(version) : kindOf(version)}, not a 1.0.x version`);
  }
  for (const key of top.keys()) {
    if (!['overlay', 'info', 'extends', 'actions'].includes(key) && !key.startsWith('x-')) fail(`"${key}" is not a field of an Overlay 1.0 document`);
  }
  const info = entriesOf(top.get('info')) ?? fail('"info" must be a mapping with "title" and "version"');
  const title = info.get('title');
  if (typeof title !== 'string' || typeof info.get('version') !== 'string') fail('"info" must have a string "title" and a string "version"');
  const extendsValue = top.get('extends');
  if (extendsValue !== undefined && typeof extendsValue !== 'string') fail('"extends" must be a URL');
  const list = top.get('actions');
  if (list === null || list === undefined || typeof list !== 'object' || list.kind !== 'array' || list.items.length === 0) {
    fail('"actions" must be a non-empty list');
  }
  const actions = (list as { items: JsonValue[] }).items.map((item, index) => parseAction(item, index + 1, file));
  return { file, title: title as string, actions };
}

function parseAction(item: JsonValue, number: number, file: string): OverlayAction {
  const named = (target: unknown, description?: unknown) =>
    `${file} action ${number}${typeof target === 'string' ? ` (target ${target}${typeof description === 'string' && description ? `: ${description}` : ''})` : ''}`;
  const fail = (where: string, problem: string, fix = OVERLAY_FIX): never => {
    throw new ConfigError(`${where}: ${problem}`, { file, fix });
  };
  const fields = entriesOf(item) ?? fail(named(undefined), 'an action must be a mapping');
  const target = fields.get('target');
  const description = fields.get('description');
  if (typeof target !== 'string') return fail(named(undefined), `"target" must be a JSONPath string, not ${kindOf(target)}`);
  const where = named(target, description);
  for (const key of fields.keys()) {
    if (!['target', 'description', 'update', 'remove'].includes(key) && !key.startsWith('x-')) fail(where, `"${key}" is not a field of an Overlay 1.0 action`);
  }
  if (description !== undefined && typeof description !== 'string') fail(where, '"description" must be a string');
  const remove = fields.get('remove');
  if (remove !== undefined && typeof remove !== 'boolean') fail(where, `"remove" must be true or false, not ${kindOf(remove)}`);
  const update = fields.get('update');
  if (remove !== true && update === undefined) fail(where, 'the action does nothing: it needs an "update" or "remove: true"');
  let query: JSONPathQuery;
  try {
    query = JSONPATH.compile(target);
  } catch (error) {
    if (!(error instanceof JSONPathError)) throw error;
    return fail(where, `invalid JSONPath (RFC 9535): ${error.message}`, 'write the target as an RFC 9535 JSONPath, e.g. $.paths[\'/pets\'].get');
  }
  return {
    number,
    target,
    query,
    ...(typeof description === 'string' ? { description } : {}),
    ...(remove === true ? {} : { update: update as JsonValue }),
    remove: remove === true,
  };
}
