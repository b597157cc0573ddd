import { ADAPTERS, type IngestProblem, type MappedRecord, type WriteOutcome } from '@lotgraph/adapters';
import { badInput, graphRequestAs, type AuditTrail, type GraphCaller, type GraphClient, type Identity } from '@lotgraph/server';
import type { IngestRejectionEntity } from './ingest-rejection.entity';
import type { IngestRejectionRepository } from './ingest-rejection.repository';

export type ReplayStatus = 'REPLAYED' | 'STILL_REFUSED' | 'ALREADY_REPLAYED';

const MAX_IDS = 1000;

/**
 * Replays kept records after a fix: each is read again through its adapter with the options it came with, and the
 * ones that map are written through the graph as the caller (validated, audited, contained as on first arrival).
 * A record imported, or found already there, is closed (REPLAYED); one still refused stays OPEN with its new
 * reasons. Both are audited.
 */
export class IngestReplayService {
  constructor(
    private readonly rejections: IngestRejectionRepository,
    private readonly audit: AuditTrail,
    private readonly graph: GraphClient,
  ) {}

  async replay(ids: string[], actor: Identity, caller: GraphCaller, requestId: string): Promise<Array<{ rejection: IngestRejectionEntity; status: ReplayStatus }>> {
    if (ids.length > MAX_IDS) throw badInput('Mutation.replayIngestRejections', 'ids', `at most ${MAX_IDS} a call, not ${ids.length}`);
    const found = new Map((await this.rejections.findByIds(ids)).map((row) => [row.id, row]));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw badInput('Mutation.replayIngestRejections', 'ids', `no kept record has the id ${missing.join(', ')}`);
    const rows = [...new Set(ids)].map((id) => found.get(id)!);
    const results = new Map<string, { problems: IngestProblem[] | null }>();
    const request = graphRequestAs(this.graph, caller);
    for (const [adapterName, group] of this.byAdapter(rows.filter((row) => row.status === 'OPEN'))) {
      const adapter = Object.hasOwn(ADAPTERS, adapterName) ? ADAPTERS[adapterName] : undefined;
      if (!adapter) {
        for (const row of group) results.set(row.id, { problems: [{ field: null, value: null, rule: 'adapter', reason: `no adapter "${adapterName}" in this version of LotGraph` }] });
        continue;
      }
      const mapped: Array<{ row: IngestRejectionEntity; record: MappedRecord<unknown> }> = [];
      for (const row of group) {
        const record = adapter.remap({ position: row.position, raw: row.record as Record<string, string> }, row.options);
        if (record.problems) results.set(row.id, { problems: record.problems });
        else mapped.push({ row, record });
      }
      const outcomes: WriteOutcome[] = mapped.length ? await adapter.write(request, mapped.map((m) => m.record.input)) : [];
      outcomes.forEach((outcome, i) => results.set(mapped[i].row.id, { problems: outcome.status === 'REFUSED' ? [outcome.problem] : null }));
    }
    return this.rejections.transaction(async (manager) => {
      const answered: Array<{ rejection: IngestRejectionEntity; status: ReplayStatus }> = [];
      for (const row of rows) {
        const result = results.get(row.id);
        if (!result) {
          answered.push({ rejection: row, status: 'ALREADY_REPLAYED' });
          continue;
        }
        const reasons = (problems: IngestProblem[]) => problems.map((p) => p.reason).join('; ');
        if (result.problems) {
          const before = reasons(row.problems);
          row.problems = result.problems.map((p) => ({ field: p.field, value: p.value, rule: p.rule, reason: p.reason }));
          await this.rejections.save(row, manager);
          await this.audit.record(manager, {
            actor,
            action: 'REPLAY_REFUSED',
            entityType: 'IngestRejection',
            entityId: row.id,
            changes: before === reasons(row.problems) ? {} : { ingestProblems: { old: before, new: reasons(row.problems) } },
            reason: reasons(row.problems),
            requestId,
          });
          answered.push({ rejection: row, status: 'STILL_REFUSED' });
          continue;
        }
        const now = new Date();
        Object.assign(row, { status: 'REPLAYED', replayedAt: now, replayedBy: actor.id });
        await this.rejections.save(row, manager);
        await this.audit.record(manager, {
          actor,
          action: 'REPLAY',
          entityType: 'IngestRejection',
          entityId: row.id,
          changes: { status: { old: 'OPEN', new: 'REPLAYED' }, replayedAt: { new: now }, replayedBy: { new: actor.id } },
          requestId,
        });
        answered.push({ rejection: row, status: 'REPLAYED' });
      }
      return answered;
    });
  }

  private byAdapter(rows: IngestRejectionEntity[]): Map<string, IngestRejectionEntity[]> {
    const groups = new Map<string, IngestRejectionEntity[]>();
    for (const row of rows) groups.set(row.adapter, [...(groups.get(row.adapter) ?? []), row]);
    return groups;
  }
}
