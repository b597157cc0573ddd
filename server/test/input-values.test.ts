import { buildSchema, graphql, parse, parseValue as parseValueLiteral, type GraphQLSchema } from 'graphql';
import {
  DateScalar,
  DateTimeScalar,
  JSONScalar,
  assertQuantity,
  guardArguments,
  normalIdentifier,
  operationInputProblem,
  parsePlainDecimal,
} from '../src';

/** The scalar's refusal: its message and code, or 'taken' when it takes the value. */
function refusal(parse: () => unknown): { message: string; code: unknown } | 'taken' {
  try {
    parse();
    return 'taken';
  } catch (error) {
    return { message: (error as Error).message, code: (error as { extensions?: { code?: unknown } }).extensions?.code };
  }
}

describe('date-times', () => {
  it('take RFC 3339 instants with a time zone, offsets and fractions included', () => {
    expect(DateTimeScalar.parseValue('2026-11-21T08:30:00Z')).toEqual(new Date('2026-11-21T08:30:00.000Z'));
    expect(DateTimeScalar.parseValue('2026-11-21T16:30:00.250+08:00')).toEqual(new Date('2026-11-21T08:30:00.250Z'));
    expect(DateTimeScalar.parseValue('2028-02-29T00:00:00.123456789Z')).toEqual(new Date('2028-02-29T00:00:00.123Z'));
    expect(DateTimeScalar.parseValue('1900-01-01T00:00:00Z')).toEqual(new Date('1900-01-01T00:00:00.000Z'));
  });

  it('refuse an impossible date instead of rolling it over, naming the month’s days', () => {
    expect(refusal(() => DateTimeScalar.parseValue('2026-02-30T00:00:00Z'))).toEqual({
      message: 'DateTime "2026-02-30T00:00:00Z" is not a real date: February 2026 has 28 days',
      code: 'BAD_USER_INPUT',
    });
    expect(refusal(() => DateTimeScalar.parseValue('2027-02-29T00:00:00Z'))).toMatchObject({ message: expect.stringContaining('February 2027 has 28 days') });
    expect(refusal(() => DateTimeScalar.parseValue('2026-04-31T00:00:00Z'))).toMatchObject({ message: expect.stringContaining('April 2026 has 30 days') });
    expect(refusal(() => DateTimeScalar.parseValue('2026-11-21T24:00:00Z'))).toMatchObject({ message: expect.stringContaining('is not a time of day') });
  });

  it('refuse years outside 1900 to 9999, JavaScript’s expanded years included', () => {
    expect(refusal(() => DateTimeScalar.parseValue('0001-01-01T00:00:00Z'))).toMatchObject({ message: 'DateTime "0001-01-01T00:00:00Z" is in the year 1; dates are taken from 1900 to 9999' });
    expect(refusal(() => DateTimeScalar.parseValue('+275760-09-13T00:00:00Z'))).toMatchObject({ message: expect.stringContaining('is in the year +275760') });
    expect(refusal(() => DateTimeScalar.parseValue('1900-01-01T00:00:00+01:00'))).toMatchObject({ message: expect.stringContaining('in the year 1899 in UTC') });
  });

  it('refuse what is not RFC 3339: no time zone, no seconds, a number, a bare date', () => {
    expect(refusal(() => DateTimeScalar.parseValue('2026-11-21T08:30:00'))).toMatchObject({ message: expect.stringContaining('has no time zone') });
    expect(refusal(() => DateTimeScalar.parseValue('2026-11-21T08:30Z'))).toMatchObject({ message: expect.stringContaining('is not an RFC 3339 date-time') });
    expect(refusal(() => DateTimeScalar.parseValue(1763700000000))).toMatchObject({ message: expect.stringContaining('not a number') });
    expect(refusal(() => DateTimeScalar.parseValue('2026-11-21'))).toMatchObject({ message: expect.stringContaining('is not an RFC 3339 date-time') });
  });

  it('show stored instants in UTC as before', () => {
    expect(DateTimeScalar.serialize(new Date('2026-11-21T08:30:00Z'))).toBe('2026-11-21T08:30:00.000Z');
  });
});

describe('calendar dates', () => {
  it('take real days from 1900 to 9999 and refuse the rest', () => {
    expect(DateScalar.parseValue('2028-02-29')).toBe('2028-02-29');
    expect(refusal(() => DateScalar.parseValue('2026-02-30'))).toEqual({ message: 'Date "2026-02-30" is not a real date: February 2026 has 28 days', code: 'BAD_USER_INPUT' });
    expect(refusal(() => DateScalar.parseValue('1899-12-31'))).toMatchObject({ message: expect.stringContaining('is in the year 1899') });
    expect(refusal(() => DateScalar.parseValue('2026-13-01'))).toMatchObject({ message: expect.stringContaining('has no month 13') });
  });
});

