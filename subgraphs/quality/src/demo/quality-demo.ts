import { AuditTrail, demoId, deterministicUuid, loadAuditedRecord, type SubgraphDatabase } from '@lotgraph/server';
import { QualityExceptionRepository } from '../exception/quality-exception.repository';
import { InspectionRepository } from '../inspection/inspection.repository';
import type { InspectionResult, InspectionStage } from '../inspection/inspection.entity';
import type { AffectedLotRole } from '../exception/affected-lot.entity';
import type { ExceptionStatus, Severity } from '../exception/quality-exception.entity';

interface DemoException {
  number: string;
  title: string;
  description: string;
  severity: Severity;
  status: ExceptionStatus;
  detectedAt: string;
  dueAt: string;
  equipment?: string;
  parameter?: string;
  lots: Array<[lotNumber: string, role: AffectedLotRole]>;
}

const DEMO_EXCEPTIONS: DemoException[] = [
  {
    number: 'EX-2026-0041',
    title: 'Barrel temperature zone 3 above USL on IMM-01',
    description:
      'Zone 3 barrel temperature reached 243.8 °C against an upper limit of 235 °C for 11 minutes while moulding barrels for lot BRL-2611-014. Risk: resin degradation, short shots and weak Luer threads.',
    severity: 'MAJOR',
    status: 'INVESTIGATING',
    detectedAt: '2026-11-12T03:17:00Z',
    dueAt: '2026-11-19T03:17:00Z',
    equipment: 'IMM-01',
    parameter: 'barrel_temp_zone3',
    lots: [
      ['BRL-2611-014', 'RUNNING'],
      ['RPP-2611-002', 'CONSUMED'],
      ['SYR3-2611-0008', 'DOWNSTREAM'],
    ],
  },
  {
    number: 'EX-2026-0042',
    title: 'Gasket CoA lacks the extractables result',
    description: 'Certificate of analysis for supplier lot HM-G-5602 has no extractables (ISO 10993-18) result; lot kept in quarantine.',
    severity: 'MINOR',
    status: 'OPEN',
    detectedAt: '2026-11-17T09:40:00Z',
    dueAt: '2026-12-01T09:40:00Z',
    lots: [['GSK-2611-002', 'REPORTED']],
  },
];

interface DemoInspection {
  lot: string;
  sample: string;
  stage: InspectionStage;
  test: string;
  required?: boolean;
  result: InspectionResult;
  value?: [number, string];
  attribute?: string;
  spec?: string;
  by: string;
  at: string;
}

const MFR = 'Melt flow rate (230 °C/2.16 kg)';
const THREAD = 'Luer lock thread, ISO 80369-7 gauge';
const LEAK = 'Leakage past the piston (ISO 7886-1 Annex B)';
const BI = 'EO sterilisation, biological indicators (ISO 11135)';

/**
 * Inspections of the demo lots. Every released lot passed its required inspections. Of the quarantined lots,
 * SYR5-2611-0003 passed everything and may be released; GSK-2611-002 waits for its extractables result (and
 * EX-2026-0042). Held BRL-2611-014 failed the thread gauge after the over-temperature.
 */
