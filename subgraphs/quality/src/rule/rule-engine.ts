import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AuditRecord, AuditTrail, Identity } from '@lotgraph/server';
import { byTimeThenId, seriesKey, type ReadingRepository, type SeriesPeriod, type TimedPoint } from '../reading/reading.repository';
import type { QualityRule } from './quality-rule.repository';
import type { RuleViolation, RuleViolationRepository } from './rule-violation.repository';
import { readingCheck, type Finding, type ReadingCheck, type SpecLimits } from './rule-evaluator';
import { DEFAULT_WINDOW_MINUTES, type RuleSettings } from './rule-kind';
import type { CentreLineSource } from '../spc/spc-input';
import { individualsLimits, type CentreLine } from '../spc/statistics';
import type { ViolationSink } from './violation-sink';

/** A reading stored in the current transaction, with the limits in force at its time. */
export interface StoredReading {
  id: string;
  value: number;
  measuredAt: Date;
  spec: SpecLimits | null;
}

/** Where a batch's new readings of one series lie in time, and the enabled rules of its parameter. */
export interface SeriesSpan {
  equipmentCode: string;
  parameter: string;
  from: Date;
  to: Date;
  rules: QualityRule[];
}

/** The readings of one series stored in the current transaction, and the enabled rules of its parameter. */
export interface SeriesBatch {
  equipmentCode: string;
  parameter: string;
  readings: StoredReading[];
  rules: QualityRule[];
}

/** Judges a batch once it is stored (in the transaction `prepare` read in): the violations of each reading, by id. */
export interface BatchJudging {
  judge(batches: readonly SeriesBatch[], actor: Identity, requestId: string | null): Promise<Map<string, RuleViolation[]>>;
}

/** A violation as a batch leaves it, and how it was before (null: found by this batch). */
interface Working {
  violation: RuleViolation;
  before: RuleViolation | null;
  rule: QualityRule;
  changed: boolean;
  /** The evidence once this batch extends it (a copy of `before`'s), as a set too: a long excursion joins thousands. */
  evidence?: Set<string>;
}

const windowMs = (rule: QualityRule) => (rule.settings.windowMinutes ?? DEFAULT_WINDOW_MINUTES) * 60_000;

/**
 * Judges the readings a transaction stored against every enabled rule of their parameter, series by series in
 * time order, each against the readings before it. A finding within a rule's window of a violation of the same
 * rule, equipment and parameter joins it as further evidence: a burst from one cause is one violation. The
 * history and the violations a batch can join are read once; each violation found or extended is written once,
 * audited once and passed to the sink once, in the same transaction.
 */
export class RuleEngine {
  constructor(
    private readonly violations: RuleViolationRepository,
    private readonly readings: ReadingRepository,
    private readonly sink: ViolationSink,
    private readonly audit: AuditTrail,
  ) {}

  /** The batch's transaction has committed (or ended): what its violations set off may start. */
  committed(): void {
    this.sink.afterCommit?.();
  }

  /**
   * Reads, before a batch is stored, what judging it needs: each series' stored history before and within the
   * span of its new readings, and the violations they could join (locked). Then `judge` the stored batch.
   */
  async prepare(spans: readonly SeriesSpan[], manager: EntityManager): Promise<BatchJudging> {
    const judged = spans.filter((s) => s.rules.length > 0);
    const rules = judged.flatMap((s) => s.rules);
    const rulesById = new Map(rules.map((r) => [r.id, r]));
    // Each rule made ready once a batch: its settings read here serve the history asked for and every judgement.
    const checks = new Map([...rulesById.values()].map((r) => [r.id, readingCheck(r.kind, r.settings)]));
    const history = await this.readings.windows(
      judged.map((s) => ({ equipmentCode: s.equipmentCode, parameter: s.parameter, from: s.from, to: s.to, before: Math.max(0, ...s.rules.map((r) => checks.get(r.id)!.lookBack)) })),
      manager,
    );
    const open = new Map<string, Working[]>();
    if (rules.length > 0) {
      for (const violation of await this.violations.openAround(judged, [...rulesById.keys()], Math.max(...rules.map(windowMs)), manager)) {
        const key = seriesKey(violation);
        open.set(key, [...(open.get(key) ?? []), { violation, before: violation, rule: rulesById.get(violation.ruleId)!, changed: false }]);
      }
    }
    return { judge: (batches, actor, requestId) => this.judge(batches, history, open, checks, actor, requestId, manager) };
  }

