import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import {
  AuditTrail, Outbox, SignatureRepository, SignatureService, SignerClient, TEST_GATEWAY_SECRET, createGraphClient, createTestDatabase, findDemoUser, querySubgraph,
  type GraphCaller, type Identity, type SubgraphDatabase, type TestDatabase,
} from '@lotgraph/server';
import { createQualityDatabase, createQualityServer, QualityExceptionRepository } from '../src/server';
import type { QualityExceptionEntity, Severity } from '../src/exception/quality-exception.entity';
import { ExceptionTransitions } from '../src/exception/exception-transition';
import { LotDispositionRepository } from '../src/disposition/lot-disposition.repository';
import { LotDispositionService } from '../src/disposition/lot-disposition.service';
import { APPLY_DISPOSITION_TOPIC, DispositionRequests } from '../src/disposition/disposition-requests';
import type { DispositionDecision } from '../src/disposition/disposition';
import { ExceptionWorkflowService } from '../src/workflow/exception-workflow.service';
import { PolicySignatures } from '../src/workflow/policy-signatures';
import { defaultSeverityPolicies } from '../src/workflow/severity-policy';
import { CapaLinkClient } from '../src/capa/capa-link.client';
import { LotLookupClient } from '../src/lot/lot-lookup.client';
import type { ExceptionEvent, ExceptionEvents } from '../src/notification/exception-events';

const user = (id: string): Identity => findDemoUser(id)!;
// Steps that need the graph (signatures, CAPA and lot look-ups) are the gateway tests' part; none is reached here.
const caller: GraphCaller = { token: 'unused', requestId: 'test' };

/** Records what would be told to followers of exceptions, as the real publisher is called: in the transaction. */
class RecordedEvents implements ExceptionEvents {
  readonly told: Array<{ type: string; number: string; from?: string; to: string }> = [];
  publish(_: unknown, event: ExceptionEvent): Promise<void> {
    this.told.push({ type: event.type, number: event.exception.number, from: event.previousStatus, to: event.exception.status });
    return Promise.resolve();
  }
}

