import { DEMO_PASSWORD } from '@lotgraph/compliance';
import { contentHashOf } from './support/mutation-cases';
import { startTestGraph, type TestGraph } from './support/test-graph';
import { expectTrailsVerified } from './support/trails-verified';

const RELEASE = `mutation ($lot: String!, $signature: SignatureInput!) {
  releaseLot(input: { lotNumber: $lot, reason: "All FINAL inspections passed; DHR reviewed" }, signature: $signature) { lotNumber status }
}`;
const SIGNATURES = 'signatures { signerId printedName meaning signerRoles signedAt contentHash valid reason }';
const LOT = `query ($lot: String!) { lot(lotNumber: $lot) { status contentHash ${SIGNATURES} dossier { ${SIGNATURES} } } }`;

type Signature = { signerId: string; printedName: string; meaning: string; signerRoles: string[]; signedAt: string; contentHash: string; valid: boolean; reason: string | null };
type Lot = { status: string; contentHash: string; signatures: Signature[]; dossier: { signatures: Signature[] } };

describe('e-signed lot release', () => {
  let graph: TestGraph;
  const lot = async (lotNumber: string) => {
    const response = await graph.query<{ lot: Lot }>(LOT, { variables: { lot: lotNumber }, token: graph.tokenFor('auditor') });
    expect(response.errors).toBeUndefined();
    return response.data!.lot;
  };
  const release = async (lotNumber: string, user: string, signature: Record<string, unknown> = {}) =>
    graph.query<{ releaseLot: { lotNumber: string; status: string } }>(RELEASE, {
      variables: { lot: lotNumber, signature: { password: DEMO_PASSWORD, meaning: 'RELEASED', contentHash: await contentHashOf(graph, lotNumber), ...signature } },
      token: graph.tokenFor(user),
    });
  const complianceEntries = (action: string, actor: string): Promise<Array<{ reason: string }>> =>
    graph.hub.databases.compliance!.dataSource.query(`SELECT reason FROM compliance.audit_entry WHERE action = $1 AND actor_id = $2 ORDER BY seq`, [action, actor]);

  beforeAll(async () => {
    graph = await startTestGraph();
  });

  afterAll(async () => {
    await graph.stop();
  });

  it('refuses a signature that does not mean RELEASED, naming signature.meaning', async () => {
    const response = await release('SYR5-2611-0003', 'qa.manager', { meaning: 'APPROVED' });
    expect(response.errors![0]).toMatchObject({
      message: 'Lot.signature.meaning: releasing lot SYR5-2611-0003 is signed with the meaning RELEASED, not APPROVED',
      extensions: { code: 'BAD_USER_INPUT', field: 'signature.meaning' },
    });
    expect(await lot('SYR5-2611-0003')).toMatchObject({ status: 'QUARANTINE', signatures: [] });
  });

  it('refuses a signature for content the lot no longer has, before the password is checked', async () => {
    const stale = 'f'.repeat(64);
    const response = await release('SYR5-2611-0003', 'qa.engineer', { contentHash: stale, password: 'not even checked' });
    expect(response.errors![0].extensions).toMatchObject({ code: 'STALE_CONTENT' });
    expect(response.errors![0].message).toMatch(/^Lot SYR5-2611-0003 changed since it was shown for signing: the signature request names content ffffffffffff…/);
    expect(await complianceEntries('SIGNING_FAILED', 'qa.engineer')).toEqual([]);
    expect(await lot('SYR5-2611-0003')).toMatchObject({ status: 'QUARANTINE', signatures: [] });
  });

  it('refuses a role that may not release, before anything runs', async () => {
    const response = await release('SYR5-2611-0003', 'qc.inspector');
    expect(response.errors![0]).toMatchObject({
      message: 'qc.inspector (QC_INSPECTOR) may not call Mutation.releaseLot; that needs QA_ENGINEER or QA_MANAGER',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(await complianceEntries('SIGNING_FAILED', 'qc.inspector')).toEqual([]);
  });

  it('refuses a wrong password with the compliance domain’s answer, audited there, and releases and signs nothing', async () => {
    const response = await release('SYR5-2611-0003', 'qa.engineer', { password: 'not my password' });
    expect(response.errors![0]).toMatchObject({
      message: 'Wrong password for qa.engineer: the signer was not verified (1 of 3 wrong passwords in a row; the third locks the account)',
      extensions: { code: 'WRONG_PASSWORD' },
    });
    expect(await complianceEntries('SIGNING_FAILED', 'qa.engineer')).toEqual([{ reason: 'wrong password; for: release lot SYR5-2611-0003' }]);
    const after = await lot('SYR5-2611-0003');
    expect(after).toMatchObject({ status: 'QUARANTINE', signatures: [], dossier: { signatures: [] } });
  });

  it('releases with a valid QA signature: the lot, its dossier and its history show who signed, when and what it means', async () => {
    const before = Date.now();
    const released = await release('SYR5-2611-0003', 'qa.engineer');
    expect(released.errors).toBeUndefined();
    expect(released.data).toEqual({ releaseLot: { lotNumber: 'SYR5-2611-0003', status: 'RELEASED' } });

    const after = await lot('SYR5-2611-0003');
    expect(after.signatures).toEqual([
      {
        signerId: 'qa.engineer',
        printedName: 'Priya Raman (QA engineer)',
        meaning: 'RELEASED',
        signerRoles: ['QA_ENGINEER'],
        signedAt: expect.any(String),
        contentHash: after.contentHash,
        valid: true,
        reason: 'All FINAL inspections passed; DHR reviewed',
      },
    ]);
    expect(Date.parse(after.signatures[0].signedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(after.dossier.signatures).toEqual(after.signatures);
    expect(await complianceEntries('SIGNER_VERIFIED', 'qa.engineer')).toEqual([{ reason: 'release lot SYR5-2611-0003' }]);

    const { data } = await graph.query<{ lot: { history: Array<{ action: string; actor: { id: string }; requestId: string }> } }>(
      '{ lot(lotNumber: "SYR5-2611-0003") { history { action actor { id } requestId } } }',
    );
    const [change, sign] = data!.lot.history.slice(-2);
    expect([change.action, sign.action, sign.actor.id]).toEqual(['STATUS_CHANGE', 'SIGN', 'qa.engineer']);
    expect(sign.requestId).toBe(change.requestId);
    // The signer was verified by the compliance domain, asked through the gateway within the same request: one id.
    const verified: Array<{ request_id: string }> = await graph.hub.databases.compliance!.dataSource.query(
      `SELECT request_id FROM compliance.audit_entry WHERE action = 'SIGNER_VERIFIED' AND actor_id = 'qa.engineer' ORDER BY seq`,
    );
    expect(verified.map((entry) => entry.request_id)).toEqual([change.requestId]);

    // A retried release changes nothing and signs nothing.
    const again = await release('SYR5-2611-0003', 'qa.manager');
    expect(again.data).toEqual({ releaseLot: { lotNumber: 'SYR5-2611-0003', status: 'RELEASED' } });
    expect((await lot('SYR5-2611-0003')).signatures).toEqual(after.signatures);
  });

  it('shows the demo releases signed by the QA manager, reading the signatures of a page of lots in one query', async () => {
    const batch = graph.hub.databases.batch!;
    batch.queries.reset();
    const response = await graph.query<{ lots: { edges: Array<{ node: { lotNumber: string; signatures: Signature[] } }> } }>(
      `{ lots(first: 50, filter: { status: [RELEASED], lotNumberPrefix: "R" }) { edges { node { lotNumber ${SIGNATURES} } } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(batch.queries.statements.filter((sql) => sql.includes('e_signature'))).toHaveLength(1);
    const lots = response.data!.lots.edges.map(({ node }) => node);
    expect(lots.map((l) => l.lotNumber)).toEqual(['RPE-2611-001', 'RPP-2611-001', 'RPP-2611-002']);
    for (const { signatures } of lots) {
      expect(signatures).toEqual([expect.objectContaining({ signerId: 'qa.manager', printedName: 'Wang Qiang (QA manager)', meaning: 'RELEASED', valid: true })]);
    }
    expect(lots[1].signatures[0].signedAt).toBe('2026-10-02T23:00:00.000Z');
  });

  it('shows signatures to the roles that read quality records, not to integrations', async () => {
    const token = graph.tokenFor('integrator');
    const hash = await graph.query<{ lot: { contentHash: string } }>('{ lot(lotNumber: "SYR3-2611-0007") { contentHash } }', { token });
    expect(hash.data!.lot.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const refused = await graph.query('{ lot(lotNumber: "SYR3-2611-0007") { signatures { printedName } } }', { token });
    expect(refused.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(refused.errors![0].message).toMatch(/^integrator \(INTEGRATOR\) may not read Lot\.signatures/);
  });

    it('keeps a signature valid through a hold, and shows it no longer valid once the signed content changes', async () => {
    const signed = await lot('RPP-2611-001');
    const held = await graph.query(`mutation { holdLot(input: { lotNumber: "RPP-2611-001", reason: "Supplier notice under review" }) { status } }`);
    expect(held.data).toEqual({ holdLot: { status: 'ON_HOLD' } });
    const onHold = await lot('RPP-2611-001');
    expect(onHold.contentHash).toBe(signed.contentHash);
    expect(onHold.signatures.map((s) => s.valid)).toEqual([true]);

    // No mutation changes a lot's supplier lot number: the change is made in the database, as a correction would be.
    await graph.hub.databases.batch!.dataSource.query(`UPDATE batch.material_lot SET supplier_lot_number = 'NP-88213-A' WHERE lot_number = 'RPP-2611-001'`);
    const changed = await lot('RPP-2611-001');
    expect(changed.contentHash).not.toBe(signed.contentHash);
    expect(changed.signatures).toEqual([{ ...signed.signatures[0], valid: false }]);
    expect(changed.dossier.signatures).toEqual(changed.signatures);
  });

  it('leaves every audited record agreeing with its audit trail', () => expectTrailsVerified(graph));
});
