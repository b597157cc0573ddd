import { judge } from '../src/effectiveness/effectiveness-evaluator';
import { planAuthors, planGap } from '../src/capa/plan-approval.service';
import { assertCanMove } from '../src/capa/capa-status';
import { similarity } from '../src/knowledge/similar-capa.service';
import type { CapaEntity } from '../src/capa/capa.entity';
import type { CapaRecord } from '../src/capa/capa-record';
import type { EffectivenessCheckEntity } from '../src/effectiveness/effectiveness-check.entity';
import type { CapaActionEntity } from '../src/action/capa-action.entity';

const NOW = new Date('2026-12-03T12:00:00Z');
const LATER = new Date('2026-12-10T00:00:00Z');
const EARLIER = new Date('2026-12-01T00:00:00Z');

type Check = Parameters<typeof judge>[0];
const check = (over: Partial<Check> = {}): Check => ({ metric: { kind: 'VIOLATION_COUNT', ruleCode: 'R' }, comparison: 'AT_MOST', target: 0, minSamples: 30, verificationTo: LATER, ...over });
const figures = (value: number | null, sampleSize: number) => ({ value, sampleSize, exceptionNumbers: [] });

describe('judging an effectiveness check', () => {
  it('passes a violation count at most its target once the window holds enough readings, and not before', () => {
    expect(judge(check(), figures(0, 29), NOW)).toMatchObject({ status: 'PENDING', detail: '0 over 29 sample(s) so far; 30 needed before it is judged (target at most 0)' });
    expect(judge(check(), figures(0, 30), NOW)).toMatchObject({ status: 'PASS' });
  });

  it('fails a growing count at once when it exceeds an AT_MOST target, whatever the samples', () => {
    expect(judge(check(), figures(1, 3), NOW)).toMatchObject({ status: 'FAIL', detail: '1 over 3 sample(s) already exceeds the target (at most 0); a count only grows' });
    expect(judge(check({ metric: { kind: 'EXCEPTION_RECURRENCE', equipmentCode: 'IMM-01' } }), figures(1, 1), NOW).status).toBe('FAIL');
  });

  it('judges rates and capability only when the window has ended, however good they look before', () => {
    const cpk = check({ metric: { kind: 'CPK', equipmentCode: 'IMM-01', parameter: 'p' }, comparison: 'AT_LEAST', target: 1.33 });
    expect(judge(cpk, figures(2.1, 500), NOW).status).toBe('PENDING');
    expect(judge(cpk, figures(2.1, 500), LATER).status).toBe('PASS');
    expect(judge(cpk, figures(1.1, 500), LATER).status).toBe('FAIL');
    const rate = check({ metric: { kind: 'VIOLATION_RATE', ruleCode: 'R' }, target: 0.01 });
    expect(judge(rate, figures(0, 100), NOW).status).toBe('PENDING');
    expect(judge(rate, figures(0.02, 100), LATER)).toMatchObject({ status: 'FAIL', detail: '0.02 over 100 sample(s) in the window: misses the target (at most 0.01)' });
  });

  it('fails a window that ended without enough samples or without a value', () => {
    expect(judge(check(), figures(0, 12), LATER)).toMatchObject({ status: 'FAIL', detail: 'the window ended with 0 over 12 sample(s); 30 sample(s) are needed to show effectiveness' });
    const cpk = check({ metric: { kind: 'CPK', equipmentCode: 'IMM-01', parameter: 'p' }, comparison: 'AT_LEAST', target: 1.33, minSamples: 5 });
    expect(judge(cpk, figures(null, 40), LATER).status).toBe('FAIL');
  });

  it('judges a recurrence on the whole window, without a sample minimum', () => {
    const recurrence = check({ metric: { kind: 'EXCEPTION_RECURRENCE', equipmentCode: 'IMM-01' } });
    expect(judge(recurrence, figures(0, 0), NOW).status).toBe('PENDING');
    expect(judge(recurrence, figures(0, 0), LATER)).toMatchObject({ status: 'PASS', detail: '0 in the window: meets the target (at most 0)' });
  });
});