describe('decimal input', () => {
  it('reads plain decimals only, not hexadecimal, binary, octal, Infinity or nothing', () => {
    expect([' 241.5 ', '-0.25', '.5', '1.2E+3'].map(parsePlainDecimal)).toEqual([241.5, -0.25, 0.5, 1200]);
    expect(['0x10', '0b1', '0o7', 'Infinity', '', '1e400', '1_000', '12abc'].map(parsePlainDecimal)).toEqual(Array(8).fill(undefined));
  });

  it('refuses a quantity the numeric(18, 6) column would change, 1e-300 included, and takes binary rounding noise', () => {
    expect(refusal(() => assertQuantity('ReceiveLotInput', 'quantity', 1e-300))).toEqual({ message: 'ReceiveLotInput.quantity: has more than 6 decimal places: 1e-300', code: 'BAD_USER_INPUT' });
    expect(refusal(() => assertQuantity('ReceiveLotInput', 'quantity', 0.0000005))).toMatchObject({ message: expect.stringContaining('has more than 6 decimal places') });
    expect(refusal(() => assertQuantity('ReceiveLotInput', 'quantity', 0.1 + 0.2))).toBe('taken');
    expect(refusal(() => assertQuantity('ReceiveLotInput', 'quantity', 0.000001))).toBe('taken');
  });
});

describe('identifiers', () => {
  it('are refused with zero-width, direction, byte-order-mark or control characters, shown where they are', () => {
    for (const char of ['\u200B', '\u200E', '\u202E', '\uFEFF', '\u2066', '\u00A0', '\t', '\u3164']) {
      const result = normalIdentifier(`RPP-2611${char}-001`);
      expect(result).toEqual({ reason: expect.stringContaining(`<U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`) });
    }
    expect(normalIdentifier('RPP-\u200B1')).toEqual({
      reason: 'contains U+200B, an invisible format character ("RPP-<U+200B>1"); identifiers may not contain invisible, format or control characters',
    });
  });

  it('are normalised to NFC, so a decomposed accent names the same thing', () => {
    expect(normalIdentifier('LOT-E\u0301TE')).toEqual({ value: 'LOT-\u00C9TE' });
    expect(normalIdentifier('Melt flow rate')).toEqual({ value: 'Melt flow rate' });
  });
});

describe('JSON input', () => {
  it('refuses what jsonb cannot hold: a NUL or a number beyond a double', () => {
    expect(refusal(() => JSONScalar.parseValue({ note: 'a\u0000b' }))).toEqual({ message: 'JSON note: contains a NUL character', code: 'BAD_USER_INPUT' });
    expect(refusal(() => JSONScalar.parseLiteral(parseValueLiteral('{ centre: 1e309 }'), {}))).toMatchObject({ message: 'JSON centre: Infinity is not a finite number' });
    expect(JSONScalar.parseValue({ centre: 230, list: ['a'] })).toEqual({ centre: 230, list: ['a'] });
  });
});

