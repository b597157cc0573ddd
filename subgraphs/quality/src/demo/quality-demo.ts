import { demoId, type SubgraphDatabase } from '@lotgraph/server';
import { QualityExceptionRepository } from '../exception/quality-exception.repository';
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

/** Loads the demo exceptions, or puts them back to their demo state; nothing is deleted. */
export async function seedQualityDemo(database: SubgraphDatabase): Promise<{ exceptions: number }> {
  const repo = new QualityExceptionRepository(database.dataSource);
  await repo.transaction(async (manager) => {
    for (const demo of DEMO_EXCEPTIONS) {
      const id = demoId.exception(demo.number);
      await repo.save(
        {
          id,
          number: demo.number,
          title: demo.title,
          description: demo.description,
          severity: demo.severity,
          status: demo.status,
          detectedAt: new Date(demo.detectedAt),
          dueAt: new Date(demo.dueAt),
          equipmentId: demo.equipment ? demoId.equipment(demo.equipment) : null,
          parameter: demo.parameter ?? null,
        },
        manager,
      );
      for (const [lotNumber, role] of demo.lots) {
        await repo.saveAffectedLot({ exceptionId: id, lotId: demoId.lot(lotNumber), role }, manager);
      }
    }
  });
  return { exceptions: DEMO_EXCEPTIONS.length };
}