  /** The violations each stored reading (by id) is evidence of, as stored. */
  private async judge(
    batches: readonly SeriesBatch[],
    history: Map<string, TimedPoint[]>,
    open: Map<string, Working[]>,
    checks: Map<string, ReadingCheck>,
    actor: Identity,
    requestId: string | null,
    manager: EntityManager,
  ): Promise<Map<string, RuleViolation[]>> {
    const found = new Map<string, Working[]>();
    const judged = batches.filter((b) => b.readings.length > 0 && b.rules.length > 0);
    const checkOf = (rule: QualityRule) => checks.get(rule.id) ?? readingCheck(rule.kind, rule.settings);
    const charts = await this.charts(judged, checkOf, manager);
    for (const batch of judged) {
      const key = seriesKey(batch);
      const series = [...(history.get(key) ?? []), ...batch.readings].sort(byTimeThenId);
      const working = open.get(key) ?? [];
      open.set(key, working);
      const ruleChecks = batch.rules.map((rule) => ({ rule, check: checkOf(rule), chart: charts.get(chartKey(batch, rule)) ?? null }));
      const stored = new Map(batch.readings.map((r) => [r.id, r]));
      const values = series.map((p) => p.value);
      // Each check reads at most its lookBack readings before the one judged: a batch costs its readings times that.
      series.forEach((point, index) => {
        const reading = stored.get(point.id);
        if (!reading) return;
        for (const { rule, check, chart } of ruleChecks) {
          const finding = check.judge({ series, values, index, spec: reading.spec, chart });
          if (finding) found.set(reading.id, [...(found.get(reading.id) ?? []), this.join(working, rule, batch, reading, finding)]);
        }
      });
    }
    const saved = await this.save([...open.values()].flat().filter((w) => w.changed), actor, requestId, manager);
    return new Map([...found].map(([readingId, joined]) => [readingId, joined.map((w) => saved.get(w.violation.id)!)]));
  }

  /** The violation this finding joins (extended in memory), or a new one. */
  private join(working: Working[], rule: QualityRule, series: SeriesBatch, reading: StoredReading, finding: Finding): Working {
    const at = reading.measuredAt.getTime();
    const w = windowMs(rule);
    const open = working
      .filter((v) => v.rule.id === rule.id && v.violation.firstAt.getTime() - w <= at && v.violation.lastAt.getTime() + w >= at)
      .sort((a, b) => b.violation.lastAt.getTime() - a.violation.lastAt.getTime())[0];
    if (open) {
      if (!open.evidence) {
        open.violation = { ...open.violation, evidence: [...open.violation.evidence] };
        open.evidence = new Set(open.violation.evidence);
      }
      const v = open.violation;
      if (reading.measuredAt < v.firstAt) v.firstAt = reading.measuredAt;
      if (reading.measuredAt > v.lastAt) v.lastAt = reading.measuredAt;
      for (const id of finding.evidence) {
        if (open.evidence.has(id)) continue;
        open.evidence.add(id);
        v.evidence.push(id);
      }
      v.detail = finding.detail;
      open.changed = true;
      return open;
    }
    const now = new Date();
    const created: Working = {
      violation: {
        id: randomUUID(), ruleId: rule.id, equipmentCode: series.equipmentCode, parameter: series.parameter, firstAt: reading.measuredAt, lastAt: reading.measuredAt,
        evidence: [...finding.evidence], detail: finding.detail, createdAt: now, updatedAt: now,
      },
      evidence: new Set(finding.evidence),
      before: null,
      rule,
      changed: true,
    };
    working.push(created);
    return created;
  }

