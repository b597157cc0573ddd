import { contentHashOf } from '@lotgraph/server';
import type { Risk } from './capa.entity';
import { latest, verdictOf, type CapaRecord } from './capa-record';
import type { EffectivenessResult, EffectivenessStatus } from '../effectiveness/effectiveness-result';

const instant = (date: Date | string | null) => (date === null ? null : new Date(date).toISOString());

/**
 * What approving a plan signs: the problem and its risk, the sources, the root-cause analysis in force, the actions
 * as planned (not their completion) and the effectiveness check in force with its baseline.
 */
export function planContent(record: CapaRecord): object {
  const { capa } = record;
  const analysis = latest(record.analyses);
  const check = latest(record.checks);
  return {
    number: capa.number,
    type: capa.type,
    title: capa.title,
    problemStatement: capa.problemStatement,
    riskBefore: capa.riskBefore,
    owner: capa.owner,
    dueOn: capa.dueOn,
    sources: record.sources.map((s) => ({ kind: s.kind, exceptionId: s.exceptionId, reference: s.reference, description: s.description })),
    rootCauseAnalysis: analysis && {
      version: analysis.version, fiveWhys: analysis.fiveWhys, causes: analysis.causes, rootCauseKey: analysis.rootCauseKey, justification: analysis.justification,
    },
    actions: record.actions.map((a) => ({ sequence: a.sequence, kind: a.kind, description: a.description, owner: a.owner, dueOn: a.dueOn, changeRequests: a.changeRequests })),
    effectivenessCheck: check && {
      version: check.version, metric: check.metric, baselineFrom: instant(check.baselineFrom), baselineTo: instant(check.baselineTo), verificationFrom: instant(check.verificationFrom),
      verificationTo: instant(check.verificationTo), comparison: check.comparison, target: check.target, minSamples: check.minSamples,
      baselineValue: check.baselineValue, baselineSampleSize: check.baselineSampleSize,
    },
  };
}

export const planContentHash = (record: CapaRecord): string => contentHashOf(planContent(record));

/** The verdict a CAPA closes on, as its closing signature binds it. */
export interface ClosingVerdict {
  version: number;
  status: EffectivenessStatus;
  verificationValue: number | null;
}

/** What closing signs: the plan, each action's completion, the effectiveness verdict it closes on, the residual risk and summary. */
export interface Closing {
  riskAfter: Risk | null;
  summary: string | null;
  effectiveness: ClosingVerdict | null;
}

export function recordContent(record: CapaRecord, closing: Closing): object {
  return {
    plan: planContent(record),
    planApprovedBy: record.capa.planApprovedBy,
    completions: record.actions.map((a) => ({ sequence: a.sequence, status: a.status, evidence: a.completionEvidence, links: a.completionEvidenceLinks, completedBy: a.completedBy })),
    verificationStartedAt: instant(record.capa.effectivenessStartedAt),
    effectiveness: closing.effectiveness,
    riskAfter: closing.riskAfter,
    closingSummary: closing.summary,
  };
}

export const recordContentHash = (record: CapaRecord, closing: Closing): string => contentHashOf(recordContent(record, closing));

const verdict = (result: EffectivenessResult): ClosingVerdict => ({ version: result.version, status: result.status, verificationValue: result.verificationValue });

/** The record as it stands: a closed CAPA with the verdict it closed on; before closing, none yet. */
export function currentClosing(record: CapaRecord): Closing {
  const kept = record.capa.status === 'CLOSED' ? verdictOf(record, latest(record.checks)?.version ?? 0) : null;
  return { riskAfter: record.capa.riskAfter, summary: record.capa.closingSummary, effectiveness: kept && verdict(kept) };
}

/** What closing with this input, on this effectiveness result, would record. */
export const closingWith = (riskAfter: Risk, summary: string, result: EffectivenessResult): Closing => ({ riskAfter, summary, effectiveness: verdict(result) });