const capa = (over: Partial<CapaEntity> = {}): CapaEntity => ({
  id: 'c1', number: 'CAPA-2026-0100', title: 't', type: 'CORRECTIVE', status: 'INVESTIGATING', problemStatement: 'p', riskBefore: null, riskAfter: null, rootCause: null, rootCauseCategory: null,
  scope: { equipmentCodes: [], parameters: [], materialCodes: [], supplierCodes: [], lotNumbers: [] }, owner: 'qa.engineer', dueOn: '2027-01-01', createdBy: 'qa.engineer',
  planApprovedAt: null, planApprovedBy: null, effectivenessStartedAt: null, closedAt: null, closedBy: null, closingSummary: null, cancelledAt: null, cancelledBy: null, cancelReason: null,
  createdAt: EARLIER, updatedAt: EARLIER, ...over,
});
const action = (kind: CapaActionEntity['kind'], status: CapaActionEntity['status'], createdBy = 'qa.engineer') => ({ kind, status, createdBy }) as CapaActionEntity;
const effectivenessCheck = (over: Partial<EffectivenessCheckEntity> = {}) => ({ version: 1, verificationFrom: null, verificationTo: LATER, definedBy: 'qa.engineer', ...over }) as EffectivenessCheckEntity;
const record = (over: Partial<CapaRecord> = {}): CapaRecord => ({
  capa: capa(), sources: [], analyses: [{ recordedBy: 'qa.engineer' } as CapaRecord['analyses'][number]], actions: [action('CORRECTIVE', 'OPEN')], checks: [effectivenessCheck()], verdicts: [], ...over,
});

describe('what a plan needs before approval', () => {
  it('is ready with an analysis, an action of its type still to do and a check not yet judged that lies ahead', () => {
    expect(planGap(record(), NOW)).toBeNull();
  });

  it('names the first gap', () => {
    expect(planGap(record({ analyses: [] }), NOW)?.field).toBe('rootCauseAnalysis');
    expect(planGap(record({ actions: [action('PREVENTIVE', 'OPEN')] }), NOW)?.reason).toBe("a CORRECTIVE CAPA's plan needs a CORRECTIVE action still to carry out");
    // A revised plan whose corrective action was done before the check failed has nothing left to carry out.
    expect(planGap(record({ actions: [action('CORRECTIVE', 'DONE')] }), NOW)?.field).toBe('actions');
    expect(planGap(record({ checks: [] }), NOW)?.field).toBe('effectiveness');
    expect(planGap(record({ verdicts: [{ version: 1, result: { version: 1, status: 'FAIL' } } as CapaRecord['verdicts'][number]] }), NOW)?.reason).toBe('effectiveness check v1 already FAILed; define a new one for the revised plan');
    expect(planGap(record({ checks: [effectivenessCheck({ verificationFrom: EARLIER })] }), NOW)?.field).toBe('effectiveness.verificationFrom');
    expect(planGap(record({ checks: [effectivenessCheck({ verificationTo: EARLIER })] }), NOW)?.field).toBe('effectiveness.verificationTo');
  });

  it('counts as authors its owner, its opener and whoever wrote an analysis, an action or a check', () => {
    const authors = planAuthors(record({ capa: capa({ owner: 'qa.lead', createdBy: 'qa.engineer' }), actions: [action('CORRECTIVE', 'OPEN', 'qa.manager')] }));
    expect([...authors].sort()).toEqual(['qa.engineer', 'qa.lead', 'qa.manager']);
  });
});

describe('the CAPA workflow', () => {
  it('allows only its own steps, naming what is allowed', () => {
    expect(() => assertCanMove('CAPA-1', 'OPEN', 'PLAN_APPROVED')).toThrow('Capa CAPA-1.status: it is OPEN; it can move only to INVESTIGATING or CANCELLED, not to PLAN_APPROVED');
    expect(() => assertCanMove('CAPA-1', 'EFFECTIVENESS_CHECK', 'INVESTIGATING')).not.toThrow();
    expect(() => assertCanMove('CAPA-1', 'CLOSED', 'CANCELLED')).toThrow('Capa CAPA-1.status: it is CLOSED; it can move nowhere (it is closed), not to CANCELLED');
  });
});

describe('how alike two CAPAs are', () => {
  it('scores the root-cause category 3, equipment and material 2, parameter and supplier 1 each, and says why', () => {
    const mine = capa({ rootCauseCategory: 'MACHINE', scope: { equipmentCodes: ['IMM-01'], parameters: ['t'], materialCodes: ['M1', 'M2'], supplierCodes: ['S1'], lotNumbers: [] } });
    const earlier = capa({ number: 'CAPA-2026-0001', status: 'CLOSED', rootCause: 'Relay', rootCauseCategory: 'MACHINE', scope: { equipmentCodes: ['IMM-01'], parameters: [], materialCodes: ['M2'], supplierCodes: ['S1'], lotNumbers: [] } });
    const found = similarity(mine, earlier);
    expect(found.score).toBe(3 + 2 + 2 + 1);
    expect(found.reason).toBe('CAPA-2026-0001 (CLOSED: Relay) has the same root-cause category (MACHINE), the same equipment IMM-01, the same material M2, the same supplier S1');
    expect(similarity(mine, capa({ rootCauseCategory: 'METHOD' })).score).toBe(0);
  });
});
