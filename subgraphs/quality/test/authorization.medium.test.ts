import { buildASTSchema } from 'graphql';
import {
  AuditTrail,
  contentFingerprint,
  demoId,
  findDemoUser,
  loadTypeDefs,
  querySubgraph,
  rootFieldCalls,
  startSubgraphForTest,
  type RunningSubgraph,
} from '@lotgraph/server';
import { QUALITY_SDL_PATH, createQualityDatabase, createQualityServer, seedQualityDemo } from '../src/server';

const AUDITOR = findDemoUser('auditor')!;
const INTEGRATOR = findDemoUser('integrator')!;
const READERS = ['OPERATOR', 'QC_INSPECTOR', 'QA_ENGINEER', 'QA_MANAGER', 'AUDITOR', 'ADMIN'];

/** How the gateway asks quality for the fields it adds to batch's Lot and LotDossier. */
const onLot = (fields: string) =>
  `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Lot { ${fields} } } }`;
const LOT = { r: [{ __typename: 'Lot', id: demoId.lot('BRL-2611-014') }] };

describe('who may do what in the quality subgraph', () => {
  let running: RunningSubgraph;
  let audit: AuditTrail;

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createQualityDatabase, createServer: createQualityServer, seed: seedQualityDemo });
    audit = new AuditTrail(running.database.dataSource, 'quality');
  });

  afterAll(() => running.stop());

  it('refuses AUDITOR every mutation, changes nothing, and audits each refusal', async () => {
    const calls = rootFieldCalls(buildASTSchema(loadTypeDefs(QUALITY_SDL_PATH), { assumeValidSDL: true }), 'mutation');
    expect(calls.map((c) => c.field)).toContain('Mutation.recordInspection');
    const before = await contentFingerprint(running.database);
    for (const call of calls) {
      const response = await querySubgraph(running.server, call.query, {}, AUDITOR);
      expect({ field: call.field, code: response.errors?.[0].extensions?.code }).toEqual({ field: call.field, code: 'FORBIDDEN' });
      expect((await audit.entriesFor('Field', call.field)).at(-1)).toMatchObject({ action: 'DENIED', actorId: 'auditor' });
    }
    expect(await contentFingerprint(running.database)).toEqual(before);
  });

  it("lets AUDITOR read exceptions, and a lot's exceptions, inspections and release check", async () => {
    const listed = await querySubgraph<{ exceptions: { totalCount: number } }>(running.server, '{ exceptions { totalCount } }', {}, AUDITOR);
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.exceptions.totalCount).toBeGreaterThan(0);
    const onTheLot = await querySubgraph<{ _entities: Array<{ exceptions: Array<{ number: string }> }> }>(
      running.server,
      onLot('exceptions { number } inspections { result } releaseCheck { releasable }'),
      LOT,
      AUDITOR,
    );
    expect(onTheLot.errors).toBeUndefined();
    expect(onTheLot.data!._entities[0].exceptions).toEqual([{ number: 'EX-2026-0041' }]);
  });

  it.each([
    ['Query.exceptions', '{ exceptions { totalCount } }', {}],
    ['Query.exception', '{ exception(number: "EX-2026-0041") { title } }', {}],
    ['Lot.exceptions', onLot('exceptions { number }'), LOT],
    ['Lot.inspections', onLot('inspections { result }'), LOT],
    ['Lot.releaseCheck', onLot('releaseCheck { releasable }'), LOT],
    ['LotDossier.exceptions', `{ _entities(representations: [{ __typename: "LotDossier", lotId: "x" }]) { ... on LotDossier { exceptions { number } } } }`, {}],
  ])('refuses INTEGRATOR %s and audits it', async (field, query, variables) => {
    const response = await querySubgraph(running.server, query, variables, INTEGRATOR);
    expect(response.data).toBeUndefined();
    expect(response.errors).toEqual([
      expect.objectContaining({
        message: `integrator (INTEGRATOR) may not read ${field}; that needs OPERATOR, QC_INSPECTOR, QA_ENGINEER, QA_MANAGER, AUDITOR or ADMIN`,
        extensions: expect.objectContaining({ code: 'FORBIDDEN', denied: [{ field, needed: READERS }] }),
      }),
    ]);
    expect((await audit.entriesFor('Field', field)).at(-1)).toMatchObject({ action: 'DENIED', actorId: 'integrator', actorRoles: ['INTEGRATOR'] });
  });

  it('keeps the quality audit chain intact after the refusals', async () => {
    expect((await audit.verify()).ok).toBe(true);
  });
});