describe('the argument guard of a subgraph', () => {
  const schema = guardArguments(
    buildSchema(`
      directive @identifier on ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION
      directive @checkedPerItem on INPUT_OBJECT
      input LineInput { lotNumber: String! @identifier, note: String, quantity: Float }
      input ReadingInput @checkedPerItem { value: String! }
      type Query {
        lot(lotNumber: String! @identifier): String
        lines(input: [LineInput!]!): [String!]!
        readings(readings: [ReadingInput!]!): [String!]!
      }
    `),
  );
  const rootValue = {
    lot: ({ lotNumber }: { lotNumber: string }) => lotNumber,
    lines: ({ input }: { input: Array<{ lotNumber: string; quantity?: number }> }) => input.map((line) => `${line.lotNumber} ${line.quantity ?? ''}`),
    readings: ({ readings }: { readings: Array<{ value: string }> }) => readings.map((r) => JSON.stringify(r.value)),
  };
  const run = (source: string, variableValues?: Record<string, unknown>) => graphql({ schema: schema as GraphQLSchema, source, rootValue, variableValues });

  it('hands resolvers identifiers in NFC, from literals and variables alike', async () => {
    expect((await run('{ lot(lotNumber: "LOT-E\u0301TE") }')).data).toEqual({ lot: 'LOT-\u00C9TE' });
    expect((await run('query ($l: [LineInput!]!) { lines(input: $l) }', { l: [{ lotNumber: 'A-E\u0301', quantity: 2 }] })).data).toEqual({ lines: ['A-\u00C9 2'] });
  });

  it('refuses an identifier with an invisible character and any text with a NUL, naming the field and the argument path', async () => {
    const hidden = await run('query ($l: [LineInput!]!) { lines(input: $l) }', { l: [{ lotNumber: 'A' }, { lotNumber: 'B\u202E' }] });
    expect(hidden.errors?.[0].message).toMatch(/^LineInput\.lotNumber: contains U\+202E, an invisible format character/);
    expect(hidden.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', entity: 'LineInput', field: 'lotNumber', argument: 'input[1].lotNumber' });
    const nul = await run('query ($l: [LineInput!]!) { lines(input: $l) }', { l: [{ lotNumber: 'A', note: 'x\u0000' }] });
    expect(nul.errors?.[0]).toMatchObject({ message: 'LineInput.note: contains a NUL character', extensions: { code: 'BAD_USER_INPUT' } });
    const top = await run('query ($n: String!) { lot(lotNumber: $n) }', { n: 'A\u0000' });
    expect(top.errors?.[0].message).toBe('Query.lot.lotNumber: contains a NUL character');
  });

  it('refuses a Float literal beyond a double, which GraphQL reads as Infinity', async () => {
    const response = await run('{ lines(input: [{ lotNumber: "A", quantity: 1e309 }]) }');
    expect(response.errors?.[0]).toMatchObject({ message: 'LineInput.quantity: Infinity is not a finite number', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('leaves an input checked per item to its service', async () => {
    expect((await run('query ($r: [ReadingInput!]!) { readings(readings: $r) }', { r: [{ value: 'a\u0000' }] })).data).toEqual({ readings: ['"a\\u0000"'] });
  });
});

describe('the gateway’s check of an operation’s input', () => {
  // As at the gateway: the supergraph's custom scalars take anything; the subgraphs' parse them.
  const schema = buildSchema(`
    scalar DateTime
    scalar Date
    input ReceiveLotInput { lotNumber: String!, quantity: Float!, receivedAt: DateTime, manufacturedOn: Date }
    type Query { lots(from: DateTime, days: [Date!]): Int }
    type Mutation { receiveLot(input: ReceiveLotInput!): Int }
  `);
  const check = (source: string, variables: Record<string, unknown> = {}) => {
    const document = parse(source);
    return operationInputProblem(schema, document, document.definitions[0] as never, variables, [DateTimeScalar, DateScalar]);
  };

  it('names the input field of a bad literal or variable, as the subgraph would parse it', () => {
    expect(check('mutation { receiveLot(input: { lotNumber: "A", quantity: 1, receivedAt: "2026-02-30T00:00:00Z" }) }')).toEqual({
      entity: 'ReceiveLotInput',
      field: 'receivedAt',
      reason: 'DateTime "2026-02-30T00:00:00Z" is not a real date: February 2026 has 28 days',
    });
    expect(check('mutation ($i: ReceiveLotInput!) { receiveLot(input: $i) }', { i: { lotNumber: 'A', quantity: 1, manufacturedOn: '0001-01-01' } })).toMatchObject({
      entity: 'ReceiveLotInput',
      field: 'manufacturedOn',
    });
    expect(check('query ($d: [Date!]) { lots(days: $d) }', { d: ['2026-01-01', '2026-02-30'] })).toMatchObject({ entity: 'Query.lots', field: 'days' });
    expect(check('query { lots(days: ["2026-01-01", "2026-02-30"]) }')).toMatchObject({ entity: 'Query.lots', field: 'days', reason: expect.stringContaining('February 2026') });
    expect(check('query ($f: DateTime = "2026-13-01T00:00:00Z") { lots(from: $f) }')).toMatchObject({ entity: 'variable', field: '$f' });
  });

  it('names a Float literal JavaScript cannot hold: beyond a double, or so small it would be read as 0', () => {
    expect(check('mutation { receiveLot(input: { lotNumber: "A", quantity: 1e309 }) }')).toEqual({
      entity: 'ReceiveLotInput',
      field: 'quantity',
      reason: '1e309 is beyond the range of a Float (a double, about ±1.8e308)',
    });
    expect(check('mutation { receiveLot(input: { lotNumber: "A", quantity: 1e-400 }) }')).toMatchObject({ reason: '1e-400 is too small for a Float (a double) and would be read as 0' });
  });

  it('takes good input, lists of dates and nulls included', () => {
    expect(check('query { lots(from: "2026-11-21T08:30:00+08:00", days: ["2028-02-29"]) }')).toBeUndefined();
    expect(check('mutation ($i: ReceiveLotInput!) { receiveLot(input: $i) }', { i: { lotNumber: 'A', quantity: 0.5, receivedAt: null } })).toBeUndefined();
  });
});
