import { GraphQLError } from 'graphql';
import { badInput, notFound, type GraphCaller } from '@lotgraph/server';
import type { LotRepository } from './lot.repository';
import type { LotEntity } from './lot.entity';
import type { LotStatusService, StatusChangeRequest } from './lot-status.service';
import type { QualityGateClient } from './quality-gate.client';

export interface ReleaseRequest extends StatusChangeRequest {
  caller: GraphCaller;
}

function notQuarantined(lot: LotEntity): GraphQLError {
  const hint = lot.status === 'ON_HOLD' ? ': lift the hold first (unholdLot)' : '';
  return new GraphQLError(`Lot ${lot.lotNumber} is ${lot.status}: only a QUARANTINE lot can be released${hint}`, {
    extensions: { code: 'ILLEGAL_TRANSITION', lotNumber: lot.lotNumber, field: 'status', from: lot.status, to: 'RELEASED' },
  });
}

/**
 * QUARANTINE -> RELEASED, only when the quality domain says so. The check goes through the graph before the
 * lot's row is locked (no database lock is held across an HTTP call); a lot put on hold meanwhile is no
 * longer QUARANTINE when the change is made, and is refused.
 */
export class LotReleaseService {
  constructor(
    private readonly lots: LotRepository,
    private readonly statuses: LotStatusService,
    private readonly quality: QualityGateClient,
  ) {}

  async release(request: ReleaseRequest): Promise<LotEntity> {
    if (!request.reason.trim()) throw badInput('Lot', 'reason', `a reason is required to change the status of lot ${request.lotNumber}`);
    const lot = await this.lots.findByLotNumber(request.lotNumber);
    if (!lot) throw notFound('Lot', 'lotNumber', request.lotNumber);
    // Releasing a released lot again (a retried request) changes nothing and asks no one.
    if (lot.status === 'RELEASED') return lot;
    if (lot.status !== 'QUARANTINE') throw notQuarantined(lot);
    await this.quality.assertReleasable(lot.lotNumber, request.caller);
    return this.statuses.change(request, (current) => {
      if (current.status === 'RELEASED') return 'unchanged';
      if (current.status !== 'QUARANTINE') throw notQuarantined(current);
      return { to: 'RELEASED', statusBeforeHold: null };
    });
  }
}
