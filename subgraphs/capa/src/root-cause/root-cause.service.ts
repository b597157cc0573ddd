import { badInput, canonicalJson, type AuditTrail, type StepRequest } from '@lotgraph/server';
import type { CapaEntity } from '../capa/capa.entity';
import type { CapaRepository } from '../capa/capa.repository';
import type { CapaRecordReader } from '../capa/capa-record';
import { latest } from '../capa/capa-record';
import { assertStatus } from '../capa/capa-status';
import type { CapaTransitions } from '../capa/capa-transitions';
import type { CapaEvents } from '../notification/capa-events';
import type { EffectivenessEvaluator } from '../effectiveness/effectiveness-evaluator';
import type { EffectivenessCheckRepository } from '../effectiveness/effectiveness-check.repository';
import type { RootCauseAnalysisRepository } from './root-cause-analysis.repository';
import type { FishboneCause, Why } from './root-cause-analysis.entity';
import { checkedEvidence } from './evidence';
import { validAnalysis, type RootCauseAnalysisInput } from './root-cause-input';
import type { EvidenceCheckClient } from './evidence-check.client';

/**
 * recordRootCauseAnalysis: a 5-Why chain and a fishbone, one cause chosen as the root cause, every evidence id
 * checked through the graph. The first analysis starts the investigation (OPEN → INVESTIGATING); a revision while
 * investigating is a new version; after a FAILed effectiveness check a new analysis reopens the investigation and
 * the plan must be approved again. Versions are kept, never changed.
 */
export class RootCauseService {
  constructor(
    private readonly capas: CapaRepository,
    private readonly analyses: RootCauseAnalysisRepository,
    private readonly records: CapaRecordReader,
    private readonly evidence: EvidenceCheckClient,
    private readonly checks: EffectivenessCheckRepository,
    private readonly evaluator: EffectivenessEvaluator,
    private readonly transitions: CapaTransitions,
    private readonly events: CapaEvents,
    private readonly audit: AuditTrail,
  ) {}

  async record(request: StepRequest<RootCauseAnalysisInput>): Promise<CapaEntity> {
    const { input, actor } = request;
    const number = input.capaNumber.trim();
    const label = `Capa ${number}`;
    const capa = await this.capas.require(number);
    assertStatus(number, capa.status, ['OPEN', 'INVESTIGATING', 'EFFECTIVENESS_CHECK'], 'a root-cause analysis');
    const { rootCauseKey, justification } = validAnalysis(label, input);

    const evidence = await checkedEvidence(this.evidence, label, [
      ...input.fiveWhys.map((why, i) => ({ field: `fiveWhys[${i}].evidence`, evidence: why.evidence })),
      ...input.causes.map((cause, i) => ({ field: `causes[${i}].evidence`, evidence: cause.evidence })),
    ], request.caller, `check the evidence of ${number}'s root-cause analysis`);
    const fiveWhys: Why[] = input.fiveWhys.map((why, i) => ({ question: why.question.trim(), answer: why.answer.trim(), evidence: evidence[i] }));
    const causes: FishboneCause[] = input.causes.map((cause, i) => ({ key: cause.key.trim(), category: cause.category, description: cause.description.trim(), evidence: evidence[input.fiveWhys.length + i] }));
    const rootCause = causes.find((cause) => cause.key === rootCauseKey)!;

    // A new investigation after the check failed: the failure is kept on the CAPA as the result of that check.
    const failed = capa.status === 'EFFECTIVENESS_CHECK' ? (await this.evaluator.evaluate(await this.records.read(capa), request.caller))?.result ?? null : null;
    if (capa.status === 'EFFECTIVENESS_CHECK' && failed?.status !== 'FAIL') {
      throw badInput(label, 'status', `it is EFFECTIVENESS_CHECK and its check is ${failed?.status ?? 'not defined'}; it goes back to investigation only after the check FAILs`);
    }

    const saved = await this.capas.transaction(async (manager) => {
      const current = (await this.capas.findByNumberForUpdate(number, manager))!;
      if (current.status !== capa.status) throw badInput(label, 'status', `it changed to ${current.status} while the analysis was being recorded; look at it again`);
      const earlier = await this.analyses.findByCapaIds([current.id], manager);
      const last = latest(earlier);
      const content = { fiveWhys, causes, rootCauseKey, justification };
      if (last && current.status === 'INVESTIGATING' && canonicalJson({ fiveWhys: last.fiveWhys, causes: last.causes, rootCauseKey: last.rootCauseKey, justification: last.justification }) === canonicalJson(content)) {
        return { capa: current, changed: false };
      }
      const version = (last?.version ?? 0) + 1;
      await this.analyses.insert({ capaId: current.id, version, ...content, recordedBy: actor.id }, manager);
      const changes = {
        analysisVersion: { old: last?.version ?? null, new: version },
        fiveWhys: { new: fiveWhys },
        causes: { new: causes },
        rootCause: { old: current.rootCause, new: rootCause.description },
        rootCauseCategory: { old: current.rootCauseCategory, new: rootCause.category },
        justification: { new: justification },
      };
      const set = { rootCause: rootCause.description, rootCauseCategory: rootCause.category };
      if (current.status === 'INVESTIGATING') {
        const updated = await this.capas.save({ ...current, ...set }, manager);
        await this.audit.record(manager, { actor, action: 'REVISE_ROOT_CAUSE_ANALYSIS', entityType: 'Capa', entityId: number, changes, requestId: request.requestId });
        return { capa: updated as CapaEntity, changed: false };
      }
      const reopening = current.status === 'EFFECTIVENESS_CHECK';
      if (reopening) await this.checks.keepVerdict(current.id, failed!, manager);
      const moved = await this.transitions.move(manager, current, {
        to: 'INVESTIGATING', actor, requestId: request.requestId,
        action: reopening ? 'REOPEN_INVESTIGATION' : 'RECORD_ROOT_CAUSE_ANALYSIS',
        set: reopening ? { ...set, planApprovedAt: null, planApprovedBy: null, effectivenessStartedAt: null } : set,
        changes: reopening
          ? {
            ...changes, effectivenessResult: { new: failed }, planApprovedAt: { old: current.planApprovedAt, new: null }, planApprovedBy: { old: current.planApprovedBy, new: null },
            effectivenessStartedAt: { old: current.effectivenessStartedAt, new: null },
          }
          : changes,
        detail: reopening
          ? `${number}: its effectiveness check failed (${failed!.detail}); ${actor.id} reopened the investigation (analysis v${version}): the plan must be approved again`
          : `${number}: ${actor.id} recorded the root-cause analysis (${rootCause.category}: ${rootCause.description})`,
      });
      return { capa: moved, changed: true };
    });
    if (saved.changed) this.events.deliverSoon();
    return saved.capa;
  }
}