const DEMO_INSPECTIONS: DemoInspection[] = [
  { lot: 'RPP-2611-001', sample: 'LS-2611-0101', stage: 'INCOMING', test: MFR, result: 'PASS', value: [12.1, 'g/10 min'], spec: 'RM-PP-1001 rev C: 10.0–14.0 g/10 min', by: 'qc.inspector', at: '2026-10-03T09:00:00Z' },
  { lot: 'RPP-2611-002', sample: 'LS-2611-0102', stage: 'INCOMING', test: MFR, result: 'PASS', value: [11.4, 'g/10 min'], spec: 'RM-PP-1001 rev C: 10.0–14.0 g/10 min', by: 'qc.inspector', at: '2026-10-10T09:00:00Z' },
  { lot: 'RPE-2611-001', sample: 'LS-2611-0103', stage: 'INCOMING', test: MFR, result: 'PASS', value: [7.9, 'g/10 min'], spec: 'RM-PE-1002 rev A: 6.0–9.0 g/10 min', by: 'qc.inspector', at: '2026-10-06T09:00:00Z' },
  { lot: 'GSK-2611-001', sample: 'LS-2611-0104', stage: 'INCOMING', test: 'Hardness (Shore A)', result: 'PASS', value: [41, 'Shore A'], spec: 'CP-GSK-2001 rev B: 38–45 Shore A', by: 'qc.inspector', at: '2026-09-29T10:00:00Z' },
  { lot: 'GSK-2611-001', sample: 'LS-2611-0104', stage: 'INCOMING', test: 'Extractables (ISO 10993-18)', result: 'PASS', attribute: 'CoA result within the toxicological threshold', spec: 'CP-GSK-2001 rev B §6', by: 'qc.inspector', at: '2026-09-29T10:30:00Z' },
  { lot: 'GSK-2611-002', sample: 'LS-2611-0141', stage: 'INCOMING', test: 'Hardness (Shore A)', result: 'PASS', value: [42, 'Shore A'], spec: 'CP-GSK-2001 rev B: 38–45 Shore A', by: 'qc.inspector', at: '2026-11-17T09:00:00Z' },
  { lot: 'GSK-2611-002', sample: 'LS-2611-0141', stage: 'INCOMING', test: 'Extractables (ISO 10993-18)', result: 'PENDING', spec: 'CP-GSK-2001 rev B §6', by: 'qc.inspector', at: '2026-11-17T09:40:00Z' },
  { lot: 'BRL-2611-014', sample: 'LS-2611-0150', stage: 'IN_PROCESS', test: 'Barrel inner diameter', result: 'PASS', value: [8.66, 'mm'], spec: 'SA-BRL-3001 rev D: 8.60–8.70 mm', by: 'qc.inspector', at: '2026-11-12T11:00:00Z' },
  { lot: 'BRL-2611-014', sample: 'LS-2611-0150', stage: 'IN_PROCESS', test: THREAD, result: 'FAIL', attribute: 'Gauge does not engage fully on 3 of 32 barrels', spec: 'ISO 80369-7 go/no-go', by: 'qc.inspector', at: '2026-11-12T11:20:00Z' },
  { lot: 'BRL-2611-015', sample: 'LS-2611-0151', stage: 'IN_PROCESS', test: 'Barrel inner diameter', result: 'PASS', value: [8.65, 'mm'], spec: 'SA-BRL-3001 rev D: 8.60–8.70 mm', by: 'qc.inspector', at: '2026-11-13T11:00:00Z' },
  { lot: 'BRL-2611-015', sample: 'LS-2611-0151', stage: 'IN_PROCESS', test: THREAD, result: 'PASS', attribute: 'Gauge engages on 32 of 32 barrels', spec: 'ISO 80369-7 go/no-go', by: 'qc.inspector', at: '2026-11-13T11:20:00Z' },
  { lot: 'PLG-2611-010', sample: 'LS-2611-0152', stage: 'IN_PROCESS', test: 'Plunger rod length', result: 'PASS', value: [78.2, 'mm'], spec: 'SA-PLG-3002 rev B: 77.8–78.6 mm', by: 'qc.inspector', at: '2026-11-11T21:00:00Z' },
  { lot: 'SYR3-2611-0007', sample: 'LS-2611-0160', stage: 'FINAL', test: LEAK, result: 'PASS', attribute: 'No leakage on 20 of 20 syringes', spec: 'ISO 7886-1 Annex B', by: 'qc.inspector', at: '2026-11-14T20:00:00Z' },
  { lot: 'SYR3-2611-0007', sample: 'LS-2611-0161', stage: 'FINAL', test: BI, result: 'PASS', attribute: 'No growth in 10 of 10 indicators', spec: 'ISO 11135, VAL-EO-03', by: 'qc.inspector', at: '2026-11-14T22:00:00Z' },
  { lot: 'SYR3-2611-0008', sample: 'LS-2611-0170', stage: 'FINAL', test: LEAK, result: 'PASS', attribute: 'No leakage on 20 of 20 syringes', spec: 'ISO 7886-1 Annex B', by: 'qc.inspector', at: '2026-11-15T20:00:00Z' },
  { lot: 'SYR3-2611-0008', sample: 'LS-2611-0171', stage: 'FINAL', test: BI, result: 'PENDING', spec: 'ISO 11135, VAL-EO-03', by: 'qc.inspector', at: '2026-11-15T22:00:00Z' },
  { lot: 'SYR5-2611-0003', sample: 'LS-2611-0180', stage: 'FINAL', test: LEAK, result: 'PASS', attribute: 'No leakage on 20 of 20 syringes', spec: 'ISO 7886-1 Annex B', by: 'qc.inspector', at: '2026-11-16T20:00:00Z' },
  { lot: 'SYR5-2611-0003', sample: 'LS-2611-0180', stage: 'FINAL', test: 'Graduation accuracy at 5 mL', result: 'PASS', value: [0.03, 'mL'], spec: 'ISO 7886-1 Table 1: ±0.25 mL', by: 'qc.inspector', at: '2026-11-16T20:30:00Z' },
  { lot: 'SYR5-2611-0003', sample: 'LS-2611-0181', stage: 'FINAL', test: BI, result: 'PASS', attribute: 'No growth in 10 of 10 indicators', spec: 'ISO 11135, VAL-EO-03', by: 'qc.inspector', at: '2026-11-16T22:00:00Z' },
  { lot: 'SYR5-2611-0003', sample: 'LS-2611-0182', stage: 'FINAL', test: 'Particulate count (trend monitoring)', required: false, result: 'PENDING', spec: 'Trend only, no limit', by: 'qc.inspector', at: '2026-11-16T22:30:00Z' },
];

