// From a hand edit to an overlay: the actions that turn `base` (the upstream with the overlays
// already applied) into `edited` (the hand-edited snapshot), byte for byte in canonical form. Key
// order counts, and a merge can only append keys: where the edit reordered or inserted keys, the
// keys from the first one out of place are removed and set again, in the edited order.
import * as YAML from 'yaml';
import { serializeCanonical, type JsonObject, type JsonValue } from '../snapshot/canonicalize.ts';
import { applyOverlays, cloneValue, normalizedPath, type Location } from './apply-overlay.ts';
import { parseOverlay } from './overlay-document.ts';

export interface EditAction {
  target: string;
  description: string;
  update?: JsonObject;
  remove?: true;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && value !== undefined && typeof value === 'object' && value.kind === 'object';
}

/** Structural equality of lossless values: key order and number text count. */
export function sameValue(a: JsonValue, b: JsonValue): boolean {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a.kind === 'number' || b.kind === 'number') return a.kind === b.kind && (a as { raw: string }).raw === (b as { raw: string }).raw;
  if (a.kind === 'array' || b.kind === 'array') {
    return a.kind === 'array' && b.kind === 'array' && a.items.length === b.items.length && a.items.every((item, index) => sameValue(item, b.items[index] as JsonValue));
  }
  return a.entries.length === b.entries.length && a.entries.every(([key, value], index) => b.entries[index]![0] === key && sameValue(value, b.entries[index]![1]));
}

/** The actions that turn `base` into `edited`; both must be objects (OpenAPI documents are). */
export function actionsFromEdit(base: JsonValue, edited: JsonValue): EditAction[] {
  if (!isObject(base) || !isObject(edited)) throw new Error('internal: both documents must be objects');
  const actions: EditAction[] = [];
  diffObject(base, edited, [], actions);
  return actions;
}

function diffObject(base: JsonObject, edited: JsonObject, location: Location, actions: EditAction[]): void {
  const baseValues = new Map(base.entries);
  const editedKeys = edited.entries.map(([key]) => key);
  const kept = new Set(editedKeys);
  const remove = (key: string, why: string) => actions.push({ target: normalizedPath([...location, key]), description: why, remove: true });
  for (const [key] of base.entries) if (!kept.has(key)) remove(key, `remove ${key}`);
  // Keys of the base that stay, in the base's order; the edited order agrees with it up to `inPlace`.
  const staying = base.entries.map(([key]) => key).filter((key) => kept.has(key));
  let inPlace = 0;
  while (inPlace < staying.length && staying[inPlace] === editedKeys[inPlace]) inPlace++;
  const rewritten = editedKeys.slice(inPlace);
  for (const key of rewritten) if (baseValues.has(key)) remove(key, `move ${key} to its edited place`);
  const update: JsonObject = { kind: 'object', entries: [] };
  const nested: Array<() => void> = [];
  for (const [key, value] of edited.entries.slice(0, inPlace)) {
    const before = baseValues.get(key) as JsonValue;
    if (sameValue(before, value)) continue;
    if (isObject(before) && isObject(value)) nested.push(() => diffObject(before, value, [...location, key], actions));
    else update.entries.push([key, cloneValue(value)]);
  }
  for (const [key, value] of edited.entries.slice(inPlace)) update.entries.push([key, cloneValue(value)]);
  if (update.entries.length) {
    actions.push({ target: normalizedPath(location), description: `set ${update.entries.map(([key]) => key).join(', ')}`, update });
  }
  for (const next of nested) next();
}

/** The overlay document of the actions, as a lossless tree. */
export function overlayDocument(title: string, actions: EditAction[]): JsonObject {
  return {
    kind: 'object',
    entries: [
      ['overlay', '1.0.0'],
      ['info', { kind: 'object', entries: [['title', title], ['version', '1.0.0']] }],
      [
        'actions',
        {
          kind: 'array',
          items: actions.map((action) => ({
            kind: 'object' as const,
            entries: [
              ['target', action.target],
              ['description', action.description],
              ...(action.remove ? ([['remove', true]] as Array<[string, JsonValue]>) : [['update', action.update as JsonValue] as [string, JsonValue]]),
            ],
          })),
        },
      ],
    ],
  };
}

/** YAML for a lossless value: key order kept; numbers as written where YAML reads them back the same. */
function toYamlNode(value: JsonValue): YAML.Node {
  if (value === null || typeof value !== 'object') return new YAML.Scalar(value);
  if (value.kind === 'number') return new YAML.Scalar(Number(value.raw));
  if (value.kind === 'array') {
    const seq = new YAML.YAMLSeq();
    for (const item of value.items) seq.items.push(toYamlNode(item));
    return seq;
  }
  const map = new YAML.YAMLMap();
  for (const [key, item] of value.entries) map.items.push(new YAML.Pair(new YAML.Scalar(key), toYamlNode(item)));
  return map;
}

/** A lossless value as YAML text, key order kept. */
export function toYamlText(value: JsonValue): string {
  const yaml = new YAML.Document();
  yaml.contents = toYamlNode(value) as never;
  return yaml.toString({ lineWidth: 0 });
}

/** The overlay's text: canonical JSON for a `.json` file, YAML otherwise. */
export function serializeOverlay(document: JsonObject, file: string): string {
  return /\.json$/i.test(file) ? serializeCanonical(document) : toYamlText(document);
}

/**
 * Whether the overlay text, applied to `base`, gives `edited` exactly. The caller writes nothing
 * when it does not (a number YAML would write differently, say).
 */
export function reproducesEdit(text: string, shownFile: string, base: JsonValue, edited: JsonValue): boolean {
  const applied = applyOverlays(base, [parseOverlay(text, shownFile)]);
  return applied.unmatched.length === 0 && serializeCanonical(applied.document) === serializeCanonical(edited);
}
