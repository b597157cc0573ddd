import { parse, type GraphQLResolveInfo } from 'graphql';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  AuditTrail,
  AuthorizationDecisions,
  HEADERS,
  TEST_GATEWAY_SECRET,
  createAuditTable,
  createSubgraphDatabase,
  createSubgraphServer,
  createTestDatabase,
  declaredRoles,
  encodeUserHeader,
  readFieldPolicy,
  requireRole,
  selectedFields,
  type Identity,
  type RequestContext,
  type SubgraphDatabase,
  type SubgraphServer,
  type TestDatabase,
} from '../src';

class CreateAudit1764100000001 implements MigrationInterface {
  name = 'CreateAudit1764100000001';
  up(db: QueryRunner) {
    return createAuditTable(db, 'depot');
  }
  async down() {}
}

/** A small subgraph with the shapes the real ones have: guarded root fields, a guarded field on an entity. */
const SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  directive @allow(roles: [String!]!) on FIELD_DEFINITION
  type Bin @key(fields: "id") {
    id: ID!
    label: String!
    findings: [String!] @allow(roles: ["QA_MANAGER", "AUDITOR"])
  }
  type Query {
    bin(id: ID!): Bin @allow(roles: ["OPERATOR", "QA_MANAGER", "AUDITOR"])
    forgotten: String
  }
  type Mutation {
    relabel(id: ID!, label: String!): Bin! @allow(roles: ["OPERATOR"])
  }
