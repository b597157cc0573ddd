import { lockKeyUntilCommit, type AuditTrail, type Identity } from '@lotgraph/server';
import type { SpecificationRepository } from '../specification/specification.repository';
import type { RuleEngine } from '../rule/rule-engine';
import type { RuleViolation } from '../rule/rule-violation.repository';
import type { EquipmentParameterRepository } from './equipment-parameter.repository';
import type { ReadingRepository } from './reading.repository';

/** A reading as an integration sends it: value and time as text, so a bad one is reported, not the whole call. */
export interface ReadingInput {
  readingId?: string | null;
  equipmentCode: string;
  parameter: string;
  value: string;
  measuredAt: string;
  productionOrder?: string | null;
  lotNumber?: string | null;
}

export type ReadingOutcome = 'ACCEPTED' | 'DUPLICATE' | 'REJECTED';

export interface ReadingResult {
  index: number;
  readingId: string | null;
  outcome: ReadingOutcome;
  reason: string | null;
  violations: RuleViolation[];
}

/** Readings may carry a clock a little ahead of ours; beyond this they are taken as a wrong clock. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

class Rejection extends Error {}

export class ReadingService {
  constructor(
    private readonly readings: ReadingRepository,
    private readonly catalogue: EquipmentParameterRepository,
    private readonly specs: SpecificationRepository,
    private readonly engine: RuleEngine,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Each reading on its own: accepted (stored and judged against the specification in force at its own time and
   * every enabled rule), a duplicate of an earlier reading id (nothing changes), or rejected (kept with the reason).
   */
  async record(inputs: readonly ReadingInput[], actor: Identity, requestId: string | null): Promise<ReadingResult[]> {
    const results: ReadingResult[] = [];
    try {
      for (const [index, input] of inputs.entries()) {
        const readingId = input.readingId?.trim() || null;
        try {
          results.push({ index, readingId, ...(await this.recordOne(input, readingId, actor, requestId)) });
        } catch (err) {
          if (!(err instanceof Rejection)) throw err;
          await this.reject(input, readingId, err.message, actor, requestId);
          results.push({ index, readingId, outcome: 'REJECTED', reason: err.message, violations: [] });
        }
      }
    } finally {
      // Each reading's transaction has ended; whatever its violations set off may start.
      this.engine.committed();
    }
    return results;
  }

  private async recordOne(input: ReadingInput, readingId: string | null, actor: Identity, requestId: string | null) {
    const equipmentCode = input.equipmentCode.trim();
    const parameter = input.parameter.trim();
    if (!equipmentCode) throw new Rejection('equipmentCode: required');
    if (!parameter) throw new Rejection('parameter: required');
    const value = input.value.trim() === '' ? NaN : Number(input.value);
    if (!Number.isFinite(value)) throw new Rejection(`value: "${input.value}" is not a number`);
    const measuredAt = new Date(input.measuredAt);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(input.measuredAt) || Number.isNaN(measuredAt.getTime())) {
      throw new Rejection(`measuredAt: "${input.measuredAt}" is not an ISO-8601 date and time`);
    }
    // Without Z or an offset the instant would depend on the server's time zone.
    if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(input.measuredAt.trim())) {
      throw new Rejection(`measuredAt: "${input.measuredAt}" has no time zone; end it with Z (UTC) or an offset such as +08:00`);
    }
    if (measuredAt.getTime() > Date.now() + FUTURE_TOLERANCE_MS) throw new Rejection(`measuredAt: ${input.measuredAt} is in the future`);
    const known = await this.catalogue.find(equipmentCode, parameter);
    if (!known) {
      throw new Rejection(
        (await this.catalogue.knowsEquipment(equipmentCode))
          ? `parameter: equipment ${equipmentCode} does not measure ${parameter}`
          : `equipmentCode: equipment ${equipmentCode} is unknown to the quality domain`,
      );
    }
    return this.readings.transaction(async (manager) => {
      // One writer per series at a time: rules read the series' recent history and its open violations.
      await lockKeyUntilCommit(manager, `quality.reading:${equipmentCode}:${parameter}`);
      if (readingId) {
        const earlier = await this.readings.findByReadingId(readingId, manager);
        if (earlier) {
          const same = earlier.equipmentCode === equipmentCode && earlier.parameter === parameter && earlier.value === value && earlier.measuredAt.getTime() === measuredAt.getTime();
          if (!same) throw new Rejection(`readingId: ${readingId} was already recorded with different content (${earlier.equipmentCode} ${earlier.parameter} ${earlier.value} at ${earlier.measuredAt.toISOString()})`);
          return { outcome: 'DUPLICATE' as const, reason: null, violations: [] };
        }
      }
      const spec = await this.specs.inForce(known.materialCode, known.operation, measuredAt, manager);
      const limits = spec?.parameters.find((p) => p.parameter === parameter) ?? null;
      const reading = await this.readings.insert(
        {
          readingId, equipmentCode, parameter, value, measuredAt, productionOrder: input.productionOrder?.trim() || null, lotNumber: input.lotNumber?.trim() || null,
          specificationId: limits ? spec!.id : null, recordedBy: actor.id, requestId,
        },
        manager,
      );
      await this.audit.record(manager, {
        actor, action: 'RECORD_READING', entityType: 'ProcessReading', entityId: reading.id,
        changes: {
          equipmentCode: { new: equipmentCode }, parameter: { new: parameter }, value: { new: value }, measuredAt: { new: measuredAt },
          ...(limits ? { specification: { new: `${spec!.specNumber}/${spec!.version}` } } : {}),
        },
        requestId,
      });
      const violations = await this.engine.judge(reading, limits, actor, requestId, manager);
      return { outcome: 'ACCEPTED' as const, reason: null, violations };
    });
  }

  private reject(input: ReadingInput, readingId: string | null, reason: string, actor: Identity, requestId: string | null): Promise<void> {
    return this.readings.transaction(async (manager) => {
      const id = await this.readings.insertRejected(
        { readingId, equipmentCode: input.equipmentCode, parameter: input.parameter, value: input.value, measuredAt: input.measuredAt, reason, recordedBy: actor.id, requestId },
        manager,
      );
      await this.audit.record(manager, {
        actor, action: 'REJECT_READING', entityType: 'RejectedReading', entityId: id,
        changes: { equipmentCode: { new: input.equipmentCode }, parameter: { new: input.parameter }, value: { new: input.value }, measuredAt: { new: input.measuredAt } },
        reason,
        requestId,
      });
    });
  }
}
