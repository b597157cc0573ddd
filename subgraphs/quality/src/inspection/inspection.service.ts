import { GraphQLError } from 'graphql';
import { badInput, type GraphCaller, type Identity, type AuditTrail } from '@lotgraph/server';
import type { InspectionRepository } from './inspection.repository';
import type { InspectionEntity } from './inspection.entity';
import { validateInspectionInput, type InspectionFields, type RecordInspectionInput } from './inspection-input';
import type { LotLookupClient, LotRef } from '../lot/lot-lookup.client';
import { noLotRuleChecks, type LotRuleChecks } from '../lot-rule/lot-rule-checks';

export interface RecordInspectionRequest {
  input: RecordInspectionInput;
  actor: Identity;
  caller: GraphCaller;
  requestId: string;
}

/** What became of one result of a batch: recorded (or completed), found as it was, or refused with the reason. */
export interface InspectionOutcome {
  index: number;
  status: 'RECORDED' | 'UNCHANGED' | 'REFUSED';
  inspection: InspectionEntity | null;
  refusal: { code: string; field: string | null; reason: string } | null;
}

const MAX_BATCH = 1000;

/** The fields that make up a result: a resend must carry the same ones to be the same inspection. */
const RESULT_FIELDS = ['source', 'stage', 'required', 'result', 'measuredValue', 'unit', 'lowerLimit', 'upperLimit', 'attributeValue', 'specReference', 'inspectedBy'] as const;

export class InspectionService {
  constructor(
    private readonly inspections: InspectionRepository,
    private readonly lots: LotLookupClient,
    private readonly audit: AuditTrail,
    /** The lot rules (LIMS out of spec, CoA disagreement) a recorded result is judged by, in its transaction. */
    private readonly checks: LotRuleChecks = noLotRuleChecks,
  ) {}

  /** Checks the input, finds the lot through the graph, then records the inspection. */
  async record(request: RecordInspectionRequest): Promise<InspectionEntity> {
    const fields = validateInspectionInput(request.input, request.actor.id);
    const lot = await this.lots.find(fields.lotNumber, request.caller, 'record an inspection');
    return this.recordForLot(lot, fields, request.actor, request.requestId);
  }

  /**
   * The same inspection (lot, sample, test) sent again with the same result changes nothing. A PENDING
   * inspection is completed by its PASS or FAIL; a recorded PASS or FAIL is never changed: a retest is a new
   * sample.
   */
  async recordForLot(lot: LotRef, fields: InspectionFields, actor: Identity, requestId: string | null): Promise<InspectionEntity> {
    const { inspection } = await this.write(lot, fields, actor, requestId);
    this.checks.afterCommit();
    return inspection;
  }

  /**
   * Many results in one call (an adapter's batch): each recorded, or found unchanged, or refused with its reason,
   * on its own, so one bad row does not stop the others. Lots are looked up once per lot number.
   */
  async recordMany(requests: Omit<RecordInspectionRequest, 'input'> & { inputs: RecordInspectionInput[] }): Promise<InspectionOutcome[]> {
    if (requests.inputs.length > MAX_BATCH) throw badInput('Mutation.recordInspections', 'input', `at most ${MAX_BATCH} results a call, not ${requests.inputs.length}`);
    const lots = new Map<string, Promise<LotRef>>();
    const outcomes: InspectionOutcome[] = [];
    for (const [index, input] of requests.inputs.entries()) {
      try {
        const fields = validateInspectionInput(input, requests.actor.id);
        let lot = lots.get(fields.lotNumber);
        if (!lot) {
          lot = this.lots.find(fields.lotNumber, requests.caller, 'record an inspection');
          lots.set(fields.lotNumber, lot);
        }
        const written = await this.write(await lot, fields, requests.actor, requests.requestId);
        outcomes.push({ index, status: written.changed ? 'RECORDED' : 'UNCHANGED', inspection: written.inspection, refusal: null });
      } catch (err) {
        if (!(err instanceof GraphQLError)) throw err;
        const field = typeof err.extensions.field === 'string' ? err.extensions.field : null;
        outcomes.push({ index, status: 'REFUSED', inspection: null, refusal: { code: String(err.extensions.code ?? 'BAD_USER_INPUT'), field, reason: err.message } });
      }
    }
    this.checks.afterCommit();
    return outcomes;
  }

