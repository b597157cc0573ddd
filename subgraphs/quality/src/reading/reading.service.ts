import { badInput, lockKeysUntilCommit, timeOrderedUuid, type AuditRecord, type AuditTrail, type Identity } from '@lotgraph/server';
import type { EntityManager } from 'typeorm';
import type { SpecificationRepository } from '../specification/specification.repository';
import type { QualityRuleRepository } from '../rule/quality-rule.repository';
import type { RuleEngine, SeriesBatch, SeriesSpan } from '../rule/rule-engine';
import type { RuleViolation } from '../rule/rule-violation.repository';
import type { EquipmentParameterRepository } from './equipment-parameter.repository';
import { seriesKey, type NewReading, type ReadingRepository } from './reading.repository';
import { MAX_READINGS_PER_CALL, parseReadingInput, readingIdTaken, sameContent, storable, type ParsedReading, type ReadingInput } from './reading-input';
import { IngestReferences, type LimitsInForce } from './ingest-references';

export type { ReadingInput } from './reading-input';

export type ReadingOutcome = 'ACCEPTED' | 'DUPLICATE' | 'REJECTED';

export interface ReadingResult {
  index: number;
  readingId: string | null;
  outcome: ReadingOutcome;
  reason: string | null;
  violations: RuleViolation[];
}

/** A well-formed reading of a series the catalogue knows, with the limits in force at its time. */
interface Candidate extends ParsedReading {
  inForce: LimitsInForce | null;
}

/** How a batch's readings fared; each reading has exactly one outcome. */
class Outcomes {
  readonly results = new Map<number, ReadingResult>();
  readonly rejections: Array<{ index: number; input: ReadingInput; readingId: string | null; reason: string }> = [];

  accept(r: ParsedReading, violations: RuleViolation[]): void {
    this.results.set(r.index, { index: r.index, readingId: r.readingId, outcome: 'ACCEPTED', reason: null, violations });
  }

  duplicate(r: ParsedReading): void {
    this.results.set(r.index, { index: r.index, readingId: r.readingId, outcome: 'DUPLICATE', reason: null, violations: [] });
  }

  reject(index: number, input: ReadingInput, reason: string): void {
    const readingId = typeof input.readingId === 'string' ? input.readingId.trim() || null : null;
    this.results.set(index, { index, readingId, outcome: 'REJECTED', reason, violations: [] });
    this.rejections.push({ index, input, readingId, reason });
  }
}

