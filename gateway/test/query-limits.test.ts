import { buildSchema, parse } from 'graphql';
import { loadSupergraphSdl } from '@lotgraph/schema';
import { COSTLY_FIELDS } from '../src/limits/costly-fields';
import { checkQueryLimits, measureOperation } from '../src/limits/query-limits';

const schema = buildSchema(loadSupergraphSdl(), { assumeValidSDL: true });
const measure = (query: string) => measureOperation(schema, parse(query), undefined);

describe('measuring an operation before it runs', () => {
  it('weighs only fields the graph has, so a renamed costly field is not silently let through unweighed', () => {
    const missing = Object.keys(COSTLY_FIELDS).filter((coordinate) => {
      const [type, field] = coordinate.split('.');
      const found = schema.getType(type);
      return !found || !('getFields' in found) || !(field in found.getFields());
    });
    expect(missing).toEqual([]);
  });

  it('counts a fragment spread twice into one selection once, as GraphQL answers it once', () => {
    expect(measure('{ ...V ...V } fragment V on Query { verifyAuditTrail { ok } }').onceFields).toEqual({ 'Query.verifyAuditTrail': ['verifyAuditTrail'] });
    expect(measure('{ ...L ...L } fragment L on Query { a: lot(lotNumber: "x") { lotNumber } }')).toMatchObject({ aliases: 1, cost: 2 });
  });

  it('measures fragments that spread fragments twice over, level after level, without walking every copy', () => {
    // E<i> asks E<i-1> twice under two names: what it would answer doubles with every level.
    const fragments = Array.from({ length: 30 }, (_, i) =>
      i === 0 ? 'fragment E0 on Equipment { code }' : `fragment E${i} on Equipment { parent { ...E${i - 1} } other: parent { ...E${i - 1} } }`,
    );
    const measured = measure(`{ equipment(code: "IMM-01") { ...E29 } } ${fragments.join(' ')}`);
    expect(measured).toMatchObject({ depth: 31, aliases: 2 ** 29 - 1 });
    expect(() => checkQueryLimits(measured, { maxDepth: 12, maxCost: 20000, maxAliases: 30 })).toThrow(/aliased fields/);
  });
});
