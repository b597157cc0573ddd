import { CAPA_NOTIFIER_USER, PeriodicWorker, type AuditTrail } from '@lotgraph/server';
import type { CapaRepository } from '../capa/capa.repository';
import type { CapaActionRepository } from '../action/capa-action.repository';
import { isFinal } from '../capa/capa-status';
import { todayUtc } from '../capa/capa-input';
import type { CapaEvents } from './capa-events';

/**
 * Tells of CAPA actions past their due date, once each: recorded on the action and in the CAPA's audit trail, and
 * sent as a capa.action-overdue event to the quality domain's webhooks and live stream.
 */
export class OverdueActionEscalation extends PeriodicWorker {
  constructor(
    private readonly capas: CapaRepository,
    private readonly actions: CapaActionRepository,
    private readonly events: CapaEvents,
    private readonly audit: AuditTrail,
    everyMs = 60_000,
  ) {
    super('CAPA overdue actions', everyMs);
  }

  /** Tells of what is overdue now; answers `<CAPA number>/<sequence>` of each action told of. */
  async runOnce(now = new Date()): Promise<string[]> {
    const told: string[] = [];
    for (const due of await this.actions.findOverdueToNotify(todayUtc(now))) {
      const done = await this.capas.transaction(async (manager) => {
        const [capa] = await this.capas.findByIds([due.capaId], manager);
        const locked = await this.capas.findByNumberForUpdate(capa.number, manager);
        const action = await this.actions.findByIdForUpdate(due.id, manager);
        if (!locked || !action || action.status !== 'OPEN' || action.overdueNotifiedAt || isFinal(locked.status)) return null;
        await this.actions.save({ ...action, overdueNotifiedAt: now }, manager);
        const detail = `${locked.number} action ${action.sequence} (${action.kind}: ${action.description}) was due ${action.dueOn} and is still open; owner ${action.owner}`;
        await this.audit.record(manager, {
          actor: CAPA_NOTIFIER_USER, action: 'ACTION_OVERDUE', entityType: 'Capa', entityId: locked.number,
          changes: { actionSequence: { new: action.sequence }, overdueNotifiedAt: { new: now } }, reason: detail,
        });
        await this.events.actionOverdue(manager, locked, action, detail);
        return `${locked.number}/${action.sequence}`;
      });
      if (done) told.push(done);
    }
    if (told.length) this.events.deliverSoon();
    return told;
  }
}
