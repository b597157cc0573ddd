import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { ErrorCode } from './errors';
import { isDateProblem, parseCalendarDate, parseInstant } from './date-time';
import { textProblem } from './text-input';

/** A value a scalar cannot take: BAD_USER_INPUT, with the reason (the input check names the field it was given in). */
const refused = (scalar: string, reason: string) => new GraphQLError(`${scalar} ${reason}`, { extensions: { code: ErrorCode.badUserInput } });

/** A stored instant as the API shows it (values come from the database, where they are already instants). */
function shownInstant(value: unknown): string {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime cannot show "${String(value)}"`);
  return date.toISOString();
}

function instant(value: unknown): Date {
  const parsed = parseInstant(value);
  if (isDateProblem(parsed)) throw refused('DateTime', parsed.reason);
  return parsed;
}

/** An instant: RFC 3339 text with a real calendar date, a time zone, and a year from 1900 to 9999. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant, as an RFC 3339 string with a time zone (2026-11-21T08:30:00.000Z), in the years 1900 to 9999; shown in UTC.',
  serialize: shownInstant,
  parseValue: instant,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw refused('DateTime', 'must be written as a string');
    return instant(ast.value);
  },
});

function calendarDate(value: unknown): string {
  const parsed = parseCalendarDate(value);
  if (isDateProblem(parsed)) throw refused('Date', parsed.reason);
  return parsed;
}

/** A calendar date (GS1 AI 11/17 dates are days, not instants): a real day, in the years 1900 to 9999. */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD, in the years 1900 to 9999.',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10)),
  parseValue: calendarDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw refused('Date', 'must be written as a string');
    return calendarDate(ast.value);
  },
});

/** Why a JSON input cannot be kept (jsonb holds no NUL and no number beyond a double), or undefined. */
export function jsonProblem(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem && `${path ? `${path}: ` : ''}${problem}`;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path ? `${path}: ` : ''}${value} is not a finite number`;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const problem = jsonProblem(item, `${path}[${index}]`);
      if (problem) return problem;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const problem = jsonProblem(key, path) ?? jsonProblem(item, path ? `${path}.${key}` : key);
      if (problem) return problem;
    }
  }
  return undefined;
}

function json(value: unknown): unknown {
  const problem = jsonProblem(value);
  if (problem) throw refused('JSON', problem);
  return value;
}

function jsonLiteral(ast: ValueNode, variables: Record<string, unknown> | null | undefined): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((item) => jsonLiteral(item, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((field) => [field.name.value, jsonLiteral(field.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      throw refused('JSON', `cannot hold a ${ast.kind}`);
  }
}

/** Any JSON value, passed through as it is (documents such as an EPCIS export); as input, one jsonb can hold. */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: json,
  parseLiteral: (ast, variables) => json(jsonLiteral(ast, variables)),
});
