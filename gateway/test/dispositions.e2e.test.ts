import { DEMO_PASSWORD } from '@lotgraph/compliance';
import { startTestGraph, type GraphQLResponse, type TestGraph } from './support/test-graph';
import { expectTrailsVerified } from './support/trails-verified';

interface Disposition {
  lotNumber: string;
  decision: string;
  decidedBy: string;
  appliedAt: string | null;
  signatures: Array<{ meaning: string; signerId: string; printedName: string; valid: boolean }>;
}
interface ExceptionView {
  number: string;
  status: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  dispositionedAt: string | null;
  verifiedAt: string | null;
  closedAt: string | null;
  contentHash: string;
  dispositions: Disposition[];
  affectedLots: Array<{ lotNumber: string; disposition: { decision: string } | null }>;
  signatures: Array<{ meaning: string; signerId: string; valid: boolean }>;
  history: Array<{ action: string; actor: { id: string } }>;
}

const REPORT = `mutation ($input: ReportExceptionInput!) { reportException(input: $input) { number } }`;
const EXCEPTION = `query ($number: String!) { exception(number: $number) {
  number status acknowledgedAt acknowledgedBy dispositionedAt verifiedAt closedAt contentHash
  dispositions { lotNumber decision decidedBy appliedAt signatures { meaning signerId printedName valid } }
  affectedLots { lotNumber disposition { decision } }
  signatures { meaning signerId valid }
  history { action actor { id } } } }`;
const LOT = `query ($lot: String!) { lot(lotNumber: $lot) { status exceptionHolds { exceptionNumber heldBy disposition { decision statusAfter } } } }`;
const HASH = `query ($input: LotDispositionInput!) { dispositionContentHash(input: $input) }`;
const ACKNOWLEDGE = `mutation ($number: String!) { acknowledgeException(number: $number, note: "Taking it") { status acknowledgedBy } }`;
const DISPOSITION = `mutation ($input: LotDispositionInput!, $signature: SignatureInput) {
  dispositionLot(input: $input, signature: $signature) { lotNumber decision decidedBy exception { status } } }`;
const VERIFY = `mutation ($number: String!, $signature: SignatureInput) { verifyException(number: $number, note: "Dispositions checked", signature: $signature) { status verifiedAt } }`;
const CLOSE = `mutation ($number: String!, $signature: SignatureInput) { closeException(number: $number, note: "Done", signature: $signature) { status closedAt } }`;

