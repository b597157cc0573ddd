import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import { CONTAINMENT_USER, badInput, notFound, type AuditTrail, type Identity } from '@lotgraph/server';
import type { LotRepository } from './lot.repository';
import type { LotStatusChangeRepository } from './lot-status-change.repository';
import type { LotEntity, LotStatus } from './lot.entity';
import { assertTransition } from './lot-status';
import type { RecallRepository } from '../recall/recall.repository';
import type { LotExceptionHoldRepository } from './lot-exception-hold.repository';

export interface StatusChangeRequest {
  lotNumber: string;
  reason: string;
  exceptionNumber?: string | null;
  actor: Identity;
  requestId: string;
}

type Step = { to: LotStatus; statusBeforeHold: LotStatus | null } | 'unchanged';

/** Changes a lot's status through the status machine, recording who, when and why in the same transaction. */
export class LotStatusService {
  constructor(
    private readonly lots: LotRepository,
    private readonly history: LotStatusChangeRepository,
    private readonly recalls: RecallRepository,
    private readonly audit: AuditTrail,
    private readonly exceptionHolds: LotExceptionHoldRepository,
  ) {}

  /**
   * Holding a lot that is already on hold changes its status nothing (a retried request, a second exception). A
   * hold the quality domain's containment places for an exception is also recorded as that exception's hold, even
   * on a lot already held: it is lifted only by that exception's disposition (applyDisposition). Such a hold on a
   * final (REJECTED, RECALLED) lot, or on a lot the exception has already dispositioned, changes nothing.
   */
  hold(request: StatusChangeRequest): Promise<LotEntity> {
    return this.change(request, async (lot, manager) => {
      const exceptionNumber = request.exceptionNumber?.trim();
      if (exceptionNumber && request.actor.id === CONTAINMENT_USER.id) {
        // Containment arriving late changes nothing: a REJECTED or RECALLED lot cannot be used anyway, and a lot
        // this exception has already dispositioned stays as the disposition left it.
        if (lot.status === 'REJECTED' || lot.status === 'RECALLED') return 'unchanged';
        const decided = await this.exceptionHolds.dispositionsOf([lot.id], manager);
        if (decided.some((d) => d.exceptionNumber === exceptionNumber)) return 'unchanged';
        const added = await this.exceptionHolds.recordHold({ lotId: lot.id, exceptionNumber, heldBy: request.actor.id, requestId: request.requestId }, manager);
        if (added && lot.status === 'ON_HOLD') {
          await this.audit.record(manager, {
            actor: request.actor, action: 'EXCEPTION_HOLD', entityType: 'Lot', entityId: lot.lotNumber,
            changes: { exceptionNumber: { new: exceptionNumber } }, reason: request.reason.trim(), requestId: request.requestId,
          });
        }
      }
      return lot.status === 'ON_HOLD' ? 'unchanged' : { to: 'ON_HOLD', statusBeforeHold: lot.status };
    });
  }

  /** Lifting a hold returns the lot to the status it was held from; a hold a recall placed stays. */
  unhold(request: StatusChangeRequest): Promise<LotEntity> {
    return this.change(request, async (lot, manager) => {
      if (lot.status !== 'ON_HOLD') {
        throw new GraphQLError(`Lot ${lot.lotNumber} is ${lot.status}, not ON_HOLD: there is no hold to lift`, {
          extensions: { code: 'ILLEGAL_TRANSITION', lotNumber: lot.lotNumber, field: 'status', from: lot.status },
        });
      }
      const [held] = await this.exceptionHolds.openHolds(lot.id, manager);
      if (held) {
        throw new GraphQLError(
          `Lot ${lot.lotNumber} is held by quality exception ${held.exceptionNumber}: that hold is lifted only by a disposition of ${held.exceptionNumber} (dispositionLot), not by unholdLot`,
          { extensions: { code: 'HELD_BY_EXCEPTION', lotNumber: lot.lotNumber, field: 'status', exceptionNumber: held.exceptionNumber } },
        );
      }
      const recall = await this.recalls.findHoldingRecall(lot.id, manager);
      if (recall) {
        throw new GraphQLError(`Lot ${lot.lotNumber} is held by recall ${recall.number}: the hold cannot be lifted while the recall stands`, {
          extensions: { code: 'ILLEGAL_TRANSITION', lotNumber: lot.lotNumber, field: 'status', recallNumber: recall.number },
        });
      }
      return { to: lot.statusBeforeHold ?? 'QUARANTINE', statusBeforeHold: null };
    });
  }

  reject(request: StatusChangeRequest): Promise<LotEntity> {
    return this.change(request, (lot) => (lot.status === 'REJECTED' ? 'unchanged' : { to: 'REJECTED', statusBeforeHold: null }));
  }

  /**
   * One step through the status machine: `next` picks the new status from the locked lot, or changes nothing.
   * `afterChange` runs in the same transaction once the status changed (not when nothing changed), to write what
   * belongs with the change, such as the release signature; if it throws, the change is not made.
   */
  async change(
    request: StatusChangeRequest,
    next: (lot: LotEntity, manager: EntityManager) => Step | Promise<Step>,
    afterChange?: (lot: LotEntity, manager: EntityManager) => Promise<void>,
  ): Promise<LotEntity> {
    const reason = request.reason.trim();
    if (!reason) throw badInput('Lot', 'reason', `a reason is required to change the status of lot ${request.lotNumber}`);
    return this.lots.transaction(async (manager) => {
      const lot = await this.lots.findByLotNumberForUpdate(request.lotNumber, manager);
      if (!lot) throw notFound('Lot', 'lotNumber', request.lotNumber);
      const step = await next(lot, manager);
      if (step === 'unchanged') return lot;
      const { to, statusBeforeHold } = step;
      assertTransition(lot.lotNumber, lot.status, to);
      const from = lot.status;
      lot.status = to;
      lot.statusBeforeHold = statusBeforeHold;
      const saved = await this.lots.save(lot, manager);
      await this.history.save(
        {
          lotId: lot.id,
          fromStatus: from,
          toStatus: to,
          reason,
          exceptionNumber: request.exceptionNumber ?? null,
          changedBy: request.actor.id,
          requestId: request.requestId,
        },
        manager,
      );
      await this.audit.record(manager, {
        actor: request.actor,
        action: 'STATUS_CHANGE',
        entityType: 'Lot',
        entityId: lot.lotNumber,
        changes: { status: { old: from, new: to }, ...(request.exceptionNumber ? { exceptionNumber: { new: request.exceptionNumber } } : {}) },
        reason,
        requestId: request.requestId,
      });
      await afterChange?.(saved, manager);
      return saved;
    });
  }
}