export class ReadingService {
  constructor(
    private readonly readings: ReadingRepository,
    private readonly catalogue: EquipmentParameterRepository,
    private readonly specs: SpecificationRepository,
    private readonly rules: QualityRuleRepository,
    private readonly engine: RuleEngine,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Each reading on its own: accepted (stored and judged against the specification in force at its own time and
   * every enabled rule), a duplicate of an earlier reading id (nothing changes), or rejected (kept with the reason).
   * Set-based: the batch is checked in memory, then stored, audited and judged in one transaction, each series
   * (equipment and parameter) in time order.
   */
  async record(inputs: readonly ReadingInput[], actor: Identity, requestId: string | null): Promise<ReadingResult[]> {
    if (inputs.length > MAX_READINGS_PER_CALL) {
      throw badInput('recordReadings', 'readings', `one call takes at most ${MAX_READINGS_PER_CALL.toLocaleString('en-US')} readings, not ${inputs.length.toLocaleString('en-US')}; send them in several calls`);
    }
    const outcomes = new Outcomes();
    const parsed: ParsedReading[] = [];
    const now = Date.now();
    inputs.forEach((input, index) => {
      const reading = parseReadingInput(input, index, now);
      if ('reason' in reading) outcomes.reject(index, input, reading.reason);
      else parsed.push(reading);
    });
    const references = await IngestReferences.load(parsed, { catalogue: this.catalogue, specs: this.specs, rules: this.rules });
    const candidates: Candidate[] = [];
    for (const reading of parsed) {
      const unknown = references.unknown(reading.equipmentCode, reading.parameter);
      if (unknown) outcomes.reject(reading.index, reading.input, unknown);
      else candidates.push({ ...reading, inForce: references.limitsAt(reading.equipmentCode, reading.parameter, reading.measuredAt) });
    }
    const { firsts, repeats } = splitRepeatedIds(candidates);
    if (firsts.length > 0) {
      try {
        await this.readings.transaction((manager) => this.store(firsts, references, outcomes, actor, requestId, manager));
      } finally {
        // The batch's transaction has ended; whatever its violations set off may start.
        this.engine.committed();
      }
    }
    for (const { reading, first } of repeats) {
      const firstOutcome = outcomes.results.get(first.index)!;
      if (!sameContent(reading, first)) outcomes.reject(reading.index, reading.input, readingIdTaken(reading.readingId!, first, reading));
      else if (firstOutcome.outcome === 'REJECTED') outcomes.reject(reading.index, reading.input, firstOutcome.reason!);
      else outcomes.duplicate(reading);
    }
    await this.keepRejected(outcomes.rejections, actor, requestId);
    return inputs.map((_, index) => outcomes.results.get(index)!);
  }

  /**
   * A call's readings in one transaction: each series locked (one writer per series at a time: rules read its
   * recent history and open violations), duplicates told apart, the rest stored in one statement, audited and
   * judged series by series. One transaction, not one per series: each commit waits for the log to reach the
   * disk, and the audit chain makes writers of the quality trail take turns anyway (BENCHMARKS.md).
   */
  private async store(candidates: Candidate[], references: IngestReferences, outcomes: Outcomes, actor: Identity, requestId: string | null, manager: EntityManager): Promise<void> {
    const series = new Map<string, { equipmentCode: string; parameter: string }>(candidates.map((c) => [seriesKey(c), c]));
    await lockKeysUntilCommit(manager, [...series.values()].map((s) => `quality.reading:${s.equipmentCode}:${s.parameter}`));
    // No lookup of earlier readingIds first: the insert skips the ones already stored, which are then told apart.
    const fresh = candidates.map((reading) => ({ ...reading, id: timeOrderedUuid() }));
    // The rows are built while the database reads the history: statements of one transaction queue in order.
    const preparing = this.engine.prepare(spans(fresh, references), manager);
    const batchId = timeOrderedUuid();
    const rows: NewReading[] = fresh.map((r) => ({
      id: r.id, readingId: r.readingId, equipmentCode: r.equipmentCode, parameter: r.parameter, value: r.value, measuredAt: r.measuredAt,
      productionOrder: r.productionOrder, lotNumber: r.lotNumber, specificationId: r.inForce?.spec.id ?? null, batchId, recordedBy: actor.id, requestId,
    }));
    const judging = await preparing;
    // Sealing the audit entry (hashing, CPU) while the database stores the readings: the insert is sent first.
    const turn = await this.audit.takeTurn(manager);
    const inserting = settled(this.readings.insertMany(rows, manager));
    await new Promise((resolve) => setImmediate(resolve));
    let entries = turn.seal([recordBatch(batchId, fresh, actor, requestId)]);
    let kept = fresh;
    if ((await inserting.result()) < fresh.length) {
      kept = await this.sortOutStoredBefore(fresh, outcomes, manager);
      // A call whose readings were all stored before (a redelivered message) changes nothing, and audits nothing.
      if (kept.length === 0) return;
      entries = turn.seal([recordBatch(batchId, kept, actor, requestId)]);
    }
    // Judged (CPU) while the database writes the entry; the violations' own writes queue behind it.
    const writing = turn.write(entries);
    writing.catch(() => undefined); // held until both are settled below, never unhandled meanwhile
    await new Promise((resolve) => setImmediate(resolve));
    const batches = new Map<string, SeriesBatch>();
    for (const r of kept) {
      const key = seriesKey(r);
      if (!batches.has(key)) batches.set(key, { equipmentCode: r.equipmentCode, parameter: r.parameter, rules: references.rulesFor(r.parameter), readings: [] });
      batches.get(key)!.readings.push({ id: r.id, value: r.value, measuredAt: r.measuredAt, spec: r.inForce?.limits ?? null });
    }
    // Both end before the transaction does, whichever fails: nothing of this call runs after its rollback.
    const [written, judged] = await Promise.allSettled([writing, judging.judge([...batches.values()], actor, requestId)]);
    if (written.status === 'rejected') throw written.reason;
    if (judged.status === 'rejected') throw judged.reason;
    const violations = judged.value;
    for (const r of kept) outcomes.accept(r, violations.get(r.id) ?? []);
  }

  /**
   * After an insert that left readings out: those this call stored, and for each one left out, whether its
   * readingId was stored before with the same content (a duplicate) or other content (rejected).
   */
  private async sortOutStoredBefore<R extends Candidate & { id: string }>(readings: R[], outcomes: Outcomes, manager: EntityManager): Promise<R[]> {
    const byReadingId = new Map((await this.readings.findByReadingIds(readings.flatMap((r) => (r.readingId ? [r.readingId] : [])), manager)).map((r) => [r.readingId!, r]));
    const kept: R[] = [];
    for (const reading of readings) {
      const row = reading.readingId ? byReadingId.get(reading.readingId) : undefined;
      if (!row || row.id === reading.id) kept.push(reading);
      else if (sameContent(row, reading)) outcomes.duplicate(reading);
      else outcomes.reject(reading.index, reading.input, readingIdTaken(reading.readingId!, row, reading));
    }
    return kept;
  }

  /**
   * Keeps what could not even be read as a reading (a message that is not JSON, an entry that is not an object)
   * as rejected readings with the reason, audited: an integration's input is never dropped silently.
   */
  async keepUnreadable(items: ReadonlyArray<{ input: Partial<Record<keyof ReadingInput, unknown>>; reason: string }>, actor: Identity, requestId: string | null): Promise<void> {
    await this.keepRejected(
      items.map(({ input, reason }, index) => ({ index, input: input as ReadingInput, readingId: typeof input.readingId === 'string' ? input.readingId.trim() || null : null, reason })),
      actor,
      requestId,
    );
  }

  /** Rejected readings kept with their reasons, in the order they came, and audited. */
  private async keepRejected(rejections: Outcomes['rejections'], actor: Identity, requestId: string | null): Promise<void> {
    if (rejections.length === 0) return;
    const rows = [...rejections].sort((a, b) => a.index - b.index).map(({ input, readingId, reason }) => ({
      readingId: storable(readingId), equipmentCode: storable(asText(input.equipmentCode)), parameter: storable(asText(input.parameter)),
      value: storable(asText(input.value)), measuredAt: storable(asText(input.measuredAt)), reason: storable(reason)!, recordedBy: actor.id, requestId,
    }));
    await this.readings.transaction(async (manager) => {
      const ids = await this.readings.insertRejectedMany(rows, manager);
      await this.audit.recordMany(manager, rows.map((r, i): AuditRecord => ({
        actor, action: 'REJECT_READING', entityType: 'RejectedReading', entityId: ids[i],
        changes: { equipmentCode: { new: r.equipmentCode }, parameter: { new: r.parameter }, value: { new: r.value }, measuredAt: { new: r.measuredAt } },
        reason: r.reason,
        requestId,
      })));
    });
  }
}

/** The columns of a ReadingBatch entry's rows. */
const BATCH_ENTRY_COLUMNS = ['id', 'readingId', 'equipmentCode', 'parameter', 'value', 'measuredAt', 'productionOrder', 'lotNumber', 'specification'];

/**
 * The audit entry of a call's stored readings: one entry (entity ReadingBatch, the id each reading keeps as its
 * batch) holding every reading with its values, rather than an entry per reading, which cost as much as storing the
 * readings twice (BENCHMARKS.md). The readings are append-only, so the entry stays their true record.
 */
function recordBatch(batchId: string, readings: ReadonlyArray<Candidate & { id: string }>, actor: Identity, requestId: string | null): AuditRecord {
  return {
    actor, action: 'RECORD_READINGS', entityType: 'ReadingBatch', entityId: batchId,
    changes: {
      readingCount: { new: readings.length },
      // Rows of plain values under their column names: a tenth of the hashing and storing of one object per reading.
      readings: {
        new: {
          columns: BATCH_ENTRY_COLUMNS,
          rows: readings.map((r) => [
            r.id, r.readingId, r.equipmentCode, r.parameter, r.value, r.measuredAt.toISOString(), r.productionOrder, r.lotNumber,
            r.inForce ? `${r.inForce.spec.specNumber}/${r.inForce.spec.version}` : null,
          ]),
        },
      },
    },
    requestId,
  };
}

/** Where each series' new readings lie in time. */
function spans(readings: readonly ParsedReading[], references: IngestReferences): SeriesSpan[] {
  const bySeries = new Map<string, SeriesSpan>();
  for (const r of readings) {
    const span = bySeries.get(seriesKey(r));
    if (!span) bySeries.set(seriesKey(r), { equipmentCode: r.equipmentCode, parameter: r.parameter, from: r.measuredAt, to: r.measuredAt, rules: references.rulesFor(r.parameter) });
    else {
      if (r.measuredAt < span.from) span.from = r.measuredAt;
      if (r.measuredAt > span.to) span.to = r.measuredAt;
    }
  }
  return [...bySeries.values()];
}

const asText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/**
 * The first reading of each readingId in the call goes on; a later one with the same id is a retry of it (a
 * duplicate when it says the same, rejected when not), judged once the first one's outcome is known.
 */
function splitRepeatedIds(candidates: Candidate[]): { firsts: Candidate[]; repeats: Array<{ reading: Candidate; first: Candidate }> } {
  const firstById = new Map<string, Candidate>();
  const firsts: Candidate[] = [];
  const repeats: Array<{ reading: Candidate; first: Candidate }> = [];
  for (const c of candidates) {
    const first = c.readingId ? firstById.get(c.readingId) : undefined;
    if (first) repeats.push({ reading: c, first });
    else {
      if (c.readingId) firstById.set(c.readingId, c);
      firsts.push(c);
    }
  }
  return { firsts, repeats };
}

/**
 * A statement started now and awaited later: its failure is held (never an unhandled rejection) and thrown when
 * its result is asked for, after the caller's own work in between.
 */
function settled<T>(promise: Promise<T>): { result(): Promise<T> } {
  const outcome = promise.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
  return {
    async result() {
      const done = await outcome;
      if (!done.ok) throw done.error;
      return done.value;
    },
  };
}