describe('dispositions: the back half of the exception workflow, through the gateway', () => {
  let graph: TestGraph;
  let number: string;
  const lead = { token: '' }; // the demo plant's second QA manager: the one who verifies and closes

  const as = <T = Record<string, unknown>>(user: string | { token: string }, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    graph.query<T>(query, { variables, token: typeof user === 'string' ? graph.tokenFor(user) : user.token });
  const exception = async () => {
    const response = await as<{ exception: ExceptionView }>('qa.manager', EXCEPTION, { number });
    expect(response.errors).toBeUndefined();
    return response.data!.exception;
  };
  const lot = async (lotNumber: string) =>
    (await as<{ lot: { status: string; exceptionHolds: Array<{ exceptionNumber: string; heldBy: string; disposition: { decision: string; statusAfter: string } | null }> } }>('qa.manager', LOT, { lot: lotNumber })).data!.lot;
  const until = async (done: (view: ExceptionView) => boolean) => {
    for (let i = 0; i < 200 && !done(await exception()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    return exception();
  };
  const input = (lotNumber: string, decision: string, reason: string) => ({ exceptionNumber: number, lotNumber, decision, reason });
  const signed = async (disposition: Record<string, unknown>, meaning = 'APPROVED') => ({
    password: DEMO_PASSWORD,
    meaning,
    contentHash: (await as<{ dispositionContentHash: string }>('qa.manager', HASH, { input: disposition })).data!.dispositionContentHash,
  });
  const codes = (response: GraphQLResponse<unknown>) => response.errors?.map((e) => e.extensions?.code);

  beforeAll(async () => {
    graph = await startTestGraph();
    lead.token = graph.tokenFor('qa.lead');

    const reported = await as<{ reportException: { number: string } }>('operator', REPORT, {
      input: { title: 'Contaminated resin hopper', severity: 'CRITICAL', lots: [{ lotNumber: 'RPP-2611-001' }, { lotNumber: 'GSK-2611-002' }] },
    });
    expect(reported.errors).toBeUndefined();
    number = reported.data!.reportException.number;
    expect((await until((view) => view.status === 'CONTAINED')).status).toBe('CONTAINED');
  });

  afterAll(() => graph.stop());

  it('keeps a hold an exception placed: unholdLot is refused, and no person may apply a disposition in batch', async () => {
    expect((await lot('RPP-2611-001')).status).toBe('ON_HOLD');
    expect((await lot('GSK-2611-002')).exceptionHolds).toEqual([{ exceptionNumber: number, heldBy: 'quality.containment', disposition: null }]);
    const unhold = await as('qa.engineer', `mutation { unholdLot(input: { lotNumber: "RPP-2611-001", reason: "Looks fine" }) { status } }`);
    expect(codes(unhold)).toEqual(['HELD_BY_EXCEPTION']);
    expect(unhold.errors![0].message).toBe(
      `Lot RPP-2611-001 is held by quality exception ${number}: that hold is lifted only by a disposition of ${number} (dispositionLot), not by unholdLot`,
    );
    const bypass = await as('qa.engineer', `mutation ($input: ApplyDispositionInput!) { applyDisposition(input: $input) { status } }`, {
      input: { lotNumber: 'RPP-2611-001', exceptionNumber: number, decision: 'RELEASE', reason: 'Bypass' },
    });
    expect(codes(bypass)).toEqual(['FORBIDDEN']);
    expect(bypass.errors![0].message).toMatch(/^qa\.engineer may not apply a disposition to lot RPP-2611-001: dispositions are decided in the quality domain/);
    expect((await lot('RPP-2611-001')).status).toBe('ON_HOLD');
  });

  it('is acknowledged by an owner the CRITICAL policy names, once, with the time kept', async () => {
    const inspector = await as('qc.inspector', ACKNOWLEDGE, { number });
    expect(codes(inspector)).toEqual(['FORBIDDEN']);
    expect(inspector.errors![0].message).toBe(`qc.inspector (QC_INSPECTOR) may not acknowledge ${number} (CRITICAL); that needs QA_MANAGER or QA_ENGINEER`);
    const early = await as('qa.manager', DISPOSITION, { input: input('RPP-2611-001', 'RELEASE', 'Resin retested'), signature: await signed(input('RPP-2611-001', 'RELEASE', 'Resin retested')) });
    expect(early.errors![0].message).toMatch(new RegExp(`${number} is CONTAINED: lots are dispositioned only while it is INVESTIGATING; its owner acknowledges it first`));

    const acknowledged = await as<{ acknowledgeException: { status: string; acknowledgedBy: string } }>('qa.engineer', ACKNOWLEDGE, { number });
    expect(acknowledged.errors).toBeUndefined();
    expect(acknowledged.data!.acknowledgeException).toEqual({ status: 'INVESTIGATING', acknowledgedBy: 'qa.engineer' });
    const again = await as<{ acknowledgeException: { acknowledgedBy: string } }>('qa.manager', ACKNOWLEDGE, { number });
    expect(again.data!.acknowledgeException.acknowledgedBy).toBe('qa.engineer');
    expect((await exception()).acknowledgedAt).toEqual(expect.any(String));
  });

  it('takes each lot\'s disposition from the role and with the signature the policy asks for, once', async () => {
    const release = input('RPP-2611-001', 'RELEASE', 'Resin retested: melt flow within spec');
    const wrongRole = await as('qa.engineer', DISPOSITION, { input: release, signature: await signed(release) });
    expect(wrongRole.errors![0].message).toBe(`qa.engineer (QA_ENGINEER) may not disposition lots of ${number} (CRITICAL); that needs QA_MANAGER`);
    const unsigned = await as('qa.manager', DISPOSITION, { input: release });
    expect(unsigned.errors![0].message).toBe(
      `Disposition of lot RPP-2611-001 on ${number}.signature: a disposition on a CRITICAL exception needs an e-signature of meaning APPROVED (password again and the contentHash)`,
    );

    const first = await as<{ dispositionLot: { decision: string; exception: { status: string } } }>('qa.manager', DISPOSITION, { input: release, signature: await signed(release) });
    expect(first.errors).toBeUndefined();
    expect(first.data!.dispositionLot).toMatchObject({ decision: 'RELEASE', exception: { status: 'INVESTIGATING' } });
    const historyBefore = (await exception()).history.length;
    const repeated = await as('qa.manager', DISPOSITION, { input: release, signature: await signed(release) });
    expect(repeated.errors).toBeUndefined();
    expect((await exception()).history).toHaveLength(historyBefore);
    const changedMind = await as('qa.manager', DISPOSITION, { input: input('RPP-2611-001', 'SCRAP', 'On second thought'), signature: await signed(input('RPP-2611-001', 'SCRAP', 'On second thought')) });
    expect(codes(changedMind)).toEqual(['ALREADY_DISPOSITIONED']);
    expect(changedMind.errors![0].message).toMatch(/the lot already has its disposition, RELEASE by qa\.manager at .+; a disposition is final$/);

    const scrap = input('GSK-2611-002', 'SCRAP', 'Gaskets exposed to contaminated resin');
    const last = await as<{ dispositionLot: { exception: { status: string } } }>('qa.manager', DISPOSITION, { input: scrap, signature: await signed(scrap) });
    expect(last.errors).toBeUndefined();
    expect(last.data!.dispositionLot.exception.status).toBe('DISPOSITIONED');
  });

  it('applies each disposition in batch: the released lot back to RELEASED, the scrapped one REJECTED', async () => {
    const view = await until((v) => v.dispositions.every((d) => d.appliedAt !== null));
    expect(view).toMatchObject({ status: 'DISPOSITIONED', dispositionedAt: expect.any(String) });
    expect(view.dispositions).toEqual([
      { lotNumber: 'RPP-2611-001', decision: 'RELEASE', decidedBy: 'qa.manager', appliedAt: expect.any(String), signatures: [{ meaning: 'APPROVED', signerId: 'qa.manager', printedName: 'Wang Qiang (QA manager)', valid: true }] },
      { lotNumber: 'GSK-2611-002', decision: 'SCRAP', decidedBy: 'qa.manager', appliedAt: expect.any(String), signatures: [{ meaning: 'APPROVED', signerId: 'qa.manager', printedName: 'Wang Qiang (QA manager)', valid: true }] },
    ]);
    expect(view.affectedLots.map((a) => [a.lotNumber, a.disposition?.decision])).toEqual(expect.arrayContaining([['RPP-2611-001', 'RELEASE'], ['GSK-2611-002', 'SCRAP']]));
    expect(await lot('RPP-2611-001')).toEqual({ status: 'RELEASED', exceptionHolds: [{ exceptionNumber: number, heldBy: 'quality.containment', disposition: { decision: 'RELEASE', statusAfter: 'RELEASED' } }] });
    expect((await lot('GSK-2611-002')).status).toBe('REJECTED');
  });

  it('is verified by a second person, and closed only with a linked CAPA', async () => {
    const { contentHash } = await exception();
    const signature = { password: DEMO_PASSWORD, meaning: 'APPROVED', contentHash };
    const sameHands = await as('qa.manager', VERIFY, { number, signature });
    expect(codes(sameHands)).toEqual(['SEPARATION_OF_DUTIES']);
    const unsigned = await as(lead, VERIFY, { number });
    expect(unsigned.errors![0].message).toMatch(/needs an e-signature of meaning APPROVED/);
    const verified = await as<{ verifyException: { status: string } }>(lead, VERIFY, { number, signature: signature });
    expect(verified.errors).toBeUndefined();
    expect(verified.data!.verifyException.status).toBe('VERIFIED');

    const noCapa = await as(lead, CLOSE, { number, signature: signature });
    expect(codes(noCapa)).toEqual(['CAPA_REQUIRED']);
    expect(noCapa.errors![0].message).toBe(`QualityException ${number}.capas: a CRITICAL exception is closed only with a linked CAPA; open one for ${number} first`);
    const opened = await as('qa.engineer', `mutation ($input: OpenCapaInput!) { openCapa(input: $input) { number } }`, {
      input: { exceptionNumber: number, title: 'Hopper cleaning', problemStatement: 'Resin hopper contaminated', riskBefore: { severity: 7, occurrence: 3, detection: 4 }, dueOn: '2099-12-31' },
    });
    expect(opened.errors).toBeUndefined();

    const closed = await as<{ closeException: { status: string; closedAt: string } }>(lead, CLOSE, { number, signature: signature });
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closeException).toEqual({ status: 'CLOSED', closedAt: expect.any(String) });
    const view = await exception();
    expect(view).toMatchObject({ verifiedAt: expect.any(String), closedAt: expect.any(String) });
    expect(view.signatures).toEqual([
      { meaning: 'APPROVED', signerId: 'qa.lead', valid: true },
      { meaning: 'APPROVED', signerId: 'qa.lead', valid: true },
    ]);
    expect(view.history.map((e) => [e.action, e.actor.id])).toEqual([
      ['REPORT_EXCEPTION', 'operator'],
      ['CONTAIN', 'quality.containment'],
      ['ACKNOWLEDGE_EXCEPTION', 'qa.engineer'],
      ['DISPOSITION_LOT', 'qa.manager'], // each disposition's SIGN entry is in its own history (LotDisposition)
      ['DISPOSITION_LOT', 'qa.manager'],
      ['DISPOSITIONED', 'qa.manager'],
      ['SIGN', 'qa.lead'],
      ['VERIFY_EXCEPTION', 'qa.lead'],
      ['SIGN', 'qa.lead'],
      ['CLOSE_EXCEPTION', 'qa.lead'],
    ]);
  });

  it('leaves every audited record agreeing with its audit trail', () => expectTrailsVerified(graph));
});
