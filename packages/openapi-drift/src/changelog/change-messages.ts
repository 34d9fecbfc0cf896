/**
 * Where a schema finding sits (the `location` field) and the one-line sentence for it.
 * A scope knows what the compared schema belongs to: a request body, a response, a
 * parameter or a component schema.
 */
import type { Direction } from './change-rules.ts';
import type { SchemaFinding } from './schema-diff.ts';

export interface FindingScope {
  location(path: string): string;
  /** Noun phrase naming what changed, e.g. "response property 'data.id'". */
  subject(path: string, direction: Direction): string;
  /** Appended to the message, e.g. ' (200 application/json)'. */
  suffix: string;
}

function join(prefix: string, path: string): string {
  if (path === '') return prefix;
  return path.startsWith('[') || path.startsWith('{') ? `${prefix}${path}` : `${prefix}.${path}`;
}

function side(direction: Direction): string {
  return direction === 'response' ? 'response' : 'request';
}

export function bodyScope(direction: 'request' | 'response', locationPrefix: string, suffix: string, separator: string): FindingScope {
  return {
    location: (path) => (separator === '.' ? join(locationPrefix, path) : path === '' ? locationPrefix : `${locationPrefix}${separator}${path}`),
    subject: (path) => (path === '' ? `${direction} body` : `${direction} property '${path}'`),
    suffix,
  };
}

export function parameterScope(location: string, name: string): FindingScope {
  const prefix = `${location}.${name}`;
  return {
    location: (path) => join(prefix, path),
    subject: (path) => `parameter '${join(prefix, path)}'`,
    suffix: '',
  };
}

export function componentScope(schemaName: string): FindingScope {
  return {
    location: (path) => join(schemaName, path),
    subject: (path, direction) => `${side(direction)} property '${join(schemaName, path)}'`,
    suffix: '',
  };
}

function changeText(keyword: string, from: string | undefined, to: string | undefined, quoted: boolean): string {
  const shown = (value: string | undefined): string => (quoted ? `'${value ?? ''}'` : (value ?? ''));
  if (from === undefined) return `${keyword} ${shown(to)} added`;
  if (to === undefined) return `${keyword} ${shown(from)} removed`;
  return `${keyword} changed from ${shown(from)} to ${shown(to)}`;
}

/**
 * What a format or constraint change does to working code: the TypeScript types stay the same,
 * so the compiler says nothing, and the failure comes at run time.
 */
function consequence(finding: SchemaFinding, direction: Direction): string {
  const { widening } = finding;
  if (direction !== 'response' && widening !== 'wider') {
    return `${widening === 'narrower' ? ', tightened' : ''}: calls that were accepted may now be rejected`;
  }
  if (direction === 'response' && widening !== 'narrower') {
    return `${widening === 'wider' ? ', loosened' : ''}: client-side validators (such as the zod plugin) may reject responses`;
  }
  return '';
}

export function findingMessage(finding: SchemaFinding, direction: Direction, scope: FindingScope): string {
  const subject = scope.subject(finding.path, direction);
  const fromTo = `from '${finding.from ?? '?'}' to '${finding.to ?? '?'}'`;
  const sentence = ((): string => {
    switch (finding.change) {
      case 'property-added':
        return `${subject} added${finding.required === true ? ' as required' : ''}`;
      case 'property-removed':
        return `${subject} removed`;
      case 'property-required':
        return `${subject} became required`;
      case 'property-optional':
        return `${subject} became optional`;
      case 'property-deprecated':
        return `${subject} deprecated`;
      case 'type-changed':
        return `${subject} type changed ${fromTo}`;
      case 'format-changed':
        return `${subject}: ${changeText('format', finding.from, finding.to, true)}${consequence(finding, direction)}`;
      case 'constraint-changed':
        return `${subject}: ${changeText(finding.subject ?? '?', finding.from, finding.to, false)}${consequence(finding, direction)}`;
      case 'enum-value-added':
        return `${subject}: enum value ${finding.subject ?? ''} added`;
      case 'enum-value-removed':
        return `${subject}: enum value ${finding.subject ?? ''} removed`;
      case 'variant-added':
        return `${subject}: variant '${finding.subject ?? ''}' added`;
      case 'variant-removed':
        return `${subject}: variant '${finding.subject ?? ''}' removed`;
    }
  })();
  return `${sentence}${scope.suffix}`;
}

/** Enum values, variants and constraint keywords share a location with their siblings, so they join the id. */
export function findingIdDetail(finding: SchemaFinding): string | undefined {
  const shared = finding.change.startsWith('enum-value') || finding.change.startsWith('variant') || finding.change === 'constraint-changed';
  return shared ? finding.subject : undefined;
}
