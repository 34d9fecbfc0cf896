// Applying overlays with Overlay 1.0's semantics: actions in order, each against the document as
// the actions before it left it. `update` merges into every selected object (recursively: objects
// merge, any other value replaces, new keys are appended) and is appended to a selected array;
// `remove: true` deletes every selected node from its parent. The JSONPath query runs on a plain
// copy of the document (json-p3 works on plain values); its node locations then address the
// lossless tree, which keeps key order and number text.
import { ConfigError } from '../core/errors.ts';
import { toPlainJson, type JsonArray, type JsonObject, type JsonValue } from '../snapshot/canonicalize.ts';
import { describeAction, type Overlay, type OverlayAction } from './overlay-document.ts';

export type Location = Array<string | number>;

/** An action whose target selected nothing: the upstream fixed it, or renamed what it names. */
export interface UnmatchedAction {
  file: string;
  number: number;
  target: string;
  description?: string;
  /** "overlays/x.overlay.yaml action 2 (target ...)". */
  shown: string;
}

export interface AppliedOverlays {
  document: JsonValue;
  unmatched: UnmatchedAction[];
  /** Per overlay file and action: the normalized paths it selected. */
  matches: Array<{ overlay: Overlay; action: OverlayAction; paths: string[] }>;
}

export interface ApplyOptions {
  /** An action that selects nothing is an error rather than a warning. */
  strict?: boolean;
}

/** A deep copy of a lossless value. */
export function cloneValue(value: JsonValue): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (value.kind === 'number') return { kind: 'number', raw: value.raw };
  if (value.kind === 'array') return { kind: 'array', items: value.items.map(cloneValue) };
  return { kind: 'object', entries: value.entries.map(([key, item]) => [key, cloneValue(item)]) };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && value !== undefined && typeof value === 'object' && value.kind === 'object';
}

function isArray(value: JsonValue | undefined): value is JsonArray {
  return value !== null && value !== undefined && typeof value === 'object' && value.kind === 'array';
}

function describeKind(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return `a ${typeof value}`;
  return value.kind === 'number' ? 'a number' : `an ${value.kind}`;
}

/** RFC 9535 section 2.7: the normalized path of a location, e.g. $['paths']['/pets'][0]. */
export function normalizedPath(location: Location): string {
  return `$${location.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `['${escapeName(segment)}']`)).join('')}`;
}

function escapeName(name: string): string {
  let out = '';
  for (const character of name) {
    const code = character.codePointAt(0)!;
    if (character === '\\') out += '\\\\';
    else if (character === "'") out += "\\'";
    else if (code === 0x08) out += '\\b';
    else if (code === 0x0c) out += '\\f';
    else if (code === 0x0a) out += '\\n';
    else if (code === 0x0d) out += '\\r';
    else if (code === 0x09) out += '\\t';
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += character;
  }
  return out;
}

/** The value at a location of the lossless tree, with its parent and the key or index there. */
function resolveLocation(root: JsonValue, location: Location): { value: JsonValue; parent?: JsonObject | JsonArray; segment?: string | number } {
  let value = root;
  let parent: JsonObject | JsonArray | undefined;
  let segment: string | number | undefined;
  for (const step of location) {
    if (isArray(value)) {
      parent = value;
      segment = Number(step);
      value = value.items[segment] as JsonValue;
    } else if (isObject(value)) {
      parent = value;
      segment = String(step);
      const key = segment;
      value = (value.entries.find(([name]) => name === key) as [string, JsonValue])[1];
    } else {
      throw new Error(`internal: location ${normalizedPath(location)} does not exist in the document`);
    }
  }
  return { value, ...(parent ? { parent, segment } : {}) };
}

/** The value at a location, or undefined where the document has none. */
export function valueAt(root: JsonValue, location: Location): JsonValue | undefined {
  let value: JsonValue | undefined = root;
  for (const step of location) {
    if (isArray(value)) value = value.items[Number(step)];
    else if (isObject(value)) value = value.entries.find(([name]) => name === String(step))?.[1];
    else return undefined;
  }
  return value;
}

