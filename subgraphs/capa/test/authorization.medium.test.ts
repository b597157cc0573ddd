import { AuditTrail, demoId, findDemoUser, querySubgraph, startSubgraphForTest, type RunningSubgraph } from '@lotgraph/server';
import { createCapaDatabase, createCapaServer, seedCapaDemo } from '../src/server';

const AUDITOR = findDemoUser('auditor')!;
const INTEGRATOR = findDemoUser('integrator')!;

/** How the gateway asks capa for the CAPAs of quality's exceptions. */
const CAPAS_OF_EXCEPTION = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on QualityException { capas { number } } } }`;
const EXCEPTION = { r: [{ __typename: 'QualityException', id: demoId.exception('EX-2026-0041') }] };

describe('who may read CAPAs', () => {
  let running: RunningSubgraph;
  let audit: AuditTrail;

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createCapaDatabase, createServer: createCapaServer, seed: seedCapaDemo });
    audit = new AuditTrail(running.database.dataSource, 'capa');
  });

  afterAll(() => running.stop());

  it('lets AUDITOR read CAPAs, and the CAPAs of an exception', async () => {
    const listed = await querySubgraph(running.server, '{ capas { totalCount } capa(number: "CAPA-2026-0017") { title } }', {}, AUDITOR);
    expect(listed.errors).toBeUndefined();
    const ofException = await querySubgraph(running.server, CAPAS_OF_EXCEPTION, EXCEPTION, AUDITOR);
    expect(ofException).toMatchObject({ data: { _entities: [{ capas: [{ number: 'CAPA-2026-0017' }] }] } });
  });

  it.each([
    ['Query.capas', '{ capas { totalCount } }', {}],
    ['Query.capa', '{ capa(number: "CAPA-2026-0017") { title } }', {}],
    ['QualityException.capas', CAPAS_OF_EXCEPTION, EXCEPTION],
  ])('refuses INTEGRATOR %s and audits it', async (field, query, variables) => {
    const response = await querySubgraph(running.server, query, variables, INTEGRATOR);
    expect(response.data).toBeUndefined();
    expect(response.errors?.[0]).toMatchObject({
      message: `integrator (INTEGRATOR) may not read ${field}; that needs OPERATOR, QC_INSPECTOR, QA_ENGINEER, QA_MANAGER, AUDITOR or ADMIN`,
      extensions: { code: 'FORBIDDEN' },
    });
    expect((await audit.entriesFor('Field', field)).at(-1)).toMatchObject({ action: 'DENIED', actorId: 'integrator' });
    expect((await audit.verify()).ok).toBe(true);
  });
});
