import { GraphQLError } from 'graphql';
import { USAGE_GUARD_USER, badInput, isUuid, type AuditTrail, type Identity } from '@lotgraph/server';
import type { LotRuleChecks } from './lot-rule-checks';
import type { LotUsageRefusal, LotUsageRefusalRepository } from './lot-usage-refusal.repository';

/** The batch domain's refusal as its usage guard sends it (the GraphQL LotUsageRefusalInput). */
export interface LotUsageRefusalInput {
  refusalId: string;
  lotId: string;
  lotNumber: string;
  attemptedUse: string;
  lotStatus: string;
  reference?: string | null;
  attemptedBy: string;
  attemptedAt: Date;
}

const USES = ['CONSUME', 'MOVE', 'SHIP'];

/**
 * Records each refused use of a lot once, by the batch domain's id for it, and judges it by the HELD_LOT_USE
 * rules in the same transaction. Only the batch domain's usage guard tells of refusals: they are its records.
 */
export class LotUsageRefusalService {
  constructor(
    private readonly refusals: LotUsageRefusalRepository,
    private readonly checks: LotRuleChecks,
    private readonly audit: AuditTrail,
  ) {}

  async record(input: LotUsageRefusalInput, actor: Identity, requestId: string | null): Promise<LotUsageRefusal> {
    if (actor.id !== USAGE_GUARD_USER.id) {
      throw new GraphQLError(`${actor.id} may not record a refused use of lot ${input.lotNumber}: refusals are the batch domain's records, told only by ${USAGE_GUARD_USER.id}`, {
        extensions: { code: 'FORBIDDEN', needed: [USAGE_GUARD_USER.id] },
      });
    }
    const label = `LotUsageRefusal ${input.refusalId}`;
    if (!isUuid(input.refusalId)) throw badInput('LotUsageRefusal', 'refusalId', `must be the batch domain's refusal id (a UUID), not ${JSON.stringify(input.refusalId)}`);
    if (!isUuid(input.lotId)) throw badInput(label, 'lotId', `must be the batch domain's lot id (a UUID), not ${JSON.stringify(input.lotId)}`);
    if (!USES.includes(input.attemptedUse)) throw badInput(label, 'attemptedUse', `must be one of ${USES.join(', ')}, not ${input.attemptedUse}`);
    for (const field of ['lotNumber', 'lotStatus', 'attemptedBy'] as const) if (!input[field]?.trim()) throw badInput(label, field, 'must not be empty');
    const result = await this.refusals.transaction(async (manager) => {
      const { refusal, inserted } = await this.refusals.insertIfAbsent(
        {
          refusalId: input.refusalId, lotId: input.lotId, lotNumber: input.lotNumber.trim(), attemptedUse: input.attemptedUse as LotUsageRefusal['attemptedUse'],
          lotStatus: input.lotStatus.trim(), reference: input.reference?.trim() || null, attemptedBy: input.attemptedBy.trim(), attemptedAt: input.attemptedAt, recordedBy: actor.id,
        },
        manager,
      );
      if (!inserted) return refusal;
      await this.audit.record(manager, {
        actor, action: 'RECORD_USAGE_REFUSAL', entityType: 'LotUsageRefusal', entityId: refusal.refusalId,
        changes: { lotNumber: { new: refusal.lotNumber }, attemptedUse: { new: refusal.attemptedUse }, status: { new: refusal.lotStatus }, reference: { new: refusal.reference }, attemptedBy: { new: refusal.attemptedBy }, attemptedAt: { new: refusal.attemptedAt } },
        requestId,
      });
      await this.checks.refusalRecorded(refusal, { actor, requestId }, manager);
      return refusal;
    });
    this.checks.afterCommit();
    return result;
  }
}
