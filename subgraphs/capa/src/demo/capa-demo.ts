import { demoId, type SubgraphDatabase } from '@lotgraph/server';
import { CapaRepository } from '../capa/capa.repository';
import type { CapaActionKind, CapaActionStatus } from '../capa/capa-action.entity';

const DEMO_CAPA = {
  number: 'CAPA-2026-0017',
  title: 'Barrel zone 3 over-temperature on IMM-01',
  exception: 'EX-2026-0041',
  status: 'IMPLEMENTING' as const,
  rootCause:
    'Thermocouple TC-3 on IMM-01 drifted +9 °C after 14 months in service (no drift check in the PM plan); the controller over-corrected the heater band. 5-Why and fishbone (Machine, Method) in the investigation record.',
  owner: 'qa.engineer',
  dueOn: '2026-12-15',
  actions: [
    { kind: 'CORRECTION', description: 'Replace TC-3 and recalibrate all barrel zones on IMM-01', owner: 'operator', dueOn: '2026-11-13', status: 'DONE' },
    { kind: 'CORRECTIVE', description: 'Add thermocouple drift check to the monthly PM plan of every moulding machine', owner: 'qa.engineer', dueOn: '2026-12-01', status: 'OPEN' },
    { kind: 'PREVENTIVE', description: 'Alarm and auto-hold when any barrel zone runs outside its warning limits for 2 minutes', owner: 'qa.manager', dueOn: '2026-12-15', status: 'OPEN' },
  ] as Array<{ kind: CapaActionKind; description: string; owner: string; dueOn: string; status: CapaActionStatus }>,
};

/** Loads the demo CAPA, or puts it back to its demo state; nothing is deleted. */
export async function seedCapaDemo(database: SubgraphDatabase): Promise<{ capas: number }> {
  const repo = new CapaRepository(database.dataSource);
  await repo.transaction(async (manager) => {
    const id = demoId.capa(DEMO_CAPA.number);
    await repo.save(
      {
        id,
        number: DEMO_CAPA.number,
        title: DEMO_CAPA.title,
        exceptionId: demoId.exception(DEMO_CAPA.exception),
        status: DEMO_CAPA.status,
        rootCause: DEMO_CAPA.rootCause,
        owner: DEMO_CAPA.owner,
        dueOn: DEMO_CAPA.dueOn,
      },
      manager,
    );
    for (const [position, action] of DEMO_CAPA.actions.entries()) {
      await repo.saveAction({ id: demoId.capaAction(DEMO_CAPA.number, position), capaId: id, position, ...action }, manager);
    }
  });
  return { capas: 1 };
}