/** Merges `update` into the object `target` in place: objects merge, other values replace, new keys go last. */
export function mergeInto(target: JsonObject, update: JsonObject): void {
  for (const [key, value] of update.entries) {
    const index = target.entries.findIndex(([name]) => name === key);
    if (index === -1) {
      target.entries.push([key, cloneValue(value)]);
      continue;
    }
    const existing = target.entries[index]![1];
    if (isObject(existing) && isObject(value)) mergeInto(existing, value);
    else target.entries[index] = [key, cloneValue(value)];
  }
}

/** The normalized paths an action's target selects in `document`. */
export function selectPaths(action: OverlayAction, document: JsonValue): Location[] {
  // A query may select a node twice (`$[0,0]`); an action changes each node once.
  const seen = new Set<string>();
  return action.query
    .query(toPlainJson(document) as never)
    .nodes.map((node) => node.location)
    .filter((location) => {
      const key = normalizedPath(location);
      return !seen.has(key) && Boolean(seen.add(key));
    });
}

/**
 * Applies the overlays in order to a copy of `document`. Bad actions (a merge into something that
 * is not an object or array, an update that is not an object for an object, removing the root)
 * are ConfigErrors naming the file and the action.
 */
export function applyOverlays(document: JsonValue, overlays: Overlay[], options: ApplyOptions = {}): AppliedOverlays {
  let result = cloneValue(document);
  const unmatched: UnmatchedAction[] = [];
  const matches: AppliedOverlays['matches'] = [];
  for (const overlay of overlays) {
    for (const action of overlay.actions) {
      const locations = selectPaths(action, result);
      matches.push({ overlay, action, paths: locations.map(normalizedPath) });
      if (locations.length === 0) {
        const shown = describeAction(overlay, action);
        if (options.strict) {
          throw new ConfigError(`${shown} selects nothing in the upstream document (--strict)`, {
            file: overlay.file,
            fix: 'the upstream may have fixed or renamed what the action patches: update or remove the action',
          });
        }
        unmatched.push({ file: overlay.file, number: action.number, target: action.target, ...(action.description ? { description: action.description } : {}), shown });
        continue;
      }
      result = action.remove ? removeAll(result, locations, overlay, action) : updateAll(result, locations, overlay, action);
    }
  }
  return { document: result, unmatched, matches };
}

function updateAll(document: JsonValue, locations: Location[], overlay: Overlay, action: OverlayAction): JsonValue {
  const update = action.update as JsonValue;
  for (const location of locations) {
    const { value } = resolveLocation(document, location);
    if (isArray(value)) {
      value.items.push(cloneValue(update));
    } else if (isObject(value)) {
      if (!isObject(update)) {
        throw new ConfigError(`${describeAction(overlay, action)}: selects the object at ${normalizedPath(location)}, and its "update" is ${describeKind(update)}, not an object to merge into it`, {
          file: overlay.file,
          fix: 'give the update as a mapping of the keys to set, or target the parent object and set the key there',
        });
      }
      mergeInto(value, update);
    } else {
      throw new ConfigError(`${describeAction(overlay, action)}: selects ${describeKind(value)} at ${normalizedPath(location)}, which an update cannot merge into (it merges into objects and appends to arrays)`, {
        file: overlay.file,
        fix: `target the object that holds it and update the key there, e.g. target ${normalizedPath(location.slice(0, -1))} with update {${JSON.stringify(String(location.at(-1)))}: ...}`,
      });
    }
  }
  return document;
}

function removeAll(document: JsonValue, locations: Location[], overlay: Overlay, action: OverlayAction): JsonValue {
  const removals: Array<{ parent: JsonObject | JsonArray; segment: string | number }> = [];
  for (const location of locations) {
    const { parent, segment } = resolveLocation(document, location);
    if (!parent || segment === undefined) {
      throw new ConfigError(`${describeAction(overlay, action)}: selects the whole document, which cannot be removed`, { file: overlay.file, fix: 'target the parts to remove' });
    }
    removals.push({ parent, segment });
  }
  // Array items from the highest index down, so that earlier removals do not shift later ones.
  removals.sort((a, b) => (typeof b.segment === 'number' ? b.segment : 0) - (typeof a.segment === 'number' ? a.segment : 0));
  for (const { parent, segment } of removals) {
    if (parent.kind === 'array') parent.items.splice(segment as number, 1);
    else parent.entries = parent.entries.filter(([name]) => name !== segment);
  }
  return document;
}