/** The material of each inspected demo lot, as the batch demo plant makes or receives it (subgraphs/batch/src/demo). */
const DEMO_LOT_MATERIALS: Record<string, string> = {
  'RPP-2611-001': 'RM-PP-1001',
  'RPP-2611-002': 'RM-PP-1001',
  'RPE-2611-001': 'RM-PE-1002',
  'GSK-2611-001': 'CP-GSK-2001',
  'GSK-2611-002': 'CP-GSK-2001',
  'BRL-2611-014': 'SA-BRL-3001',
  'BRL-2611-015': 'SA-BRL-3001',
  'PLG-2611-010': 'SA-PLG-3002',
  'SYR3-2611-0007': 'FG-SYR-3ML',
  'SYR3-2611-0008': 'FG-SYR-3ML',
  'SYR5-2611-0003': 'FG-SYR-5ML',
};

async function seedInspections(database: SubgraphDatabase, audit: AuditTrail): Promise<void> {
  const repo = new InspectionRepository(database.dataSource);
  await repo.transaction(async (manager) => {
    for (const demo of DEMO_INSPECTIONS) {
      const id = deterministicUuid('inspection', demo.lot, demo.sample, demo.test);
      // Every audited field is written (a reload puts back what a completed result changed).
      const result = {
        source: 'OWN' as const,
        stage: demo.stage,
        required: demo.required ?? true,
        result: demo.result,
        measuredValue: demo.value?.[0] ?? null,
        unit: demo.value?.[1] ?? null,
        lowerLimit: null,
        upperLimit: null,
        attributeValue: demo.attribute ?? null,
        specReference: demo.spec ?? null,
        inspectedBy: demo.by,
        inspectedAt: new Date(demo.at),
        materialCode: DEMO_LOT_MATERIALS[demo.lot],
      };
      await loadAuditedRecord(audit, manager, { entityType: 'Inspection', entityId: id, values: result }, () =>
        repo.save({ id, lotId: demoId.lot(demo.lot), lotNumber: demo.lot, sampleId: demo.sample, testName: demo.test, ...result, recordedBy: demo.by, recordedAt: new Date(demo.at), requestId: null }, manager),
      );
    }
  });
}

/** Loads the demo exceptions and inspections, or puts them back to their demo state; nothing is deleted. */
export async function seedQualityDemo(database: SubgraphDatabase): Promise<{ exceptions: number; inspections: number }> {
  const repo = new QualityExceptionRepository(database.dataSource);
  const audit = new AuditTrail(database.dataSource, 'quality');
  await repo.transaction(async (manager) => {
    for (const demo of DEMO_EXCEPTIONS) {
      const id = demoId.exception(demo.number);
      const audited = { title: demo.title, severity: demo.severity, status: demo.status, dueAt: new Date(demo.dueAt) };
      await loadAuditedRecord(audit, manager, { entityType: 'QualityException', entityId: demo.number, values: audited }, () =>
        repo.save(
          {
            id,
            number: demo.number,
            ...audited,
            description: demo.description,
            detectedAt: new Date(demo.detectedAt),
            equipmentId: demo.equipment ? demoId.equipment(demo.equipment) : null,
            parameter: demo.parameter ?? null,
          },
          manager,
        ),
      );
      for (const [lotNumber, role] of demo.lots) {
        await repo.saveAffectedLot({ exceptionId: id, lotId: demoId.lot(lotNumber), lotNumber, role }, manager);
      }
    }
  });
  await seedInspections(database, audit);
  return { exceptions: DEMO_EXCEPTIONS.length, inspections: DEMO_INSPECTIONS.length };
}
