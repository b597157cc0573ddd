import { auditedRecordType } from '@lotgraph/schema';
import { AuditTrail, auditLoadedRecord, deterministicUuid, demoId, recordStates, type SubgraphDatabase } from '@lotgraph/server';
import type { CapaScope, Risk } from '../capa/capa.entity';
import type { CapaActionKind, CapaActionStatus } from '../action/capa-action.entity';
import type { FishboneCause, Why } from '../root-cause/root-cause-analysis.entity';

const NUMBER = 'CAPA-2026-0017';
const EXCEPTION = 'EX-2026-0041';

const RISK_BEFORE: Risk = { severity: 8, occurrence: 4, detection: 5 };
const TITLE = 'Barrel zone 3 over-temperature on IMM-01';
const PROBLEM =
  'Zone 3 of IMM-01 ran above its 235 °C USL for 11 minutes while moulding BRL-2611-014 (EX-2026-0041): resin degradation, short shots and weak Luer threads are possible in barrels already made into finished syringes.';
const SCOPE: CapaScope = {
  equipmentCodes: ['IMM-01'],
  parameters: ['barrel_temp_zone3'],
  materialCodes: ['RM-PP-1001', 'SA-BRL-3001', 'FG-SYR-3ML'],
  supplierCodes: ['SUP-HME'],
  lotNumbers: ['BRL-2611-014', 'RPP-2611-002', 'SYR3-2611-0008'],
};

const FIVE_WHYS: Why[] = [
  { question: 'Why did the barrels of BRL-2611-014 risk degradation?', answer: 'Zone 3 of IMM-01 ran at up to 243.8 °C, above the 235 °C USL, for 11 minutes.', evidence: [{ kind: 'LOT', id: 'BRL-2611-014' }] },
  { question: 'Why did zone 3 run hot?', answer: 'The controller drove the heater band harder than needed.', evidence: [] },
  { question: 'Why did the controller over-drive the band?', answer: 'Thermocouple TC-3 read 9 °C low, so the controller saw a cold zone.', evidence: [] },
  { question: 'Why did TC-3 read low?', answer: 'It had drifted after 14 months in service.', evidence: [] },
  { question: 'Why was the drift not caught?', answer: 'The PM plan has no thermocouple drift check.', evidence: [] },
];

const CAUSES: FishboneCause[] = [
  { key: 'TC3-DRIFT', category: 'MACHINE', description: 'Thermocouple TC-3 on IMM-01 drifted 9 °C low after 14 months in service', evidence: [] },
  { key: 'PM-NO-DRIFT-CHECK', category: 'METHOD', description: 'The PM plan of the moulding machines has no thermocouple drift check', evidence: [] },
  { key: 'RESIN-MFR', category: 'MATERIAL', description: 'Resin lot RPP-2611-002 melt flow at the top of its range (ruled out: within spec)', evidence: [{ kind: 'LOT', id: 'RPP-2611-002' }] },
];

const ACTIONS: Array<{ kind: CapaActionKind; description: string; owner: string; dueOn: string; status: CapaActionStatus; evidence?: string; completedAt?: string }> = [
  {
    kind: 'CORRECTION', description: 'Replace TC-3 and recalibrate all barrel zones on IMM-01', owner: 'operator', dueOn: '2026-11-13', status: 'DONE',
    evidence: 'Work order WO-IMM01-2611-07: TC-3 replaced, zones 1-5 calibrated against the reference probe (certificate CAL-2611-031)', completedAt: '2026-11-13T09:30:00Z',
  },
  { kind: 'CORRECTIVE', description: 'Add a thermocouple drift check to the monthly PM plan of every moulding machine', owner: 'qa.engineer', dueOn: '2026-12-15', status: 'OPEN' },
  { kind: 'PREVENTIVE', description: 'Alarm and auto-hold when any barrel zone runs outside its warning limits for 2 minutes', owner: 'qa.manager', dueOn: '2027-01-15', status: 'OPEN' },
];

/**
 * The demo CAPA: opened for EX-2026-0041, investigated (5-Why and fishbone: thermocouple drift, no drift check in
 * the PM plan), three actions planned and the correction done; its effectiveness check and plan approval are the
 * next steps. Loaded once: seeding again adds what is missing and leaves the CAPA as it has become since (its
 * changes are GxP records, with their audit entries and signatures).
 */
export async function seedCapaDemo(database: SubgraphDatabase): Promise<{ capas: number }> {
  const ds = database.dataSource;
  const id = demoId.capa(NUMBER);
  const type = auditedRecordType('Capa');
  await ds.transaction(async (manager) => {
    const loaded = (await recordStates(manager, type, [NUMBER])).has(NUMBER);
    const capa = {
      status: 'INVESTIGATING', title: TITLE, capaType: 'CORRECTIVE', problemStatement: PROBLEM, riskBefore: RISK_BEFORE, owner: 'qa.engineer', dueOn: '2026-12-31',
      rootCause: CAUSES[0].description, rootCauseCategory: CAUSES[0].category,
    };
    await manager.query(
      `INSERT INTO capa.capa (id, number, title, type, status, problem_statement, risk_before, root_cause, root_cause_category, scope, owner, due_on, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'qa.engineer', '2026-11-12T08:00:00Z')
       ON CONFLICT (id) DO NOTHING`,
      [id, NUMBER, capa.title, capa.capaType, capa.status, capa.problemStatement, JSON.stringify(capa.riskBefore), capa.rootCause, capa.rootCauseCategory, JSON.stringify(SCOPE), capa.owner, capa.dueOn],
    );
    // Audited as loaded once; a CAPA loaded before is left as it has become, with its own trail.
    if (!loaded) await auditLoadedRecord(new AuditTrail(ds, 'capa'), manager, type, { entityId: NUMBER, values: capa, before: null });
    await manager.query(
      `INSERT INTO capa.capa_source (id, capa_id, position, kind, exception_id, exception_number) VALUES ($1, $2, 1, 'EXCEPTION', $3, $4) ON CONFLICT DO NOTHING`,
      [deterministicUuid('capa-source', NUMBER, '1'), id, demoId.exception(EXCEPTION), EXCEPTION],
    );
    await manager.query(
      `INSERT INTO capa.root_cause_analysis (id, capa_id, version, five_whys, causes, root_cause_key, justification, recorded_by, recorded_at)
       VALUES ($1, $2, 1, $3, $4, 'TC3-DRIFT', $5, 'qa.engineer', '2026-11-14T10:00:00Z') ON CONFLICT DO NOTHING`,
      [
        deterministicUuid('capa-rca', NUMBER, '1'), id, JSON.stringify(FIVE_WHYS), JSON.stringify(CAUSES),
        'Replacing TC-3 brought zone 3 back to 228 °C at the same controller output; the removed TC-3 read 9 °C low in the calibration bath.',
      ],
    );
    for (const [i, action] of ACTIONS.entries()) {
      await manager.query(
        `INSERT INTO capa.capa_action (id, capa_id, sequence, kind, description, owner, due_on, status, completion_evidence, completed_at, completed_by, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'qa.engineer', '2026-11-14T10:30:00Z')
         ON CONFLICT DO NOTHING`,
        [
          demoId.capaAction(NUMBER, i), id, i + 1, action.kind, action.description, action.owner, action.dueOn, action.status,
          action.evidence ?? null, action.completedAt ?? null, action.completedAt ? action.owner : null,
        ],
      );
    }
  });
  return { capas: 1 };
}
