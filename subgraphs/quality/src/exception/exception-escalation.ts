import { CONTAINMENT_USER, PeriodicWorker, type AuditTrail } from '@lotgraph/server';
import type { QualityExceptionRepository } from './quality-exception.repository';
import type { SeverityPolicies } from '../workflow/severity-policy';
import type { ExceptionEvents } from '../notification/exception-events';
import { isOpen } from './exception-status';

/**
 * Escalates exceptions past their due time that are not yet dispositioned: once each, recorded on the exception
 * and in its audit trail, and told to the escalation roles of its policy (webhooks and the live stream).
 */
export class ExceptionEscalation extends PeriodicWorker {
  constructor(
    private readonly exceptions: QualityExceptionRepository,
    private readonly policies: SeverityPolicies,
    private readonly events: ExceptionEvents,
    private readonly audit: AuditTrail,
    everyMs = 60_000,
  ) {
    super('exception escalation', everyMs);
  }

  /** Escalates what is overdue now; answers the numbers escalated. */
  async runOnce(now = new Date()): Promise<string[]> {
    const escalated: string[] = [];
    for (const due of await this.exceptions.findOverdueToEscalate(now)) {
      const policy = await this.policies.forException(due);
      const done = await this.exceptions.transaction(async (manager) => {
        const exception = await this.exceptions.findByIdForUpdate(due.id, manager);
        if (!exception || exception.escalatedAt || !isOpen(exception.status)) return false;
        exception.escalatedAt = now;
        await this.exceptions.save(exception, manager);
        const hoursLate = Math.round(((now.getTime() - exception.dueAt!.getTime()) / 3_600_000) * 10) / 10;
        const detail = `${exception.number} (${exception.severity}) is ${exception.status} and was due ${exception.dueAt!.toISOString()} (${hoursLate} h ago); escalated to ${policy.escalateToRoles.join(', ')}`;
        await this.audit.record(manager, {
          actor: CONTAINMENT_USER,
          action: 'ESCALATE_EXCEPTION',
          entityType: 'QualityException',
          entityId: exception.number,
          changes: { escalatedAt: { new: now }, escalatedTo: { new: policy.escalateToRoles } },
          reason: detail,
        });
        await this.events.publish(manager, { type: 'exception.escalated', exception, detail });
        return true;
      });
      if (done) escalated.push(due.number);
    }
    return escalated;
  }
}