describe('acknowledging, dispositioning, verifying and closing exceptions against a real database', () => {
  let testDb: TestDatabase;
  let database: SubgraphDatabase;
  let exceptions: QualityExceptionRepository;
  let outbox: Outbox;
  let audit: AuditTrail;
  let workflow: ExceptionWorkflowService;
  let dispositions: LotDispositionService;
  const events = new RecordedEvents();
  let sequence = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    database = createQualityDatabase(testDb);
    await database.migrate();
    const ds = database.dataSource;
    const graph = createGraphClient({ gatewayUrl: () => undefined });
    exceptions = new QualityExceptionRepository(ds);
    outbox = new Outbox(ds, 'quality');
    audit = new AuditTrail(ds, 'quality');
    const rows = new LotDispositionRepository(ds);
    const requests = new DispositionRequests(outbox);
    const transitions = new ExceptionTransitions(exceptions, audit, events);
    const signatures = new PolicySignatures(new SignerClient(graph), new SignatureService(new SignatureRepository(ds, 'quality'), audit));
    workflow = new ExceptionWorkflowService(exceptions, rows, defaultSeverityPolicies, signatures, requests, new CapaLinkClient(graph), transitions);
    dispositions = new LotDispositionService(exceptions, rows, new LotLookupClient(graph), defaultSeverityPolicies, signatures, requests, transitions, audit);
  });

  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  /** An exception as reporting and containment leave it: its lots recorded (and held when it is CONTAINED). */
  const exceptionWith = async (severity: Severity, status: 'OPEN' | 'CONTAINED', lotNumbers: string[]): Promise<QualityExceptionEntity> => {
    sequence += 1;
    return exceptions.transaction(async (manager) => {
      const exception = await exceptions.save(
        { number: `EX-2026-9${String(sequence).padStart(3, '0')}`, title: `Test exception ${sequence}`, description: null, severity, status, detectedAt: new Date(), dueAt: null, equipmentId: null, parameter: null, productionOrderNumber: null, reportedBy: 'operator' },
        manager,
      );
      for (const lotNumber of lotNumbers) await exceptions.saveAffectedLot({ exceptionId: exception.id, lotId: randomUUID(), lotNumber, role: 'REPORTED' }, manager);
      return exception;
    });
  };
  const step = (number: string, actor: string, note?: string) => ({ number, note, actor: user(actor), caller, requestId: `req-${actor}` });
  const decide = (exceptionNumber: string, lotNumber: string, decision: DispositionDecision, actor: string, reason = 'Reviewed the evidence') =>
    dispositions.disposition({ input: { exceptionNumber, lotNumber, decision, reason }, actor: user(actor), caller, requestId: `req-${actor}` });
  const refusal = async (work: Promise<unknown>): Promise<{ message: string; code: unknown }> => {
    const error = await work.then(() => null, (err: unknown) => err);
    expect(error).toBeInstanceOf(GraphQLError);
    return { message: (error as GraphQLError).message, code: (error as GraphQLError).extensions.code };
  };
  const deliveries = async (exception: QualityExceptionEntity) => (await outbox.findBySubject([exception.id])).filter((m) => m.topic === APPLY_DISPOSITION_TOPIC);

  it('takes a MINOR exception from CONTAINED to CLOSED: each step by the roles its policy names, each audited and told', async () => {
    const exception = await exceptionWith('MINOR', 'CONTAINED', ['LOT-A', 'LOT-B']);
    const n = exception.number;

    const acknowledged = await workflow.acknowledge(step(n, 'qc.inspector', 'On it'));
    expect(acknowledged).toMatchObject({ status: 'INVESTIGATING', acknowledgedBy: 'qc.inspector', acknowledgedAt: expect.any(Date) });
    expect((await workflow.acknowledge(step(n, 'qa.manager'))).acknowledgedBy).toBe('qc.inspector');

    expect(await refusal(decide(n, 'LOT-A', 'REWORK', 'qc.inspector'))).toEqual({
      message: `qc.inspector (QC_INSPECTOR) may not disposition lots of ${n} (MINOR); that needs QA_ENGINEER or QA_MANAGER`, code: 'FORBIDDEN',
    });
    expect((await refusal(decide(n, 'LOT-Z', 'REWORK', 'qa.engineer'))).message).toBe(
      `Disposition of lot LOT-Z on ${n}.lotNumber: lot LOT-Z is not affected by ${n} (its lots: LOT-A, LOT-B)`,
    );
    expect((await refusal(dispositions.disposition({ input: { exceptionNumber: n, lotNumber: 'LOT-A', decision: 'REWORK', reason: ' ' }, actor: user('qa.engineer'), caller, requestId: null }))).message).toBe(
      `Disposition of lot LOT-A on ${n}.reason: a reason is required for a disposition`,
    );

    const rework = await decide(n, 'LOT-A', 'REWORK', 'qa.engineer');
    expect(rework).toMatchObject({ lotNumber: 'LOT-A', decision: 'REWORK', decidedBy: 'qa.engineer', contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await exceptions.findByNumber(n))!.status).toBe('INVESTIGATING');
    const again = await decide(n, 'LOT-A', 'REWORK', 'qa.engineer');
    expect(again.id).toBe(rework.id);
    expect(await deliveries(exception)).toHaveLength(1);
    expect(await refusal(decide(n, 'LOT-A', 'SCRAP', 'qa.manager'))).toEqual({
      message: expect.stringMatching(new RegExp(`^Disposition of lot LOT-A on ${n}: the lot already has its disposition, REWORK by qa\\.engineer at .+; a disposition is final$`)),
      code: 'ALREADY_DISPOSITIONED',
    });

    await decide(n, 'LOT-B', 'SCRAP', 'qa.engineer');
    expect(await exceptions.findByNumber(n)).toMatchObject({ status: 'DISPOSITIONED', dispositionedAt: expect.any(Date) });
    expect((await deliveries(exception)).map((m) => m.payload)).toEqual([
      { lotNumber: 'LOT-A', exceptionNumber: n, decision: 'REWORK', reason: 'Reviewed the evidence' },
      { lotNumber: 'LOT-B', exceptionNumber: n, decision: 'SCRAP', reason: 'Reviewed the evidence' },
    ]);

    expect(await refusal(workflow.verify(step(n, 'qa.engineer')))).toEqual({
      message: `qa.engineer dispositioned lots of ${n} and may not also verify it: the verification is a second person's check`, code: 'SEPARATION_OF_DUTIES',
    });
    expect((await refusal(workflow.verify(step(n, 'qa.manager')))).message).toBe(
      `QualityException.dispositions: ${n} is verified once the batch domain has applied every disposition; not yet applied: LOT-A (0 attempt(s)); LOT-B (0 attempt(s))`,
    );
    expect((await refusal(workflow.close(step(n, 'qa.manager')))).message).toBe(`QualityException.status: ${n} is DISPOSITIONED: it is closed once VERIFIED`);
    // batch confirms both (what the outbox dispatcher does once applyDisposition answered).
    for (const message of await deliveries(exception)) await outbox.transaction((manager) => outbox.markDelivered(manager, message.id));

    expect(await workflow.verify(step(n, 'qa.manager', 'Rework order and scrap note checked'))).toMatchObject({ status: 'VERIFIED', verifiedBy: 'qa.manager' });
    expect(await workflow.close(step(n, 'qa.manager'))).toMatchObject({ status: 'CLOSED', closedBy: 'qa.manager', closedAt: expect.any(Date) });
    expect((await workflow.close(step(n, 'qa.engineer'))).closedBy).toBe('qa.manager');

    const entries = await audit.entriesFor('QualityException', n);
    expect(entries.map((e) => [e.action, e.actorId, e.changes.status ?? e.changes.decision, e.reason])).toEqual([
      ['ACKNOWLEDGE_EXCEPTION', 'qc.inspector', { old: 'CONTAINED', new: 'INVESTIGATING' }, 'On it'],
      ['DISPOSITION_LOT', 'qa.engineer', { new: 'REWORK' }, 'Reviewed the evidence'],
      ['DISPOSITION_LOT', 'qa.engineer', { new: 'SCRAP' }, 'Reviewed the evidence'],
      ['DISPOSITIONED', 'qa.engineer', { old: 'INVESTIGATING', new: 'DISPOSITIONED' }, null],
      ['VERIFY_EXCEPTION', 'qa.manager', { old: 'DISPOSITIONED', new: 'VERIFIED' }, 'Rework order and scrap note checked'],
      ['CLOSE_EXCEPTION', 'qa.manager', { old: 'VERIFIED', new: 'CLOSED' }, null],
    ]);
    expect(events.told.filter((e) => e.number === n)).toEqual([
      { type: 'exception.status-changed', number: n, from: 'CONTAINED', to: 'INVESTIGATING' },
      { type: 'exception.status-changed', number: n, from: 'INVESTIGATING', to: 'DISPOSITIONED' },
      { type: 'exception.status-changed', number: n, from: 'DISPOSITIONED', to: 'VERIFIED' },
      { type: 'exception.status-changed', number: n, from: 'VERIFIED', to: 'CLOSED' },
    ]);
  });

  it('keeps dispositions final in the database itself', async () => {
    await expect(database.dataSource.query(`UPDATE quality.lot_disposition SET decision = 'RELEASE'`)).rejects.toThrow(/lot_disposition is append-only/);
    await expect(database.dataSource.query(`DELETE FROM quality.lot_disposition`)).rejects.toThrow(/lot_disposition is append-only/);
  });

  it('refuses steps out of order, roles the severity does not name, and a MAJOR disposition without its signature', async () => {
    const open = await exceptionWith('MAJOR', 'OPEN', ['LOT-C']);
    expect((await refusal(workflow.acknowledge(step(open.number, 'qa.engineer')))).message).toBe(
      `QualityException.status: ${open.number} is OPEN: its lots are not all on hold yet (see containment); it is acknowledged once CONTAINED`,
    );
    const major = await exceptionWith('MAJOR', 'CONTAINED', ['LOT-D']);
    expect((await refusal(decide(major.number, 'LOT-D', 'RELEASE', 'qa.engineer'))).message).toBe(
      `QualityException.status: ${major.number} is CONTAINED: lots are dispositioned only while it is INVESTIGATING; its owner acknowledges it first (acknowledgeException)`,
    );
    expect(await refusal(workflow.acknowledge(step(major.number, 'qc.inspector')))).toEqual({
      message: `qc.inspector (QC_INSPECTOR) may not acknowledge ${major.number} (MAJOR); that needs QA_ENGINEER or QA_MANAGER`, code: 'FORBIDDEN',
    });
    await workflow.acknowledge(step(major.number, 'qa.engineer'));
    expect(await refusal(decide(major.number, 'LOT-D', 'RELEASE', 'qa.engineer'))).toEqual({
      message: `Disposition of lot LOT-D on ${major.number}.signature: a disposition on a MAJOR exception needs an e-signature of meaning APPROVED (password again and the contentHash)`,
      code: 'BAD_USER_INPUT',
    });
    expect(await deliveries(major)).toEqual([]);
    expect((await exceptions.findByNumber(major.number))!.status).toBe('INVESTIGATING');
  });

  it('verifies an exception with no lots to hold without dispositions, through DISPOSITIONED', async () => {
    const bare = await exceptionWith('MINOR', 'OPEN', []);
    expect((await workflow.acknowledge(step(bare.number, 'qa.engineer'))).status).toBe('INVESTIGATING');
    const verified = await workflow.verify(step(bare.number, 'qa.engineer', 'Nothing was made during the deviation'));
    expect(verified).toMatchObject({ status: 'VERIFIED', dispositionedAt: expect.any(Date), verifiedBy: 'qa.engineer' });
    expect((await audit.entriesFor('QualityException', bare.number)).map((e) => e.action)).toEqual(['ACKNOWLEDGE_EXCEPTION', 'DISPOSITIONED', 'VERIFY_EXCEPTION']);
  });

  it('shows every exception\'s dispositions, their signatures and deliveries with one query each, however many exceptions', async () => {
    const server = await createQualityServer({ database, gatewaySecret: TEST_GATEWAY_SECRET });
    await server.listen(0);
    try {
      database.queries.reset();
      const response = await querySubgraph<{ exceptions: { edges: Array<{ node: { number: string; dispositions: Array<{ lotNumber: string; appliedAt: string | null }> } }> } }>(
        server,
        `{ exceptions(first: 50) { edges { node { number contentHash signatures { meaning }
            dispositions { lotNumber decision appliedAt deliveryError signatures { meaning } }
            affectedLots { lotNumber disposition { decision } } } } } }`,
      );
      expect(response.errors).toBeUndefined();
      const withDispositions = response.data!.exceptions.edges.filter((e) => e.node.dispositions.length > 0);
      expect(withDispositions[0].node.dispositions).toEqual([
        { lotNumber: 'LOT-A', decision: 'REWORK', appliedAt: expect.any(String), deliveryError: null, signatures: [] },
        { lotNumber: 'LOT-B', decision: 'SCRAP', appliedAt: expect.any(String), deliveryError: null, signatures: [] },
      ].map((d) => expect.objectContaining(d)));
      const selects = (table: string) => database.queries.statements.filter((sql) => /^\s*SELECT/i.test(sql) && sql.includes(table));
      expect(selects('lot_disposition')).toHaveLength(1);
      expect(selects('outbox_message')).toHaveLength(1);
      // One per entity type signed (exceptions, dispositions).
      expect(selects('e_signature').length).toBeGreaterThanOrEqual(1);
      expect(selects('e_signature').length).toBeLessThanOrEqual(2);
    } finally {
      await server.stop();
    }
  });
});
