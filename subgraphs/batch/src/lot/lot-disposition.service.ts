import { GraphQLError } from 'graphql';
import { CONTAINMENT_USER, badInput, notFound, type AuditTrail, type FieldChanges, type Identity } from '@lotgraph/server';
import type { LotRepository } from './lot.repository';
import type { LotEntity, LotStatus } from './lot.entity';
import type { LotStatusChangeRepository } from './lot-status-change.repository';
import type { LotExceptionHoldRepository } from './lot-exception-hold.repository';
import type { DispositionDecision } from './lot-exception-hold.entity';
import { assertTransition } from './lot-status';
import type { RecallRepository } from '../recall/recall.repository';

export interface ApplyDispositionRequest {
  lotNumber: string;
  exceptionNumber: string;
  decision: DispositionDecision;
  reason: string;
  actor: Identity;
  requestId: string;
}

const DECISIONS: readonly DispositionDecision[] = ['USE_AS_IS', 'REWORK', 'SCRAP', 'RETURN_TO_SUPPLIER', 'RELEASE'];
const REJECTING: readonly DispositionDecision[] = ['SCRAP', 'RETURN_TO_SUPPLIER'];

/**
 * Applies a quality exception's disposition of a lot, the only way that exception's hold is lifted. SCRAP and
 * RETURN_TO_SUPPLIER reject the lot at once (REJECTED wins over any other exception's decision); RELEASE and
 * USE_AS_IS return it to the status it was held from, REWORK to QUARANTINE, but only once every exception
 * holding it has dispositioned it (until then it stays ON_HOLD, and a REWORK lowers where it will return to).
 * Only the quality domain's delivery (the quality.containment system user) calls it, so no person bypasses the
 * disposition; the same disposition sent again changes nothing.
 */
export class LotDispositionService {
  constructor(
    private readonly lots: LotRepository,
    private readonly history: LotStatusChangeRepository,
    private readonly holds: LotExceptionHoldRepository,
    private readonly recalls: RecallRepository,
    private readonly audit: AuditTrail,
  ) {}

  async apply(request: ApplyDispositionRequest): Promise<LotEntity> {
    const exceptionNumber = request.exceptionNumber.trim();
    const reason = request.reason.trim();
    if (request.actor.id !== CONTAINMENT_USER.id) {
      throw new GraphQLError(
        `${request.actor.id} may not apply a disposition to lot ${request.lotNumber}: dispositions are decided in the quality domain (dispositionLot on ${exceptionNumber}) and applied here only by its delivery (${CONTAINMENT_USER.id})`,
        { extensions: { code: 'FORBIDDEN', needed: [CONTAINMENT_USER.id] } },
      );
    }
    if (!DECISIONS.includes(request.decision)) throw badInput('Lot', 'decision', `${String(request.decision)} is not a disposition`);
    if (!exceptionNumber) throw badInput('Lot', 'exceptionNumber', 'the exception whose disposition this is is required');
    if (!reason) throw badInput('Lot', 'reason', `a reason is required to apply a disposition to lot ${request.lotNumber}`);
    return this.lots.transaction(async (manager) => {
      const lot = await this.lots.findByLotNumberForUpdate(request.lotNumber, manager);
      if (!lot) throw notFound('Lot', 'lotNumber', request.lotNumber);
      const earlier = (await this.holds.dispositionsOf([lot.id], manager)).find((d) => d.exceptionNumber === exceptionNumber);
      if (earlier) {
        if (earlier.decision === request.decision) return lot;
        throw badInput('Lot', 'decision', `${exceptionNumber} already dispositioned lot ${lot.lotNumber} as ${earlier.decision}; a disposition is final`);
      }
      const stillHeldBy = (await this.holds.openHolds(lot.id, manager)).filter((hold) => hold.exceptionNumber !== exceptionNumber).map((h) => h.exceptionNumber);
      const recall = lot.status === 'ON_HOLD' ? await this.recalls.findHoldingRecall(lot.id, manager) : null;
      const from = lot.status;
      const fromBeforeHold = lot.statusBeforeHold;
      const to = this.nextStatus(lot, request.decision, stillHeldBy.length > 0 || recall !== null);
      if (to !== from) {
        assertTransition(lot.lotNumber, from, to);
        lot.status = to;
        lot.statusBeforeHold = null;
      } else if (to === 'ON_HOLD' && request.decision === 'REWORK') {
        lot.statusBeforeHold = 'QUARANTINE'; // reworked: wherever it was held from, it comes back to quarantine
      }
      const changes: FieldChanges = { exceptionNumber: { new: exceptionNumber }, decision: { new: request.decision } };
      if (to !== from) changes.status = { old: from, new: to };
      if (lot.statusBeforeHold !== fromBeforeHold && to === from) changes.statusBeforeHold = { old: fromBeforeHold, new: lot.statusBeforeHold };
      const saved = changes.status || changes.statusBeforeHold ? await this.lots.save(lot, manager) : lot;
      if (to !== from) {
        await this.history.save(
          { lotId: lot.id, fromStatus: from, toStatus: to, reason: `Disposition ${request.decision} of ${exceptionNumber}: ${reason}`, exceptionNumber, changedBy: request.actor.id, requestId: request.requestId },
          manager,
        );
      }
      await this.holds.insertDisposition(
        { lotId: lot.id, exceptionNumber, decision: request.decision, reason, statusAfter: saved.status, appliedBy: request.actor.id, requestId: request.requestId },
        manager,
      );
      const waiting = to === 'ON_HOLD' ? ` (still held by ${[...stillHeldBy, ...(recall ? [`recall ${recall.number}`] : [])].join(', ')})` : '';
      await this.audit.record(manager, {
        actor: request.actor,
        action: 'APPLY_DISPOSITION',
        entityType: 'Lot',
        entityId: lot.lotNumber,
        changes,
        reason: `${reason}${waiting}`,
        requestId: request.requestId,
      });
      return saved;
    });
  }

  /** Where the lot goes: REJECTED at once for a rejecting decision; otherwise out of hold once nothing else holds it. */
  private nextStatus(lot: LotEntity, decision: DispositionDecision, heldOtherwise: boolean): LotStatus {
    // A recalled or rejected lot stays so: the disposition is recorded, the final status kept.
    if (lot.status === 'RECALLED' || lot.status === 'REJECTED') return lot.status;
    if (REJECTING.includes(decision)) return 'REJECTED';
    if (lot.status !== 'ON_HOLD' || heldOtherwise) return lot.status;
    return decision === 'REWORK' ? 'QUARANTINE' : (lot.statusBeforeHold ?? 'QUARANTINE');
  }
}