  private write(lot: LotRef, fields: InspectionFields, actor: Identity, requestId: string | null): Promise<{ inspection: InspectionEntity; changed: boolean }> {
    const key = { lotId: lot.id, source: fields.source, sampleId: fields.sampleId, testName: fields.testName };
    const row = {
      ...key,
      lotNumber: lot.lotNumber,
      materialCode: lot.materialCode ?? null,
      stage: fields.stage,
      required: fields.required,
      result: fields.result,
      measuredValue: fields.measuredValue,
      unit: fields.unit,
      attributeValue: fields.attributeValue,
      specReference: fields.specReference,
      lowerLimit: fields.lowerLimit,
      upperLimit: fields.upperLimit,
      inspectedBy: fields.inspectedBy,
      inspectedAt: fields.inspectedAt ?? new Date(),
      sourceAttributes: fields.sourceAttributes,
      recordedBy: actor.id,
      requestId,
    };
    return this.inspections.transaction(async (manager) => {
      let existing = await this.inspections.findByKeyForUpdate(key, manager);
      if (!existing) {
        if (await this.inspections.insertIfAbsent(row, manager)) {
          const created = (await this.inspections.findByKeyForUpdate(key, manager))!;
          await this.audit.record(manager, {
            actor,
            action: 'RECORD_INSPECTION',
            entityType: 'Inspection',
            entityId: created.id,
            changes: {
              ...Object.fromEntries(RESULT_FIELDS.map((field) => [field, { new: created[field] }])),
              inspectedAt: { new: created.inspectedAt },
              ...(created.sourceAttributes ? { sourceAttributes: { new: created.sourceAttributes } } : {}),
              ...(created.materialCode ? { materialCode: { new: created.materialCode } } : {}),
            },
            requestId,
          });
          await this.checks.inspectionRecorded(created, { actor, requestId }, manager);
          return { inspection: created, changed: true };
        }
        // Another request recorded it first.
        existing = (await this.inspections.findByKeyForUpdate(key, manager))!;
      }
      const differing: string[] = RESULT_FIELDS.filter((field) => existing[field] !== row[field]);
      if (fields.inspectedAt && existing.inspectedAt.getTime() !== fields.inspectedAt.getTime()) differing.push('inspectedAt');
      if (differing.length === 0) return { inspection: existing, changed: false };
      const what = `"${existing.testName}" on sample ${existing.sampleId} of lot ${existing.lotNumber}`;
      if (existing.result !== 'PENDING' || fields.result === 'PENDING') {
        throw badInput(
          'Inspection',
          differing[0],
          `${what} is already recorded as ${existing.result} by ${existing.recordedBy}; a recorded result is not changed: record a retest under a new sample id`,
        );
      }
      for (const field of ['source', 'stage', 'required'] as const) {
        if (existing[field] !== row[field]) {
          throw badInput('Inspection', field, `${what} was recorded as PENDING with ${field} ${existing[field]}; its result cannot change that`);
        }
      }
      // A result recorded PENDING before inspections kept their lot's material learns it when completed.
      const materialCode = existing.materialCode ?? row.materialCode;
      if (materialCode !== existing.materialCode) differing.push('materialCode');
      // The completed result is inspected when it says, or now: the time it takes is audited whenever it changes.
      if (!differing.includes('inspectedAt') && existing.inspectedAt.getTime() !== row.inspectedAt.getTime()) differing.push('inspectedAt');
      await this.audit.record(manager, {
        actor,
        action: 'COMPLETE_INSPECTION',
        entityType: 'Inspection',
        entityId: existing.id,
        changes: Object.fromEntries(differing.map((field) => [field, { old: existing[field as keyof typeof existing], new: row[field as keyof typeof row] }])),
        requestId,
      });
      // The source's own fields are kept as first sent: a completion does not change them.
      const completed = await this.inspections.save({ ...existing, ...row, materialCode, sourceAttributes: existing.sourceAttributes, id: existing.id, recordedAt: new Date() }, manager);
      await this.checks.inspectionRecorded(completed, { actor, requestId }, manager);
      return { inspection: completed, changed: true };
    });
  }
}
