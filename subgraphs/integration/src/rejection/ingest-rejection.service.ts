import { createHash } from 'node:crypto';
import { AuditTrail, badInput, timeOrderedUuid, type Identity } from '@lotgraph/server';
import type { IngestProblem, IngestRejectionEntity } from './ingest-rejection.entity';
import type { IngestRejectionRepository } from './ingest-rejection.repository';

export interface RejectionInput {
  adapter: string;
  source: string;
  position: string;
  record: Record<string, unknown>;
  problems: Array<{ field?: string | null; value?: string | null; rule: string; reason: string }>;
  options?: Record<string, unknown> | null;
  idempotencyKey: string;
}

const MAX_PAGE = 1000;

/**
 * The adapters' dead-letter store: every record an adapter could not import, kept whole with its reasons, so
 * nothing sent is lost and it can be replayed after a fix. A record sent again (a re-sent file, a redelivered
 * message) changes nothing: its kept rejection is answered. Each rejection kept is audited.
 */
export class IngestRejectionService {
  constructor(
    private readonly rejections: IngestRejectionRepository,
    private readonly audit: AuditTrail,
  ) {}

  async record(inputs: RejectionInput[], actor: Identity, requestId: string | null): Promise<IngestRejectionEntity[]> {
    inputs.forEach((input, index) => {
      if (!input.problems.length) throw badInput('IngestRejection', `input[${index}].problems`, `the rejection of ${input.source} ${input.position} needs at least one reason`);
    });
    return this.rejections.transaction(async (manager) => {
      const kept: IngestRejectionEntity[] = [];
      for (const input of inputs) {
        const row = {
          id: timeOrderedUuid(),
          adapter: input.adapter,
          source: input.source,
          position: input.position,
          record: input.record,
          problems: input.problems.map((p): IngestProblem => ({ field: p.field ?? null, value: p.value ?? null, rule: p.rule, reason: p.reason })),
          options: input.options ?? {},
          idempotencyKey: input.idempotencyKey,
          receivedBy: actor.id,
          receivedAt: new Date(),
          requestId,
        };
        if (!(await this.rejections.insertIfAbsent(row, manager))) {
          kept.push(await this.rejections.findByKey(row.adapter, row.idempotencyKey, manager));
          continue;
        }
        await this.audit.record(manager, {
          actor,
          action: 'REJECT',
          entityType: 'IngestRejection',
          entityId: row.id,
          changes: {
            ingestAdapter: { new: row.adapter },
            ingestSource: { new: row.source },
            ingestPosition: { new: row.position },
            status: { new: 'OPEN' },
            recordHash: { new: createHash('sha256').update(JSON.stringify(row.record)).digest('hex') },
          },
          reason: row.problems.map((p) => p.reason).join('; '),
          requestId,
        });
        kept.push({ ...row, status: 'OPEN', replayedAt: null, replayedBy: null });
      }
      return kept;
    });
  }

  get(id: string): Promise<IngestRejectionEntity | null> {
    return this.rejections.findById(id);
  }

  list(filter: { adapter?: string | null; status?: 'OPEN' | 'REPLAYED' | null; first?: number | null }): Promise<IngestRejectionEntity[]> {
    const first = filter.first ?? 100;
    if (first < 1 || first > MAX_PAGE) throw badInput('Query.ingestRejections', 'first', `must be 1 to ${MAX_PAGE}, not ${first}`);
    return this.rejections.find({ adapter: filter.adapter, status: filter.status ?? 'OPEN', first });
  }
}
