import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { SUPERGRAPH_PATH, composeSupergraph } from '../src/supergraph';

describe('the committed supergraph', () => {
  it('is what the subgraph SDL files compose to today (run `npm run compose` after changing a subgraph schema)', () => {
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(composeSupergraph());
  });

  it('offers the public contract of DESIGN.md', () => {
    const schema = buildSchema(composeSupergraph(), { assumeValidSDL: true });
    const query = schema.getQueryType()!.getFields();
    expect(Object.keys(query)).toEqual(expect.arrayContaining(['lot', 'lots', 'exception', 'capa']));
    expect(query.lot.args.map((a) => `${a.name}: ${a.type}`)).toEqual(['lotNumber: String!']);
    expect(query.lots.args.map((a) => `${a.name}: ${a.type}`)).toEqual(['filter: LotFilter', 'first: Int', 'after: String']);
    expect(String(query.lots.type)).toBe('LotConnection!');
    const lot = schema.getType('Lot') as import('graphql').GraphQLObjectType;
    expect(Object.keys(lot.getFields())).toEqual(
      expect.arrayContaining(['id', 'lotNumber', 'status', 'material', 'quantity', 'uom', 'exceptions']),
    );
    const status = schema.getType('LotStatus') as import('graphql').GraphQLEnumType;
    expect(status.getValues().map((v) => v.name)).toEqual(['QUARANTINE', 'RELEASED', 'ON_HOLD', 'REJECTED', 'RECALLED']);
    expect(query.trace.args.map((a) => `${a.name}: ${a.type}`)).toEqual(['lotNumber: String!', 'direction: TraceDirection!', 'maxDepth: Int']);
    expect(String(query.trace.type)).toBe('Trace!');
    const trace = schema.getType('Trace') as import('graphql').GraphQLObjectType;
    expect(Object.fromEntries(Object.entries(trace.getFields()).map(([name, f]) => [name, String(f.type)]))).toMatchObject({
      root: 'Lot!',
      lots: '[Lot!]!',
      links: '[GenealogyLink!]!',
    });
    const direction = schema.getType('TraceDirection') as import('graphql').GraphQLEnumType;
    expect(direction.getValues().map((v) => v.name)).toEqual(['UPSTREAM', 'DOWNSTREAM']);
    const exception = schema.getType('QualityException') as import('graphql').GraphQLObjectType;
    expect(Object.keys(exception.getFields())).toContain('capas');
  });
});