`;

const OPERATOR: Identity = { id: 'operator', name: 'Li Na', roles: ['OPERATOR'] };
const AUDITOR: Identity = { id: 'auditor', name: 'Eva Schmidt', roles: ['AUDITOR'] };

describe('authorization by role, declared with @allow', () => {
  let testDb: TestDatabase;
  let database: SubgraphDatabase;
  let server: SubgraphServer;
  let audit: AuditTrail;
  const bins = new Map([['B1', 'Resin cage 1']]);

  const ask = async (user: Identity, query: string, variables: Record<string, unknown> = {}, requestId = 'req-test') => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [HEADERS.gatewaySecret]: TEST_GATEWAY_SECRET,
        [HEADERS.user]: encodeUserHeader(user),
        [HEADERS.requestId]: requestId,
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions: Record<string, unknown> }> };
  };

  const deniedEntries = async () =>
    (await database.dataSource.query(`SELECT actor_id, actor_roles, action, entity_type, entity_id, request_id FROM depot.audit_entry ORDER BY seq`)) as Array<
      Record<string, unknown>
    >;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    database = createSubgraphDatabase({ ...testDb, schema: 'depot', entities: [], migrations: [CreateAudit1764100000001] });
    await database.migrate();
    audit = new AuditTrail(database.dataSource, 'depot');
    const bin = (id: string) => (bins.has(id) ? { id, label: bins.get(id), findings: ['dent'] } : null);
    server = await createSubgraphServer(
      {
        name: 'depot',
        typeDefs: parse(SDL),
        resolvers: {
          Query: { bin: (_: unknown, args: { id: string }) => bin(args.id), forgotten: () => 'should never be read' },
          Mutation: {
            relabel: (_: unknown, args: { id: string; label: string }, ctx: RequestContext, info: GraphQLResolveInfo) => {
              requireRole(ctx, declaredRoles(info), 'relabel bins');
              bins.set(args.id, args.label);
              return bin(args.id);
            },
          },
          Bin: { __resolveReference: (ref: { id: string }) => bin(ref.id) },
        },
        createLoaders: () => ({}),
      },
      { database, gatewaySecret: TEST_GATEWAY_SECRET },
    );
    await server.listen(0);
  });

  afterAll(async () => {
    await server.stop();
    await database.close();
    await testDb.drop();
  });

  it('answers a caller whose role the policy names', async () => {
    const response = await ask(OPERATOR, '{ bin(id: "B1") { label } }');
    expect(response).toEqual({ data: { bin: { label: 'Resin cage 1' } } });
  });

  it('refuses the whole operation when one field is not open to the caller, names who, the field and the roles it needs, and audits it', async () => {
    const response = await ask(OPERATOR, '{ bin(id: "B1") { label findings } }', {}, 'req-findings');
    expect(response.data).toBeUndefined();
    expect(response.errors).toEqual([
      {
        message: 'operator (OPERATOR) may not read Bin.findings; that needs QA_MANAGER or AUDITOR',
        extensions: { code: 'FORBIDDEN', user: 'operator', roles: ['OPERATOR'], denied: [{ field: 'Bin.findings', needed: ['QA_MANAGER', 'AUDITOR'] }] },
      },
    ]);
    expect((await audit.entriesFor('Field', 'Bin.findings')).at(-1)).toMatchObject({
      action: 'DENIED',
      actorId: 'operator',
      actorRoles: ['OPERATOR'],
      requestId: 'req-findings',
      changes: {},
      reason: 'that needs QA_MANAGER or AUDITOR; operation (anonymous)',
    });
  });

  it('finds governed fields inside fragments and inside _entities, the way the gateway asks for them', async () => {
    const cases = [
      'query ViaSpread { bin(id: "B1") { ...F } } fragment F on Bin { findings }',
      'query ViaInline { bin(id: "B1") { ... on Bin { findings } } }',
      'query ViaEntities($r: [_Any!]!) { _entities(representations: $r) { ... on Bin { findings } } }',
    ];
    for (const query of cases) {
      const response = await ask(OPERATOR, query, { r: [{ __typename: 'Bin', id: 'B1' }] });
      expect(response.errors?.[0].extensions.denied).toEqual([{ field: 'Bin.findings', needed: ['QA_MANAGER', 'AUDITOR'] }]);
    }
    const allowed = await ask(AUDITOR, 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Bin { findings } } }', { r: [{ __typename: 'Bin', id: 'B1' }] });
    expect(allowed).toEqual({ data: { _entities: [{ findings: ['dent'] }] } });
  });

  it('refuses every caller a root field without a policy', async () => {
    const response = await ask({ ...OPERATOR, roles: ['OPERATOR', 'QA_MANAGER', 'ADMIN'] }, '{ forgotten }');
    expect(response.errors?.[0]).toMatchObject({
      message: 'operator (OPERATOR, QA_MANAGER, ADMIN) may not read Query.forgotten; it has no access policy, so no role may',
      extensions: { code: 'FORBIDDEN', denied: [{ field: 'Query.forgotten', needed: [] }] },
    });
  });

  it('never runs a refused mutation, and writes one entry per refused field however often it is asked', async () => {
    const before = (await deniedEntries()).length;
    const response = await ask(AUDITOR, 'mutation Relabel { a: relabel(id: "B1", label: "x") { id } b: relabel(id: "B1", label: "y") { id } }', {}, 'req-relabel');
    expect(response.errors?.[0].message).toBe('auditor (AUDITOR) may not call Mutation.relabel; that needs OPERATOR');
    expect(bins.get('B1')).toBe('Resin cage 1');
    expect((await deniedEntries()).slice(before)).toEqual([
      { actor_id: 'auditor', actor_roles: ['AUDITOR'], action: 'DENIED', entity_type: 'Field', entity_id: 'Mutation.relabel', request_id: 'req-relabel' },
    ]);
  });

  it('names every refused field when there are several', async () => {
    const response = await ask(OPERATOR, '{ bin(id: "B1") { findings } forgotten }');
    expect(response.errors?.[0].message).toBe(
      'operator (OPERATOR) may not use 2 fields of this operation: Bin.findings (that needs QA_MANAGER or AUDITOR); Query.forgotten (it has no access policy, so no role may)',
    );
  });

  it('keeps the chain of a subgraph that wrote denials intact', async () => {
    expect((await audit.verify()).ok).toBe(true);
  });
});

describe('the policy declaration', () => {
  it('reads the roles of every @allow, on type definitions and extensions alike', () => {
    const policy = readFieldPolicy(parse(`${SDL} extend type Bin { weight: Float @allow(roles: [QA_MANAGER]) }`));
    expect(Object.fromEntries(policy)).toEqual({
      'Bin.findings': ['QA_MANAGER', 'AUDITOR'],
      'Query.bin': ['OPERATOR', 'QA_MANAGER', 'AUDITOR'],
      'Mutation.relabel': ['OPERATOR'],
      'Bin.weight': ['QA_MANAGER'],
    });
  });

  it('refuses to start with a role that does not exist', () => {
    expect(() => readFieldPolicy(parse('type Query { a: String @allow(roles: ["QA_MANGER"]) }'))).toThrow('@allow on Query.a names an unknown role: QA_MANGER');
  });
});

describe('authorization decisions', () => {
  const policy = readFieldPolicy(parse(SDL));

  it('walk each (query, operation, role set) once and answer again from the cache', async () => {
    const { buildSubgraphSchema } = await import('@apollo/subgraph');
    const schema = buildSubgraphSchema([{ typeDefs: parse(SDL) }]);
    const document = parse('query A { bin(id: "1") { findings } } query B { bin(id: "1") { label } }');
    const [a, b] = document.definitions as never[];
    const decisions = new AuthorizationDecisions(policy, 2);
    const request = { queryHash: 'h1', operationName: 'A', schema, document, operation: a };
    const first = decisions.denials(request, ['OPERATOR']);
    expect(first).toEqual([{ field: 'Bin.findings', needed: ['QA_MANAGER', 'AUDITOR'] }]);
    expect(decisions.denials(request, ['OPERATOR'])).toBe(first);
    expect(decisions.denials(request, ['AUDITOR'])).toEqual([]);
    expect(decisions.denials({ ...request, operationName: 'B', operation: b }, ['OPERATOR'])).toEqual([]);
    // The cache holds at most 2 decisions: the oldest went, so this one is worked out again.
    expect(decisions.denials(request, ['OPERATOR'])).not.toBe(first);
    expect(decisions.denials(request, ['OPERATOR'])).toEqual(first);
  });

  it('count each field once, by coordinate, and leave out meta fields', async () => {
    const { buildSubgraphSchema } = await import('@apollo/subgraph');
    const schema = buildSubgraphSchema([{ typeDefs: parse(SDL) }]);
    const document = parse('{ __typename x: bin(id: "1") { __typename label } y: bin(id: "2") { label findings } }');
    expect(selectedFields(schema, document, document.definitions[0] as never)).toEqual([
      { coordinate: 'Query.bin', root: true },
      { coordinate: 'Bin.label', root: false },
      { coordinate: 'Bin.findings', root: false },
    ]);
  });
});
