import { fieldHelp } from '@cim/shared';
import type { z } from 'zod';

/**
 * zod 4's error map for request validation: every issue zod raises without a message of the
 * schema's own becomes "<field> <what is wrong>: <what the field is>" (FIELD_HELP), e.g.
 * "origin is required: the https origin of the page that shows the checkout", never zod's raw
 * wording ("Invalid input: expected string, received undefined"). Values are never echoed:
 * a refused value may be a card number.
 */
export const requestErrorMap: z.core.$ZodErrorMap = (issue) => {
  const name = issue.path?.length ? issue.path.map(String).join('.') : 'The request';
  const help = fieldHelp(issue.path ?? []);
  const what = problem(issue);
  return `${name} ${what}${help && !what.includes(help) ? `: ${help}` : ''}`;
};

const A = (noun: string) => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);

const TYPE_NAMES: Record<string, string> = { object: 'JSON object', array: 'JSON array', int: 'whole number', nan: 'number', bigint: 'whole number' };
const typeName = (type: string) => TYPE_NAMES[type] ?? type;

function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  return A(typeof input === 'object' ? 'object' : typeof input);
}

const FORMATS: Record<string, string> = {
  email: 'must be an email address such as ada@example.com',
  url: 'must be a URL such as https://shop.example',
  datetime: 'must be an ISO 8601 time with an offset, such as 2026-06-01T12:00:00Z',
  date: 'must be a date such as 2026-06-01',
  time: 'must be a time such as 12:00',
  regex: 'is not in the expected form',
};

const quoted = (values: readonly unknown[]) => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');

function sizeProblem(kind: 'small' | 'big', origin: string, limit: number | bigint, inclusive: boolean | undefined): string {
  const n = Number(limit);
  const atLeast = kind === 'small' ? 'at least' : 'at most';
  if (origin === 'string') {
    if (kind === 'small' && n === 1) return 'must not be empty';
    return `must be ${atLeast} ${n} character${n === 1 ? '' : 's'} long`;
  }
  if (origin === 'array' || origin === 'set') return `must have ${atLeast} ${n} item${n === 1 ? '' : 's'}`;
  if (inclusive === false) return `must be ${kind === 'small' ? 'greater' : 'less'} than ${n}`;
  return `must be ${atLeast} ${n}`;
}

/** What is wrong, in words, from the issue's code and parameters. */
function problem(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      // A coerced field (query values, card expiry) reports what coercion made of the input.
      if (typeof issue.input === 'number' && Number.isNaN(issue.input)) return `must be ${A(typeName(issue.expected))}`;
      return `must be ${A(typeName(issue.expected))}, not ${received(issue.input)}`;
    case 'too_small':
      return sizeProblem('small', issue.origin, issue.minimum, issue.inclusive);
    case 'too_big':
      return sizeProblem('big', issue.origin, issue.maximum, issue.inclusive);
    case 'invalid_format':
      if (issue.format === 'starts_with' || issue.format === 'ends_with' || issue.format === 'includes') return `is not in the expected form`;
      return FORMATS[issue.format] ?? `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${quoted(issue.values)}` : `must be one of: ${quoted(issue.values)}`;
    case 'unrecognized_keys':
      return `has unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return issue.input === undefined ? 'is required' : unionProblem(issue.errors);
    case 'invalid_key':
      return 'has a key that is not allowed';
    case 'invalid_element':
      return 'has an entry that is not allowed';
    default:
      return 'is not valid';
  }
}

/** A union whose alternatives all failed on the value itself: "must be X or Y". */
function unionProblem(branches: readonly (readonly z.core.$ZodIssue[])[]): string {
  const own = branches.map((issues) => issues.find((i) => i.path.length === 0)).filter((i) => i !== undefined);
  const musts = own.map((i) => (i.code === 'invalid_format' ? FORMATS[i.format] : undefined));
  if (musts.length > 0 && musts.every((m) => m?.startsWith('must be '))) return `must be ${musts.map((m) => m!.slice('must be '.length)).join(', or ')}`;
  return 'is not in any of the accepted forms';
}
