// Every number a user gives (a setting in openapi-drift.json, a command-line option, an
// environment variable) is checked here, once, against its allowed range, and a bad one is named
// with its field and range. Node's timers take whole milliseconds below 2^31: a fraction of a
// millisecond throws a RangeError, and a larger value fires after 1 ms.
import { ConfigError } from './errors.ts';

export interface NumberRule {
  /** How the value is described: "a number of seconds", "a whole number of bytes". */
  kind: string;
  min: number;
  max: number;
  integer: boolean;
}

/** A time limit: at least a millisecond, at most a day (far below what a timer can hold). */
export const SECONDS: NumberRule = { kind: 'a number of seconds', min: 0.001, max: 86_400, integer: false };
/** A size limit: a whole number of bytes, at most 4 GiB (what a Buffer can hold). */
export const BYTES: NumberRule = { kind: 'a whole number of bytes', min: 1, max: 2 ** 32, integer: true };

/** What is wrong with a number from a JSON file, or undefined. `name` is how the user knows the field. */
export function numberProblem(name: string, value: unknown, rule: NumberRule): string | undefined {
  const fits = typeof value === 'number' && Number.isFinite(value) && value >= rule.min && value <= rule.max && (!rule.integer || Number.isInteger(value));
  return fits ? undefined : `${name} must be ${rule.kind} from ${rule.min} to ${rule.max}, got ${typeof value === 'number' ? String(value) : JSON.stringify(value)}`;
}

/** A number given as text (an option, an environment variable); a ConfigError (exit 2) when it does not fit. */
export function parseUserNumber(name: string, text: string, rule: NumberRule, fix?: string): number {
  const value = /^\s*$/.test(text) ? Number.NaN : Number(text);
  const problem = numberProblem(name, value, rule);
  if (problem) throw new ConfigError(`${problem.slice(0, problem.lastIndexOf(', got '))}, got '${text}'`, fix ? { fix } : {});
  return value;
}

/** Seconds as the whole milliseconds a timer takes. */
export function millisecondsOf(seconds: number): number {
  return Math.max(1, Math.round(seconds * 1000));
}