  /**
   * The centre line and σ of each series' rules that need one, by chartKey: given, or from a baseline window as
   * stored now (this batch included). Every baseline window of the batch is read in one query, each once however
   * many rules share it, and its limits are computed once.
   */
  private async charts(batches: readonly SeriesBatch[], checkOf: (rule: QualityRule) => ReadingCheck, manager: EntityManager): Promise<Map<string, CentreLine | null>> {
    const charts = new Map<string, CentreLine | null>();
    const windowOfChart = new Map<string, string>();
    const windows = new Map<string, SeriesPeriod>();
    for (const batch of batches) {
      for (const rule of batch.rules.filter((r) => checkOf(r).needsChart)) {
        const source = storedCentreLine(rule.settings);
        if (source.from === 'GIVEN') charts.set(chartKey(batch, rule), { centre: source.centre, sigma: source.sigma });
        if (source.from !== 'BASELINE') continue;
        const window = `${seriesKey(batch)}\u0000${source.baselineFrom.toISOString()}\u0000${source.baselineTo.toISOString()}`;
        windows.set(window, { equipmentCode: batch.equipmentCode, parameter: batch.parameter, from: source.baselineFrom, to: source.baselineTo, includeTo: false });
        windowOfChart.set(chartKey(batch, rule), window);
      }
    }
    const keys = [...windows.keys()];
    const read = await this.readings.readingsIn([...windows.values()], manager);
    const limits = new Map(keys.map((window, i) => [window, individualsLimits(read[i].map((p) => p.value))]));
    for (const [chart, window] of windowOfChart) charts.set(chart, limits.get(window)!);
    return charts;
  }

  private async save(changed: Working[], actor: Identity, requestId: string | null, manager: EntityManager): Promise<Map<string, RuleViolation>> {
    const stored = await this.violations.save(
      changed.filter((w) => !w.before).map((w) => w.violation),
      changed.filter((w) => w.before).map((w) => w.violation),
      manager,
    );
    const byId = new Map(stored.map((v) => [v.id, v]));
    await this.audit.recordMany(manager, changed.map((w): AuditRecord => {
      const v = byId.get(w.violation.id)!;
      if (!w.before) {
        return {
          actor, action: 'FIND_RULE_VIOLATION', entityType: 'RuleViolation', entityId: v.id,
          changes: { rule: { new: w.rule.code }, equipmentCode: { new: v.equipmentCode }, parameter: { new: v.parameter }, evidence: { new: v.evidence }, detail: { new: v.detail } },
          requestId,
        };
      }
      // What changed, and only the evidence added: a long violation's whole evidence list is not repeated each time.
      const before = w.before;
      const known = new Set(before.evidence);
      const changedTime = (name: 'firstAt' | 'lastAt') => (before[name].getTime() !== v[name].getTime() ? { [name]: { old: before[name], new: v[name] } } : {});
      return {
        actor, action: 'EXTEND_RULE_VIOLATION', entityType: 'RuleViolation', entityId: v.id,
        changes: {
          addedEvidence: { new: v.evidence.filter((id) => !known.has(id)) },
          evidenceCount: { old: before.evidence.length, new: v.evidence.length },
          ...changedTime('firstAt'),
          ...changedTime('lastAt'),
          ...(before.detail !== v.detail ? { detail: { old: before.detail, new: v.detail } } : {}),
        },
        requestId,
      };
    }));
    for (const w of changed) await this.sink.violationFound({ violation: byId.get(w.violation.id)!, rule: w.rule, isNew: !w.before }, manager);
    return byId;
  }
}

/** A rule's chart on one series (a rule applies to every equipment that measures its parameter). */
const chartKey = (series: { equipmentCode: string; parameter: string }, rule: QualityRule): string => `${seriesKey(series)}\u0000${rule.id}`;

/**
 * Where a stored rule's centre line comes from. A rule defined now has one source or none (centreLineSource refuses
 * anything else); a rule stored before that keeps working as it was judged then: a full given centre line first,
 * else a full baseline window, else none.
 */
function storedCentreLine(settings: RuleSettings): CentreLineSource {
  const { centre, sigma, baselineFrom, baselineTo } = settings;
  if (centre !== undefined && sigma !== undefined) return { from: 'GIVEN', centre, sigma };
  if (baselineFrom && baselineTo) return { from: 'BASELINE', baselineFrom: new Date(baselineFrom), baselineTo: new Date(baselineTo) };
  return { from: 'READINGS' };
}
