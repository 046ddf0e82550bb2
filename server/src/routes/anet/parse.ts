import { requiredError, schemaError } from './messages.ts';

/**
 * Tolerant readers for Authorize.Net JSON requests. The official SDKs send
 * fields in any order, numbers and booleans where the schema says string, and
 * a single object where the schema allows a list; all of that is accepted.
 * What cannot be read is refused with E00003 naming the element (never echoing
 * its value, which may be a card number).
 */
export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A child object, or undefined when absent or null. */
export function child(obj: Json | undefined, key: string): Json | undefined {
  const value = obj?.[key];
  if (value === undefined || value === null) return undefined;
  if (isObject(value)) return value;
  // XML-to-JSON converters sometimes wrap a lone element in a one-item list.
  if (Array.isArray(value) && value.length === 1 && isObject(value[0])) return value[0];
  throw schemaError(key, 'An object was expected.');
}

/** A list that may arrive as a single object. */
export function list(obj: Json | undefined, key: string): Json[] {
  const value = obj?.[key];
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  if (!items.every(isObject)) throw schemaError(key, 'A list of objects was expected.');
  return items;
}

/** A string field (numbers and booleans accepted and turned into text); '' counts as absent. */
export function text(obj: Json | undefined, key: string, max?: number): string | undefined {
  const value = obj?.[key];
  if (value === undefined || value === null) return undefined;
  let s: string;
  if (typeof value === 'string') s = value.trim();
  else if (typeof value === 'number' && Number.isFinite(value)) s = String(value);
  else if (typeof value === 'boolean') s = String(value);
  else throw schemaError(key, 'A text value was expected.');
  if (max !== undefined && s.length > max) throw schemaError(key, `The actual length is greater than the MaxLength value (${max}).`);
  return s === '' ? undefined : s;
}

export function requiredText(obj: Json | undefined, key: string, label: string, max?: number): string {
  const value = text(obj, key, max);
  if (value === undefined) throw requiredError(label);
  return value;
}

/** Authorize.Net ids are numericString: digits only. */
export function numericId(obj: Json | undefined, key: string): string | undefined {
  const value = text(obj, key);
  if (value === undefined) return undefined;
  if (!/^\d{1,20}$/.test(value)) throw schemaError(key, "The value is invalid according to its datatype 'numericString' - The Pattern constraint failed.");
  return value;
}

export function requiredId(obj: Json | undefined, key: string, label: string): string {
  const value = numericId(obj, key);
  if (value === undefined) throw requiredError(label);
  return value;
}

/** xs:boolean: true/false/1/0, as JSON booleans, numbers or text. */
export function bool(obj: Json | undefined, key: string): boolean | undefined {
  const value = obj?.[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (value === true || value === 'true' || value === 1 || value === '1') return true;
  if (value === false || value === 'false' || value === 0 || value === '0') return false;
  throw schemaError(key, "The value is invalid according to its datatype 'Boolean'.");
}

/** An integer field (xs:int), from a number or digits in text. */
export function int(obj: Json | undefined, key: string, min: number, max: number): number | undefined {
  const value = text(obj, key);
  if (value === undefined) return undefined;
  const n = /^-?\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw schemaError(key, `An integer from ${min} to ${max} was expected.`);
  return n;
}

/** One of a fixed set of values (an xs:enumeration). */
export function oneOf<T extends string>(obj: Json | undefined, key: string, values: readonly T[]): T | undefined {
  const value = text(obj, key);
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value)) throw schemaError(key, `The value is not one of ${values.join(', ')} - The Enumeration constraint failed.`);
  return value as T;
}
